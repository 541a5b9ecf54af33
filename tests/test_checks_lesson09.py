"""Unit tests for the lesson 09 checkers (peacekit/checks/lesson09.py).

The checkers test structure only; these tests prove each passes complete
answers on *either* side of a theme (the kit takes no side) and rejects
typical incomplete answers with the right hint.
"""

from __future__ import annotations

import pandas as pd
import pytest

import peacekit as pk
from peacekit.checks.core import registered
from peacekit.checks.lesson09 import RUBRIC, SCORES

THEME = "army-limits"



from nbhelpers import run_check as _run  # noqa: E402


def test_all_four_registered():
    assert {"9.1", "9.2", "9.3", "9.4"} <= set(registered(9))


# ---------------------------------------------------------------- 9.1
def _opposing(theme: str, stance: int) -> dict:
    claims = pk.claims()
    on_theme = claims[claims["theme_id"] == theme]
    opposite = on_theme[on_theme["stance"] > 0] if stance < 0 else on_theme[on_theme["stance"] < 0]
    return {
        "claim_ids": opposite["claim_id"].tolist(),
        "author_argues": bool((opposite["speaker_role"] == "author").any()),
    }


@pytest.mark.parametrize("stance", [-2, -1, 1, 2])
def test_9_1_passes_on_both_sides(stance: int):
    assert _run("9.1", _opposing(THEME, stance), theme=THEME, stance=stance)[0]


def test_9_1_every_theme():
    for theme in pk.themes()["theme_id"]:
        for stance in (-1, 1):
            assert _run("9.1", _opposing(theme, stance), theme=theme, stance=stance)[0], (theme, stance)


def test_9_1_same_side_and_wrong_flag():
    same = _opposing(THEME, 1)  # the claims *against* a cap, offered for a stance against a cap
    passed, message = _run("9.1", same, theme=THEME, stance=-1)
    assert not passed and "other side" in message
    answer = _opposing(THEME, -1)
    passed, message = _run("9.1", {**answer, "author_argues": not answer["author_argues"]}, theme=THEME, stance=-1)
    assert not passed and ("author" in message or "reported" in message)


def test_9_1_context_and_placeholders():
    assert "my_theme" in _run("9.1", _opposing(THEME, -1), theme=..., stance=-1)[1]
    assert "my_stance" in _run("9.1", _opposing(THEME, -1), theme=THEME, stance=0)[1]
    passed, message = _run("9.1", {"claim_ids": ..., "author_argues": False}, theme=THEME, stance=-1)
    assert not passed and "replace" in message


# ---------------------------------------------------------------- 9.2 / 9.3
def _complete(stance: int) -> pk.Argument:
    """A complete argument on THEME at ``stance``, built from the data (either side)."""
    counter = _opposing(THEME, stance)["claim_ids"][0]
    figure = pk.figures()["figure_id"].iloc[0]
    return pk.Argument(
        theme_id=THEME,
        stance=stance,
        claim="A claim about the theme in one sentence.",
        reasons=["A reason for it."],
        evidence=[figure],
        counter_claim_id=counter,
        counter=" ".join(["steelman"] * 25),
        rebuttal="A rebuttal that answers it.",
    )


@pytest.mark.parametrize("stance", [-2, -1, 1, 2])
def test_9_2_passes_on_either_side(stance: int):
    assert _run("9.2", _complete(stance))[0]


def test_9_2_gaps_are_reported():
    arg = _complete(-1)
    arg.rebuttal = ""
    passed, message = _run("9.2", arg)
    assert not passed and "rebuttal" in message
    arg = _complete(-1)
    arg.evidence = ["no-such-event-1999"]
    passed, message = _run("9.2", arg)
    assert not passed and "no-such-event-1999" in message


def test_9_2_counter_from_same_side_rejected():
    arg = _complete(-1)
    arg.counter_claim_id = _opposing(THEME, 1)["claim_ids"][0]  # a claim against a cap, like the student
    passed, message = _run("9.2", arg)
    assert not passed and "same side" in message


def test_9_2_short_steelman_and_wrong_types():
    arg = _complete(1)
    arg.counter = "Too short."
    passed, message = _run("9.2", arg)
    assert not passed and "20" in message
    passed, message = _run("9.2", {"claim": "x"})
    assert not passed and "pk.Argument" in message
    arg = _complete(1)
    arg.reasons = "one reason as text"
    passed, message = _run("9.2", arg)
    assert not passed and "list" in message
    arg = _complete(1)
    arg.claim = ...
    passed, message = _run("9.2", arg)
    assert not passed and "replace" in message


def test_9_3_opposite_side_passes_both_ways():
    assert _run("9.3", _complete(1), first=_complete(-1))[0]
    assert _run("9.3", _complete(-2), first=_complete(2))[0]


def test_9_3_same_side_or_other_theme_rejected():
    passed, message = _run("9.3", _complete(2), first=_complete(1))
    assert not passed and "same side" in message
    first = _complete(-1)
    first.theme_id = "territory"
    passed, message = _run("9.3", _complete(1), first=first)
    assert not passed and "same theme" in message
    assert "first=argument" in _run("9.3", _complete(1))[1]


# ---------------------------------------------------------------- 9.4
def _review() -> dict:
    return {
        "sample": "a",
        "scores": {c: 1 for c in RUBRIC},
        "comments": {c: "A comment of more than five words." for c in RUBRIC},
        "strength": "The claim is clear and on the theme.",
        "suggestion": "Restate the opposing view so its author would accept it.",
    }


def test_9_4_complete_review_passes():
    assert _run("9.4", _review(), samples=["a", "b"])[0]
    assert _run("9.4", {**_review(), "sample": "b"}, samples=["a", "b"])[0]


def test_9_4_incomplete_reviews():
    review = _review()
    del review["scores"]["limits"]
    passed, message = _run("9.4", review, samples=["a", "b"])
    assert not passed and "limits" in message
    for outside in (min(SCORES) - 1, max(SCORES) + 1):
        review = _review()
        review["scores"]["claim"] = outside
        passed, message = _run("9.4", review, samples=["a", "b"])
        assert not passed and f"should be {', '.join(map(str, SCORES[:-1]))} or {SCORES[-1]}" in message
    for inside in SCORES:
        review = _review()
        review["scores"]["claim"] = inside
        assert _run("9.4", review, samples=["a", "b"])[0]
    review = _review()
    review["comments"]["evidence"] = "ok"
    passed, message = _run("9.4", review, samples=["a", "b"])
    assert not passed and "comment" in message
    passed, message = _run("9.4", {**_review(), "sample": "c"}, samples=["a", "b"])
    assert not passed and "sample" in message
    passed, message = _run("9.4", {**_review(), "suggestion": ...}, samples=["a", "b"])
    assert not passed and "replace" in message
    passed, message = _run("9.4", pd.DataFrame(), samples=["a", "b"])
    assert not passed and "dictionary" in message


# ---------------------------------------------------------------- the lesson's statements about the data
def _seed_claims() -> pd.DataFrame:
    claims = pk.claims()
    return claims[claims["source_id"].isin(pk.sources().query("seed")["source_id"])]


def test_lesson_09_only_reported_claims_argue_for_a_cap():
    """Lesson 09 says that in the seed articles no author argues for an army cap in their own voice."""
    claims = _seed_claims()
    pro = claims[(claims["theme_id"] == THEME) & (claims["stance"] > 0)]
    assert len(pro) >= 1
    assert set(pro["speaker_role"].astype(str)) == {"reported"}
    assert set(pro["claim_id"]) == {"C085", "C086"}


def test_lesson_09_nobody_argues_against_reparations_in_the_seed_articles():
    """Lesson 09 computes the one-sided themes and gives reparations as the seed articles' example."""
    on = _seed_claims().query("theme_id == 'reparations'")
    assert (on["stance"] > 0).sum() > 0 and (on["stance"] < 0).sum() == 0


def test_lesson_09_one_seed_author_leans_for_talks_now():
    """Lesson 09: in the seed articles, the one author leaning for talks now is the Pakistan Observer op-ed's."""
    claims = _seed_claims()
    talks = claims[(claims["theme_id"] == "talks-now") & (claims["speaker_role"] == "author")]
    means = talks.groupby("source_id")["stance"].mean()
    assert means[means > 0].index.tolist() == ["pakobserver-2025"]


@pytest.mark.parametrize(("claim_id", "words"), [("C085", "ceiling"), ("C086", "offensive operations"),
                                                   ("C087", "capitulation"), ("C005", "armed forces"),
                                                   ("C089", "defend what they have")])
def test_lesson_09_cites_claims_that_say_what_it_says(claim_id: str, words: str):
    assert words in str(pk.claims().set_index("claim_id").loc[claim_id, "quote"])


# ---------------------------------------------------------------- student report fixes
def test_9_2_positional_arguments_get_keyword_advice():
    """Student report: pk.Argument("foreign-troops", 2) said "reasons ... you gave a int"."""
    passed, message = _run("9.2", pk.Argument("foreign-troops", 2))
    assert not passed
    assert "keyword arguments" in message and "theme_id=" in message and "stance=" in message


@pytest.mark.parametrize("exercise", ["9.1", "9.2"])
def test_stance_zero_and_quoted_numbers_same_rule(exercise: str):
    """9.1 and 9.2 both refuse 0 (take a side) and ask for numbers without quotes."""
    def run(stance: object) -> str:
        if exercise == "9.1":
            return _run("9.1", _opposing(THEME, -1), theme=THEME, stance=stance)[1]
        arg = _complete(-1)
        arg.stance = stance
        return _run("9.2", arg)[1]

    zero = run(0)
    assert "0" in zero and "neutral" in zero and "-2, -1, 1 or 2" in zero
    quoted = run("-1")
    assert "without quotes" in quoted
    arg = _complete(-1)
    arg.stance = None
    assert "-2, -1, 1 or 2" in _run("9.2", arg)[1]


def test_9_4_missing_comments_says_add_it():
    """Student report: a review without comments was told to keep the dictionary as it is."""
    review = _review()
    del review["comments"]
    passed, message = _run("9.4", review, samples=["a", "b"])
    assert not passed and "add a \"comments\" dictionary" in message


def test_9_4_quoted_score():
    review = _review()
    review["scores"]["claim"] = "2"
    passed, message = _run("9.4", review, samples=["a", "b"])
    assert not passed and "without quotes" in message
