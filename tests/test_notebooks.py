"""Every notebook in lessons/ and solutions/ runs from a fresh kernel under nbval.

* lessons run with ``--nbval`` (saved outputs, if any, are compared after the
  sanitize rules in tests/nbval-sanitize.cfg; the kit saves notebooks stripped);
* solutions run in strict mode (``PEACEKIT_STRICT=1``), so a wrong solution's
  check raises and the test fails;
* a FutureWarning or DeprecationWarning raised by notebook code or by peacekit
  fails the run: the kernel is a separate process that ``pytest -W`` cannot
  reach, so the kernel gets an IPython startup file that turns those warnings
  into errors (proved below with notebooks that must fail).

Incidents these prevent: a pandas or altair upgrade that deprecates a call
used in a lesson (the most common way course notebooks break); a solution
notebook whose answer no longer matches the data after a re-coding; an
``Output`` widget whose content leaks into nbval's outputs.
"""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest

from nbhelpers import notebook_params, run_nbval

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("path", notebook_params("lessons"))
def test_lesson_runs(path: Path, ipython_dir: Path):
    run = run_nbval(path, ipython_dir=ipython_dir, strict=False)
    assert run.passed, f"{path.name} failed under nbval:\n{run.output[-6000:]}"


@pytest.mark.parametrize("path", notebook_params("solutions"))
def test_solution_runs_strict(path: Path, ipython_dir: Path):
    run = run_nbval(path, ipython_dir=ipython_dir, strict=True)
    assert run.passed, f"{path.name} failed under nbval in strict mode:\n{run.output[-6000:]}"


def _notebook(tmp_path: Path, name: str, *sources: str) -> Path:
    nb = nbformat.v4.new_notebook()
    nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    nb.cells = [nbformat.v4.new_code_cell(s) for s in sources]
    path = tmp_path / name
    nbformat.write(nb, path)
    return path


@pytest.mark.parametrize(
    "code",
    [
        'import warnings\nwarnings.warn("old API", DeprecationWarning)',
        'import warnings\nwarnings.warn("changing soon", FutureWarning)',
    ],
    ids=["DeprecationWarning", "FutureWarning"],
)
def test_deprecation_warning_in_a_notebook_fails(tmp_path: Path, ipython_dir: Path, code: str):
    path = _notebook(tmp_path, "warns.ipynb", "x = 1", code)
    run = run_nbval(path, ipython_dir=ipython_dir, strict=False)
    assert not run.passed, f"a notebook raising a deprecation warning passed:\n{run.output[-3000:]}"
    assert "Warning" in run.output


def test_clean_notebook_passes_the_same_harness(tmp_path: Path, ipython_dir: Path):
    """Control for the test above: the harness itself does not fail every notebook."""
    path = _notebook(tmp_path, "clean.ipynb", "import peacekit as pk\npk.setup()", "x = 1\nx")
    run = run_nbval(path, ipython_dir=ipython_dir, strict=True)
    assert run.passed, run.output[-3000:]


def test_strict_mode_fails_a_wrong_answer(tmp_path: Path, ipython_dir: Path):
    path = _notebook(tmp_path, "wrong.ipynb", "from peacekit.checks import check", 'check("0.1", -1)')
    assert run_nbval(path, ipython_dir=ipython_dir, strict=False).passed
    run = run_nbval(path, ipython_dir=ipython_dir, strict=True)
    assert not run.passed and "ExerciseNotPassed" in run.output
