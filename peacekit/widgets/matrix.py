"""The stance matrix widget: :class:`StanceMatrixWidget` (built by ``pk.stance_matrix_widget()``).

The chart is an offline ``alt.JupyterChart`` built once; the theme, source
and kind filters set two Vega-Lite parameters of it (``pk_sources``,
``pk_themes``) instead of rebuilding it. A click on a cell (the chart's point
selection ``"cell"``) sets the two cell dropdowns, which also work from the
keyboard, and lists the cell's claims as cards. The numbers, the chart and
the cards come from :mod:`peacekit.matrix`.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import pandas as pd

from peacekit import matrix as _matrix
from peacekit._ui import dropdown, html_view, jupyter_chart, kinds_select, select_multiple, set_html
from peacekit.case import KIND_WORDS, Case, PathLike
from peacekit.style import summary_html
from peacekit.templates import message
from peacekit.widgets._panel import Panel

__all__ = ["StanceMatrixWidget"]

_NONE = ""  # "no cell chosen" value of the cell dropdowns


def _controls(case: Case) -> dict[str, widgets.Widget]:
    """The filters (themes, sources, kinds) and the two cell dropdowns, all chosen / none chosen."""
    pick = {"width": "26em"}
    return {
        "themes": select_multiple(
            "Themes", case.theme_options, case.theme_ids, rows=min(8, max(2, len(case.theme_ids))),
            tooltip="Themes shown as columns", **pick,
        ),
        "sources": select_multiple(
            "Sources", case.source_options, case.source_ids, rows=min(8, max(2, len(case.source_ids))),
            tooltip="Sources shown as rows", **pick,
        ),
        "cell_source": dropdown(
            "Claims of source", [("(choose a source)", _NONE)] + case.source_options, _NONE,
            tooltip="The source whose claims are listed below", **pick,
        ),
        "cell_theme": dropdown(
            "on theme", [("(choose a theme)", _NONE)] + case.theme_options, _NONE,
            tooltip="The theme whose claims are listed below", **pick,
        ),
        "kinds": kinds_select(
            case.kinds, KIND_WORDS,
            tooltip="Only sources of these kinds (commentary, news, the parties' own documents)",
        ),
    }


class StanceMatrixWidget(Panel):
    """The stance matrix with filters; clicking a cell lists its claims (see ``pk.stance_matrix_widget``).

    Parameters
    ----------
    path : str or path-like, optional
        A datasets folder (read once, when the widget is created).
    """

    def __init__(self, *, path: PathLike = None) -> None:
        case = Case(path=path)
        frame = _matrix.matrix_frame(case, case.theme_ids, case.source_ids)
        controls = _controls(case)
        chart = jupyter_chart(
            _matrix.matrix_chart(case, frame, case.theme_ids, case.source_ids, claims_list=False, widget_filters=True)
        )
        views = {"chart": chart, "summary": html_view(label="summary"), "claims": html_view(label="claims")}
        row = widgets.Layout(flex_flow="row wrap")
        children = [
            widgets.HBox([controls["themes"], controls["sources"], controls["kinds"]], layout=row),
            chart,
            views["summary"],
            widgets.HBox([controls["cell_source"], controls["cell_theme"]], layout=row),
            views["claims"],
        ]
        super().__init__(children, controls=controls, views=views)
        self._case = case
        # frame is in source then theme order, so a mask keeps the order the summary needs
        self._frame = frame
        self._cells = _matrix.CellClaims(case.claims)
        self.watch(self.refresh, controls["themes"], controls["sources"], controls["kinds"])
        self.watch(self._show_cell, controls["cell_source"], controls["cell_theme"])
        self.on_chart_click(chart, _matrix.SELECTION, self._on_click)
        self.refresh()
        self._show_cell()

    # ----------------------------------------------------------- filters
    def _shown_sources(self) -> list[str]:
        sources, kinds = self.controls["sources"], self.controls["kinds"]
        if not kinds.options:
            return list(sources.value)
        picked = set(kinds.value)
        return [s for s in sources.value if self._case.source_kind[s] in picked]

    def _empty_sentence(self) -> str:
        """Why nothing is drawn: the first filter that leaves no source or theme."""
        if not self.controls["sources"].value:
            return "Pick at least one source to draw the matrix."
        if not self.controls["themes"].value:
            return "Pick at least one theme to draw the matrix."
        if self.controls["kinds"].options and not self.controls["kinds"].value:
            return "Pick at least one kind of text to draw the matrix."
        return "None of the picked sources is of a picked kind of text: pick more sources or kinds."

    def refresh(self, _change: Any = None) -> None:
        """Set the chart's filter parameters and the summary sentence from the filters."""
        chart, themes = self.views["chart"], list(self.controls["themes"].value)
        shown = self._shown_sources()
        with chart.hold_sync():
            setattr(chart.params, _matrix.SOURCES_PARAM, shown)
            setattr(chart.params, _matrix.THEMES_PARAM, themes)
        if not shown or not themes:
            chart.layout.display = "none"
            set_html(self.views["summary"], message(self._empty_sentence()))
            return
        chart.layout.display = None
        keep = self._frame["source_id"].isin(shown) & self._frame["theme_id"].isin(themes)
        shown_frame: pd.DataFrame = self._frame[keep.to_numpy()]
        set_html(self.views["summary"], summary_html(_matrix.summary_sentence(shown_frame)))

    # ------------------------------------------------------------- cells
    def _show_cell(self, _change: Any = None) -> None:
        source, theme = self.controls["cell_source"].value, self.controls["cell_theme"].value
        set_html(self.views["claims"], _matrix.cell_html(self._case, self._cells, source, theme))

    def _on_click(self, points: list[dict[str, Any]]) -> None:
        """A cell was clicked: choose it in the two dropdowns (one refresh of the claims)."""
        source_id, theme_id = str(points[0].get("source_id", "")), str(points[0].get("theme_id", ""))
        if source_id not in self._case.source_order or theme_id not in self._case.theme_order:
            return
        with self.quiet():
            self.controls["cell_source"].value = source_id
            self.controls["cell_theme"].value = theme_id
        self._show_cell()
