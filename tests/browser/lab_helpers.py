"""Helpers for driving JupyterLab 4 with Playwright (used with tests/browser/conftest.py).

``from lab_helpers import open_notebook, run_all, wait_idle, output_of`` in a browser test.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

KERNELSPEC = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}}

CHART_SELECTOR = ".jp-OutputArea-output .vega-embed canvas, .jp-OutputArea-output .vega-embed svg.marks"


def write_lab_notebook(root: Path, name: str, cells: list[Any]) -> str:
    """Write a notebook of ``cells`` (nbformat cells) for the Python 3 kernel into ``root``; return ``name``."""
    import nbformat
    from nbformat.v4 import new_notebook

    nbformat.write(new_notebook(cells=cells, metadata=KERNELSPEC), Path(root) / name)
    return name


def open_notebook(page: Any, server: Any, path: str) -> None:
    """Open ``path`` (relative to the server root) in a fresh workspace and wait for its kernel.

    ``?reset`` drops any restored tabs; the app is exposed as ``window.jupyterapp``
    (``--LabApp.expose_app_in_browser``) so commands can be run directly.
    """
    page.goto(server.url_for(f"lab/tree/{path}", reset=""))
    page.wait_for_function("() => window.jupyterapp && window.jupyterapp.shell", timeout=90_000)
    page.locator(".jp-NotebookPanel .jp-Notebook .jp-Cell").first.wait_for(timeout=90_000)
    wait_kernel_idle(page)


def wait_kernel_idle(page: Any, *, timeout: int = 120_000) -> None:
    """Wait until the current notebook's kernel exists and is idle."""
    page.wait_for_function(
        """() => {
            const w = window.jupyterapp.shell.currentWidget;
            const k = w && w.sessionContext && w.sessionContext.session && w.sessionContext.session.kernel;
            return !!k && k.status === 'idle';
        }""",
        timeout=timeout,
    )


def run_command(page: Any, command: str) -> None:
    """Execute a JupyterLab command by id (e.g. ``runmenu:run-all``)."""
    page.evaluate("cmd => window.jupyterapp.commands.execute(cmd)", command)


def run_all(page: Any, *, timeout: int = 240_000) -> None:
    """Run every cell (``runmenu:run-all``) and wait until each code cell has a number."""
    run_command(page, "runmenu:run-all")
    page.wait_for_function(
        """() => {
            const prompts = [...document.querySelectorAll('.jp-NotebookPanel:not(.lm-mod-hidden) .jp-CodeCell .jp-InputPrompt')];
            return prompts.length > 0 && prompts.every(p => /\\[\\d+\\]/.test(p.textContent));
        }""",
        timeout=timeout,
    )
    wait_kernel_idle(page, timeout=timeout)


def errors_in_outputs(page: Any) -> list[str]:
    """Text of every error output (tracebacks) in the open notebook."""
    return page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr'], .jp-RenderedText[data-mime-type='application/vnd.jupyter.error']").all_inner_texts()


def code_cell(page: Any, contains: str) -> Any:
    """The code cell whose input contains ``contains`` (a Playwright locator)."""
    return page.locator(".jp-CodeCell").filter(has=page.locator(".jp-InputArea", has_text=re.compile(re.escape(contains)))).first


def until_changed(page: Any, read: Callable[[], str], before: str, *, timeout: float = 30) -> str:
    """``read()`` until it no longer gives ``before`` (or ``timeout`` seconds pass); its last answer.

    For two views a widget updates with two messages: one has changed, wait for the other.
    """
    deadline = time.monotonic() + timeout
    now = read()
    while now == before and time.monotonic() < deadline:
        page.wait_for_timeout(100)
        now = read()
    return now
