"""Unit tests for the lesson 04 checkers (peacekit/checks/lesson04.py).

Each checker passes the solution notebook's answer and rejects typical wrong
answers with the right hint. Expected answers are computed here the way the
solution computes them, from the kit's data, so the tests follow the data when
a teacher re-codes claims.
"""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

import peacekit as pk
from peacekit.checks.core import registered

THEMES = ["foreign-troops", "army-limits", "guarantee-credibility", "nato-membership", "us-role", "russia-security"]



from nbhelpers import run_check as _run  # noqa: E402


def _side(stance: float) -> str:
    return "for" if stance > 0 else ("against" if stance < 0 else "neutral")


def _own() -> pd.DataFrame:
    c = pk.claims()
    return c[(c["speaker_role"] == "author") & c["theme_id"].isin(THEMES) & c["stance"].notna()]


def _sides() -> pd.DataFrame:
    table = _own().groupby(["theme_id", "source_id"], as_index=False)["stance"].mean()
    table["side"] = table["stance"].map(_side)
    return table[["theme_id", "source_id", "side"]]


def test_all_three_registered():
    assert {"4.1", "4.2", "4.3"} <= set(registered(4))


# ---------------------------------------------------------------- 4.1
def test_4_1_solution_passes():
    assert _run("4.1", _sides(), themes=THEMES)[0]


def test_4_1_shuffled_rows_pass():
    assert _run("4.1", _sides().sample(frac=1, random_state=1), themes=THEMES)[0]


def test_4_1_reported_speakers_counted():
    c = pk.claims()
    allc = c[c["theme_id"].isin(THEMES) & c["stance"].notna()]
    table = allc.groupby(["theme_id", "source_id"], as_index=False)["stance"].mean()
    table["side"] = table["stance"].map(_side)
    passed, message = _run("4.1", table[["theme_id", "source_id", "side"]], themes=THEMES)
    assert not passed and "author" in message


def test_4_1_wrong_side_word():
    wrong = _sides()
    wrong.loc[wrong.index[0], "side"] = "pro"
    passed, message = _run("4.1", wrong, themes=THEMES)
    assert not passed and "side should be" in message


def test_4_1_flipped_side():
    wrong = _sides()
    first = wrong.index[0]
    wrong.loc[first, "side"] = "for" if wrong.loc[first, "side"] != "for" else "against"
    passed, message = _run("4.1", wrong, themes=THEMES)
    assert not passed and "sign of the mean" in message


def test_4_1_other_theme_and_wrong_types():
    extra = pd.concat([_sides(), pd.DataFrame([{"theme_id": "territory", "source_id": "x", "side": "for"}])])
    passed, message = _run("4.1", extra, themes=THEMES)
    assert not passed and "guarantee themes" in message
    passed, message = _run("4.1", ["a", "b"], themes=THEMES)
    assert not passed and "DataFrame" in message
    passed, message = _run("4.1", _sides())
    assert not passed and "themes" in message


# ---------------------------------------------------------------- 4.2
def _links(category: str = "guarantees") -> pd.DataFrame:
    t = pk.timeline()
    events = t.loc[t["category"] == category, "event_id"]
    links = pk.claim_events()
    return links[links["event_id"].isin(events)].merge(pk.claims(), on="claim_id")[
        ["event_id", "claim_id", "source_id", "claim_type"]
    ]


def test_4_2_solution_passes():
    assert not _links().empty
    assert _run("4.2", _links(), category="guarantees")[0]


def test_4_2_missing_row():
    passed, message = _run("4.2", _links().iloc[1:], category="guarantees")
    assert not passed and "row" in message


def test_4_2_other_category_rows():
    every = pk.claim_events().merge(pk.claims(), on="claim_id")[["event_id", "claim_id", "source_id", "claim_type"]]
    passed, message = _run("4.2", every, category="guarantees")
    assert not passed and "not an event of the category" in message


def test_4_2_bad_context_and_series():
    assert "category" in _run("4.2", _links(), category="nope")[1]
    passed, message = _run("4.2", _links()["claim_id"], category="guarantees")
    assert not passed and "Series" in message


# ---------------------------------------------------------------- 4.3
def _distances(measure: str) -> pd.DataFrame:
    wide = _own().pivot_table(index="source_id", columns="theme_id", values="stance", aggfunc="mean")
    rows = []
    for a, b in itertools.combinations(wide.index, 2):
        both = wide.loc[a].notna() & wide.loc[b].notna()
        if not both.any():
            continue
        if measure == "mean_abs_diff":
            distance = (wide.loc[a, both] - wide.loc[b, both]).abs().mean()
        else:
            distance = int((wide.loc[a, both] * wide.loc[b, both] < 0).sum())
        rows.append({"source_a": a, "source_b": b, "distance": distance})
    return pd.DataFrame(rows)


def _answer(measure: str) -> dict:
    table = _distances(measure)
    top = table.sort_values("distance").iloc[-1]
    return {"measure": measure, "distances": table, "pair": (top["source_a"], top["source_b"])}


@pytest.mark.parametrize("measure", ["mean_abs_diff", "sign_disagreements"])
def test_4_3_solution_passes_for_each_measure(measure: str):
    assert _run("4.3", _answer(measure), themes=THEMES)[0]


def test_4_3_pair_order_does_not_matter():
    answer = _answer("mean_abs_diff")
    answer["pair"] = tuple(reversed(answer["pair"]))
    assert _run("4.3", answer, themes=THEMES)[0]


def test_4_3_not_the_largest():
    answer = _answer("mean_abs_diff")
    low = answer["distances"].sort_values("distance").iloc[0]
    answer["pair"] = (low["source_a"], low["source_b"])
    passed, message = _run("4.3", answer, themes=THEMES)
    assert not passed and "largest" in message


def test_4_3_measure_mismatch():
    answer = _answer("mean_abs_diff")
    answer["measure"] = "sign_disagreements"
    passed, message = _run("4.3", answer, themes=THEMES)
    assert not passed and "mean_abs_diff" in message


def test_4_3_unknown_measure_and_placeholders():
    answer = _answer("mean_abs_diff")
    answer["measure"] = "euclid"
    assert "measure should be" in _run("4.3", answer, themes=THEMES)[1]
    answer = _answer("mean_abs_diff")
    answer["pair"] = ...
    assert "replace" in _run("4.3", answer, themes=THEMES)[1]
    assert "dictionary" in _run("4.3", [1, 2], themes=THEMES)[1]


def test_4_3_missing_pair_and_ellipsis_distance():
    answer = _answer("mean_abs_diff")
    answer["distances"] = answer["distances"].iloc[1:]
    passed, message = _run("4.3", answer, themes=THEMES)
    assert not passed and ("missing" in message or "not a pair" in message)
    answer = _answer("mean_abs_diff")
    table = answer["distances"].astype({"distance": "object"})
    table["distance"] = [...] * len(table)
    answer["distances"] = table
    assert "replace" in _run("4.3", answer, themes=THEMES)[1]


# ---------------------------------------------------------------- fixes after the beginner's read-through
def _ok_table(themes):
    from peacekit.checks.lesson04 import pair_distances

    return pair_distances(themes, "mean_abs_diff")


def test_43_placeholder_distances_say_fill_the_distance_line():
    themes = ["foreign-troops", "army-limits", "guarantee-credibility", "nato-membership", "us-role", "russia-security"]
    table = _ok_table(themes).astype({"distance": "object"})
    table["distance"] = [float("nan")] * len(table)
    message = registered(4)["4.3"].verdict({"measure": "mean_abs_diff", "distances": table, "pair": ...}, themes=themes)
    assert "distance line" in message


def test_43_a_whole_row_as_pair_asks_for_a_tuple():
    themes = ["foreign-troops", "army-limits", "guarantee-credibility", "nato-membership", "us-role", "russia-security"]
    table = _ok_table(themes)
    top = table.sort_values("distance", ascending=False).iloc[0]
    fn = registered(4)["4.3"].verdict
    message = fn({"measure": "mean_abs_diff", "distances": table, "pair": top}, themes=themes)
    assert "tuple of two source_ids" in message and "Name:" not in message
    assert fn({"measure": "mean_abs_diff", "distances": table, "pair": (top["source_a"], top["source_b"])}, themes=themes) is None
    message = fn({"measure": "mean_abs_diff", "distances": table, "pair": ...}, themes=themes)
    assert "replace the ... in pair" in message


def test_43_untouched_measure_is_not_blamed_when_only_the_table_is_missing():
    themes = ["foreign-troops", "army-limits", "guarantee-credibility", "nato-membership", "us-role", "russia-security"]
    message = registered(4)["4.3"].verdict({"measure": "mean_abs_diff", "distances": ..., "pair": ...}, themes=themes)
    assert "measure" not in message
