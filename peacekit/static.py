"""Static representations of the kit's widgets and charts (for export and the site).

When ``PEACEKIT_STATIC`` is set (``python -m peacekit export``, ``make
site``), ``pk.setup()`` registers :func:`widget_bundle` as the display of
every ipywidget in the kernel: a widget shows what it shows at first — its
HTML views, its charts as inline SVG with their descriptions, each control as
"description: value" — under the note "Interactive in JupyterLab". Nothing
here runs in a live lesson.
"""

from __future__ import annotations

import html
from typing import Any

from peacekit._html import esc

__all__ = ["NOTE", "install_formatters", "widget_bundle", "widget_html"]

#: The note above every widget's static snapshot.
NOTE = (
    "Interactive in JupyterLab: open this lesson there to use the controls. "
    "Shown here: what the widget shows before any control is changed."
)


def _value_label(widget: Any) -> str:
    for attr in ("label", "labels"):
        if hasattr(widget, attr):
            value = getattr(widget, attr)
            if isinstance(value, (tuple, list)):
                return ", ".join(str(v) for v in value) or "(none chosen)"
            if value is not None:
                return str(value)
    value = getattr(widget, "value", "")
    if value is None:
        return "(none chosen)"
    if isinstance(value, str) and not value.strip():
        return "(empty)"
    if isinstance(value, (tuple, list)):
        return ", ".join(str(v) for v in value) or "(none chosen)"
    if isinstance(value, bool):
        return "yes" if value else "no"
    return str(value)


def _output_html(outputs: Any) -> str:
    parts = []
    for out in outputs or ():
        data = out.get("data", {}) if isinstance(out, dict) else {}
        if "text/html" in data:
            parts.append(str(data["text/html"]))
        elif "text/plain" in data:
            parts.append(f"<pre>{esc(str(data['text/plain']))}</pre>")
        elif isinstance(out, dict) and out.get("output_type") == "stream":
            parts.append(f"<pre>{esc(str(out.get('text', '')))}</pre>")
    return "".join(parts)


def _walk(widget: Any) -> str:
    import altair as alt
    import ipywidgets as widgets

    from peacekit._vega import static_chart_html

    if isinstance(widget, alt.JupyterChart):
        return static_chart_html(widget.chart.to_dict()) if widget.chart is not None else ""
    if isinstance(widget, widgets.Box):
        return '<div class="pk-static-box">' + "".join(_walk(child) for child in widget.children) + "</div>"
    if isinstance(widget, (widgets.HTML, widgets.HTMLMath)):
        label = f"<b>{esc(widget.description)}</b> " if widget.description else ""
        return f'<div class="pk-static-html">{label}{widget.value}</div>'  # the kit's HTML, escaped when built
    if isinstance(widget, widgets.Label):
        return f"<p>{esc(str(widget.value))}</p>"
    if isinstance(widget, widgets.Output):
        return _output_html(widget.outputs)
    if isinstance(widget, (widgets.Button, widgets.Image)):
        return ""
    if isinstance(widget, widgets.ValueWidget):
        name = getattr(widget, "description", "") or "value"
        return (
            f'<p class="pk-static-control"><span class="pk-static-label">{esc(name)}:</span> '
            f"{esc(_value_label(widget))}</p>"
        )
    return ""


def widget_html(widget: Any) -> str:
    """A widget's static snapshot as HTML, under the "Interactive in JupyterLab" note."""
    inner = _walk(widget)
    # styled by the page's CSS (peacekit.export.PAGE_CSS: .pk-static-widget, .pk-static-note)
    return (
        '<div class="pk-static-widget">'
        f'<p class="pk-static-note">{html.escape(NOTE)}</p>'
        f"{inner}</div>"
    )


def widget_bundle(widget: Any) -> dict[str, str]:
    """The mimebundle of a widget in static mode."""
    return {"text/html": widget_html(widget), "text/plain": "Widget (interactive in JupyterLab)"}


def install_formatters() -> bool:
    """Display every ipywidget as its static snapshot in this IPython shell; False outside one."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return False
    shell = get_ipython()
    if shell is None:
        return False
    import ipywidgets as widgets

    shell.display_formatter.mimebundle_formatter.for_type(widgets.Widget, widget_bundle)
    return True
