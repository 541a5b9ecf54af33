"""Build the course as an offline static web site in _site/ (``make site``).

* ``index.html``: the course table from README.md, each lesson linked to its page;
* ``lessons/NN-….html``: each lesson executed with its outputs (charts as
  inline SVG with their descriptions, widgets as static snapshots under the
  note "Interactive in JupyterLab"), by ``python -m peacekit export``'s
  functions (:mod:`peacekit.export`);
* ``glossary.html`` and ``teacher-guide.html``: docs/glossary.md and
  docs/teacher-guide.md (Markdown → HTML with mistune, which comes with
  nbconvert).

Every page carries a Content-Security-Policy that forbids loading anything
(no scripts, fonts or requests): the site works from a folder or a USB stick,
with no network. ``--lessons 00 01`` builds only those lessons (the other
course-table rows are then not linked). See docs/charts.md.

    python tools/build_site.py [--out _site] [--lessons NN ...]
"""

from __future__ import annotations

import argparse
import html
import re
import shutil
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from peacekit.export import execute, notebook_title, notebook_to_html, page  # noqa: E402

DOCS = {"glossary.md": "glossary.html", "teacher-guide.md": "teacher-guide.html"}


def course_table(readme: str) -> list[tuple[str, list[str]]]:
    """The rows of the README's course table (the table whose header starts ``| lesson |``)."""
    lines = readme.splitlines()
    rows: list[tuple[str, list[str]]] = []
    header: list[str] | None = None
    for line in lines:
        if header is None:
            if re.match(r"^\|\s*lesson\s*\|", line):
                header = [c.strip() for c in line.strip().strip("|").split("|")]
            continue
        if not line.startswith("|"):
            break
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if set("".join(cells)) <= set("-: "):
            continue
        rows.append((cells[0], cells))
    return [(first, [*(header or []), "\0", *cells]) for first, cells in rows]


def markdown(text: str) -> str:
    from nbconvert.filters.markdown_mistune import markdown2html_mistune

    return markdown2html_mistune(text)


def rewrite_links(body: str, *, lessons: dict[str, str], prefix: str) -> str:
    """Point links at .ipynb lessons and the Markdown docs to their pages in the site."""

    def fix(match: re.Match[str]) -> str:
        target = html.unescape(match.group(1))
        name, _, anchor = target.partition("#")
        base = name.rsplit("/", 1)[-1]
        if base in lessons:
            new = f"{prefix}lessons/{lessons[base]}"
        elif base in DOCS:
            new = f"{prefix}{DOCS[base]}"
        else:
            return match.group(0)
        return f'href="{html.escape(new + ("#" + anchor if anchor else ""))}"'

    return re.sub(r'href="([^"]+)"', fix, body)


def nav(prefix: str, title: str = "") -> str:
    links = [("index.html", "Course"), ("glossary.html", "Glossary"), ("teacher-guide.html", "Teacher guide")]
    items = "".join(f'<a href="{prefix}{href}">{label}</a>' for href, label in links)
    note = f'<span style="color:#555"> · {html.escape(title)}</span>' if title else ""
    return f'<nav class="pk-nav" aria-label="Site">{items}{note}</nav>\n'


def build(out: Path, only: list[str] | None = None, *, timeout: int = 600) -> list[str]:
    """Build the site into ``out``; return problems (cells that raised)."""
    problems: list[str] = []
    lesson_paths = sorted((ROOT / "lessons").glob("[0-9][0-9]-*.ipynb"))
    if only:
        lesson_paths = [p for p in lesson_paths if p.name[:2] in only]
    if out.exists():
        shutil.rmtree(out)
    (out / "lessons").mkdir(parents=True)
    pages = {p.name: p.stem + ".html" for p in lesson_paths}

    for path in lesson_paths:
        started = time.perf_counter()
        nb, errors = execute(path, timeout=timeout)
        problems += [f"{path.name}: {e}" for e in errors]
        body = rewrite_links(notebook_to_html(nb), lessons=pages, prefix="../")
        title = notebook_title(nb, path.stem)
        (out / "lessons" / pages[path.name]).write_text(page(title, body, nav=nav("../", title)), encoding="utf-8")
        print(f"  {path.name}: {time.perf_counter() - started:.1f} s", flush=True)

    for source, target in DOCS.items():
        text = (ROOT / "docs" / source).read_text(encoding="utf-8")
        body = rewrite_links(markdown(text), lessons=pages, prefix="")
        title = re.search(r"^#\s+(.+)$", text, re.MULTILINE)
        name = title.group(1).strip() if title else source
        (out / target).write_text(page(name, body, nav=nav("", name)), encoding="utf-8")

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    heading = re.search(r"^#\s+(.+)$", readme, re.MULTILINE)
    rows = []
    for first, cells in course_table(readme):
        number = first.split()[0] if first.split() else ""
        match = next((p for p in lesson_paths if p.name.startswith(number + "-")), None)
        label = html.escape(first)
        cell = f'<a href="lessons/{pages[match.name]}">{label}</a>' if match else label
        data = cells[cells.index("\0") + 1:]
        rows.append(f"<tr><td>{cell}</td>" + "".join(f"<td>{html.escape(c)}</td>" for c in data[1:]) + "</tr>")
    header_cells = course_table(readme)[0][1][: course_table(readme)[0][1].index("\0")] if rows else ["lesson"]
    thead = "".join(f"<th>{html.escape(c)}</th>" for c in header_cells)
    intro = (
        "<p>The lessons of the course, run once with their outputs. Charts are pictures here and widgets "
        "show their first state: to use the controls, open the lessons in JupyterLab (<code>make lab</code>).</p>"
    )
    home = (
        f"<h1>{html.escape(heading.group(1).strip() if heading else 'peacekit')}</h1>\n{intro}\n"
        f'<table class="pk-course"><thead><tr>{thead}</tr></thead><tbody>{"".join(rows)}</tbody></table>\n'
        '<p><a href="glossary.html">Glossary</a> · <a href="teacher-guide.html">Teacher guide</a></p>'
    )
    (out / "index.html").write_text(page("peacekit — the course", home, nav=nav("")), encoding="utf-8")
    return problems


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Build the offline course site.")
    parser.add_argument("--out", default=str(ROOT / "_site"), help="output folder (default _site/)")
    parser.add_argument("--lessons", nargs="*", help="lesson numbers to build (default: all), e.g. 00 01")
    parser.add_argument("--timeout", type=int, default=600, help="seconds a cell may run")
    args = parser.parse_args(argv)
    out = Path(args.out)
    print(f"building the site into {out} …", flush=True)
    problems = build(out, args.lessons, timeout=args.timeout)
    for problem in problems:
        print(f"note: {problem}")
    print(f"done: open {out / 'index.html'}")
    return 1 if problems else 0


if __name__ == "__main__":
    raise SystemExit(main())
