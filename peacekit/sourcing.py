"""Who wrote a source, where and when, and how sure the kit is of each: one rule for every view.

:func:`sourcing_parts` reads a source's row of ``sources.csv`` (through a
:class:`peacekit.case.Case`) once and says each fact the same way everywhere:
a value with its confidence word from the ``*_confidence`` column
("confirmed", "inferred", "unknown") when the value is known, and "unknown"
when the cell is empty; a date in words at its precision (``"5 March
2024"``, ``"November 2023"``, ``"2025"``, :func:`peacekit.case.date_words`).

Two renderings use it: :func:`sourcing_sentence`, the plain sentence of
``pk.sourcing_line`` and the source picker, and the article reader's sourcing
view (``reader_sourcing.html``).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from peacekit.case import CONFIDENCE_QUALIFIER, Case, date_words
from peacekit._values import text

__all__ = ["SourcingPart", "sourcing_parts", "sourcing_sentence"]

#: (key, label, column, confidence column) of each fact, in reading order.
FACTS: tuple[tuple[str, str, str, str], ...] = (
    ("outlet", "Outlet", "outlet", "outlet_confidence"),
    ("author", "Author", "author", "author_confidence"),
    ("affiliation", "Affiliation", "affiliation", ""),
    ("date", "Date", "date", "date_confidence"),
    ("genre", "Genre", "genre", ""),
    ("title", "Title", "title", "title_confidence"),
    ("url", "Address", "url", "url_confidence"),
)


@dataclass(frozen=True)
class SourcingPart:
    """One fact about a source: ``text`` (``""`` when unknown) and how sure the kit is of it."""

    label: str
    text: str
    sure: str

    @property
    def known(self) -> bool:
        """True when the dataset gives the fact."""
        return bool(self.text)


def _row(case: Case, source_id: str) -> dict[str, Any]:
    sources = case.sources
    index = case.source_order[source_id]
    return {column: sources[column].iloc[index] for column in sources.columns}


def sourcing_parts(case: Case, source_id: str) -> dict[str, SourcingPart]:
    """The facts of one source (``source_id`` must be in ``case``), keyed as :data:`FACTS`.

    A date is said in words at its precision; a confidence word is given
    only for a known value.
    """
    row = _row(case, source_id)
    parts = {}
    for key, label, column, confidence in FACTS:
        value = text(row.get(column))
        if key == "date":
            value = date_words(row.get("date"), row.get("date_precision"))
        sure = text(row.get(confidence)) if confidence and value else ""
        parts[key] = SourcingPart(label, value, CONFIDENCE_QUALIFIER.get(sure, sure))
    return parts


def _said(part: SourcingPart, prefix: str, noun: str) -> str:
    if not part.known:
        return f"{noun} unknown"
    sure = f" ({part.sure})" if part.sure else ""
    return f"{prefix} {part.text}{sure}"


def sourcing_sentence(case: Case, source_id: str) -> str:
    """One plain sentence: title — genre, author; outlet; date, each with how sure the kit is.

    Example: ``“A title” — op-ed, by Ann Author (inferred); in Outlet
    (confirmed); dated 5 March 2024 (confirmed).``
    """
    parts = sourcing_parts(case, source_id)
    author = _said(parts["author"], "by", "author")
    if not parts["author"].known and parts["affiliation"].known:
        author = f"by an unnamed author ({parts['affiliation'].text})"
    title = parts["title"]
    named = f"“{title.text}”" if title.known else f"{case.source_label[source_id]} (title unknown)"
    genre = parts["genre"].text or "genre unknown"
    return (
        f"{named} — {genre}, {author}; {_said(parts['outlet'], 'in', 'outlet')}; "
        f"{_said(parts['date'], 'dated', 'date')}."
    )
