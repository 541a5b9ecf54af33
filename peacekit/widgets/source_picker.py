"""The source picker of lesson 00: a dropdown of the sources and the chosen one's sourcing sentence.

Built by :func:`peacekit.source_picker_widget`; the sentence is
:func:`peacekit.sourcing.sourcing_sentence` (the plain twin is
:func:`peacekit.sourcing_line`).
"""

from __future__ import annotations

import ipywidgets as widgets

from peacekit._ui import set_html
from peacekit.case import Case
from peacekit.sourcing import sourcing_sentence
from peacekit.style import CONTROL_STYLE
from peacekit.templates import message, render
from peacekit.widgets._panel import Panel

__all__ = ["SourcePicker"]

NO_SOURCES = "There are no sources in the dataset yet."


class SourcePicker(Panel):
    """A dropdown (``children[0]``, ``controls["source"]``) and the sourcing line (``children[1]``, ``views["sourcing"]``).

    Parameters
    ----------
    case : Case
        The loaded datasets folder.
    """

    def __init__(self, case: Case) -> None:
        self.case = case
        if not case.source_ids:
            line = widgets.HTML(message(NO_SOURCES))
            super().__init__([line], controls={}, views={"sourcing": line})
            return
        picker = widgets.Dropdown(options=case.source_options, value=case.source_ids[0], description="Source",
                                  description_allow_html=False, style=dict(CONTROL_STYLE))
        line = widgets.HTML(layout=widgets.Layout(min_height="3em"))
        super().__init__([picker, line], controls={"source": picker}, views={"sourcing": line})
        self.watch(self.refresh, picker)
        self.refresh()

    def refresh(self, _change: object = None) -> None:
        """Show the chosen source's sourcing sentence."""
        if "source" not in self.controls:
            return
        sentence = sourcing_sentence(self.case, str(self.controls["source"].value))
        set_html(self.views["sourcing"], str(render("reader_sourcing_line.html", sentence=sentence)))
