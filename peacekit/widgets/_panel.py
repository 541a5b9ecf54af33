"""The one widget pattern: :class:`Panel`, the base class of every kit widget.

A panel is an ``ipywidgets.VBox`` that declares

* ``controls`` — ``dict[str, Widget]``: the inputs, by name. Set
  ``panel.controls["theme"].value = ...`` to drive it from code (tests,
  benchmarks, a teacher's notebook). Observers run synchronously, so the
  views are up to date when the assignment returns.
* ``views`` — ``dict[str, Widget]``: the outputs (``widgets.HTML`` or an
  offline ``alt.JupyterChart``), by name; read ``panel.views["columns"].value``.

A widget is a small subclass: its ``__init__`` builds the controls and views
(with :mod:`peacekit._ui`), lays them out, calls ``super().__init__`` and
wires observers with :meth:`Panel.watch`; its :meth:`Panel.refresh` recomputes
the views from the controls. When code must set several controls without each
one triggering a refresh (a chart click setting two dropdowns), it does so
inside ``with self.quiet():``. A click on a chart reaches Python through
:meth:`Panel.on_chart_click`, the one decoder of altair's point selections.

The public factories (``pk.compare_widget(...)`` …) build and return panels.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from typing import Any

import ipywidgets as widgets

__all__ = ["Panel", "chart_points"]


def chart_points(selections: Mapping[str, Any] | None, name: str) -> list[dict[str, Any]]:
    """The data of the points clicked in the point selection ``name`` of a chart.

    ``selections`` is the value of an ``alt.JupyterChart``'s selection state
    (what the front end sends back after a click). Returns one dict per
    clicked point (``{"source_id": ..., "theme_id": ...}``), or ``[]`` when
    nothing is selected.
    """
    from altair.jupyter.jupyter_chart import PointSelection

    raw = (selections or {}).get(name) or {}
    signal = raw.get("value") if isinstance(raw, Mapping) else None
    store = raw.get("store", []) if isinstance(raw, Mapping) else []
    if not isinstance(signal, Mapping):
        return []
    selection = PointSelection.from_vega(name, signal=dict(signal), store=store)
    return [point for point in selection.value if isinstance(point, dict)]


class Panel(widgets.VBox):
    """A kit widget: a VBox with ``controls`` and ``views`` (see the module docstring).

    Parameters
    ----------
    children : sequence of Widget
        The laid-out controls and views.
    controls, views : dict of str to Widget
        The named inputs and outputs (their keys are part of the public API).
    **kwargs
        Passed to ``ipywidgets.VBox``.
    """

    def __init__(
        self,
        children: Sequence[widgets.Widget],
        *,
        controls: dict[str, widgets.Widget],
        views: dict[str, widgets.Widget],
        **kwargs: Any,
    ) -> None:
        super().__init__(children=list(children), **kwargs)
        self.controls: dict[str, widgets.Widget] = controls
        self.views: dict[str, widgets.Widget] = views
        self._quiet_depth = 0
        self.add_class("peacekit-widget")

    # ------------------------------------------------------------ observers
    def watch(self, handler: Callable[[Any], None], *sources: widgets.Widget, names: str = "value") -> None:
        """Call ``handler(change)`` when trait ``names`` of any of ``sources`` changes.

        The call is skipped while the panel is :meth:`quiet`.
        """

        def call(change: Any) -> None:
            if not self._quiet_depth:
                handler(change)

        for source in sources:
            source.observe(call, names=names)

    @contextmanager
    def quiet(self) -> Iterator[None]:
        """Within this block, changes to watched controls call no handler."""
        self._quiet_depth += 1
        try:
            yield
        finally:
            self._quiet_depth -= 1

    def refresh(self, _change: Any = None) -> None:
        """Recompute every view from the controls (each widget overrides this)."""

    # ---------------------------------------------------------------- charts
    def on_chart_click(self, chart: widgets.Widget, selection: str, handler: Callable[[list[dict[str, Any]]], None]) -> None:
        """Call ``handler(points)`` when a point of ``selection`` is clicked on ``chart``.

        ``points`` is :func:`chart_points` of the chart's selection state; an
        empty selection (a click outside the marks) calls nothing. Unlike
        ``chart.selections``, this keeps working when the chart's spec is
        replaced.
        """

        def call(change: Any) -> None:
            points = chart_points(change.get("new"), selection)
            if points and not self._quiet_depth:
                handler(points)

        chart.observe(call, names="_vl_selections")
