"""The timeline widget: filter the cited events by kind and years, pick one, see its claims.

Built by :func:`peacekit.timeline_widget` (documented there: controls and
views). The chart is made once with every event; the controls filter it in
the browser through the chart's ``pk_*`` params, so a change sends a few
bytes, not a new chart.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import numpy as np

from peacekit import _ui
from peacekit._html import message
from peacekit.case import Case, PathLike
from peacekit.chronology import (
    CATEGORIES_PARAM,
    END_PARAM,
    SOURCES_PARAM,
    START_PARAM,
    TimelineData,
    timeline_summary,
)
from peacekit.style import summary_html
from peacekit.widgets._panel import Panel
from peacekit.widgets.timeline_html import claim_rows, event_html, event_rows, option_labels, sources_html, year_box

__all__ = ["TimelineWidget"]

_NONE = ("(choose an event)", None)


class TimelineWidget(Panel):
    """The timeline, its filters, the chosen event's citation and claims (see :func:`peacekit.timeline_widget`).

    Parameters
    ----------
    path : str or path-like, optional
        A datasets folder (default: the kit's own).
    """

    def __init__(self, *, path: PathLike = None) -> None:
        data = TimelineData.load(Case(path=path))
        events = data.events
        self._events = events
        self._rows = event_rows(events)
        self._claims = claim_rows(data.case, events)
        self._dates_html = sources_html(data.dates)
        self._ids = events["event_id"].to_numpy(dtype=object)
        self._kinds = events["category"].to_numpy(dtype=object)
        self._years = events["year"].to_numpy()
        self._options = list(zip(option_labels(events), self._ids, strict=True))
        self._domain = data.domain
        self._shown: set[str] = set(self._rows)
        lo, hi = data.years()

        kinds = _ui.select_multiple(
            "Kinds of event", data.domain, data.domain, rows=min(max(len(data.domain), 2), 9),
            tooltip="Choose the kinds of event to show (Ctrl/Cmd or Shift + arrows for several)",
        )
        start = year_box("From year", lo, lo, hi, "First year shown")
        end = year_box("To year", hi, lo, hi, "Last year shown")
        event = _ui.dropdown(
            "Event", [_NONE], tooltip="Choose an event to see its citation and the claims that refer to it"
        )
        event.layout.max_width = "900px"
        sources = _ui.checkbox(
            "Mark article publication dates", tooltip="Draw a dashed line at each article's publication date"
        )
        self._chart = _ui.jupyter_chart(data.chart())
        summary, event_view, sources_view = _ui.html_view(), _ui.html_view(), _ui.html_view()
        super().__init__(
            [widgets.HBox([kinds, widgets.VBox([start, end, sources])]), self._chart, summary, sources_view,
             event, event_view],
            controls={"categories": kinds, "start": start, "end": end, "event": event, "sources": sources},
            views={"chart": self._chart, "summary": summary, "event": event_view, "sources": sources_view},
        )
        self.watch(self._filters_changed, kinds, start, end)
        self.watch(self._show_event, event)
        self.watch(self._sources_changed, sources)
        self.on_chart_click(self._chart, "event", self._clicked)
        self.refresh()

    # ------------------------------------------------------------------ views
    def refresh(self, _change: Any = None) -> None:
        """Recompute every view from the controls."""
        self._filters_changed()
        self._sources_changed()
        if self._events.empty:
            _ui.set_html(self.views["summary"], message("This dataset has no dated events, so the timeline is empty."))

    def _problem(self) -> str | None:
        """A sentence when the filters can show nothing at all, else None."""
        start, end = self.controls["start"].value, self.controls["end"].value
        if not self.controls["categories"].value:
            return "No kind of event is chosen. Choose at least one kind of event."
        if start > end:
            return f"“From year” ({start}) is after “To year” ({end}); change one of the years so the range is not empty."
        return None

    def _filters_changed(self, _change: Any = None) -> None:
        chosen = set(self.controls["categories"].value)
        start, end = self.controls["start"].value, self.controls["end"].value
        with self._chart.hold_sync():
            setattr(self._chart.params, CATEGORIES_PARAM, [c for c in self._domain if c in chosen])
            setattr(self._chart.params, START_PARAM, start)
            setattr(self._chart.params, END_PARAM, end)
        issue = self._problem()
        keep = np.isin(self._kinds, list(chosen)) & (self._years >= start) & (self._years <= end)
        index = [] if issue else np.flatnonzero(keep).tolist()
        shown = self._events.iloc[index]
        self._shown = {self._ids[i] for i in index}
        _ui.set_html(self.views["summary"], message(issue) if issue else summary_html(timeline_summary(shown)))
        event = self.controls["event"]
        with self.quiet():
            value = event.value if event.value in self._shown else None
            event.options = [_NONE] + [self._options[i] for i in index]
            event.value = value
        if index or issue:
            self._show_event()
        else:
            _ui.set_html(self.views["event"], message(timeline_summary(shown)))

    def _show_event(self, _change: Any = None) -> None:
        if self._problem() is not None:
            html = message("No events are shown, so there is no event to choose.")
        else:
            html = event_html(self.controls["event"].value, self._shown, self._rows, self._claims)
        _ui.set_html(self.views["event"], html)

    def _sources_changed(self, _change: Any = None) -> None:
        show = bool(self.controls["sources"].value)
        setattr(self._chart.params, SOURCES_PARAM, show)
        _ui.set_html(self.views["sources"], self._dates_html if show else "")

    def _clicked(self, points: list[dict[str, Any]]) -> None:
        """A click on an event of the chart chooses it in the list."""
        value = points[0].get("event_id")
        if value in self._shown:
            self.controls["event"].value = value
