"""Building blocks shared by the comparison widgets (private).

Every ``*_widget()`` returns a :class:`peacekit.widgets.Panel`: an
``ipywidgets.VBox`` with

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

from peacekit.style import CONTROL_STYLE

__all__ = ["jupyter_chart", "dropdown", "select_multiple", "kinds_select", "checkbox", "text_box", "html_view", "set_html"]

def _in_kernel() -> bool:
    """True inside a Jupyter kernel (where a front end will load the chart's JavaScript)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover - IPython comes with ipywidgets
        return False
    shell = get_ipython()
    return shell is not None and hasattr(shell, "kernel")


def jupyter_chart(chart: Any) -> Any:
    """Wrap an altair chart in an offline ``alt.JupyterChart`` (a :class:`peacekit._vega.OfflineChart`).

    The Vega JavaScript is not bundled in the kernel: it ships as a package
    file and reaches the browser once per kernel, as one hidden library
    widget; the chart itself carries only its spec and a small loader
    (docs/charts.md).
    """
    from peacekit._vega import offline_chart

    return offline_chart(chart)


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
    """A SelectMultiple (Ctrl/Shift + arrows or click to pick several) that stays quick with thousands of options."""
    from peacekit.widgets._select import LargeSelectMultiple

    return LargeSelectMultiple(
        options=list(options), value=tuple(value), rows=rows,
        layout=widgets.Layout(width=width), **_common(description, tooltip)
    )


def kinds_select(kinds: Sequence[str], words: dict[str, str], *, tooltip: str) -> widgets.SelectMultiple:
    """The "Kinds of text" control: every kind chosen; hidden when the data records no kind.

    ``kinds`` are the values of ``sources.csv``'s ``kind`` column in the data; ``words``
    names each one for a reader (``case.KIND_WORDS``).
    """
    options = [(words.get(k, k), k) for k in kinds]
    control = select_multiple("Kinds of text", options, [v for _, v in options],
                              rows=max(2, len(options)), tooltip=tooltip, width="26em")
    if not options:
        control.layout.display = "none"  # this dataset records no kind of text
    return control


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
