"""Unit tests for the lesson 07 checkers (peacekit/checks/lesson07.py).

Each checker passes the solution notebook's answer and rejects typical wrong
answers with the right hint. Expected values come from the kit's data.
"""

from __future__ import annotations

import pandas as pd
import pytest

import peacekit as pk
from peacekit.checks.core import registered
from peacekit.checks.lesson07 import recompute_rates

TERMS = ["Kyiv", "Kiev", "invasion", "operation", "regime", "concessions"]



from nbhelpers import run_check as _run  # noqa: E402


def test_all_three_registered():
    assert {"7.1", "7.2", "7.3"} <= set(registered(7))


# ---------------------------------------------------------------- 7.1
def _table() -> pd.DataFrame:
    return pk.term_frequencies(TERMS).pivot(index="term", columns="source_id", values="per_1000").round(2)


def test_recomputation_agrees_with_term_frequencies():
    long = pk.term_frequencies(TERMS)
    wide = long.pivot(index="term", columns="source_id", values="per_1000")
    again = recompute_rates(TERMS)
    for term in TERMS:
        for sid in again.columns:
            assert abs(wide.loc[term, sid] - again.loc[term, sid]) < 1e-9


def test_7_1_solution_passes_wide_and_labels():
    assert _run("7.1", _table(), terms=TERMS)[0]
    long = pk.term_frequencies(TERMS)
    by_label = long.pivot(index="term", columns="source_label", values="per_1000")
    assert _run("7.1", by_label, terms=TERMS)[0]
    assert _run("7.1", _table().reset_index(), terms=TERMS)[0]


def test_7_1_long_table_rejected_with_pivot_advice():
    """Student report: frequencies = pk.term_frequencies(terms) passed without the pivot."""
    passed, message = _run("7.1", pk.term_frequencies(TERMS), terms=TERMS)
    assert not passed
    assert "long" in message and ".pivot(" in message and "one column per source" in message


def test_7_1_counts_instead_of_rates():
    counts = pk.term_frequencies(TERMS).pivot(index="term", columns="source_id", values="count")
    passed, message = _run("7.1", counts, terms=TERMS)
    assert not passed and "counts" in message


def test_7_1_per_100():
    passed, message = _run("7.1", _table() / 10, terms=TERMS)
    assert not passed and "100" in message


def test_7_1_missing_row_and_column():
    passed, message = _run("7.1", _table().iloc[1:], terms=TERMS)
    assert not passed and "no row" in message
    passed, message = _run("7.1", _table().iloc[:, 1:], terms=TERMS)
    assert not passed and "no column" in message


def test_7_1_one_wrong_value_named():
    table = _table()
    table.iloc[0, 0] += 1
    passed, message = _run("7.1", table, terms=TERMS)
    assert not passed and "should be" in message


def test_7_1_shapes_and_context():
    assert "terms=terms" in _run("7.1", _table())[1]
    for odd in ([1, 2], "table", pd.Series([1.0]), 3.5):
        passed, message = _run("7.1", odd, terms=TERMS)
        assert not passed and message


# ---------------------------------------------------------------- 7.2
def _distinctive_answer(a: str = "pakobserver-2025", b: str = "insightnews-2022") -> dict:
    return {
        "distinctive": {
            a: pk.distinctive_words(a, top=3)["word"].tolist(),
            b: pk.distinctive_words(b, top=3)["word"].tolist(),
        },
        "interpretation": " ".join(["word"] * 35),
    }


def test_7_2_solution_passes_for_every_pair():
    ids = pk.sources()["source_id"].tolist()
    assert _run("7.2", _distinctive_answer())[0]
    assert _run("7.2", _distinctive_answer(ids[0], ids[-1]))[0]


def test_7_2_one_string_instead_of_a_list():
    """Student report: "cooperation, concerns, genuine" as one string."""
    answer = {
        "distinctive": {
            "pakobserver-2025": "cooperation, concerns, genuine",
            "insightnews-2022": pk.distinctive_words("insightnews-2022", top=3)["word"].tolist(),
        },
        "interpretation": " ".join(["word"] * 40),
    }
    passed, message = _run("7.2", answer)
    assert not passed
    assert "give a list" in message and "not one piece of text" in message


def test_7_2_common_word_rejected():
    answer = _distinctive_answer()
    sid = next(iter(answer["distinctive"]))
    rare = pk.distinctive_words(sid, top=10_000)["word"].iloc[-1]
    answer["distinctive"][sid] = answer["distinctive"][sid][:2] + [rare]
    passed, message = _run("7.2", answer)
    assert not passed and "not among the top" in message


def test_7_2_wrong_shapes():
    answer = _distinctive_answer()
    sid = next(iter(answer["distinctive"]))
    answer["distinctive"][sid] = answer["distinctive"][sid][:2]
    passed, message = _run("7.2", answer)
    assert not passed and "three" in message
    one = _distinctive_answer()
    one["distinctive"].pop(sid)
    passed, message = _run("7.2", one)
    assert not passed and "exactly two" in message
    bad_id = _distinctive_answer()
    bad_id["distinctive"]["no-such-source"] = bad_id["distinctive"].pop(sid)
    passed, message = _run("7.2", bad_id)
    assert not passed and "source_id" in message


def test_7_2_interpretation_required():
    passed, message = _run("7.2", {**_distinctive_answer(), "interpretation": "too short"})
    assert not passed and "30" in message
    passed, message = _run("7.2", {**_distinctive_answer(), "interpretation": ...})
    assert not passed and "replace" in message


# ---------------------------------------------------------------- 7.3
GOOD = {
    "counting_shows": ["Which sources use a word at all.", "How often a word is used per 1,000 words."],
    "counting_cannot_show": ["Who chose the word, author or translator.", "Whether a word is endorsed or reported."],
}


def test_7_3_solution_passes():
    assert _run("7.3", GOOD)[0]


def test_7_3_too_few_or_too_short():
    passed, message = _run("7.3", {**GOOD, "counting_shows": GOOD["counting_shows"][:1]})
    assert not passed and "at least two" in message
    passed, message = _run("7.3", {**GOOD, "counting_cannot_show": ["irony", "tone"]})
    assert not passed and "short" in message
    passed, message = _run("7.3", {**GOOD, "counting_shows": "one long piece of text with many words"})
    assert not passed and "list" in message
    same = GOOD["counting_shows"][0]
    passed, message = _run("7.3", {**GOOD, "counting_shows": [same, same]})
    assert not passed and "same" in message


def test_7_3_placeholder():
    passed, message = _run("7.3", {**GOOD, "counting_cannot_show": ...})
    assert not passed and "replace" in message


# ---------------------------------------------------------------- the lesson's cited claims
@pytest.mark.parametrize(
    ("claim_id", "words"),
    [
        ("C051", "root causes"),
        ("C063", "roots"),
        ("C057", "buffer zone"),
        ("C087", "capitulation"),
        ("C029", "capitulate"),
        ("C026", "palliative care"),
        ("C027", "antibiotics"),
        ("C080", "the fox kept by the coop"),
        ("C082", "cart in front of the horse"),
        ("C101", "pact with the devil"),
    ],
)
def test_lesson_07_cites_claims_that_say_what_it_says(claim_id: str, words: str):
    """Lesson 07's prose names these claim_ids; they must still hold these words."""
    quote = str(pk.claims().set_index("claim_id").loc[claim_id, "quote"])
    assert words in quote
