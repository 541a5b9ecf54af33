"""Display set-up for the notebooks: offline charts and an environment self-check.

``pk.setup()`` is the first code line of every notebook. It enables the kit's
``peacekit`` altair renderer (at once if altair is imported, else as soon as
it is: ``setup`` does not import altair, so a notebook without charts never
pays for it), which draws charts through altair's own
anywidget (:class:`altair.JupyterChart`) with the Vega JavaScript shipped in
the package (``peacekit/_static/vega-bundle.js``, sent once per kernel; see
docs/charts.md). Why: altair 6's default renderer loads Vega from a CDN and
shows "Error loading script" without network, altair's offline mode starts a
JavaScript engine in every kernel, and JupyterLab's built-in Vega renderer
only understands Vega-Lite 5 and older.

``pk.environment_report()`` lists versions and shows a widget and a chart, so
a student or teacher can see at once whether the set-up works in their
browser. ``source_picker_widget()`` is the small widget demo of lesson 00.
"""

from __future__ import annotations

import importlib.metadata as metadata
import platform
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any


__all__ = [
    "EnvironmentReport",
    "environment_report",
    "setup",
    "source_picker_widget",
    "sourcing_line",
]

_PACKAGES = (
    "peacekit",
    "jupyterlab",
    "ipywidgets",
    "anywidget",
    "pandas",
    "altair",
    "vl-convert-python",
    "frictionless",
    "nbval",
)


def setup() -> None:
    """Prepare a notebook for the lessons. Call once at the top of each notebook.

    Four things, and nothing else (themes and warnings filters are left alone):

    - turns on the kit's ``peacekit`` altair renderer, so charts draw without
      network (and as inline SVG when ``PEACEKIT_STATIC`` is set). altair is
      not imported here (it takes over a second): if it is already imported
      the renderer is enabled at once, otherwise the moment altair is first
      imported, by a kit chart or by a student's own ``import altair as
      alt`` (:func:`peacekit._vega.enable_renderer_when_imported`). A lesson
      that draws no chart never imports altair;
    - sets pandas' ``display.max_colwidth`` to ``None``, so a quote in a table
      is shown whole. pandas cuts text at 50 characters by default, which left
      students judging claims that ended in "...";
    - shows DataFrames with their text columns left-aligned and wrapped
      (:func:`frame_html`), so a column of quotes reads like text;
    - tells Python's garbage collector to skip the objects the libraries made
      on import (:func:`peacekit._vega.freeze_imported`; altair's own are
      skipped the same way once it is imported): its full walks over them
      cost the chart lessons a few tenths of a second (docs/charts.md).

    Calling it again changes nothing.
    """
    import pandas as pd

    from peacekit._vega import enable_renderer_when_imported, freeze_imported, static_mode

    pd.set_option("display.max_colwidth", None)
    _install_frame_html()
    if static_mode():
        from peacekit.static import install_formatters

        install_formatters()
    enable_renderer_when_imported()
    freeze_imported()


_FRAME_COUNTER = [0]
#: Text longer than this (characters) is read as prose: its column gets a readable width and may break anywhere.
LONG_TEXT = 40
#: A table with more columns than this (index included) may not fit: it scrolls in a focusable box.
WIDE_TABLE = 7


def text_columns(frame: Any) -> list[int]:
    """Positions of the columns that hold text (object or string dtype with a str value)."""
    import pandas as pd

    positions = []
    for i, (_, column) in enumerate(frame.items()):
        if pd.api.types.is_object_dtype(column.dtype) or pd.api.types.is_string_dtype(column.dtype):
            values = column.dropna()
            if len(values) and isinstance(values.iloc[0], str):
                positions.append(i)
    return positions


def frame_html(frame: Any) -> str | None:
    """pandas' own HTML for ``frame``, with its text columns left-aligned and wrapped.

    JupyterLab right-aligns table cells and pandas does not wrap them, which
    makes a column of quotes hard to read. Only the text columns change
    (numbers stay right-aligned); long words and addresses may break, so the
    table fits the notebook's width instead of scrolling sideways (a
    sideways-scrolling output cannot be reached by keyboard). A table with
    many columns that may still be too wide scrolls inside its own box, which
    is named and can be reached with the Tab key. The style is scoped to this
    one table.
    """
    html = frame._repr_html_()
    if html is None:
        return None
    columns = text_columns(frame)
    if not columns:
        return html
    _FRAME_COUNTER[0] += 1
    scope = f"pk-frame-{_FRAME_COUNTER[0]}"
    offset = frame.index.nlevels
    long_text = [i for i in columns if frame.iloc[:, i].astype("string").str.len().fillna(0).max() > LONG_TEXT]
    short_text = [i for i in columns if i not in long_text]
    rules = [f".{scope} {{ max-width: 100%; overflow-x: auto; }} .{scope} table {{ max-width: 100%; }} "
             f".{scope} th {{ white-space: normal; }}"]
    if long_text:
        cells = ", ".join(f".{scope} td:nth-child({offset + i + 1})" for i in long_text)
        rules.append(f"{cells} {{ text-align: left; white-space: normal; overflow-wrap: anywhere; "
                     "min-width: 6em; max-width: 40em; }")
    if short_text:
        cells = ", ".join(f".{scope} td:nth-child({offset + i + 1})" for i in short_text)
        rules.append(f"{cells} {{ text-align: left; white-space: normal; }}")
    style = "<style>" + " ".join(rules) + "</style>"
    if frame.shape[1] + offset > WIDE_TABLE:
        # it may still be wider than the notebook: scroll it in a box the keyboard can reach
        from peacekit.style import plural

        label = (f"Table of {plural(frame.shape[0], 'row')} and {plural(frame.shape[1], 'column')}; "
                 "scroll sideways with the arrow keys")
        return f'<div class="{scope}" role="region" tabindex="0" aria-label="{label}">{style}{html}</div>'
    return f'<div class="{scope}">{style}{html}</div>'


def _install_frame_html() -> None:
    """Show DataFrames with :func:`frame_html` in this IPython shell (no-op outside one)."""
    try:
        from IPython import get_ipython
    except ImportError:  # pragma: no cover
        return
    shell = get_ipython()
    if shell is None:
        return
    import pandas as pd

    shell.display_formatter.formatters["text/html"].for_type(pd.DataFrame, frame_html)


def _version(name: str) -> str:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return "not installed"


@dataclass
class EnvironmentReport:
    """Versions, the data folder and whether the offline chart renderer is on.

    In a notebook it displays as a table, a widget that announces itself when
    the browser draws it, and a small chart; ``str(report)`` is plain text.
    """

    python: str
    platform: str
    versions: dict[str, str]
    data_dir: str
    data_ok: bool
    renderer: str
    offline: bool
    problems: list[str] = field(default_factory=list)
    data_from: str = ""

    def __str__(self) -> str:
        lines = [f"Python {self.python} on {self.platform}"]
        lines += [f"{name}: {version}" for name, version in self.versions.items()]
        lines.append(f"data folder: {self.data_dir} ({'found' if self.data_ok else 'NOT found'})")
        if self.data_from:
            lines.append(f"data folder taken from: {self.data_from}")
        lines.append(f"chart renderer: {self.renderer}{' (offline)' if self.offline else ''}")
        lines += [f"problem: {p}" for p in self.problems]
        return "\n".join(lines)

    def _table_html(self) -> str:
        rows = [("Python", f"{self.python} ({self.platform})")]
        rows += list(self.versions.items())
        rows.append(("data folder", f"{self.data_dir} — {'found' if self.data_ok else 'NOT found'}"))
        if self.data_from:
            rows.append(("data folder taken from", self.data_from))
        rows.append(("chart renderer", f"{self.renderer}{' (offline)' if self.offline else ''}"))
        from peacekit.templates import Markup, render, view

        sentences = [(p, "warning") for p in self.problems] or [("Everything peacekit needs is installed.", "info")]
        notices = Markup("").join(render("message.html", sentence=s, kind=k) for s, k in sentences)
        return view(render("display_env.html", rows=rows, notices=notices))

    def _ipython_display_(self) -> None:
        from IPython.display import HTML, display

        display(HTML(self._table_html()))
        display(_widget_probe())
        display(_chart_probe())


def _widget_probe() -> Any:
    """A box whose text changes when the browser runs the widget's JavaScript."""
    import anywidget
    import ipywidgets as widgets
    import traitlets

    class _Probe(anywidget.AnyWidget):
        _esm = """
        export default {
          render({ model, el }) {
            el.classList.add("pk-widget-probe");
            el.textContent = "Widgets: this browser draws widgets.";
            model.set("rendered", true);
            model.save_changes();
          }
        };
        """
        rendered = traitlets.Bool(False).tag(sync=True)

    probe = _Probe()
    status = widgets.HTML(
        value="Widgets: waiting for the browser to draw the widget above…",
        description="",
    )

    def _update(change: dict[str, Any]) -> None:
        if change["new"]:
            status.value = "✅ Widgets work: the browser drew the widget and told Python so."

    probe.observe(_update, names="rendered")
    return widgets.VBox([probe, status])


def _chart_probe() -> Any:
    """A three-bar chart; seeing its bars proves offline charts work."""
    import altair as alt
    import pandas as pd

    setup()
    data = pd.DataFrame({"bar": ["first", "second", "third"], "height": [1, 2, 3]})
    sentence = "Chart self-check: three bars of height 1, 2 and 3; if you can see them, charts work."
    chart = (
        alt.Chart(data, title="Chart self-check", description=sentence)
        .mark_bar()
        .encode(
            x=alt.X("bar:N", title="Bar", sort=None),
            y=alt.Y("height:Q", title="Height"),
        )
        .properties(width=180, height=120)
    )
    return chart


def environment_report() -> EnvironmentReport:
    """Report versions and whether widgets and charts can render here.

    Returns
    -------
    EnvironmentReport
        Displays as a table, a widget probe and a chart in a notebook.
    """
    versions = {name: _version(name) for name in _PACKAGES}
    problems = [
        f"{name} is not installed in this kernel; in a clone of the kit run make lab (or pip install -e .), "
        "on a JupyterHub ask its administrator to rebuild the image."
        for name, v in versions.items() if v == "not installed"
    ]
    try:
        from peacekit import data

        folder = Path(data.data_dir())
        data_from = data.locate_data()[1]
        data_ok = (folder / "datapackage.json").is_file() or (folder / "sources.csv").is_file()
    except Exception as exc:  # the report must work even when data loading is broken
        folder, data_ok, data_from = Path("?"), False, ""
        problems.append(f"the data folder could not be found ({type(exc).__name__}).")
    if not data_ok and folder != Path("?"):
        problems.append(f"the data folder {folder} has no sources.csv.")
    try:
        setup()
        import altair as alt

        renderer = alt.renderers.active
        offline = renderer == "peacekit"
    except Exception as exc:
        renderer, offline = f"unavailable ({type(exc).__name__})", False
        problems.append("charts cannot be drawn offline; check altair and anywidget.")
    return EnvironmentReport(
        python=platform.python_version(),
        platform=f"{platform.system()} {platform.machine()}",
        versions=versions,
        data_dir=str(folder),
        data_ok=data_ok,
        renderer=renderer,
        offline=offline,
        problems=problems,
        data_from=data_from,
    )


def sourcing_line(source_id: str, *, path: str | Path | None = None) -> str:
    """Return one plain sentence saying who wrote a source, where and when.

    Each part says how sure the kit is of it (from the ``*_confidence``
    columns of ``sources.csv``); a date is said in words at its precision
    (``"5 March 2024"``, ``"November 2023"``), as in the article reader
    (the one rule is :mod:`peacekit.sourcing`).

    Parameters
    ----------
    source_id : str
        A ``source_id`` from ``pk.sources()``.
    path : str or Path, optional
        A datasets folder (default: the kit's own).

    Raises
    ------
    ValueError
        If ``source_id`` is not in ``sources.csv``; the message lists the ids.
    """
    from peacekit.case import Case
    from peacekit.sourcing import sourcing_sentence

    case = Case(path=path)
    if source_id not in case.source_order:
        raise ValueError(f"{source_id!r} is not a source_id; choose one of: {', '.join(case.source_ids)}.")
    return sourcing_sentence(case, source_id)


def source_picker_widget(*, path: str | Path | None = None) -> Any:
    """A dropdown of the sources; the line below it shows the chosen source's sourcing.

    The plain twin is :func:`sourcing_line`.

    Parameters
    ----------
    path : str or Path, optional
        A datasets folder (default: the kit's own).

    Returns
    -------
    SourcePicker
        A :class:`peacekit.widgets.Panel` (an ``ipywidgets.VBox``): the
        dropdown (``.children[0]``, ``controls["source"]``) and the sourcing
        line (``.children[1]``, ``views["sourcing"]``).
    """
    from peacekit.case import Case
    from peacekit.widgets.source_picker import SourcePicker

    return SourcePicker(Case(path=path))
