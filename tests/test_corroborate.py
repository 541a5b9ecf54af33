"""Tests for peacekit.corroboration: a party's own words beside the texts about it."""

from __future__ import annotations

from pathlib import Path

import ipywidgets as widgets
import pandas as pd
import pytest
from widget_helpers import SHIPPED, _shipped_ready, controls_of, visible_text

import peacekit as pk
from peacekit.corroboration import ACCOUNT, COLUMNS, MATCH_RULE, OWN

HERE = Path(__file__).resolve().parent
CORROB = HERE / "fixtures" / "corrob"

shipped_only = pytest.mark.skipif(not _shipped_ready(), reason="datasets/ is not complete yet")


# --------------------------------------------------------------- the function


def test_both_sides_and_the_matching_rule() -> None:
    frame = pk.corroborate("gov-a", "t-alpha", path=CORROB)
    assert list(frame.columns) == COLUMNS
    # own words first (the primary document), then the account in source order
    assert list(frame["side"]) == [OWN, ACCOUNT, ACCOUNT, ACCOUNT]
    assert list(frame["claim_id"]) == ["C008", "C001", "C010", "C011"]
    match = dict(zip(frame["claim_id"], frame["match"]))
    assert match["C008"] == "the party's primary document"
    assert match["C001"] == "cited as evidence of a position (P001)"  # the author's own voice, tied by a position
    assert match["C010"] == "speaker is the party"  # a news text reporting Government A
    assert list(frame["source_kind"]) == ["primary", "commentary", "news", "news"]
    # a claim of another speaker on the theme is not shown (C003 is cited for gov-b, C007 is Minister X)
    assert not {"C003", "C005", "C007"} & set(frame["claim_id"])


def test_other_party_and_other_theme() -> None:
    b = pk.corroborate("gov-b", "t-alpha", path=CORROB)
    assert set(b["side"]) == {ACCOUNT}  # gov-b has no primary document
    assert list(b["claim_id"]) == ["C003", "C007"]
    beta = pk.corroborate("gov-a", "t-beta", path=CORROB)
    assert list(beta["claim_id"]) == ["C009", "C002"]


def test_matches_recomputed_from_the_tables() -> None:
    """The rule, recomputed by hand from sources, parties, positions and claims."""
    sources = pk.sources(path=CORROB)
    claims = pk.claims(path=CORROB)
    parties = pk.parties(path=CORROB)
    positions = pk.positions(path=CORROB)
    for party_id, label in zip(parties["party_id"], parties["label"]):
        own_sources = set(sources.loc[(sources["kind"] == "primary") & (sources["party_id"] == party_id), "source_id"])
        cited = set(positions.loc[positions["party_id"] == party_id, "claim_id"].dropna())
        for theme_id in pk.themes(path=CORROB)["theme_id"]:
            on = claims[claims["theme_id"] == theme_id]
            own = set(on.loc[on["source_id"].isin(own_sources), "claim_id"])
            other = on[~on["source_id"].isin(own_sources)]
            account = set(other.loc[(other["speaker"].str.casefold() == label.casefold()) | other["claim_id"].isin(cited),
                                    "claim_id"])
            got = pk.corroborate(party_id, theme_id, path=CORROB)
            assert set(got.loc[got["side"] == OWN, "claim_id"]) == own, (party_id, theme_id)
            assert set(got.loc[got["side"] == ACCOUNT, "claim_id"]) == account, (party_id, theme_id)


def test_unknown_ids_are_a_sentence_with_a_suggestion() -> None:
    with pytest.raises(ValueError, match=r"Unknown party id: 'gov-c' \(did you mean 'gov-[ab]'\?\)"):
        pk.corroborate("gov-c", "t-alpha", path=CORROB)
    with pytest.raises(ValueError, match=r"Unknown theme id: 't-alfa' \(did you mean 't-alpha'\?\)"):
        pk.corroborate("gov-a", "t-alfa", path=CORROB)


def test_empty_result_keeps_columns_and_the_summary_says_why(tmp_path: Path) -> None:
    frame = pk.corroborate("author-src-a", "t-alpha", path=CORROB)
    # author-src-a has no primary document; position P006 cites C001 (t-alpha) so the account is not empty
    assert list(frame["claim_id"]) == ["C001"]
    empty = pk.corroborate("gov-b", "t-beta", path=CORROB)  # gov-b's positions cite only t-alpha claims
    assert empty.empty and list(empty.columns) == COLUMNS
    sentence = pk.corroboration_summary("gov-b", "t-beta", path=CORROB)
    assert "has no primary document" in sentence and "no claim on this theme in another text" in sentence
    assert pk.corroboration_summary("gov-a", "t-alpha", path=CORROB) == (
        "Government A's own words: 1 claim on “Alpha question” from its 1 primary document; "
        "the account: 3 claims from 2 other texts."
    )


def test_dataset_without_kinds_has_no_own_words() -> None:
    from mini_helpers import MINI

    sides: set[str] = set()
    for party_id in pk.parties(path=MINI)["party_id"]:
        for theme_id in pk.themes(path=MINI)["theme_id"]:
            sides |= set(pk.corroborate(party_id, theme_id, path=MINI)["side"])  # no kind column: nothing is primary
    assert sides == {ACCOUNT}  # accounts are still found; own words need a kind column


@shipped_only
def test_shipped_every_party_and_theme_runs() -> None:
    parties = pk.parties(path=SHIPPED)
    sources = pk.sources(path=SHIPPED)
    pairs_with_both_sides = 0
    for party_id in parties["party_id"]:
        for theme_id in pk.themes(path=SHIPPED)["theme_id"]:
            frame = pk.corroborate(party_id, theme_id, path=SHIPPED)
            own = frame[frame["side"] == OWN]
            assert set(own["source_id"]) <= set(
                sources.loc[(sources["kind"] == "primary") & (sources["party_id"] == party_id), "source_id"]
            )
            assert (frame["theme_id"] == theme_id).all()
            pairs_with_both_sides += set(frame["side"]) == {OWN, ACCOUNT}
    assert pairs_with_both_sides  # the shipped data has at least one party seen both ways


# --------------------------------------------------------------------- widget


def test_widget_structure_and_two_sides() -> None:
    w = pk.corroborate_widget(path=CORROB)
    assert isinstance(w, widgets.Box)
    assert set(w.controls) == {"party", "theme"} and set(w.views) == {"rule", "summary", "columns"}
    for control in controls_of(w):
        assert control.description.strip() and control.description_allow_html is False
    # the first party with a primary document is shown first
    assert w.controls["party"].value == "gov-a"
    assert MATCH_RULE in visible_text(w.views["rule"].value)
    html = w.views["columns"].value
    assert html.count('class="pk-column pk-side"') == 2
    own, account = html.split('data-side="account"')
    assert "C008" in own and "C001" not in own
    assert "C001" in account and "C010" in account and "C008" not in account
    assert "matched: speaker is the party" in visible_text(account)
    assert visible_text(w.views["summary"].value) == pk.corroboration_summary("gov-a", "t-alpha", path=CORROB)


def test_widget_follows_the_controls() -> None:
    w = pk.corroborate_widget("gov-a", "t-alpha", path=CORROB)
    w.controls["theme"].value = "t-beta"
    assert "C009" in w.views["columns"].value and "C008" not in w.views["columns"].value
    w.controls["party"].value = "gov-b"
    text = visible_text(w.views["columns"].value)
    assert "No claim on this theme in Government B's primary documents." in text
    assert "No other text makes a claim on this theme that is matched to the party." in text
    assert 'class="pk-message"' in w.views["columns"].value


def test_widget_bad_start_ids() -> None:
    with pytest.raises(ValueError, match="did you mean"):
        pk.corroborate_widget("gov-x", path=CORROB)


def test_summary_when_the_documents_say_nothing_on_the_theme(tmp_path: Path) -> None:
    """A party with a primary document that makes no claim on the theme: 'no claim', not '0 claims'."""
    import shutil

    data = tmp_path / "corrob"
    shutil.copytree(CORROB, data)
    claims = (data / "claims.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    (data / "claims.csv").write_text("".join(line for line in claims if not line.startswith("C009,")), encoding="utf-8")
    sentence = pk.corroboration_summary("gov-a", "t-beta", path=data)
    assert sentence.startswith("Government A's own words: no claim on “Beta question” in its 1 primary document;")
