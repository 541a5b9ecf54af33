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
Widget: :func:`timeline_widget` (:class:`peacekit.widgets.timeline.TimelineWidget`).
Every function reads the data through a :class:`peacekit.case.Case`.
"""

from __future__ import annotations

import functools
import textwrap
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pandas as pd

from peacekit._evidence import date_text
from peacekit._vega import dataset_ref, trusted_chart, unit_spec
from peacekit._values import as_list, text, unknown_ids_sentence
from peacekit.case import Case
from peacekit.style import categorical_colors, categorical_scale, join_words, plural

if TYPE_CHECKING:  # altair is imported by the functions that draw (it takes over a second)
    import altair as alt

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
    return _timeline_events(Case(path=path), categories=categories, start=start, end=end)


def _wanted_categories(timeline: pd.DataFrame, categories: str | Iterable[str] | None) -> list[str] | None:
    """``categories`` as a list (``None``: all); a ValueError names any unknown one."""
    wanted = as_list(categories, text)
    if wanted is not None:
        known = _category_order(timeline)
        unknown = [c for c in wanted if c not in known]
        if unknown:
            raise ValueError(unknown_ids_sentence(unknown, known, kind="category"))
    return wanted


def _timeline_events(
    case: Case, *, categories: str | Iterable[str] | None = None, start: Any = None, end: Any = None
) -> pd.DataFrame:
    """:func:`timeline_events` on a loaded case."""
    timeline = case.table("timeline")
    wanted = _wanted_categories(timeline, categories)
    return _events_frame(
        timeline, _claim_links(case), categories=wanted, start=_bound(start, end=False), end=_bound(end, end=True)
    )


def _claim_links(case: Case) -> pd.DataFrame:
    """(claim_id, event_id) pairs; empty when the dataset has no claims yet."""
    if case.optional_table("claims").empty:
        return pd.DataFrame({"claim_id": pd.Series(dtype="string"), "event_id": pd.Series(dtype="string")})
    return case.table("claim_events")


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
    return _source_dates(Case(path=path))


def _source_dates(case: Case) -> pd.DataFrame:
    """:func:`source_dates` on a loaded case."""
    rows = []
    for r in case.optional_table("sources").to_dict("records"):
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


def _event_claims(event_id: str, links: pd.DataFrame, claims: pd.DataFrame, lookup: Any) -> pd.DataFrame:
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
    case = Case(path=path)
    known = [text(e) for e in case.table("timeline")["event_id"]]
    event_id = text(event_id)
    if event_id not in known:
        raise ValueError(unknown_ids_sentence([event_id], known, kind="event_id"))
    return _event_claims(event_id, _claim_links(case), case.optional_table("claims"), case.evidence)


# ---------------------------------------------------------------------------
# Timeline chart
# ---------------------------------------------------------------------------

#: The widget's filter params: its chart holds every event once and Vega filters
#: them, so a control change sends a few bytes instead of a new chart.
CATEGORIES_PARAM = "pk_categories"
START_PARAM = "pk_start"
END_PARAM = "pk_end"
SOURCES_PARAM = "pk_sources"
_WIDGET_FILTER = (
    f"indexof({CATEGORIES_PARAM}, datum.category) >= 0"
    f" && year(datum.date) >= {START_PARAM} && year(datum.date) <= {END_PARAM}"
)


def _claims_by_id(case: Case, events: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """The claims that refer to ``events``, as records by claim id."""
    claims = case.optional_table("claims")
    if claims.empty:
        return {}
    wanted = {i for ids in events["claim_ids"] for i in ids.split("; ") if i}
    rows = claims[claims["claim_id"].astype("string").isin(wanted)]
    return {text(r["claim_id"]): r for r in rows.to_dict("records")}


def _panel_frame(events: pd.DataFrame, case: Case) -> pd.DataFrame:
    """The text of the chart's linked panel: one row per event, lines joined by newlines."""
    by_id = _claims_by_id(case, events)
    lookup = case.evidence
    rows = []
    for r in events.to_dict("records"):
        head = f"{date_text(r['date'])}: {r['event']}"
        cite = f"Source: {r['source_title'] or 'untitled'}" + (f" — {r['source_url']}" if r["source_url"] else "")
        claims = []
        for cid in (i for i in r["claim_ids"].split("; ") if i):
            c = by_id.get(cid, {})
            who = text(c.get("speaker")) or "unnamed speaker"
            gist = text(c.get("paraphrase")) or text(c.get("quote"))
            claims.append(f"• {cid}, {who} ({lookup.source_label(c.get('source_id'))}): {gist}")
        n_lines, panel_text = _panel_text(head, cite, tuple(claims))
        rows.append({"event_id": r["event_id"], "n_lines": n_lines, "text": panel_text})
    return pd.DataFrame(rows, columns=["event_id", "n_lines", "text"])


@functools.lru_cache(maxsize=4096)
def _panel_text(head: str, cite: str, claims: tuple[str, ...]) -> tuple[int, str]:
    """One event's panel text, wrapped (number of lines, lines joined by newlines).

    Kept per text: wrapping is most of the time it takes to make the panel, and
    each chart and the widget of a lesson show the same events.
    """
    lines = textwrap.wrap(head, _PANEL_WIDTH) or [""]
    lines += textwrap.wrap(cite, _PANEL_WIDTH)
    lines.append(
        f"{plural(len(claims), 'claim')} in the articles refer{'s' if len(claims) == 1 else ''} to this event"
        + (":" if claims else ".")
    )
    for claim in claims:
        lines += textwrap.wrap(claim, _PANEL_WIDTH, subsequent_indent="   ")
    if len(lines) > _PANEL_LINES:
        rest = len(lines) - _PANEL_LINES + 1
        more = f"… {rest} more lines: the widget's event panel and event_claims() list every claim."
        lines = lines[: _PANEL_LINES - 1] + [more]
    return len(lines), "\n".join(lines)


def _source_marks(sources: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """The dated articles, one row each: date, label, row in the strip and the side its label goes."""
    marks = sources.dropna(subset=["date"]).sort_values("date", kind="stable").reset_index(drop=True)
    dates = pd.concat([events["date"], marks["date"]])
    middle = dates.min() + (dates.max() - dates.min()) / 2
    # only the columns the marks use: the spec is the chart widget's state (docs/charts.md)
    return pd.DataFrame(
        {
            "date": marks["date"],
            "label": marks["label"],
            "row": list(range(len(marks))),
            "side": ["right" if d > middle else "left" for d in marks["date"]],
        }
    )


_STRIP_TITLE = "Articles published (dashed lines)"

# The timeline's spec is written as plain dicts and lists. altair copies every view a
# compound chart holds each time one is made, changed or turned into a dict; built
# from altair objects the timeline took about 0.1 s to build and draw. Only the point
# view is an altair object while the chart is made (one unit chart, no copies), so it
# gets altair's own content-hash view name. tests/test_timeline.py validates every
# shape against the Vega-Lite schema, since drawing a kit chart skips that check.

#: The click selection of an event (its views: the point view).
_SELECT_POINT = {"type": "point", "clear": "dblclick", "fields": ["event_id"], "on": "click"}
_HIDDEN_X = {"axis": None, "field": "date", "title": None, "type": "temporal"}
_STRIP_Y = {"axis": None, "field": "row", "title": None, "type": "ordinal"}
_DATE_TOOLTIP = [{"field": "label", "title": "Article published", "type": "nominal"}]
#: The tooltip's day, formatted by Vega (not sent as a second date column).
_DATE_LABEL = "timeFormat(toDate(datum.date), '%Y-%m-%d')"
_PANEL_HINT = "Click an event above to see its citation and the claims that refer to it (double-click to clear)."


class _Datasets:
    """The spec's named datasets: each frame's rows as altair puts them in a spec, once per name."""

    def __init__(self) -> None:
        self.values: dict[str, list[dict[str, Any]]] = {}

    def add(self, frame: pd.DataFrame) -> dict[str, str]:
        """Add ``frame``'s rows (dates as ISO text, missing values as null); the ``data`` that names them."""
        from altair.utils.data import to_values

        return dataset_ref(to_values(frame)["values"], self.values)

    @staticmethod
    def inline(frame: pd.DataFrame) -> dict[str, list[dict[str, Any]]]:
        """``frame``'s rows as a top chart's inline ``data``.

        altair names them and moves them to ``datasets`` when it turns the chart into
        its spec, as it does for a DataFrame, without walking each row as it walks the
        chart's properties (a third of the time ``to_dict()`` took for the timeline).
        """
        from altair.utils.data import to_values

        return {"values": to_values(frame)["values"]}


def _category_scales(domain: list[str], *, widget: bool) -> tuple[alt.Scale, alt.Scale, alt.Scale]:
    """The y, shape and colour scales of the kinds of event.

    Shapes and colours go by position among the kinds shown; in the widget the
    kinds shown are the ``pk_categories`` param, so they follow the control.
    """
    import altair as alt

    shapes = [SHAPES[i % len(SHAPES)] for i in range(len(domain))]
    if not widget:
        return alt.Scale(domain=domain), alt.Scale(domain=domain, range=shapes), categorical_scale(domain)
    shown = alt.ExprRef(expr=CATEGORIES_PARAM)
    colors = categorical_colors(len(domain))
    return alt.Scale(domain=shown), alt.Scale(domain=shown, range=shapes), alt.Scale(domain=shown, range=colors)


def _points(domain: list[str], *, widget: bool) -> alt.Chart:
    """One point per event: a row, a shape and a colour per kind, sized by its claims.

    A single altair unit chart (no data: the events are the top chart's); the
    click selection is on the top chart, naming this view.
    """
    import altair as alt

    y_scale, shape_scale, color_scale = _category_scales(domain, widget=widget)
    chart = alt.Chart().transform_calculate(date_label=_DATE_LABEL)
    if widget:
        chart = chart.transform_filter(_WIDGET_FILTER)
    return chart.mark_point(filled=True, stroke="black", strokeWidth=0.6).encode(
        x=alt.X("date:T", title="Date", axis=alt.Axis(format="%Y", labelOverlap=True), scale=alt.Scale(padding=12)),
        y=alt.Y("category:N", title="Kind of event", sort=domain, scale=y_scale),
        shape=alt.Shape("category:N", title="Kind of event", scale=shape_scale),
        color=alt.Color("category:N", title="Kind of event", scale=color_scale),
        size=alt.Size("n_claims:Q", title="Claims referring to it", scale=alt.Scale(domainMin=0, range=[50, 500])),
        opacity=alt.OpacityValue(
            0.45, condition=alt.ConditionalParameterValueDefnumberExprRef(param=_SELECTION, value=1.0)
        ),
        tooltip=[
            alt.Tooltip("date_label:N", title="Date"),
            alt.Tooltip("event:N", title="Event"),
            alt.Tooltip("category:N", title="Kind of event"),
            alt.Tooltip("n_claims:Q", title="Claims referring to it"),
            alt.Tooltip("event_id:N", title="Event id"),
        ],
    )


def _point_view(domain: list[str], *, widget: bool) -> tuple[dict[str, Any], str]:
    """The point view as a spec dict, and altair's content-hash name for it (without position)."""
    points = _points(domain, widget=widget)
    # not top level, no data of its own: the dict of this view inside the timeline
    return points.to_dict(validate=False, context={"top_level": False, "data": None}), points._compute_hash()


def _text_panel(datasets: _Datasets, panel: pd.DataFrame, base_transform: list[dict[str, Any]]) -> dict[str, Any]:
    """The linked text panel: the selected event's citation and claims, or a hint."""
    # one text mark per event, its lines split at "\n" by Vega (lineBreak): a small spec
    n_lines = int(panel["n_lines"].max()) if not panel.empty else 1
    xy = {"x": {"value": 4}, "y": {"value": 4}, "text": {"field": "text", "type": "nominal"}}
    hint = {
        "data": datasets.add(pd.DataFrame({"event_id": [""], "text": [_PANEL_HINT]})),
        "mark": {"type": "text", "align": "left", "baseline": "top", "fontSize": 12, "fontStyle": "italic"},
        "encoding": dict(xy),
        "transform": [{"filter": {"param": _SELECTION, "empty": True}}],
    }
    panel_text = {
        "mark": {
            "type": "text", "align": "left", "baseline": "top", "fontSize": 12, "lineBreak": "\n", "lineHeight": 16,
        },  # fmt: skip
        "encoding": dict(xy),
        "transform": [*base_transform, {"filter": {"param": _SELECTION, "empty": False}}],
    }
    return {
        "layer": [hint, panel_text],
        "width": 660,
        "height": 16 * max(n_lines, 1) + 8,
        "title": {"text": "Selected event", "anchor": "start", "fontSize": 13},
    }


def _strip_heading(datasets: _Datasets) -> dict[str, Any]:
    """The widget's strip title, drawn as the strip's first row while the dates are shown.

    (A Vega title keeps its room and its label when its text is emptied; a row
    of the strip goes with the rows below it.)
    """
    return {
        "data": datasets.add(pd.DataFrame({"row": [-1], "heading": [_STRIP_TITLE]})),
        "mark": {"type": "text", "align": "left", "baseline": "middle", "fontSize": 12, "fontWeight": "bold"},
        "encoding": {
            "x": {"value": 0},
            "y": _STRIP_Y,
            "text": {"field": "heading", "type": "nominal"},
            "description": {"value": f"Title text '{_STRIP_TITLE}'"},
        },
        "transform": [{"filter": SOURCES_PARAM}],
    }


def _date_marks(data: dict[str, str], *, widget: bool) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The articles' dates: the dashed rule on the chart, and the strip's tick and two label marks."""
    # In the widget these marks are often filtered to nothing, and an empty mark group has
    # no text for a screen reader (axe: svg-img-alt); the widget's "sources" view lists the
    # same dates as text, so the marks are hidden from assistive technology there.
    aria = {"aria": False} if widget else {}
    shown = [{"filter": SOURCES_PARAM}] if widget else []

    def unit(mark: dict[str, Any], encoding: dict[str, Any], side: str | None = None) -> dict[str, Any]:
        transform = shown + ([{"filter": f"datum.side == '{side}'"}] if side else [])
        return {"mark": mark, "encoding": encoding, **({"transform": transform} if transform else {})}

    rule = unit(
        {"type": "rule", "color": "#555555", "strokeDash": [4, 3], "strokeWidth": 1.2, **aria},
        {"tooltip": _DATE_TOOLTIP, "x": {"field": "date", "type": "temporal"}},
    )
    tick = unit(
        {"type": "point", "color": "#555555", "filled": True, "shape": "triangle-down", "size": 60, **aria},
        {"tooltip": _DATE_TOOLTIP, "x": _HIDDEN_X, "y": _STRIP_Y},
    )
    text = {"text": {"field": "label", "type": "nominal"}, "x": _HIDDEN_X, "y": _STRIP_Y}
    right = unit({"type": "text", "align": "right", "dx": -7, "fontSize": 11}, text, "right")
    left = unit({"type": "text", "align": "left", "dx": 7, "fontSize": 11}, text, "left")
    return {"data": data, **rule}, [tick, right, left]


def _with_source_dates(
    top: dict[str, Any], datasets: _Datasets, sources: pd.DataFrame, events: pd.DataFrame, *, widget: bool
) -> dict[str, Any]:
    """Add the articles' publication dates: dashed rules on the chart, labels in a strip above.

    In the widget they are always in the spec and shown while the ``pk_sources`` param is
    true; the strip's height follows the rows shown, so it takes no room while hidden.
    """
    marks = _source_marks(sources, events)
    data = datasets.add(marks)
    rule, strip_marks = _date_marks(data, widget=widget)
    if widget:
        layers = [_strip_heading(datasets), *({"data": data, **m} for m in strip_marks)]
        strip = {"layer": layers, "width": 660, "height": {"step": 14}}
    else:
        title = {"text": _STRIP_TITLE, "anchor": "start", "fontSize": 12}
        strip = {"layer": strip_marks, "data": data, "width": 660, "height": 14 * max(len(marks), 1), "title": title}
    size = {"width": top.pop("width"), "height": top.pop("height")}
    shared_x = {"scale": {"x": "shared"}}
    return {"vconcat": [strip, {"layer": [top, rule], **size}], "resolve": shared_x, "spacing": 4}


def _timeline_spec(
    events: pd.DataFrame,
    panel: pd.DataFrame,
    sources: pd.DataFrame | None,
    *,
    domain: list[str],
    widget: bool,
) -> tuple[list[dict[str, Any]], dict[str, Any], dict[str, list[dict[str, Any]]], str]:
    """The timeline's two views (chart, text panel), its data, datasets and the point view's name."""
    # one dataset for the marks and the panel, only the columns the chart uses:
    # the spec is the chart widget's state, sent to the browser (docs/charts.md); the
    # citation is in the panel text, so the tooltip does not carry it a second time
    used = ["event_id", "date", "category", "n_claims", "event"]
    rows = events[used].merge(panel[["event_id", "text"]], on="event_id", how="left")
    rows["text"] = rows["text"].fillna("")
    datasets = _Datasets()
    data = datasets.inline(rows)
    point, view = _point_view(domain, widget=widget)
    top = {**point, "name": f"{view}_0", "width": 660, "height": max(36 * max(len(domain), 1), 120)}
    chart: dict[str, Any] = top
    if sources is not None and not sources["date"].dropna().empty:
        top["name"] = f"{view}_1"  # altair names a view by its position in the concat
        chart = _with_source_dates(top, datasets, sources, events, widget=widget)
    base_transform = point["transform"]  # the date label (and the widget's filters), as on the points
    return [chart, _text_panel(datasets, panel, base_transform)], data, datasets.values, top["name"]


def _build_timeline_chart(
    events: pd.DataFrame,
    panel: pd.DataFrame,
    sources: pd.DataFrame | None,
    *,
    domain: list[str],
    summary: str,
    widget_params: dict[str, Any] | None = None,
) -> alt.VConcatChart:
    """The timeline above its text panel: an ``alt.VConcatChart`` of plain spec classes over dicts.

    With ``widget_params`` (name → first value of the ``pk_*`` params), Vega
    filters the events and the articles' dates by those params.
    """
    import altair as alt
    from altair.utils.schemapi import debug_mode

    # debug mode off: altair would validate each object as it is made; the finished spec
    # is validated once instead, by the tests (trusted_chart below)
    with debug_mode(False):
        views, data, datasets, view = _timeline_spec(
            events, panel, sources, domain=domain, widget=widget_params is not None
        )
        params: list[Any] = [alt.TopLevelSelectionParameter(name=_SELECTION, select=dict(_SELECT_POINT), views=[view])]
        params += [alt.VariableParameter(name=n, value=v) for n, v in (widget_params or {}).items()]
        title = {
            "text": "The war and the talks in dates",
            "anchor": "start",
            "subtitle": "Each mark is a cited event; bigger marks are referred to by more claims. Click one for details.",
        }
        # the views are altair's plain spec classes holding dicts: altair copies a concat's
        # views each time it makes or copies the chart, and a dict copies fast
        chart = alt.VConcatChart(
            vconcat=[_spec_object(v) for v in views], data=data, datasets=datasets or alt.Undefined, params=params,
            spacing=12, title=title, description=summary,
        )  # fmt: skip
    return trusted_chart(chart)


def _spec_object(spec: dict[str, Any]) -> Any:
    """``spec`` (a view's dict) in the altair class of its kind, as a concat's view must be."""
    from altair.vegalite.v6.schema import core

    if "vconcat" in spec:
        return core.VConcatSpecGenericSpec(**spec)
    if "layer" in spec:
        return core.LayerSpec(**spec)
    return core.FacetedUnitSpec(**spec)


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
    case = Case(path=path)
    events = _timeline_events(case, categories=categories, start=start, end=end)
    domain = _category_order(case.table("timeline"))
    wanted = as_list(categories, text)
    if wanted is not None:
        domain = [c for c in domain if c in set(wanted)]
    return _build_timeline_chart(
        events,
        _panel_frame(events, case),
        _source_dates(case) if show_sources else None,
        domain=domain,
        summary=timeline_summary(events),
    )


# ---------------------------------------------------------------------------
# The widget's data and chart (peacekit.widgets.timeline)
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class TimelineData:
    """What the timeline widget shows, computed once from a case.

    ``events`` is :func:`timeline_events` with no filter, ``domain`` the kinds
    of event in dataset order, ``dates`` :func:`source_dates`.
    """

    case: Case
    events: pd.DataFrame
    domain: list[str]
    dates: pd.DataFrame

    @classmethod
    def load(cls, case: Case) -> TimelineData:
        """Read the events and the articles' dates of ``case``."""
        timeline = case.table("timeline")
        events = _events_frame(timeline, _claim_links(case), categories=None, start=None, end=None)
        return cls(case=case, events=events, domain=_category_order(timeline), dates=_source_dates(case))

    def years(self) -> tuple[int, int]:
        """The first and last year of the events (2000 twice when there is none)."""
        if self.events.empty:
            return 2000, 2000
        return int(self.events["year"].min()), int(self.events["year"].max())

    def chart(self) -> alt.VConcatChart:
        """Every event and dated article, filtered in Vega by the ``pk_*`` params.

        The widget sets the params (a few bytes to the browser) instead of
        sending a new chart on each change.
        """
        lo, hi = self.years()
        first = {CATEGORIES_PARAM: list(self.domain), START_PARAM: lo, END_PARAM: hi, SOURCES_PARAM: False}
        return _build_timeline_chart(
            self.events,
            _panel_frame(self.events, self.case),
            self.dates,
            domain=self.domain,
            summary=timeline_summary(self.events),
            widget_params=first,
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
    members = Case(path=path).table("nato_members")
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
    import altair as alt
    from altair.utils.schemapi import debug_mode

    growth = nato_growth(path=path)
    data = growth.assign(
        year=[int(d.year) for d in growth["date"]],
        date_label=[date_text(d) for d in growth["date"]],
        label=_round_labels(growth),
    )
    # title and description as describe_chart gives them; the layers are spec dicts (see
    # _build_timeline_chart), so altair does not copy a chart object per layer
    title = {
        "text": "NATO membership over time",
        "anchor": "start",
        "subtitle": "Each step is an enlargement round; the upright labels give the round and how many countries joined.",
    }
    with debug_mode(False):  # validated once, by the tests (trusted_chart below)
        chart = alt.LayerChart(
            layer=[unit_spec(layer) for layer in _nato_layers()], data=_Datasets.inline(data),
            width=640, height=320, title=title, description=nato_summary(growth),
        )  # fmt: skip
    return trusted_chart(chart)


def _nato_layers() -> list[dict[str, Any]]:
    """The NATO chart's layers: the step line, a point per enlargement, a label per round."""
    axes = {
        "x": {
            "axis": {"format": "%Y"}, "field": "date", "scale": {"padding": 16}, "title": "Year of joining",
            "type": "temporal",
        },
        "y": {"field": "members", "scale": {"domainMin": 0}, "title": "Member countries", "type": "quantitative"},
    }  # fmt: skip
    tips = [("date_label", "Date", "N"), ("round", "Enlargement round", "N"), ("countries", "Countries joining", "N"),
            ("joined", "Joined", "Q"), ("members", "Members after", "Q")]  # fmt: skip
    kinds = {"N": "nominal", "Q": "quantitative"}
    tooltip = [{"field": f, "title": t, "type": kinds[k]} for f, t, k in tips]
    line = {"type": "line", "color": "#0072B2", "interpolate": "step-after", "strokeWidth": 2.5}
    point = {"type": "point", "color": "#0072B2", "filled": True, "shape": "circle", "size": 70}
    # round labels stand upright along the bottom of the chart, under the empty
    # area beneath the step line, so neighbouring rounds never cover each other's text
    label = {
        "type": "text", "align": "left", "angle": 270, "baseline": "middle", "color": "#333333", "dx": 6, "dy": 8,
        "fontSize": 11,
    }  # fmt: skip
    return [
        {"mark": line, "encoding": dict(axes)},
        {"mark": point, "encoding": {**axes, "tooltip": tooltip}},
        {
            "mark": label,
            "encoding": {
                "text": {"field": "label", "type": "nominal"},
                "x": {"field": "date", "type": "temporal"},
                "y": {"datum": 0},
            },
            "transform": [{"filter": "datum.label != ''"}],
        },
    ]


# ---------------------------------------------------------------------------
# Widget
# ---------------------------------------------------------------------------


def timeline_widget(*, path: _PathLike = None) -> Any:
    """Explore the timeline: filter by kind and years, pick an event, see its claims.

    Parameters
    ----------
    path : str or Path, optional
        A datasets folder (default: the kit's own).

    Returns
    -------
    peacekit.widgets.timeline.TimelineWidget
        A :class:`peacekit.widgets.Panel` (an ``ipywidgets.VBox``) with two
        dict attributes, so notebooks, tests and benchmarks can drive it:

        ``controls``
            ``"categories"`` — ``SelectMultiple`` of kinds of event (default all);
            ``"start"`` / ``"end"`` — ``BoundedIntText`` "From year" / "To year"
            (number boxes, not sliders: ipywidgets' slider handle has no
            accessible name, an axe-core WCAG 2.1 A violation);
            ``"event"`` — ``Dropdown`` of the events shown (``None`` = none chosen);
            also set by clicking an event on the chart;
            ``"sources"`` — ``Checkbox`` "Mark article publication dates".
        ``views``
            ``"chart"`` — ``alt.JupyterChart`` of :func:`timeline_chart` with
            every event, filtered in the browser by the params ``pk_categories``,
            ``pk_start``, ``pk_end`` and ``pk_sources`` that the controls set;
            ``"summary"`` — ``HTML``: the chart's one-sentence summary;
            ``"event"`` — ``HTML``: the chosen event's sentence, date,
            citation and the claims that refer to it;
            ``"sources"`` — ``HTML``: the articles' publication dates (when
            the checkbox is ticked).
    """
    from peacekit.widgets.timeline import TimelineWidget

    return TimelineWidget(path=path)
