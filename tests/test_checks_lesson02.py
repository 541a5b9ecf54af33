"""The checkers of lesson 02 accept the solution's answers and reject typical mistakes.

Answers are built from the kit's data (as the solution notebook builds them),
so the tests keep working when a teacher re-codes the claims. Claim ids for
2.3 are picked by their coded properties, never hard-coded.
"""

from __future__ import annotations

import pandas as pd
import pytest

from peacekit import data
from peacekit.checks import check
from peacekit.checks.core import registered
from peacekit.checks.lesson02 import SOURCING_COLUMNS

EX = registered(2)
THEME = "root-cause"
TRANSLATED = "nytrewrite-2025"


def run(exercise_id: str, answer: object, **context: object) -> str | None:
    return EX[exercise_id].verdict(answer, **context)



# ---------------------------------------------------------------- 2.1
def test_21_accepts_the_solution_only_with_the_nine_columns_in_order():
    s = data.sources()
    assert run("2.1", s[SOURCING_COLUMNS]) is None
    assert "also has the column 'title'" in run("2.1", s[SOURCING_COLUMNS + ["title"]])
    assert "also has the column" in run("2.1", s)
    shuffled = [SOURCING_COLUMNS[1], SOURCING_COLUMNS[0], *SOURCING_COLUMNS[2:]]
    assert "not in the order" in run("2.1", s[shuffled])


def test_21_rejects_missing_columns_index_and_rows():
    s = data.sources()
    assert "author_confidence" in run("2.1", s[[c for c in SOURCING_COLUMNS if c != "author_confidence"]])
    assert "index" in run("2.1", s[SOURCING_COLUMNS].set_index("source_id"))
    assert "row" in run("2.1", s[SOURCING_COLUMNS].head(3))
    assert "DataFrame" in run("2.1", [1, 2])


# ---------------------------------------------------------------- 2.2
def solution_22() -> pd.Series:
    s = data.sources()
    return (s.set_index("source_id").filter(like="_confidence") != "confirmed").sum(axis=1)


def test_22_accepts_the_solution_as_series_frame_and_dict():
    assert run("2.2", solution_22()) is None
    assert run("2.2", solution_22().rename("unconfirmed").reset_index()) is None
    assert run("2.2", dict(solution_22())) is None


def test_22_rejects_inferred_only_and_confirmed_counts():
    s = data.sources().set_index("source_id").filter(like="_confidence")
    inferred = (s == "inferred").sum(axis=1)
    assert "unknown" in run("2.2", inferred)
    confirmed = (s == "confirmed").sum(axis=1)
    assert "NOT confirmed" in run("2.2", confirmed)
    wrong = solution_22().copy()
    wrong.iloc[0] += 1
    assert "not right" in run("2.2", wrong)


# ---------------------------------------------------------------- 2.3
def author_claims(source_id: str, theme: str) -> pd.DataFrame:
    c = data.claims()
    return c[(c["source_id"] == source_id) & (c["theme_id"] == theme) & (c["speaker_role"] == "author")]


def honest_positions(theme: str) -> dict[str, tuple[str, list[str]]]:
    """For each source, a position justified by all its author claims with a stance on the theme."""
    out: dict[str, tuple[str, list[str]]] = {}
    for source_id in data.sources()["source_id"]:
        own = author_claims(source_id, theme)
        own = own[own["stance"].notna()]
        stances = [int(v) for v in own["stance"]]
        ids = own["claim_id"].tolist()
        if not stances:
            out[source_id] = ("no position", [])
        elif all(v > 0 for v in stances):
            out[source_id] = ("for", ids)
        elif all(v < 0 for v in stances):
            out[source_id] = ("against", ids)
        else:
            out[source_id] = ("mixed", ids)
    return out


@pytest.mark.parametrize("theme", ["root-cause", "talks-now", "nato-membership", "army-limits"])
def test_23_accepts_honest_positions_on_any_theme(theme):
    assert run("2.3", honest_positions(theme), theme=theme) is None


def test_23_accepts_dict_entries_and_reports_no_theme():
    answer = {k: {"position": v[0], "claims": v[1]} for k, v in honest_positions(THEME).items()}
    assert run("2.3", answer, theme=THEME) is None
    assert "name a theme" in run("2.3", honest_positions(THEME))


def test_23_rejects_reported_speakers():
    c = data.claims()
    reported = c[(c["theme_id"] == THEME) & (c["speaker_role"] == "reported") & c["stance"].notna()].iloc[0]
    answer = honest_positions(THEME)
    sign = "for" if reported["stance"] > 0 else "against"
    answer[reported["source_id"]] = (sign, [reported["claim_id"]])
    message = run("2.3", answer, theme=THEME)
    assert message and "reported" in message and "author" in message


def test_23_rejects_wrong_sign_wrong_theme_wrong_source_and_descriptive():
    answer = honest_positions(THEME)
    source_id, (choice, ids) = next((k, v) for k, v in answer.items() if v[0] in ("for", "against"))
    flipped = dict(answer)
    flipped[source_id] = ("for" if choice == "against" else "against", ids)
    assert "stance" in run("2.3", flipped, theme=THEME)

    c = data.claims()
    other_theme = c[(c["source_id"] == source_id) & (c["theme_id"] != THEME)].iloc[0]["claim_id"]
    wrong_theme = dict(answer)
    wrong_theme[source_id] = (choice, [other_theme])
    assert "theme" in run("2.3", wrong_theme, theme=THEME)

    other_source = c[(c["source_id"] != source_id) & (c["theme_id"] == THEME)].iloc[0]["claim_id"]
    wrong_source = dict(answer)
    wrong_source[source_id] = (choice, [other_source])
    assert "not of" in run("2.3", wrong_source, theme=THEME)

    descriptive = c[(c["theme_id"] == THEME) & (c["speaker_role"] == "author") & c["stance"].isna()]
    if len(descriptive):
        row = descriptive.iloc[0]
        with_descriptive = dict(answer)
        with_descriptive[row["source_id"]] = ("for", [row["claim_id"]])
        assert "descriptive" in run("2.3", with_descriptive, theme=THEME)


def test_23_rejects_no_position_for_a_text_that_has_one_and_missing_texts():
    answer = honest_positions(THEME)
    source_id = next(k for k, v in answer.items() if v[0] != "no position")
    wrong = dict(answer)
    wrong[source_id] = ("no position", [])
    assert "choose a position" in run("2.3", wrong, theme=THEME)
    missing = dict(answer)
    missing.pop(source_id)
    assert "missing" in run("2.3", missing, theme=THEME)
    assert "not one of the choices" in run("2.3", {**answer, source_id: ("maybe", answer[source_id][1])}, theme=THEME)
    mixed_one_sign = {**answer, source_id: ("mixed", answer[source_id][1][:1])}
    if answer[source_id][0] != "mixed":
        assert "both sides" in run("2.3", mixed_one_sign, theme=THEME)
    assert "replace the ..." in run("2.3", {**answer, source_id: (..., ...)}, theme=THEME)


def test_23_asks_only_about_the_named_texts():
    """check(..., sources=texts) limits the question to those texts (the lesson names the seed articles)."""
    answer = honest_positions(THEME)
    texts = list(answer)[:2]
    subset = {k: answer[k] for k in texts}
    assert run("2.3", subset, theme=THEME, sources=texts) is None
    assert "missing" in run("2.3", subset, theme=THEME)  # without sources=, every text is asked about
    assert "missing" in run("2.3", {texts[0]: answer[texts[0]]}, theme=THEME, sources=texts)
    extra = {**subset, list(answer)[2]: answer[list(answer)[2]]}
    assert "not one of the texts" in run("2.3", extra, theme=THEME, sources=texts)
    assert "not a source_id" in run("2.3", subset, theme=THEME, sources=[*texts, "no-such-text"])


# ---------------------------------------------------------------- 2.4
def peculiar_words(source_id: str, n: int = 3) -> list[str]:
    """Words of one article that no other article contains (computed, not hard-coded)."""
    text = data.article(source_id)
    others = [data.article(s) for s in data.sources()["source_id"] if s != source_id]
    words = []
    for word in dict.fromkeys(w.strip(".,;:“”\"'()") for w in text.split()):
        if len(word) >= 4 and word.isalpha() and not any(word in o for o in others):
            words.append(word)
        if len(words) == n:
            break
    return words


WHY = "Artefacts show the text passed through several hands, so we cannot be sure whose words we read."


def test_24_accepts_peculiar_wording_and_a_reason():
    assert run("2.4", {"artefacts": peculiar_words(TRANSLATED), "why": WHY}, source=TRANSLATED) is None


def test_24_rejects_common_words_misspellings_and_an_empty_reason():
    words = peculiar_words(TRANSLATED)
    assert "also appears" in run("2.4", {"artefacts": words[:2] + ["Ukraine"], "why": WHY}, source=TRANSLATED)
    assert "not in the article" in run("2.4", {"artefacts": words[:2] + ["Kyyyiv"], "why": WHY}, source=TRANSLATED)
    assert "capitals" in run("2.4", {"artefacts": words[:2] + [words[2].upper()], "why": WHY}, source=TRANSLATED)
    assert "at least three" in run("2.4", {"artefacts": words[:2], "why": WHY}, source=TRANSLATED)
    assert "sentence" in run("2.4", {"artefacts": words, "why": ""}, source=TRANSLATED)
    assert "replace" in run("2.4", {"artefacts": ..., "why": ...}, source=TRANSLATED)
    assert "name the article" in run("2.4", {"artefacts": words, "why": WHY})


# ---------------------------------------------------------------- never raises
@pytest.mark.parametrize("exercise_id", ["2.1", "2.2", "2.3", "2.4"])
@pytest.mark.parametrize(
    "answer",
    [..., None, 0, "text", [], {}, [None], {"a": None}, {"artefacts": [1, 2], "why": 3}, pd.DataFrame(), object()],
)
def test_check_never_raises(exercise_id, answer, capsys):
    result = check(exercise_id, answer, theme=THEME, source=TRANSLATED)
    assert not result
    assert "not yet" in capsys.readouterr().out


# ---------------------------------------------------------------- fixes after the beginner's read-through
def test_22_unknown_index_explains_the_index_and_set_index():
    s = data.sources()
    counts = (s.filter(like="_confidence") != "confirmed").sum(axis=1)  # index 0..4, not source_ids
    message = run("2.2", counts)
    assert "labels at the left" in message and 'set_index("source_id")' in message


def test_23_cherry_picking_one_side_fails_when_the_author_argues_the_other_way_too():
    claims = data.claims()
    own = claims[(claims["theme_id"] == THEME) & (claims["speaker_role"] == "author") & claims["stance"].notna()]
    both = [
        src for src, group in own.groupby("source_id", observed=True)
        if (group["stance"] > 0).any() and (group["stance"] < 0).any()
    ]
    assert both, "the test needs a text whose author argues both ways on the theme"
    source = str(both[0])
    group = own[own["source_id"] == source]
    plus = str(group.loc[group["stance"] > 0, "claim_id"].iloc[0])
    answer = dict(honest_positions(THEME))
    answer[source] = ("for", [plus])
    message = run("2.3", answer, theme=THEME)
    assert "mixed" in message and "other side" in message


def test_24_one_piece_of_text_asks_for_a_list():
    message = run("2.4", {"artefacts": "Kiev, Samuel Tsarap, re -equipment", "why": "x " * 10}, source=TRANSLATED)
    assert "one piece of text" in message and "[" in message
