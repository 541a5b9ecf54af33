"""Tests for peacekit.negotiation: the red-line model, the search, the widget.

Model tests use hand-built position tables with known answers; the search is
checked against a brute-force evaluation of every package. The public
functions are tested on the synthetic fixture (tests/fixtures/mini) and on
the shipped datasets; the widget is driven through its ``controls`` and read
through its ``views``.
"""

from __future__ import annotations

import html as html_module
import itertools
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import peacekit as pk
from peacekit import negotiation as neg
from peacekit._evidence import Lookup

HERE = Path(__file__).resolve().parent
MINI = HERE / "fixtures" / "mini"
ROOT = HERE.parent
SHIPPED = ROOT / "datasets"


def _table(rows: list[tuple[str, str, str]], *, as_of: list[str | None] | None = None) -> pd.DataFrame:
    frame = pd.DataFrame(
        {
            "position_id": [f"P{i:03d}" for i in range(1, len(rows) + 1)],
            "party_id": [r[0] for r in rows],
            "term_id": [r[1] for r in rows],
            "position": [r[2] for r in rows],
            "claim_id": [f"C{i:03d}" for i in range(1, len(rows) + 1)],
            "event_id": [None] * len(rows),
            "note": [""] * len(rows),
        }
    )
    if as_of is not None:
        frame["as_of"] = as_of
    return frame


def _model(rows: list[tuple[str, str, str]], parties: list[str], terms: list[str], **kwargs: object) -> neg._Model:
    as_of = kwargs.pop("as_of_column", None)
    return neg._build_model(
        parties=pd.DataFrame({"party_id": parties, "label": [p.upper() for p in parties]}),
        terms=pd.DataFrame({"term_id": terms, "label": [f"Term {t}" for t in terms], "description": ""}),
        positions=_table(rows, as_of=as_of),  # type: ignore[arg-type]
        **kwargs,  # type: ignore[arg-type]
    )


# ---------------------------------------------------------------------------
# The model
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("position", "included", "verdict"),
    [
        ("requires", True, "meets"),
        ("requires", False, "crosses"),
        ("rejects", True, "crosses"),
        ("rejects", False, "meets"),
        ("accepts", True, "meets"),
        ("accepts", False, "meets"),
        ("unknown", True, "unknown"),
        ("unknown", False, "unknown"),
    ],
)
def test_verdict_table(position: str, included: bool, verdict: str) -> None:
    model = _model([("a", "t", position)], ["a"], ["t"])
    result = neg._evaluate(model, ["t"] if included else [], ["a"])
    assert result["verdict"].tolist() == [verdict]
    assert result["symbol"].tolist() == [neg.VERDICT_SYMBOLS[verdict]]
    if position == "accepts":
        assert result["note"].iloc[0].startswith("acceptable")


def test_opposite_red_lines_mean_no_package_satisfies_all() -> None:
    model = _model([("a", "t", "requires"), ("b", "t", "rejects")], ["a", "b"], ["t", "u"])
    result = neg._search(model, ["a", "b"], ["t", "u"], top=10)
    assert result.attrs["no_package_satisfies_all"] is True
    assert not result["satisfies_all"].any()
    assert result.attrs["best_parties_acceptable"] == 1
    assert "no package meets every party's requirements" in result.attrs["sentence"]
    assert "Term t is required by A" in result.attrs["sentence"]
    conflicts = neg._conflicts(model, ["a", "b"], ["t", "u"])
    assert conflicts["term_id"].tolist() == ["t"]
    assert conflicts["required_by"].tolist() == [["a"]]
    assert conflicts["rejected_by"].tolist() == [["b"]]


def test_compatible_parties_have_a_package() -> None:
    rows = [("a", "t", "requires"), ("b", "u", "rejects"), ("b", "t", "accepts"), ("c", "v", "unknown")]
    model = _model(rows, ["a", "b", "c"], ["t", "u", "v"])
    result = neg._search(model, ["a", "b", "c"], ["t", "u", "v"], top=3)
    assert result.attrs["no_package_satisfies_all"] is False
    best = result.iloc[0]
    assert best["term_ids"] == ["t"]  # v adds nothing, so the smaller package ranks first
    assert bool(best["satisfies_all"]) is True
    assert best["parties_acceptable"] == 3
    assert "at least one package crosses none" in result.attrs["sentence"]
    assert neg._conflicts(model, ["a", "b", "c"], ["t", "u", "v"]).empty


def test_no_parties_is_a_sentence_not_an_error() -> None:
    model = _model([("a", "t", "requires")], ["a"], ["t"])
    result = neg._search(model, [], ["t"], top=5)
    assert "No parties were chosen" in result.attrs["sentence"]
    assert neg._summary(model, neg._evaluate(model, [], []), []).empty


def _brute_force(model: neg._Model, parties: list[str], terms: list[str]) -> dict[frozenset[str], tuple[int, int, int]]:
    """(parties acceptable, positions met, red lines crossed) per package, the slow way."""
    out = {}
    for size in range(len(terms) + 1):
        for combo in itertools.combinations(terms, size):
            ev = neg._evaluate(model, list(combo), parties)
            per_party = ev.groupby("party_id")["verdict"].apply(lambda v: (v == "crosses").sum())
            ok = sum(1 for p in parties if per_party.get(p, 0) == 0)
            out[frozenset(combo)] = (ok, int((ev["verdict"] == "meets").sum()), int((ev["verdict"] == "crosses").sum()))
    return out


@pytest.mark.parametrize("seed", [0, 1, 2, 3, 4])
def test_search_agrees_with_brute_force(seed: int) -> None:
    rng = np.random.default_rng(seed)
    parties = [f"p{i}" for i in range(5)]
    terms = [f"t{i}" for i in range(6)]
    rows = [
        (p, t, str(rng.choice(neg.POSITIONS)))
        for p in parties
        for t in terms
        if rng.random() < 0.6
    ]
    model = _model(rows, parties, terms)
    expected = _brute_force(model, parties, terms)
    result = neg._search(model, parties, terms, top=2 ** len(terms))
    assert len(result) == 2 ** len(terms) == result.attrs["packages_searched"]
    for row in result.to_dict("records"):
        key = frozenset(row["term_ids"])
        assert (row["parties_acceptable"], row["requirements_met"], row["red_lines_crossed"]) == expected[key]
    # ranked: most parties acceptable, then most positions met, then fewest crossed, then fewest terms
    ranks = list(zip(-result["parties_acceptable"], -result["requirements_met"], result["red_lines_crossed"], result["n_terms"], strict=True))
    assert ranks == sorted(ranks)
    best_ok = max(v[0] for v in expected.values())
    assert result.iloc[0]["parties_acceptable"] == best_ok
    # the per-term conflict test is exactly "no package satisfies all"
    has_conflict = not neg._conflicts(model, parties, terms).empty
    assert result.attrs["no_package_satisfies_all"] is has_conflict is (best_ok < len(parties))


def test_search_rejects_too_many_terms() -> None:
    terms = [f"t{i}" for i in range(neg.MAX_SEARCH_TERMS + 1)]
    model = _model([("a", terms[0], "requires")], ["a"], terms)
    with pytest.raises(ValueError, match="choose at most"):
        neg._search(model, ["a"], terms, top=1)


def test_latest_position_wins_and_as_of_chooses_a_date() -> None:
    rows = [("a", "t", "accepts"), ("a", "t", "rejects"), ("a", "u", "requires")]
    dates = ["2022-01-01", "2025-03", None]
    latest = _model(rows, ["a"], ["t", "u"], as_of_column=dates)
    stated = latest.stated.set_index("term_id")
    assert stated.loc["t", "position"] == "rejects"
    assert "Earlier position: accepts as of 2022-01-01" in stated.loc["t", "note"]
    assert latest.has_as_of and [d.year for d in latest.as_of_dates] == [2022, 2025]
    earlier = _model(rows, ["a"], ["t", "u"], as_of_column=dates, as_of="2023-06-30")
    assert earlier.stated.set_index("term_id").loc["t", "position"] == "accepts"
    # undated rows always count
    assert earlier.stated.set_index("term_id").loc["u", "position"] == "requires"


def test_disagreeing_rows_give_unknown_and_unknown_rows_yield_to_known() -> None:
    rows = [("a", "t", "requires"), ("a", "t", "rejects"), ("a", "u", "unknown"), ("a", "u", "requires")]
    model = _model(rows, ["a"], ["t", "u"])
    stated = model.stated.set_index("term_id")
    assert stated.loc["t", "position"] == "unknown"
    assert bool(stated.loc["t", "conflict"]) is True
    assert "The recorded positions disagree" in stated.loc["t", "note"]
    assert stated.loc["u", "position"] == "requires"
    assert stated.loc["t", "evidence_ids"] == ["C001", "C002"]


def test_evidence_is_attributed() -> None:
    lookup = Lookup.from_tables(
        claims=pd.DataFrame(
            {"claim_id": ["C001"], "source_id": ["s"], "speaker": ["Ann"], "quote": ["We need t."], "paraphrase": ["t"]}
        ),
        timeline=pd.DataFrame(
            {
                "event_id": ["ev-2001"],
                "date": [pd.Timestamp("2001-02-03")],
                "event": ["Something happened."],
                "source_title": ["A record"],
                "source_url": ["https://example.org/r"],
            }
        ),
        sources=pd.DataFrame({"source_id": ["s"], "short_label": ["Source S"]}),
    )
    positions = _table([("a", "t", "requires"), ("a", "u", "rejects")])
    positions.loc[1, ["claim_id", "event_id"]] = [None, "ev-2001"]
    model = neg._build_model(
        parties=pd.DataFrame({"party_id": ["a"], "label": ["A"]}),
        terms=pd.DataFrame({"term_id": ["t", "u"], "label": ["T", "U"], "description": ["", ""]}),
        positions=positions,
        lookup=lookup,
    )
    ev = neg._evaluate(model, ["t"], ["a"]).set_index("term_id")
    assert ev.loc["t", "evidence"] == "“We need t.” — Ann, Source S (C001)"
    assert ev.loc["t", "evidence_id"] == "C001"
    assert ev.loc["u", "evidence"].startswith("Something happened. (2001-02-03; ev-2001). Source: A record")
    assert ev.loc["u", "evidence_id"] == "ev-2001"


# ---------------------------------------------------------------------------
# Public functions on the fixture
# ---------------------------------------------------------------------------


def test_evaluate_package_on_fixture() -> None:
    result = pk.evaluate_package(["term-x"], path=MINI)
    expected_columns = [
        "party_id", "party", "term_id", "term", "included", "position",
        "verdict", "symbol", "note", "evidence_id", "evidence",
    ]  # fmt: skip
    assert list(result.columns) == expected_columns
    verdicts = dict(zip(zip(result["party_id"], result["term_id"], strict=True), result["verdict"], strict=True))
    assert verdicts == {
        ("gov-a", "term-x"): "meets",
        ("gov-a", "term-y"): "meets",
        ("gov-b", "term-x"): "crosses",
        ("gov-b", "term-z"): "meets",  # latest position: rejects, and Z is left out
        ("author-src-a", "term-y"): "crosses",
        ("author-src-a", "term-w"): "unknown",
    }
    row = result.set_index(["party_id", "term_id"]).loc[("gov-a", "term-x")]
    assert row["evidence"] == "“Alpha must happen now” — Author A, Source A op-ed (2025) (C001)"
    assert row["party"] == "Government A" and row["term"] == "Term X"
    # a single id as a string works; parties filter works
    assert pk.evaluate_package("term-x", parties="gov-a", path=MINI)["party_id"].unique().tolist() == ["gov-a"]


def test_evaluate_package_as_of_on_fixture() -> None:
    early = pk.evaluate_package(["term-z"], as_of="2023-01-01", path=MINI).set_index(["party_id", "term_id"])
    assert early.loc[("gov-b", "term-z"), "position"] == "accepts"
    assert early.loc[("gov-b", "term-z"), "verdict"] == "meets"
    assert "ev-four-2022" in early.loc[("gov-b", "term-z"), "evidence_id"]
    assert "Event four: talks opened." in early.loc[("gov-b", "term-z"), "evidence"]
    late = pk.evaluate_package(["term-z"], path=MINI).set_index(["party_id", "term_id"])
    assert late.loc[("gov-b", "term-z"), "verdict"] == "crosses"


def test_unknown_ids_raise_a_helpful_error() -> None:
    with pytest.raises(ValueError, match=r"'term-q' \(did you mean 'term-"):
        pk.evaluate_package(["term-q"], path=MINI)
    with pytest.raises(ValueError, match="gov-c"):
        pk.package_summary([], parties=["gov-c"], path=MINI)


def test_package_summary_on_fixture() -> None:
    summary = pk.package_summary(["term-x"], path=MINI).set_index("party_id")
    assert summary.loc["gov-a", ["meets", "crosses", "unknown"]].tolist() == [2, 0, 0]
    assert bool(summary.loc["gov-a", "acceptable"]) is True
    assert summary.loc["gov-b", "red_lines_crossed"] == ["term-x"]
    assert bool(summary.loc["gov-b", "acceptable"]) is False
    assert "crosses a red line (Term X)" in summary.loc["gov-b", "sentence"]
    assert summary.loc["author-src-a", "unknown"] == 1


def test_search_and_conflicts_on_fixture() -> None:
    result = pk.search_packages(path=MINI)
    assert len(result) == 10
    assert result.attrs["packages_searched"] == 16
    assert result.attrs["no_package_satisfies_all"] is True
    assert pk.no_package_satisfies_all(path=MINI) is True
    conflicts = pk.red_line_conflicts(path=MINI)
    assert conflicts["term_id"].tolist() == ["term-x", "term-y"]
    # among gov-a and gov-b alone only term-x conflicts; without term-x in play all agree
    assert pk.no_package_satisfies_all(parties=["gov-a", "gov-b"], path=MINI) is True
    assert pk.no_package_satisfies_all(parties=["gov-a", "gov-b"], terms=["term-y", "term-z"], path=MINI) is False
    subset = pk.search_packages(top=3, parties=["gov-a", "gov-b"], terms=["term-y", "term-z"], path=MINI)
    assert subset.iloc[0]["term_ids"] == [] and bool(subset.iloc[0]["satisfies_all"])


# ---------------------------------------------------------------------------
# Shipped data
# ---------------------------------------------------------------------------


def test_shipped_every_stated_position_has_evidence() -> None:
    terms = pk.terms()["term_id"].tolist()
    result = pk.evaluate_package(terms)
    assert not result.empty
    assert set(result["verdict"]) <= set(neg.VERDICTS)
    known = result[result["position"] != "unknown"]
    assert (known["evidence"].str.len() > 0).all(), "every stated requires/accepts/rejects cites a claim or event"
    assert ((result["evidence"].str.len() > 0) | (result["note"].str.len() > 0)).all()
    assert not result["evidence"].str.contains("not found in the dataset").any()


def test_shipped_search_is_consistent_with_brute_force() -> None:
    model = neg._load_model()
    parties, terms = list(model.party_ids), list(model.term_ids)
    result = pk.search_packages(top=5)
    assert len(result) == 5
    assert result.attrs["packages_searched"] == 2 ** len(terms)
    assert result.attrs["no_package_satisfies_all"] is pk.no_package_satisfies_all()
    assert result.attrs["no_package_satisfies_all"] is (not pk.red_line_conflicts().empty)
    for row in result.head(3).to_dict("records"):
        summary = pk.package_summary(row["term_ids"])
        assert int(summary["acceptable"].sum()) == row["parties_acceptable"]
        assert int(summary["meets"].sum()) == row["requirements_met"]
        assert sorted(summary.loc[summary["acceptable"], "party_id"]) == sorted(row["acceptable_to"])
    assert result.attrs["sentence"].startswith(f"Searched all {2 ** len(terms):,} packages")
    assert len(parties) >= 2


# ---------------------------------------------------------------------------
# Widget
# ---------------------------------------------------------------------------


def _term_boxes(widget: object) -> dict[str, object]:
    return {k.split(":", 1)[1]: v for k, v in widget.controls.items() if k.startswith("term:")}  # type: ignore[attr-defined]


def test_widget_structure_and_accessibility() -> None:
    import ipywidgets as widgets

    w = pk.negotiation_widget(path=MINI)
    assert isinstance(w, widgets.Box)
    assert set(_term_boxes(w)) == {"term-x", "term-y", "term-z", "term-w"}
    assert {"parties", "search", "clear", "as_of"} <= set(w.controls)
    assert set(w.views) == {"summary", "parties", "search"}
    for name, control in w.controls.items():
        assert control.description, f"control {name} has no description"
    box = _term_boxes(w)["term-x"]
    assert box.description == "Term X" and box.tooltip == "Include X in the deal."
    assert all(isinstance(v, widgets.HTML) for v in w.views.values())


def test_widget_shows_verdicts_in_words_and_symbols() -> None:
    w = pk.negotiation_widget(path=MINI)
    start = w.views["parties"].value
    assert "No terms ticked" in w.views["summary"].value
    _term_boxes(w)["term-x"].value = True
    html = w.views["parties"].value
    assert html != start
    assert "✓ meets" in html and "✗ crosses a red line" in html and "? unknown" in html
    assert "Term X <small>(in the package)</small>" in html
    assert "<q>Alpha would be a disaster</q> — Author B" in html  # evidence, attributed
    assert "Government B: not acceptable: it crosses a red line (Term X)" in html
    assert "1 of 3 chosen parties find this package acceptable" in w.views["summary"].value
    assert "Package: Term X." in w.views["summary"].value


def test_widget_party_filter_and_empty_selection() -> None:
    w = pk.negotiation_widget(path=MINI)
    w.controls["parties"].value = ("gov-a",)
    assert "Government B" not in w.views["parties"].value
    w.controls["parties"].value = ()
    assert "Choose at least one party" in w.views["summary"].value
    assert w.views["parties"].value == ""
    w.controls["search"].click()
    assert "nothing to search for" in w.views["search"].value


def test_widget_search_button_and_clear() -> None:
    w = pk.negotiation_widget(path=MINI)
    assert "Press “Search packages”" in w.views["search"].value
    w.controls["search"].click()
    html = w.views["search"].value
    assert "no package meets every party's requirements" in html_module.unescape(html)
    assert "<ol>" in html and html.count("<li>") == 10
    _term_boxes(w)["term-y"].value = True
    w.controls["clear"].click()
    assert not any(cb.value for cb in _term_boxes(w).values())
    assert "No terms ticked" in w.views["summary"].value
    # changing the parties resets the (now stale) search result
    w.controls["search"].click()
    w.controls["parties"].value = ("gov-a", "gov-b")
    assert "Press “Search packages”" in w.views["search"].value
    w.controls["parties"].value = ("gov-a",)
    w.controls["search"].click()
    assert "at least one package crosses none" in w.views["search"].value


def test_widget_as_of_control() -> None:
    w = pk.negotiation_widget(path=MINI)
    control = w.controls["as_of"]
    assert [v for _, v in control.options] == [None, "2022-02-01", "2025-01-01"]
    _term_boxes(w)["term-z"].value = True
    assert "Government B: not acceptable" in w.views["parties"].value
    control.value = "2022-02-01"
    # in February 2022 Government B still accepted Z, and X is left out: no red line crossed
    assert "Government B: acceptable: no red line is crossed" in w.views["parties"].value
    assert "accepts it either way" in w.views["parties"].value
    control.value = None
    assert "Government B: not acceptable" in w.views["parties"].value
    with pytest.raises(Exception, match="TraitError|Invalid selection"):
        control.value = "1999-01-01"


@pytest.mark.parametrize("path", [MINI, None], ids=["mini", "shipped"])
def test_widget_as_of_cache_matches_a_fresh_widget(path: Path | None, monkeypatch: pytest.MonkeyPatch) -> None:
    # The widget reads the tables and builds the evidence look-up once (through its Case) and keeps
    # one model per date, so switching dates back and forth must show exactly what a widget built
    # at that date shows.
    import peacekit.data as pkdata

    loads: dict[str, list[object]] = {"parties": [], "terms": [], "positions": [], "evidence": []}
    for name in ("parties", "terms", "positions"):
        loader = getattr(pkdata, name)
        monkeypatch.setattr(pkdata, name, lambda _l=loader, _n=name, **kw: loads[_n].append(kw) or _l(**kw))
    from_tables = Lookup.from_tables.__func__  # type: ignore[attr-defined]
    monkeypatch.setattr(Lookup, "from_tables",
                        classmethod(lambda cls, **kw: loads["evidence"].append(kw) or from_tables(cls, **kw)))
    w = pk.negotiation_widget(path=path)
    assert {name: len(calls) for name, calls in loads.items()} == dict.fromkeys(loads, 1)
    options = [v for _, v in w.controls["as_of"].options]
    assert len(options) >= 3
    ticked = list(_term_boxes(w))[::2]
    for tid in ticked:
        _term_boxes(w)[tid].value = True
    sequence = [options[1], options[-1], None, options[1], options[-1], None, options[len(options) // 2]]
    seen: dict[object, tuple[str, str]] = {}
    for value in sequence:
        w.controls["as_of"].value = value
        assert "Press “Search packages”" in w.views["search"].value  # a new date resets the search
        fresh = pk.negotiation_widget(as_of=value, path=path)
        assert fresh.controls["as_of"].value == value
        for tid in ticked:
            _term_boxes(fresh)[tid].value = True
        shown = (w.views["summary"].value, w.views["parties"].value)
        assert shown == (fresh.views["summary"].value, fresh.views["parties"].value), value
        assert seen.setdefault(value, shown) == shown  # a revisited date shows the same as the first time
        w.controls["search"].click()
        fresh.controls["search"].click()
        assert w.views["search"].value == fresh.views["search"].value, value
    assert len({html for _, html in seen.values()}) > 1  # the dates really differ
    # the switches read no table and built no look-up of their own (one per widget: w and each fresh one)
    assert {name: len(calls) for name, calls in loads.items()} == dict.fromkeys(loads, 1 + len(sequence))


def test_widget_on_shipped_data() -> None:
    w = pk.negotiation_widget()
    boxes = _term_boxes(w)
    assert set(boxes) == set(pk.terms()["term_id"])
    for cb in boxes.values():
        cb.value = True
    assert "✗" in w.views["parties"].value
    w.controls["search"].click()
    assert "Best packages" in w.views["search"].value


def _scaled_dataset(tmp_path: Path, factor: int) -> Path:
    """A copy of the shipped data with ``factor`` × the parties and positions."""
    target = tmp_path / "scaled"
    shutil.copytree(SHIPPED, target, ignore=shutil.ignore_patterns("parties.csv", "positions.csv"))
    parties = pk.parties()
    positions = pd.read_csv(SHIPPED / "positions.csv", dtype=str, keep_default_na=False)
    # The first copy keeps the real ids (sources.party_id and author parties
    # point at them); in the others, an author party's id could not be
    # 'author-' + its source_id, so those copies stand in as governments.
    copies = parties.assign(
        kind=parties["kind"].astype(str).replace("author", "government"),
        source_id=pd.NA,
    )
    big_parties = pd.concat(
        [parties]
        + [copies.assign(party_id=parties["party_id"] + f"-x{k}", label=parties["label"] + f" #{k}")
           for k in range(1, factor)]
    )
    big_positions = pd.concat(
        [positions] + [positions.assign(party_id=positions["party_id"] + f"-x{k}") for k in range(1, factor)],
        ignore_index=True,
    )
    big_positions["position_id"] = [f"P{i:06d}" for i in range(1, len(big_positions) + 1)]
    big_parties.to_csv(target / "parties.csv", index=False)
    big_positions.to_csv(target / "positions.csv", index=False)
    return target


def test_widget_works_on_100x_data(tmp_path: Path) -> None:
    # Speed is measured by bench/bench_widgets.py (docs/benchmarks.md), not asserted here.
    path = _scaled_dataset(tmp_path, 100)
    assert len(pk.positions(path=path)) == 100 * len(pk.positions())
    w = pk.negotiation_widget(path=path)
    box = next(iter(_term_boxes(w).values()))
    before = w.views["parties"].value
    box.value = not box.value
    assert w.views["parties"].value != before
    w.controls["search"].click()
    assert "Best packages" in w.views["search"].value


# ---------------------------------------------------------------------------
# Escaping
# ---------------------------------------------------------------------------


def test_widget_escapes_dataset_text(tmp_path: Path) -> None:
    from mini_helpers import make_evil_case
    from widget_helpers import assert_escaped

    case = make_evil_case(tmp_path / "evil")
    w = pk.negotiation_widget(path=case.path)
    _term_boxes(w)[case.term_id].value = True
    fields = {"party_label", "term_label", "quote", "speaker", "source_label", "position_note"}
    assert_escaped(w.views["parties"].value, fields, where="parties")
    assert_escaped(w.views["summary"].value, {"term_label"}, where="summary")
    w.controls["search"].click()
    assert_escaped(w.views["search"].value, {"term_label", "party_label"}, where="search")
    # plain-text control labels carry the raw text (ipywidgets shows it as text)
    assert "<img" in _term_boxes(w)[case.term_id].description
    assert _term_boxes(w)[case.term_id].description_allow_html is False
