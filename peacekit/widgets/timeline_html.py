"""Pieces of the timeline widget: its year boxes, event labels and text views.

The text views are rendered from the ``timeline_*`` templates: the functions
here prepare plain rows (dicts of ``str``) from the case and the templates
escape every value. Used by :class:`peacekit.widgets.timeline.TimelineWidget`.
"""

from __future__ import annotations

from collections.abc import Container
from typing import Any

import ipywidgets as widgets
import pandas as pd

from peacekit._evidence import date_text, safe_url
from peacekit._html import message
from peacekit._values import text
from peacekit.case import Case
from peacekit.style import CONTROL_STYLE, join_words, plural
from peacekit.templates import render, view

__all__ = ["claim_rows", "event_html", "event_rows", "option_labels", "sources_html", "year_box"]

CHOOSE = (
    "Choose an event in the list (or click one on the chart) to see its citation "
    "and the claims that refer to it."
)


def year_box(description: str, value: int, lo: int, hi: int, tooltip: str) -> widgets.BoundedIntText:
    """A "From year"/"To year" box (updates on Enter or when focus leaves)."""
    # a number box with a label, not an IntSlider: a slider's handle has no accessible name
    # (axe-core, WCAG 2.1 A; tests/browser/test_accessibility_lab.py)
    return widgets.BoundedIntText(
        value=value, min=lo, max=hi, description=description, tooltip=tooltip, style=CONTROL_STYLE,
        continuous_update=False,
    )


def option_labels(events: pd.DataFrame) -> list[str]:
    """The event list's label of each event: date · sentence (cut at 90 characters)."""
    labels = []
    for when, event in zip(events["date"], events["event"], strict=True):
        short = event if len(event) <= 90 else event[:89] + "…"
        labels.append(f"{date_text(when)} · {short}")
    return labels


def _claim_row(lookup: Any, claim_id: str) -> dict[str, str]:
    c = lookup.claims[claim_id]
    return {
        "quote": text(c.get("quote")),
        "paraphrase": text(c.get("paraphrase")),
        "speaker": text(c.get("speaker")) or "unnamed speaker",
        "source": lookup.source_label(c.get("source_id")),
        "claim_id": claim_id,
    }


def claim_rows(case: Case, events: pd.DataFrame) -> dict[str, list[dict[str, str]]]:
    """event_id → the claims that refer to it (quote, paraphrase, speaker, source, claim_id)."""
    lookup = case.evidence
    return {
        eid: [_claim_row(lookup, c) for c in ids.split("; ") if c in lookup.claims]
        for eid, ids in zip(events["event_id"], events["claim_ids"], strict=True)
    }


def event_rows(events: pd.DataFrame) -> dict[str, dict[str, Any]]:
    """event_id → what the event panel shows of it, as text (date, kind, sentence, actors, citation)."""
    rows = {}
    for r in events.to_dict("records"):
        address = text(r["source_url"])
        rows[r["event_id"]] = {
            "date": date_text(r["date"]),
            "category": r["category"],
            "event_id": r["event_id"],
            "event": r["event"],
            "actors": r["actors"],
            "cite": {"title": text(r["source_title"]), "address": address, "url": safe_url(address)},
        }
    return rows


def event_html(
    event_id: str | None,
    shown: Container[str],
    rows: dict[str, dict[str, Any]],
    claims: dict[str, list[dict[str, str]]],
) -> str:
    """The event panel: the chosen event's date, kind, sentence, citation and claims.

    ``shown`` holds the ids of the events the filters keep; a sentence
    replaces the panel when none is chosen or the chosen one is not shown.
    """
    if event_id is None:
        return message(CHOOSE)
    if event_id not in shown or event_id not in rows:
        return message("That event is not in the current selection; choose another event.")
    row = rows[event_id]
    items = claims.get(event_id, [])
    heading = f"{plural(len(items), 'claim')} in the articles refer{'s' if len(items) == 1 else ''} to this event:"
    return view(render("timeline_event.html", event=row, cite=row["cite"], claims=items, claims_heading=heading))


def sources_html(dates: pd.DataFrame) -> str:
    """The articles' publication dates (dated ones in date order), as listed under the chart."""
    if dates.empty:
        return message("This dataset lists no articles, so there are no publication dates to mark.")
    dated = dates.dropna(subset=["date"]).sort_values("date")
    undated = dates[dates["date"].isna()]
    names = join_words(undated["short_label"]) if not undated.empty else ""
    return view(render("timeline_sources.html", labels=list(dated["label"]), undated=names))
