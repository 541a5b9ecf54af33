"""Tests for peacekit.matrix: the stance matrix (frame, chart, widget)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import altair as alt
import ipywidgets as widgets
import pandas as pd
import pytest
from widget_helpers import DATASETS, FIXTURE, controls_of, visible_text

import peacekit as pk
from peacekit.matrix import COLUMNS, SELECTION, SOURCES_PARAM, THEMES_PARAM, summary_sentence
from peacekit.style import NOT_ADDRESSED_COLOR, STANCE_COLORS


def _click(w: widgets.Widget, source_id: str, theme_id: str) -> None:
    """Simulate a click on a heatmap cell, as the browser reports it to the kernel."""
    point = {"source_id": source_id, "theme_id": theme_id}
    w.views["chart"]._vl_selections = {SELECTION: {"value": {"vlPoint": {"or": [point]}}, "store": []}}


# ---------------------------------------------------------------------- frame


def test_matrix_values_fixture() -> None:
    m = pk.stance_matrix(path=FIXTURE)
    assert list(m.columns) == COLUMNS
    assert len(m) == 3 * 4  # every source x every theme
    cell = m.set_index(["source_id", "theme_id"])
    assert cell.loc[("alpha-2024", "paper"), "mean_stance"] == -1.5
    assert cell.loc[("alpha-2024", "paper"), "cell_text"] == "−1.5 n=2"
    g = cell.loc[("gamma-undated", "alliance")]
    assert (g["mean_stance"], g["n_claims"], g["n_coded"], g["status"]) == (0.0, 2, 1, "coded")
    money = cell.loc[("alpha-2024", "money")]
    assert money["status"] == "not addressed" and pd.isna(money["mean_stance"]) and money["cell_text"] == "—"
    assert money["n_claims"] == 0


def test_matrix_no_stance_cell(tmp_path: Path) -> None:
    import shutil

    data = tmp_path / "d"
    shutil.copytree(FIXTURE, data)
    file = data / "claims.csv"
    file.write_text(file.read_text(encoding="utf-8").replace(",gamma-undated,alliance,Gamma Analyst,author,0,",
                                                             ",gamma-undated,alliance,Gamma Analyst,author,,"),
                    encoding="utf-8")
    cell = pk.stance_matrix(path=data).set_index(["source_id", "theme_id"]).loc[("gamma-undated", "alliance")]
    assert cell["status"] == "no stance" and cell["n_claims"] == 2 and cell["n_coded"] == 0
    assert cell["cell_text"] == "· n=2"


@pytest.mark.parametrize("path", DATASETS)
def test_matrix_matches_claims(path: Path) -> None:
    m = pk.stance_matrix(path=path)
    claims = pk.claims(path=path)
    assert m["n_claims"].sum() == len(claims)
    assert m["n_coded"].sum() == claims["stance"].notna().sum()
    means = claims.dropna(subset=["stance"]).groupby(["source_id", "theme_id"])["stance"].mean()
    indexed = m.set_index(["source_id", "theme_id"])
    for key, value in means.items():
        assert indexed.loc[key, "mean_stance"] == pytest.approx(value)
    assert (m.loc[m["n_claims"] == 0, "status"] == "not addressed").all()


def test_matrix_filters_and_errors() -> None:
    m = pk.stance_matrix(themes=["talks", "alliance"], sources="beta-2023", path=FIXTURE)
    assert list(m["theme_id"]) == ["alliance", "talks"]  # dataset order
    with pytest.raises(ValueError, match="Unknown theme"):
        pk.stance_matrix(themes=["nope"], path=FIXTURE)
    with pytest.raises(ValueError, match="Unknown source"):
        pk.stance_matrix(sources=["nope"], path=FIXTURE)
    assert pk.stance_matrix(themes=[], path=FIXTURE).empty


def test_summary_sentence() -> None:
    s = summary_sentence(pk.stance_matrix(path=FIXTURE))
    assert s.startswith("3 sources × 4 themes: 7 of 12 source–theme pairs have claims and 5 are not addressed")
    assert s.endswith(".") and s.count(".") >= 1
    assert "No sources or themes" in summary_sentence(pk.stance_matrix(themes=[], path=FIXTURE))


# ---------------------------------------------------------------------- chart


def _layers(spec: dict) -> list[dict]:
    return spec["vconcat"][0]["layer"]


def _values(spec: dict, *nodes: dict) -> list[dict]:
    """The data rows of the innermost node that has data (altair may move them to ``datasets``)."""
    for node in reversed(nodes):
        data = node.get("data")
        if data is None:
            continue
        if "values" in data:
            return data["values"]
        return spec["datasets"][data["name"]]
    raise AssertionError("no data")


@pytest.mark.parametrize("path", DATASETS)
def test_chart_spec(path: Path) -> None:
    chart = pk.stance_matrix_chart(path=path)
    assert isinstance(chart, alt.VConcatChart)
    spec = chart.to_dict()
    assert spec["title"]["text"] == "Where each source stands on each theme"
    assert spec["description"] == summary_sentence(pk.stance_matrix(path=path))
    selection = [p for p in spec["params"] if p["name"] == SELECTION][0]
    assert selection["select"] == {"type": "point", "fields": ["source_id", "theme_id"], "on": "click"}
    layers = _layers(spec)
    background, coded, text, outline = layers
    assert background["encoding"]["x"]["title"] == "Theme" and background["encoding"]["y"]["title"] == "Source"
    # not addressed: grey, its own legend entry, never the neutral colour
    fill = background["encoding"]["fill"]
    assert fill["scale"]["domain"][0] == "not addressed" and fill["scale"]["range"][0] == NOT_ADDRESSED_COLOR
    assert "not addressed" in fill["legend"]["values"]
    assert NOT_ADDRESSED_COLOR != STANCE_COLORS[0]
    assert coded["encoding"]["fill"]["scale"]["range"] == [STANCE_COLORS[v] for v in (-2, -1, 0, 1, 2)]
    assert {"filter": "(datum.status === 'coded')"} in coded["transform"]
    assert text["encoding"]["text"]["field"] == "cell_text"  # counts and means as text: not colour alone
    assert outline["encoding"]["strokeWidth"]["condition"]["param"] == SELECTION
    # the claim list under the heatmap is filtered by the selection (works in a static export)
    listing = spec["vconcat"][1]["layer"][0]
    assert {"filter": {"param": SELECTION, "empty": False}} in listing["transform"]
    values = _values(spec, spec, spec["vconcat"][0], background)
    assert len(values) == len(pk.sources(path=path)) * len(pk.themes(path=path))


def test_chart_data_and_list_fixture() -> None:
    spec = pk.stance_matrix_chart(path=FIXTURE).to_dict()
    cells = {(v["source_id"], v["theme_id"]): v for v in _values(spec, spec, spec["vconcat"][0], _layers(spec)[0])}
    assert cells[("gamma-undated", "money")]["cell_text"] == "—"
    assert cells[("gamma-undated", "money")]["mean_stance"] is None
    lines = _values(spec, spec, spec["vconcat"][1], spec["vconcat"][1]["layer"][0])
    assert len(lines) == 2 * len(pk.claims(path=FIXTURE))
    assert any(v["line"].startswith("C003 · −2 ✗✗ strongly disagrees") for v in lines)
    json.dumps(spec)  # serialisable


def test_chart_without_list() -> None:
    chart = pk.stance_matrix_chart(claims_list=False, themes=["alliance"], path=FIXTURE)
    spec = chart.to_dict()
    assert "layer" in spec and any(p["name"] == SELECTION for p in spec["params"])
    assert spec["description"].startswith("3 sources × 1 theme:")


MINI = Path(__file__).resolve().parent / "fixtures" / "mini"
CORROB = Path(__file__).resolve().parent / "fixtures" / "corrob"  # has kinds of text and a primary document
#: Every dataset the kit's charts are drawn from in the tests: the shipped data and the fixtures.
ALL_DATASETS = [*DATASETS, pytest.param(MINI, id="mini"), pytest.param(CORROB, id="corrob")]


def _chart_variants(path: Path) -> dict[str, alt.TopLevelMixin]:
    """Every shape of chart the kit builds from ``path``: each argument that changes the spec, the widget's."""
    theme_ids = list(pk.themes(path=path)["theme_id"])
    source_ids = list(pk.sources(path=path)["source_id"])
    charts = {
        "default": pk.stance_matrix_chart(path=path),
        "no list": pk.stance_matrix_chart(claims_list=False, path=path),
        "two themes": pk.stance_matrix_chart(themes=theme_ids[:2], path=path),
        "one theme, no list": pk.stance_matrix_chart(themes=theme_ids[0], claims_list=False, path=path),
        "some sources": pk.stance_matrix_chart(sources=source_ids[::-1][:2], themes=theme_ids[::-1][:3], path=path),
        "no theme": pk.stance_matrix_chart(themes=[], path=path),
        "no source, no list": pk.stance_matrix_chart(sources=[], claims_list=False, path=path),
        "widget": pk.stance_matrix_widget(path=path).views["chart"].chart,
    }
    for kind in pk.sources(path=path).get("kind", pd.Series(dtype=object)).dropna().unique():
        charts[f"kind {kind}"] = pk.stance_matrix_chart(kinds=str(kind), path=path)
        charts[f"kind {kind}, no list"] = pk.stance_matrix_chart(kinds=[str(kind)], claims_list=False, path=path)
    return charts


@pytest.mark.parametrize("path", ALL_DATASETS)
def test_chart_specs_pass_altairs_schema_validation(path: Path) -> None:
    # the kit's charts skip altair's validation when displayed (peacekit._vega.trusted_chart):
    # this is the validation, on every shape the kit builds
    for name, chart in _chart_variants(path).items():
        layered = "no list" in name or name == "widget"
        assert isinstance(chart, alt.LayerChart if layered else alt.VConcatChart), name
        spec = chart.to_dict(validate=True)
        assert spec == chart.to_dict(), name  # the same spec, validated or not
        # the selection names the heatmap layer that holds it, and every dataset a view names is there
        heat = spec["vconcat"][0] if "vconcat" in spec else spec
        assert [p for p in spec["params"] if p["name"] == SELECTION][0]["views"] == [heat["layer"][0]["name"]], name
        names = {node["data"]["name"] for node in _nodes(spec) if "name" in node.get("data", {})}
        assert names and names == set(spec["datasets"]), name


def _nodes(spec: dict) -> list[dict]:
    """The spec and every view in it (concatenated and layered)."""
    nodes = [spec]
    for key in ("vconcat", "layer"):
        for child in spec.get(key, []):
            nodes += _nodes(child)
    return nodes


def test_a_copy_of_the_chart_keeps_its_data() -> None:
    chart = pk.stance_matrix_chart(path=FIXTURE)
    spec = chart.to_dict()
    changed = chart.properties(background="#EEEEEE").to_dict()  # validated: a copy
    assert changed.pop("background") == "#EEEEEE" and changed == spec
    assert chart.copy().to_dict() == spec
    lines = spec["datasets"][spec["vconcat"][1]["layer"][0]["data"]["name"]]
    assert len(lines) == 2 * len(pk.claims(path=FIXTURE))


@pytest.mark.parametrize("widget", [False, True], ids=["chart", "widget"])
def test_chart_is_not_built_from_altair_charts(monkeypatch: pytest.MonkeyPatch, widget: bool) -> None:
    # Each altair chart method copies the chart, and alt.layer / alt.vconcat copy every sub-chart
    # again (also inside to_dict): built from altair charts, the matrix made 109 chart objects
    # and 109 copies (48 for the widget's chart). The spec is built as dicts: one chart object is
    # made (to name the selection's layer as altair does) and altair copies only what its own
    # constructor copies, run twice (building, and the copy to_dict makes): each sub-spec at
    # most twice (a LayerChart copies its layers to de-duplicate params, then to combine them)
    # and each param once, plus the title, the config and to_dict's copy of the top chart.
    from altair.utils.schemapi import SchemaBase

    def build() -> tuple[Any, dict]:
        if widget:  # the widget's chart turns it into its spec once (alt.JupyterChart)
            view = pk.stance_matrix_widget(path=FIXTURE).views["chart"]
            return view.chart, view.spec
        chart = pk.stance_matrix_chart(path=FIXTURE)
        return chart, chart.to_dict()

    build()  # altair's first-use costs, and the kit's title and config (made once)
    counts = {"copies": 0, "charts": 0}
    copy, init = SchemaBase.copy, alt.Chart.__init__

    def counting_copy(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        counts["copies"] += 1
        return copy(self, *args, **kwargs)

    def counting_init(self, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        counts["charts"] += 1
        return init(self, *args, **kwargs)

    monkeypatch.setattr(SchemaBase, "copy", counting_copy)
    monkeypatch.setattr(alt.Chart, "__init__", counting_init)
    chart, spec = build()
    sub_specs = len(spec.get("vconcat", spec.get("layer")))
    assert counts["charts"] <= 1
    assert counts["copies"] <= 2 * (2 * sub_specs + len(spec["params"])) + 3, counts
    alt.Chart().mark_point().properties(width=10)  # the probes see altair's chart methods
    assert counts["charts"] >= 3 and counts["copies"] >= 2


def test_a_changed_chart_is_validated_again() -> None:
    chart = pk.stance_matrix_chart(path=FIXTURE)
    assert isinstance(chart, alt.VConcatChart)
    with pytest.raises(alt.utils.schemapi.SchemaValidationError):
        chart.properties(width="wide").to_dict()  # a copy, as every altair method returns
    chart.to_dict()  # the kit's own chart: fine
    chart.width = "wide"  # changed in place
    with pytest.raises(alt.utils.schemapi.SchemaValidationError):
        chart.to_dict()


def test_chart_is_built_without_altair_from_dict(monkeypatch: pytest.MonkeyPatch) -> None:
    # altair's from_dict tries every schema a channel allows (slow); the kit gives channel objects
    calls: list[str] = []
    original = alt.utils.schemapi._FromDict.from_dict

    def counting(self, dct, *args, **kwargs):  # noqa: ANN001, ANN002, ANN003, ANN202
        calls.append(str(dct)[:60])
        return original(self, dct, *args, **kwargs)

    monkeypatch.setattr(alt.utils.schemapi._FromDict, "from_dict", counting)
    pk.stance_matrix_chart(path=FIXTURE).to_dict()
    pk.stance_matrix_widget(path=FIXTURE)
    assert not calls, calls
    alt.Chart().mark_point().encode(x=alt.value(0))  # the probe sees a from_dict when there is one
    assert calls


# --------------------------------------------------------------------- widget


@pytest.mark.parametrize("path", DATASETS)
def test_widget_structure(path: Path) -> None:
    w = pk.stance_matrix_widget(path=path)
    assert isinstance(w, widgets.Box)
    assert set(w.controls) == {"themes", "sources", "cell_source", "cell_theme", "kinds"}
    assert set(w.views) == {"chart", "summary", "claims"}
    assert isinstance(w.views["chart"], alt.JupyterChart)
    for control in controls_of(w):
        assert control.description.strip() and control.description_allow_html is False
    spec = w.views["chart"].spec
    assert spec["description"] and spec["title"]["text"]
    assert summary_sentence(pk.stance_matrix(path=path)) in visible_text(w.views["summary"].value)
    assert "Click a cell" in visible_text(w.views["claims"].value)


def test_widget_click_lists_claims() -> None:
    w = pk.stance_matrix_widget(path=FIXTURE)
    _click(w, "alpha-2024", "paper")
    assert (w.controls["cell_source"].value, w.controls["cell_theme"].value) == ("alpha-2024", "paper")
    html = w.views["claims"].value
    assert html.count('class="pk-card"') == 2 and "C002" in html and "C003" in html
    assert "mean stance −1.5" in visible_text(html)
    _click(w, "gamma-undated", "money")
    assert "not addressed" in visible_text(w.views["claims"].value)


def test_widget_keyboard_cell_choice() -> None:
    w = pk.stance_matrix_widget(path=FIXTURE)
    w.controls["cell_source"].value = "beta-2023"
    assert "Click a cell" in visible_text(w.views["claims"].value)  # a theme is still missing
    w.controls["cell_theme"].value = "talks"
    assert "C008" in w.views["claims"].value
    w.controls["cell_theme"].value = "alliance"
    assert "C006" in w.views["claims"].value and "C007" in w.views["claims"].value


def test_widget_filters_use_chart_params() -> None:
    w = pk.stance_matrix_widget(path=FIXTURE)
    chart = w.views["chart"]
    w.controls["sources"].value = ("beta-2023",)
    w.controls["themes"].value = ("talks", "paper")
    assert getattr(chart.params, SOURCES_PARAM) == ["beta-2023"]
    assert sorted(getattr(chart.params, THEMES_PARAM)) == ["paper", "talks"]
    assert visible_text(w.views["summary"].value).startswith("1 source × 2 themes")
    w.controls["sources"].value = ()
    assert "Pick at least one source" in visible_text(w.views["summary"].value)
    assert chart.layout.display == "none"
    w.controls["sources"].value = ("alpha-2024",)
    assert chart.layout.display is None
    w.controls["themes"].value = ()
    assert "Pick at least one theme" in visible_text(w.views["summary"].value)


def test_widget_ignores_unknown_click() -> None:
    w = pk.stance_matrix_widget(path=FIXTURE)
    before = w.views["claims"].value
    _click(w, "nope", "paper")
    assert w.views["claims"].value == before
    w.views["chart"]._vl_selections = {SELECTION: {"value": None, "store": []}}
    assert w.views["claims"].value == before


@pytest.mark.parametrize("path", DATASETS)
def test_widget_cell_claims_match_the_claims_table(path: Path) -> None:
    # A cell's claims are cut from the claims table when the cell is first chosen and kept; every
    # cell, chosen in any order and again later, lists exactly its claims in paragraph order.
    from peacekit.case import Case, records
    from peacekit.sidebyside import card_html

    w = pk.stance_matrix_widget(path=path)
    claims = Case(path=path).claims.sort_values(["paragraph", "claim_id"], kind="stable")
    source_ids = [v for _, v in w.controls["cell_source"].options if v]
    theme_ids = [v for _, v in w.controls["cell_theme"].options if v]
    seen: dict[tuple[str, str], str] = {}
    for _ in range(2):
        for theme_id in reversed(theme_ids):
            for source_id in source_ids:
                w.controls["cell_source"].value = source_id
                w.controls["cell_theme"].value = theme_id
                html = w.views["claims"].value
                assert seen.setdefault((source_id, theme_id), html) == html
                group = claims[(claims["source_id"] == source_id) & (claims["theme_id"] == theme_id)]
                if group.empty:
                    assert "(not addressed)" in html
                else:
                    cards = "".join(card_html(row) for row in records(group))
                    assert f'<div class="pk-matrix-cards">{cards}</div>' in html
                    assert html.count('class="pk-card"') == len(group)


@pytest.mark.parametrize("path", DATASETS)
def test_widget_filter_summary_matches_stance_matrix(path: Path) -> None:
    from peacekit.style import summary_html

    w = pk.stance_matrix_widget(path=path)
    source_ids = [v for _, v in w.controls["sources"].options]
    theme_ids = [v for _, v in w.controls["themes"].options]
    choices = [
        (source_ids[::-1], theme_ids),  # the widget shows sources in dataset order, whatever the order chosen
        (source_ids[1::2], theme_ids[:3]),
        (source_ids[-1:], theme_ids[::2]),
        (source_ids, theme_ids[-1:]),
    ]
    for sources, themes in choices:
        w.controls["sources"].value = tuple(sources)
        w.controls["themes"].value = tuple(themes)
        expected = summary_sentence(pk.stance_matrix(themes=themes, sources=sources, path=path))
        assert w.views["summary"].value == summary_html(expected)


# ------------------------------------------------------------- kinds of text


def test_matrix_kinds_filter() -> None:
    kinds = pk.sources(path=CORROB).set_index("source_id")["kind"]
    full = pk.stance_matrix(path=CORROB)
    for kind in ("commentary", "news", "primary"):
        m = pk.stance_matrix(kinds=kind, path=CORROB)
        assert set(m["source_id"]) == {s for s in full["source_id"] if kinds[s] == kind}
        pd.testing.assert_frame_equal(
            m.reset_index(drop=True), full[full["source_id"].isin(m["source_id"])].reset_index(drop=True)
        )
    both = pk.stance_matrix(kinds=["primary"], sources=["src-a", "src-p"], path=CORROB)
    assert set(both["source_id"]) == {"src-p"}
    with pytest.raises(ValueError, match="Unknown kind of text 'op-ed'"):
        pk.stance_matrix(kinds="op-ed", path=CORROB)
    chart = pk.stance_matrix_chart(kinds="primary", claims_list=False, path=CORROB).to_dict()
    assert "src-a" not in json.dumps(chart) and "src-p" in json.dumps(chart)


def test_widget_kinds_control_sets_the_chart_sources() -> None:
    w = pk.stance_matrix_widget(path=CORROB)
    chart = w.views["chart"]
    w.controls["kinds"].value = ("primary",)
    primary = pk.stance_matrix(kinds="primary", path=CORROB)
    assert getattr(chart.params, SOURCES_PARAM) == list(dict.fromkeys(primary["source_id"]))
    assert summary_sentence(primary) in visible_text(w.views["summary"].value)
    w.controls["sources"].value = ("src-a",)  # a commentary source, but only primary is picked
    assert "None of the picked sources is of a picked kind" in visible_text(w.views["summary"].value)
    assert chart.layout.display == "none"
    w.controls["kinds"].value = ()
    assert "Pick at least one kind of text" in visible_text(w.views["summary"].value)
    w.controls["kinds"].value = ("commentary", "news", "primary")
    assert getattr(chart.params, SOURCES_PARAM) == ["src-a"] and chart.layout.display is None


def test_widget_without_kinds_hides_the_control() -> None:
    w = pk.stance_matrix_widget(path=FIXTURE)
    assert w.controls["kinds"].options == () and w.controls["kinds"].layout.display == "none"
    assert getattr(w.views["chart"].params, SOURCES_PARAM) == list(pk.sources(path=FIXTURE)["source_id"])
