"""``python -m peacekit export NOTEBOOK --html OUTFILE``: a lesson as one offline web page.

The notebook is executed in a fresh kernel with ``PEACEKIT_STATIC=1``, so
``pk.setup()`` makes every chart display as inline SVG with its text
description (rendered by vl-convert, offline) and every widget as a static
snapshot under the note "Interactive in JupyterLab" (:mod:`peacekit.static`).
nbconvert's ``basic`` template turns the executed notebook into HTML, which is
wrapped in a page with its own style sheet and a Content-Security-Policy that
forbids loading anything: the file works from a USB stick, with no network.
``make site`` builds the course site with the same functions
(``tools/build_site.py``).
"""

from __future__ import annotations

import argparse
import html
import os
import re
from contextlib import contextmanager
from pathlib import Path
from typing import Any, Iterator

__all__ = ["execute", "main", "notebook_to_html", "page", "page_css", "PAGE_CSS"]

#: No script, font, frame or request of any kind: only inline styles and data: images.
CSP = "default-src 'none'; img-src data:; style-src 'unsafe-inline'"

PAGE_CSS = """
body { font-family: system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; line-height: 1.5;
       color: #111; margin: 0; background: #fff; }
nav.pk-nav { background: #f3f3f3; border-bottom: 1px solid #ccc; padding: 0.5em 1em; }
nav.pk-nav a { margin-right: 1em; }
main.pk-page { max-width: 60rem; margin: 0 auto; padding: 1em; }
.jp-Cell, .cell { margin: 0.6em 0; }
.jp-InputPrompt, .jp-OutputPrompt, .prompt { display: none; }
.highlight, pre { background: #f7f7f7; padding: 0.5em; overflow-x: auto; border-radius: 3px; font-size: 0.9em; }
.output_area pre, .jp-OutputArea pre { background: none; }
table { border-collapse: collapse; margin: 0.5em 0; max-width: 100%; }
td { overflow-wrap: anywhere; }
a.anchor-link { display: none; }
th, td { border: 1px solid #ccc; padding: 0.25em 0.5em; vertical-align: top; }
td { text-align: left; white-space: normal; max-width: 40em; }
figure.pk-chart svg { max-width: 100%; height: auto; }
.pk-static-widget { border: 1px solid #bbb; border-radius: 4px; padding: 0.5em 0.8em; margin: 0.5em 0; }
.pk-static-note { font-style: italic; color: #444; margin: 0 0 0.4em 0; }
.pk-static-label { font-weight: 600; }
@media print { nav.pk-nav { display: none; } main.pk-page { max-width: none; }
               figure.pk-chart, table, .pk-static-widget { break-inside: avoid; }
               th, td { overflow-wrap: anywhere; font-size: 0.85em; } }
"""


@contextmanager
def _static_env() -> Iterator[None]:
    old = os.environ.get("PEACEKIT_STATIC")
    os.environ["PEACEKIT_STATIC"] = "1"
    try:
        yield
    finally:
        if old is None:
            os.environ.pop("PEACEKIT_STATIC", None)
        else:
            os.environ["PEACEKIT_STATIC"] = old


def execute(path: str | Path, *, timeout: int = 600) -> tuple[Any, list[str]]:
    """Run a notebook in a fresh kernel in static mode; return it and the errors its cells raised."""
    import nbformat
    from nbclient import NotebookClient

    path = Path(path)
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(
        nb,
        timeout=timeout,
        kernel_name="python3",
        allow_errors=True,
        resources={"metadata": {"path": str(path.parent.resolve())}},
    )
    with _static_env():
        client.execute()
    errors = []
    for index, cell in enumerate(nb.cells, start=1):
        for out in cell.get("outputs", []):
            if out.get("output_type") == "error":
                errors.append(f"cell {index}: {out.get('ename')}: {out.get('evalue')}")
    nb.metadata.pop("widgets", None)  # no widget state: the page has no scripts
    return nb, errors


def notebook_to_html(nb: Any) -> str:
    """The body HTML of an executed notebook (nbconvert's ``basic`` template)."""
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(template_name="basic")
    exporter.exclude_input_prompt = True
    exporter.exclude_output_prompt = True
    body, _ = exporter.from_notebook_node(nb)
    return body


#: The pygments colour scheme of the code cells.
PYGMENTS_STYLE = "default"


def _pygments_css() -> str:
    from pygments.formatters import HtmlFormatter

    return HtmlFormatter(style=PYGMENTS_STYLE).get_style_defs(".highlight")


def page_css() -> str:
    """The page's style sheet: :data:`PAGE_CSS`, the kit's ``pk-`` classes and the code colours."""
    from peacekit.style import css

    return f"{PAGE_CSS}\n{css()}\n{_pygments_css()}"


def page(title: str, body: str, *, nav: str = "") -> str:
    """A complete offline HTML page around ``body``."""
    return (
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n"
        f'<meta http-equiv="Content-Security-Policy" content="{CSP}">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"<title>{html.escape(title)}</title>\n<style>{page_css()}</style>\n</head>\n<body>\n"
        f"{nav}<main class=\"pk-page\">\n{body}\n</main>\n</body>\n</html>\n"
    )


def notebook_title(nb: Any, fallback: str) -> str:
    meta = nb.metadata.get("peacekit", {}) if hasattr(nb, "metadata") else {}
    if meta.get("title"):
        lesson = meta.get("lesson")
        return f"{lesson} — {meta['title']}" if lesson is not None else str(meta["title"])
    for cell in nb.cells:
        if cell.cell_type == "markdown":
            match = re.search(r"^#\s+(.+)$", cell.source, re.MULTILINE)
            if match:
                return match.group(1).strip()
    return fallback


def export_html(notebook: str | Path, outfile: str | Path, *, timeout: int = 600, nav: str = "",
                link_map: dict[str, str] | None = None) -> list[str]:
    """Execute ``notebook`` and write it as one offline page; return the cells' errors."""
    nb, errors = execute(notebook, timeout=timeout)
    body = notebook_to_html(nb)
    for old, new in (link_map or {}).items():
        body = body.replace(f'href="{old}', f'href="{new}')
    Path(outfile).write_text(page(notebook_title(nb, Path(notebook).stem), body, nav=nav), encoding="utf-8")
    return errors


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m peacekit export",
        description="Execute a notebook and write it as one self-contained, offline HTML page "
        "(charts as SVG, widgets as static snapshots).",
    )
    parser.add_argument("notebook", help="the .ipynb file to run and export")
    parser.add_argument("--html", required=True, metavar="OUTFILE", help="the .html file to write")
    parser.add_argument("--timeout", type=int, default=600, help="seconds a cell may run (default 600)")
    args = parser.parse_args(argv)
    source = Path(args.notebook)
    if source.suffix != ".ipynb" or not source.is_file():
        print(f"{source} is not a notebook file (.ipynb) that exists; give the path of a lesson, "
              "e.g. lessons/01-war-and-talks-in-dates.ipynb.")
        return 2
    out = Path(args.html)
    if not out.parent.is_dir():
        print(f"The folder {out.parent} does not exist; create it or choose another place for {out.name}.")
        return 2
    try:
        errors = export_html(source, out, timeout=args.timeout)
    except Exception as exc:  # noqa: BLE001 - one sentence, not a traceback
        print(f"Could not export {source}: {type(exc).__name__}: {exc}")
        return 1
    print(f"wrote {out} ({out.stat().st_size // 1024} KiB)")
    for error in errors:
        print(f"note: {error}")
    return 1 if errors else 0
