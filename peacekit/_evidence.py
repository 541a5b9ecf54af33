"""Shared look-ups for the timeline, negotiation and argument widgets.

An *evidence id* is a ``claim_id`` (a sourced claim), an ``event_id`` (a dated,
cited timeline fact) or a ``figure_id`` (a dated, cited number). This module
turns any of them into attributed text: a quote always with its speaker and
source, a fact always with its citation. It knows no id by name: everything
comes from the tables loaded from ``datasets/``.

Private to peacekit (used by :mod:`peacekit.chronology`,
:mod:`peacekit.negotiation` and :mod:`peacekit.argument`).
"""

from __future__ import annotations

import numbers
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from difflib import get_close_matches
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from peacekit._html import esc
from peacekit._values import is_missing, text, unknown_ids_sentence

__all__ = [
    "Lookup",
    "as_date",
    "date_text",
    "is_missing",
    "link_html",
    "load",
    "load_optional",
    "safe_url",
    "text",
    "unknown_ids_sentence",
]


# ---------------------------------------------------------------------------
# Small value helpers
# ---------------------------------------------------------------------------


def as_date(values: Any) -> pd.Series:
    """Return a Series of dates (``datetime64``), accepting ISO text of any precision.

    ``"2025"``, ``"2025-09"`` and ``"2025-09-13"`` become the first day of the
    year/month/the day; blanks become ``NaT``.
    """
    series = pd.Series(values) if not isinstance(values, pd.Series) else values
    if pd.api.types.is_datetime64_any_dtype(series.dtype):
        return series
    as_text = series.astype("string").str.strip()
    return pd.to_datetime(as_text, errors="coerce", format="ISO8601")


def date_text(value: Any, *, precision: str | None = None) -> str:
    """Return a date as ISO text ('' when missing), cut to ``precision``.

    Parameters
    ----------
    value : date-like
    precision : {"day", "month", "year", None}
        ``"month"`` gives ``2025-09``; ``"year"`` gives ``2025``.
    """
    if is_missing(value):
        return ""
    stamp = pd.Timestamp(value)
    if precision == "year":
        return f"{stamp.year:04d}"
    if precision == "month":
        return f"{stamp.year:04d}-{stamp.month:02d}"
    return stamp.strftime("%Y-%m-%d")


def safe_url(url: Any) -> str:
    """Return ``url`` if it is a plain http(s) address, else ''.

    Escaping alone does not make a ``javascript:`` address safe in an
    ``href``; only http and https links are ever made clickable.
    """
    value = text(url)
    if value.lower().startswith(("http://", "https://")) and not any(c.isspace() for c in value):
        return value
    return ""


def link_html(title: Any, url: Any) -> str:
    """Return an escaped citation: the title, then the address as a plain link.

    The link is an ordinary ``<a>`` (nothing is fetched until the reader
    clicks it); an address that is not http(s) is shown as text only.
    """
    title_html = esc(text(title)) or "untitled source"
    address = text(url)
    if not address:
        return f"{title_html} (no address recorded)"
    good = safe_url(address)
    if good:
        return (
            f'{title_html} — <a href="{esc(good)}" target="_blank" '
            f'rel="noopener noreferrer nofollow">{esc(good)}</a>'
        )
    return f"{title_html} — {esc(address)}"


# ---------------------------------------------------------------------------
# Loading
# ---------------------------------------------------------------------------


def load(name: str, *, path: str | Path | None = None) -> pd.DataFrame:
    """Call the peacekit loader ``name`` (e.g. ``"claims"``) with ``path``."""
    from peacekit import data

    loader: Callable[..., pd.DataFrame] = getattr(data, name)
    return loader(path=path)


def load_optional(name: str, *, path: str | Path | None = None, columns: Iterable[str] = ()) -> pd.DataFrame:
    """Like :func:`load`, but a table the datasets folder does not have gives an empty DataFrame.

    Used for tables that only *enrich* a view (claims linked to a timeline
    event, source dates): a teacher's datasets folder without them still
    works. A table that exists but is malformed still raises.
    """
    from peacekit import data

    empty = pd.DataFrame({c: pd.Series(dtype="string") for c in columns})
    folder = data.data_dir(path=path)
    try:
        spec = data.resource(folder, name)
    except data.DatasetError:
        return empty
    if not (folder / str(spec.get("path", f"{name}.csv"))).is_file():
        return empty
    return load(name, path=path)


# ---------------------------------------------------------------------------
# Evidence look-up
# ---------------------------------------------------------------------------


@dataclass
class Lookup:
    """Attributed text for claim, event and figure ids, precomputed once.

    Build it with :meth:`from_tables` or :meth:`load`; then
    :meth:`describe` / :meth:`describe_html` are dictionary look-ups.
    """

    claims: dict[str, dict[str, Any]] = field(default_factory=dict)
    events: dict[str, dict[str, Any]] = field(default_factory=dict)
    figures: dict[str, dict[str, Any]] = field(default_factory=dict)
    sources: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_tables(
        cls,
        *,
        claims: pd.DataFrame | None = None,
        timeline: pd.DataFrame | None = None,
        figures: pd.DataFrame | None = None,
        sources: pd.DataFrame | None = None,
    ) -> Lookup:
        """Build the look-up from loaded tables (any may be ``None``)."""

        def records(df: pd.DataFrame | None, key: str) -> dict[str, dict[str, Any]]:
            if df is None or df.empty or key not in df.columns:
                return {}
            return {text(r[key]): r for r in df.to_dict("records") if text(r[key])}

        return cls(
            claims=records(claims, "claim_id"),
            events=records(timeline, "event_id"),
            figures=records(figures, "figure_id"),
            sources=records(sources, "source_id"),
        )

    @classmethod
    def load(cls, *, path: str | Path | None = None) -> Lookup:
        """Load claims, timeline, figures and sources from ``path``."""
        return cls.from_tables(
            claims=load_optional("claims", path=path),
            timeline=load_optional("timeline", path=path),
            figures=load_optional("figures", path=path),
            sources=load_optional("sources", path=path),
        )

    # -- ids ---------------------------------------------------------------

    def kind(self, evidence_id: str) -> str | None:
        """Return ``"claim"``, ``"event"``, ``"figure"`` or None for an unknown id."""
        if evidence_id in self.claims:
            return "claim"
        if evidence_id in self.events:
            return "event"
        if evidence_id in self.figures:
            return "figure"
        return None

    def all_ids(self) -> list[str]:
        """Every known evidence id."""
        return [*self.claims, *self.events, *self.figures]

    def source_label(self, source_id: Any) -> str:
        """Return a source's ``short_label`` (or its id when unknown)."""
        sid = text(source_id)
        record = self.sources.get(sid)
        if record is None:
            return sid or "unknown source"
        return text(record.get("short_label")) or text(record.get("title")) or sid

    # -- plain text --------------------------------------------------------

    def claim_text(self, claim_id: str) -> str:
        """“quote” — speaker, source (claim_id); the paraphrase if there is no quote."""
        c = self.claims[claim_id]
        quote = text(c.get("quote"))
        body = f"“{quote}”" if quote else f"{text(c.get('paraphrase'))} (paraphrase)"
        speaker = text(c.get("speaker")) or "unnamed speaker"
        return f"{body} — {speaker}, {self.source_label(c.get('source_id'))} ({claim_id})"

    def event_text(self, event_id: str) -> str:
        """Event sentence (date). Source: title, url."""
        e = self.events[event_id]
        url = text(e.get("source_url"))
        cite = text(e.get("source_title")) or "untitled source"
        if url:
            cite += f", {url}"
        return f"{text(e.get('event'))} ({date_text(e.get('date'))}; {event_id}). Source: {cite}"

    def _figure_head(self, figure_id: str) -> str:
        """Figure: value unit (as of date) (figure_id), without the citation."""
        f = self.figures[figure_id]
        value = f.get("value")
        if isinstance(value, numbers.Real) and not is_missing(value):
            value_text = f"{int(value):,}" if float(value).is_integer() else f"{float(value):,}"
        else:
            value_text = text(value)
        as_of = date_text(f.get("as_of"))
        when = f" (as of {as_of})" if as_of else ""
        return f"{text(f.get('figure'))}: {value_text} {text(f.get('unit'))}{when} ({figure_id})"

    def figure_text(self, figure_id: str) -> str:
        """Figure: value unit (as of date). Source: title, url."""
        f = self.figures[figure_id]
        url = text(f.get("source_url"))
        cite = text(f.get("source_title")) or "untitled source"
        if url:
            cite += f", {url}"
        return f"{self._figure_head(figure_id)}. Source: {cite}"

    def describe(self, evidence_id: str) -> str:
        """Attributed plain text for any evidence id ('' for an unknown id)."""
        kind = self.kind(evidence_id)
        if kind == "claim":
            return self.claim_text(evidence_id)
        if kind == "event":
            return self.event_text(evidence_id)
        if kind == "figure":
            return self.figure_text(evidence_id)
        return ""

    # -- HTML ---------------------------------------------------------------

    def claim_html(self, claim_id: str) -> str:
        """Escaped HTML for a claim: quote, speaker, source, id."""
        c = self.claims[claim_id]
        quote = text(c.get("quote"))
        body = (
            f"<q>{esc(quote)}</q>" if quote else f"{esc(text(c.get('paraphrase')))} <em>(paraphrase)</em>"
        )
        speaker = esc(text(c.get("speaker")) or "unnamed speaker")
        return f"{body} — {speaker}, <em>{esc(self.source_label(c.get('source_id')))}</em> ({esc(claim_id)})"

    def event_html(self, event_id: str) -> str:
        """Escaped HTML for an event: sentence, date, citation."""
        e = self.events[event_id]
        return (
            f"{esc(text(e.get('event')))} ({esc(date_text(e.get('date')))}; {esc(event_id)}). "
            f"Source: {link_html(e.get('source_title'), e.get('source_url'))}"
        )

    def figure_html(self, figure_id: str) -> str:
        """Escaped HTML for a figure with its citation."""
        f = self.figures[figure_id]
        head = esc(self._figure_head(figure_id))
        return f"{head}. Source: {link_html(f.get('source_title'), f.get('source_url'))}"

    def describe_html(self, evidence_id: str) -> str:
        """Escaped, attributed HTML for any evidence id ('' for an unknown id)."""
        kind = self.kind(evidence_id)
        if kind == "claim":
            return self.claim_html(evidence_id)
        if kind == "event":
            return self.event_html(evidence_id)
        if kind == "figure":
            return self.figure_html(evidence_id)
        return ""
