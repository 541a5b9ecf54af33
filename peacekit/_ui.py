"""Building blocks shared by the comparison widgets (private).

Every ``*_widget()`` returns a :class:`PanelBox`: an ``ipywidgets.VBox`` with

* ``controls`` — ``dict[str, Widget]``: the inputs, by name; set
  ``box.controls["theme"].value = ...`` to drive the widget from code (tests,
  benchmarks, a teacher's notebook). Observers run synchronously, so the
  views are up to date when the assignment returns.
* ``views`` — ``dict[str, Widget]``: the outputs (``widgets.HTML`` or
  ``alt.JupyterChart``), by name; read ``box.views["columns"].value``.

Controls are standard ipywidgets (keyboard operable), each with a plain-text
``description`` (``description_allow_html=False``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets

from peacekit.style import CONTROL_STYLE, EMBED_OPTIONS

__all__ = ["PanelBox", "jupyter_chart", "dropdown", "select_multiple", "checkbox", "text_box", "html_view", "set_html", "heading"]

#: Base font size of the HTML views: large enough to read when projected.
VIEW_FONT = "font-size:1.05rem;line-height:1.45;color:#111"


class PanelBox(widgets.VBox):
    """A VBox carrying ``controls`` and ``views`` dicts (see the module docstring)."""

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
        self.add_class("peacekit-widget")


def _in_kernel() -> bool:
    """True inside a Jupyter kernel (where a front end will load the chart's JavaScript)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")


def jupyter_chart(chart: Any) -> Any:
    """Wrap an altair chart in an ``alt.JupyterChart`` whose JavaScript is loaded offline.

    altair's ``JupyterChart`` loads Vega from a CDN unless
    ``JupyterChart.enable_offline()`` was called; enabling the offline
    ``jupyter`` renderer (``pk.setup()``) only does that when an ordinary
    chart is first displayed. A widget created before that would need the
    network, so every widget chart goes through here. Bundling takes a few
    seconds once per kernel; outside a kernel (tests) it is skipped, since no
    front end loads the JavaScript there. The chart has no actions menu
    (:data:`EMBED_OPTIONS`).
    """
    import altair as alt

    if not getattr(alt.JupyterChart, "_is_offline", False) and _in_kernel():
        alt.JupyterChart.enable_offline()
    return alt.JupyterChart(chart, embed_options=dict(EMBED_OPTIONS))


def _common(description: str, tooltip: str | None) -> dict[str, Any]:
    kwargs: dict[str, Any] = {
        "description": description,
        "description_allow_html": False,
        "style": dict(CONTROL_STYLE),
    }
    if tooltip:
        kwargs["tooltip"] = tooltip
    return kwargs


def dropdown(description: str, options: Sequence[Any], value: Any = None, *, tooltip: str | None = None,
             width: str = "auto") -> widgets.Dropdown:
    """A Dropdown with a description; ``options`` as ``(label, value)`` pairs."""
    kwargs = _common(description, tooltip)
    if value is not None:
        kwargs["value"] = value
    return widgets.Dropdown(options=list(options), layout=widgets.Layout(width=width), **kwargs)


def select_multiple(description: str, options: Sequence[Any], value: Sequence[Any] = (), *,
                    rows: int = 5, tooltip: str | None = None, width: str = "auto") -> widgets.SelectMultiple:
    """A SelectMultiple (Ctrl/Shift + arrows or click to pick several)."""
    return widgets.SelectMultiple(
        options=list(options), value=tuple(value), rows=rows,
        layout=widgets.Layout(width=width), **_common(description, tooltip)
    )


def checkbox(description: str, value: bool = False, *, tooltip: str | None = None) -> widgets.Checkbox:
    """A Checkbox whose label is its description (indent off, so it lines up)."""
    return widgets.Checkbox(value=value, indent=False, layout=widgets.Layout(width="auto"),
                            **_common(description, tooltip))


def text_box(description: str, value: str = "", *, placeholder: str = "", tooltip: str | None = None,
             width: str = "28em") -> widgets.Text:
    """A Text box that updates when Enter is pressed or focus leaves (not per keystroke)."""
    return widgets.Text(value=value, placeholder=placeholder, continuous_update=False,
                        layout=widgets.Layout(width=width), **_common(description, tooltip))


def html_view(value: str = "", *, label: str | None = None) -> widgets.HTML:
    """A widgets.HTML output (text views are HTML widgets, never Output widgets)."""
    view = widgets.HTML(value=value, layout=widgets.Layout(width="100%"))
    view.description_allow_html = False
    if label:
        view.add_class("pk-" + label)
    return view


def set_html(view: widgets.HTML, html: str) -> None:
    """Set an HTML view's value only when it changed (saves a message to the browser)."""
    if view.value != html:
        view.value = html


def heading(text: str) -> str:
    """Small bold heading HTML (``text`` must already be escaped)."""
    return f'<div style="font-weight:600;margin:0.4em 0 0.2em 0">{text}</div>'


def wrap(html: str) -> str:
    """Wrap view HTML in a div with the kit's readable base font."""
    return f'<div class="pk-view" style="{VIEW_FONT}">{html}</div>'
