"""Checks for lesson 09, "Your argument".

9.1  the claims that take the other side from the student's stance on the
     student's theme, and whether any author argues that side in their own
     voice (checked against claims.csv)
9.2  a complete argument (checked structurally with
     :func:`peacekit.argument_gaps`: every part present, evidence ids exist,
     the counter-argument comes from the other side of the student's stance;
     plus a minimum length for the steelman) — never by its opinion
9.3  the same theme argued from the other side (the same structural checks,
     plus: same theme as 9.2, stance on the other side of neutral)
9.4  a peer review scored with the lesson's rubric (checked for completeness
     only: every criterion scored on the rubric's scale (peacekit/rubric_levels.csv) with a comment, a strength and a
     suggestion)

Nothing here knows a source, claim or theme by name; the theme and stance
come from the student's answer or the check call's context.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from peacekit import rubric as _rubric
from peacekit._values import friendly_type, safe_repr
from peacekit.checks._shapes import is_placeholder, need_id_list, need_mapping
from peacekit.checks.core import NotYet, as_bool, exercise, reworded

__all__ = ["RUBRIC"]

#: The peer-review rubric's criteria, as in the lesson's table (keys of the answer):
#: read from peacekit/rubric.csv, like the lesson's table and the teacher guide's.
RUBRIC: tuple[str, ...] = _rubric.keys()
#: The scores a criterion may get (peacekit/rubric_levels.csv).
SCORES: tuple[int, ...] = _rubric.scores()
_SCORE_WORDS = ", ".join(str(v) for v in SCORES[:-1]) + f" or {SCORES[-1]}"
_SCORE_RANGE = f"{SCORES[0]}–{SCORES[-1]}"
MIN_STEELMAN_WORDS = 20
MIN_COMMENT_WORDS = 5


def _pk() -> Any:
    import peacekit as pk

    return pk


def _side(value: float) -> int:
    return (value > 0) - (value < 0)


_SIDES = (-2, -1, 1, 2)


def _need_stance(stance: object, *, name: str) -> None:
    """NotYet for a stance that is not -2, -1, 1 or 2 (the same rule in 9.1, 9.2 and 9.3)."""
    if isinstance(stance, str):
        try:
            number = int(stance.strip().replace("−", "-").replace("+", ""))
        except ValueError:
            number = None
        if number in _SIDES:
            raise NotYet(f"write {name} as a number without quotes: {name} = {number}, not {stance!r}.")
        raise NotYet(f"{name} should be a number, -2, -1, 1 or 2, written without quotes; you gave {safe_repr(stance)}.")
    if isinstance(stance, bool) or not isinstance(stance, int) or stance not in _SIDES:
        if stance == 0 and not isinstance(stance, bool):
            raise NotYet(f"{name} is 0, which is neutral; take a side for this exercise: -2, -1, 1 or 2.")
        raise NotYet(f"{name} should be -2, -1, 1 or 2 (take a side for this exercise; 0 is neutral); you gave {safe_repr(stance)}.")


def _theme_and_stance(theme: object, stance: object) -> tuple[str, int]:
    pk = _pk()
    themes = [str(t) for t in pk.themes()["theme_id"]]
    if is_placeholder(theme):
        raise NotYet("set my_theme to a theme_id from pk.themes() first.")
    if not isinstance(theme, str) or theme.strip() not in themes:
        raise NotYet(f"my_theme should be a theme_id from pk.themes(), such as {themes[0]!r}; you gave {safe_repr(theme)}.")
    if is_placeholder(stance):
        raise NotYet("set my_stance to your stance, one of -2, -1, 1, 2.")
    _need_stance(stance, name="my_stance")
    assert isinstance(stance, int)
    return theme.strip(), stance


# ---------------------------------------------------------------- 9.1
@exercise(
    "9.1",
    what=(
        "your list holds exactly the claim_ids on your theme whose coded stance is on the other side of neutral "
        "from yours, and your True/False says whether any of them is an author's own claim (speaker_role "
        "'author') rather than a reported one"
    ),
    hints=[
        "Keep the rows of pk.claims() whose theme_id is my_theme; then keep those whose stance is on the other "
        "side: stance > 0 if your stance is negative, stance < 0 if it is positive.",
        "c = pk.claims(); on_theme = c[c[\"theme_id\"] == my_theme]; opposite = on_theme[on_theme[\"stance\"] > 0] "
        "(for a negative stance). opposing = opposite[\"claim_id\"].tolist().",
        "author_argues_other_side = bool((opposite[\"speaker_role\"] == \"author\").any())",
    ],
)
def _opposing(answer: object, **context: Any) -> None:
    theme, stance = _theme_and_stance(context.get("theme"), context.get("stance"))
    got = need_mapping(answer, what="your answer")
    for key, name in (("claim_ids", "opposing"), ("author_argues", "author_argues_other_side")):
        if key not in got:
            raise NotYet(f"your answer has no {key!r}; keep the dictionary of the check cell as it is.")
        if is_placeholder(got[key]):
            raise NotYet(f"replace the ... in {name} with your answer.")
    claims = _pk().claims()
    on_theme = claims[claims["theme_id"] == theme]
    stances = pd.to_numeric(on_theme["stance"], errors="coerce")
    opposite = on_theme[stances.notna() & (stances.fillna(0).map(_side) == -_side(stance))]
    expected = set(opposite["claim_id"].astype(str))
    with reworded(before="opposing: "):
        ids = need_id_list(got["claim_ids"], kind="claim_id")
    known = set(claims["claim_id"].astype(str))
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise NotYet(f"{safe_repr(unknown[0])} is not a claim_id in pk.claims(); check the spelling.")
    got_ids = set(ids)
    if got_ids != expected:
        extra, missing = got_ids - expected, expected - got_ids
        if extra:
            cid = sorted(extra)[0]
            row = claims[claims["claim_id"] == cid].iloc[0]
            if str(row["theme_id"]) != theme:
                raise NotYet(f"{cid} is about {row['theme_id']!r}, not your theme {theme!r}.")
            raise NotYet(
                f"{cid} is not on the other side of your stance (its coded stance: {row['stance']}); "
                "keep only claims whose stance has the opposite sign (claims with no coded stance do not count)."
            )
        if not expected:  # pragma: no cover - covered by the empty-list branch below
            return None
        n = len(missing)
        raise NotYet(
            f"{n} {'claim' if n == 1 else 'claims'} on the other side {'is' if n == 1 else 'are'} missing; "
            f"your list has {len(got_ids & expected)} of {len(expected)}."
        )
    flag = as_bool(got["author_argues"])
    if flag is None:
        raise NotYet(f"author_argues_other_side should be True or False, not {safe_repr(got['author_argues'])}.")
    want = bool((opposite["speaker_role"].astype(str) == "author").any())
    if flag != want:
        if want:
            raise NotYet("at least one of those claims is an author's own (speaker_role 'author'); look at that column.")
        raise NotYet("every one of those claims is reported (speaker_role 'reported'): no author argues that side in their own voice.")


# ---------------------------------------------------------------- 9.2 / 9.3
def _need_argument(answer: object) -> None:
    """NotYet naming the first structural problem of an Argument (none when it is complete)."""
    pk = _pk()
    if not isinstance(answer, pk.Argument):
        raise NotYet(
            "your answer should be an argument made with pk.Argument(claim=..., reasons=[...], evidence=[...], "
            f"counter_claim_id=..., counter=..., rebuttal=..., theme_id=..., stance=...); you gave a {friendly_type(answer)}."
        )
    themes = {str(t) for t in pk.themes()["theme_id"]}
    positional = (
        (isinstance(answer.claim, str) and answer.claim.strip() in themes and answer.theme_id is None)
        or isinstance(answer.reasons, (int, float))
        or (not isinstance(answer.claim, str) and answer.claim is not Ellipsis)
    )
    if positional:
        raise NotYet(
            "it looks as if the parts were given without their names, so they landed in the wrong places "
            "(the first value became the claim). Use keyword arguments as in the template: "
            "pk.Argument(theme_id=\"...\", stance=..., claim=\"...\", reasons=[...], evidence=[...], ...)."
        )
    for name in ("claim", "counter", "rebuttal", "theme_id", "counter_claim_id"):
        value = getattr(answer, name)
        if value is Ellipsis:
            raise NotYet(f"replace the ... in {name} with your answer.")
        if value is not None and not isinstance(value, str):
            raise NotYet(f"{name} should be text in quotes; you gave a {friendly_type(value)}.")
    if answer.stance is Ellipsis:
        raise NotYet("replace the ... in stance with your stance: -2, -1, 1 or 2.")
    if answer.stance is None:
        raise NotYet("set stance to your side of the theme's proposition: -2, -1, 1 or 2 (0 is neutral; take a side).")
    _need_stance(answer.stance, name="stance")
    for name in ("reasons", "evidence"):
        value = getattr(answer, name)
        if value is Ellipsis:
            raise NotYet(f"replace the ... in {name} with a list.")
        if isinstance(value, str) or not isinstance(value, (list, tuple)):
            raise NotYet(f"{name} should be a list, like [\"...\", \"...\"]; you gave a {friendly_type(value)}.")
        if any(not isinstance(v, str) for v in value):
            raise NotYet(f"every item of {name} should be text in quotes.")
    gaps = pk.argument_gaps(answer)
    if gaps:
        more = f" ({len(gaps) - 1} more after this one)" if len(gaps) > 1 else ""
        raise NotYet(gaps[0] + more)
    if len(answer.counter.split()) < MIN_STEELMAN_WORDS:
        raise NotYet(
            f"your steelman (counter) has {len(answer.counter.split())} words; restate the opposing view in at "
            f"least {MIN_STEELMAN_WORDS}, so well that its author would accept it."
        )


_STRUCTURE = (
    "pk.argument_gaps finds no gap (claim, theme, stance, a reason, evidence ids that exist, a counter-argument "
    "from the other side of your stance, a steelman, a rebuttal) and your steelman has 20+ words"
)


@exercise(
    "9.2",
    what=(
        _STRUCTURE + ". Structure only: which side you argue, and how well, is never checked"
    ),
    hints=[
        "Start from the template: fill every ... of pk.Argument. Use the argument builder widget of the lesson "
        "if you prefer: its panel lists what is still missing.",
        "Run pk.argument_gaps(argument): it lists every missing part as a sentence. Evidence ids are claim_ids "
        "(C…), event_ids from pk.timeline() or figure_ids from pk.figures().",
        "For counter_claim_id, choose one of your 9.1 claims: they are on the other side of your stance.",
    ],
)
def _argument(answer: object, **context: Any) -> None:
    _need_argument(answer)


@exercise(
    "9.3",
    what=(
        _STRUCTURE + "; same theme as 9.2, stance on the other side. Structure only, not which argument is better"
    ),
    hints=[
        "Keep the theme of 9.2 and flip the stance: if 9.2 was -1, this one is 1 or 2.",
        "Your 9.2 counter-argument is a good place to start: its claim is on this side. The counter-argument "
        "here must come from the side you argued in 9.2.",
        "Run pk.argument_gaps(other_side) to see what is still missing.",
    ],
)
def _other_side(answer: object, **context: Any) -> None:
    pk = _pk()
    first = context.get("first")
    if not isinstance(first, pk.Argument):
        raise NotYet('the check needs your 9.2 argument too: check("9.3", other_side, first=argument).')
    _need_argument(answer)
    if str(answer.theme_id).strip() != str(first.theme_id).strip():
        raise NotYet(f"argue about the same theme as in 9.2 ({first.theme_id!r}); this one is {answer.theme_id!r}.")
    try:
        mine, theirs = int(first.stance), int(answer.stance)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise NotYet("give both arguments a stance from -2 to 2.") from None
    if _side(theirs) == _side(mine) or (mine == 0 and theirs == 0):
        raise NotYet(
            f"this stance ({theirs:+d}) is on the same side as your 9.2 argument ({mine:+d}); "
            "argue the other side of the theme."
        )


# ---------------------------------------------------------------- 9.4
@exercise(
    "9.4",
    what=(
        "your review names the sample you reviewed, gives every rubric criterion (claim, reasons, evidence, "
        f"counter-argument, rebuttal, fairness, limits) a score of {_SCORE_WORDS} and a comment of at least "
        f"{MIN_COMMENT_WORDS} words, and gives a strength and a suggestion. Only completeness is checked, "
        "not your scores or comments: they are your judgement"
    ),
    hints=[
        "Print the sample with print(pk.argument_markdown(sample_a)) and read it against the rubric table "
        "in the lesson, one row at a time.",
        f"scores is a dictionary with one key per criterion and a number {_SCORE_RANGE} as value; comments has the same keys "
        "with one sentence each.",
        "pk.argument_gaps(sample_a) shows what is structurally missing; the rubric also asks about fairness and "
        "limits, which no check can see.",
    ],
)
def _review(answer: object, **context: Any) -> None:
    got = need_mapping(answer, what="your review")
    shapes = {
        "sample": "\"sample\": \"a\" (or \"b\")",
        "scores": f"a \"scores\" dictionary with one score ({_SCORE_WORDS}) per criterion",
        "comments": "a \"comments\" dictionary with one sentence per criterion (the same keys as scores)",
        "strength": "\"strength\": one sentence",
        "suggestion": "\"suggestion\": one sentence",
    }
    for key in ("sample", "scores", "comments", "strength", "suggestion"):
        if key not in got:
            raise NotYet(f"your review has no {key!r}; add {shapes[key]} to the review dictionary.")
        if is_placeholder(got[key]):
            raise NotYet(f"replace the ... in {key} with your answer.")
    samples = context.get("samples")
    allowed = [str(s) for s in samples] if isinstance(samples, (list, tuple)) else ["a", "b"]
    if not isinstance(got["sample"], str) or got["sample"].strip().lower() not in allowed:
        raise NotYet(f"sample should say which sample you reviewed: one of {', '.join(repr(a) for a in allowed)}.")
    scores = need_mapping(got["scores"], what="scores")
    comments = need_mapping(got["comments"], what="comments")
    for criterion in RUBRIC:
        if criterion not in scores:
            raise NotYet(f"scores has no {criterion!r}; score every row of the rubric ({', '.join(RUBRIC)}).")
        value = scores[criterion]
        if is_placeholder(value):
            raise NotYet(f"replace the ... in scores[{criterion!r}] with {_SCORE_WORDS}.")
        if isinstance(value, str) and value.strip() in {str(v) for v in SCORES}:
            raise NotYet(f"write the score for {criterion!r} as a number without quotes: {value.strip()}, not {value!r}.")
        if isinstance(value, bool) or not isinstance(value, int) or value not in SCORES:
            raise NotYet(f"the score for {criterion!r} should be {_SCORE_WORDS}; you gave {safe_repr(value)}.")
        comment = comments.get(criterion)
        if not isinstance(comment, str) or len(comment.split()) < MIN_COMMENT_WORDS:
            raise NotYet(
                f"write a comment of at least {MIN_COMMENT_WORDS} words for {criterion!r}: what would raise "
                "(or justifies) the score?"
            )
    extra = [k for k in scores if k not in RUBRIC]
    if extra:
        raise NotYet(f"{safe_repr(extra[0])} is not a rubric criterion; use {', '.join(RUBRIC)}.")
    for key in ("strength", "suggestion"):
        value = got[key]
        if not isinstance(value, str) or len(value.split()) < MIN_COMMENT_WORDS:
            raise NotYet(f"write the {key} as a sentence of at least {MIN_COMMENT_WORDS} words.")
