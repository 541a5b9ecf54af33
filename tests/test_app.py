"""The projector app apps/compare-claims.ipynb: well-formed, and it runs headless.

The notebook is executed with nbclient in a fresh kernel (deprecation
warnings from notebook code or peacekit are errors there, as in the lesson
runs). It must finish without an error output, each widget cell must display
a widget, and the widget state must hold the views the app is for: claim
cards, the stance-matrix chart and the term explorer's chart. The browser
side (Voilà draws it and it responds) is tests/browser/test_voila.py.
"""

from __future__ import annotations

import json
from typing import Any

import nbformat
import pytest

from nbhelpers import ROOT, kernel_env, make_ipython_dir

APP = ROOT / "apps" / "compare-claims.ipynb"
WIDGET_MIME = "application/vnd.jupyter.widget-view+json"
WIDGET_CALLS = ("pk.compare_widget(", "pk.stance_matrix_widget(", "pk.term_explorer_widget(")


@pytest.fixture(scope="module")
def app() -> nbformat.NotebookNode:
    """The app notebook as saved in the repository."""
    return nbformat.read(APP, as_version=4)


@pytest.fixture(scope="module")
def executed(tmp_path_factory: pytest.TempPathFactory, app: nbformat.NotebookNode) -> nbformat.NotebookNode:
    """The app executed headless in a fresh kernel (a copy; the file is not changed)."""
    from nbclient import NotebookClient

    work = tmp_path_factory.mktemp("app")
    ipython_dir = make_ipython_dir(work / "ipython")
    nb = nbformat.from_dict(json.loads(json.dumps(app)))
    client = NotebookClient(
        nb,
        timeout=300,
        kernel_name="python3",
        resources={"metadata": {"path": str(work)}},
        store_widget_state=True,
        allow_errors=True,
    )
    client.execute(env=kernel_env(ipython_dir, strict=False))
    return nb


def _code_cells(nb: nbformat.NotebookNode) -> list[Any]:
    return [c for c in nb.cells if c.cell_type == "code"]


def test_app_notebook_is_well_formed(app: nbformat.NotebookNode) -> None:
    nbformat.validate(app)
    meta = app.metadata.get("peacekit", {})
    assert meta.get("app") == "compare-claims" and meta.get("title") and meta.get("description")
    first = app.cells[0]
    assert first.cell_type == "markdown" and first.source.lstrip().startswith("# ")
    assert "voila" in first.source.lower(), "the first cell says how to serve the app"
    code = _code_cells(app)
    assert code[0].source.splitlines()[0] == "import peacekit as pk"
    assert "pk.setup()" in code[0].source
    sources = "\n".join(c.source for c in code)
    for call in WIDGET_CALLS[:2]:
        assert call in sources, f"the app shows {call}...)"
    for cell in code:
        assert not cell.outputs and cell.execution_count is None, "outputs are stripped"
    for cell in app.cells:
        assert not cell.metadata.get("tags"), "no hidden or special cells"
    assert "widgets" not in app.metadata, "saved widget state is stripped"


@pytest.mark.slow
def test_app_runs_headless_and_shows_its_widgets(executed: nbformat.NotebookNode) -> None:
    errors = [
        f"{o.get('ename')}: {o.get('evalue')}"
        for c in _code_cells(executed)
        for o in c.outputs
        if o.output_type == "error"
    ]
    assert not errors, errors
    stderr = [o.text for c in _code_cells(executed) for o in c.outputs if o.get("name") == "stderr"]
    assert not any("Warning" in t or "Error" in t for t in stderr), stderr

    for call in WIDGET_CALLS:
        cells = [c for c in _code_cells(executed) if call in c.source]
        if not cells:
            continue
        views = [o for o in cells[0].outputs if o.output_type == "execute_result" and WIDGET_MIME in o.data]
        assert views, f"{call}...) displayed no widget"

    state = executed.metadata["widgets"]["application/vnd.jupyter.widget-state+json"]["state"]
    models = list(state.values())
    names = {m["model_name"] for m in models}
    assert {"VBoxModel", "DropdownModel", "SelectMultipleModel", "HTMLModel"} <= names, names
    html = "\n".join(str(m["state"].get("value", "")) for m in models if m["model_name"] == "HTMLModel")
    assert 'class="pk-card"' in html, "claim cards are shown"
    assert "Showing " in html, "the count line is shown"
    # the charts: alt.JupyterChart anywidgets with a Vega-Lite spec
    specs = [m["state"].get("spec") for m in models if isinstance(m["state"].get("spec"), dict)]
    assert len(specs) >= 2, "the stance matrix and the term explorer each draw a chart"
    assert all("$schema" in s and "vega-lite" in s["$schema"] for s in specs)
