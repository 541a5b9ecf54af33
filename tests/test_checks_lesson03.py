"""The checkers of lesson 03 accept the solution's answers and reject typical mistakes.

Claims are picked from the data by their codes (a claim of each type, a claim
with a linked event, claims with varied stances), so the tests follow a
re-coding of claims.csv.
"""

from __future__ import annotations

import pandas as pd
import pytest

from peacekit import data
from peacekit.checks import check
from peacekit.checks.core import registered
from peacekit.stats import cohen_kappa, kappa_words

EX = registered(3)


def run(exercise_id: str, answer: object, **context: object) -> str | None:
    return EX[exercise_id].verdict(answer, **context)



def claims() -> pd.DataFrame:
    return data.claims()


# ---------------------------------------------------------------- 3.1
def one_per_type() -> dict[str, str]:
    c = claims()
    return {str(c[c["claim_type"] == t]["claim_id"].iloc[0]): t for t in ("fact", "cause", "value", "policy", "prediction")}


def test_31_accepts_the_kit_coding():
    answer = one_per_type()
    assert run("3.1", answer, claims=list(answer)) is None
    shouting = {k: f"  {v.upper()} " for k, v in answer.items()}
    assert run("3.1", shouting, claims=list(answer)) is None


def test_31_rejects_wrong_types_missing_and_extra_claims():
    answer = one_per_type()
    ids = list(answer)
    swapped = dict(answer)
    swapped[ids[0]], swapped[ids[1]] = answer[ids[1]], answer[ids[0]]
    assert "differ" in run("3.1", swapped, claims=ids)
    assert "not one of the choices" in run("3.1", {**answer, ids[0]: "opinion"}, claims=ids)
    assert "has no code" in run("3.1", {k: v for k, v in answer.items() if k != ids[0]}, claims=ids)
    assert "not one of the claims" in run("3.1", {**answer, "C999": "fact"}, claims=ids)
    assert "replace every" in run("3.1", {k: ... for k in ids}, claims=ids)
    assert "list the claims" in run("3.1", answer)


# ---------------------------------------------------------------- 3.2
def linked_claim() -> pd.Series:
    c = claims()
    return c[c["event_ids"].notna() & (c["evidence_type"] != "none")].iloc[0]


def test_32_accepts_type_and_linked_event():
    row = linked_claim()
    event = row["event_ids"].split(";")[0]
    assert run("3.2", {"evidence_type": row["evidence_type"], "event_id": event}, claim=row["claim_id"]) is None


def test_32_rejects_wrong_type_and_unlinked_or_unknown_events():
    row = linked_claim()
    event = row["event_ids"].split(";")[0]
    other_type = next(t for t in ("precedent", "statistic", "analogy") if t != row["evidence_type"])
    assert "evidence type" in run("3.2", {"evidence_type": other_type, "event_id": event}, claim=row["claim_id"])
    t = data.timeline()
    unlinked = t[~t["event_id"].isin(row["event_ids"].split(";"))]["event_id"].iloc[0]
    assert "does not refer" in run(
        "3.2", {"evidence_type": row["evidence_type"], "event_id": unlinked}, claim=row["claim_id"]
    )
    assert "not an event_id" in run(
        "3.2", {"evidence_type": row["evidence_type"], "event_id": "nowhere-1999"}, claim=row["claim_id"]
    )
    assert "both parts" in run("3.2", {"event_id": event}, claim=row["claim_id"])
    assert "name the claim" in run("3.2", {"evidence_type": "none", "event_id": event})


def test_32_claim_without_events_wants_none():
    c = claims()
    row = c[c["event_ids"].isna()].iloc[0]
    assert run("3.2", {"evidence_type": row["evidence_type"], "event_id": None}, claim=row["claim_id"]) is None
    some_event = data.timeline()["event_id"].iloc[0]
    assert "not linked" in run(
        "3.2", {"evidence_type": row["evidence_type"], "event_id": some_event}, claim=row["claim_id"]
    )


# ---------------------------------------------------------------- 3.3
def solution_33() -> pd.Series:
    c = claims()
    return pd.crosstab(c["source_id"], c["speaker_role"], normalize="index")["reported"]


def test_33_accepts_series_frame_and_dict():
    assert run("3.3", solution_33()) is None
    c = claims()
    assert run("3.3", pd.crosstab(c["source_id"], c["speaker_role"], normalize="index")) is None
    assert run("3.3", dict(solution_33())) is None
    manual = (c["speaker_role"] == "reported").groupby(c["source_id"]).mean()
    assert run("3.3", manual) is None


def test_33_rejects_counts_percentages_and_author_shares():
    c = claims()
    assert "percentages" in run("3.3", solution_33() * 100)
    counts = pd.crosstab(c["source_id"], c["speaker_role"])["reported"]
    if (counts > 1).any():
        assert "counts" in run("3.3", counts)
    assert "authors' shares" in run("3.3", 1 - solution_33())
    assert "missing" in run("3.3", solution_33().iloc[1:])
    assert "no column 'reported'" in run("3.3", pd.crosstab(c["source_id"], c["claim_type"]))


# ---------------------------------------------------------------- 3.4 / 3.5
def ten_varied() -> list[str]:
    """Ten claims with a stance, covering several stance values."""
    c = claims()
    stanced = c[c["stance"].notna()]
    picked: list[str] = []
    for value in (-2, -1, 0, 1, 2, -2, -1, 0, 1, 2):
        pool = stanced[(stanced["stance"] == value) & ~stanced["claim_id"].isin(picked)]
        if len(pool):
            picked.append(str(pool["claim_id"].iloc[0]))
    for claim_id in stanced["claim_id"]:
        if len(picked) == 10:
            break
        if claim_id not in picked:
            picked.append(str(claim_id))
    return picked


def kit(ids: list[str]) -> list[int]:
    stance = claims().set_index("claim_id")["stance"]
    return [int(stance[i]) for i in ids]


def my_codes(ids: list[str]) -> dict[str, int]:
    codes = dict(zip(ids, kit(ids)))
    codes[ids[0]] = max(-2, min(2, codes[ids[0]] + (1 if codes[ids[0]] < 2 else -1)))
    codes[ids[1]] = 0 if codes[ids[1]] != 0 else 1
    return codes


def test_34_accepts_the_recomputed_kappa():
    ids = ten_varied()
    codes = my_codes(ids)
    kappa = cohen_kappa(kit(ids), [codes[i] for i in ids])
    assert run("3.4", {"codes": codes, "kappa": kappa}, claims=ids) is None
    assert run("3.4", {"codes": codes, "kappa": round(kappa, 2)}, claims=ids) is None
    perfect = dict(zip(ids, kit(ids)))
    assert run("3.4", {"codes": perfect, "kappa": 1.0}, claims=ids) is None


def test_34_rejects_weighted_percent_and_wrong_kappa_and_bad_codes():
    ids = ten_varied()
    codes = my_codes(ids)
    mine = [codes[i] for i in ids]
    weighted = cohen_kappa(kit(ids), mine, weights="linear")
    plain = cohen_kappa(kit(ids), mine)
    if abs(weighted - plain) > 0.01:
        assert "weighted" in run("3.4", {"codes": codes, "kappa": weighted}, claims=ids)
    agreement = sum(a == b for a, b in zip(kit(ids), mine)) / len(ids)
    assert "percent agreement" in run("3.4", {"codes": codes, "kappa": agreement}, claims=ids)
    assert "does not match" in run("3.4", {"codes": codes, "kappa": -0.9}, claims=ids)
    assert "between -2 and 2" in run("3.4", {"codes": {**codes, ids[0]: 3}, "kappa": plain}, claims=ids)
    assert "whole number" in run("3.4", {"codes": {**codes, ids[0]: "for"}, "kappa": plain}, claims=ids)
    assert "has no code" in run("3.4", {"codes": {k: v for k, v in codes.items() if k != ids[0]}, "kappa": plain}, claims=ids)
    assert "replace the ... in kappa" in run("3.4", {"codes": codes, "kappa": ...}, claims=ids)
    assert "replace the ... in my_codes" in run("3.4", {"codes": ..., "kappa": ...}, claims=ids)


def test_34_refuses_descriptive_claims_in_the_context():
    c = claims()
    descriptive = c[c["stance"].isna()]["claim_id"].iloc[0]
    ids = ten_varied()[:9] + [descriptive]
    codes = {i: 0 for i in ids}
    assert "no stance" in run("3.4", {"codes": codes, "kappa": 0.0}, claims=ids)


def test_35_band_follows_the_recomputed_kappa():
    ids = ten_varied()
    codes = my_codes(ids)
    band = kappa_words(cohen_kappa(kit(ids), [codes[i] for i in ids]))
    meaning = "We agree well beyond chance, with disagreements only about the strength of a few claims."
    assert run("3.5", {"band": band, "meaning": meaning}, claims=ids, codes=codes) is None
    other = next(b for b in ("slight", "almost perfect") if b != band)
    assert "not the right one" in run("3.5", {"band": other, "meaning": meaning}, claims=ids, codes=codes)
    assert "sentence" in run("3.5", {"band": band, "meaning": "ok"}, claims=ids, codes=codes)
    assert "finish 3.4" in run("3.5", {"band": band, "meaning": meaning}, claims=ids, codes=...)


# ---------------------------------------------------------------- never raises
@pytest.mark.parametrize("exercise_id", ["3.1", "3.2", "3.3", "3.4", "3.5"])
@pytest.mark.parametrize(
    "answer",
    [..., None, 0, "text", [], {}, [None], {"a": None}, {"codes": {}, "kappa": "x"}, pd.DataFrame(), object()],
)
def test_check_never_raises(exercise_id, answer, capsys):
    ids = ten_varied()
    result = check(exercise_id, answer, claims=ids, claim=ids[0], codes=my_codes(ids))
    assert not result
    assert "not yet" in capsys.readouterr().out


# ---------------------------------------------------------------- fixes after the beginner's read-through
def test_34_codes_alone_ask_for_the_dictionary_with_codes_and_kappa():
    claims = data.claims()
    ids = [str(i) for i in claims.loc[claims["stance"].notna(), "claim_id"].head(10)]
    codes = {i: 0 for i in ids}
    message = EX["3.4"].verdict(codes, claims=ids)
    assert '{"codes": my_codes, "kappa": kappa}' in message


def test_35_bands_use_the_kappa_rounded_to_two_decimals():
    from peacekit.checks.lesson03 import band_of

    assert band_of(0.5000000000000001) == "moderate"
    assert band_of(0.6000000000000001) == "moderate"
    assert band_of(0.61) == "substantial"
    assert band_of(0.2) == "slight"
    assert band_of(0.21) == "fair"
    assert band_of(-0.01) == "worse than chance"
