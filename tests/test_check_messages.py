"""What a student reads when an answer is not right yet: plain words, a next step.

Incidents these prevent (found by reading the exercises as a beginner):
- "you gave a int" and "an object of type DataFrame": words a beginner does not know;
- a lower-case claim id ("c041") answered with "check the spelling" instead of the id meant;
- ``answer = advocacy`` (no quotation marks) stopped with a NameError, ``answer`` kept an
  old value, and the check then judged that old value;
- ``hint()`` with no exercise id raised a TypeError.
"""

from __future__ import annotations

import pandas as pd
import pytest

from peacekit.checks import core
from peacekit.checks.core import friendly_type, ids_problem, number_problem, unknown_id_sentence


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (5, "whole number (int)"),
        (2.5, "number with decimals (float)"),
        ("x", "piece of text (str)"),
        ({"a": 1}, "dictionary (dict)"),
        (pd.DataFrame(), "table (DataFrame)"),
        (pd.Series(dtype=float), "column (Series)"),
        (..., "... placeholder"),
        (object(), "object object"),
    ],
)
def test_types_are_named_in_plain_words(value, words):
    assert friendly_type(value) == words


def test_numpy_numbers_read_like_python_numbers():
    import numpy as np

    assert friendly_type(np.int64(3)) == "whole number (int64)"
    assert friendly_type(np.float32(3)) == "number with decimals (float32)"


def test_an_id_in_the_wrong_case_gets_a_suggestion():
    known = ["C001", "C041", "C042"]
    assert "did you mean 'C041'?" in unknown_id_sentence("c041", known, kind="claim_id")
    assert "did you mean 'C041'?" in unknown_id_sentence(" C 041", known, kind="claim_id")
    assert "did you mean" not in unknown_id_sentence("zzz", known, kind="claim_id")
    message = ids_problem(["c041"], ["C041"], kind="claim_id", known=known)
    assert message and "did you mean 'C041'?" in message


def test_a_number_in_quotes_is_explained():
    message = number_problem("5", 5, what="the number of sources")
    assert message and "without quotation marks" in message


def test_ids_given_as_numbers_ask_for_quotation_marks():
    message = ids_problem([41], ["C041"], kind="claim_id")
    assert message and "quotation marks" in message and "whole number (int)" in message


class _Shell:
    def __init__(self, exc):
        class Result:
            error_in_exec = exc
            error_before_exec = None

        self.last_execution_result = Result()
        self.last_execution_succeeded = exc is None


def _with_shell(monkeypatch, exc):
    import IPython

    shell = _Shell(exc)
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)


def test_a_failed_answer_cell_is_named_instead_of_judging_the_old_answer(monkeypatch, capsys):
    _with_shell(monkeypatch, NameError("name 'advocacy' is not defined"))
    result = core.check("0.3", ...)
    line = capsys.readouterr().out
    assert not result
    assert "stopped with an error (NameError" in line and "quotation marks" in line
    assert "replace the ..." not in line


def test_a_pass_is_a_pass_even_after_an_error_elsewhere(monkeypatch, capsys):
    _with_shell(monkeypatch, NameError("x"))
    import peacekit as pk

    assert core.check("0.1", len(pk.sources()))
    assert "passed" in capsys.readouterr().out


def test_no_note_when_the_previous_cell_ran_cleanly(monkeypatch, capsys):
    _with_shell(monkeypatch, None)
    core.check("0.3", ...)
    assert "replace the ..." in capsys.readouterr().out


def test_hint_without_an_id_says_how_to_ask(capsys):
    core.hint()
    assert 'hint("1.2")' in capsys.readouterr().out


@pytest.mark.slow
def test_the_check_command_names_the_exercise_of_a_broken_cell(tmp_path):
    # A student cannot find "code cell 2" in JupyterLab; they can find "Exercise 0.1".
    import nbformat
    from nbhelpers import ROOT, run_check_command

    nb = nbformat.read(ROOT / "exercises" / "00-start-here.ipynb", as_version=4)
    first = next(c for c in nb.cells if c.cell_type == "code" and "answer = ..." in c.source)
    first.source = first.source.replace("answer = ...", "answer = five", 1)
    student = tmp_path / "00-start-here.ipynb"
    nbformat.write(nb, student)
    proc = run_check_command(student)
    assert proc.returncode == 1
    assert "A cell of Exercise 0.1" in proc.stdout and "NameError" in proc.stdout


def test_as_bool_accepts_numpy_bools_only():
    import numpy as np

    from peacekit.checks.core import as_bool

    assert as_bool(True) is True and as_bool(np.bool_(False)) is False
    assert as_bool("True") is None and as_bool(1) is None and as_bool(None) is None


# The type first (issue 11): a wrong kind of answer is named as such, before any content.


def test_1_1_a_column_of_text_is_named_before_its_values(capsys):
    import peacekit as pk

    result = core.check("1.1", pk.timeline()["category"])
    assert not result and result.message.startswith("you gave a column of text values")
    assert "should be a number" not in result.message


def test_5_3_text_instead_of_lists_is_named(capsys):
    import peacekit as pk

    sources = [str(s) for s in pk.sources()["source_id"]]
    result = core.check("5.3", {s: "some-theme" for s in sources})
    assert not result and "should be a list of theme_ids" in result.message and "one piece of text" in result.message
    assert "gap" not in result.message


def test_8_1_a_string_instead_of_a_list_is_named(capsys):
    import peacekit as pk

    party = str(pk.parties()["party_id"].iloc[0])
    terms = [str(t) for t in pk.terms()["term_id"]][:2]
    result = core.check("8.1", party, package=terms)
    assert not result and "as a list" in result.message and "one piece of text" in result.message
    assert "missing" not in result.message


def test_a_table_question_names_the_type_given_in_plain_words():
    from peacekit.checks.core import frame_problem

    message = frame_problem("military", pd.DataFrame({"a": [1]}))
    assert message == "give a table (a pandas DataFrame); you gave a piece of text (str)."
