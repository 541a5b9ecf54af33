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
from peacekit.checks._shapes import as_id_list, as_mapping, is_placeholder, type_name
from peacekit.checks.core import choice_problem, exercise, safe_repr
from peacekit.stats import cohen_kappa, kappa_words

__all__: list[str] = []

CLAIM_TYPES = ("fact", "cause", "value", "policy", "prediction")
EVIDENCE_TYPES = ("precedent", "statistic", "expert", "official", "analogy", "none")
KAPPA_BANDS = ("worse than chance", "slight", "fair", "moderate", "substantial", "almost perfect")


def _context_claims(context: Mapping[str, Any], *, exercise_id: str) -> tuple[list[str] | None, str | None]:
    ids, problem = as_id_list(context.get("claims"), kind="claim_id")
    if problem or not ids:
        return None, f"the check cell should list the claims: check(\"{exercise_id}\", answer, claims=[...])."
    known = set(_data.claims()["claim_id"].astype("string"))
    unknown = [i for i in ids if i not in known]
    if unknown:
        return None, f"{safe_repr(unknown[0])} in the check cell is not a claim_id; restore the cell as it was."
    return ids, None


def _coded_answer(
    answer: object, ids: list[str], *, what: str
) -> tuple[dict[str, Any] | None, str | None]:
    """Check that ``answer`` is a dict with exactly the claim ids ``ids`` as keys."""
    codes, problem = as_mapping(answer, what=what)
    if problem:
        return None, problem + " Give {\"C0..\": ..., ...} with one entry per claim."
    assert codes is not None
    keys = [k.strip() if isinstance(k, str) else k for k in codes]
    extra = [k for k in keys if k not in ids]
    if extra:
        return None, f"{safe_repr(extra[0])} is not one of the claims to code; use exactly the claim_ids given."
    missing = [i for i in ids if i not in keys]
    if missing:
        return None, f"{missing[0]} has no code yet; give one entry for each of the {len(ids)} claims."
    return {k.strip() if isinstance(k, str) else k: v for k, v in codes.items()}, None


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
def _claim_types(answer: object, **context: Any) -> str | None:
    ids, problem = _context_claims(context, exercise_id="3.1")
    if problem:
        return problem
    assert ids is not None
    codes, problem = _coded_answer(answer, ids, what="your answer")
    if problem:
        return problem
    assert codes is not None
    if any(is_placeholder(v) for v in codes.values()):
        return "replace every ... with a claim type."
    kit = _data.claims().set_index("claim_id")["claim_type"].astype("string")
    wrong: list[str] = []
    for claim_id in ids:
        problem = choice_problem(codes[claim_id], CLAIM_TYPES)
        if problem:
            return f"for {claim_id}: {problem}"
        if " ".join(str(codes[claim_id]).split()).lower() != str(kit[claim_id]):
            wrong.append(claim_id)
    if wrong:
        return (
            f"{len(wrong)} of {len(ids)} differ from the kit's coding, for example {wrong[0]}; reread its quote: "
            "what does the sentence assert?"
        )
    return None


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
def _evidence(answer: object, **context: Any) -> str | None:
    claim_id = context.get("claim")
    claims = _data.claims().set_index("claim_id")
    if not isinstance(claim_id, str) or claim_id not in claims.index:
        return "the check cell should name the claim: check(\"3.2\", evidence, claim=\"C0..\")."
    parts, problem = as_mapping(answer, what="your answer")
    if problem:
        return problem + " Give {\"evidence_type\": \"...\", \"event_id\": \"...\"}."
    assert parts is not None
    evidence_type, event_id = parts.get("evidence_type"), parts.get("event_id")
    if is_placeholder(evidence_type) or (is_placeholder(event_id) and "event_id" not in parts):
        return "give both parts: {\"evidence_type\": \"...\", \"event_id\": \"...\"}."
    if event_id is Ellipsis:
        return "replace the ... in event_id."
    row = claims.loc[claim_id]
    problem = choice_problem(evidence_type, EVIDENCE_TYPES, correct=str(row["evidence_type"]))
    if problem:
        return f"evidence type: {problem} Which of the six kinds does {claim_id} rest on?"
    linked = [e.strip() for e in str(row["event_ids"]).split(";") if e.strip()] if not pd.isna(row["event_ids"]) else []
    if not linked:
        if event_id in (None, ""):
            return None
        return f"{claim_id} is not linked to any timeline event; give event_id None."
    if not isinstance(event_id, str):
        return f"give the event_id as text; you gave a {type_name(event_id)}."
    event_id = event_id.strip()
    timeline = set(_data.timeline()["event_id"].astype("string"))
    if event_id not in timeline:
        return f"{safe_repr(event_id)} is not an event_id in pk.timeline(); copy it from the claim's event_ids."
    if event_id not in linked:
        return f"{event_id} is on the timeline, but {claim_id} does not refer to it; read the claim's event_ids."
    return None


# ---------------------------------------------------------------- 3.3
def _shares(answer: object) -> tuple[dict[str, float] | None, str | None]:
    shape = (
        "one number per source: a Series indexed by source_id, such as "
        "pd.crosstab(c[\"source_id\"], c[\"speaker_role\"], normalize=\"index\")[\"reported\"] gives"
    )
    if isinstance(answer, pd.DataFrame):
        frame = answer.set_index("source_id") if "source_id" in answer.columns else answer
        if "reported" not in frame.columns:
            return None, f"your table has no column 'reported'; give {shape}."
        answer = frame["reported"]
    if isinstance(answer, pd.Series):
        pairs = list(answer.items())
    elif isinstance(answer, Mapping):
        pairs = list(answer.items())
    else:
        return None, f"give {shape}; you gave a {type_name(answer)}."
    shares: dict[str, float] = {}
    for key, value in pairs:
        if isinstance(value, bool):
            return None, f"the share for {safe_repr(key)} should be a number."
        try:
            number = float(value)
        except (TypeError, ValueError):
            return None, f"the share for {safe_repr(key)} should be a number, not {safe_repr(value)}."
        if math.isnan(number):
            return None, f"the share for {safe_repr(key)} is missing (NaN)."
        shares[str(key)] = number
    return shares, None


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
def _reported_share(answer: object, **context: Any) -> str | None:
    got, problem = _shares(answer)
    if problem:
        return problem
    assert got is not None
    c = _data.claims()
    reported = c["speaker_role"].astype("string").eq("reported")
    expected = {str(k): float(v) for k, v in reported.groupby(c["source_id"].astype("string")).mean().items()}
    unknown = sorted(set(got) - set(expected))
    if unknown:
        return f"{safe_repr(unknown[0])} is not a source_id of pk.claims(); index your answer by source_id."
    missing = sorted(set(expected) - set(got))
    if missing:
        return f"{missing[0]} is missing; give a share for every source."
    if any(v > 1 for v in got.values()):
        if all(abs(got[k] - 100 * v) <= 1 for k, v in expected.items()):
            return "those are percentages; give shares from 0 to 1 (divide by 100)."
        counts = c[reported].groupby(c["source_id"].astype("string")).size()
        if all(abs(got[k] - counts.get(k, 0)) < 0.5 for k in expected):
            return "those are counts of reported claims; divide each by the source's number of claims."
        return "a share is between 0 and 1."
    if all(abs(got[k] - (1 - v)) <= 0.01 for k, v in expected.items()):
        return "those are the authors' shares; the question asks for the share of reported claims."
    wrong = [k for k, v in expected.items() if abs(got[k] - v) > 0.01]
    if wrong:
        return f"the share for {wrong[0]} is not right; divide its reported claims by all its claims."
    return None


# ---------------------------------------------------------------- 3.4
def _student_codes(answer: object, ids: list[str]) -> tuple[list[int] | None, str | None]:
    if is_placeholder(answer):
        return None, "replace the ... in my_codes with your stance for each claim."
    codes, problem = _coded_answer(answer, ids, what="my_codes")
    if problem:
        return None, problem
    assert codes is not None
    values: list[int] = []
    for claim_id in ids:
        value = codes[claim_id]
        if is_placeholder(value):
            return None, f"give a stance for {claim_id} (replace the ... with a number from -2 to 2)."
        if isinstance(value, bool) or not isinstance(value, (int, float)) or isinstance(value, float) and not value.is_integer():
            return None, f"the stance for {claim_id} should be a whole number from -2 to 2, not {safe_repr(value)}."
        if int(value) not in (-2, -1, 0, 1, 2):
            return None, f"the stance for {claim_id} should be between -2 and 2; you gave {value}."
        values.append(int(value))
    return values, None


def _kit_codes(ids: list[str]) -> tuple[list[int] | None, str | None]:
    stance = _data.claims().set_index("claim_id")["stance"]
    uncoded = [i for i in ids if pd.isna(stance[i])]
    if uncoded:
        return None, f"{uncoded[0]} has no stance in the kit's coding (descriptive); restore the check cell's list."
    return [int(stance[i]) for i in ids], None


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
def _recode(answer: object, **context: Any) -> str | None:
    ids, problem = _context_claims(context, exercise_id="3.4")
    if problem:
        return problem
    assert ids is not None
    parts, problem = as_mapping(answer, what="your answer")
    if problem:
        return problem + " Give {\"codes\": my_codes, \"kappa\": kappa}."
    assert parts is not None
    if "codes" not in parts and "kappa" not in parts:
        return (
            "the check needs both your codes and your kappa, in one dictionary: "
            "check(\"3.4\", {\"codes\": my_codes, \"kappa\": kappa}, claims=ten)."
        )
    mine, problem = _student_codes(parts.get("codes"), ids)
    if problem:
        return problem
    kit, problem = _kit_codes(ids)
    if problem:
        return problem
    assert mine is not None and kit is not None
    kappa = parts.get("kappa")
    if is_placeholder(kappa):
        return "now compute kappa from your codes and the kit's (replace the ... in kappa)."
    if isinstance(kappa, bool) or not isinstance(kappa, (int, float)):
        return f"kappa should be a number; you gave a {type_name(kappa)}."
    try:
        expected = cohen_kappa(kit, mine)
    except ValueError as exc:
        return str(exc)
    if abs(float(kappa) - expected) <= 0.01:
        return None
    for weights in ("linear", "quadratic"):
        try:
            if abs(float(kappa) - cohen_kappa(kit, mine, weights=weights)) <= 0.01:
                return f"that is the {weights}-weighted kappa; the question asks for the plain (unweighted) one."
        except ValueError:
            pass
    agreement = sum(a == b for a, b in zip(kit, mine)) / len(kit)
    if abs(float(kappa) - agreement) <= 0.01 or abs(float(kappa) - 100 * agreement) <= 0.5:
        return "that is the share of claims you agree on (percent agreement); kappa also corrects for chance."
    return "your kappa does not match your codes; compute it with pk.cohen_kappa(kit_codes, mine), same claim order."


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
def _meaning(answer: object, **context: Any) -> str | None:
    ids, problem = _context_claims(context, exercise_id="3.5")
    if problem:
        return problem
    assert ids is not None
    mine, problem = _student_codes(context.get("codes"), ids)
    if problem:
        return "first finish 3.4: " + problem
    kit, problem = _kit_codes(ids)
    if problem:
        return problem
    assert mine is not None and kit is not None
    parts, problem = as_mapping(answer, what="your answer")
    if problem:
        return problem + " Give {\"band\": \"...\", \"meaning\": \"...\"}."
    assert parts is not None
    band, meaning = parts.get("band"), parts.get("meaning")
    if is_placeholder(band) or is_placeholder(meaning):
        return "replace the ... in band and in meaning."
    try:
        expected = band_of(cohen_kappa(kit, mine))
    except ValueError as exc:
        return str(exc)
    problem = choice_problem(band, KAPPA_BANDS, correct=expected)
    if problem:
        return f"band: {problem} Look up your kappa in the bands (hint 1)."
    if not isinstance(meaning, str) or len(meaning.split()) < 8:
        return "write at least one full sentence (8 words or more) in meaning."
    return None
