"""Tests for peacekit.sidebyside: claims side by side (function and widget)."""

from __future__ import annotations

import html as html_module

from pathlib import Path

import ipywidgets as widgets
import numpy as np
import pandas as pd
import pytest
from widget_helpers import DATASETS, FIXTURE, controls_of, html_of, visible_text

import peacekit as pk
from peacekit.sidebyside import CLAIM_TYPES, COLUMNS, DISAGREEMENT_RULE, MAX_CARDS, NOT_CODED, card_html

CONTROLS = {"theme", "sources", "speakers", "stances", "claim_types", "only_disagreements", "group_by", "kinds"}
CORROB = Path(__file__).resolve().parent / "fixtures" / "corrob"  # has kinds of text and a primary document
VIEWS = {"proposition", "rule", "count", "columns"}


# --------------------------------------------------------------- the function


def test_compare_columns_and_order() -> None:
    frame = pk.compare("alliance", path=FIXTURE)
    assert list(frame.columns) == COLUMNS
    assert list(frame["claim_id"]) == ["C001", "C006", "C007", "C010", "C011"]
    assert frame.loc[0, "stance_label"] == "+2 ✓✓ strongly agrees"
    assert frame.loc[1, "stance_label"] == "−2 ✗✗ strongly disagrees"
    assert frame.loc[3, "stance_label"] == "· no stance (descriptive)"


def test_compare_filters() -> None:
    f = lambda **kw: list(pk.compare("alliance", path=FIXTURE, **kw)["claim_id"])  # noqa: E731
    assert f(sources="beta-2023") == ["C006", "C007"]
    assert f(speakers=["The minister"]) == ["C007"]
    assert f(stances=[-2, 2]) == ["C001", "C006"]
    assert f(stances=[None]) == ["C010"]
    assert f(stances=["none", 0]) == ["C010", "C011"]
    assert f(claim_types=["fact", "cause"]) == ["C007", "C010"]
    assert f(sources=["gamma-undated"], stances=[2]) == []


def test_only_disagreements_definition() -> None:
    f = lambda theme, **kw: list(pk.compare(theme, only_disagreements=True, path=FIXTURE, **kw)["claim_id"])  # noqa: E731
    # alpha is for (+2), beta against (−2, −1); gamma is neutral / uncoded: dropped
    assert f("alliance") == ["C001", "C006", "C007"]
    # one source cannot disagree with itself
    assert f("alliance", sources=["beta-2023"]) == []
    # judged after the other filters: without beta's claims, alpha has no opponent
    assert f("alliance", stances=[2, 0, None]) == []
    assert f("talks") == ["C004", "C005", "C008"]


@pytest.mark.parametrize("path", DATASETS)
def test_only_disagreements_property(path: Path) -> None:
    """Every kept claim takes a side, and another kept source takes the other side."""
    for theme_id in pk.themes(path=path)["theme_id"]:
        kept = pk.compare(theme_id, only_disagreements=True, path=path)
        everything = pk.compare(theme_id, path=path)
        assert set(kept["claim_id"]) <= set(everything["claim_id"])
        for row in kept.itertuples():
            sign = np.sign(row.stance)
            assert sign != 0
            others = everything[(everything["source_id"] != row.source_id)]
            assert (np.sign(others["stance"].dropna()) == -sign).any()
        # and nothing that qualifies is left out
        for row in everything.itertuples():
            if pd.isna(row.stance) or row.stance == 0:
                continue
            others = everything[everything["source_id"] != row.source_id]
            if (np.sign(others["stance"].dropna()) == -np.sign(row.stance)).any():
                assert row.claim_id in set(kept["claim_id"])


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"theme_id": "nope"}, "Unknown theme"),
        ({"theme_id": "alliance", "sources": ["nope"]}, "Unknown source"),
        ({"theme_id": "alliance", "speakers": ["Nobody"]}, "Unknown speaker"),
        ({"theme_id": "alliance", "stances": [3]}, "stance"),
        ({"theme_id": "alliance", "stances": ["strong"]}, "stance"),
        ({"theme_id": "alliance", "claim_types": ["opinion"]}, "Unknown claim type"),
    ],
)
def test_compare_errors(kwargs: dict, words: str) -> None:
    theme_id = kwargs.pop("theme_id")
    with pytest.raises(ValueError, match=words):
        pk.compare(theme_id, path=FIXTURE, **kwargs)


@pytest.mark.parametrize("path", DATASETS)
def test_compare_covers_every_claim(path: Path) -> None:
    claims = pk.claims(path=path)
    total = sum(len(pk.compare(t, path=path)) for t in pk.themes(path=path)["theme_id"])
    assert total == len(claims)


def test_card_has_every_part() -> None:
    row = pk.compare("alliance", path=FIXTURE).iloc[2]
    html = card_html(row)
    text = visible_text(html)
    assert "−1 ✗ disagrees" in text  # number, symbol and word
    assert "cause" in text and "official" in text
    assert "“Alliance expansion caused the special military operation”" in text
    assert "The minister (reported speaker)" in text
    assert "A minister quoted in the piece blames" in text
    assert "C007" in text and "paragraph 2" in text


# --------------------------------------------------------------------- widget


@pytest.mark.parametrize("path", DATASETS)
def test_widget_structure_and_accessibility(path: Path) -> None:
    w = pk.compare_widget(path=path)
    assert isinstance(w, widgets.Box)
    assert set(w.controls) == CONTROLS and set(w.views) == VIEWS
    assert all(isinstance(v, widgets.HTML) for v in w.views.values())
    for control in controls_of(w):
        assert control.description.strip(), control
        assert control.description_allow_html is False
    assert w.controls["theme"].value == pk.themes(path=path)["theme_id"].iloc[0]  # from data
    assert DISAGREEMENT_RULE in visible_text(w.views["rule"].value)


def test_widget_shows_cards_and_counts() -> None:
    w = pk.compare_widget(path=FIXTURE)
    assert "Ukraine should be able to join the alliance." in visible_text(w.views["proposition"].value)
    assert "Showing 5 claims of 5" in visible_text(w.views["count"].value)
    cols = w.views["columns"].value
    assert cols.count('class="pk-column"') == 3 and cols.count('class="pk-card"') == 5
    w.controls["only_disagreements"].value = True
    count = visible_text(w.views["count"].value)
    assert "Showing 3 claims of 5" in count and "2 hidden" in count
    assert "No claim shown from Gamma Notes (undated)" in count
    w.controls["group_by"].value = "speaker"
    cols = w.views["columns"].value
    assert cols.count('class="pk-column"') == 3  # Ann Author, Beta Director, The minister
    assert "The minister" in visible_text(cols)


def test_widget_theme_change() -> None:
    w = pk.compare_widget(path=FIXTURE)
    w.controls["theme"].value = "paper"
    assert "Written promises can be relied on." in visible_text(w.views["proposition"].value)
    assert "Showing 3 claims of 3" in visible_text(w.views["count"].value)


@pytest.mark.parametrize(
    ("settings", "sentence"),
    [
        ({"theme": "money"}, "No source makes a claim on"),
        ({"sources": ()}, "Pick at least one source"),
        ({"stances": ()}, "Pick at least one stance"),
        ({"claim_types": ()}, "Pick at least one claim type"),
        ({"theme": "paper", "sources": ("gamma-undated",)}, "No claims by these sources on this theme."),
        ({"sources": ("beta-2023",), "only_disagreements": True}, "do not disagree"),
        ({"sources": ("gamma-undated",), "stances": (2,)}, "match these filters"),
        ({"speakers": ("The minister",), "theme": "talks"}, "No claims by these sources"),
    ],
)
def test_widget_empty_selections_give_a_sentence(settings: dict, sentence: str) -> None:
    w = pk.compare_widget(path=FIXTURE)
    for name, value in settings.items():
        w.controls[name].value = value
    html = w.views["columns"].value
    assert 'class="pk-message"' in html and sentence in visible_text(html)


@pytest.mark.parametrize("path", DATASETS)
def test_widget_never_blank(path: Path) -> None:
    w = pk.compare_widget(path=path)
    for theme_id in pk.themes(path=path)["theme_id"]:
        w.controls["theme"].value = theme_id
        for only in (False, True):
            w.controls["only_disagreements"].value = only
            assert visible_text(w.views["columns"].value).strip()
            assert visible_text(w.views["proposition"].value).strip()


def test_widget_matches_function() -> None:
    w = pk.compare_widget(path=FIXTURE)
    w.controls["stances"].value = (-2, -1, NOT_CODED)
    w.controls["claim_types"].value = tuple(t for t in CLAIM_TYPES if t != "policy")
    expected = pk.compare("alliance", stances=[-2, -1, None], claim_types=["fact", "cause", "value", "prediction"],
                          path=FIXTURE)
    html = w.views["columns"].value
    assert html.count('class="pk-card"') == len(expected)
    for cid in expected["claim_id"]:
        assert cid in html


def test_too_many_cards_are_capped(tmp_path: Path) -> None:
    from widget_helpers import SHIPPED, _shipped_ready, make_synthetic_corpus

    if not _shipped_ready():
        pytest.skip("datasets/ is not complete yet")
    data = make_synthetic_corpus(tmp_path / "big", copies=30, src=SHIPPED)
    w = pk.compare_widget(path=data)
    theme = max(pk.themes(path=data)["theme_id"], key=lambda t: len(pk.compare(t, path=data)))
    w.controls["theme"].value = theme
    if len(pk.compare(theme, path=data)) <= MAX_CARDS:
        pytest.skip("no theme has enough claims")
    assert w.views["columns"].value.count('class="pk-card"') == MAX_CARDS
    assert "Only the first" in visible_text(w.views["count"].value)
    assert html_of(w)


# ------------------------------------------------------------- kinds of text


def test_compare_filters_by_kind() -> None:
    f = lambda **kw: list(pk.compare("t-alpha", path=CORROB, **kw)["claim_id"])  # noqa: E731
    sources = pk.sources(path=CORROB).set_index("source_id")["kind"]
    everything = pk.compare("t-alpha", path=CORROB)
    assert set(everything["source_kind"]) == {"commentary", "news", "primary"}
    for kind in ("commentary", "news", "primary"):
        expected = [c for c, s in zip(everything["claim_id"], everything["source_id"]) if sources[s] == kind]
        assert f(kinds=kind) == expected and expected
    assert f(kinds=["commentary", "news"]) == [c for c in everything["claim_id"] if c not in f(kinds="primary")]
    with pytest.raises(ValueError, match="Unknown kind of text 'op-ed'. Kinds in this dataset: commentary, news, primary"):
        pk.compare("t-alpha", kinds="op-ed", path=CORROB)
    with pytest.raises(ValueError, match="this dataset records no kind of text"):
        pk.compare("alliance", kinds="news", path=FIXTURE)  # the widgets fixture has no kind column


def test_widget_kind_filter_and_kind_columns() -> None:
    w = pk.compare_widget("t-alpha", path=CORROB)
    assert set(w.controls["kinds"].value) == {"commentary", "news", "primary"}
    w.controls["group_by"].value = "kind"
    cols = w.views["columns"].value
    # one column per kind, commentary then news then primary, each holding that kind's claims
    assert cols.count('class="pk-column"') == 3
    order = [cols.index(f'data-group="{k}"') for k in ("commentary", "news", "primary")]
    assert order == sorted(order)
    primary_part = cols[order[2]:]
    assert "C008" in primary_part and "C001" not in primary_part
    assert "Primary documents (a party's own words)" in html_module.unescape(cols)
    w.controls["kinds"].value = ("primary",)
    expected = pk.compare("t-alpha", kinds="primary", path=CORROB)
    assert w.views["columns"].value.count('class="pk-card"') == len(expected)
    count = visible_text(w.views["count"].value)
    assert f"Showing {len(expected)} claim" in count and "kinds of text" in count
    assert "No claim shown from" not in count  # sources of an unpicked kind are not "silent"
    w.controls["kinds"].value = ()
    assert "Pick at least one kind of text." in visible_text(w.views["columns"].value)


def test_widget_without_kinds_hides_the_control() -> None:
    w = pk.compare_widget(path=FIXTURE)
    assert w.controls["kinds"].options == () and w.controls["kinds"].layout.display == "none"
    assert "Showing 5 claims of 5" in visible_text(w.views["count"].value)


# ------------------------------------------------- long lists (sources, speakers)


def _select_history(cls: type) -> list:
    """What a multiple-choice list holds after each of a series of changes (errors included)."""
    control = cls(options=[("a", 1), ("b", 2), ("c", 1.0), ("d", "x")], value=(1,))
    seen = [(control.value, control.index, control.label)]
    for trait, new in (("value", (2, "x")), ("index", (1, 2)), ("label", ("c", "d")), ("value", ()),
                       ("value", (5,)), ("label", ("z",)), ("value", ([1],))):
        try:
            setattr(control, trait, new)
            seen.append((control.value, control.index, control.label))
        except Exception as error:  # noqa: BLE001 - the error type is what is compared
            seen.append(type(error).__name__)
    return seen


def test_large_select_multiple_behaves_like_select_multiple() -> None:
    from peacekit.widgets._select import LargeSelectMultiple

    assert _select_history(LargeSelectMultiple) == _select_history(widgets.SelectMultiple)
    options = [f"s{i}" for i in range(2000)]
    control = LargeSelectMultiple(options=options, value=options[::-3])
    assert control.index == tuple(range(1999, -1, -3)) and control.label == tuple(options[::-3])


def test_long_lists_of_the_widget_are_large_selects() -> None:
    from peacekit.widgets._select import LargeSelectMultiple

    w = pk.compare_widget(path=FIXTURE)
    assert isinstance(w.controls["sources"], LargeSelectMultiple)
    assert isinstance(w.controls["speakers"], LargeSelectMultiple)
    w.controls["speakers"].value = ("The minister",)
    assert w.controls["speakers"].index == (w.controls["speakers"].options.index("The minister"),)
    assert "Showing 1 claim of 5" in visible_text(w.views["count"].value)
