"""The exercise pipeline: the check framework, the generator and the check command.

Incidents these tests prevent:

* a check cell that shows a traceback when a student passes ``None``, a
  string, an empty table or an object whose ``__eq__`` raises (the framework
  must answer with a sentence, always one line);
* a pass line that claims more than was checked ("all tests passed");
* exercises/ drifting from solutions/ after someone edits a solution;
* the nbval trap: a student runs an unsolved notebook and saves it (the
  "not yet" output becomes nbval's reference), or clears the outputs and
  saves (nothing left to compare), and gets a pass. The check command must
  fail both, for every exercise notebook, and pass the solved one.
"""

from __future__ import annotations

import hashlib
import importlib
import json
import os
import re
import shutil
import sys
import time
from pathlib import Path

import nbformat
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nbhelpers import ROOT, notebook_params, notebooks, run_check_command

sys.path.insert(0, str(ROOT / "tools"))
import generate_exercises as gen  # noqa: E402

from peacekit.checks import core  # noqa: E402
from peacekit.checks import check, hint  # noqa: E402
from peacekit.checks.core import (  # noqa: E402
    ExerciseNotPassed,
    choice_problem,
    frame_problem,
    ids_problem,
    number_problem,
)
from peacekit.notebook_check import check_ids  # noqa: E402

LINE = re.compile(r"^(✅ Exercise \d+\.\d+ passed — \S.*|❌ Exercise \S+ not yet — \S.*)$")


def _lesson_modules() -> list[str]:
    return sorted(p.stem for p in (ROOT / "peacekit" / "checks").glob("lesson[0-9][0-9].py"))


def _all_exercises() -> dict[str, core.Exercise]:
    for name in _lesson_modules():
        importlib.import_module(f"peacekit.checks.{name}")
    return core.registered()


def _one_line(capsys: pytest.CaptureFixture[str]) -> str:
    out = capsys.readouterr().out
    lines = out.splitlines()
    assert len(lines) == 1, f"a check must print exactly one line, printed: {out!r}"
    assert LINE.match(lines[0]), f"unexpected check line: {lines[0]!r}"
    return lines[0]



# ----------------------------------------------------------------- framework


class Evil:
    """An object on which every dunder a checker might touch raises."""

    def __eq__(self, other: object) -> bool:
        raise RuntimeError("eq")

    def __ne__(self, other: object) -> bool:
        raise RuntimeError("ne")

    def __len__(self) -> int:
        raise RuntimeError("len")

    def __iter__(self):
        raise RuntimeError("iter")

    def __repr__(self) -> str:
        raise RuntimeError("repr")

    def __str__(self) -> str:
        raise RuntimeError("str")

    def __float__(self) -> float:
        raise RuntimeError("float")

    def __bool__(self) -> bool:
        raise RuntimeError("bool")

    def __hash__(self) -> int:
        raise RuntimeError("hash")

    def __getattr__(self, name: str):
        raise RuntimeError(f"getattr {name}")


def _recursive_list() -> list:
    x: list = []
    x.append(x)
    return x


ODD_ANSWERS = [
    None, ..., 0, -1, 1.5, float("nan"), float("inf"), True, "", "   ", "x" * 100_000, b"bytes",
    [], [None], [1, 2, 3], ["C001", "C001"], {"a": 1}, set(), (), object(), Evil(), [Evil()],
    _recursive_list(), pd.DataFrame(), pd.Series(dtype="string"), pd.DataFrame({"x": [1, 2]}),
    pd.NA, list(range(1_000_000)), (i for i in range(3)), lambda: 1, type, Exception("x"),
]


def test_lesson_modules_exist_for_every_exercise_notebook():
    ids = set(_all_exercises())
    for nb_path in notebooks("exercises"):
        for ex_id in check_ids(nbformat.read(nb_path, as_version=4)):
            assert ex_id in ids, f"{nb_path.name} checks {ex_id!r} but no peacekit/checks/lessonNN.py registers it"


@pytest.mark.parametrize("ex_id", sorted(_all_exercises()) or ["none"])
def test_checks_never_raise_on_odd_answers(ex_id: str, capsys: pytest.CaptureFixture[str]):
    for answer in ODD_ANSWERS:
        for context in ({}, {"theme": Evil()}, {"theme": None}, {"source_id": 3}):
            start = time.perf_counter()
            result = check(ex_id, answer, **context)
            assert time.perf_counter() - start < 10, f"check {ex_id} took too long on {type(answer).__name__}"
            line = _one_line(capsys)
            assert not result.passed or line.startswith("✅")


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    answer=st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text() | st.binary(),
        lambda children: st.lists(children, max_size=5) | st.dictionaries(st.text(), children, max_size=3)
        | st.tuples(children, children),
        max_leaves=20,
    ),
    ex_id=st.sampled_from(sorted(_all_exercises()) or ["0.1"]),
)
def test_checks_never_raise_property(answer: object, ex_id: str, capsys: pytest.CaptureFixture[str]):
    check(ex_id, answer)
    _one_line(capsys)


def test_every_exercise_says_what_it_checked_without_overclaiming():
    for ex_id, ex in _all_exercises().items():
        assert ex.hints, f"{ex_id} has no hints"
        assert len(ex.what) > 20, f"{ex_id}: 'what' should say what was checked"
        assert not re.search(r"all tests|everything is correct|perfect", ex.what, re.I), ex_id


def test_no_ids_hard_coded_in_check_modules():
    source_ids = set(pd.read_csv(ROOT / "datasets" / "sources.csv")["source_id"])
    for path in (ROOT / "peacekit" / "checks").glob("*.py"):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"['\"]C\d{3}['\"]", text), f"{path.name} hard-codes a claim_id"
        for sid in source_ids:
            assert sid not in text, f"{path.name} hard-codes the source_id {sid}"


def test_ellipsis_and_none_get_their_own_sentence(capsys):
    check("0.1", ...)
    assert "replace the ..." in _one_line(capsys)
    check("0.1", None)
    assert "None" in _one_line(capsys)


def test_unknown_and_malformed_ids(capsys):
    assert not check("99.9", 1)
    assert "no exercise 99.9" in _one_line(capsys)
    assert not check("one", 1)
    assert "not an exercise id" in _one_line(capsys)
    assert not check(Evil(), 1)
    _one_line(capsys)


def test_strict_mode_raises_after_printing(monkeypatch, capsys):
    monkeypatch.setenv("PEACEKIT_STRICT", "1")
    with pytest.raises(ExerciseNotPassed):
        check("0.1", ...)
    assert _one_line(capsys).startswith("❌")
    result = check("0.1", len(pd.read_csv(ROOT / "datasets" / "sources.csv")))
    assert result.passed and _one_line(capsys).startswith("✅")


def test_report_file_gets_one_record_per_check(monkeypatch, tmp_path, capsys):
    report = tmp_path / "r.jsonl"
    monkeypatch.setenv("PEACEKIT_REPORT", str(report))
    check("0.1", ...)
    check("0.3", "not a genre")
    records = [json.loads(line) for line in report.read_text(encoding="utf-8").splitlines()]
    assert [(r["id"], r["passed"]) for r in records] == [("0.1", False), ("0.3", False)]
    assert all(r["message"] for r in records)


def test_result_displays_nothing_and_is_truthy_on_pass(capsys):
    result = check("0.1", ...)
    assert result._ipython_display_() is None and not result
    capsys.readouterr()


def test_hints_progress_and_stop_at_the_last(capsys):
    core._HINTS_SHOWN.clear()
    count = len(_all_exercises()["0.1"].hints)
    shown = []
    for _ in range(count + 1):
        hint("0.1")
        shown.append(capsys.readouterr().out.strip())
    assert [s.split(":")[0] for s in shown[:count]] == [f"💡 Hint {i} of {count} for exercise 0.1" for i in range(1, count + 1)]
    assert shown[-1] == shown[-2] and "last hint" in shown[-1]
    hint("0.1", level=1)
    assert capsys.readouterr().out.startswith("💡 Hint 1 of")
    hint("42.1")
    assert "No hints" in capsys.readouterr().out


def test_checker_exception_becomes_not_yet(capsys):
    @core.exercise("98.1", what="a test exercise whose checker always raises", hints=["none"])
    def _boom(answer, **context):
        raise KeyError("nope")

    assert not check("98.1", 3)
    assert "could not use your answer" in _one_line(capsys)


def _returning_and_raising(exercise_ids: tuple[str, str], sentence: str) -> None:
    """Register two test exercises: one returns ``sentence``, the other raises it from a helper."""

    @core.exercise(exercise_ids[0], what="a test exercise whose checker returns its sentence", hints=["none"])
    def _returns(answer, **context):
        return sentence

    def helper():
        raise core.NotYet(sentence)

    @core.exercise(exercise_ids[1], what="a test exercise whose checker raises its sentence", hints=["none"])
    def _raises(answer, **context):
        helper()


@pytest.mark.parametrize(
    ("sentence", "shown"),
    [("your list is empty; give the claim_ids.", "your list is empty; give the claim_ids."),
     ("", "your answer is not right yet.")],
)
def test_a_raised_not_yet_prints_the_line_a_returned_sentence_prints(capsys, monkeypatch, sentence, shown):
    _returning_and_raising(("98.2", "98.3"), sentence)
    assert not check("98.2", 3) and not check("98.3", 3)
    returned, raised = capsys.readouterr().out.splitlines()
    assert returned == f"❌ Exercise 98.2 not yet — {shown}"
    assert raised == returned.replace("98.2", "98.3")  # not "could not load the kit's data"
    monkeypatch.setenv(core.STRICT_ENV, "1")
    for exercise_id in ("98.2", "98.3"):
        with pytest.raises(ExerciseNotPassed, match=re.escape(shown)):
            check(exercise_id, 3)
    capsys.readouterr()


def test_verdict_gives_the_sentence_and_lets_other_errors_through():
    _returning_and_raising(("98.4", "98.5"), "not yet, and here is why.")
    exercises = core.registered()
    assert exercises["98.4"].verdict(1) == exercises["98.5"].verdict(1) == "not yet, and here is why."

    @core.exercise("98.6", what="a test exercise whose checker has a bug", hints=["none"])
    def _bug(answer, **context):
        return {}["missing"]

    with pytest.raises(KeyError):
        core.registered()["98.6"].verdict(1)


def test_need_helpers_return_clean_values_and_raise_their_twins_sentences():
    frame = pd.DataFrame({"id": ["a", "b"], "n": [1, 2]})
    assert core.need_ids([" C002", "C001"], ["C001", "C002"], kind="claim_id") == ["C002", "C001"]
    assert core.need_list(pd.Series([1, 2]), kind="claim_id") == [1, 2]
    assert core.need_choice(" b ", ["a", "B"]) == "B"
    assert core.need_number(5, 5, what="n") == 5.0
    reordered = frame.iloc[::-1]
    assert core.need_frame(reordered, frame, key="id") is reordered
    # the returning twins say nothing for a right answer ...
    assert ids_problem(["C002", "C001"], ["C001", "C002"], kind="claim_id") is None
    assert choice_problem("b", ["a", "b"]) is None
    assert number_problem(5, 5, what="n") is None
    assert frame_problem(reordered, frame, key="id") is None
    # ... and for a wrong one the sentence that names what is wrong
    wrong = [
        (core.need_ids, ids_problem, (["C001"], ["C001", "C002"]), {"kind": "claim_id"},
         ["missing", "1 of 2"]),
        (core.need_choice, choice_problem, ("c", ["a", "b"]), {}, ["'c'", "'a', 'b'"]),
        (core.need_number, number_problem, (6, 5), {"what": "n"}, ["6", "too high"]),
        (core.need_frame, frame_problem, (frame.iloc[:1], frame), {}, ["1 row", "should have 2"]),
    ]
    for need, twin, args, kwargs, words in wrong:
        with pytest.raises(core.NotYet) as caught:
            need(*args, **kwargs)
        assert all(w in caught.value.sentence for w in words), (caught.value.sentence, words)
        assert twin(*args, **kwargs) == caught.value.sentence


def test_reworded_puts_words_around_the_sentence_only():
    with pytest.raises(core.NotYet) as caught:
        with core.reworded(before="for S1: ", after=" Try again."):
            core.need_choice("c", ["a"])
    assert caught.value.sentence == "for S1: " + choice_problem("c", ["a"]) + " Try again."
    with core.reworded(before="never shown: "):
        assert core.need_choice("a", ["a"]) == "a"
    with pytest.raises(KeyError):  # other exceptions pass through unchanged
        with core.reworded(before="x"):
            raise KeyError("k")


def test_shape_helpers_return_values_or_raise():
    from peacekit.checks import _shapes

    assert _shapes.need_mapping(pd.Series({"a": 1}), what="x") == {"a": 1}
    assert _shapes.need_counts({"a": 2, "b": 0}, key="k") == {"a": 2}
    assert _shapes.need_id_list(" C1 ", kind="claim_id") == ["C1"]
    for call, words in [
        (lambda: _shapes.need_mapping([1], what="your answer"), "should be a dictionary"),
        (lambda: _shapes.need_counts({"a": 1.5}, key="k"), "whole number"),
        (lambda: _shapes.need_id_list([1], kind="claim_id"), "as text in quotes"),
    ]:
        with pytest.raises(core.NotYet, match=words):
            call()


def test_registering_a_bad_id_is_refused():
    with pytest.raises(ValueError):
        core.exercise("1", what="x" * 30, hints=["h"])


# ------------------------------------------------------------------- helpers


def test_ids_problem():
    want = ["C001", "C002"]
    assert ids_problem(["C002", "C001"], want, kind="claim_id") is None
    assert ids_problem(pd.Series(["C001", "C002"]), want, kind="claim_id") is None
    assert "one piece of text" in ids_problem("C001", want, kind="claim_id")
    assert "empty" in ids_problem([], want, kind="claim_id")
    assert "more than once" in ids_problem(["C001", "C001", "C002"], want, kind="claim_id")
    assert "missing" in ids_problem(["C001"], want, kind="claim_id")
    assert "should not be there" in ids_problem(["C001", "C002", "C003"], want, kind="claim_id")
    assert "not a claim_id in the dataset" in ids_problem(["C001", "X"], want, kind="claim_id", known=want)
    assert "whole table" in ids_problem(pd.DataFrame({"claim_id": want}), want, kind="claim_id")
    assert "written as text" in ids_problem([1, 2], want, kind="claim_id")
    assert "order" in ids_problem(["C002", "C001"], want, kind="claim_id", ordered=True)
    assert "far more" in ids_problem(list(range(200_000)), want, kind="claim_id")


def test_choice_problem():
    assert choice_problem(" B ", ["a", "b"]) is None
    assert choice_problem("b", ["a", "b"], correct="b") is None
    assert "not the right one" in choice_problem("a", ["a", "b"], correct="b")
    assert "not one of the choices" in choice_problem("c", ["a", "b"])
    assert "as text" in choice_problem(2, ["a", "b"])


def test_number_problem():
    assert number_problem(5, 5, what="n") is None
    assert "too high" in number_problem(6, 5, what="n")
    assert "too low" in number_problem(4, 5, what="n")
    assert "whole number" in number_problem(4.5, 5, what="n", integer=True)
    assert "as a number" in number_problem(True, 1, what="n")
    assert "NaN" in number_problem(float("nan"), 1, what="n")
    assert number_problem(5.05, 5, what="n", tolerance=0.1) is None


def test_frame_problem():
    expected = pd.DataFrame({"id": ["a", "b"], "n": pd.array([1, 2], dtype="Int64")})
    assert frame_problem(expected.iloc[::-1], expected, key="id") is None
    assert frame_problem(expected.assign(n=[1, 2]), expected) is None  # int64 vs Int64 is no difference
    assert "Series" in frame_problem(expected["id"], expected)
    assert "DataFrame" in frame_problem([1], expected)
    assert "empty" in frame_problem(expected.iloc[0:0], expected)
    assert "no column 'n'" in frame_problem(expected[["id"]], expected)
    assert "row(s)" in frame_problem(expected.iloc[:1], expected)
    assert "values differ" in frame_problem(expected.assign(n=[1, 3]), expected)
    assert "should not be in" in frame_problem(expected.assign(id=["a", "z"]), expected, key="id")


# ----------------------------------------------------------------- generator


def test_assigned_names():
    code = "a = 1\nb, (c, *d) = 1, (2, 3)\ne: int = 1\nf += 1\nfor g in []: pass\ndef h(): x = 1\nclass K: pass\nimport os.path as p\nwith open('x') as w: pass\na = 2\nprint(z)"
    assert gen.assigned_names(code) == ["a", "b", "c", "d", "e", "f", "g", "h", "K", "p", "w"]


def test_code_block_becomes_runnable_placeholders():
    src = "x = 1\n### BEGIN SOLUTION\nanswer = x + 1\nother = [answer]\n### END SOLUTION\nanswer"
    out = gen.exercise_source(src, cell_type="code")
    assert "x + 1" not in out and "BEGIN" not in out
    assert "answer = ...\nother = ..." in out and out.startswith("x = 1\n# Your code here")
    ns: dict = {}
    exec(out, ns)  # the placeholder runs
    assert ns["answer"] is Ellipsis


def test_indented_block_and_no_names():
    src = "def f():\n    ### BEGIN SOLUTION\n    return 1\n    ### END SOLUTION\n"
    out = gen.exercise_source(src, cell_type="code")
    exec(out, {})
    assert "    pass" in out


def test_markdown_block_becomes_write_here():
    src = "Why?\n\n### BEGIN SOLUTION\nBecause.\n### END SOLUTION\nEnd."
    assert gen.exercise_source(src, cell_type="markdown") == "Why?\n\n_Write your answer here._\nEnd."


@pytest.mark.parametrize(
    "src",
    [
        "### BEGIN SOLUTION\nx = 1",
        "x = 1\n### END SOLUTION",
        "### BEGIN SOLUTION\n### BEGIN SOLUTION\n### END SOLUTION\n### END SOLUTION",
        "### BEGIN SOLUTION  answer below\nx = 1\n### END SOLUTION",
        "### BEGIN SOLUTION\nx = (\n### END SOLUTION",
    ],
)
def test_bad_markers_are_refused(src: str):
    with pytest.raises(gen.SolutionMarkerError):
        gen.exercise_source(src, cell_type="code")


def test_generator_is_idempotent_and_strips_outputs(tmp_path: Path):
    sol = nbformat.v4.new_notebook()
    cell = nbformat.v4.new_code_cell("### BEGIN SOLUTION\nanswer = 2\n### END SOLUTION")
    cell.outputs = [nbformat.v4.new_output("stream", text="2\n")]
    cell.execution_count = 3
    sol.cells = [cell]
    (tmp_path / "solutions").mkdir()
    nbformat.write(sol, tmp_path / "solutions" / "99-x.ipynb")
    assert gen.main(["--root", str(tmp_path)]) == 0
    first = (tmp_path / "exercises" / "99-x.ipynb").read_text(encoding="utf-8")
    assert gen.main(["--root", str(tmp_path)]) == 0
    assert (tmp_path / "exercises" / "99-x.ipynb").read_text(encoding="utf-8") == first
    ex = nbformat.reads(first, as_version=4)
    assert ex.cells[0].outputs == [] and ex.cells[0].execution_count is None
    assert gen.main(["--root", str(tmp_path), "--check"]) == 0
    (tmp_path / "exercises" / "99-x.ipynb").write_text(first.replace("answer", "ans"), encoding="utf-8")
    assert gen.main(["--root", str(tmp_path), "--check"]) == 1


def test_exercises_are_up_to_date():
    problems = gen.stale(ROOT)
    assert not problems, "; ".join(problems) + " — run `make exercises`"


@pytest.mark.parametrize("path", notebook_params("exercises"))
def test_exercise_notebook_has_no_solution_text(path: Path):
    text = path.read_text(encoding="utf-8")
    assert gen.BEGIN not in text and gen.END not in text
    assert check_ids(nbformat.reads(text, as_version=4)), f"{path.name} has no check cells"


# ------------------------------------------- the check command, both sides


def _fingerprint(path: Path) -> tuple[str, int]:
    return hashlib.sha256(path.read_bytes()).hexdigest(), path.stat().st_mtime_ns


def _run_and_save(src: Path, dest: Path) -> None:
    """What a student does: run every cell in JupyterLab (not strict) and save."""
    from nbclient import NotebookClient

    nb = nbformat.read(src, as_version=4)
    env_before = os.environ.pop("PEACEKIT_STRICT", None)
    try:
        NotebookClient(nb, timeout=300, kernel_name="python3", allow_errors=True,
                       resources={"metadata": {"path": str(dest.parent)}}).execute()
    finally:
        if env_before is not None:
            os.environ["PEACEKIT_STRICT"] = env_before
    nbformat.write(nb, dest)


def _assert_fails(path: Path, ex_ids: list[str]) -> str:
    before = _fingerprint(path)
    proc = run_check_command(path)
    out = proc.stdout + proc.stderr
    assert _fingerprint(path) == before, "the check command modified the student's notebook"
    assert proc.returncode == 1, f"expected a failing check, got exit {proc.returncode}:\n{out}"
    for ex_id in ex_ids:
        assert re.search(rf"^❌ Exercise {re.escape(ex_id)} not", out, re.M), f"{ex_id} not reported as failing:\n{out}"
    assert "Not done yet." in out.splitlines()[-1]
    return out


@pytest.mark.slow
@pytest.mark.parametrize("path", notebook_params("exercises"))
def test_unsolved_exercise_fails(path: Path, tmp_path: Path):
    student = tmp_path / path.name
    shutil.copy2(path, student)
    ex_ids = list(check_ids(nbformat.read(path, as_version=4)))
    out = _assert_fails(student, ex_ids)
    assert "raised an error" not in out, f"a placeholder in {path.name} does not run:\n{out}"


@pytest.mark.slow
@pytest.mark.parametrize("path", notebook_params("exercises"))
def test_unsolved_after_run_and_save_or_clear_and_save_fails(path: Path, tmp_path: Path):
    """The nbval trap, both ways: saved "not yet" outputs, and cleared outputs."""
    ran = tmp_path / "ran" / path.name
    ran.parent.mkdir()
    _run_and_save(path, ran)
    saved = nbformat.read(ran, as_version=4)
    assert any(c.get("outputs") for c in saved.cells if c.cell_type == "code"), "the run saved no outputs"
    _assert_fails(ran, list(check_ids(saved)))

    cleared = tmp_path / "cleared" / path.name
    cleared.parent.mkdir()
    for cell in saved.cells:
        if cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
    nbformat.write(saved, cleared)
    _assert_fails(cleared, list(check_ids(saved)))


@pytest.mark.slow
@pytest.mark.parametrize("path", notebook_params("exercises"))
def test_solved_exercise_passes(path: Path, tmp_path: Path):
    """The answers spliced from solutions/ into a copy of the exercise pass every check."""
    solution = nbformat.read(ROOT / "solutions" / path.name, as_version=4)
    exercise = nbformat.read(path, as_version=4)
    assert len(solution.cells) == len(exercise.cells)
    for ex_cell, sol_cell in zip(exercise.cells, solution.cells):
        if gen.BEGIN in sol_cell.source and ex_cell.cell_type == "code":
            ex_cell.source = sol_cell.source  # the student's answer
    student = tmp_path / path.name
    nbformat.write(exercise, student)
    before = _fingerprint(student)
    proc = run_check_command(student)
    out = proc.stdout + proc.stderr
    assert _fingerprint(student) == before
    assert proc.returncode == 0, out
    for ex_id in check_ids(exercise):
        assert re.search(rf"^✅ Exercise {re.escape(ex_id)} passed — \S", out, re.M), out
    assert out.splitlines()[-1].endswith("All done.")


@pytest.mark.slow
def test_deleted_or_skipped_check_cell_fails(tmp_path: Path):
    path = ROOT / "solutions" / "00-start-here.ipynb"
    nb = nbformat.read(path, as_version=4)
    ids = list(check_ids(nb))
    first, second = ids[0], ids[1]
    kept = []
    for cell in nb.cells:
        if cell.cell_type == "code" and f'check("{first}"' in cell.source:
            continue  # deleted
        if cell.cell_type == "code" and f'check("{second}"' in cell.source:
            cell.source = "# NBVAL_SKIP\n" + cell.source  # skipped
        kept.append(cell)
    nb.cells = kept
    student = tmp_path / "00-start-here.ipynb"
    nbformat.write(nb, student)
    proc = run_check_command(student)
    out = proc.stdout
    assert proc.returncode == 1, out
    assert f"Exercise {first} not checked — its check cell" in out and "missing" in out
    assert f"Exercise {second} not checked — the check cell" in out


def test_check_command_on_a_missing_file(tmp_path: Path):
    proc = run_check_command(tmp_path / "nope.ipynb")
    assert proc.returncode == 2 and "There is no notebook" in proc.stdout
