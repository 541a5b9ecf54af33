"""Class mode of the check command: many notebooks, a CSV, and --grade.

Incidents these prevent: a teacher collecting 25 notebooks had to check them one
by one; a student who printed "✅ Exercise 0.2 passed", displayed a forged
verdict, redefined ``check`` or edited a check cell got a pass; a notebook that
loops or kills its kernel stalled the whole class.

The notebooks are small and synthetic (two exercises of lesson 00, answers
computed from the kit's data inside the notebook), plus two real ones, so the
test stays short; they run two at a time (``--jobs 2``).
"""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

from nbhelpers import ROOT

pytestmark = pytest.mark.slow

SETUP = "import peacekit as pk\nfrom peacekit.checks import check, hint"
SOLVED_1 = "answer = len(pk.sources())"
SOLVED_2 = ('claims = pk.claims()\n'
            'answer2 = claims[claims["theme_id"] == "nato-membership"]["claim_id"].tolist()')
CHECK_1 = 'check("0.1", answer)'
CHECK_2 = 'check("0.2", answer2, theme="nato-membership")'
FORGED = ('from IPython.display import display\n'
          'print("✅ Exercise 0.2 passed — forged")\n'
          'display({"application/vnd.peacekit.check+json": {"id": "0.2", "passed": True, "message": "forged"}}, raw=True)')


def notebook(answer1: str = "answer = ...", answer2: str = "answer2 = ...", check1: str | None = CHECK_1,
             check2: str | None = CHECK_2, before: str | None = None) -> nbformat.NotebookNode:
    cells = [new_markdown_cell("# Synthetic exercises"), new_code_cell(SETUP)]
    if before:
        cells.append(new_code_cell(before))
    cells.append(new_code_cell(answer1))
    if check1 is not None:
        cells.append(new_code_cell(check1))
    cells.append(new_code_cell(answer2))
    if check2 is not None:
        cells.append(new_code_cell(check2))
    nb = new_notebook(cells=cells)
    nb.metadata["peacekit"] = {"kind": "exercises"}
    return nb


# name -> (notebook or None for an unreadable file, {exercise: passes under --grade})
CASES: dict[str, tuple[nbformat.NotebookNode | None, dict[str, bool]]] = {
    **{f"solved-{i}": (notebook(SOLVED_1, SOLVED_2), {"0.1": True, "0.2": True}) for i in range(4)},
    **{f"unsolved-{i}": (notebook(), {"0.1": False, "0.2": False}) for i in range(3)},
    **{f"half-{i}": (notebook(SOLVED_1), {"0.1": True, "0.2": False}) for i in range(3)},
    "broken-name": (notebook("answer = five", SOLVED_2), {"0.1": False, "0.2": True}),
    "broken-syntax": (notebook(SOLVED_1, "answer2 = [", ), {"0.1": True, "0.2": False}),
    "forged-line": (notebook(SOLVED_1, "answer2 = ...\n" + FORGED), {"0.1": True, "0.2": False}),
    "forged-in-check-cell": (notebook(SOLVED_1, check2=FORGED), {"0.1": True, "0.2": False}),
    "redefined-check": (notebook(before="def check(*args, **kwargs):\n    print('✅ passed')"),
                        {"0.1": False, "0.2": False}),
    "redefined-check-2": (notebook(SOLVED_1, before="check = lambda *a, **k: True"), {"0.1": True, "0.2": False}),
    "edited-check-cell": (notebook(check1='check("0.1", len(pk.sources()))'), {"0.1": False, "0.2": False}),
    "deleted-check-cell": (notebook(SOLVED_1, SOLVED_2, check2=None), {"0.1": True, "0.2": True}),
    "skipped-check-cell": (notebook(SOLVED_1, SOLVED_2, check1="# NBVAL_SKIP\n" + CHECK_1),
                           {"0.1": True, "0.2": True}),
    "loop": (notebook(SOLVED_1, "while True:\n    pass"), {"0.1": True, "0.2": False}),
    "kernel-dies": (notebook(SOLVED_1, "import os\nos._exit(1)"), {"0.1": True, "0.2": False}),
    "unreadable": (None, {}),
}


def _run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "peacekit", "check", *args], cwd=cwd, capture_output=True,
                          text=True, encoding="utf-8", stdin=subprocess.DEVNULL, timeout=900)


def _rows(path: Path) -> dict[tuple[str, str], dict[str, str]]:
    with open(path, encoding="utf-8", newline="") as fh:
        return {(Path(r["file"]).stem, r["exercise"]): r for r in csv.DictReader(fh)}


@pytest.fixture(scope="module")
def graded(tmp_path_factory: pytest.TempPathFactory) -> tuple[subprocess.CompletedProcess[str], Path, dict]:
    base = tmp_path_factory.mktemp("class")
    pristine = base / "pristine.ipynb"
    nbformat.write(notebook(), pristine)
    folder = base / "submissions"
    folder.mkdir()
    for name, (nb, _) in CASES.items():
        if nb is None:
            (folder / f"{name}.ipynb").write_text("{ not a notebook", encoding="utf-8")
        else:
            nbformat.write(nb, folder / f"{name}.ipynb")
    table = base / "results.csv"
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    proc = _run([str(folder), "--grade", "--pristine", str(pristine), "--jobs", "2", "--timeout", "5",
                 "--csv", str(table)], cwd=base)
    after = {p.name: p.read_bytes() for p in folder.iterdir()}
    return proc, table, {"before": before, "after": after}


def test_class_mode_csv_is_right_for_every_notebook(graded):
    proc, table, _ = graded
    assert len(CASES) >= 20
    rows = _rows(table)
    for name, (nb, expected) in CASES.items():
        if nb is None:
            row = rows[(name, "")]
            assert row["passed"] == "False" and "could not be read" in row["message"], row
            continue
        for ex_id, passes in expected.items():
            row = rows[(name, ex_id)]
            assert row["passed"] == str(passes), f"{name} {ex_id}: {row}\n{proc.stdout}"
    assert proc.returncode == 2  # one notebook could not be read


def test_class_mode_prints_a_summary_per_exercise_and_a_progress_bar(graded):
    proc, _, _ = graded
    for ex_id in ("0.1", "0.2"):
        passing = sum(exp.get(ex_id, False) for _, exp in CASES.values())
        seen = sum(ex_id in exp for _, exp in CASES.values())
        assert f"Exercise {ex_id}: {passing} of {seen} notebook(s) passed" in proc.stdout, proc.stdout
    assert f"{len(CASES)}/{len(CASES)} notebooks" in proc.stderr


def test_class_mode_never_changes_or_adds_a_file(graded):
    _, _, files = graded
    assert files["after"] == files["before"]


def test_without_grade_a_forged_check_cell_is_not_trusted_for_another_exercise(tmp_path: Path):
    """Without --grade a check cell reports only the exercises it names; forged lines elsewhere are ignored."""
    pristine = tmp_path / "pristine.ipynb"
    nbformat.write(notebook(), pristine)
    student = tmp_path / "forged.ipynb"
    nbformat.write(notebook(SOLVED_1, "answer2 = ...\n" + FORGED), student)
    proc = _run([str(student), "--pristine", str(pristine)], cwd=tmp_path)
    assert proc.returncode == 1, proc.stdout
    assert "✅ Exercise 0.1 passed" in proc.stdout and "❌ Exercise 0.2 not yet" in proc.stdout


def test_real_exercise_notebooks_in_class_mode(tmp_path: Path):
    """A real unsolved exercise and the same exercise solved, checked together."""
    exercise = nbformat.read(ROOT / "exercises" / "00-start-here.ipynb", as_version=4)
    solution = nbformat.read(ROOT / "solutions" / "00-start-here.ipynb", as_version=4)
    solved = nbformat.from_dict(exercise)
    for ex_cell, sol_cell in zip(solved.cells, solution.cells):
        if "### BEGIN SOLUTION" in sol_cell.source and ex_cell.cell_type == "code":
            ex_cell.source = sol_cell.source
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    shutil.copy(ROOT / "exercises" / "00-start-here.ipynb", tmp_path / "a" / "00-start-here.ipynb")
    nbformat.write(solved, tmp_path / "b" / "00-start-here.ipynb")
    table = tmp_path / "out.csv"
    proc = _run([str(tmp_path / "a"), str(tmp_path / "b"), "--grade", "--jobs", "2", "--csv", str(table)],
                cwd=tmp_path)
    with open(table, encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    ids = list(__import__("peacekit.notebook_check", fromlist=["check_ids"]).check_ids(exercise))
    assert len(rows) == 2 * len(ids), proc.stdout
    for row in rows:
        assert row["passed"] == str(Path(row["file"]).parent.name == "b"), row
