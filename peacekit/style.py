"""Shared colours, symbols and chart defaults for every peacekit chart and widget.

Everything here is colour-blind safe and never relies on colour alone:

* :data:`OKABE_ITO` — the Okabe & Ito (2008) categorical palette, safe for the
  common forms of colour blindness. Use :func:`categorical_scale` for sources,
  categories, parties.
* A diverging **stance** scheme (ColorBrewer ``PuOr``, orange = disagrees,
  purple = agrees, light grey = neutral) with a word, a signed number and a
  symbol for every stance value (:func:`stance_label`), so a stance can be read
  in black and white.
* :data:`NOT_ADDRESSED_COLOR` / :data:`NOT_ADDRESSED_MARK` — how "no claim on
  this theme" is drawn: a mid grey with an em dash, never the neutral colour.
* :func:`theme_style` — a highlight colour *and* an underline style per theme
  (for the article reader), so 14 themes stay distinguishable without colour.
* :func:`describe_chart` — adds the title, plain-word axis titles and the
  ``description`` every chart must have; :func:`projector_config` enlarges
  fonts for a projected screen.

The ``summary_sentence`` convention
-----------------------------------
Every chart comes with one plain sentence that says what it shows, for
students who cannot see the chart and for a screen reader. A module that
makes a chart defines ``summary_sentence(df, ...) -> str`` (or, when a module
has several charts, ``<chart>_summary(df, ...) -> str``) that takes the *same
DataFrame the chart is drawn from* and returns one sentence ending in a full
stop. The chart function passes that sentence as the chart's
``description`` (through :func:`describe_chart`), and the widget shows it in a
``widgets.HTML`` under the chart using :func:`summary_html`. An empty
DataFrame gives a sentence too ("No ... to show."), never an empty string.

Importing this module changes no global state (no altair theme is enabled).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

from peacekit._html import esc

if TYPE_CHECKING:  # altair is imported by the functions that build charts (it takes over a second)
    import altair as alt

#: vega-embed options for every chart of the kit (``pk.setup()``'s renderer and the widgets'
#: ``JupyterChart``): no "..." actions menu. Its ``<summary>`` button has no accessible name
#: (an axe-core WCAG 2.1 A violation, tests/browser/test_accessibility_lab.py), and its entries
#: (save as SVG/PNG, open in the online Vega editor) are not used by the lessons.
EMBED_OPTIONS: dict[str, Any] = {"actions": False}

__all__ = [
    "OKABE_ITO",
    "CATEGORICAL",
    "STANCE_VALUES",
    "STANCE_COLORS",
    "STANCE_WORDS",
    "STANCE_SYMBOLS",
    "STANCE_SHORT",
    "NOT_CODED_WORD",
    "NOT_CODED_SYMBOL",
    "NOT_ADDRESSED_COLOR",
    "NOT_ADDRESSED_MARK",
    "NOT_ADDRESSED_WORD",
    "HIGHLIGHT_COLORS",
    "UNDERLINE_STYLES",
    "FONT_SIZES",
    "categorical_scale",
    "categorical_colors",
    "stance_scale",
    "stance_color",
    "stance_number",
    "stance_word",
    "stance_symbol",
    "stance_label",
    "signed_number",
    "theme_style",
    "describe_chart",
    "projector_config",
    "summary_html",
    "plural",
    "join_words",
    "CONTROL_STYLE",
]

# ---------------------------------------------------------------------------
# Categorical palette
# ---------------------------------------------------------------------------

#: Okabe & Ito (2008), "Color Universal Design". Order as published.
OKABE_ITO: dict[str, str] = {
    "black": "#000000",
    "orange": "#E69F00",
    "sky blue": "#56B4E9",
    "bluish green": "#009E73",
    "yellow": "#F0E442",
    "blue": "#0072B2",
    "vermillion": "#D55E00",
    "reddish purple": "#CC79A7",
}

#: Okabe-Ito without black, ordered for maximum contrast between neighbours
#: (yellow last: poor on white). Use for up to 7 categories; beyond that, add a
#: second cue (shape, label, pattern).
CATEGORICAL: list[str] = [
    OKABE_ITO["blue"],
    OKABE_ITO["orange"],
    OKABE_ITO["bluish green"],
    OKABE_ITO["vermillion"],
    OKABE_ITO["sky blue"],
    OKABE_ITO["reddish purple"],
    OKABE_ITO["yellow"],
]


def categorical_colors(n: int) -> list[str]:
    """Return ``n`` Okabe-Ito colours (cycling after 7; add a second cue then)."""
    return [CATEGORICAL[i % len(CATEGORICAL)] for i in range(max(n, 0))]


def categorical_scale(domain: Sequence[Any] | None = None) -> alt.Scale:
    """Return an altair colour scale using the Okabe-Ito palette.

    Parameters
    ----------
    domain : sequence, optional
        The category values in a fixed order, so every chart gives the same
        source the same colour.
    """
    import altair as alt

    if domain is None:
        return alt.Scale(range=CATEGORICAL)
    domain = list(domain)
    return alt.Scale(domain=domain, range=categorical_colors(len(domain)))


# ---------------------------------------------------------------------------
# Stance: a diverging scheme plus a word, a number and a symbol
# ---------------------------------------------------------------------------

#: The coded stance values toward a theme's proposition.
STANCE_VALUES: tuple[int, ...] = (-2, -1, 0, 1, 2)

#: ColorBrewer PuOr (5 classes), colour-blind safe and print friendly:
#: orange = disagrees, purple = agrees, near-white = neutral.
STANCE_COLORS: dict[int, str] = {
    -2: "#E66101",
    -1: "#FDB863",
    0: "#F7F7F7",
    1: "#B2ABD2",
    2: "#5E3C99",
}

#: Words used after the stance number ("−2 strongly disagrees").
STANCE_WORDS: dict[int, str] = {
    -2: "strongly disagrees",
    -1: "disagrees",
    0: "neutral or mixed",
    1: "agrees",
    2: "strongly agrees",
}

#: Short words for chart legends and table headers.
STANCE_SHORT: dict[int, str] = {
    -2: "strongly against",
    -1: "against",
    0: "neutral",
    1: "for",
    2: "strongly for",
}

#: Symbols that carry the stance without colour (print- and screen-reader-friendly).
STANCE_SYMBOLS: dict[int, str] = {
    -2: "✗✗",
    -1: "✗",
    0: "○",
    1: "✓",
    2: "✓✓",
}

NOT_CODED_WORD = "no stance (descriptive)"
NOT_CODED_SYMBOL = "·"

#: "Not addressed" (a source makes no claim on a theme): grey plus an em dash,
#: deliberately NOT the neutral stance colour.
NOT_ADDRESSED_COLOR = "#9E9E9E"
NOT_ADDRESSED_MARK = "—"
NOT_ADDRESSED_WORD = "not addressed"


def stance_number(stance: Any) -> int | None:
    """Return a stance as ``int`` in -2..2, or ``None`` when missing.

    Accepts ints, floats, numeric strings and pandas missing values.
    """
    if stance is None:
        return None
    try:
        if stance != stance:  # NaN
            return None
    except (TypeError, ValueError):  # pd.NA
        return None
    if isinstance(stance, str):
        stance = stance.strip()
        if not stance:
            return None
    value = int(round(float(stance)))
    if value not in STANCE_VALUES:
        raise ValueError(f"A stance must be between -2 and 2; got {stance!r}.")
    return value


def signed_number(value: float | int) -> str:
    """Format a number with a real minus sign (U+2212) or a plus sign: ``"−1.5"``, ``"+2"``, ``"0"``."""
    if isinstance(value, float) and not value.is_integer():
        text = f"{abs(value):.1f}"
    else:
        text = f"{abs(int(value))}"
    if value < 0:
        return "\u2212" + text
    if value > 0:
        return "+" + text
    return text


def stance_word(stance: Any) -> str:
    """Return the words for a stance, e.g. ``"strongly disagrees"``."""
    value = stance_number(stance)
    return NOT_CODED_WORD if value is None else STANCE_WORDS[value]


def stance_symbol(stance: Any) -> str:
    """Return the symbol for a stance, e.g. ``"✗✗"`` for -2."""
    value = stance_number(stance)
    return NOT_CODED_SYMBOL if value is None else STANCE_SYMBOLS[value]


def stance_color(stance: Any) -> str:
    """Return the diverging-scheme colour for a stance (grey when not coded)."""
    value = stance_number(stance)
    return NOT_ADDRESSED_COLOR if value is None else STANCE_COLORS[value]


def stance_label(stance: Any) -> str:
    """Return number, symbol and word together, e.g. ``"−2 ✗✗ strongly disagrees"``.

    A missing stance gives ``"· no stance (descriptive)"``.
    """
    value = stance_number(stance)
    if value is None:
        return f"{NOT_CODED_SYMBOL} {NOT_CODED_WORD}"
    return f"{signed_number(value)} {STANCE_SYMBOLS[value]} {STANCE_WORDS[value]}"


def stance_scale(*, domain_mid: bool = True) -> alt.Scale:
    """Return the diverging colour scale for a (mean) stance from -2 to 2.

    Parameters
    ----------
    domain_mid : bool
        Pin the neutral colour to 0 (``domainMid``), so a mean of 0 is always
        near-white whatever the data range.
    """
    import altair as alt

    kwargs: dict[str, Any] = {
        "domain": [-2, 2],
        "range": [STANCE_COLORS[v] for v in STANCE_VALUES],
        "interpolate": "rgb",
    }
    if domain_mid:
        kwargs["domainMid"] = 0
    return alt.Scale(**kwargs)


# ---------------------------------------------------------------------------
# Themes in running text: highlight colour + underline style
# ---------------------------------------------------------------------------

#: Light backgrounds (Paul Tol's "light" scheme) readable under black text.
HIGHLIGHT_COLORS: list[str] = [
    "#77AADD",
    "#EE8866",
    "#44BB99",
    "#EEDD88",
    "#FFAABB",
    "#99DDFF",
    "#BBCC33",
    "#DDDDDD",
    "#AAAA00",
]

#: CSS underline styles: the second, colour-free cue for a theme.
UNDERLINE_STYLES: list[str] = ["solid", "dashed", "dotted", "double", "wavy"]


def theme_style(index: int) -> dict[str, str]:
    """Return the highlight for the ``index``-th theme (0-based, in themes.csv order).

    Returns a dict with ``color`` (background), ``underline`` (CSS
    ``text-decoration-style``) and ``css`` (a ready inline style). The pair
    (colour, underline) is unique for the first 45 themes, and the underline
    alone differs between neighbouring themes.
    """
    color = HIGHLIGHT_COLORS[index % len(HIGHLIGHT_COLORS)]
    underline = UNDERLINE_STYLES[index % len(UNDERLINE_STYLES)]
    css = (
        f"background-color:{color};"
        f"text-decoration-line:underline;text-decoration-style:{underline};"
        "text-decoration-thickness:2px;text-underline-offset:3px;"
        "color:#000;padding:0 1px"
    )
    return {"color": color, "underline": underline, "css": css}


# ---------------------------------------------------------------------------
# Chart helpers
# ---------------------------------------------------------------------------

#: Font sizes for a projected screen.
FONT_SIZES: dict[str, int] = {"title": 18, "subtitle": 14, "axis_title": 15, "label": 13, "legend": 13}


def _set_axis_title(chart: Any, channel: str, title: str) -> None:
    """Set ``title`` on an encoding channel of a chart or of each layer."""
    import altair as alt

    layers = getattr(chart, "layer", None)
    if isinstance(layers, list):
        for layer in layers:
            _set_axis_title(layer, channel, title)
        return
    encoding = getattr(chart, "encoding", alt.Undefined)
    if encoding is alt.Undefined:
        return
    enc = getattr(encoding, channel, alt.Undefined)
    if enc is not alt.Undefined:
        enc.title = title


def describe_chart(
    chart: Any,
    *,
    title: str,
    description: str,
    subtitle: str | Sequence[str] | None = None,
    x_title: str | None = None,
    y_title: str | None = None,
) -> Any:
    """Give a chart the title, axis titles and ``description`` every chart needs.

    Parameters
    ----------
    chart : altair chart
        Any altair chart (single, layered or concatenated).
    title : str
        The chart title, in plain words.
    description : str
        One sentence saying what the chart shows (use the module's
        ``summary_sentence``); stored as the Vega-Lite ``description``, which
        becomes the ``aria-label`` of the rendered SVG/canvas.
    subtitle : str or list of str, optional
        A line under the title (e.g. how to use the selection).
    x_title, y_title : str, optional
        Plain-word axis titles, set on the ``x`` / ``y`` encodings (of every
        layer for layered charts). Leave ``None`` if set in the encodings.

    Returns
    -------
    altair chart
        A new chart with the properties set (``chart`` is not changed).
    """
    import altair as alt

    if x_title is not None or y_title is not None:
        chart = chart.copy(deep=True)  # axis titles are set in place on the encodings
    if x_title is not None:
        _set_axis_title(chart, "x", x_title)
    if y_title is not None:
        _set_axis_title(chart, "y", y_title)
    title_kwargs: dict[str, Any] = {"text": title, "anchor": "start"}
    if subtitle:
        title_kwargs["subtitle"] = subtitle
    return chart.properties(title=alt.TitleParams(**title_kwargs), description=description)


def projector_config(chart: Any) -> Any:
    """Return ``chart`` with larger fonts, readable on a classroom projector.

    Apply last: Vega-Lite only accepts ``config`` on the top-level chart.
    """
    return (
        chart.configure_title(fontSize=FONT_SIZES["title"], subtitleFontSize=FONT_SIZES["subtitle"])
        .configure_axis(titleFontSize=FONT_SIZES["axis_title"], labelFontSize=FONT_SIZES["label"], labelLimit=260)
        # a category axis's title sits above its labels, right-aligned on the axis line: rotated
        # beside long labels it could overlap them
        .configure_axisYDiscrete(titleAngle=0, titleAlign="right", titleAnchor="end", titleBaseline="bottom",
                                 titleX=0, titleY=-8)
        .configure_legend(titleFontSize=FONT_SIZES["legend"], labelFontSize=FONT_SIZES["legend"], labelLimit=260)
        .configure_view(stroke=None)
    )


def summary_html(sentence: str) -> str:
    """Return a chart's one-sentence summary as escaped HTML for a widgets.HTML."""
    from peacekit.templates import render

    return str(render("summary.html", sentence=sentence))


# ---------------------------------------------------------------------------
# Words
# ---------------------------------------------------------------------------


def plural(n: int, word: str, plural_word: str | None = None) -> str:
    """Return ``"1 claim"`` / ``"3 claims"`` (``plural_word`` for irregular words)."""
    return f"{n:,} {word if n == 1 else (plural_word or word + 's')}"


def join_words(items: Iterable[str], *, conjunction: str = "and") -> str:
    """Join words as in a sentence: ``"a"``, ``"a and b"``, ``"a, b and c"``."""
    items = [str(i) for i in items]
    if not items:
        return ""
    if len(items) == 1:
        return items[0]
    return ", ".join(items[:-1]) + f" {conjunction} " + items[-1]


#: ``style`` for ipywidgets controls so long descriptions are not cut off.
CONTROL_STYLE: dict[str, str] = {"description_width": "initial"}


# ---------------------------------------------------------------------------
# The kit's one CSS block
# ---------------------------------------------------------------------------
# Every widget view and plain-twin HTML is rendered from a template in
# peacekit/templates/ inside ``view.html``, which carries this block, so the
# same classes look the same in JupyterLab, Voilà, an exported page and the
# site. Python code never writes a ``style`` attribute: it picks a class.
# Each widget keeps its rules in its own section below.

CSS_BASE = """
.pk-view { font-size: 1.05rem; line-height: 1.45; color: #111; }
.pk-heading { font-weight: 600; margin: 0.4em 0 0.2em 0; }
.pk-message { border-left: 4px solid #0072B2; padding: 0.4em 0.8em; margin: 0.4em 0; }
.pk-message.pk-warning { border-left-color: #D55E00; }
.pk-summary { margin: 0.3em 0 0.8em 0; font-size: 1.05em; }
.pk-count { margin: 0.3em 0; }
.pk-small { font-size: 0.95em; }
.pk-muted { color: #555; }
"""


CSS_COMPARE = """
.pk-view .pk-proposition { border: 2px solid #0072B2; border-radius: 4px; padding: 0.5em 0.8em; }
.pk-view .pk-columns { display: flex; flex-wrap: wrap; gap: 14px; align-items: flex-start; }
.pk-view .pk-column { flex: 1 1 19em; min-width: 16em; max-width: 42em; }
.pk-column-title { margin: 0 0 0.4em 0; font-size: 1.1em; }
.pk-column-count { font-weight: normal; }
.pk-card { border: 1px solid #999; border-left: 10px solid #9E9E9E; border-radius: 4px;
  padding: 0.5em 0.7em; margin: 0 0 0.7em 0; background: #fff; color: #111; }
.pk-swatch { display: inline-block; width: 0.9em; height: 0.9em; background: #9E9E9E;
  border: 1px solid #333; margin-right: 0.3em; }
.pk-card-codes { font-size: 0.95em; }
.pk-card-quote { margin: 0.4em 0 0.2em 0; padding-left: 0.6em; border-left: 3px solid #ccc; }
.pk-card-paraphrase { margin-top: 0.3em; }
.pk-card-id { color: #444; font-size: 0.9em; margin-top: 0.2em; }
""" + "\n".join(  # a card's colour bar and swatch carry its stance (the words carry it too)
    f'.pk-card[data-stance="{v}"] {{ border-left-color: {STANCE_COLORS[v]}; }}\n'
    f'.pk-card[data-stance="{v}"] .pk-swatch {{ background: {STANCE_COLORS[v]}; }}'
    for v in STANCE_VALUES
)


#: A chart in a static page (peacekit/_vega.py, ``PEACEKIT_STATIC``): an inline SVG that scrolls
#: sideways rather than overflow, and its text description. Carried by each figure itself.
CSS_CHART_FIGURE = """
figure.pk-chart { margin: 0.5em 0; max-width: 100%; overflow-x: auto; }
figure.pk-chart .pk-chart-description { font-size: 0.95em; color: #333; }
"""


CSS_MATRIX = """
.pk-matrix-cell-head { margin: 0.3em 0; }
.pk-matrix-proposition { margin: 0 0 0.4em 0; }
.pk-matrix-cards { max-width: 48em; }
"""


CSS_READER = """
.pk-sourcing { border-left: 4px solid #555; padding: 0.3em 0.8em; margin: 0.3em 0; }
.pk-sourcing-name { font-size: 1.1em; font-weight: 600; }
.pk-sourcing-key { font-size: 0.9em; color: #333; }
.pk-legend-list { list-style: none; padding-left: 0.5em; margin: 0.3em 0; columns: 2 18em; }
.pk-legend-list li { margin: 0.15em 0; }
.pk-legend-proposition { font-size: 0.9em; }
.pk-article { max-width: 46em; }
.pk-text { margin: 0.6em 0 0.2em 0; }
.pk-overlap { outline: 2px dotted #000; outline-offset: 1px; }
.pk-ref { font-weight: 600; }
.pk-notes { list-style: none; font-size: 0.92em; margin: 0 0 0.6em 0; padding-left: 0.8em; border-left: 3px solid #ccc; }
.pk-notes li { margin: 0.15em 0; }
.pk-env-key { text-align: left; }
"""


CSS_TERMS = """
.pk-terms-help { font-size: 0.95em; }
.pk-kwic { border-collapse: collapse; margin: 0.4em 0 1em 0; font-size: 0.98em; }
.pk-kwic caption { text-align: left; font-weight: 600; padding: 0.2em 0; }
.pk-kwic-th-left { text-align: left; }
.pk-kwic-th-right { text-align: right; }
.pk-kwic-source { padding: 0.1em 0.5em; white-space: nowrap; }
.pk-kwic-number { padding: 0.1em 0.4em; text-align: right; }
.pk-kwic-speaker { padding: 0.1em 0.4em; }
.pk-kwic-left { padding: 0.1em 0.2em; text-align: right; }
.pk-kwic-match { padding: 0.1em 0.2em; white-space: nowrap; }
.pk-kwic-right { padding: 0.1em 0.2em; }
"""


CSS_TIMELINE = """
"""


CSS_NEGOTIATION = """
.pk-neg-party { margin: 0.8em 0 0.2em 0; }
.pk-neg-sentence { margin: 0; }
.pk-neg-table { border-collapse: collapse; margin: 0.2em 0; }
.pk-neg-table th { text-align: left; padding: 2px 6px; }
.pk-neg-table td { padding: 2px 6px; }
.pk-neg-table td.pk-neg-verdict { white-space: nowrap; }
.pk-neg-meets { border-left: 4px solid #009E73; }
.pk-neg-crosses { border-left: 4px solid #D55E00; }
.pk-neg-unknown { border-left: 4px dashed #999999; }
.pk-neg-caption { position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip: rect(0, 0, 0, 0); white-space: nowrap; border: 0; }
"""


CSS_ARGUMENT = """
.pk-argument-export { white-space: pre-wrap; max-height: 24em; overflow: auto; }
"""


CSS_CORROBORATION = """
.pk-match { font-size: 0.9em; color: #333; }
"""


def theme_css() -> str:
    """The theme highlights as classes: ``pk-hl`` plus a colour and an underline class (:func:`theme_class`)."""
    rules = [".pk-hl { text-decoration-line: underline; text-decoration-thickness: 2px; "
             "text-underline-offset: 3px; color: #000; padding: 0 1px; }"]
    rules += [f".pk-hl-c{i} {{ background-color: {c}; }}" for i, c in enumerate(HIGHLIGHT_COLORS)]
    rules += [f".pk-hl-u{i} {{ text-decoration-style: {u}; }}" for i, u in enumerate(UNDERLINE_STYLES)]
    return "\n".join(rules)


def css() -> str:
    """The kit's CSS block: every ``pk-`` class the templates use."""
    return "\n".join(
        [CSS_BASE, CSS_COMPARE, CSS_MATRIX, CSS_READER, CSS_TERMS, CSS_TIMELINE, CSS_NEGOTIATION,
         CSS_ARGUMENT, CSS_CORROBORATION, theme_css()]
    )


def theme_class(index: int) -> str:
    """The CSS classes of the ``index``-th theme's highlight (same pair as :func:`theme_style`)."""
    return f"pk-hl pk-hl-c{index % len(HIGHLIGHT_COLORS)} pk-hl-u{index % len(UNDERLINE_STYLES)}"
