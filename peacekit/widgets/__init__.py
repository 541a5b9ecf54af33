"""The kit's widgets, one module each, all built on :class:`peacekit.widgets._panel.Panel`.

See ``docs/architecture.md`` for the layers and how to add a widget. The
public factories (``pk.compare_widget(...)`` …) stay the way to build them.
"""

from peacekit.widgets._panel import Panel, chart_points

__all__ = ["Panel", "chart_points"]
