"""Checks under the check command never raise for any text, and stay fast on huge answers.

Incidents these prevent (issue 11, item 7): a lone surrogate ('\\ud800') in an
answer raised UnicodeEncodeError under the check command (the report write
caught only OSError); duplicate detection was quadratic (60,000 items: 46 s);
exercise 7.1 with 200,000 terms took more than 20 s.
"""

from __future__ import annotations

import importlib
import json
import time
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from nbhelpers import ROOT

from peacekit.checks import check
from peacekit.checks.core import ExerciseNotPassed, ids_problem, registered

for _path in sorted((ROOT / "peacekit" / "checks").glob("lesson[0-9][0-9].py")):
    importlib.import_module(f"peacekit.checks.{_path.stem}")
EXERCISES = sorted(registered())

# Every code point, lone surrogates included (hypothesis leaves them out of text() by default).
ANY_CHAR = st.characters(min_codepoint=0, max_codepoint=0x10FFFF, exclude_categories=())
TEXT = st.text(alphabet=ANY_CHAR, max_size=40)


@pytest.fixture
def under_the_check_command(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """Strict mode and a report file, as a script driving the checks would set them."""
    report = tmp_path / "report.jsonl"
    monkeypatch.setenv("PEACEKIT_STRICT", "1")
    monkeypatch.setenv("PEACEKIT_REPORT", str(report))
    return report


def _check_strictly(ex_id: object, answer: object, **context: object) -> None:
    try:
        check(ex_id, answer, **context)  # type: ignore[arg-type]
    except ExerciseNotPassed:
        pass  # strict mode's "not yet": the only exception allowed


@pytest.mark.parametrize("ex_id", EXERCISES)
def test_a_lone_surrogate_never_raises(ex_id: str, under_the_check_command: Path, capsys: pytest.CaptureFixture[str]):
    for answer in ("\ud800", ["\ud800", "\udfff"], {"\ud800": "\udc80"}, pd.Series(["\ud800"])):
        _check_strictly(ex_id, answer, theme="\ud800")
    _check_strictly("\ud800", "\ud800")
    lines = under_the_check_command.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 5 and all(json.loads(line)["passed"] is False for line in lines)
    capsys.readouterr()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    ex_id=st.sampled_from(EXERCISES),
    answer=st.one_of(TEXT, st.lists(TEXT, max_size=5), st.dictionaries(TEXT, TEXT | st.lists(TEXT, max_size=3), max_size=3)),
    context=st.dictionaries(st.sampled_from(["theme", "terms", "package", "source_id"]),
                            TEXT | st.lists(TEXT, max_size=3), max_size=2),
)
def test_any_text_never_raises_under_the_check_command(
    ex_id: str, answer: object, context: dict, under_the_check_command: Path, capsys: pytest.CaptureFixture[str]
):
    _check_strictly(ex_id, answer, **context)
    out = capsys.readouterr().out
    assert out.count("Exercise") == 1
    out.encode("utf-8")  # printable on any UTF-8 terminal


def test_duplicate_detection_is_linear():
    items = [f"C{i:06d}" for i in range(60_000)]
    start = time.perf_counter()
    message = ids_problem([*items, items[123]], items, kind="claim_id")
    assert time.perf_counter() - start < 2
    assert message and repr(items[123]) in message and "more than once" in message


def test_exercise_7_1_with_a_huge_term_list_or_table_is_fast(capsys: pytest.CaptureFixture[str]):
    terms = [f"term{i}" for i in range(200_000)]
    start = time.perf_counter()
    result = check("7.1", pd.DataFrame({"x": [1.0]}), terms=terms)
    assert not result and "200,000 terms" in result.message
    result = check("7.1", pd.DataFrame({"x": 0.0}, index=terms), terms=["ceasefire"])
    assert not result
    assert time.perf_counter() - start < 10
    capsys.readouterr()
