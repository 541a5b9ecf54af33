"""Checks for lesson 01, "The war and the talks in dates".

1.1  events per category in a period (a count table checked against pk.timeline())
1.2  the sources' dates as a table (checked against pk.sources())
1.3  later events that bear on a source's claims (event after the source's
     latest possible date; claim belongs to that source)
1.4  a bar chart spec of events per year by category (checked via to_dict())

Expected answers are computed from the datasets at check time. The period,
the source and the like come from the check call's context, never from
literals here.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

# The loaders are taken from peacekit.data directly, so a checker never depends
# on what the package namespace holds.
from peacekit import data as _data
from peacekit._values import friendly_type, safe_repr
from peacekit.checks._shapes import known_date_sentence, latest_possible_date, need_counts, need_mapping
from peacekit.checks.core import NotYet, exercise, need_frame, reworded

__all__: list[str] = []


def _period(context: dict[str, Any]) -> tuple[pd.Timestamp, pd.Timestamp]:
    start = pd.Timestamp(context.get("start", "1900-01-01"))
    end = pd.Timestamp(context.get("end", "2100-12-31"))
    return start, end


# ---------------------------------------------------------------- 1.1
@exercise(
    "1.1",
    what=(
        "your counts per category equal the number of pk.timeline() events in each category "
        "dated within the period (both ends included)"
    ),
    hints=[
        "Keep the rows of pk.timeline() whose date is on or after the start: "
        "t[t[\"date\"] >= \"2022-02-24\"]. Then count the values of the category column.",
        "counts = t[t[\"date\"] >= \"2022-02-24\"][\"category\"].value_counts() gives one number per category.",
        "On or after means >=, not >: an event on the start day itself belongs in the period.",
    ],
)
def _events_per_category(answer: object, **context: Any) -> None:
    got = need_counts(answer, key="category")
    t = _data.timeline()
    start, end = _period(context)
    in_period = t[(t["date"] >= start) & (t["date"] <= end)]
    expected = {str(k): int(v) for k, v in in_period["category"].value_counts().items() if v}
    if got == expected:
        return None
    everything = {str(k): int(v) for k, v in t["category"].value_counts().items() if v}
    if got == everything and got != expected:
        raise NotYet("you counted every event on the timeline; keep only the events in the period first.")
    strictly_after = t[(t["date"] > start) & (t["date"] <= end)]
    if got == {str(k): int(v) for k, v in strictly_after["category"].value_counts().items() if v}:
        raise NotYet(f"you left out events dated on {start:%d %B %Y} itself; the period includes its first day (>=).")
    unknown = sorted(set(got) - set(t["category"].astype("string")))
    if unknown:
        raise NotYet(f"{safe_repr(unknown[0])} is not a category in pk.timeline(); count the category column.")
    if sum(got.values()) != len(in_period):
        raise NotYet(
            f"your counts add up to {sum(got.values())}, but {len(in_period)} events fall in the period; "
            "check the date filter."
        )
    wrong = sorted(k for k in set(got) | set(expected) if got.get(k, 0) != expected.get(k, 0))
    raise NotYet(f"the total is right but the count for {safe_repr(wrong[0])} is not; count the category column.")


# ---------------------------------------------------------------- 1.2
_DATE_COLUMNS = ["source_id", "date", "date_precision", "date_confidence"]


@exercise(
    "1.2",
    what=(
        "your table has one row per source with the source_id, date, date_precision and "
        "date_confidence of pk.sources(), sorted from oldest to newest with the undated source last"
    ),
    hints=[
        "Start from pk.sources() and keep four columns with double brackets: "
        "s[[\"source_id\", \"date\", \"date_precision\", \"date_confidence\"]].",
        "Sort before you pick the columns: s.sort_values(\"date_start\") sorts by the first day each date "
        "can mean (the date column is text, e.g. \"2025-09\"); pandas puts a missing date last.",
    ],
)
def _source_dates(answer: object, **context: Any) -> None:
    s = _data.sources()
    expected = s.sort_values("date_start", na_position="last")[_DATE_COLUMNS]
    table = need_frame(answer, expected, key="source_id", columns=_DATE_COLUMNS)
    got_order = table["source_id"].astype("string").tolist()
    want_order = expected["source_id"].astype("string").tolist()
    if got_order != want_order:
        raise NotYet(
            "you have the right rows, but not from oldest to newest (undated last). Sort before you pick the "
            "columns, because date_start is not one of the four: s.sort_values(\"date_start\")[[...]]."
        )


# ---------------------------------------------------------------- 1.3
def _source_row(source_id: object) -> pd.Series:
    s = _data.sources()
    if not isinstance(source_id, str) or not source_id.strip():
        raise NotYet("the check cell should name a source: check(\"1.3\", later, source=\"...\").")
    match = s[s["source_id"] == source_id.strip()]
    if match.empty:
        raise NotYet(f"{safe_repr(source_id)} is not a source_id in pk.sources(); check the spelling.")
    return match.iloc[0]


@exercise(
    "1.3",
    what=(
        "every event_id you listed is on pk.timeline() and dated after the last day the chosen source "
        "could have been written, and every claim_id you paired with it is a claim of that source "
        "(whether the event really bears on the claim is for your discussion)"
    ),
    hints=[
        "First find the source's date and its precision in pk.sources(). A month-only date could be "
        "any day of that month, so only events after the month's last day are certainly later.",
        "Filter pk.timeline() to events after that day; then look at the source's claims with "
        "pk.claims() and pair each later event with one claim_id it tests: {\"event-id\": \"C0..\", ...}.",
        "The kit links no claim to a later event, so you make the link: read each later event and ask which "
        "claim of the source it tests (same theme, e.g. troops, guarantees, talks). Give at least two pairs.",
    ],
)
def _later_events(answer: object, **context: Any) -> None:
    row = _source_row(context.get("source"))
    source_id = str(row["source_id"])
    with reworded(after=" Pair each later event with a claim: {\"event-id\": \"C0..\"}."):
        pairs = need_mapping(answer, what="your answer")
    if any(k is Ellipsis or v is Ellipsis for k, v in pairs.items()):
        raise NotYet("replace every ... in your dictionary with an event_id or a claim_id.")
    minimum = int(context.get("minimum", 2))
    if len(pairs) < minimum:
        raise NotYet(f"give at least {minimum} pairs of a later event and a claim; you gave {len(pairs)}.")
    latest = latest_possible_date(row["date_start"], row["date_precision"])
    if latest is None:
        raise NotYet(
            f"the date of {source_id} is unknown, so no event can be shown to come after it; "
            "choose a source with a known date."
        )
    t = _data.timeline().set_index("event_id")
    claims = _data.claims()
    own = set(claims.loc[claims["source_id"] == source_id, "claim_id"].astype("string"))
    all_claims = set(claims["claim_id"].astype("string"))
    when = known_date_sentence(row["date_start"], row["date_precision"])
    for event_id, claim_id in pairs.items():
        if not isinstance(event_id, str):
            raise NotYet(f"each key should be an event_id written as text; {safe_repr(event_id)} is a {friendly_type(event_id)}.")
        event_id = event_id.strip()
        if event_id not in t.index:
            raise NotYet(f"{safe_repr(event_id)} is not an event_id in pk.timeline(); copy it from the event_id column.")
        event_date = pd.Timestamp(t.at[event_id, "date"])
        if event_date <= latest:
            if str(row["date_precision"]) != "day" and event_date >= pd.Timestamp(row["date_start"]):
                raise NotYet(
                    f"{event_id} ({event_date:%d %B %Y}) falls in the same period as {source_id}, dated {when}: "
                    "the text may have been written after it. Choose events after that period."
                )
            raise NotYet(
                f"{event_id} happened on {event_date:%d %B %Y}, before {source_id} was written ({when}); "
                "the text could already know it. Choose events after the source's date."
            )
        if not isinstance(claim_id, str):
            raise NotYet(
                f"pair {event_id} with one claim_id written as text (\"C0..\"); "
                f"you gave a {friendly_type(claim_id)}."
            )
        claim_id = claim_id.strip()
        if claim_id not in all_claims:
            raise NotYet(f"{safe_repr(claim_id)} is not a claim_id in pk.claims(); check the spelling.")
        if claim_id not in own:
            raise NotYet(f"{claim_id} is a claim of another source, not of {source_id}; pair each event with a claim of {source_id}.")


# ---------------------------------------------------------------- 1.4
def _field(channel: object) -> tuple[str, str, str]:
    """Return (field, timeUnit, aggregate) of an encoding channel dict."""
    if not isinstance(channel, dict):
        return "", "", ""
    return str(channel.get("field", "")), str(channel.get("timeUnit", "")), str(channel.get("aggregate", ""))


@exercise(
    "1.4",
    what=(
        "your chart draws bars from every row of pk.timeline(), with the year of the date on one axis, "
        "the count of events on the other, colour by category, and a title"
    ),
    hints=[
        "Start from alt.Chart(pk.timeline()).mark_bar() and add .encode(x=..., y=..., color=...).",
        "x=\"year(date):O\" puts one bar per year; y=\"count()\" counts the events; color=\"category:N\".",
        "Add a title with .properties(title=\"...\"), so a reader knows what the chart shows.",
    ],
)
def _chart_spec(answer: object, **context: Any) -> None:
    import altair as alt

    if not isinstance(answer, alt.Chart):
        if isinstance(answer, alt.TopLevelMixin):
            raise NotYet("give a single chart (alt.Chart(...)), not a layered or combined one.")
        raise NotYet(f"give an altair chart, alt.Chart(pk.timeline()).mark_bar()...; you gave a {friendly_type(answer)}.")
    spec = answer.to_dict()
    mark = spec.get("mark")
    mark_type = mark.get("type") if isinstance(mark, dict) else mark
    if mark_type != "bar":
        raise NotYet(f"use bars (.mark_bar()); your chart uses {safe_repr(mark_type)}.")
    data = answer.data
    t = _data.timeline()
    if not isinstance(data, pd.DataFrame) or len(data) != len(t) or "date" not in data.columns:
        raise NotYet("draw the chart from the whole timeline: alt.Chart(pk.timeline()).")
    encoding = spec.get("encoding", {})
    x_field, x_unit, x_agg = _field(encoding.get("x"))
    y_field, y_unit, y_agg = _field(encoding.get("y"))
    year_axis = {("date", "year"), ("date", "utcyear")}
    if (x_field, x_unit) in year_axis and y_agg == "count":
        pass
    elif (y_field, y_unit) in year_axis and x_agg == "count":
        pass  # horizontal bars are fine too
    elif "count" not in (x_agg, y_agg):
        raise NotYet("one axis should count the events: y=\"count()\".")
    else:
        raise NotYet("the other axis should be the year of the date: x=\"year(date):O\".")
    color_field, _, _ = _field(encoding.get("color"))
    if color_field != "category":
        raise NotYet("colour the bars by category: color=\"category:N\".")
    title = spec.get("title")
    text = title.get("text") if isinstance(title, dict) else title
    if not text or not str(text).strip():
        raise NotYet("give the chart a title: .properties(title=\"...\").")
