"""Every widget and HTML function shows dataset text as text, never as markup.

A temporary dataset (``widget_helpers.make_evil_dataset``) puts
``<img src=x onerror=alert(...)>`` and ``<script>alert(...)</script>`` into a
claim's quote (also in the article), paraphrase and speaker, into a theme's
label and proposition, and into a source's title, short label, outlet and
author. Each row of :data:`CASES` renders one widget or HTML function on that
dataset and names the fields whose (escaped) text must be visible in it.

To cover a new widget, append a row::

    Case("timeline_widget", lambda ev: html_of(pk.timeline_widget(path=ev.path)), ("quote",)),

``render`` receives an :class:`widget_helpers.EvilData` (``path``,
``source_id``, ``theme_id``, ``claim_id``) and returns every piece of HTML a
student could see (use ``html_of(widget)`` for widgets). The test checks that
no raw ``<script`` or ``<img`` survives and that each listed field's hostile
text appears escaped (so the row cannot pass by showing nothing).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from widget_helpers import SHIPPED, EvilData, _shipped_ready, assert_escaped, evil_data, html_of, make_evil_dataset
from mini_helpers import case_from
from mini_helpers import ARGUMENT_FIELDS, NEGOTIATION_FIELDS, TIMELINE_FIELDS, argument_html, negotiation_html, timeline_html

import peacekit as pk
from peacekit.matrix import SELECTION

__all__ = ["evil_data"]  # the fixture, imported for pytest


@dataclass
class Case:
    """One row of the escaping table."""

    name: str
    render: Callable[[EvilData], str]
    fields: tuple[str, ...]


def _compare_by_speaker(ev: EvilData) -> str:
    w = pk.compare_widget(ev.theme_id, path=ev.path)
    w.controls["group_by"].value = "speaker"
    return html_of(w)


def _compare_filtered_empty(ev: EvilData) -> str:
    w = pk.compare_widget(ev.theme_id, path=ev.path)
    w.controls["only_disagreements"].value = True
    w.controls["sources"].value = (ev.source_id,)
    return html_of(w)  # a sentence, plus the proposition and the count line


def _matrix_click(ev: EvilData) -> str:
    w = pk.stance_matrix_widget(path=ev.path)
    point = {"source_id": ev.source_id, "theme_id": ev.theme_id}
    w.views["chart"]._vl_selections = {SELECTION: {"value": {"vlPoint": {"or": [point]}}, "store": []}}
    return html_of(w)


def _matrix_keyboard(ev: EvilData) -> str:
    w = pk.stance_matrix_widget(path=ev.path)
    w.controls["cell_source"].value = ev.source_id
    w.controls["cell_theme"].value = ev.theme_id
    return html_of(w)


def _reader_widget(ev: EvilData) -> str:
    w = pk.reader_widget(ev.source_id, path=ev.path)
    w.controls["theme"].value = ev.theme_id
    return html_of(w)


def _term_widget(ev: EvilData) -> str:
    w = pk.term_explorer_widget("Hostile", path=ev.path)
    return html_of(w)


def _compare_by_kind(ev: EvilData) -> str:
    w = pk.compare_widget(ev.theme_id, path=ev.path)
    w.controls["group_by"].value = "kind"
    return html_of(w)


def _corroborate_widget(ev: EvilData) -> str:
    """The hostile claim is cited by a position of the hostile party, so it is in the account."""
    case = case_from(ev)
    claims = pk.claims(path=case.path)
    theme_id = str(claims.loc[claims["claim_id"] == case.claim_id, "theme_id"].iloc[0])
    w = pk.corroborate_widget(case.party_id, theme_id, path=case.path)
    return html_of(w)


def _source_picker(ev: EvilData) -> str:
    """The picker's line for the hostile source (its title, outlet and author)."""
    w = pk.source_picker_widget(path=ev.path)
    w.controls["source"].value = ev.source_id
    return html_of(w)


CLAIM_FIELDS = ("quote", "paraphrase", "speaker")

CASES: list[Case] = [
    Case("compare_widget", lambda ev: html_of(pk.compare_widget(ev.theme_id, path=ev.path)),
         (*CLAIM_FIELDS, "theme_label", "proposition", "source_label")),
    Case("compare_widget by speaker", _compare_by_speaker, (*CLAIM_FIELDS, "source_label")),
    Case("compare_widget empty selection", _compare_filtered_empty, ("theme_label", "proposition")),
    Case("compare_widget by kind", _compare_by_kind, (*CLAIM_FIELDS, "theme_label", "proposition")),
    Case("corroborate_widget", _corroborate_widget, (*CLAIM_FIELDS, "party_label", "source_label")),
    Case("stance_matrix_widget click", _matrix_click,
         (*CLAIM_FIELDS, "theme_label", "proposition", "source_label")),
    Case("stance_matrix_widget keyboard", _matrix_keyboard, (*CLAIM_FIELDS, "source_label")),
    Case("reader_html", lambda ev: pk.reader_html(ev.source_id, path=ev.path),
         (*CLAIM_FIELDS, "theme_label", "source_label", "source_title", "outlet", "author")),
    Case("reader_widget", _reader_widget,
         (*CLAIM_FIELDS, "theme_label", "source_label", "source_title", "outlet", "author")),
    Case("term_explorer_widget", _term_widget, ("quote", "source_label")),
    Case("timeline_widget", timeline_html, TIMELINE_FIELDS),
    Case("negotiation_widget", negotiation_html, NEGOTIATION_FIELDS),
    Case("argument_builder_widget", argument_html, ARGUMENT_FIELDS),
    Case("source_picker_widget", _source_picker, ("source_title", "outlet", "author")),
]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_dataset_text_is_escaped(case: Case, evil_data: EvilData) -> None:
    assert_escaped(case.render(evil_data), case.fields, where=case.name)


@pytest.mark.skipif(not _shipped_ready(), reason="datasets/ is not complete yet")
@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_dataset_text_is_escaped_shipped_copy(case: Case, tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The same on a hostile copy of the shipped data (real claims around the hostile one)."""
    ev = make_evil_dataset(tmp_path / "evil", src=SHIPPED)
    assert_escaped(case.render(ev), case.fields, where=case.name)


def test_plain_functions_keep_text_as_data(evil_data: EvilData) -> None:
    """DataFrames carry the raw text (escaping is the HTML layer's job)."""
    frame = pk.compare(evil_data.theme_id, path=evil_data.path)
    assert frame.loc[frame["claim_id"] == evil_data.claim_id, "quote"].iloc[0].startswith("Hostile <img")
    matrix = pk.stance_matrix(path=evil_data.path)
    assert matrix.loc[matrix["theme_id"] == evil_data.theme_id, "theme_label"].iloc[0].startswith("Theme <img")
