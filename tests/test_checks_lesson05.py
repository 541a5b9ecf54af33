"""Unit tests for the lesson 05 checkers (peacekit/checks/lesson05.py).

Each checker passes the solution notebook's answer and rejects typical wrong
answers with the right hint. Expected answers are computed here the way the
solution computes them, from pk.stance_matrix() and pk.claims().

The claim_ids used for 5.2 are the solution's; the tests first assert the
data still supports them (so a re-coding shows up as a clear failure here).
"""

from __future__ import annotations

import itertools

import numpy as np
import pandas as pd
import pytest

import peacekit as pk
from peacekit.checks.core import registered

AGREE = ("C041", "C073")
DISAGREE = ("C055", "C075")



from nbhelpers import run_check as _run  # noqa: E402


def test_all_three_registered():
    assert {"5.1", "5.2", "5.3"} <= set(registered(5))


# ---------------------------------------------------------------- 5.1
def _same_sign_share(values: pd.Series) -> float:
    signs = np.sign(values.dropna().astype(float))
    pairs = list(itertools.combinations(signs, 2))
    if not pairs:
        return float("nan")
    return sum(a == b for a, b in pairs) / len(pairs)


def _agreement() -> pd.DataFrame:
    m = pk.stance_matrix()
    coded = m[m["mean_stance"].notna()]
    return coded.groupby("theme_id").agg(
        n_sources=("source_id", "size"),
        mean_stance=("mean_stance", "mean"),
        stance_range=("mean_stance", lambda s: s.max() - s.min()),
        same_sign_share=("mean_stance", _same_sign_share),
    ).reset_index()


def test_5_1_solution_passes():
    assert _run("5.1", _agreement())[0]


def test_5_1_theme_as_index_passes():
    assert _run("5.1", _agreement().set_index("theme_id"))[0]


def test_5_1_counts_every_addressed_source():
    m = pk.stance_matrix()
    addressed = m[m["n_claims"] > 0]
    wrong = _agreement().set_index("theme_id")
    counts = addressed.groupby("theme_id").size()
    wrong["n_sources"] = [int(counts[t]) for t in wrong.index]
    if (wrong["n_sources"] == _agreement().set_index("theme_id")["n_sources"]).all():
        pytest.skip("as coded, every addressed cell has a stance")
    passed, message = _run("5.1", wrong.reset_index())
    assert not passed and "coded" in message


def test_5_1_wrong_share():
    wrong = _agreement()
    wrong["same_sign_share"] = 1.0
    passed, message = _run("5.1", wrong)
    assert not passed and "same_sign_share" in message


def test_5_1_uncoded_theme_row_and_shapes():
    m = pk.stance_matrix()
    everything = m.groupby("theme_id").agg(n_sources=("source_id", "size")).reset_index()
    passed, message = _run("5.1", everything)
    assert not passed and "mean_stance" in message
    assert "DataFrame" in _run("5.1", [1, 2, 3])[1]
    assert "Series" in _run("5.1", _agreement()["n_sources"])[1]


# ---------------------------------------------------------------- 5.2
def test_5_2_data_still_supports_the_solution():
    c = pk.claims().set_index("claim_id")
    assert c.loc[AGREE[0], "speaker"] == c.loc[AGREE[1], "speaker"]
    assert c.loc[DISAGREE[0], "stance"] * c.loc[DISAGREE[1], "stance"] < 0


def test_5_2_solution_passes():
    assert _run("5.2", {"agree": AGREE, "disagree": DISAGREE})[0]
    assert _run("5.2", {"agree": list(reversed(AGREE)), "disagree": list(reversed(DISAGREE))})[0]


def test_5_2_same_source_agree():
    c = pk.claims()
    src = c.set_index("claim_id").loc[AGREE[0], "source_id"]
    other = c[(c["source_id"] == src) & (c["claim_id"] != AGREE[0])]["claim_id"].iloc[0]
    passed, message = _run("5.2", {"agree": (AGREE[0], other), "disagree": DISAGREE})
    assert not passed and "same source" in message


def test_5_2_disagree_same_side():
    c = pk.claims().set_index("claim_id")
    src = c.loc[DISAGREE[1], "source_id"]
    theme = c.loc[DISAGREE[1], "theme_id"]
    same_side = c[(c["source_id"] == src) & (c["theme_id"] == theme) & (c["stance"] < 0)
                  & c["claim_type"].isin(["policy", "value"])].index
    if len(same_side) == 0:
        pytest.skip("no same-side policy claim in that source")
    passed, message = _run("5.2", {"agree": AGREE, "disagree": (DISAGREE[0], same_side[0])})
    assert not passed and "opposite" in message


def test_5_2_disagree_not_policy():
    c = pk.claims().set_index("claim_id")
    src = c.loc[DISAGREE[0], "source_id"]
    theme = c.loc[DISAGREE[0], "theme_id"]
    predictions = c[(c["source_id"] == src) & (c["theme_id"] == theme) & (c["claim_type"] == "prediction")].index
    passed, message = _run("5.2", {"agree": AGREE, "disagree": (predictions[0], DISAGREE[1])})
    assert not passed and "policy or value" in message


def test_5_2_shapes():
    assert "dictionary" in _run("5.2", ["C041", "C073"])[1]
    assert "replace" in _run("5.2", {"agree": ..., "disagree": DISAGREE})[1]
    assert "exactly two" in _run("5.2", {"agree": ("C041",), "disagree": DISAGREE})[1]
    assert "not a claim_id" in _run("5.2", {"agree": ("C041", "X999"), "disagree": DISAGREE})[1]


# ---------------------------------------------------------------- 5.3
def _gaps() -> dict:
    m = pk.stance_matrix()
    return m[m["status"] == "not addressed"].groupby("source_id")["theme_id"].apply(list).to_dict()


def test_5_3_solution_passes():
    assert _run("5.3", _gaps())[0]
    m = pk.stance_matrix()
    assert _run("5.3", m[m["status"] == "not addressed"].groupby("source_id")["theme_id"].apply(list))[0]


def test_5_3_no_stance_is_not_a_gap():
    m = pk.stance_matrix()
    both = m[m["status"] != "coded"].groupby("source_id")["theme_id"].apply(list).to_dict()
    if both == _gaps():
        pytest.skip("no 'no stance' cells as coded")
    passed, message = _run("5.3", both)
    assert not passed and "no stance" in message


def test_5_3_missing_theme_and_shapes():
    gaps = _gaps()
    source = next(iter(gaps))
    gaps[source] = gaps[source][1:]
    passed, message = _run("5.3", gaps)
    assert not passed and "missing" in message
    assert "dictionary" in _run("5.3", ["a"])[1]
    assert "not a source_id" in _run("5.3", {"nope": []})[1]


# ---------------------------------------------------------------- student report fixes
def test_5_2_misspelt_key_named():
    """Student report: key "agreed" was told to replace the ... in "agree"."""
    passed, message = _run("5.2", {"agreed": AGREE, "disagree": DISAGREE})
    assert not passed and "no key 'agree'" in message and "'agreed'" in message


def test_5_2_lower_case_id_suggests_the_right_one():
    """Student report: "c041" should get "did you mean 'C041'?"."""
    passed, message = _run("5.2", {"agree": ("c041", AGREE[1]), "disagree": DISAGREE})
    assert not passed and f"did you mean {AGREE[0]!r}" in message


def test_5_3_misspelt_status_gives_empty_dictionary_advice():
    """Student report: status "not adressed" gives {} and a message about a missing source."""
    m = pk.stance_matrix()
    empty = m[m["status"] == "not adressed"].groupby("source_id")["theme_id"].apply(list).to_dict()
    passed, message = _run("5.3", empty)
    assert not passed and "empty" in message and "spelling" in message and "not addressed" in message


def test_5_3_counts_instead_of_lists():
    """Student report: value_counts() gave numbers, and the message said "it is a int"."""
    m = pk.stance_matrix()
    counts = m[m["status"] == "not addressed"]["source_id"].value_counts().to_dict()
    passed, message = _run("5.3", counts)
    assert not passed and "a number" in message and "list" in message and "a int" not in message


# ---------------------------------------------------------------- lesson prose against the data
def test_lesson_05_seed_authors_doubt_paper_guarantees():
    """Lesson 05 says: in the seed articles, the three authors who take a stance on guarantee-credibility
    (Moscow Times, Insight News, Clemens) are all against it, and the only claim for it is reported (C076)."""
    claims = pk.claims()
    seed = claims[claims["source_id"].isin(pk.sources().query("seed")["source_id"])]
    gc = seed[(seed["theme_id"] == "guarantee-credibility") & seed["stance"].notna() & (seed["stance"] != 0)]
    authors = gc[gc["speaker_role"] == "author"]
    assert set(authors["source_id"]) == {"moscowtimes-2025", "insightnews-2022", "cepa-clemens"}
    assert (authors["stance"] < 0).all()
    assert gc.loc[gc["stance"] > 0, "claim_id"].tolist() == ["C076"]
    assert gc.set_index("claim_id").loc["C076", "speaker_role"] == "reported"
