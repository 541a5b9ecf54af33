"""The checkers of lesson 01 accept the solution's answers and reject typical mistakes.

Each test builds the answer the solution notebook builds (from the kit's own
data) and then the mistakes students make most often: an off-by-one date
filter, every event instead of the period, an event before a month-only date,
a claim of another article, a chart without a title. The "not yet" sentence
must point at the mistake.
"""

from __future__ import annotations

import altair as alt
import pandas as pd
import pytest

from peacekit import data
from peacekit.checks import check
from peacekit.checks.core import registered

EX = registered(1)
START = "2022-02-24"


def run(exercise_id: str, answer: object, **context: object) -> str | None:
    return EX[exercise_id].verdict(answer, **context)



# ---------------------------------------------------------------- 1.1
def solution_11() -> pd.Series:
    t = data.timeline()
    return t[t["date"] >= START]["category"].value_counts()


def test_11_accepts_the_solution_as_series_and_as_frame():
    assert run("1.1", solution_11(), start=START) is None
    frame = solution_11().rename("count").reset_index()
    assert run("1.1", frame, start=START) is None
    assert run("1.1", dict(solution_11()), start=START) is None


def test_11_follows_the_period_in_the_context():
    t = data.timeline()
    since_2025 = t[t["date"] >= "2025-01-01"]["category"].value_counts()
    assert run("1.1", since_2025, start="2025-01-01") is None
    assert run("1.1", since_2025, start=START) is not None


def test_11_rejects_all_events():
    message = run("1.1", data.timeline()["category"].value_counts(), start=START)
    assert message and "every event" in message


def test_11_rejects_strictly_after():
    t = data.timeline()
    wrong = t[t["date"] > START]["category"].value_counts()
    message = run("1.1", wrong, start=START)
    assert message and ">=" in message


def test_11_rejects_wrong_shapes_and_values():
    assert "count" in run("1.1", [1, 2, 3], start=START)
    assert "category" in run("1.1", pd.DataFrame({"x": [1]}), start=START)
    bad = solution_11().copy()
    bad.iloc[0] += 1
    assert "add up" in run("1.1", bad, start=START)
    swapped = solution_11().copy()
    swapped.iloc[0] += 1
    swapped.iloc[1] -= 1
    assert "count for" in run("1.1", swapped, start=START)


# ---------------------------------------------------------------- 1.2
COLS = ["source_id", "date", "date_precision", "date_confidence"]


def solution_12() -> pd.DataFrame:
    return data.sources().sort_values("date_start")[COLS]


def test_12_accepts_the_solution():
    assert run("1.2", solution_12()) is None
    assert run("1.2", solution_12().reset_index(drop=True)) is None


def test_12_rejects_unsorted_and_missing_columns():
    unsorted = data.sources()[COLS].sort_values("source_id")
    assert "oldest to newest" in run("1.2", unsorted)
    assert "date_confidence" in run("1.2", solution_12()[COLS[:3]])
    assert "DataFrame" in run("1.2", solution_12()["source_id"]) or "Series" in run("1.2", solution_12()["source_id"])


# ---------------------------------------------------------------- 1.3
SOURCE = "moscowtimes-2025"


def later_events(source_id: str) -> list[str]:
    s = data.sources().set_index("source_id").loc[source_id]
    t = data.timeline()
    from peacekit.checks._shapes import latest_possible_date

    latest = latest_possible_date(s["date_start"], s["date_precision"])
    return t[t["date"] > latest]["event_id"].tolist()


def own_claims(source_id: str) -> list[str]:
    c = data.claims()
    return c[c["source_id"] == source_id]["claim_id"].tolist()


def test_13_accepts_later_events_paired_with_own_claims():
    events, claims = later_events(SOURCE), own_claims(SOURCE)
    answer = {events[0]: claims[0], events[-1]: claims[1]}
    assert run("1.3", answer, source=SOURCE) is None


def test_13_rejects_an_event_before_the_source():
    t = data.timeline()
    early = t[t["date"] < "2000-01-01"]["event_id"].iloc[0]
    events, claims = later_events(SOURCE), own_claims(SOURCE)
    message = run("1.3", {early: claims[0], events[0]: claims[1]}, source=SOURCE)
    assert message and "before" in message


def test_13_month_precision_needs_events_after_the_month():
    s = data.sources()
    month = s[s["date_precision"] == "month"].iloc[0]
    t = data.timeline()
    start = month["date_start"]
    same_month = t[(t["date"] >= start) & (t["date"] <= start + pd.offsets.MonthEnd(0))]["event_id"].tolist()
    if not same_month:
        pytest.skip("no event falls in the month of a month-dated source")
    claims = own_claims(month["source_id"])
    events = later_events(month["source_id"])
    message = run("1.3", {same_month[0]: claims[0], events[-1]: claims[1]}, source=month["source_id"])
    assert message and "same period" in message


def test_13_rejects_claims_of_another_source_and_unknown_ids():
    events = later_events(SOURCE)
    other = data.claims()
    other_claim = other[other["source_id"] != SOURCE]["claim_id"].iloc[0]
    mine = own_claims(SOURCE)[0]
    assert "another source" in run("1.3", {events[0]: mine, events[1]: other_claim}, source=SOURCE)
    assert "not an event_id" in run("1.3", {"no-such-event": mine, events[1]: mine}, source=SOURCE)
    assert "not a claim_id" in run("1.3", {events[0]: "C999", events[1]: mine}, source=SOURCE)


def test_13_rejects_too_few_pairs_wrong_shape_and_undated_source():
    events, claims = later_events(SOURCE), own_claims(SOURCE)
    assert "at least 2" in run("1.3", {events[0]: claims[0]}, source=SOURCE)
    assert "dictionary" in run("1.3", events[:2], source=SOURCE)
    assert "replace every" in run("1.3", {...: ...}, source=SOURCE)
    s = data.sources()
    undated = s[s["date_precision"] == "unknown"]["source_id"]
    if len(undated):
        assert "unknown" in run("1.3", {events[0]: claims[0], events[1]: claims[1]}, source=undated.iloc[0])
    assert "name a source" in run("1.3", {events[0]: claims[0]})


# ---------------------------------------------------------------- 1.4
def solution_14() -> alt.Chart:
    return (
        alt.Chart(data.timeline())
        .mark_bar()
        .encode(x="year(date):O", y="count()", color="category:N")
        .properties(title="Events per year")
    )


def test_14_accepts_the_solution_and_horizontal_bars():
    assert run("1.4", solution_14()) is None
    flipped = (
        alt.Chart(data.timeline())
        .mark_bar()
        .encode(y="year(date):O", x="count()", color="category:N")
        .properties(title="Events per year")
    )
    assert run("1.4", flipped) is None


def test_14_rejects_typical_mistakes():
    t = data.timeline()
    assert "title" in run("1.4", alt.Chart(t).mark_bar().encode(x="year(date):O", y="count()", color="category:N"))
    assert "bars" in run("1.4", solution_14().mark_point())
    assert "colour" in run(
        "1.4", alt.Chart(t).mark_bar().encode(x="year(date):O", y="count()").properties(title="x")
    )
    assert "year" in run(
        "1.4", alt.Chart(t).mark_bar().encode(x="date:T", y="count()", color="category:N").properties(title="x")
    )
    assert "whole timeline" in run(
        "1.4", alt.Chart(t.head(5)).mark_bar().encode(x="year(date):O", y="count()", color="category:N").properties(title="x")
    )
    assert "altair chart" in run("1.4", "a chart")


# ---------------------------------------------------------------- never raises
@pytest.mark.parametrize("exercise_id", ["1.1", "1.2", "1.3", "1.4"])
@pytest.mark.parametrize(
    "answer",
    [..., None, 0, 1.5, "text", [], {}, [None], {"a": None}, pd.DataFrame(), pd.Series(dtype="object"), object()],
)
def test_check_never_raises(exercise_id, answer, capsys):
    result = check(exercise_id, answer, start=START, source=SOURCE)
    assert not result
    assert "not yet" in capsys.readouterr().out


# ---------------------------------------------------------------- fixes after the beginner's read-through
def test_12_unsorted_says_sort_before_picking_the_columns():
    s = data.sources()
    unsorted = s.sort_values("source_id")[["source_id", "date", "date_precision", "date_confidence"]]
    if unsorted["source_id"].tolist() == s.sort_values("date_start")["source_id"].tolist():
        pytest.skip("alphabetical order happens to be date order")
    assert "sort before you pick" in EX["1.2"].verdict(unsorted).lower()
