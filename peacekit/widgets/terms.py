"""The term explorer widget: type terms, see how often each source uses them, and where.

Built by :func:`peacekit.term_explorer_widget`; the chart, its summary and
the keyword-in-context tables come from :mod:`peacekit.terms_explorer` and
:mod:`peacekit.text`.
"""

from __future__ import annotations

import ipywidgets as widgets
import pandas as pd

from peacekit._ui import html_view, jupyter_chart, select_multiple, set_html, text_box
from peacekit.case import Case
from peacekit.style import summary_html
from peacekit.templates import Markup, message, render, view
from peacekit.terms_explorer import (
    MAX_KWIC_LINES, MAX_TERMS, empty_frequencies, kwic_table, spec_chart, spec_template, summary_sentence,
)
from peacekit.text import describe_not_found, parse_terms, shared_index, terms_not_found
from peacekit.widgets._panel import Panel

__all__ = ["TermExplorer"]

ASK_FOR_TERMS = "Type one or two terms, separated by a comma (for example: Kyiv, Kiev), then press Enter."
ASK_FOR_SOURCES = "Pick at least one source to search."


class TermExplorer(Panel):
    """The term explorer (see :func:`peacekit.term_explorer_widget` for its controls and views).

    Parameters
    ----------
    case : Case
        The loaded datasets folder.
    terms : str
        Terms shown first, comma-separated.
    """

    def __init__(self, case: Case, terms: str = "") -> None:
        self.case = case
        self.index = shared_index(case.path)
        source_order = [case.source_label[s] for s in case.source_ids]
        self.template = spec_template(tuple(source_order))
        first_chart = spec_chart(self.template.render(empty_frequencies()))
        box = text_box("Terms", terms, placeholder="e.g. Kyiv, Kiev — then press Enter",
                       tooltip="One or two words or phrases, separated by a comma; press Enter to update")
        sources = select_multiple("Sources", case.source_options, case.source_ids,
                                  rows=min(6, max(2, len(case.source_ids))), tooltip="The sources to search",
                                  width="26em")
        views = {"chart": jupyter_chart(first_chart), "summary": html_view(label="summary"),
                 "message": html_view(label="message"), "kwic": html_view(label="kwic")}
        help_text = html_view(view(render("terms_help.html")), label="help")
        row = widgets.HBox([box, sources], layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([row, help_text, views["message"], views["chart"], views["summary"], views["kwic"]],
                         controls={"terms": box, "sources": sources}, views=views)
        self.watch(self.refresh, box, sources)
        self.refresh()

    def _clear(self, sentence: str = "") -> None:
        """Hide the chart and empty the views, with ``sentence`` (if any) as the message."""
        self.views["chart"].layout.display = "none"
        set_html(self.views["summary"], "")
        set_html(self.views["kwic"], "")
        if sentence:
            set_html(self.views["message"], message(sentence))

    def refresh(self, _change: object = None) -> None:
        """Count the typed terms in the picked sources; show the chart, its summary and the lines."""
        term_list = parse_terms(self.controls["terms"].value)
        picked = list(self.controls["sources"].value)
        if not term_list or not picked:
            self._clear(ASK_FOR_TERMS if not term_list else ASK_FOR_SOURCES)
            return
        notes = []
        if len(term_list) > MAX_TERMS:
            notes.append(f"Compare at most {MAX_TERMS} terms at a time: showing the first {MAX_TERMS}.")
            term_list = term_list[:MAX_TERMS]
        frame = self.index.term_frequencies(term_list, sources=picked)
        missing = terms_not_found(frame)
        if missing:
            notes.append(describe_not_found(missing))
        set_html(self.views["message"], "".join(message(n) for n in notes))
        if len(missing) == len(term_list):
            self._clear()
            return
        sentence = summary_sentence(frame)
        self.views["chart"].spec = self.template.render(frame, sentence)  # see _SpecTemplate: ~1 ms, not ~90 ms
        self.views["chart"].layout.display = None
        set_html(self.views["summary"], summary_html(sentence))
        set_html(self.views["kwic"], view(self._lines(frame, term_list, missing, picked)))

    def _lines(self, frame: pd.DataFrame, term_list: list[str], missing: list[str], picked: list[str]) -> Markup:
        """The keyword-in-context tables of the found terms (at most MAX_KWIC_LINES lines each)."""
        tables = Markup("")
        for term in term_list:
            if term in missing:
                continue
            total = int(frame.loc[frame["term"] == term, "count"].sum())
            found = self.index.kwic(term, width=60, sources=picked, limit=MAX_KWIC_LINES)
            tables += kwic_table(found, term, self.case, total=total)
        return tables
