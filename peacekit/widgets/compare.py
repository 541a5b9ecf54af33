"""Claims side by side (:func:`peacekit.compare_widget`): a :class:`Panel` of claim cards.

The filters pick claims through :class:`peacekit.sidebyside._Comparer`; the
views are rendered by :mod:`peacekit.widgets.compare_html`.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets

from peacekit._ui import checkbox, dropdown, html_view, kinds_select, select_multiple, set_html
from peacekit.case import KIND_WORDS, Case, PathLike
from peacekit.sidebyside import CLAIM_TYPES, DISAGREEMENT_RULE, MAX_CARDS, NOT_CODED, _Comparer
from peacekit.style import STANCE_VALUES, stance_label
from peacekit.templates import message
from peacekit.widgets import compare_html as html
from peacekit.widgets._panel import Panel

__all__ = ["CompareWidget"]



def _row(children: list[widgets.Widget]) -> widgets.HBox:
    """A row of widgets that wraps on a narrow screen (a new Layout each time: widgets are never shared)."""
    return widgets.HBox(children, layout=widgets.Layout(flex_flow="row wrap"))


def _controls(case: Case, comparer: _Comparer, theme_id: str) -> dict[str, widgets.Widget]:
    """The widget's inputs, by name (their keys are part of the public API)."""
    stance_options = [(stance_label(v), v) for v in reversed(STANCE_VALUES)] + [(stance_label(None), NOT_CODED)]
    return {
        "theme": dropdown("Theme", case.theme_options, theme_id, tooltip="The theme whose claims are compared",
                          width="32em"),
        "sources": select_multiple("Sources", case.source_options, case.source_ids,
                                   rows=min(6, max(2, len(case.source_ids))), width="24em",
                                   tooltip="Pick the sources to compare (Ctrl or Shift to pick several)"),
        "speakers": select_multiple("Speakers (none picked = all)", comparer.speakers, (),
                                    rows=min(6, max(2, len(comparer.speakers))), width="24em",
                                    tooltip="Only claims by these speakers; leave empty for all speakers"),
        "stances": select_multiple("Stances", stance_options, [v for _, v in stance_options],
                                   rows=len(stance_options), tooltip="Only claims with these stances", width="22em"),
        "claim_types": select_multiple("Claim types", list(CLAIM_TYPES), list(CLAIM_TYPES), rows=len(CLAIM_TYPES),
                                       tooltip="Only claims of these types", width="16em"),
        "only_disagreements": checkbox("Only where they disagree", tooltip=DISAGREEMENT_RULE),
        "group_by": widgets.ToggleButtons(
            options=[("One column per source", "source"), ("One column per speaker", "speaker"),
                     ("One column per kind of text", "kind")],
            value="source", description="Columns", description_allow_html=False,
            tooltips=["A column for each source", "A column for each speaker",
                      "A column for commentary, news and primary documents"],
            style={"description_width": "initial", "button_width": "auto"},
        ),
        "kinds": kinds_select(case.kinds, KIND_WORDS, tooltip="Only claims from these kinds of text "
                              "(commentary, news, the parties' own documents)"),
    }


class CompareWidget(Panel):
    """The claims on one theme as cards, one column per source, speaker or kind of text.

    Built by :func:`peacekit.compare_widget`, whose docstring lists the
    controls and views.
    """

    def __init__(self, theme_id: str | None = None, *, path: PathLike = None) -> None:
        case = Case(path=path)
        self.comparer = _Comparer(case)
        if not case.theme_ids:
            note = html_view(message("There are no themes in this dataset yet, so there is nothing to compare."))
            super().__init__([note], controls={}, views={"columns": note})
            return
        theme_id = case.check_theme_ids([case.theme_ids[0] if theme_id is None else theme_id])[0]
        c = _controls(case, self.comparer, theme_id)
        views = {"proposition": html_view(label="proposition"), "rule": html_view(html.rule_view(), label="rule"),
                 "count": html_view(label="count"), "columns": html_view(label="columns")}
        filters = _row([c["sources"], c["kinds"], c["speakers"], c["stances"], c["claim_types"]])
        toggles = _row([c["only_disagreements"], c["group_by"]])
        super().__init__([c["theme"], views["proposition"], filters, toggles, views["rule"], views["count"],
                          views["columns"]], controls=c, views=views)
        self.watch(self.refresh, *c.values())
        self.refresh()

    def _missing_choice(self) -> str | None:
        """A sentence when a filter has nothing picked (nothing can be shown), else None."""
        c = self.controls
        for name, sentence in (("sources", "Pick at least one source to compare."),
                               ("stances", "Pick at least one stance."),
                               ("claim_types", "Pick at least one claim type."),
                               ("kinds", "Pick at least one kind of text.")):
            if not c[name].value and (name != "kinds" or c[name].options):  # no kinds recorded: no filter
                return sentence
        return None

    def refresh(self, _change: Any = None) -> None:
        """Recompute the proposition, the count line and the cards from the controls."""
        if "theme" not in self.controls:  # a dataset without themes: only the note
            return
        c, v, comparer = self.controls, self.views, self.comparer
        tid = c["theme"].value
        set_html(v["proposition"], html.proposition_view(comparer, tid))
        problem = self._missing_choice()
        if problem is None and not len(comparer.theme_rows(tid)):
            problem = f"No source makes a claim on “{comparer.case.theme_label.get(tid, tid)}” yet."
        if problem is not None:
            set_html(v["count"], "")
            set_html(v["columns"], message(problem))
            return
        sources = list(c["sources"].value)
        kinds = list(c["kinds"].value) if c["kinds"].options else None
        only = c["only_disagreements"].value
        shown = comparer.select(tid, sources=sources, speakers=list(c["speakers"].value) or None,
                                stances=list(c["stances"].value), claim_types=list(c["claim_types"].value),
                                kinds=kinds, only_disagreements=only)
        set_html(v["count"], html.count_view(html.count_line(comparer, tid, shown, sources, kinds, only)))
        if not len(shown):
            set_html(v["columns"], message(html.empty_sentence(comparer, tid, sources, only)))
            return
        set_html(v["columns"], html.columns_view(comparer, shown[:MAX_CARDS], group_by=c["group_by"].value))
