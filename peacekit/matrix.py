"""The stance matrix: every source against every theme.

Each cell is one source on one theme: the mean of its coded stances
(−2 = strongly against the theme's proposition … +2 = strongly for), the
number of claims and how many of them carry a stance. A cell with no claim
is **not addressed** — drawn grey with an em dash and its own legend entry,
never as neutral; a cell whose claims are all descriptive (no stance) is
drawn light grey with a middle dot.

:func:`stance_matrix` gives the numbers, :func:`stance_matrix_chart` the
heatmap (clicking a cell lists its claims under it, also in a static HTML
export), :func:`stance_matrix_widget` the interactive version.
"""

from __future__ import annotations

import functools
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd
from markupsafe import Markup

from peacekit._values import as_list
from peacekit._vega import dataset_ref, trusted_chart, unit_spec
from peacekit.case import Case, PathLike, json_records, records
from peacekit.sidebyside import card_html
from peacekit.style import (
    join_words,
    NOT_ADDRESSED_COLOR,
    NOT_ADDRESSED_MARK,
    NOT_ADDRESSED_WORD,
    NOT_CODED_SYMBOL,
    signed_number,
    describe_chart,
    plural,
    projector_config,
    stance_label,
    stance_scale,
)
from peacekit.templates import message, render, view

if TYPE_CHECKING:  # altair is imported by the functions that draw (it takes over a second)
    import altair as alt

    from peacekit.widgets.matrix import StanceMatrixWidget

__all__ = ["stance_matrix", "stance_matrix_chart", "stance_matrix_widget", "summary_sentence"]

STATUS_CODED = "coded"
STATUS_NO_STANCE = "no stance"
STATUS_NOT_ADDRESSED = NOT_ADDRESSED_WORD  # "not addressed"

NO_STANCE_COLOR = "#DDDDDD"
LEGEND_NOT_ADDRESSED = f"{NOT_ADDRESSED_MARK} not addressed (no claim)"
LEGEND_NO_STANCE = f"{NOT_CODED_SYMBOL} claims, but none takes a stance"

MAX_LIST_LINES = 40  # lines of the static claim list (2 per claim)
SELECTION = "cell"  # the name of the chart's point selection
SOURCES_PARAM = "pk_sources"  # widget-only filter params
THEMES_PARAM = "pk_themes"

COLUMNS = [
    "source_id",
    "source_label",
    "theme_id",
    "theme_label",
    "mean_stance",
    "n_claims",
    "n_coded",
    "status",
    "cell_text",
]


def _unique_labels(ids: list[str], labels: dict[str, str]) -> dict[str, str]:
    """Chart labels must be unique: add the id to a label used twice."""
    seen: dict[str, int] = {}
    for i in ids:
        seen[labels[i]] = seen.get(labels[i], 0) + 1
    return {i: (labels[i] if seen[labels[i]] == 1 else f"{labels[i]} ({i})") for i in ids}


def matrix_frame(case: Case, theme_ids: list[str], source_ids: list[str]) -> pd.DataFrame:
    """The :func:`stance_matrix` frame of these (checked, dataset-ordered) theme and source ids."""
    claims = case.claims
    claims = claims[claims["theme_id"].isin(theme_ids) & claims["source_id"].isin(source_ids)]
    stats = claims.groupby(["source_id", "theme_id"], sort=False, observed=True).agg(
        n_claims=("claim_id", "size"),
        n_coded=("stance", "count"),
        stance_sum=("stance", "sum"),
    )
    grid = pd.MultiIndex.from_product([source_ids, theme_ids], names=["source_id", "theme_id"])
    frame = stats.reindex(grid).reset_index()
    frame["n_claims"] = frame["n_claims"].fillna(0).astype("int64")
    frame["n_coded"] = frame["n_coded"].fillna(0).astype("int64")
    mean = frame["stance_sum"].astype("Float64") / frame["n_coded"].astype("Float64")
    frame["mean_stance"] = mean.where(frame["n_coded"] > 0, pd.NA).astype("Float64")
    src_label = _unique_labels(case.source_ids, case.source_label)
    thm_label = _unique_labels(case.theme_ids, case.theme_label)
    frame["source_label"] = frame["source_id"].map(src_label)
    frame["theme_label"] = frame["theme_id"].map(thm_label)
    status = []
    text = []
    for n, k, m in zip(frame["n_claims"], frame["n_coded"], frame["mean_stance"]):
        if n == 0:
            status.append(STATUS_NOT_ADDRESSED)
            text.append(NOT_ADDRESSED_MARK)
        elif k == 0:
            status.append(STATUS_NO_STANCE)
            text.append(f"{NOT_CODED_SYMBOL} n={n}")
        else:
            status.append(STATUS_CODED)
            text.append(f"{signed_number(round(float(m), 1))} n={n}")
    frame["status"] = status
    frame["cell_text"] = text
    frame = frame[COLUMNS]
    return frame.astype(
        {
            "source_id": "string",
            "source_label": "string",
            "theme_id": "string",
            "theme_label": "string",
            "status": "string",
            "cell_text": "string",
        }
    )


def _pick(case: Case, themes: Any, sources: Any, kinds: Any = None) -> tuple[list[str], list[str]]:
    theme_ids = as_list(themes)
    theme_ids = list(case.theme_ids) if theme_ids is None else case.check_theme_ids(theme_ids)
    source_ids = as_list(sources)
    source_ids = list(case.source_ids) if source_ids is None else case.check_source_ids(source_ids)
    wanted = case.check_kinds(kinds)
    if wanted is not None:
        of_kind = set(case.sources_of_kinds(wanted))
        source_ids = [s for s in source_ids if s in of_kind]
    # dataset order, no repeats
    t, s = set(theme_ids), set(source_ids)
    return [x for x in case.theme_ids if x in t], [x for x in case.source_ids if x in s]


def stance_matrix(
    *,
    themes: str | Sequence[str] | None = None,
    sources: str | Sequence[str] | None = None,
    kinds: str | Sequence[str] | None = None,
    path: PathLike = None,
) -> pd.DataFrame:
    """Mean stance of every source on every theme.

    Parameters
    ----------
    themes : str or sequence of str, optional
        Theme ids to include (default: all, in ``themes.csv`` order).
    sources : str or sequence of str, optional
        Source ids to include (default: all, in ``sources.csv`` order).
    kinds : str or sequence of str, optional
        Keep only sources of these kinds (``kind`` in ``sources.csv``:
        ``"commentary"``, ``"news"``, ``"primary"``); default: every kind.
    path : str or path-like, optional
        A datasets folder (default: the shipped one).

    Returns
    -------
    pandas.DataFrame
        One row per source × theme (all pairs, sources then themes in
        dataset order): ``source_id, source_label, theme_id, theme_label,
        mean_stance`` (Float64; missing when no claim has a stance)
        ``, n_claims, n_coded`` (claims with a stance) ``, status``
        (``"coded"``, ``"no stance"`` or ``"not addressed"``) ``, cell_text``
        (what the chart prints in the cell, e.g. ``"−1.5 n=2"`` or ``"—"``).

    Raises
    ------
    ValueError
        If a theme or source id, or a kind of text, is unknown.
    """
    case = Case(path=path)
    theme_ids, source_ids = _pick(case, themes, sources, kinds)
    return matrix_frame(case, theme_ids, source_ids)


def summary_sentence(matrix: pd.DataFrame) -> str:
    """One sentence describing a :func:`stance_matrix` result (for the chart and the widget)."""
    if matrix.empty:
        return "No sources or themes are selected, so the matrix is empty."
    n_src = matrix["source_id"].nunique()
    n_thm = matrix["theme_id"].nunique()
    cells = len(matrix)
    addressed = int((matrix["status"] != STATUS_NOT_ADDRESSED).sum())
    coded = matrix[matrix["status"] == STATUS_CODED]
    head = (
        f"{plural(n_src, 'source')} × {plural(n_thm, 'theme')}: {addressed:,} of {cells:,} "
        f"source–theme pairs have claims and {cells - addressed:,} are not addressed"
    )
    if coded.empty:
        return head + "; no claim takes a stance."
    low = coded.sort_values("mean_stance", kind="stable").iloc[0]
    high = coded.sort_values("mean_stance", ascending=False, kind="stable").iloc[0]
    if low["mean_stance"] == high["mean_stance"]:
        return head + f"; every mean stance is {signed_number(round(float(low['mean_stance']), 1))}."
    return (
        head
        + f"; the lowest mean stance is {low['source_label']} on {low['theme_label']} "
        f"({signed_number(round(float(low['mean_stance']), 1))}) and the highest {high['source_label']} on "
        f"{high['theme_label']} ({signed_number(round(float(high['mean_stance']), 1))})."
    )


def _claim_lines(case: Case, theme_ids: list[str], source_ids: list[str]) -> list[dict[str, Any]]:
    """Two text lines per claim for the chart's claim list: rows ``source_id, theme_id, order, line``."""
    claims = case.claims
    claims = claims[claims["theme_id"].isin(theme_ids) & claims["source_id"].isin(source_ids)]
    claims = claims.sort_values(["_source_order", "_theme_order", "paragraph", "claim_id"], kind="stable")
    rows = []
    for order, row in enumerate(records(claims)):
        head = (
            f"{row.claim_id} · {stance_label(row.stance)} · {row.claim_type} · "
            f"{row.speaker} ({row.speaker_role})"
        )
        quote = f"    “{row.quote}” — kit’s paraphrase: {row.paraphrase}"
        for line_no, line in enumerate((head, quote)):
            rows.append(
                {
                    "source_id": row.source_id,
                    "theme_id": row.theme_id,
                    "order": order * 2 + line_no,
                    "line": line,
                }
            )
    return rows


# ---------------------------------------------------------------------------
# The chart's Vega-Lite spec, as plain dicts
# ---------------------------------------------------------------------------
# Every altair chart method (``encode``, ``mark_*``, ``properties`` …) copies the chart, and
# ``alt.layer``/``alt.vconcat`` copy every sub-chart again, as does each ``to_dict()``: built from
# altair charts (109 chart objects, 109 copies), this chart took about 0.05 s to build and as
# much to display. The spec is written here as the dicts altair made from those charts, key for
# key, dataset and view names included, and only the top is an altair chart (:func:`_top_chart`).
# tests/test_matrix.py validates every shape against the Vega-Lite schema and bounds the copies.

#: The mean as text, for the tooltip ("—" when no claim has a stance).
MEAN_TEXT = f"isValid(datum.mean_stance) ? format(datum.mean_stance, '+.1f') : '{NOT_ADDRESSED_MARK}'"
#: The widget's filter: the sources and themes its controls pick (``pk_sources``, ``pk_themes``).
WIDGET_FILTER = f"indexof({SOURCES_PARAM}, datum.source_id) >= 0 && indexof({THEMES_PARAM}, datum.theme_id) >= 0"
#: Cells dark enough for white text.
DARK_CELL = "isValid(datum.mean_stance) && datum.mean_stance >= 1.4"
LIST_HINT = "Click a cell of the matrix to list its claims here."

_TYPE_CODES = {"nominal": "N", "quantitative": "Q", "ordinal": "O"}


def _tooltip() -> list[dict[str, Any]]:
    """The tooltip of every heatmap cell."""
    fields = [
        ("source_label", "nominal", "Source"),
        ("theme_label", "nominal", "Theme"),
        ("mean_text", "nominal", "Mean stance"),
        ("n_claims", "quantitative", "Claims"),
        ("n_coded", "quantitative", "Claims with a stance"),
        ("status", "nominal", "Status"),
    ]
    return [{"field": field, "type": kind, "title": title} for field, kind, title in fields]


def _status_fill() -> dict[str, Any]:
    """Every cell's fill: grey for "not addressed", light grey for "no stance", white under a mean."""
    return {
        "field": "status",
        "type": "nominal",
        "scale": {
            "domain": [STATUS_NOT_ADDRESSED, STATUS_NO_STANCE, STATUS_CODED],
            "range": [NOT_ADDRESSED_COLOR, NO_STANCE_COLOR, "#FFFFFF"],
        },
        "legend": {
            "title": "Cells without a mean stance",
            "titleLimit": 0,
            "values": [STATUS_NOT_ADDRESSED, STATUS_NO_STANCE],
            "labelExpr": (
                f"datum.value == '{STATUS_NOT_ADDRESSED}' ? '{LEGEND_NOT_ADDRESSED}' : "
                f"'{LEGEND_NO_STANCE}'"
            ),
            "symbolType": "square",
            "orient": "bottom",
            "direction": "vertical",
        },
    }


def _stance_fill() -> dict[str, Any]:
    """A coded cell's fill: its mean stance on the diverging stance scale."""
    return {
        "field": "mean_stance",
        "type": "quantitative",
        "scale": stance_scale().to_dict(validate=False),
        "legend": {
            "title": ["Mean stance", "(− against the proposition, + for it)"],
            "titleLimit": 0,
            "values": [-2, -1, 0, 1, 2],
            "labelExpr": (
                "datum.value == -2 ? '−2 ✗✗' : datum.value == -1 ? '−1 ✗' : "
                "datum.value == 0 ? '0 ○' : datum.value == 1 ? '+1 ✓' : '+2 ✓✓'"
            ),
            "gradientLength": 300,
            "orient": "bottom",
            "direction": "horizontal",
        },
    }


def _positions(frame: pd.DataFrame) -> tuple[dict[str, Any], dict[str, Any]]:
    """The x (themes) and y (sources) channels, in the frame's order."""
    theme_sort = list(dict.fromkeys(frame["theme_label"].tolist()))
    source_sort = list(dict.fromkeys(frame["source_label"].tolist()))
    x = {"field": "theme_label", "type": "nominal", "sort": theme_sort, "title": "Theme",
         "axis": {"labelAngle": -35, "labelLimit": 220}}
    y = {"field": "source_label", "type": "nominal", "sort": source_sort, "title": "Source",
         "axis": {"labelLimit": 260}}
    return x, y


def _heat_layers(frame: pd.DataFrame, *, widget_filters: bool) -> list[dict[str, Any]]:
    """The heatmap's layers: every cell's status (it carries the selection), the coded cells' mean,
    the text (mean and count: colour is never the only cue) and the selected cell's outline."""
    x, y = _positions(frame)
    tooltip = _tooltip()

    def layer(mark: dict[str, Any], encoding: dict[str, Any], *filters: str) -> dict[str, Any]:
        transform: list[dict[str, Any]] = [{"calculate": MEAN_TEXT, "as": "mean_text"}]
        if widget_filters:
            transform.append({"filter": WIDGET_FILTER})
        transform += [{"filter": f} for f in filters]
        return {"mark": mark, "encoding": {"x": x, "y": y, **encoding}, "transform": transform}

    rect = {"type": "rect", "stroke": "#FFFFFF", "strokeWidth": 1}
    background = layer(dict(rect), {"fill": _status_fill(), "tooltip": tooltip})
    coded = layer(dict(rect), {"fill": _stance_fill(), "tooltip": tooltip}, f"(datum.status === '{STATUS_CODED}')")
    text = layer(
        {"type": "text", "fontSize": 13, "lineBreak": " "},
        {
            "text": {"field": "cell_text", "type": "nominal"},
            "color": {"value": "#000000", "condition": {"test": DARK_CELL, "value": "#FFFFFF"}},
            "tooltip": tooltip,
        },
    )
    outline = layer(
        {"type": "rect", "filled": False, "color": "#000000"},
        {"strokeWidth": {"value": 0, "condition": {"param": SELECTION, "empty": False, "value": 4}}},
    )
    background["name"] = _view_name(background)
    return [background, coded, text, outline]


def _view_name(layer: dict[str, Any]) -> str:
    """The name altair gives the heatmap layer that holds the selection (``view_<hash>_0``).

    altair names it after a hash of the text of the layer's altair objects (mark, encoding,
    transforms: ``Chart._get_view_hash_name``), and the selection lists it in its ``views``.
    The same objects are made here from the layer's dicts (one chart object, never copied), so
    the spec keeps altair's name.
    """
    import altair as alt

    nested = {"axis": alt.Axis, "legend": alt.Legend, "scale": alt.Scale}

    def channel(kind: Any, spec: dict[str, Any]) -> Any:
        more = {k: (nested[k](**v) if k in nested else v) for k, v in spec.items() if k not in ("field", "type")}
        return kind(f"{spec['field']}:{_TYPE_CODES[spec['type']]}", **more)

    kinds = {"x": alt.X, "y": alt.Y, "fill": alt.Fill}
    encoding = {
        k: ([channel(alt.Tooltip, t) for t in v] if k == "tooltip" else channel(kinds[k], v))
        for k, v in layer["encoding"].items()
    }
    transform = [alt.CalculateTransform(**t) if "calculate" in t else alt.FilterTransform(**t) for t in layer["transform"]]
    chart = alt.Chart(mark=alt.MarkDef(**layer["mark"]), encoding=alt.FacetedEncoding(**encoding), transform=transform)
    return f"{chart._get_view_hash_name()}_0"


def _claims_listing(lines: list[dict[str, Any]], datasets: dict[str, Any]) -> dict[str, Any]:
    """The claims of the cell selected in the heatmap (two lines each), or a hint: a layer spec."""
    # A fixed height (Vega does not grow a concatenated view after a click):
    # room for the largest cell, at most MAX_LIST_LINES lines.
    per_cell = Counter((row["source_id"], row["theme_id"]) for row in lines)
    n_lines = min(MAX_LIST_LINES, max(per_cell.values(), default=1))
    shown = (
        f"datum.row == {n_lines} && datum.total > {n_lines} ? "
        f"'… ' + (datum.total - {n_lines} + 1) + ' more lines: use pk.stance_matrix_widget() or pk.compare()'"
        " : datum.line"
    )
    listing = {
        "data": dataset_ref(lines, datasets),
        "title": {"text": "Claims in the selected cell", "anchor": "start", "fontSize": 15},
        "transform": [
            {"filter": {"param": SELECTION, "empty": False}},
            {"window": [{"op": "row_number", "field": "", "as": "row"}], "sort": [{"field": "order"}]},
            {"joinaggregate": [{"op": "count", "as": "total"}]},
            {"filter": f"datum.row <= {n_lines}"},
            {"calculate": shown, "as": "shown"},
        ],
        "mark": {"type": "text", "align": "left", "baseline": "middle", "fontSize": 13, "limit": 640},
        "encoding": {
            "x": {"value": 0},
            "y": {"field": "row", "type": "ordinal", "axis": None, "scale": {"domain": list(range(1, n_lines + 1))}},
            "text": {"field": "shown", "type": "nominal"},
        },
    }
    hint = {
        "data": dataset_ref([{"line": LIST_HINT}], datasets),
        "transform": [{"filter": f"length(data('{SELECTION}_store')) == 0"}],
        "mark": {"type": "text", "align": "left", "fontSize": 13, "fontStyle": "italic"},
        "encoding": {"x": {"value": 0}, "y": {"value": 10}, "text": {"field": "line", "type": "nominal"}},
    }
    return {"layer": [listing, hint], "width": 640, "height": 20 * n_lines}


#: Widest the heatmap's cells may make it (px): with the source labels it fits
#: a JupyterLab notebook at 1400 px with the file browser open (docs/charts.md).
HEATMAP_WIDTH = 620


def cell_width(n_themes: int) -> int:
    """A heatmap cell's width: 64 px, narrower when many themes would overflow, never under 44."""
    return int(max(44, min(64, HEATMAP_WIDTH // max(n_themes, 1))))


def stance_matrix_chart(
    *,
    themes: str | Sequence[str] | None = None,
    sources: str | Sequence[str] | None = None,
    kinds: str | Sequence[str] | None = None,
    claims_list: bool = True,
    path: PathLike = None,
) -> alt.VConcatChart | alt.LayerChart:
    """Heatmap of mean stance, source × theme; click a cell to list its claims.

    The cell colour is the mean stance on the diverging stance scale, and
    each cell also prints the mean and the number of claims (``"−1.5 n=2"``),
    so colour is never the only cue. Pairs with no claim are grey with an em
    dash (legend: "not addressed"), never neutral.

    Parameters
    ----------
    themes, sources : str or sequence of str, optional
        Ids to include (default: all).
    kinds : str or sequence of str, optional
        Keep only sources of these kinds of text (as :func:`stance_matrix`).
    claims_list : bool
        Add, under the heatmap, the list of the selected cell's claims,
        driven by an altair point selection named ``"cell"`` (fields
        ``source_id`` and ``theme_id``), so it works in a static HTML export
        without a kernel.
    path : str or path-like, optional
        A datasets folder.

    Returns
    -------
    altair.VConcatChart or altair.LayerChart
        With a title, plain axis titles ("Theme", "Source") and a
        ``description`` equal to :func:`summary_sentence`.
    """
    case = Case(path=path)
    theme_ids, source_ids = _pick(case, themes, sources, kinds)
    frame = matrix_frame(case, theme_ids, source_ids)
    return matrix_chart(case, frame, theme_ids, source_ids, claims_list=claims_list, widget_filters=False)


TITLE = "Where each source stands on each theme"
SUBTITLE = "Click a cell to see its claims; a dash (—) marks a theme the source does not address."


def matrix_chart(
    case: Case,
    frame: pd.DataFrame,
    theme_ids: list[str],
    source_ids: list[str],
    *,
    claims_list: bool,
    widget_filters: bool,
) -> Any:
    """The titled, described heatmap of ``frame`` (a :func:`matrix_frame`).

    With ``claims_list``, the list of the clicked cell's claims is concatenated under it (a
    static export works without a kernel); with ``widget_filters``, the chart carries the
    ``pk_sources`` / ``pk_themes`` parameters the widget sets.
    """
    from altair.utils.schemapi import debug_mode

    datasets: dict[str, Any] = {}
    # altair's debug mode validates every object it makes, as it is made; the finished spec is
    # validated once instead, by the tests (trusted_chart below)
    with debug_mode(False):
        heat: dict[str, Any] = {
            "data": dataset_ref(json_records(frame), datasets),
            "layer": _heat_layers(frame, widget_filters=widget_filters),
            "resolve": {"scale": {"fill": "independent"}},
            "width": {"step": cell_width(frame["theme_id"].nunique())},
            "height": {"step": 44},
        }
        listing = _claims_listing(_claim_lines(case, theme_ids, source_ids), datasets) if claims_list else None
        params = _params(heat["layer"][0]["name"], theme_ids, source_ids, widget_filters=widget_filters)
        chart = _top_chart(heat, listing, params=params, datasets=datasets, description=summary_sentence(frame))
    return trusted_chart(chart)  # tests/test_matrix.py validates these specs


def _params(view: str, theme_ids: list[str], source_ids: list[str], *, widget_filters: bool) -> list[Any]:
    """The chart's params: the cell selection (on the heatmap's first layer) and the widget's filters."""
    import altair as alt

    select = {"type": "point", "fields": ["source_id", "theme_id"], "on": "click"}
    params = [alt.TopLevelSelectionParameter(name=SELECTION, select=select, views=[view])]
    if widget_filters:
        params += [
            alt.VariableParameter(name=SOURCES_PARAM, value=list(source_ids)),
            alt.VariableParameter(name=THEMES_PARAM, value=list(theme_ids)),
        ]
    return params


def _top_chart(
    heat: dict[str, Any], listing: dict[str, Any] | None, *, params: list[Any], datasets: dict[str, Any],
    description: str,
) -> Any:
    """The altair chart of the spec: a VConcatChart of the heatmap and the claim list, or the heatmap's LayerChart.

    Its sub-specs are altair's plain spec classes (``alt.LayerSpec``, ``alt.UnitSpec``) holding the
    dicts: altair's compound charts take only schema objects (not dicts), and copy these as data,
    without naming, lifting and re-combining the params of their layers; ``to_dict()`` turns the
    dicts into the spec as they are.
    """
    import altair as alt

    title, config = _looks()
    top = {"title": title.copy(), "description": description, "config": config.copy(), "params": params}
    if datasets:
        top["datasets"] = _datasets_type()(**datasets)
    if listing is not None:
        resolve = alt.Resolve(scale=alt.ScaleResolveMap(color="independent"))
        return alt.VConcatChart(vconcat=[alt.LayerSpec(**heat), alt.LayerSpec(**listing)], resolve=resolve, **top)
    layers = [unit_spec(layer) for layer in heat["layer"]]
    return alt.LayerChart(**{**heat, "layer": layers}, **top)


@functools.lru_cache(maxsize=1)
def _datasets_type() -> type:
    """``alt.Datasets`` whose rows go into the spec as they are (made once: altair is imported late)."""
    import altair as alt

    class Datasets(alt.Datasets):
        """The chart's top-level ``datasets``: rows made JSON-ready by the kit (``json_records``).

        ``to_dict`` gives them as they are, as altair does with the inline data it moves to
        ``datasets``, instead of converting them value by value (about 5 µs each, 0.02 s for the
        shipped matrix); validated like any spec when asked to.
        """

        def to_dict(self, validate: bool = True, *, ignore: Any = None, context: Any = None) -> dict[str, Any]:
            # copies of the rows, as altair's own to_dict gives: a changed spec must not change the chart
            rows = {name: [dict(row) for row in values] for name, values in self._kwds.items()
                    if values is not alt.Undefined}
            if validate:
                self.validate(rows)
            return rows

    return Datasets


@functools.lru_cache(maxsize=1)
def _looks() -> tuple[Any, Any]:
    """The kit's title (with the subtitle) and projector config of this chart, as altair objects.

    Taken once from an empty chart dressed by ``projector_config(describe_chart(...))``; each
    chart gets copies.
    """
    import altair as alt
    from altair.utils.schemapi import debug_mode

    with debug_mode(False):
        looks = projector_config(describe_chart(alt.Chart(), title=TITLE, subtitle=SUBTITLE, description=""))
    return looks.title, looks.config


# ---------------------------------------------------------------------------
# Widget
# ---------------------------------------------------------------------------

class CellClaims:
    """A cell's claims (in paragraph, claim_id order), computed when first asked for.

    Only the row positions of each source × theme group are found up front
    (one ``groupby``); a cell's DataFrame is cut from them the first time the
    cell is chosen and kept, so building the widget does not materialise
    thousands of groups nobody looks at.
    """

    def __init__(self, claims: pd.DataFrame) -> None:
        self._claims = claims.sort_values(["paragraph", "claim_id"], kind="stable")
        groups = self._claims.groupby(["source_id", "theme_id"], sort=False)
        self._rows = {(str(s), str(t)): rows for (s, t), rows in groups.indices.items()}
        self._cells: dict[tuple[str, str], pd.DataFrame] = {}

    def get(self, key: tuple[str, str]) -> pd.DataFrame | None:
        """The claims of cell ``(source_id, theme_id)``; None when it has none."""
        if key not in self._cells:
            rows = self._rows.get(key)
            if rows is None:
                return None
            self._cells[key] = self._claims.take(rows)
        return self._cells[key]


def cell_html(case: Case, claims_by_cell: CellClaims, source_id: str, theme_id: str) -> str:
    """The claims of one cell as a view: a heading, the theme's proposition and one card per claim.

    A sentence instead when no cell is chosen or the source does not address the theme.
    """
    if not source_id or not theme_id:
        return message("Click a cell in the chart, or choose a source and a theme above, to list their claims.")
    src = case.source_label.get(source_id, source_id)
    thm = case.theme_label.get(theme_id, theme_id)
    group = claims_by_cell.get((source_id, theme_id))
    if group is None or group.empty:
        return message(f"{src} makes no claim on “{thm}” (not addressed).")
    coded = group["stance"].dropna()
    if len(coded):
        mean = f"mean stance {signed_number(round(float(coded.mean()), 1))} from {plural(len(coded), 'claim')} with a stance"
    else:
        mean = "no claim takes a stance"
    # card_html escapes every dataset text it prints (peacekit.sidebyside)
    cards = Markup("".join(card_html(row) for row in records(group)))
    return view(
        render(
            "matrix_cell.html",
            source=src,
            theme=thm,
            claims=plural(len(group), "claim"),
            mean=mean,
            proposition=case.proposition.get(theme_id, ""),
            cards=cards,
        )
    )


def stance_matrix_widget(*, path: PathLike = None) -> StanceMatrixWidget:
    """The stance matrix with filters; clicking a cell lists its claims as cards.

    The chart is an ``alt.JupyterChart`` built once; the theme and source
    filters change Vega-Lite parameters (``pk_sources``, ``pk_themes``) of
    the chart instead of rebuilding it, so they are fast on large corpora.
    Clicking a cell (altair selection ``"cell"``) sets the two cell
    dropdowns, which also work from the keyboard.

    Parameters
    ----------
    path : str or path-like, optional
        A datasets folder (read once, when the widget is created).

    Returns
    -------
    StanceMatrixWidget
        A :class:`peacekit.widgets.Panel` (an ``ipywidgets.VBox``) with

        ``controls``
            ``"themes"`` (SelectMultiple of theme ids, all selected),
            ``"sources"`` (SelectMultiple of source ids, all selected),
            ``"cell_source"`` and ``"cell_theme"`` (Dropdowns choosing the
            cell whose claims are listed; ``""`` = none), ``"kinds"``
            (SelectMultiple of the kinds of text in ``sources.csv``, all
            selected: a source is drawn only when it is picked in
            ``"sources"`` **and** its kind is picked here, so picking
            ``"primary"`` alone shows the parties' own documents; no options
            when the dataset records no kind).
        ``views``
            ``"chart"`` (``alt.JupyterChart``), ``"summary"`` (HTML: the
            one-sentence summary), ``"claims"`` (HTML: the chosen cell's
            claims, or a sentence).
    """
    from peacekit.widgets.matrix import StanceMatrixWidget

    return StanceMatrixWidget(path=path)
