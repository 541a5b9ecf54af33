"""The article reader widget: pick an article and a theme; read the text with its claims highlighted.

Built by :func:`peacekit.reader_widget`; the HTML comes from
:mod:`peacekit.reader` (rendered once per article and theme, then kept).
"""

from __future__ import annotations

import ipywidgets as widgets

from peacekit._ui import dropdown, html_view, set_html
from peacekit.case import Case
from peacekit.reader import Reader
from peacekit.templates import message
from peacekit.widgets._panel import Panel

__all__ = ["ReaderWidget"]

NO_SOURCES = "There are no sources in this dataset yet, so there is nothing to read."


class ReaderWidget(Panel):
    """The article reader (see :func:`peacekit.reader_widget` for its controls and views).

    Parameters
    ----------
    case : Case
        The loaded datasets folder.
    source_id : str, optional
        The article shown first (default: the first source).
    """

    def __init__(self, case: Case, source_id: str | None = None) -> None:
        self.reader = Reader(case)
        if not case.source_ids:
            text = html_view(message(NO_SOURCES))
            super().__init__([text], controls={}, views={"text": text})
            return
        source_id = case.check_source_ids([case.source_ids[0] if source_id is None else source_id])[0]
        source = dropdown("Article", case.source_options, source_id, tooltip="The article to read", width="30em")
        theme = dropdown("Highlight", [("All themes", "")] + case.theme_options, "",
                         tooltip="Highlight the claims on one theme, or on all themes", width="30em")
        views = {"sourcing": html_view(label="sourcing"), "legend": html_view(label="legend"),
                 "text": html_view(label="text")}
        row = widgets.HBox([source, theme], layout=widgets.Layout(flex_flow="row wrap"))
        super().__init__([row, *views.values()], controls={"source": source, "theme": theme}, views=views)
        self.watch(self.refresh, source, theme)
        self.refresh()

    def refresh(self, _change: object = None) -> None:
        """Show the chosen article with the chosen theme's highlights."""
        if "source" not in self.controls:
            return
        parts = self.reader.parts(self.controls["source"].value, self.controls["theme"].value)
        for name, html in zip(("sourcing", "legend", "text"), parts):
            set_html(self.views[name], html)
