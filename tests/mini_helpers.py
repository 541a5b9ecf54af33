"""Helpers for the timeline, negotiation and argument tests (headless).

Import from a test module in ``tests/`` (pytest puts ``tests/`` on ``sys.path``)::

    from mini_helpers import MINI, make_evil_case

* :data:`MINI` — the synthetic dataset ``tests/fixtures/mini`` (every table:
  sources, themes, claims, timeline, NATO members, figures, parties, terms,
  positions; see its README).
* :func:`make_evil_case` — a temporary copy of MINI with hostile HTML in a
  claim (quote, paraphrase, speaker), a theme, a source (via
  ``widget_helpers.make_evil_dataset``) and, by :func:`add_case_evil`, in a
  timeline event's sentence and source title, a term's label and
  description, a party's label, a figure and a position note. (A
  ``javascript:`` address never reaches a widget: the loaders refuse it, see
  tests/test_validate.py; ``link_html`` would not link it either.)
* :func:`timeline_html`, :func:`negotiation_html`, :func:`argument_html` —
  renderers for the rows of tests/test_escaping.py (with the field tuples
  ``TIMELINE_FIELDS``, ``NEGOTIATION_FIELDS``, ``ARGUMENT_FIELDS``).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from widget_helpers import EvilData, evil, make_evil_dataset
from widget_helpers import _read_csv as _read
from widget_helpers import _write_csv as _write

HERE = Path(__file__).resolve().parent
MINI = HERE / "fixtures" / "mini"

#: Fields :func:`make_evil_case` adds on top of ``widget_helpers.EVIL_FIELDS``.
CASE_FIELDS = (
    "event",
    "event_source",
    "term_label",
    "term_description",
    "party_label",
    "figure",
    "position_note",
)


@dataclass
class EvilCase:
    """Where the hostile text went."""

    path: Path
    claim_id: str
    theme_id: str
    source_id: str
    event_id: str
    unsafe_event_id: str
    term_id: str
    party_id: str
    figure_id: str




def add_case_evil(base: EvilData) -> EvilCase:
    """Add hostile text, in place, to the tables the three widgets read.

    ``base`` is a dataset already made hostile by
    ``widget_helpers.make_evil_dataset`` (a copy of MINI or of the shipped
    data). The first timeline event, the first term, the first figure and
    one position (the first that is alone for its party and term, so it is
    the one shown) with its party's label get hostile text; that position
    cites the hostile claim, which is linked to the hostile event.
    """
    path = base.path
    tfields, events = _read(path / "timeline.csv")
    event_id, unsafe_event_id = events[0]["event_id"], events[1]["event_id"]
    events[0]["event"] = "Event " + evil("event")
    events[0]["source_title"] = "Record " + evil("event_source")
    _write(path / "timeline.csv", tfields, events)

    cfields, claims = _read(path / "claims.csv")
    for c in claims:
        if c["claim_id"] == base.claim_id:
            c["event_ids"] = event_id
    _write(path / "claims.csv", cfields, claims)

    kfields, terms = _read(path / "terms.csv")
    term_id = terms[0]["term_id"]
    terms[0]["label"] = "Term " + evil("term_label")
    terms[0]["description"] = "About " + evil("term_description")
    _write(path / "terms.csv", kfields, terms)

    pfields, positions = _read(path / "positions.csv")
    pairs = [(p["party_id"], p["term_id"]) for p in positions]
    # a position that is the only one for its party and term, so it is the one shown
    chosen = next(p for p, pair in zip(positions, pairs, strict=True) if pairs.count(pair) == 1)
    party_id = chosen["party_id"]
    chosen.update(claim_id=base.claim_id, event_id="", note="Note " + evil("position_note"))
    _write(path / "positions.csv", pfields, positions)

    afields, parties = _read(path / "parties.csv")
    for party in parties:
        if party["party_id"] == party_id:
            party["label"] = "Party " + evil("party_label")
    _write(path / "parties.csv", afields, parties)

    ffields, figures = _read(path / "figures.csv")
    figure_id = figures[0]["figure_id"]
    figures[0]["figure"] = "Count " + evil("figure")
    _write(path / "figures.csv", ffields, figures)
    return EvilCase(
        path=path,
        claim_id=base.claim_id,
        theme_id=base.theme_id,
        source_id=base.source_id,
        event_id=event_id,
        unsafe_event_id=unsafe_event_id,
        term_id=term_id,
        party_id=party_id,
        figure_id=figure_id,
    )


def make_evil_case(dst: Path, *, src: Path = MINI) -> EvilCase:
    """Copy ``src`` (default MINI) to ``dst`` with hostile HTML in every text field the three widgets show."""
    return add_case_evil(make_evil_dataset(dst, src=src))


def case_from(ev: EvilData) -> EvilCase:
    """An :class:`EvilCase` for a row of tests/test_escaping.py.

    The escaping table hands every row a hostile dataset; the comparison
    widgets' fixture has no timeline, parties or terms, so for it a hostile
    copy of MINI is made beside it; a hostile copy of the shipped data is
    extended in place.
    """
    if (ev.path / "timeline.csv").is_file() and (ev.path / "positions.csv").is_file():
        return add_case_evil(ev)
    return make_evil_case(ev.path.parent / (ev.path.name + "-mini"))


# ---------------------------------------------------------------------------
# Renderers for the escaping table (tests/test_escaping.py)
# ---------------------------------------------------------------------------

#: Fields each renderer must show escaped.
TIMELINE_FIELDS = ("event", "event_source", "quote", "speaker", "source_label")
NEGOTIATION_FIELDS = ("party_label", "term_label", "quote", "speaker", "source_label", "position_note")
ARGUMENT_FIELDS = ("theme_label", "proposition")


def timeline_html(ev: EvilData) -> str:
    """Everything the timeline widget shows for the hostile event, with article dates marked."""
    import peacekit as pk
    from widget_helpers import html_of

    case = case_from(ev)
    w = pk.timeline_widget(path=case.path)
    w.controls["sources"].value = True
    w.controls["event"].value = case.event_id
    shown = html_of(w)
    w.controls["event"].value = case.unsafe_event_id
    return shown + html_of(w)


def negotiation_html(ev: EvilData) -> str:
    """Everything the negotiation widget shows with the hostile term ticked and a search run."""
    import peacekit as pk
    from widget_helpers import html_of

    case = case_from(ev)
    w = pk.negotiation_widget(path=case.path)
    w.controls[f"term:{case.term_id}"].value = True
    w.controls["search"].click()
    return html_of(w)


def argument_html(ev: EvilData) -> str:
    """Everything the argument builder shows with the hostile theme and evidence chosen."""
    import peacekit as pk
    from widget_helpers import html_of

    case = case_from(ev)
    w = pk.argument_builder_widget(path=case.path)
    w.controls["theme"].value = case.theme_id
    w.controls["stance"].value = -2
    w.controls["evidence_claims"].value = (case.claim_id,)
    w.controls["evidence_events"].value = (case.event_id,)
    w.controls["evidence_figures"].value = (case.figure_id,)
    return html_of(w)
