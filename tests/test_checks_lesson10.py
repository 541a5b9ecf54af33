"""Unit tests for the lesson 10 checkers (peacekit/checks/lesson10.py).

Each checker passes an answer computed the way the solution computes it and
rejects typical wrong answers. The tests run on the synthetic corroboration
fixture (``tests/fixtures/corrob``, chosen through ``PEACEKIT_DATA``) and, when
the shipped data has both sides for the lesson's party and theme, on the
shipped data too; no expected id or number is written by hand.
"""

from __future__ import annotations

import csv
import json
import os
from fractions import Fraction
from pathlib import Path

import pytest

import peacekit as pk
from peacekit.checks.core import registered
from peacekit.checks.lesson10 import MIN_WHY_WORDS, VERDICTS
from nbhelpers import run_check as _run

ROOT = Path(__file__).resolve().parent.parent
CORROB = ROOT / "tests" / "fixtures" / "corrob"


def _lesson_pair() -> tuple[str, str]:
    """The party and theme the solution notebook sets (read from its first cells, not written here)."""
    nb = json.loads((ROOT / "solutions" / "10-in-their-own-words.ipynb").read_text(encoding="utf-8"))
    scope: dict = {}
    for cell in nb["cells"]:
        src = "".join(cell["source"])
        if cell["cell_type"] == "code" and src.lstrip().startswith("party ="):
            exec(src.split("\n\n")[0], scope)  # noqa: S102 - our own notebook's two assignments
            break
    return scope["party"], scope["theme"]


def _shipped_has_both_sides() -> bool:
    party, theme = _lesson_pair()
    sides = set(pk.corroborate(party, theme, path=ROOT / "datasets")["side"])
    return sides == {"own words", "account"}




@pytest.fixture(params=["fixture", "shipped"])
def pair(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> tuple[str, str]:
    if request.param == "fixture":
        monkeypatch.setenv("PEACEKIT_DATA", str(CORROB))
        return "gov-a", "t-alpha"
    if not _shipped_has_both_sides():
        pytest.skip("the shipped data has no primary document of the lesson's party on its theme yet")
    monkeypatch.delenv("PEACEKIT_DATA", raising=False)
    return _lesson_pair()


def _both(pair: tuple[str, str]):
    return pk.corroborate(*pair)


def _sides(pair: tuple[str, str]) -> tuple[list[str], list[str]]:
    both = _both(pair)
    return (both.loc[both["side"] == "own words", "claim_id"].tolist(),
            both.loc[both["side"] == "account", "claim_id"].tolist())


def _ctx(pair: tuple[str, str]) -> dict:
    return {"party": pair[0], "theme": pair[1]}


def test_all_four_registered():
    assert {"10.1", "10.2", "10.3", "10.4"} <= set(registered(10))


# ---------------------------------------------------------------- 10.1
def test_10_1_solution_passes_and_mistakes_fail(pair):
    own, account = _sides(pair)
    assert _run("10.1", {"own": own, "account": account}, **_ctx(pair))[0]
    passed, message = _run("10.1", {"own": account, "account": own}, **_ctx(pair))
    assert not passed and "other side" in message
    passed, message = _run("10.1", {"own": own, "account": account[1:]}, **_ctx(pair))
    assert not passed and "missing" in message
    passed, message = _run("10.1", {"own": ..., "account": account}, **_ctx(pair))
    assert not passed and "own_ids" in message
    passed, message = _run("10.1", {"own": own, "account": account})
    assert not passed and "party=party" in message
    passed, message = _run("10.1", {"own": own, "account": account}, party="nobody", theme=pair[1])
    assert not passed and "party_id" in message
    for odd in (None, 3, "C001", [own]):
        passed, message = _run("10.1", odd, **_ctx(pair))
        assert not passed and message


def test_10_1_pair_without_own_words_is_explained(monkeypatch):
    monkeypatch.setenv("PEACEKIT_DATA", str(CORROB))
    passed, message = _run("10.1", {"own": [], "account": []}, party="gov-b", theme="t-alpha")
    assert not passed and "no own-words claim" in message


# ---------------------------------------------------------------- 10.2
def _csv_rows(folder: Path, name: str) -> list[dict[str, str]]:
    with (folder / name).open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _gap_by_hand(party: str, theme: str) -> float:
    """The 10.2 gap from the rows of the CSV files, with plain Python and exact fractions.

    A route independent of pk.corroborate and of the checker: the matching rule
    as docs and ``help(peacekit.corroboration)`` state it, applied to the raw rows.
    """
    folder = Path(os.environ.get("PEACEKIT_DATA") or ROOT / "datasets")
    own_docs = {r["source_id"] for r in _csv_rows(folder, "sources.csv")
                if r["kind"].strip() == "primary" and r["party_id"].strip() == party}
    label = next(r["label"] for r in _csv_rows(folder, "parties.csv") if r["party_id"] == party)
    names = {label.strip().casefold(), party.casefold()}
    cited = {r["claim_id"].strip() for r in _csv_rows(folder, "positions.csv") if r["party_id"] == party}
    own: list[Fraction] = []
    account: list[Fraction] = []
    for row in _csv_rows(folder, "claims.csv"):
        if row["theme_id"] != theme or not row["stance"].strip():
            continue
        if row["source_id"] in own_docs:
            own.append(Fraction(row["stance"]))
        elif row["speaker"].strip().casefold() in names or row["claim_id"] in cited:
            account.append(Fraction(row["stance"]))
    assert own and account, "the pair should have a coded stance on both sides"
    return round(float(sum(account) / len(account) - sum(own) / len(own)), 1)


def test_10_2_solution_passes_and_mistakes_fail(pair):
    gap = _gap_by_hand(*pair)
    assert _run("10.2", gap, **_ctx(pair))[0]
    passed, message = _run("10.2", gap + 0.5, **_ctx(pair))
    assert not passed and "too high" in message
    if gap:
        passed, message = _run("10.2", -gap, **_ctx(pair))
        assert not passed and "other way round" in message
    for odd in (..., "1", True):
        passed, message = _run("10.2", odd, **_ctx(pair))
        assert not passed and message


def test_10_2_fixture_gap_is_computed_from_the_stances(monkeypatch):
    monkeypatch.setenv("PEACEKIT_DATA", str(CORROB))
    claims = pk.claims().set_index("claim_id")["stance"]
    own, account = _sides(("gov-a", "t-alpha"))
    gap = round(sum(claims[c] for c in account) / len(account) - sum(claims[c] for c in own) / len(own), 1)
    assert gap != 0  # the fixture is built so the sign matters
    assert _run("10.2", gap, party="gov-a", theme="t-alpha")[0]


# ---------------------------------------------------------------- 10.3
WHY = "The account says the party demands this at once, but the document sets a deadline of one year after signing."


def _readings(pair) -> dict:
    own, account = _sides(pair)
    return {cid: {"verdict": VERDICTS[i % len(VERDICTS)], "own": own[:1], "why": WHY} for i, cid in enumerate(account[:2])}


def test_10_3_solution_passes_and_mistakes_fail(pair):
    own, account = _sides(pair)
    readings = _readings(pair)
    assert len(WHY.split()) >= MIN_WHY_WORDS
    assert _run("10.3", readings, **_ctx(pair))[0]
    if len(account) >= 2:
        one = dict(list(readings.items())[:1])
        passed, message = _run("10.3", one, **_ctx(pair))
        assert not passed and "read at least 2" in message
    first = account[0]
    bad = {**readings, first: {**readings[first], "verdict": "wrong"}}
    passed, message = _run("10.3", bad, **_ctx(pair))
    assert not passed and "verdict" in message
    bad = {**readings, first: {**readings[first], "own": [account[-1]]}}
    passed, message = _run("10.3", bad, **_ctx(pair))
    assert not passed and "account claim" in message
    bad = {**readings, first: {**readings[first], "why": "Too short."}}
    passed, message = _run("10.3", bad, **_ctx(pair))
    assert not passed and "2 words" in message
    bad = {**readings, first: {**readings[first], "own": []}}
    passed, message = _run("10.3", bad, **_ctx(pair))
    assert not passed and "at least one own-words" in message
    # the same claim written twice (" C.." and "C..") is one reading, not two
    if len(account) >= 2:
        twice = {first: readings[first], f" {first}": readings[first]}
        passed, message = _run("10.3", twice, **_ctx(pair))
        assert not passed and "you read 1 account claim" in message
    passed, message = _run("10.3", {own[0]: readings[first]}, **_ctx(pair))
    assert not passed and "own words" in message
    passed, message = _run("10.3", {first: {"verdict": ..., "own": ..., "why": ...}}, **_ctx(pair))
    assert not passed and "verdict" in message
    for odd in (None, [], "C001", 7):
        passed, message = _run("10.3", odd, **_ctx(pair))
        assert not passed and message


# ---------------------------------------------------------------- 10.4
def test_10_4_follows_the_readings(pair):
    own, _ = _sides(pair)
    readings = _readings(pair)
    used = {c for r in readings.values() for c in r["own"]}
    expected = [c for c in own if c not in used]
    assert _run("10.4", expected, readings=readings, **_ctx(pair))[0]
    if expected:
        passed, message = _run("10.4", expected + sorted(used)[:1], readings=readings, **_ctx(pair))
        assert not passed and "covered" in message
        assert not _run("10.4", [], readings=readings, **_ctx(pair))[0]
    # a reading that uses every own-words claim leaves nothing out: the empty list passes
    full = {k: {**v, "own": own} for k, v in readings.items()}
    assert _run("10.4", [], readings=full, **_ctx(pair))[0]
    passed, message = _run("10.4", own[:1], readings=full, **_ctx(pair))
    assert not passed and "nothing is left out" in message
    # the template's unfilled reading row is skipped, as 10.3 skips it, not a crash blamed on the answer
    with_template = {**readings, "C...": ...}
    assert _run("10.4", expected, readings=with_template, **_ctx(pair))[0]
    passed, message = _run("10.4", expected, **_ctx(pair))
    assert not passed and "readings=readings" in message
    passed, message = _run("10.4", expected, readings={}, **_ctx(pair))
    assert not passed and "finish 10.3 first" in message
