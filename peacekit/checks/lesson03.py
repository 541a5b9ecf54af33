"""Checks for lesson 03, "Anatomy of an argument".

3.1  claim types of given claims (expected: claims.csv claim_type)
3.2  the evidence behind a claim: its evidence_type and a timeline event it rests on
3.3  the share of each source's claims that are reported speech (checked against claims.csv)
3.4  the student's own stance codes for given claims, and Cohen's kappa against
     the kit's codes (recomputed from both codings)
3.5  what the kappa means: the conventional band of the recomputed kappa and a sentence

The claims to classify or re-code come from the check call's context
(``claims=[...]``, ``claim="..."``); nothing here names a claim.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import Any

import pandas as pd

# Loaders from peacekit.data directly (see lesson01.py for why).
from peacekit import data as _data
from peacekit._values import friendly_type, safe_repr
from peacekit.checks._shapes import is_placeholder, need_id_list, need_mapping
from peacekit.checks.core import NotYet, exercise, need_choice, reworded
from peacekit.stats import cohen_kappa, kappa_words

__all__: list[str] = []

CLAIM_TYPES = ("fact", "cause", "value", "policy", "prediction")
EVIDENCE_TYPES = ("precedent", "statistic", "expert", "official", "analogy", "none")
KAPPA_BANDS = ("worse than chance", "slight", "fair", "moderate", "substantial", "almost perfect")


def _context_claims(context: Mapping[str, Any], *, exercise_id: str) -> list[str]:
    try:
        ids = need_id_list(context.get("claims"), kind="claim_id")
    except NotYet:
        ids = []
    if not ids:
        raise NotYet(f"the check cell should list the claims: check(\"{exercise_id}\", answer, claims=[...]).")
    known = set(_data.claims()["claim_id"].astype("string"))
    unknown = [i for i in ids if i not in known]
    if unknown:
        raise NotYet(f"{safe_repr(unknown[0])} in the check cell is not a claim_id; restore the cell as it was.")
    return ids


def _coded_answer(
    answer: object, ids: list[str], *, what: str
) -> dict[str, Any]:
    """Check that ``answer`` is a dict with exactly the claim ids ``ids`` as keys."""
    with reworded(after=" Give {\"C0..\": ..., ...} with one entry per claim."):
        codes = need_mapping(answer, what=what)
    keys = [k.strip() if isinstance(k, str) else k for k in codes]
    extra = [k for k in keys if k not in ids]
    if extra:
        raise NotYet(f"{safe_repr(extra[0])} is not one of the claims to code; use exactly the claim_ids given.")
    missing = [i for i in ids if i not in keys]
    if missing:
        raise NotYet(f"{missing[0]} has no code yet; give one entry for each of the {len(ids)} claims.")
    return {k.strip() if isinstance(k, str) else k: v for k, v in codes.items()}


# ---------------------------------------------------------------- 3.1
@exercise(
    "3.1",
    what="for every claim listed, your claim type equals the kit's coding in claims.csv (claim_type)",
    hints=[
        "Read each quote with the codebook's table in mind: fact (is/was), cause (X brought about Y), value "
        "(good/bad/legitimate), policy (should/must, demands), prediction (will/would/could, 'impossible').",
        "Ask what the sentence does in the argument. 'Would' makes a prediction even when the topic is a "
        "policy; 'should' makes a policy even when the topic is a fact.",
        "Compare your answers with pk.claims() only after you have decided; where you disagree, read the "
        "codebook's section 4 on mixed sentences.",
    ],
)
def _claim_types(answer: object, **context: Any) -> None:
    ids = _context_claims(context, exercise_id="3.1")
    codes = _coded_answer(answer, ids, what="your answer")
    if any(is_placeholder(v) for v in codes.values()):
        raise NotYet("replace every ... with a claim type.")
    kit = _data.claims().set_index("claim_id")["claim_type"].astype("string")
    wrong: list[str] = []
    for claim_id in ids:
        with reworded(before=f"for {claim_id}: "):
            need_choice(codes[claim_id], CLAIM_TYPES)
        if " ".join(str(codes[claim_id]).split()).lower() != str(kit[claim_id]):
            wrong.append(claim_id)
    if wrong:
        raise NotYet(
            f"{len(wrong)} of {len(ids)} differ from the kit's coding, for example {wrong[0]}; reread its quote: "
            "what does the sentence assert?"
        )


# ---------------------------------------------------------------- 3.2
@exercise(
    "3.2",
    what=(
        "your evidence type equals the claim's evidence_type in claims.csv, and your event_id is one of the "
        "timeline events the claim is linked to"
    ),
    hints=[
        "What does the quote offer in support of itself? A past agreement of the same kind is a precedent; "
        "a comparison with something of a different kind is an analogy.",
        "Search the timeline for the document or event the quote names: "
        "t[t[\"event\"].str.contains(\"a word from the quote\", case=False)] shows the matching rows "
        "(case=False also finds \"Budapest\" when you type \"budapest\"); copy the event_id.",
        "You can confirm afterwards: pk.claims() has evidence_type and event_ids columns for every claim.",
    ],
)
def _evidence(answer: object, **context: Any) -> None:
    claim_id = context.get("claim")
    claims = _data.claims().set_index("claim_id")
    if not isinstance(claim_id, str) or claim_id not in claims.index:
        raise NotYet("the check cell should name the claim: check(\"3.2\", evidence, claim=\"C0..\").")
    with reworded(after=" Give {\"evidence_type\": \"...\", \"event_id\": \"...\"}."):
        parts = need_mapping(answer, what="your answer")
    evidence_type, event_id = parts.get("evidence_type"), parts.get("event_id")
    if is_placeholder(evidence_type) or (is_placeholder(event_id) and "event_id" not in parts):
        raise NotYet("give both parts: {\"evidence_type\": \"...\", \"event_id\": \"...\"}.")
    if event_id is Ellipsis:
        raise NotYet("replace the ... in event_id.")
    row = claims.loc[claim_id]
    with reworded(before="evidence type: ", after=f" Which of the six kinds does {claim_id} rest on?"):
        need_choice(evidence_type, EVIDENCE_TYPES, correct=str(row["evidence_type"]))
    linked = [e.strip() for e in str(row["event_ids"]).split(";") if e.strip()] if not pd.isna(row["event_ids"]) else []
    if not linked:
        if event_id in (None, ""):
            return None
        raise NotYet(f"{claim_id} is not linked to any timeline event; give event_id None.")
    if not isinstance(event_id, str):
        raise NotYet(f"give the event_id as text; you gave a {friendly_type(event_id)}.")
    event_id = event_id.strip()
    timeline = set(_data.timeline()["event_id"].astype("string"))
    if event_id not in timeline:
        raise NotYet(f"{safe_repr(event_id)} is not an event_id in pk.timeline(); copy it from the claim's event_ids.")
    if event_id not in linked:
        raise NotYet(f"{event_id} is on the timeline, but {claim_id} does not refer to it; read the claim's event_ids.")


# ---------------------------------------------------------------- 3.3
def _shares(answer: object) -> dict[str, float]:
    shape = (
        "one number per source: a Series indexed by source_id, such as "
        "pd.crosstab(c[\"source_id\"], c[\"speaker_role\"], normalize=\"index\")[\"reported\"] gives"
    )
    if isinstance(answer, pd.DataFrame):
        frame = answer.set_index("source_id") if "source_id" in answer.columns else answer
        if "reported" not in frame.columns:
            raise NotYet(f"your table has no column 'reported'; give {shape}.")
        answer = frame["reported"]
    if isinstance(answer, pd.Series):
        pairs = list(answer.items())
    elif isinstance(answer, Mapping):
        pairs = list(answer.items())
    else:
        raise NotYet(f"give {shape}; you gave a {friendly_type(answer)}.")
    shares: dict[str, float] = {}
    for key, value in pairs:
        if isinstance(value, bool):
            raise NotYet(f"the share for {safe_repr(key)} should be a number.")
        try:
            number = float(value)
        except (TypeError, ValueError):
            raise NotYet(f"the share for {safe_repr(key)} should be a number, not {safe_repr(value)}.")
        if math.isnan(number):
            raise NotYet(f"the share for {safe_repr(key)} is missing (NaN).")
        shares[str(key)] = number
    return shares


@exercise(
    "3.3",
    what=(
        "for every source, your number equals the share (0 to 1) of its claims in pk.claims() whose "
        "speaker_role is \"reported\" (to 0.01)"
    ),
    hints=[
        "Start from c = pk.claims(). pd.crosstab(c[\"source_id\"], c[\"speaker_role\"]) counts the claims "
        "of each source by role; normalize=\"index\" turns each row into shares that add up to 1.",
        "reported_share = pd.crosstab(c[\"source_id\"], c[\"speaker_role\"], normalize=\"index\")[\"reported\"]",
    ],
)
def _reported_share(answer: object, **context: Any) -> None:
    got = _shares(answer)
    c = _data.claims()
    reported = c["speaker_role"].astype("string").eq("reported")
    expected = {str(k): float(v) for k, v in reported.groupby(c["source_id"].astype("string")).mean().items()}
    unknown = sorted(set(got) - set(expected))
    if unknown:
        raise NotYet(f"{safe_repr(unknown[0])} is not a source_id of pk.claims(); index your answer by source_id.")
    missing = sorted(set(expected) - set(got))
    if missing:
        raise NotYet(f"{missing[0]} is missing; give a share for every source.")
    if any(v > 1 for v in got.values()):
        if all(abs(got[k] - 100 * v) <= 1 for k, v in expected.items()):
            raise NotYet("those are percentages; give shares from 0 to 1 (divide by 100).")
        counts = c[reported].groupby(c["source_id"].astype("string")).size()
        if all(abs(got[k] - counts.get(k, 0)) < 0.5 for k in expected):
            raise NotYet("those are counts of reported claims; divide each by the source's number of claims.")
        raise NotYet("a share is between 0 and 1.")
    if all(abs(got[k] - (1 - v)) <= 0.01 for k, v in expected.items()):
        raise NotYet("those are the authors' shares; the question asks for the share of reported claims.")
    wrong = [k for k, v in expected.items() if abs(got[k] - v) > 0.01]
    if wrong:
        raise NotYet(f"the share for {wrong[0]} is not right; divide its reported claims by all its claims.")


# ---------------------------------------------------------------- 3.4
def _student_codes(answer: object, ids: list[str]) -> list[int]:
    if is_placeholder(answer):
        raise NotYet("replace the ... in my_codes with your stance for each claim.")
    codes = _coded_answer(answer, ids, what="my_codes")
    values: list[int] = []
    for claim_id in ids:
        value = codes[claim_id]
        if is_placeholder(value):
            raise NotYet(f"give a stance for {claim_id} (replace the ... with a number from -2 to 2).")
        if isinstance(value, bool) or not isinstance(value, (int, float)) or isinstance(value, float) and not value.is_integer():
            raise NotYet(f"the stance for {claim_id} should be a whole number from -2 to 2, not {safe_repr(value)}.")
        if int(value) not in (-2, -1, 0, 1, 2):
            raise NotYet(f"the stance for {claim_id} should be between -2 and 2; you gave {value}.")
        values.append(int(value))
    return values


def _kit_codes(ids: list[str]) -> list[int]:
    stance = _data.claims().set_index("claim_id")["stance"]
    uncoded = [i for i in ids if pd.isna(stance[i])]
    if uncoded:
        raise NotYet(f"{uncoded[0]} has no stance in the kit's coding (descriptive); restore the check cell's list.")
    return [int(stance[i]) for i in ids]


@exercise(
    "3.4",
    what=(
        "you coded a stance from -2 to 2 for every listed claim, and your kappa equals Cohen's kappa "
        "(unweighted) between your codes and the kit's, recomputed from both (to 0.01)"
    ),
    hints=[
        "First code each claim yourself from its quote and the theme's proposition, without looking at the "
        "kit's stance column. Then put the kit's codes and yours in two lists, in the same claim order.",
        "kappa = pk.cohen_kappa(kit_codes, mine), where kit_codes = [kit stance of each claim] and mine = "
        "[my_codes[i] for i in ten], in the same order.",
    ],
)
def _recode(answer: object, **context: Any) -> None:
    ids = _context_claims(context, exercise_id="3.4")
    with reworded(after=" Give {\"codes\": my_codes, \"kappa\": kappa}."):
        parts = need_mapping(answer, what="your answer")
    if "codes" not in parts and "kappa" not in parts:
        raise NotYet(
            "the check needs both your codes and your kappa, in one dictionary: "
            "check(\"3.4\", {\"codes\": my_codes, \"kappa\": kappa}, claims=ten)."
        )
    mine = _student_codes(parts.get("codes"), ids)
    kit = _kit_codes(ids)
    kappa = parts.get("kappa")
    if is_placeholder(kappa):
        raise NotYet("now compute kappa from your codes and the kit's (replace the ... in kappa).")
    if isinstance(kappa, bool) or not isinstance(kappa, (int, float)):
        raise NotYet(f"kappa should be a number; you gave a {friendly_type(kappa)}.")
    try:
        expected = cohen_kappa(kit, mine)
    except ValueError as exc:
        raise NotYet(str(exc))
    if abs(float(kappa) - expected) <= 0.01:
        return None
    for weights in ("linear", "quadratic"):
        try:
            if abs(float(kappa) - cohen_kappa(kit, mine, weights=weights)) <= 0.01:
                raise NotYet(f"that is the {weights}-weighted kappa; the question asks for the plain (unweighted) one.")
        except ValueError:
            pass
    agreement = sum(a == b for a, b in zip(kit, mine)) / len(kit)
    if abs(float(kappa) - agreement) <= 0.01 or abs(float(kappa) - 100 * agreement) <= 0.5:
        raise NotYet("that is the share of claims you agree on (percent agreement); kappa also corrects for chance.")
    raise NotYet("your kappa does not match your codes; compute it with pk.cohen_kappa(kit_codes, mine), same claim order.")


# ---------------------------------------------------------------- 3.5
def band_of(kappa: float) -> str:
    """Return the Landis & Koch band of ``kappa`` rounded to two decimals.

    The bands as the lesson states them: below 0.00 worse than chance,
    0.00–0.20 slight, 0.21–0.40 fair, 0.41–0.60 moderate, 0.61–0.80
    substantial, 0.81–1.00 almost perfect. Rounding first means a kappa
    printed as 0.6000000000000001 is "moderate", as a reader of 0.60 expects.
    """
    return kappa_words(round(float(kappa), 2))


@exercise(
    "3.5",
    what=(
        "your band is the conventional reading (Landis & Koch) of the kappa recomputed from your codes, "
        "and you explained it in at least one full sentence of 8 words or more (your explanation is for "
        "your teacher to read)"
    ),
    hints=[
        "Round your kappa to two decimals, then: below 0.00 worse than chance; 0.00–0.20 slight; "
        "0.21–0.40 fair; 0.41–0.60 moderate; 0.61–0.80 substantial; 0.81–1.00 almost perfect.",
        "In 'meaning', say what kappa measures (agreement beyond chance) and what your disagreements were about.",
    ],
)
def _meaning(answer: object, **context: Any) -> None:
    ids = _context_claims(context, exercise_id="3.5")
    with reworded(before="first finish 3.4: "):
        mine = _student_codes(context.get("codes"), ids)
    kit = _kit_codes(ids)
    with reworded(after=" Give {\"band\": \"...\", \"meaning\": \"...\"}."):
        parts = need_mapping(answer, what="your answer")
    band, meaning = parts.get("band"), parts.get("meaning")
    if is_placeholder(band) or is_placeholder(meaning):
        raise NotYet("replace the ... in band and in meaning.")
    try:
        expected = band_of(cohen_kappa(kit, mine))
    except ValueError as exc:
        raise NotYet(str(exc))
    with reworded(before="band: ", after=" Look up your kappa in the bands (hint 1)."):
        need_choice(band, KAPPA_BANDS, correct=expected)
    if not isinstance(meaning, str) or len(meaning.split()) < 8:
        raise NotYet("write at least one full sentence (8 words or more) in meaning.")
