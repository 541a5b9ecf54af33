"""Checks for lesson 10, "In their own words".

Every exercise works on one party and one theme, given to the check call as
``party=`` and ``theme=`` (the notebook sets them once); the two sides are
those of :func:`peacekit.corroborate` for that pair.

10.1  the claim_ids of each side: the party's own words and the account of it
      in other texts (checked against :func:`peacekit.corroborate`)
10.2  the gap between the two sides' mean coded stance (account minus own
      words, one decimal), computed from the same frame
10.3  readings: for at least two account claims (every one when there are
      fewer), a verdict (matches, goes beyond, omits, misreads), the own-words
      claim_ids it was compared with and a reason of 15+ words (checked
      structurally: the ids are on the right sides; the verdict is the
      student's judgement and is not checked)
10.4  the own-words claims that none of the student's readings used: computed
      from the student's own 10.3 answer (passed as ``readings=``)

Everything expected is computed from the datasets at check time. No
source_id, claim_id or party_id is written here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from peacekit._values import friendly_type, safe_repr, unknown_id_sentence
from peacekit.checks._shapes import is_placeholder, need_id_list, need_mapping
from peacekit.checks.core import NotYet, exercise, need_ids, need_number, reworded

__all__ = ["VERDICTS", "MIN_WHY_WORDS", "MIN_READINGS"]

#: The verdicts a reading may give (the words of the lesson).
VERDICTS: tuple[str, ...] = ("matches", "goes beyond", "omits", "misreads")
#: A reason has at least this many words.
MIN_WHY_WORDS = 15
#: Readings asked for in 10.3 (all account claims when there are fewer).
MIN_READINGS = 2


def _pk() -> Any:
    import peacekit as pk

    return pk


def _sides(context: Mapping[str, Any], exercise_id: str) -> pd.DataFrame:
    """The corroboration frame for the check call's party and theme, or NotYet."""
    party, theme = context.get("party"), context.get("theme")
    if party is None or theme is None:
        raise NotYet(
            f'the check needs the party and the theme too: check("{exercise_id}", ..., party=party, theme=theme) '
            "(do not change that line)."
        )
    pk = _pk()
    if not isinstance(party, str) or party not in set(pk.parties()["party_id"].astype(str)):
        raise NotYet(f"party should be a party_id from pk.parties(); {safe_repr(party)} is not. Run the first cells again.")
    if not isinstance(theme, str) or theme not in set(pk.themes()["theme_id"].astype(str)):
        raise NotYet(f"theme should be a theme_id from pk.themes(); {safe_repr(theme)} is not. Run the first cells again.")
    frame = pk.corroborate(party, theme)
    own = frame[frame["side"] == "own words"]
    account = frame[frame["side"] == "account"]
    if own.empty or account.empty:
        raise NotYet(
            f"for party {party!r} and theme {theme!r} the data has "
            f"{'no own-words claim' if own.empty else 'no account claim'}, so there is nothing to compare; "
            "restore the party and theme the notebook gives (pk.corroboration_summary(party, theme) says why)."
        )
    return frame


def _ids(frame: pd.DataFrame, side: str) -> list[str]:
    return [str(c) for c in frame.loc[frame["side"] == side, "claim_id"]]


def _claim_ids_or_empty(value: object) -> list[str]:
    """The claim_ids of ``value`` when it is a list of texts, else an empty list."""
    try:
        return need_id_list(value, kind="claim_id")
    except NotYet:
        return []


# ---------------------------------------------------------------- 10.1
@exercise(
    "10.1",
    what=(
        "your two lists hold exactly the claim_ids of each side of pk.corroborate(party, theme): the party's "
        "own words and the account of it in other texts"
    ),
    hints=[
        "both = pk.corroborate(party, theme) has a side column: \"own words\" or \"account\".",
        "Keep the rows of one side with both[both[\"side\"] == \"own words\"], then take their claim_id column "
        "as a list (.tolist()).",
        "own_ids = both.loc[both[\"side\"] == \"own words\", \"claim_id\"].tolist(), and the same with "
        "\"account\" for account_ids.",
    ],
)
def _sides_ids(answer: object, **context: Any) -> None:
    frame = _sides(context, "10.1")
    got = need_mapping(answer, what="your answer")
    known = _pk().claims()["claim_id"].astype(str).tolist()
    names = {"own": "own_ids", "account": "account_ids"}
    for key, side in (("own", "own words"), ("account", "account")):
        if key not in got:
            raise NotYet(f"your answer has no {key!r}; keep the dictionary of the check cell as it is.")
        if is_placeholder(got[key]):
            raise NotYet(f"replace the ... in {names[key]} with a list of claim_ids.")
        other = "account" if side == "own words" else "own words"
        ids = _claim_ids_or_empty(got[key])
        if ids:
            crossed = [i for i in ids if i in set(_ids(frame, other))]
            if crossed:
                raise NotYet(
                    f"{names[key]}: {safe_repr(crossed[0])} is on the other side "
                    f"({'the party’s own words' if other == 'own words' else 'the account'}); look at the side column."
                )
        with reworded(before=f"{names[key]}: "):
            need_ids(got[key], _ids(frame, side), kind="claim_id", known=known)


# ---------------------------------------------------------------- 10.2
def _mean(frame: pd.DataFrame, side: str) -> float | None:
    values = pd.to_numeric(frame.loc[frame["side"] == side, "stance"], errors="coerce").dropna()
    return float(values.mean()) if len(values) else None


@exercise(
    "10.2",
    what=(
        "your number is the account's mean coded stance minus the own words' mean coded stance on this theme "
        "(claims without a stance left out), rounded to one decimal, as pk.corroborate(party, theme) gives them"
    ),
    hints=[
        "Group pk.corroborate(party, theme) by side and take the mean of the stance column: "
        "both.groupby(\"side\")[\"stance\"].mean(). pandas leaves out claims without a stance.",
        "means = both.groupby(\"side\")[\"stance\"].mean(); the gap is means[\"account\"] - means[\"own words\"].",
        "stance_gap = round(float(means[\"account\"] - means[\"own words\"]), 1). A negative gap means the "
        "account is further against the theme's proposition than the party's own text.",
    ],
)
def _stance_gap(answer: object, **context: Any) -> None:
    frame = _sides(context, "10.2")
    if is_placeholder(answer):
        raise NotYet("replace the ... in stance_gap with a number.")
    own, account = _mean(frame, "own words"), _mean(frame, "account")
    if own is None or account is None:
        raise NotYet(
            f"{'the own words' if own is None else 'the account'} has no claim with a coded stance on this theme, "
            "so there is no gap to compute; restore the party and theme the notebook gives."
        )
    expected = round(account - own, 1)
    if not isinstance(answer, bool) and isinstance(answer, (int, float)) and abs(float(answer) + expected) <= 0.05 and expected:
        raise NotYet("you subtracted the other way round: the gap is the account's mean minus the own words' mean.")
    need_number(answer, expected, what="the stance gap (account minus own words)", tolerance=0.05)


# ---------------------------------------------------------------- 10.3
@exercise(
    "10.3",
    what=(
        f"you read at least {MIN_READINGS} account claims (every one when there are fewer); each reading gives a "
        f"verdict from {', '.join(VERDICTS)}, at least one own-words claim_id of this party and theme, and a "
        f"reason of {MIN_WHY_WORDS}+ words. Your verdicts and reasons are not judged here: your teacher reads them"
    ),
    hints=[
        "readings is a dictionary: each key is an account claim_id; each value is a dictionary with "
        "\"verdict\", \"own\" (a list of own-words claim_ids) and \"why\" (your reason).",
        "Put the account claim and the own-words claims side by side: both.set_index(\"claim_id\").loc[[...], "
        "[\"side\", \"quote\"]]. Ask: does the account say more than the document (goes beyond), leave out a "
        "condition it states (omits), or change what it means (misreads)?",
        f"The verdict is one of: {', '.join(repr(v) for v in VERDICTS)}. The reason quotes or names the words "
        "that differ, in at least " + str(MIN_WHY_WORDS) + " words.",
    ],
)
def _readings(answer: object, **context: Any) -> None:
    frame = _sides(context, "10.3")
    got = need_mapping(answer, what="readings")
    own_ids, account_ids = set(_ids(frame, "own words")), set(_ids(frame, "account"))
    known = _pk().claims()["claim_id"].astype(str).tolist()
    needed = min(MIN_READINGS, len(account_ids))
    filled = {k: v for k, v in got.items() if not is_placeholder(k) and not is_placeholder(v)}
    for key, reading in filled.items():
        if not isinstance(key, str):
            raise NotYet(f"each key of readings should be a claim_id in quotes; {safe_repr(key)} is a {friendly_type(key)}.")
        cid = key.strip()
        if cid in own_ids:
            raise NotYet(f"{cid!r} is one of the party's own words; the keys of readings are account claims.")
        if cid not in account_ids:
            if cid not in set(known):
                raise NotYet(unknown_id_sentence(cid, known, kind="claim_id"))
            raise NotYet(f"{cid!r} is not in the account of this party on this theme; pick keys from account_ids.")
        reading_map = need_mapping(reading, what=f"the reading of {cid}")
        for part in ("verdict", "own", "why"):
            if part not in reading_map or is_placeholder(reading_map[part]):
                raise NotYet(f"the reading of {cid} needs a {part!r}; fill in the ... of the template.")
        verdict = reading_map["verdict"]
        if not isinstance(verdict, str) or " ".join(verdict.split()).lower() not in VERDICTS:
            raise NotYet(
                f"the verdict for {cid} should be one of {', '.join(repr(v) for v in VERDICTS)}, "
                f"not {safe_repr(verdict)}."
            )
        with reworded(before=f"the reading of {cid}: "):
            ids = need_id_list(reading_map["own"], kind="claim_id")
        if not ids:
            raise NotYet(f"the reading of {cid} should name at least one own-words claim_id it was compared with.")
        for oid in ids:
            if oid in account_ids:
                raise NotYet(f"in the reading of {cid}, {oid!r} is an account claim; \"own\" lists the party's own words.")
            if oid not in own_ids:
                if oid not in set(known):
                    raise NotYet(unknown_id_sentence(oid, known, kind="claim_id"))
                raise NotYet(f"in the reading of {cid}, {oid!r} is not one of the party's own words on this theme.")
        why = reading_map["why"]
        if not isinstance(why, str) or len(why.split()) < MIN_WHY_WORDS:
            words = len(why.split()) if isinstance(why, str) else 0
            raise NotYet(
                f"the reason for {cid} has {words} word{'' if words == 1 else 's'}; "
                f"say in at least {MIN_WHY_WORDS} words what differs."
            )
    distinct = len({k.strip() for k in filled})  # an id written with and without spaces is one reading
    if distinct < needed:
        raise NotYet(
            f"you read {distinct} account claim{'' if distinct == 1 else 's'}; read at least {needed} "
            f"(the account has {len(account_ids)})."
        )


# ---------------------------------------------------------------- 10.4
@exercise(
    "10.4",
    what=(
        "your list holds exactly the own-words claim_ids of this party and theme that none of your 10.3 "
        "readings names in \"own\" (computed from your own readings)"
    ),
    hints=[
        "Collect every claim_id listed under \"own\" in your readings: a set, filled in a loop over "
        "readings.values().",
        "used = set(); for reading in readings.values(): used |= set(reading[\"own\"]). Then keep the own_ids "
        "that are not in used.",
        "not_covered = [c for c in own_ids if c not in used]. An empty list is a right answer when your "
        "readings used every own-words claim.",
    ],
)
def _not_covered(answer: object, **context: Any) -> None:
    frame = _sides(context, "10.4")
    readings = context.get("readings")
    if readings is None:
        raise NotYet('the check needs your readings too: check("10.4", not_covered, party=party, theme=theme, readings=readings).')
    with reworded(before="finish 10.3 first (its check must pass): "):
        _readings(readings, party=context["party"], theme=context["theme"])
    own = _ids(frame, "own words")
    used: set[str] = set()
    for key, reading in dict(readings).items():
        if is_placeholder(key) or is_placeholder(reading):  # the template's unfilled rows, as 10.3 skips them
            continue
        used |= set(_claim_ids_or_empty(dict(reading)["own"]))
    expected = [c for c in own if c not in used]
    if is_placeholder(answer):
        raise NotYet("replace the ... in not_covered with a list of claim_ids (it may be empty).")
    ids = need_id_list(answer, kind="claim_id")
    if not expected:
        if ids:
            raise NotYet(f"your readings used every own-words claim, so nothing is left out; {safe_repr(ids[0])} was used.")
        return None
    if set(ids) & used:
        raise NotYet(f"{safe_repr(sorted(set(ids) & used)[0])} is named in one of your readings, so it is covered.")
    known = _pk().claims()["claim_id"].astype(str).tolist()
    need_ids(ids, expected, kind="claim_id", known=known)
