"""The corroboration view (:func:`peacekit.corroborate_widget`): a :class:`Panel` of two card columns.

On the left a party's own documents, on the right what other texts say
about it (the rule: :data:`peacekit.corroboration.MATCH_RULE`), each card
under its kind of text and why it was matched.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import pandas as pd

from peacekit._ui import dropdown, html_view, set_html
from peacekit._values import text
from peacekit.case import KIND_WORDS, Case, PathLike, records
from peacekit.corroboration import ACCOUNT, MATCH_RULE, OWN, _check_theme, _frame, _Parties, _summary
from peacekit.sidebyside import card_html
from peacekit.style import plural
from peacekit.templates import message, render, view
from peacekit.widgets._panel import Panel

__all__ = ["CorroborateWidget", "sides_view"]


def _side(frame: pd.DataFrame, side: str, party: str) -> dict[str, Any]:
    """One side's column, prepared for ``corroboration_columns.html``."""
    rows = frame[frame["side"] == side]
    if side == OWN:
        title = f"In {party}'s own documents"
        empty = f"No claim on this theme in {party}'s primary documents."
    else:
        title = f"What other texts say about {party}"
        empty = "No other text makes a claim on this theme that is matched to the party."
    items = [
        {"kind": KIND_WORDS.get(text(row.source_kind), text(row.source_kind)), "match": text(row.match),
         "card": card_html(row)}
        for row in records(rows)
    ]
    return {"side": side, "title": title, "count": plural(len(rows), "claim"), "entries": items,
            "empty": render("message.html", sentence=empty, kind="info")}


def sides_view(frame: pd.DataFrame, party: str) -> str:
    """The two sides of :func:`peacekit.corroborate`'s ``frame`` as card columns (``party``: its label)."""
    return view(render("corroboration_columns.html", sides=[_side(frame, OWN, party), _side(frame, ACCOUNT, party)]))


class CorroborateWidget(Panel):
    """A party's own words beside what other texts say about it, one theme at a time.

    Built by :func:`peacekit.corroborate_widget`, whose docstring lists the
    controls and views. Each (party, theme) pair is computed once and kept.
    """

    def __init__(self, party_id: str | None = None, theme_id: str | None = None, *, path: PathLike = None) -> None:
        case = Case(path=path)
        self.case, self.parties = case, _Parties(case)
        self._cache: dict[tuple[str, str], tuple[str, str]] = {}
        if not self.parties.ids or not case.theme_ids:
            note = html_view(message("There are no parties or no themes in this dataset yet, so there is nothing "
                                     "to corroborate."))
            super().__init__([note], controls={}, views={"columns": note})
            return
        if party_id is None:
            with_docs = [p for p in self.parties.ids if p in self.parties.primary]
            party_id = (with_docs or self.parties.ids)[0]
        party_id = self.parties.check(party_id)
        theme_id = _check_theme(case, theme_id if theme_id is not None else case.theme_ids[0])
        controls = {
            "party": dropdown("Party", self.parties.options, party_id, tooltip="Whose own words to read", width="30em"),
            "theme": dropdown("Theme", case.theme_options, theme_id, tooltip="The theme compared", width="32em"),
        }
        views = {"rule": html_view(view(render("compare_rule.html", rule=MATCH_RULE)), label="rule"),
                 "summary": html_view(label="summary"), "columns": html_view(label="columns")}
        super().__init__(
            [widgets.HBox(list(controls.values()), layout=widgets.Layout(flex_flow="row wrap")), *views.values()],
            controls=controls, views=views,
        )
        self.watch(self.refresh, *controls.values())
        self.refresh()

    def _views_of(self, party_id: str, theme_id: str) -> tuple[str, str]:
        """The summary and the columns HTML of one (party, theme) pair (computed once)."""
        key = (party_id, theme_id)
        if key not in self._cache:
            frame = _frame(self.case, self.parties, party_id, theme_id)
            sentence = _summary(self.case, self.parties, party_id, theme_id, frame)
            summary = view(render("compare_count.html", line=sentence))
            self._cache[key] = (summary, sides_view(frame, self.parties.label[party_id]))
        return self._cache[key]

    def refresh(self, _change: Any = None) -> None:
        """Show the summary sentence and the two sides for the chosen party and theme."""
        if "party" not in self.controls:  # a dataset without parties or themes: only the note
            return
        summary, columns = self._views_of(self.controls["party"].value, self.controls["theme"].value)
        set_html(self.views["summary"], summary)
        set_html(self.views["columns"], columns)
