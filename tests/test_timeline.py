"""Tests for peacekit.chronology: events table, charts (via to_dict), event claims, widget.

Charts are checked through ``chart.to_dict()`` (encodings, data, selection,
title, description), never pixels. The widget is driven through its
``controls`` and read through its ``views``.
"""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import pytest

import peacekit as pk
from peacekit._evidence import link_html, safe_url

HERE = Path(__file__).resolve().parent
MINI = HERE / "fixtures" / "mini"


def _walk(spec: Any) -> list[dict[str, Any]]:
    """Every unit/layer spec (dicts with a 'mark') in a Vega-Lite spec."""
    found = []
    if isinstance(spec, dict):
        if "mark" in spec:
            found.append(spec)
        for value in spec.values():
            found += _walk(value)
    elif isinstance(spec, list):
        for value in spec:
            found += _walk(value)
    return found


def _mark_type(unit: dict[str, Any]) -> str:
    mark = unit["mark"]
    return mark["type"] if isinstance(mark, dict) else mark


def _dataset(spec: dict[str, Any], unit: dict[str, Any]) -> list[dict[str, Any]]:
    """The rows a unit draws (its own named data, else the top-level data)."""
    data = unit.get("data") or spec["data"]
    return spec["datasets"][data["name"]]


def _svg(widget: Any) -> str:
    """The widget's chart as Vega draws it, as the browser has it.

    The chart widget's synced ``spec`` with the values of its synced ``_params``
    (what the controls set), drawn to SVG by vl-convert (offline, no browser).
    """
    import copy

    import vl_convert as vlc
    from altair.utils._importers import vl_version_for_vl_convert

    chart = widget.views["chart"]
    spec = copy.deepcopy(chart.spec)
    for param in spec.get("params", []):
        if param["name"] in chart._params:
            param["value"] = chart._params[param["name"]]
    return vlc.vegalite_to_svg(spec, vl_version=vl_version_for_vl_convert())


def _drawn(widget: Any) -> list[str]:
    """The aria-labels of every mark Vega draws for the widget's chart."""
    return re.findall(r'aria-label="([^"]*)"', _svg(widget))


def _date_marks(widget: Any) -> int:
    """How many article-date rules and ticks Vega draws (hidden from screen readers: aria-hidden)."""
    groups = re.findall(r'<g class="mark-(?:rule|symbol) role-mark[^"]*" aria-hidden="true">(.*?)</g>', _svg(widget), re.S)
    return sum(len(re.findall(r"<(?:line|path)\b", group)) for group in groups)


def _drawn_events(widget: Any) -> set[str]:
    """The event ids of the points Vega draws for the widget's chart."""
    return {m.group(1) for label in _drawn(widget) for m in [re.search(r"Event id: ([^;]+)$", label)] if m}


# ---------------------------------------------------------------------------
# Tables
# ---------------------------------------------------------------------------


def test_timeline_events_counts_claims_and_filters() -> None:
    events = pk.timeline_events(path=MINI)
    assert events["event_id"].tolist() == ["ev-one-2001", "ev-two-2010", "ev-three-2020", "ev-four-2022", "ev-five-2024"]
    assert events.set_index("event_id")["n_claims"].to_dict() == {
        "ev-one-2001": 3,
        "ev-two-2010": 1,
        "ev-three-2020": 1,
        "ev-four-2022": 0,
        "ev-five-2024": 0,
    }
    assert events.set_index("event_id").loc["ev-one-2001", "claim_ids"] == "C001; C003; C005"
    assert pd.api.types.is_datetime64_any_dtype(events["date"])
    assert pk.timeline_events(categories="agreement", path=MINI)["event_id"].tolist() == ["ev-one-2001", "ev-three-2020"]
    # a year as end keeps the whole year; dates work too
    assert pk.timeline_events(start=2010, end=2020, path=MINI)["event_id"].tolist() == ["ev-two-2010", "ev-three-2020"]
    assert pk.timeline_events(start="2020-07-02", path=MINI)["event_id"].tolist() == ["ev-four-2022", "ev-five-2024"]
    assert pk.timeline_events(start=2030, path=MINI).empty


def test_unknown_category_raises_with_suggestion() -> None:
    with pytest.raises(ValueError, match=r"'agreemnt' \(did you mean 'agreement'\?\)"):
        pk.timeline_events(categories=["agreemnt"], path=MINI)


def test_timeline_summary_sentences() -> None:
    events = pk.timeline_events(path=MINI)
    assert pk.timeline_summary(events) == (
        "The timeline shows 5 cited events from 2001 to 2024 in 3 kinds (agreement, military and negotiation); "
        "3 of them are referred to by claims in the articles (5 links)."
    )
    assert pk.timeline_summary(events.iloc[0:0]).startswith("No events match this selection")
    one = pk.timeline_summary(pk.timeline_events(categories="military", path=MINI))
    assert one.startswith("The timeline shows 1 cited event in 2010 in 1 kind (military)")


def test_event_claims() -> None:
    claims = pk.event_claims("ev-one-2001", path=MINI)
    assert claims["claim_id"].tolist() == ["C001", "C003", "C005"]
    assert claims["source"].tolist() == ["Source A op-ed (2025)", "Source B analysis (2024)", "Source C (undated)"]
    assert {"speaker", "quote", "paraphrase", "stance", "theme_id"} <= set(claims.columns)
    assert pk.event_claims("ev-five-2024", path=MINI).empty
    with pytest.raises(ValueError, match=r"did you mean 'ev-one-2001'"):
        pk.event_claims("ev-one-2002", path=MINI)


def test_source_dates_label_inferred_and_unknown() -> None:
    dates = pk.source_dates(path=MINI).set_index("source_id")
    assert dates.loc["src-a", "label"] == "Source A op-ed (2025): 2025-03-10"
    assert dates.loc["src-b", "label"] == "Source B analysis (2024): 2024-06 (inferred)"
    assert dates.loc["src-c", "label"] == "Source C (undated): date unknown"
    assert pd.isna(dates.loc["src-c", "date"])
    assert dates.loc["src-b", "date"] == pd.Timestamp("2024-06-01")


def test_nato_growth_is_cumulative() -> None:
    growth = pk.nato_growth(path=MINI)
    assert growth["members"].tolist() == [2, 3, 5]
    assert growth["round"].tolist() == ["founding 1949", "1999", "2004"]
    assert growth["countries"].tolist() == ["Aland, Borduria", "Carpania", "Dorsia, Elbonia"]
    assert pk.nato_summary(growth) == (
        "NATO grew from 2 members in 1949 to 5 members by 2004, in 2 later enlargements; "
        "the latest added Dorsia, Elbonia."
    )
    assert pk.nato_summary(growth.iloc[0:0]).startswith("No NATO accession dates")


# ---------------------------------------------------------------------------
# Charts
# ---------------------------------------------------------------------------


def test_timeline_chart_spec() -> None:
    chart = pk.timeline_chart(path=MINI)
    spec = chart.to_dict()
    assert spec["title"]["text"] == "The war and the talks in dates"
    assert spec["description"] == pk.timeline_summary(pk.timeline_events(path=MINI))
    # a point selection on event_id, for the linked panel
    [param] = spec["params"]
    assert param["name"] == "event" and param["select"]["type"] == "point"
    assert param["select"]["fields"] == ["event_id"]
    units = _walk(spec)
    points = [u for u in units if _mark_type(u) == "point"]
    assert len(points) == 1
    enc = points[0]["encoding"]
    assert enc["x"]["field"] == "date" and enc["x"]["type"] == "temporal" and enc["x"]["title"] == "Date"
    assert enc["y"]["field"] == "category" and enc["y"]["title"] == "Kind of event"
    # meaning is not by colour alone: shape carries the category too
    assert enc["shape"]["field"] == "category" and enc["color"]["field"] == "category"
    assert len(set(enc["shape"]["scale"]["range"])) == len(enc["shape"]["scale"]["domain"])
    assert enc["size"]["field"] == "n_claims"
    tips = {t["field"]: t["title"] for t in enc["tooltip"]}
    assert {"event", "date_label", "n_claims"} <= set(tips)
    rows = _dataset(spec, points[0])
    # the citation travels once, in the panel text, not again as a tooltip column
    assert all("Source: " in r["text"] for r in rows) and "source_title" not in rows[0]
    assert {r["event_id"] for r in rows} == {"ev-one-2001", "ev-two-2010", "ev-three-2020", "ev-four-2022", "ev-five-2024"}
    assert any(r["event"] == "Event one: the alpha accord was signed." for r in rows)
    # the linked text panel: filtered by the selection, lists the claims of the selected event
    texts = [u for u in units if _mark_type(u) == "text"]
    panel = [u for u in texts if {"param": "event", "empty": False} in [t.get("filter") for t in u.get("transform", [])]]
    assert len(panel) == 1
    [row] = [r for r in _dataset(spec, panel[0]) if r["event_id"] == "ev-one-2001"]
    assert panel[0]["mark"]["lineBreak"] == "\n"
    joined = row["text"].replace("\n", " ")
    assert "Source: Archive page one — https://example.org/one" in joined
    assert "3 claims in the articles refer to this event" in joined
    assert "C003, Author B (Source B analysis (2024)): Alpha would go badly." in joined


def test_timeline_chart_filters_and_sources() -> None:
    chart = pk.timeline_chart(categories=["negotiation"], start=2023, path=MINI)
    spec = chart.to_dict()
    point = next(u for u in _walk(spec) if _mark_type(u) == "point")
    assert [r["event_id"] for r in _dataset(spec, point)] == ["ev-five-2024"]
    assert spec["description"].startswith("The timeline shows 1 cited event in 2024")
    with_sources = pk.timeline_chart(show_sources=True, path=MINI).to_dict()
    rules = [u for u in _walk(with_sources) if _mark_type(u) == "rule"]
    assert rules, "publication dates are drawn as rules"
    labels = {r["label"] for r in _dataset(with_sources, rules[0])}
    assert labels == {"Source A op-ed (2025): 2025-03-10", "Source B analysis (2024): 2024-06 (inferred)"}
    empty = pk.timeline_chart(start=2030, path=MINI).to_dict()
    assert empty["description"].startswith("No events match this selection")


def _widget_chart(path: Path | None = None, *, dated: bool = True, events: bool = True) -> alt.VConcatChart:
    """The widget's chart; without the articles' dates or without events when asked (shapes a dataset may give)."""
    from peacekit.case import Case
    from peacekit.chronology import TimelineData

    data = TimelineData.load(Case(path=path))
    if not dated:
        data = dataclasses.replace(data, dates=data.dates.iloc[0:0])
    if not events:
        data = dataclasses.replace(data, events=data.events.iloc[0:0])
    return data.chart()


#: Every shape of timeline the kit builds: arguments that change the spec's shape,
#: the widget's chart (with and without dated articles), empty selections, both datasets.
TIMELINE_VARIANTS = {
    "plain": lambda: pk.timeline_chart(path=MINI),
    "one kind": lambda: pk.timeline_chart(categories="military", path=MINI),
    "years": lambda: pk.timeline_chart(start=2010, end="2022", path=MINI),
    "with sources": lambda: pk.timeline_chart(show_sources=True, path=MINI),
    "filtered with sources": lambda: pk.timeline_chart(categories=["negotiation"], start=2023, show_sources=True, path=MINI),
    "empty": lambda: pk.timeline_chart(start=2030, path=MINI),
    "empty with sources": lambda: pk.timeline_chart(start=2030, show_sources=True, path=MINI),
    "shipped": lambda: pk.timeline_chart(),
    "shipped with sources": lambda: pk.timeline_chart(start=2021, show_sources=True),
    "widget": lambda: _widget_chart(MINI),
    "widget without dates": lambda: _widget_chart(MINI, dated=False),
    "widget without events": lambda: _widget_chart(MINI, events=False),
    "widget made": lambda: pk.timeline_widget(path=MINI).views["chart"].chart,
    "shipped widget": lambda: pk.timeline_widget().views["chart"].chart,
}


@pytest.mark.parametrize("make", TIMELINE_VARIANTS.values(), ids=TIMELINE_VARIANTS.keys())
def test_timeline_specs_are_valid_vega_lite(make: Any) -> None:
    # drawing a kit timeline skips altair's schema check (trusted_chart): the check is here
    chart = make()
    assert isinstance(chart, alt.VConcatChart)
    spec = chart.to_dict(validate=True)
    alt.VConcatChart.validate(spec)
    # the click selection names the point view, which is in the spec under that name
    [select] = [p for p in spec["params"] if "select" in p]
    [view] = select["views"]
    assert [u for u in _walk(spec) if u.get("name") == view and _mark_type(u) == "point"]


@pytest.mark.parametrize(
    "make",
    [*(TIMELINE_VARIANTS[k] for k in ("plain", "with sources", "widget")), lambda: pk.nato_chart(path=MINI)],
    ids=["plain", "with sources", "widget", "nato"],
)
def test_building_a_chart_makes_no_altair_chart_per_mark(make: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    """The views are spec dicts: altair does not copy a chart object per mark or per step.

    altair copies every view of a compound chart each time one is made or copied
    (``_combine_subchart_params``), and ``to_dict()`` copies the top chart again. The kit's
    timeline is one compound chart (made once, copied once by ``to_dict``) and one altair
    unit chart, the points (a copy per step: date label, the widget's filter, mark,
    encoding, and one when it becomes a dict): at most 2 combinations and 6 chart copies,
    whatever the number of marks; the NATO chart is one layer chart (2 and 1). Built from
    altair charts, the timeline took 6 (plain) and 26 (with sources, widget) combinations
    and 40–192 chart copies, the NATO chart 26 chart copies.
    """
    from altair.utils import schemapi
    from altair.vegalite.v6 import api

    make().to_dict()  # altair's first use of a class is not what is counted
    counts = {"combine": 0, "chart copies": 0}
    combine, copy = api._combine_subchart_params, schemapi.SchemaBase.copy

    def counting_combine(*args: Any, **kwargs: Any) -> Any:
        counts["combine"] += 1
        return combine(*args, **kwargs)

    def counting_copy(self: Any, *args: Any, **kwargs: Any) -> Any:
        counts["chart copies"] += isinstance(self, api.TopLevelMixin)
        return copy(self, *args, **kwargs)

    monkeypatch.setattr(api, "_combine_subchart_params", counting_combine)
    monkeypatch.setattr(schemapi.SchemaBase, "copy", counting_copy)
    make().to_dict()
    assert counts["combine"] <= 2 and counts["chart copies"] <= 6, counts


def test_changed_timeline_charts_are_checked_again() -> None:
    chart = pk.timeline_chart(path=MINI)
    with pytest.raises(alt.utils.schemapi.SchemaValidationError):
        chart.properties(width="wide").to_dict()
    chart.spacing = "wide"
    with pytest.raises(alt.utils.schemapi.SchemaValidationError):
        chart.to_dict()


def test_nato_chart_spec() -> None:
    chart = pk.nato_chart(path=MINI)
    spec = chart.to_dict()
    assert spec["title"]["text"] == "NATO membership over time"
    assert spec["description"] == pk.nato_summary(pk.nato_growth(path=MINI))
    units = _walk(spec)
    line = next(u for u in units if _mark_type(u) == "line")
    assert line["mark"]["interpolate"] == "step-after"
    enc = spec["encoding"] if "encoding" in spec else line["encoding"]
    assert enc["x"]["title"] == "Year of joining" and enc["y"]["title"] == "Member countries"
    labels = [u for u in units if _mark_type(u) == "text"]
    assert labels and labels[0]["encoding"]["text"]["field"] == "label"
    rows = _dataset(spec, labels[0])
    assert [r["label"] for r in rows] == ["founding 1949 (+2)", "1999 (+1)", "2004 (+2)"]


@pytest.mark.parametrize("path", [MINI, None], ids=["mini", "shipped"])
def test_nato_specs_are_valid_vega_lite(path: Path | None) -> None:
    # drawing the kit's NATO chart skips altair's schema check (trusted_chart): the check is here
    chart = pk.nato_chart(path=path)
    assert isinstance(chart, alt.LayerChart)
    alt.LayerChart.validate(chart.to_dict(validate=True))


def test_changed_nato_charts_are_checked_again() -> None:
    chart = pk.nato_chart(path=MINI)
    derived = chart.properties(width=700)  # a copy: altair checks it when it is drawn
    derived.layer[0].mark["type"] = "no-such-mark"
    with pytest.raises(alt.utils.schemapi.SchemaValidationError):
        derived.to_dict()
    assert chart.to_dict()["layer"][0]["mark"]["type"] == "line"
    chart.height = "tall"
    with pytest.raises(alt.utils.schemapi.SchemaValidationError):
        chart.to_dict()


def test_nato_chart_merges_close_rounds() -> None:
    rows = pk.nato_chart().to_dict()
    data = next(v for v in rows["datasets"].values() if v and "label" in v[0])
    merged = [r["label"] for r in data if " · " in r["label"]]
    growth = pk.nato_growth()
    close = (growth["date"].diff().dt.days < 730).sum()
    assert bool(merged) == bool(close)


def test_charts_on_shipped_data() -> None:
    events = pk.timeline_events()
    assert len(events) == len(pk.timeline())
    spec = pk.timeline_chart(show_sources=True).to_dict()
    assert spec["description"] == pk.timeline_summary(events)
    nato = pk.nato_chart().to_dict()
    assert nato["description"].startswith("NATO grew from")
    growth = pk.nato_growth()
    assert growth["members"].iloc[-1] == len(pk.nato_members())


def test_pk_timeline_stays_the_loader_after_the_chart_module_loads() -> None:
    pk.timeline_chart(path=MINI)
    table = pk.timeline(path=MINI)
    assert isinstance(table, pd.DataFrame) and len(table) == 5


def test_links_are_safe() -> None:
    assert safe_url("javascript:alert(1)") == ""
    assert "href" not in link_html("Title", "javascript:alert(1)")
    html = link_html("<b>T</b>", "https://example.org/x?a=1&b=2")
    assert "&lt;b&gt;T&lt;/b&gt;" in html and 'href="https://example.org/x?a=1&amp;b=2"' in html
    assert link_html("T", None) == "T (no address recorded)"


# ---------------------------------------------------------------------------
# Widget
# ---------------------------------------------------------------------------


def test_widget_structure_and_accessibility() -> None:
    import ipywidgets as widgets

    w = pk.timeline_widget(path=MINI)
    assert isinstance(w, widgets.Box)
    assert set(w.controls) == {"categories", "start", "end", "event", "sources"}
    assert set(w.views) == {"chart", "summary", "event", "sources"}
    for name, control in w.controls.items():
        assert control.description, f"control {name} has no description"
    assert isinstance(w.views["chart"], alt.JupyterChart)
    for name in ("summary", "event", "sources"):
        assert isinstance(w.views[name], widgets.HTML)
    assert (w.controls["start"].min, w.controls["end"].max) == (2001, 2024)
    assert "The timeline shows 5 cited events" in w.views["summary"].value
    assert "Choose an event" in w.views["event"].value


def test_widget_event_panel() -> None:
    w = pk.timeline_widget(path=MINI)
    w.controls["event"].value = "ev-one-2001"
    html = w.views["event"].value
    assert "Event one: the alpha accord was signed." in html
    assert "2001-05-01" in html
    assert 'Archive page one — <a href="https://example.org/one"' in html
    assert "3 claims in the articles refer to this event" in html
    assert "<q>Alpha would be a disaster</q> — Author B, <em>Source B analysis (2024)</em> (C003)" in html
    w.controls["event"].value = "ev-five-2024"
    assert "No claim in the articles refers to this event." in w.views["event"].value
    with pytest.raises(Exception, match="TraitError|Invalid selection"):
        w.controls["event"].value = "no-such-event-2000"


def test_widget_filters_and_empty_selections() -> None:
    w = pk.timeline_widget(path=MINI)
    w.controls["event"].value = "ev-one-2001"
    w.controls["categories"].value = ("negotiation",)
    # the chosen event is filtered out: the dropdown resets and the panel says so
    assert w.controls["event"].value is None
    assert [v for _, v in w.controls["event"].options] == [None, "ev-four-2022", "ev-five-2024"]
    assert "The timeline shows 2 cited events" in w.views["summary"].value
    # the chart draws the same events (it is filtered in the browser, by the params the controls set)
    assert _drawn_events(w) == {"ev-four-2022", "ev-five-2024"}
    w.controls["categories"].value = ()
    assert "Choose at least one kind of event" in w.views["summary"].value
    assert "No events are shown" in w.views["event"].value
    assert _drawn_events(w) == set()
    w.controls["categories"].value = ("agreement", "military", "negotiation")
    w.controls["start"].value = 2020
    w.controls["end"].value = 2010
    assert "is after “To year”" in w.views["summary"].value
    assert _drawn_events(w) == set()
    w.controls["end"].value = 2024
    assert "The timeline shows 3 cited events" in w.views["summary"].value
    assert _drawn_events(w) == {"ev-three-2020", "ev-four-2022", "ev-five-2024"}
    w.controls["start"].value = 2023
    w.controls["end"].value = 2023
    assert "No events match this selection" in w.views["summary"].value
    assert _drawn_events(w) == set()


def test_widget_filters_send_params_not_a_new_chart() -> None:
    w = pk.timeline_widget(path=MINI)
    chart = w.views["chart"]
    spec = chart.spec
    assert _drawn_events(w) == {"ev-one-2001", "ev-two-2010", "ev-three-2020", "ev-four-2022", "ev-five-2024"}
    w.controls["categories"].value = ("military", "negotiation")
    w.controls["start"].value = 2022
    w.controls["sources"].value = True
    assert chart.spec is spec  # the chart was not sent again
    assert chart._params["pk_categories"] == ["military", "negotiation"]
    assert (chart._params["pk_start"], chart._params["pk_end"], chart._params["pk_sources"]) == (2022, 2024, True)
    assert _drawn_events(w) == {"ev-four-2022", "ev-five-2024"}
    # the legend and the rows follow the kinds chosen, as when each selection had its own chart
    assert "Y-axis titled 'Kind of event' for a discrete scale with 2 values: military, negotiation" in _drawn(w)


def test_widget_source_dates() -> None:
    w = pk.timeline_widget(path=MINI)
    assert w.views["sources"].value == ""
    assert _date_marks(w) == 0
    w.controls["sources"].value = True
    html = w.views["sources"].value
    assert "Source B analysis (2024): 2024-06 (inferred)" in html
    assert "No date is known for: Source C (undated)." in html
    # the dated sources are drawn (a rule and a tick each); the same dates are the view's text
    dated = len(pk.source_dates(path=MINI).dropna(subset=["date"]))
    assert dated and _date_marks(w) == 2 * dated
    assert "Source B analysis (2024)" in _svg(w)  # the strip's label
    assert "Title text 'Articles published (dashed lines)'" in _drawn(w)
    w.controls["sources"].value = False
    assert w.views["sources"].value == ""
    assert _date_marks(w) == 0


def test_widget_chart_selection_sets_the_event() -> None:
    w = pk.timeline_widget(path=MINI)
    chart = w.views["chart"]
    chart._vl_selections = {
        "event": {
            "value": {"vlPoint": {"or": [{"event_id": "ev-two-2010"}]}, "event_id": ["ev-two-2010"]},
            "store": [],
        }
    }
    assert w.controls["event"].value == "ev-two-2010"
    assert "Event two: a military exercise took place." in w.views["event"].value


def test_widget_on_shipped_data() -> None:
    w = pk.timeline_widget()
    first = w.controls["event"].options[1][1]
    w.controls["event"].value = first
    assert "Source:" in w.views["event"].value
    w.controls["sources"].value = True
    assert "(inferred)" in w.views["sources"].value


# ---------------------------------------------------------------------------
# Escaping
# ---------------------------------------------------------------------------


def test_widget_escapes_dataset_text(tmp_path: Path) -> None:
    from mini_helpers import make_evil_case
    from widget_helpers import assert_escaped

    case = make_evil_case(tmp_path / "evil")
    w = pk.timeline_widget(path=case.path)
    w.controls["event"].value = case.event_id
    assert_escaped(w.views["event"].value, {"event", "event_source", "quote", "speaker", "source_label"}, where="event")
    w.controls["sources"].value = True
    assert_escaped(w.views["sources"].value, {"source_label"}, where="sources")
    # A javascript: address never gets this far: the loaders refuse it
    # (tests/test_validate.py, case javascript-url), and link_html would not
    # make it a link (test_links_are_safe above).
    # the chart carries the text as data (Vega draws it as text, never as HTML)
    spec = w.views["chart"].chart.to_dict()
    assert any("<img" in str(r.get("event", "")) for rows in spec["datasets"].values() for r in rows)
