"""The war and the talks in dates: a timeline of cited events, and NATO enlargement.

Every event on the timeline is a dated fact with a citation (``timeline.csv``);
claims in the articles that refer to an event (``claims.event_ids``) are linked
to it, so students can check a claim against the record. The publication
dates of the articles can be marked on the same axis (``sources.date``; dates
the kit only inferred are labelled "inferred"), to discuss what each article
could have known when it was written.

Plain functions: :func:`timeline_events`, :func:`timeline_chart`,
:func:`timeline_summary`, :func:`event_claims`, :func:`source_dates`,
:func:`nato_growth`, :func:`nato_chart`, :func:`nato_summary`.
Widget: :func:`timeline_widget`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd

from peacekit._evidence import (
    Lookup,
    date_text,
    link_html,
    load,
    load_optional,
    text,
    unknown_ids_sentence,
)
from peacekit._html import esc, message
from peacekit._ui import jupyter_chart
from peacekit.style import categorical_scale, describe_chart, join_words, plural, summary_html

__all__ = [
    "timeline_events",
    "timeline_chart",
    "timeline_summary",
    "event_claims",
    "source_dates",
    "nato_growth",
    "nato_chart",
    "nato_summary",
    "timeline_widget",
]

_PathLike = str | Path | None

#: Shapes for the categories, in order (a second cue besides colour).
SHAPES: list[str] = [
    "circle",
    "square",
    "triangle-up",
    "diamond",
    "cross",
    "triangle-down",
    "triangle-right",
    "triangle-left",
    "wedge",
    "stroke",
]

_PANEL_WIDTH = 110  # characters per line in the chart's text panel
_PANEL_LINES = 16  # at most this many lines per event in the panel
_SELECTION = "event"


# ---------------------------------------------------------------------------
# Data
# ---------------------------------------------------------------------------


def _bound(value: Any, *, end: bool) -> pd.Timestamp | None:
    """A start/end bound: a year (int) means the whole year; else any date."""
    if value is None:
        return None
    if isinstance(value, int) and not isinstance(value, bool):
        return pd.Timestamp(year=value, month=12, day=31) if end else pd.Timestamp(year=value, month=1, day=1)
    stamp = pd.Timestamp(value)
    if end and isinstance(value, str) and len(value.strip()) == 4:
        return pd.Timestamp(year=stamp.year, month=12, day=31)
    return stamp


def _as_list(values: str | Iterable[str] | None) -> list[str] | None:
    if values is None:
        return None
    if isinstance(values, str):
        return [values]
    return [text(v) for v in values]


def _category_order(timeline: pd.DataFrame) -> list[str]:
    """Categories in a fixed order: the dataset's category order, present ones only."""
    present = {text(c) for c in timeline["category"].dropna()}
    if isinstance(timeline["category"].dtype, pd.CategoricalDtype):
        ordered = [str(c) for c in timeline["category"].cat.categories if str(c) in present]
    else:
        ordered = sorted(present)
    return ordered


def _events_frame(
    timeline: pd.DataFrame,
    links: pd.DataFrame,
    *,
    categories: list[str] | None,
    start: pd.Timestamp | None,
    end: pd.Timestamp | None,
) -> pd.DataFrame:
    counts = links.groupby("event_id", sort=False)["claim_id"].agg(list).to_dict() if not links.empty else {}
    rows = []
    keep = None if categories is None else set(categories)
    for r in timeline.to_dict("records"):
        when = r["date"]
        if pd.isna(when):
            continue
        category = text(r.get("category"))
        if keep is not None and category not in keep:
            continue
        if start is not None and when < start:
            continue
        if end is not None and when > end:
            continue
        eid = text(r["event_id"])
        claim_ids = [text(c) for c in counts.get(eid, [])]
        rows.append(
            {
                "event_id": eid,
                "date": pd.Timestamp(when),
                "year": int(pd.Timestamp(when).year),
                "event": text(r.get("event")),
                "category": category,
                "actors": text(r.get("actors")),
                "source_title": text(r.get("source_title")),
                "source_url": text(r.get("source_url")),
                "confidence": text(r.get("confidence")),
                "n_claims": len(claim_ids),
                "claim_ids": "; ".join(claim_ids),
            }
        )
    columns = [
        "event_id", "date", "year", "event", "category", "actors", "source_title",
        "source_url", "confidence", "n_claims", "claim_ids",
    ]  # fmt: skip
    frame = pd.DataFrame(rows, columns=columns)
    frame["date"] = pd.to_datetime(frame["date"])
    frame["n_claims"] = frame["n_claims"].astype("int64")
    return frame.sort_values(["date", "event_id"], kind="stable").reset_index(drop=True)


def timeline_events(
    *,
    categories: str | Iterable[str] | None = None,
    start: Any = None,
    end: Any = None,
    path: _PathLike = None,
) -> pd.DataFrame:
    """The cited events, filtered, with the number of claims that refer to each.

    This is the table :func:`timeline_chart` draws.

    Parameters
    ----------
    categories : str or iterable of str, optional
        Only these kinds of event (``timeline.category``); default all.
    start, end : int, str or date, optional
        Keep events on or after ``start`` and on or before ``end``. A whole
        number is a year (``end=2014`` keeps all of 2014).
    path : str or Path, optional
        A datasets folder (default: the kit's own).

    Returns
    -------
    pandas.DataFrame
        ``event_id, date, year, event, category, actors, source_title,
        source_url, confidence, n_claims`` (claims referring to the event)
        and ``claim_ids`` (``"; "``-separated), sorted by date.

    Raises
    ------
    ValueError
        For a category that is not in the dataset.
    """
    timeline = load("timeline", path=path)
    wanted = _as_list(categories)
    if wanted is not None:
        known = _category_order(timeline)
        unknown = [c for c in wanted if c not in known]
        if unknown:
            raise ValueError(unknown_ids_sentence(unknown, known, kind="category"))
    links = _claim_links(path)
    return _events_frame(
        timeline, links, categories=wanted, start=_bound(start, end=False), end=_bound(end, end=True)
    )


def _claim_links(path: _PathLike) -> pd.DataFrame:
    """(claim_id, event_id) pairs; empty when the dataset has no claims yet."""
    claims = load_optional("claims", path=path)
    if claims.empty:
        return pd.DataFrame({"claim_id": pd.Series(dtype="string"), "event_id": pd.Series(dtype="string")})
    return load("claim_events", path=path)


def timeline_summary(events: pd.DataFrame) -> str:
    """One sentence saying what the timeline shows (the chart's ``description``).

    Parameters
    ----------
    events : pandas.DataFrame
        The table from :func:`timeline_events`.
    """
    if events.empty:
        return "No events match this selection: widen the years or choose more kinds of event."
    first, last = int(events["year"].min()), int(events["year"].max())
    span = f"in {first}" if first == last else f"from {first} to {last}"
    kinds = list(dict.fromkeys(events["category"]))
    linked = int((events["n_claims"] > 0).sum())
    claims = int(events["n_claims"].sum())
    linked_text = (
        f"{plural(linked, 'of them is', 'of them are')} referred to by claims in the articles "
        f"({plural(claims, 'link')})"
        if linked
        else "none of them is referred to by a claim in the articles"
    )
    return (
        f"The timeline shows {plural(len(events), 'cited event')} {span} in "
        f"{plural(len(kinds), 'kind')} ({join_words(kinds)}); {linked_text}."
    )


def source_dates(*, path: _PathLike = None) -> pd.DataFrame:
    """When each article was published, as far as the kit knows.

    Parameters
    ----------
    path : str or Path, optional
        A datasets folder (default: the kit's own).

    Returns
    -------
    pandas.DataFrame
        ``source_id, short_label, date`` (first day of the dated period, NaT
        when unknown) ``, date_text`` (as precise as known), ``precision,
        confidence`` and ``label`` (e.g. ``"… : 2025-09 (inferred)"``).
    """
    sources = load_optional("sources", path=path)
    rows = []
    for r in sources.to_dict("records"):
        precision = text(r.get("date_precision")) or "unknown"
        start = r.get("date_start") if "date_start" in r else None
        if start is None or pd.isna(start):
            parsed = pd.to_datetime(text(r.get("date")) or None, errors="coerce", format="ISO8601")
            start = parsed if not pd.isna(parsed) else pd.NaT
        confidence = text(r.get("date_confidence")) or "unknown"
        when = date_text(start, precision=precision if precision in ("month", "year") else None)
        short = text(r.get("short_label")) or text(r.get("source_id"))
        if when:
            qualifier = {"inferred": " (inferred)", "unknown": " (date uncertain)"}.get(confidence, "")
            label = f"{short}: {when}{qualifier}"
        else:
            label = f"{short}: date unknown"
        rows.append(
            {
                "source_id": text(r.get("source_id")),
                "short_label": short,
                "date": start,
                "date_text": when,
                "precision": precision,
                "confidence": confidence,
                "label": label,
            }
        )
    columns = ["source_id", "short_label", "date", "date_text", "precision", "confidence", "label"]
    frame = pd.DataFrame(rows, columns=columns)
    frame["date"] = pd.to_datetime(frame["date"])
    return frame


# ---------------------------------------------------------------------------
# Claims referring to an event
# ---------------------------------------------------------------------------


def _event_claims(event_id: str, links: pd.DataFrame, claims: pd.DataFrame, lookup: Lookup) -> pd.DataFrame:
    ids = [text(c) for c, e in zip(links["claim_id"], links["event_id"], strict=True) if text(e) == event_id]
    columns = [
        "claim_id", "source_id", "source", "speaker", "speaker_role", "theme_id",
        "stance", "claim_type", "quote", "paraphrase",
    ]  # fmt: skip
    if not ids or claims.empty:
        return pd.DataFrame({c: pd.Series(dtype="Int64" if c == "stance" else "string") for c in columns})
    sub = claims[claims["claim_id"].astype("string").isin(ids)].copy()
    sub["source"] = [lookup.source_label(s) for s in sub["source_id"]]
    return sub.reindex(columns=columns).reset_index(drop=True)


def event_claims(event_id: str, *, path: _PathLike = None) -> pd.DataFrame:
    """The claims in the articles that refer to one timeline event.

    Parameters
    ----------
    event_id : str
        An ``event_id`` from ``timeline.csv``.
    path : str or Path, optional
        A datasets folder (default: the kit's own).

    Returns
    -------
    pandas.DataFrame
        ``claim_id, source_id, source`` (the source's short label) ``,
        speaker, speaker_role, theme_id, stance, claim_type, quote,
        paraphrase``; empty when no claim refers to the event.

    Raises
    ------
    ValueError
        When ``event_id`` is not in the timeline (the message suggests the
        closest id).
    """
    timeline = load("timeline", path=path)
    known = [text(e) for e in timeline["event_id"]]
    event_id = text(event_id)
    if event_id not in known:
        raise ValueError(unknown_ids_sentence([event_id], known, kind="event_id"))
    claims = load_optional("claims", path=path)
    lookup = Lookup.from_tables(sources=load_optional("sources", path=path))
    return _event_claims(event_id, _claim_links(path), claims, lookup)


# ---------------------------------------------------------------------------
# Timeline chart
# ---------------------------------------------------------------------------


def _panel_frame(events: pd.DataFrame, claims: pd.DataFrame, lookup: Lookup) -> pd.DataFrame:
    """The text of the chart's linked panel: one row per event, lines joined by newlines."""
    by_id = {text(r["claim_id"]): r for r in claims.to_dict("records")} if not claims.empty else {}
    rows = []
    for r in events.to_dict("records"):
        lines = textwrap.wrap(f"{date_text(r['date'])}: {r['event']}", _PANEL_WIDTH) or [""]
        cite = f"Source: {r['source_title'] or 'untitled'}" + (f" — {r['source_url']}" if r["source_url"] else "")
        lines += textwrap.wrap(cite, _PANEL_WIDTH)
        ids = [i for i in r["claim_ids"].split("; ") if i]
        lines.append(
            f"{plural(len(ids), 'claim')} in the articles refer{'s' if len(ids) == 1 else ''} to this event"
            + (":" if ids else ".")
        )
        for cid in ids:
            c = by_id.get(cid, {})
            who = text(c.get("speaker")) or "unnamed speaker"
            gist = text(c.get("paraphrase")) or text(c.get("quote"))
            lines += textwrap.wrap(
                f"• {cid}, {who} ({lookup.source_label(c.get('source_id'))}): {gist}",
                _PANEL_WIDTH,
                subsequent_indent="   ",
            )
        if len(lines) > _PANEL_LINES:
            rest = len(lines) - _PANEL_LINES + 1
            more = f"… {rest} more lines: the widget's event panel and event_claims() list every claim."
            lines = lines[: _PANEL_LINES - 1] + [more]
        rows.append({"event_id": r["event_id"], "n_lines": len(lines), "text": "\n".join(lines)})
    return pd.DataFrame(rows, columns=["event_id", "n_lines", "text"])


def _with_source_dates(top: alt.Chart, sources: pd.DataFrame, events: pd.DataFrame) -> alt.VConcatChart:
    """Add the articles' publication dates: dashed rules on the chart, labels in a strip above."""
    marks = sources.dropna(subset=["date"]).sort_values("date", kind="stable").reset_index(drop=True)
    dates = pd.concat([events["date"], marks["date"]])
    middle = dates.min() + (dates.max() - dates.min()) / 2
    marks = marks.assign(
        date_label=marks["date_text"],
        row=list(range(len(marks))),
        side=["right" if d > middle else "left" for d in marks["date"]],
    )
    rules = (
        alt.Chart(marks)
        .mark_rule(strokeDash=[4, 3], color="#555555", strokeWidth=1.2)
        .encode(x=alt.X("date:T"), tooltip=[alt.Tooltip("label:N", title="Article published")])
    )
    ticks = (
        alt.Chart(marks)
        .mark_point(shape="triangle-down", filled=True, color="#555555", size=60)
        .encode(
            x=alt.X("date:T", title=None, axis=None),
            y=alt.Y("row:O", axis=None, title=None),
            tooltip=[alt.Tooltip("label:N", title="Article published")],
        )
    )
    text_base = alt.Chart(marks).encode(
        x=alt.X("date:T", title=None, axis=None),
        y=alt.Y("row:O", axis=None, title=None),
        text=alt.Text("label:N"),
    )
    right = text_base.transform_filter("datum.side == 'right'").mark_text(align="right", dx=-7, fontSize=11)
    left = text_base.transform_filter("datum.side == 'left'").mark_text(align="left", dx=7, fontSize=11)
    strip = alt.layer(ticks, right, left).properties(
        width=660,
        height=14 * max(len(marks), 1),
        title=alt.TitleParams("Articles published (dashed lines)", anchor="start", fontSize=12),
    )
    return alt.vconcat(strip, alt.layer(top, rules), spacing=4).resolve_scale(x="shared")


def _build_timeline_chart(
    events: pd.DataFrame,
    panel: pd.DataFrame,
    sources: pd.DataFrame | None,
    *,
    domain: list[str],
    summary: str,
) -> alt.VConcatChart:
    selection = alt.selection_point(name=_SELECTION, fields=["event_id"], on="click", clear="dblclick")
    # one dataset for the marks and the panel, only the columns the chart uses:
    # the spec is the chart widget's state, sent to the browser (docs/charts.md); the
    # citation is in the panel text, so the tooltip does not carry it a second time
    used = ["event_id", "date", "category", "n_claims", "event"]
    data = events[used].assign(date_label=events["date"].dt.strftime("%Y-%m-%d"))
    data = data.merge(panel[["event_id", "text"]], on="event_id", how="left")
    data["text"] = data["text"].fillna("")
    n_rows = max(len(domain), 1)
    base = alt.Chart(data)
    points = (
        base.mark_point(filled=True, stroke="black", strokeWidth=0.6)
        .encode(
            x=alt.X(
                "date:T", title="Date", axis=alt.Axis(format="%Y", labelOverlap=True), scale=alt.Scale(padding=12)
            ),
            y=alt.Y("category:N", title="Kind of event", sort=domain, scale=alt.Scale(domain=domain)),
            shape=alt.Shape(
                "category:N",
                title="Kind of event",
                scale=alt.Scale(domain=domain, range=[SHAPES[i % len(SHAPES)] for i in range(len(domain))]),
            ),
            color=alt.Color("category:N", title="Kind of event", scale=categorical_scale(domain)),
            size=alt.Size(
                "n_claims:Q",
                title="Claims referring to it",
                scale=alt.Scale(domainMin=0, range=[50, 500]),
            ),
            opacity=alt.condition(selection, alt.value(1.0), alt.value(0.45)),
            tooltip=[
                alt.Tooltip("date_label:N", title="Date"),
                alt.Tooltip("event:N", title="Event"),
                alt.Tooltip("category:N", title="Kind of event"),
                alt.Tooltip("n_claims:Q", title="Claims referring to it"),
                alt.Tooltip("event_id:N", title="Event id"),
            ],
        )
        .add_params(selection)
    )
    top: Any = points.properties(width=660, height=max(36 * n_rows, 120))
    if sources is not None and not sources["date"].dropna().empty:
        top = _with_source_dates(top, sources, events)

    # one text mark per event, its lines split at "\n" by Vega (lineBreak): a small spec
    n_lines = int(panel["n_lines"].max()) if not panel.empty else 1
    hint_text = "Click an event above to see its citation and the claims that refer to it (double-click to clear)."
    hint = pd.DataFrame({"event_id": [""], "text": [hint_text]})
    panel_text = (
        base
        .mark_text(align="left", baseline="top", fontSize=12, lineBreak="\n", lineHeight=16)
        .encode(x=alt.value(4), y=alt.value(4), text=alt.Text("text:N"))
        .transform_filter({"param": _SELECTION, "empty": False})
    )
    panel_hint = (
        alt.Chart(hint)
        .mark_text(align="left", baseline="top", fontSize=12, fontStyle="italic")
        .encode(x=alt.value(4), y=alt.value(4), text=alt.Text("text:N"))
        .transform_filter({"param": _SELECTION, "empty": True})
    )
    bottom = alt.layer(panel_hint, panel_text).properties(
        width=660,
        height=16 * max(n_lines, 1) + 8,
        title=alt.TitleParams("Selected event", anchor="start", fontSize=13),
    )
    chart = alt.vconcat(top, bottom, spacing=12)
    return describe_chart(
        chart,
        title="The war and the talks in dates",
        subtitle="Each mark is a cited event; bigger marks are referred to by more claims. Click one for details.",
        description=summary,
    )


def timeline_chart(
    *,
    categories: str | Iterable[str] | None = None,
    start: Any = None,
    end: Any = None,
    show_sources: bool = False,
    path: _PathLike = None,
) -> alt.VConcatChart:
    """Chart the cited events on a time axis, one row per kind of event.

    Each event is a point with a shape *and* a colour per kind (so the kind
    can be read without colour); its size is the number of claims that refer
    to it. Tooltips give the date, the event sentence and its source. Clicking
    an event (an altair point selection named ``"event"``) lists its citation
    and the claims that refer to it in a linked text panel under the chart.

    Parameters
    ----------
    categories, start, end
        As in :func:`timeline_events`.
    show_sources : bool
        Mark the articles' publication dates as dashed vertical rules with
        labels (inferred dates say "inferred").
    path : str or Path, optional
        A datasets folder (default: the kit's own).

    Returns
    -------
    altair.VConcatChart
        The timeline above the linked text panel; its ``description`` is
        :func:`timeline_summary` of the events drawn.
    """
    timeline = load("timeline", path=path)
    events = timeline_events(categories=categories, start=start, end=end, path=path)
    claims = load_optional("claims", path=path)
    lookup = Lookup.from_tables(sources=load_optional("sources", path=path))
    domain = _category_order(timeline)
    if categories is not None:
        domain = [c for c in domain if c in set(_as_list(categories) or [])]
    return _build_timeline_chart(
        events,
        _panel_frame(events, claims, lookup),
        source_dates(path=path) if show_sources else None,
        domain=domain,
        summary=timeline_summary(events),
    )


# ---------------------------------------------------------------------------
# NATO enlargement
# ---------------------------------------------------------------------------


def nato_growth(*, path: _PathLike = None) -> pd.DataFrame:
    """NATO membership by accession date, with the running total.

    Parameters
    ----------
    path : str or Path, optional
        A datasets folder (default: the kit's own).

    Returns
    -------
    pandas.DataFrame
        One row per accession date: ``date, round`` (enlargement round)
        ``, countries`` (comma-separated) ``, joined`` (number) and
        ``members`` (the total after that date), in date order.
    """
    members = load("nato_members", path=path)
    rows = []
    frame = members.dropna(subset=["accession_date"]).sort_values(["accession_date", "country"], kind="stable")
    for when, group in frame.groupby("accession_date", sort=True):
        rounds = list(dict.fromkeys(text(r) for r in group["enlargement_round"]))
        rows.append(
            {
                "date": pd.Timestamp(when),
                "round": "; ".join(r for r in rounds if r) or date_text(when, precision="year"),
                "countries": ", ".join(text(c) for c in group["country"]),
                "joined": len(group),
            }
        )
    out = pd.DataFrame(rows, columns=["date", "round", "countries", "joined"])
    out["date"] = pd.to_datetime(out["date"])
    out["joined"] = out["joined"].astype("int64")
    out["members"] = out["joined"].cumsum().astype("int64")
    return out


def nato_summary(growth: pd.DataFrame) -> str:
    """One sentence describing NATO's growth (the chart's ``description``).

    Parameters
    ----------
    growth : pandas.DataFrame
        The table from :func:`nato_growth`.
    """
    if growth.empty:
        return "No NATO accession dates are recorded in this dataset."
    first, last = growth.iloc[0], growth.iloc[-1]
    later = len(growth) - 1
    return (
        f"NATO grew from {plural(int(first['joined']), 'member')} in {first['date'].year} to "
        f"{plural(int(last['members']), 'member')} by {last['date'].year}, "
        f"in {plural(later, 'later enlargement')}; the latest added {last['countries']}."
    )


def _round_labels(growth: pd.DataFrame, *, min_gap_days: int = 730) -> list[str]:
    """One upright label per round; rounds under two years apart share one label."""
    labels: list[str] = []
    anchor = None
    for i, (when, name, joined) in enumerate(zip(growth["date"], growth["round"], growth["joined"], strict=True)):
        item = f"{name} (+{joined})"
        if anchor is not None and (when - growth["date"].iloc[anchor]).days < min_gap_days:
            labels[anchor] += f" · {item}"
            labels.append("")
        else:
            anchor = i
            labels.append(item)
    return labels


def nato_chart(*, path: _PathLike = None) -> alt.LayerChart:
    """Chart NATO's member count over time as a step line, rounds labelled.

    Parameters
    ----------
    path : str or Path, optional
        A datasets folder (default: the kit's own).

    Returns
    -------
    altair.LayerChart
        A step line of the running total, a point per enlargement (tooltips
        name the countries) and a text label per round; ``description`` is
        :func:`nato_summary`.
    """
    growth = nato_growth(path=path)
    data = growth.assign(
        year=[int(d.year) for d in growth["date"]],
        date_label=[date_text(d) for d in growth["date"]],
        label=_round_labels(growth),
    )
    base = alt.Chart(data).encode(
        x=alt.X("date:T", title="Year of joining", axis=alt.Axis(format="%Y"), scale=alt.Scale(padding=16)),
        y=alt.Y("members:Q", title="Member countries", scale=alt.Scale(domainMin=0)),
    )
    line = base.mark_line(interpolate="step-after", color="#0072B2", strokeWidth=2.5)
    points = base.mark_point(filled=True, size=70, shape="circle", color="#0072B2").encode(
        tooltip=[
            alt.Tooltip("date_label:N", title="Date"),
            alt.Tooltip("round:N", title="Enlargement round"),
            alt.Tooltip("countries:N", title="Countries joining"),
            alt.Tooltip("joined:Q", title="Joined"),
            alt.Tooltip("members:Q", title="Members after"),
        ]
    )
    # round labels stand upright along the bottom of the chart, under the empty
    # area beneath the step line, so neighbouring rounds never cover each other's text
    labels = [
        alt.Chart(data)
        .transform_filter("datum.label != ''")
        .mark_text(angle=270, align="left", baseline="middle", dy=8, dx=6, fontSize=11, color="#333333")
        .encode(x=alt.X("date:T"), y=alt.datum(0), text=alt.Text("label:N"))
    ]
    chart = alt.layer(line, points, *labels).properties(width=640, height=320)
    return describe_chart(
        chart,
        title="NATO membership over time",
        subtitle="Each step is an enlargement round; the upright labels give the round and how many countries joined.",
        description=nato_summary(growth),
    )


# ---------------------------------------------------------------------------
# Widget
# ---------------------------------------------------------------------------


def _event_panel_html(event_id: str | None, events: pd.DataFrame, claims_html: dict[str, list[str]]) -> str:
    if event_id is None:
        return message(
            "Choose an event in the list (or click one on the chart) to see its citation "
            "and the claims that refer to it."
        )
    match = events[events["event_id"] == event_id]
    if match.empty:
        return message("That event is not in the current selection; choose another event.")
    r = match.iloc[0]
    items = claims_html.get(event_id, [])
    claims_part = (
        f"<p><strong>{esc(plural(len(items), 'claim'))} in the articles refer{'s' if len(items) == 1 else ''} "
        f"to this event:</strong></p><ul>{''.join(f'<li>{i}</li>' for i in items)}</ul>"
        if items
        else "<p>No claim in the articles refers to this event.</p>"
    )
    return (
        f'<div class="pk-event" role="region" aria-label="Selected event">'
        f"<p><strong>{esc(date_text(r['date']))}</strong> · {esc(r['category'])} · "
        f"<code>{esc(r['event_id'])}</code></p>"
        f"<p>{esc(r['event'])}</p>"
        + (f"<p><small>Actors: {esc(r['actors'])}</small></p>" if r["actors"] else "")
        + f"<p>Source: {link_html(r['source_title'], r['source_url'])}</p>"
        f"{claims_part}</div>"
    )


def _sources_html(dates: pd.DataFrame) -> str:
    if dates.empty:
        return message("This dataset lists no articles, so there are no publication dates to mark.")
    dated = dates.dropna(subset=["date"]).sort_values("date")
    undated = dates[dates["date"].isna()]
    items = "".join(f"<li>{esc(label)}</li>" for label in dated["label"])
    text_html = (
        "<p><strong>Article publication dates</strong> (dashed lines on the chart; "
        "“inferred” means the kit worked the date out rather than reading it on the page):</p>"
        f"<ul>{items}</ul>"
    )
    if not undated.empty:
        text_html += f"<p>No date is known for: {esc(join_words(undated['short_label']))}.</p>"
    return text_html


def timeline_widget(*, path: _PathLike = None) -> Any:
    """Explore the timeline: filter by kind and years, pick an event, see its claims.

    Parameters
    ----------
    path : str or Path, optional
        A datasets folder (default: the kit's own).

    Returns
    -------
    ipywidgets.VBox
        With two dict attributes, so notebooks, tests and benchmarks can drive it:

        ``controls``
            ``"categories"`` — ``SelectMultiple`` of kinds of event (default all);
            ``"start"`` / ``"end"`` — ``BoundedIntText`` "From year" / "To year"
            (number boxes, not sliders: ipywidgets' slider handle has no
            accessible name, an axe-core WCAG 2.1 A violation);
            ``"event"`` — ``Dropdown`` of the events shown (``None`` = none chosen);
            also set by clicking an event on the chart;
            ``"sources"`` — ``Checkbox`` "Mark article publication dates".
        ``views``
            ``"chart"`` — ``alt.JupyterChart`` of :func:`timeline_chart`;
            ``"summary"`` — ``HTML``: the chart's one-sentence summary;
            ``"event"`` — ``HTML``: the chosen event's sentence, date,
            citation and the claims that refer to it;
            ``"sources"`` — ``HTML``: the articles' publication dates (when
            the checkbox is ticked).
    """
    import ipywidgets as widgets
    from altair.utils.selection import PointSelection

    from peacekit.style import CONTROL_STYLE

    timeline = load("timeline", path=path)
    claims = load_optional("claims", path=path)
    sources = load_optional("sources", path=path)
    links = _claim_links(path)
    lookup = Lookup.from_tables(claims=claims, sources=sources)
    all_events = _events_frame(timeline, links, categories=None, start=None, end=None)
    domain = _category_order(timeline)
    panel_all = _panel_frame(all_events, claims, lookup)
    dates = source_dates(path=path)
    claims_html = {
        eid: [lookup.claim_html(c) for c in ids.split("; ") if c in lookup.claims]
        for eid, ids in zip(all_events["event_id"], all_events["claim_ids"], strict=True)
    }
    years = all_events["year"] if not all_events.empty else pd.Series([2000])
    lo, hi = int(years.min()), int(years.max())

    categories = widgets.SelectMultiple(
        options=domain,
        value=tuple(domain),
        description="Kinds of event",
        tooltip="Choose the kinds of event to show (Ctrl/Cmd or Shift + arrows for several)",
        rows=min(max(len(domain), 2), 9),
        style=CONTROL_STYLE,
    )
    # number boxes with a label, not IntSliders: a slider's handle has no accessible name
    # (axe-core, WCAG 2.1 A; tests/browser/test_accessibility_lab.py)
    start = widgets.BoundedIntText(
        value=lo, min=lo, max=hi, description="From year", tooltip="First year shown", style=CONTROL_STYLE,
        continuous_update=False
    )
    end = widgets.BoundedIntText(
        value=hi, min=lo, max=hi, description="To year", tooltip="Last year shown", style=CONTROL_STYLE,
        continuous_update=False
    )
    event = widgets.Dropdown(
        options=[("(choose an event)", None)],
        value=None,
        description="Event",
        tooltip="Choose an event to see its citation and the claims that refer to it",
        style=CONTROL_STYLE,
        layout=widgets.Layout(width="auto", max_width="900px"),
    )
    show_sources = widgets.Checkbox(
        value=False,
        description="Mark article publication dates",
        tooltip="Draw a dashed line at each article's publication date",
        indent=False,
        style=CONTROL_STYLE,
    )
    summary_view = widgets.HTML()
    event_view = widgets.HTML()
    sources_view = widgets.HTML()

    def current() -> pd.DataFrame:
        chosen = set(categories.value)
        mask = all_events["category"].isin(chosen) & all_events["year"].between(start.value, end.value)
        return all_events[mask].reset_index(drop=True)

    def make_chart(events: pd.DataFrame) -> alt.VConcatChart:
        panel = panel_all[panel_all["event_id"].isin(set(events["event_id"]))]
        shown_domain = [c for c in domain if c in set(categories.value)]
        return _build_timeline_chart(
            events,
            panel,
            dates if show_sources.value else None,
            domain=shown_domain,
            summary=timeline_summary(events),
        )

    chart_view = jupyter_chart(make_chart(all_events))

    def problem() -> str | None:
        if not categories.value:
            return "No kind of event is chosen. Choose at least one kind of event."
        if start.value > end.value:
            return (
                f"“From year” ({start.value}) is after “To year” ({end.value}); "
                "change one of the years so the range is not empty."
            )
        return None

    def refresh_filters(_change: Any = None) -> None:
        events = current()
        issue = problem()
        if issue is not None:
            events = events.iloc[0:0]
        chart_view.chart = make_chart(events)
        summary_view.value = message(issue) if issue else summary_html(timeline_summary(events))
        options: list[tuple[str, Any]] = [("(choose an event)", None)]
        for r in events.to_dict("records"):
            short = r["event"] if len(r["event"]) <= 90 else r["event"][:89] + "…"
            options.append((f"{date_text(r['date'])} · {short}", r["event_id"]))
        keep = event.value if event.value in {v for _, v in options} else None
        event.unobserve(refresh_event, names="value")
        event.options = options
        event.value = keep
        event.observe(refresh_event, names="value")
        if not events.empty or issue:
            refresh_event()
        else:
            event_view.value = message(timeline_summary(events))

    def refresh_event(_change: Any = None) -> None:
        issue = problem()
        if issue is not None:
            event_view.value = message("No events are shown, so there is no event to choose.")
            return
        event_view.value = _event_panel_html(event.value, current(), claims_html)

    def refresh_sources(_change: Any = None) -> None:
        sources_view.value = _sources_html(dates) if show_sources.value else ""
        chart_view.chart = make_chart(current() if problem() is None else all_events.iloc[0:0])

    def chart_selected(change: Any) -> None:
        raw = (change["new"] or {}).get(_SELECTION)
        if not raw:
            return
        selection = PointSelection.from_vega(_SELECTION, signal=raw.get("value"), store=raw.get("store", []))
        values = [v.get("event_id") for v in selection.value if isinstance(v, dict)]
        if values and values[0] in {v for _, v in event.options}:
            event.value = values[0]

    for control in (categories, start, end):
        control.observe(refresh_filters, names="value")
    event.observe(refresh_event, names="value")
    show_sources.observe(refresh_sources, names="value")
    chart_view.observe(chart_selected, names="_vl_selections")
    refresh_filters()

    if all_events.empty:
        summary_view.value = message("This dataset has no dated events, so the timeline is empty.")

    box = widgets.VBox(
        [
            widgets.HBox([categories, widgets.VBox([start, end, show_sources])]),
            chart_view,
            summary_view,
            sources_view,
            event,
            event_view,
        ]
    )
    box.controls = {"categories": categories, "start": start, "end": end, "event": event, "sources": show_sources}
    box.views = {"chart": chart_view, "summary": summary_view, "event": event_view, "sources": sources_view}
    return box
