"""Unit tests for the lesson 06 checkers (peacekit/checks/lesson06.py).

Each checker passes the solution notebook's answer and rejects typical wrong
answers with the right hint. 6.1 checks form only: the tests prove that two
different verdicts on the same claim both pass, so the check never grades
judgement.
"""

from __future__ import annotations

import ast

import nbformat
import pandas as pd
import pytest

import peacekit as pk
from peacekit.checks.core import registered

TO_CHECK = ["C010", "C017", "C138", "C068", "C143", "C137"]
CLAIMED = 1000



from nbhelpers import ROOT  # noqa: E402
from nbhelpers import run_check as _run  # noqa: E402


def test_all_three_registered():
    assert {"6.1", "6.2", "6.3"} <= set(registered(6))


# ---------------------------------------------------------------- 6.1
def _verdicts() -> pd.DataFrame:
    return pd.DataFrame([
        {"claim_id": "C010", "label": "partly supported", "evidence": ["north-atlantic-treaty-1949"]},
        {"claim_id": "C017", "label": "partly supported", "evidence": ["budapest-memorandum-1994"]},
        {"claim_id": "C138", "label": "supported",
         "evidence": ["budapest-memorandum-1994", "crimea-annexation-treaty-2014", "full-scale-invasion-2022"]},
        {"claim_id": "C068", "label": "partly supported",
         "evidence": ["baker-gorbachev-1990", "two-plus-four-1990", "nato-russia-founding-act-1997"]},
        {"claim_id": "C143", "label": "supported", "evidence": ["icc-warrants-2023"]},
        {"claim_id": "C137", "label": "not checkable", "evidence": []},
    ])


def test_6_1_ids_exist():
    assert set(TO_CHECK) <= set(pk.claims()["claim_id"])


def test_6_1_solution_passes():
    assert _run("6.1", _verdicts(), claims=TO_CHECK)[0]


def test_6_1_other_judgement_also_passes():
    other = _verdicts()
    other.loc[other["claim_id"] == "C017", "label"] = "contradicted"
    other.loc[other["claim_id"] == "C010", "label"] = "supported"
    assert _run("6.1", other, claims=TO_CHECK)[0]


def test_6_1_evidence_as_text_passes():
    text = _verdicts()
    text["evidence"] = ["; ".join(e) for e in text["evidence"]]
    assert _run("6.1", text, claims=TO_CHECK)[0]


def test_6_1_figure_id_is_evidence():
    with_figure = _verdicts()
    with_figure.at[4, "evidence"] = ["icc-warrants-2023", "deported-children-identified-2023"]
    assert _run("6.1", with_figure, claims=TO_CHECK)[0]


def test_6_1_bad_label():
    bad = _verdicts()
    bad.at[0, "label"] = "true"
    passed, message = _run("6.1", bad, claims=TO_CHECK)
    assert not passed and "one of" in message


def test_6_1_unknown_evidence():
    bad = _verdicts()
    bad.at[0, "evidence"] = ["article-5"]
    passed, message = _run("6.1", bad, claims=TO_CHECK)
    assert not passed and "neither an event_id" in message


def test_6_1_verdict_without_evidence():
    bad = _verdicts()
    bad.at[5, "label"] = "contradicted"
    passed, message = _run("6.1", bad, claims=TO_CHECK)
    assert not passed and "names no evidence" in message


def test_6_1_linked_event_left_out():
    bad = _verdicts()
    bad.at[1, "evidence"] = ["crimea-annexation-treaty-2014"]
    passed, message = _run("6.1", bad, claims=TO_CHECK)
    assert not passed and "budapest-memorandum-1994" in message


def test_6_1_missing_row_and_shapes():
    passed, message = _run("6.1", _verdicts().iloc[1:], claims=TO_CHECK)
    assert not passed and "no row" in message
    assert "dictionary" in _run("6.1", {"C010": "supported"}, claims=TO_CHECK)[1]
    assert "claims=" in _run("6.1", _verdicts())[1]


# ---------------------------------------------------------------- 6.2
def _scale() -> pd.DataFrame:
    f = pk.figures()
    usd = f[f["unit"] == "USD billion"].copy()
    usd["value"] = usd["value"].astype(float)
    usd["ratio"] = CLAIMED / usd["value"]
    return usd[["figure_id", "value", "ratio"]]


def test_6_2_solution_passes():
    assert len(_scale()) >= 2
    assert _run("6.2", _scale(), claimed=CLAIMED)[0]


def test_6_2_follows_the_data(monkeypatch: pytest.MonkeyPatch):
    """The checker computes from figures.csv at check time, so a changed value changes the expectation."""
    from peacekit import data

    original = data.figures

    def changed(*args: object, **kwargs: object) -> pd.DataFrame:
        f = original(*args, **kwargs).copy()
        first = f.index[f["unit"] == "USD billion"][0]
        f.loc[first, "value"] = "100"
        return f

    monkeypatch.setattr(data, "figures", changed)
    passed, message = _run("6.2", _scale(), claimed=CLAIMED)
    assert not passed and "ratio" in message


def test_6_2_upside_down():
    wrong = _scale()
    wrong["ratio"] = wrong["value"] / CLAIMED
    passed, message = _run("6.2", wrong, claimed=CLAIMED)
    assert not passed and "upside down" in message


def test_6_2_other_unit():
    f = pk.figures()
    other = f[f["unit"] != "USD billion"]["figure_id"].iloc[0]
    extra = pd.concat([_scale().iloc[1:], pd.DataFrame([{"figure_id": other, "value": 1.0, "ratio": 1.0}])])
    passed, message = _run("6.2", extra, claimed=CLAIMED)
    assert not passed and "US$ billion" in message


def test_6_2_missing_context():
    assert "claimed=" in _run("6.2", _scale())[1]


# ---------------------------------------------------------------- 6.3
def _precedents() -> pd.DataFrame:
    claims = pk.claims()
    prec = claims[claims["evidence_type"] == "precedent"].copy()
    prec["linked"] = prec["claim_id"].isin(pk.claim_events()["claim_id"])
    return prec.groupby("source_id").agg(n_precedent=("claim_id", "size"), n_linked=("linked", "sum")).reset_index()


def test_6_3_solution_passes():
    assert _run("6.3", _precedents())[0]
    assert _run("6.3", _precedents().set_index("source_id"))[0]


def test_6_3_every_claim_counted():
    claims = pk.claims()
    claims = claims.assign(linked=claims["claim_id"].isin(pk.claim_events()["claim_id"]))
    wrong = claims.groupby("source_id").agg(n_precedent=("claim_id", "size"), n_linked=("linked", "sum")).reset_index()
    passed, message = _run("6.3", wrong)
    assert not passed and "precedent" in message


def test_6_3_wrong_linked_count():
    wrong = _precedents()
    wrong["n_linked"] = wrong["n_precedent"]
    passed, message = _run("6.3", wrong)
    assert not passed and "n_linked" in message


# ---------------------------------------------------------------- student report fixes
def test_6_3_misspelt_evidence_type_gives_empty_table_advice():
    """Student report: "precedents" gave an empty table and a message about the row count."""
    claims = pk.claims()
    prec = claims[claims["evidence_type"] == "precedents"].copy()
    prec["linked"] = prec["claim_id"].isin(pk.claim_events()["claim_id"])
    answer = prec.groupby("source_id").agg(n_precedent=("claim_id", "size"), n_linked=("linked", "sum")).reset_index()
    passed, message = _run("6.3", answer)
    assert not passed and "empty" in message and "spelling" in message and "\"precedent\"" in message


def test_6_3_value_counts_gets_applicable_advice():
    """Student report: value_counts() was told "e.g. with df[[...]]"."""
    claims = pk.claims()
    counts = claims[claims["evidence_type"] == "precedent"]["source_id"].value_counts()
    passed, message = _run("6.3", counts)
    assert not passed and "df[[" not in message and "groupby" in message and "n_linked" in message


def test_6_2_misspelt_unit_gives_empty_table_advice():
    f = pk.figures()
    usd = f[f["unit"] == "USD billon"].copy()
    passed, message = _run("6.2", usd, claimed=CLAIMED)
    assert not passed and "empty" in message and "USD billion" in message


# ---------------------------------------------------------------- lesson prose against the data
def _lesson_precedents() -> dict[str, str]:
    """Lesson 06's grouping of timeline rows into precedents (event_id -> precedent), read from the lesson."""
    lesson = nbformat.read(ROOT / "lessons" / "06-evidence-and-precedent.ipynb", as_version=4)
    for cell in lesson.cells:
        if cell.cell_type != "code":
            continue
        for node in ast.parse(cell.source).body:
            if isinstance(node, ast.Assign) and [getattr(t, "id", None) for t in node.targets] == ["precedents"]:
                return ast.literal_eval(node.value)
    raise AssertionError("lesson 06 has no `precedents = {...}` cell")


def _seed_citations() -> pd.DataFrame:
    """Every (claim, timeline row) link of the seed articles, with the claim's columns."""
    seed = pk.sources().query("seed")["source_id"]
    cited = pk.claim_events().merge(pk.claims(), on="claim_id")
    return cited[cited["source_id"].isin(seed)]


def _rows_left_out(groups: dict[str, str], cited: pd.DataFrame) -> list[tuple[str, list[str]]]:
    """Precedent claims that cite a row of one of the lesson's precedents together with a row outside it."""
    precedent_claims = cited[cited["evidence_type"].astype(str) == "precedent"]
    left_out = []
    for claim_id, events in precedent_claims.groupby("claim_id")["event_id"]:
        named = {groups[e] for e in events if e in groups}
        if named and (len(named) > 1 or not set(events) <= set(groups)):
            left_out.append((str(claim_id), sorted(events)))
    return left_out


def _by_precedent(groups: dict[str, str], cited: pd.DataFrame) -> pd.DataFrame:
    """The lesson's table: one row per precedent and claim citing one of its rows."""
    cited = cited[cited["event_id"].isin(list(groups))]
    return cited.assign(precedent=cited["event_id"].map(groups)).drop_duplicates(["precedent", "claim_id"])


def test_lesson_06_precedents_group_every_row_a_precedent_claim_cites_with_them():
    """A timeline row that a seed precedent claim cites together with a row of one of the lesson's
    precedents belongs to that precedent, so a new row (a third Minsk text, another Iraq resolution)
    cannot escape the lesson's table and the test below."""
    groups = _lesson_precedents()
    assert set(groups) <= set(pk.timeline()["event_id"])
    assert not _rows_left_out(groups, _seed_citations())
    cited = _seed_citations()
    planted = pd.concat([cited, cited[cited["event_id"] == "minsk-ii-2015"].assign(event_id="minsk-iii-2027")])
    assert _rows_left_out(groups, planted), "the guard must fire on a row the grouping leaves out"


def test_lesson_06_no_precedent_is_cited_for_opposite_ends_in_the_seed_articles():
    """Lesson 06 says: every precedent of the lesson is cited in the seed articles; Budapest 1994 by two
    texts (C017, C138), both coded -2 on guarantee-credibility; every other precedent by one text; and
    no precedent by claims of opposite sign. Grouped by precedent as the lesson groups them."""
    groups = _lesson_precedents()
    table = _by_precedent(groups, _seed_citations())
    assert set(table["precedent"]) == set(groups.values())
    budapest = table[table["precedent"] == groups["budapest-memorandum-1994"]]
    assert set(budapest["claim_id"]) == {"C017", "C138"} and budapest["source_id"].nunique() == 2
    assert set(budapest["theme_id"]) == {"guarantee-credibility"} and set(budapest["stance"]) == {-2}
    others = table[table["precedent"] != groups["budapest-memorandum-1994"]]
    assert (others.groupby("precedent")["source_id"].nunique() == 1).all()
    for precedent, rows in table.groupby("precedent"):
        stances = rows["stance"].dropna()
        assert not ((stances > 0).any() and (stances < 0).any()), precedent
