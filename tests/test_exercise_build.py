"""`make exercises` never overwrites a student's work in exercises/.

Incident this prevents: ``make exercises`` rewrote every ``exercises/*.ipynb``
whose text differed from the generated one, so a student's filled-in notebook
was replaced by the blank exercise.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import nbformat
import pytest

from nbhelpers import ROOT

_spec = importlib.util.spec_from_file_location("generate_exercises_build", ROOT / "tools" / "generate_exercises.py")
assert _spec is not None and _spec.loader is not None
gen = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(gen)


@pytest.fixture
def kit(tmp_path: Path) -> Path:
    """A tiny repository: one solution notebook, its exercise generated."""
    sol = nbformat.v4.new_notebook()
    sol.cells = [nbformat.v4.new_code_cell("### BEGIN SOLUTION\nanswer = 2\n### END SOLUTION"),
                 nbformat.v4.new_code_cell('check("0.1", answer)')]
    (tmp_path / "solutions").mkdir()
    nbformat.write(sol, tmp_path / "solutions" / "99-x.ipynb")
    assert gen.main(["--root", str(tmp_path)]) == 0
    return tmp_path


def _exercise(kit: Path) -> Path:
    return kit / "exercises" / "99-x.ipynb"


def _change_solution(kit: Path) -> None:
    path = kit / "solutions" / "99-x.ipynb"
    nb = nbformat.read(path, as_version=4)
    nb.cells.append(nbformat.v4.new_markdown_cell("A new question."))
    nbformat.write(nb, path)


def test_generated_notebook_carries_the_hash_of_its_text(kit: Path):
    text = _exercise(kit).read_text(encoding="utf-8")
    assert gen.HASH_KEY in text and gen.touched(text) is None


def test_a_filled_in_exercise_stays_byte_identical(kit: Path, capsys: pytest.CaptureFixture[str]):
    path = _exercise(kit)
    path.write_bytes(path.read_bytes().replace(b"answer = ...", b"answer = 2"))
    before = path.read_bytes()
    _change_solution(kit)  # the solution changed too: the exercise is stale, yet must stay
    assert gen.main(["--root", str(kit)]) == 0
    assert path.read_bytes() == before
    out = capsys.readouterr().out
    assert "skipped exercises/99-x.ipynb: its content differs" in out and "--force" in out
    assert not path.with_name("99-x.ipynb.bak").exists()


def test_a_run_and_saved_exercise_stays_byte_identical(kit: Path, capsys: pytest.CaptureFixture[str]):
    path = _exercise(kit)
    nb = nbformat.read(path, as_version=4)
    nb.cells[1].outputs = [nbformat.v4.new_output("stream", text="❌ Exercise 0.1 not yet\n")]
    nb.cells[1].execution_count = 2
    nbformat.write(nb, path)
    before = path.read_bytes()
    _change_solution(kit)
    assert gen.main(["--root", str(kit)]) == 0
    assert path.read_bytes() == before
    assert "saved outputs" in capsys.readouterr().out


def test_force_keeps_a_bak_then_replaces(kit: Path):
    path = _exercise(kit)
    path.write_bytes(path.read_bytes().replace(b"answer = ...", b"answer = 2"))
    edited = path.read_bytes()
    _change_solution(kit)
    assert gen.main(["--root", str(kit), "--force"]) == 0
    assert path.with_name("99-x.ipynb.bak").read_bytes() == edited
    assert path.read_text(encoding="utf-8") == gen.generate(kit / "solutions" / "99-x.ipynb")


def test_an_untouched_stale_exercise_is_rebuilt(kit: Path):
    _change_solution(kit)
    assert gen.main(["--root", str(kit)]) == 0
    assert _exercise(kit).read_text(encoding="utf-8") == gen.generate(kit / "solutions" / "99-x.ipynb")


def test_an_exercise_written_before_the_hash_is_rebuilt(kit: Path):
    path = _exercise(kit)
    nb = nbformat.read(path, as_version=4)
    del nb.metadata["peacekit"][gen.HASH_KEY]
    path.write_text(gen.render(nb), encoding="utf-8")
    assert gen.touched(path.read_text(encoding="utf-8")) is not None
    assert gen.main(["--root", str(kit)]) == 0
    assert path.read_text(encoding="utf-8") == gen.generate(kit / "solutions" / "99-x.ipynb")


def test_the_kits_exercises_are_untouched():
    for path in sorted((ROOT / "exercises").glob("*.ipynb")):
        assert gen.touched(path.read_text(encoding="utf-8")) is None, path.name
