"""The negotiation table (:func:`peacekit.negotiation_widget`): tick deal terms, read each party's verdict.

The model and the search are :mod:`peacekit.negotiation`'s; the HTML is
:mod:`peacekit.widgets.negotiation_html`'s. The tables and the evidence
look-up come from one :class:`peacekit.case.Case`; one model (with its
rendered rows) is kept per "Positions as of" choice, built the first time
that date is chosen, so switching dates is a look-up plus rendering.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import pandas as pd

from peacekit import _ui
from peacekit.case import Case, PathLike
from peacekit.negotiation import _Model, _search, model_from_case
from peacekit.templates import message
from peacekit.widgets._panel import Panel
from peacekit.widgets.negotiation_html import Fragments, package_text, search_view, summary_view

__all__ = ["NegotiationWidget"]

SEARCH_PROMPT = "Press “Search packages” to list the packages that cross the fewest red lines."
SEARCH_TOOLTIP = "Try every combination of terms and list the packages that cross the fewest red lines"
NO_PARTY = "No party is chosen, so there is nothing to search for. Choose a party."
TERMS_HEADING = "<strong>Deal terms in the package</strong> (tick to include):"
TERMS_LAYOUT = {"border": "1px solid #ccc", "padding": "4px"}


def _as_of_control(model: _Model, as_of: Any) -> widgets.Dropdown | None:
    """The "Positions as of" dropdown (None when positions.csv has no dates); starts at ``as_of``."""
    if not model.has_as_of:
        return None
    options: list[tuple[str, Any]] = [("latest recorded", None)]
    options += [(d.strftime("%Y-%m-%d"), d.strftime("%Y-%m-%d")) for d in model.as_of_dates]
    start = None if as_of is None else pd.Timestamp(as_of).strftime("%Y-%m-%d")
    if start is not None and start not in [v for _, v in options]:
        options.append((start, start))
    return _ui.dropdown("Positions as of", options, start,
                        tooltip="Use the positions parties had stated by this date")


class NegotiationWidget(Panel):
    """The negotiation table: see :func:`peacekit.negotiation.negotiation_widget` for its controls and views."""

    def __init__(self, *, as_of: Any = None, path: PathLike = None) -> None:
        case = Case(path=path)
        model = model_from_case(case, as_of=as_of)
        boxes = {
            t: _ui.checkbox(model.term_labels[t], tooltip=model.term_descriptions.get(t) or model.term_labels[t])
            for t in model.term_ids
        }
        parties = _ui.select_multiple(
            "Parties", [(model.party_labels[p], p) for p in model.party_ids], model.party_ids,
            rows=min(max(len(model.party_ids), 2), 10),
            tooltip="Choose the parties to show (Ctrl/Cmd or Shift + arrows to choose several)",
        )
        search = widgets.Button(description="Search packages", icon="search", tooltip=SEARCH_TOOLTIP)
        clear = widgets.Button(description="Clear all terms", tooltip="Untick every deal term")
        controls: dict[str, widgets.Widget] = {f"term:{t}": cb for t, cb in boxes.items()}
        controls.update(parties=parties, search=search, clear=clear)
        as_of_control = _as_of_control(model, as_of)
        if as_of_control is not None:
            controls["as_of"] = as_of_control
        views = {name: _ui.html_view() for name in ("summary", "parties", "search")}
        views["search"].value = message(SEARCH_PROMPT)
        super().__init__(self._layout(boxes, controls, views), controls=controls, views=views)
        self._case, self._boxes, self._parties = case, boxes, parties
        self._model, self._fragments = model, Fragments(model)
        self._per_date: dict[Any, tuple[_Model, Fragments]] = {}
        # The starting model serves its dropdown value too, unless ``as_of`` had a time of day
        # (the dropdown offers the day, which would give a different cutoff).
        if as_of_control is not None and (as_of is None or pd.Timestamp(as_of) == pd.Timestamp(as_of_control.value)):
            self._per_date[as_of_control.value] = (self._model, self._fragments)
        self.watch(self.refresh, *boxes.values())
        self.watch(self._parties_changed, parties)
        search.on_click(self._search)
        clear.on_click(self._clear)
        if as_of_control is not None:
            self.watch(self._as_of_changed, as_of_control)
        self.refresh()

    @staticmethod
    def _layout(boxes: dict[str, widgets.Checkbox], controls: dict[str, widgets.Widget],
                views: dict[str, widgets.HTML]) -> list[widgets.Widget]:
        """Terms, buttons, parties and date, then the three views."""
        if boxes:
            terms: widgets.Widget = widgets.VBox(list(boxes.values()), layout=TERMS_LAYOUT)
        else:
            terms = widgets.HTML(message("The dataset has no deal terms (terms.csv is empty)."))
        choices = [controls["parties"]] + ([controls["as_of"]] if "as_of" in controls else [])
        return [
            widgets.HTML(TERMS_HEADING),
            terms,
            widgets.HBox([controls["clear"], controls["search"]]),
            *choices,
            views["summary"],
            views["parties"],
            views["search"],
        ]

    def refresh(self, _change: Any = None) -> None:
        """Show the ticked package, and each chosen party's verdict on it."""
        package = {t for t, cb in self._boxes.items() if cb.value}
        chosen = list(self._parties.value)
        words = package_text(self._model, package)
        if not chosen:
            _ui.set_html(self.views["summary"], summary_view(words))
            _ui.set_html(self.views["parties"], "")
            return
        parties_html, accepting = self._fragments.parties_view(chosen, package)
        _ui.set_html(self.views["summary"], summary_view(words, accepting=accepting, chosen=len(chosen)))
        _ui.set_html(self.views["parties"], parties_html)

    def _search(self, _button: Any = None) -> None:
        """List the best packages for the chosen parties (or say why there is nothing to search)."""
        chosen = list(self._parties.value)
        if not chosen:
            self.views["search"].value = message(NO_PARTY)
            return
        try:
            result = _search(self._model, chosen, list(self._model.term_ids), 10)
        except ValueError as error:  # too many terms
            self.views["search"].value = message(str(error), kind="warning")
            return
        self.views["search"].value = search_view(result, self._model)

    def _parties_changed(self, _change: Any = None) -> None:
        self.views["search"].value = message(SEARCH_PROMPT)  # the last result was for other parties
        self.refresh()

    def _clear(self, _button: Any = None) -> None:
        with self.quiet():
            for cb in self._boxes.values():
                cb.value = False
        self.refresh()

    def _as_of_changed(self, change: Any) -> None:
        key = change["new"]
        if key not in self._per_date:
            model = model_from_case(self._case, as_of=key)
            self._per_date[key] = (model, Fragments(model))
        self._model, self._fragments = self._per_date[key]
        self.views["search"].value = message(SEARCH_PROMPT)
        self.refresh()
