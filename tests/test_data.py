"""Tests for ``peacekit.data``: the shipped datasets load, typed, from anywhere.

Also checks the counts the kit promises (claims per source, theme coverage),
the shape of the negotiation tables, and that the facts keep their citations.
"""

from __future__ import annotations

import csv
import io
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

import peacekit as pk
from peacekit import data
from peacekit.data import DatasetError

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "datasets"
DESCRIPTOR = json.loads((DATASETS / "datapackage.json").read_text(encoding="utf-8"))
TABLES = [r["name"] for r in DESCRIPTOR["resources"]]
LOADERS = {name: getattr(pk, name) for name in TABLES}
CONTRACT_TERMS = {
    "nato-ban",
    "foreign-troops",
    "army-cap",
    "lines-of-control",
    "sanctions-relief",
    "reparations",
    "tribunal",
    "eu-accession",
    "us-law-guarantee",
    "ceasefire-first",
}


@pytest.fixture()
def copy(tmp_path: Path) -> Path:
    """A fresh copy of the shipped datasets folder."""
    target = tmp_path / "datasets"
    shutil.copytree(DATASETS, target)
    return target


def schema(name: str) -> dict:
    return next(r for r in DESCRIPTOR["resources"] if r["name"] == name)["schema"]


# ------------------------------------------------------------------ loading and types


def test_every_table_in_the_descriptor_has_a_loader() -> None:
    assert set(TABLES) == {
        "sources",
        "themes",
        "claims",
        "timeline",
        "nato_members",
        "figures",
        "parties",
        "terms",
        "positions",
    }


@pytest.mark.parametrize("name", TABLES)
def test_shipped_table_loads_with_schema_columns_first(name: str) -> None:
    frame = LOADERS[name]()
    assert isinstance(frame, pd.DataFrame)
    assert len(frame) > 0
    names = [f["name"] for f in schema(name)["fields"]]
    assert list(frame.columns[: len(names)]) == names


@pytest.mark.parametrize("name", TABLES)
def test_column_types_follow_the_schema(name: str) -> None:
    frame = LOADERS[name]()
    for f in schema(name)["fields"]:
        dtype = frame[f["name"]].dtype
        enum = (f.get("constraints") or {}).get("enum")
        if f["type"] == "integer":
            assert dtype == "Int64", f["name"]
        elif f["type"] == "date":
            assert pd.api.types.is_datetime64_any_dtype(dtype), f["name"]
        elif f["type"] == "boolean":
            assert dtype == "boolean", f["name"]
        elif enum:
            assert isinstance(dtype, pd.CategoricalDtype), f["name"]
            assert list(dtype.categories) == enum
        else:
            assert pd.api.types.is_string_dtype(dtype), f["name"]


def test_claims_types() -> None:
    claims = pk.claims()
    assert claims["stance"].dtype == "Int64"
    assert claims["stance"].dropna().between(-2, 2).all()
    assert claims["stance"].isna().any(), "descriptive claims have no stance"
    assert claims["claim_id"].dtype == "string"
    assert claims["claim_id"].is_unique


def test_partial_dates_get_a_start_and_a_precision() -> None:
    sources = pk.sources()
    assert pd.api.types.is_datetime64_any_dtype(sources["date_start"])
    assert pd.api.types.is_string_dtype(sources["date"])
    for row in sources.itertuples():
        if pd.isna(row.date):
            assert pd.isna(row.date_start) and row.date_precision == "unknown"
        else:
            assert row.date_start == pd.Timestamp(row.date + "-01" * (2 - row.date.count("-")))
    month = sources[sources["date_precision"] == "month"]
    assert (month["date_start"].dt.day == 1).all()
    figures = pk.figures()
    assert {"as_of_start", "as_of_precision"} <= set(figures.columns)
    assert figures["as_of_start"].notna().all()
    positions = pk.positions()
    assert {"as_of_start", "as_of_precision"} <= set(positions.columns)


def test_timeline_dates_and_ids() -> None:
    timeline = pk.timeline()
    assert pd.api.types.is_datetime64_any_dtype(timeline["date"])
    assert timeline["event_id"].is_unique
    assert timeline["date"].is_monotonic_increasing
    for event_id, date in zip(timeline["event_id"], timeline["date"]):
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*-\d{4}", event_id)
        assert event_id.endswith(str(date.year))
    for known in ("budapest-memorandum-1994", "minsk-ii-2015", "icc-warrants-2023"):
        assert known in set(timeline["event_id"])


def test_nato_members_has_32_members() -> None:
    members = pk.nato_members()
    assert len(members) == 32
    assert members["country"].is_unique
    assert pd.api.types.is_datetime64_any_dtype(members["accession_date"])


def test_claim_events_is_the_long_form_of_event_ids() -> None:
    links = pk.claim_events()
    assert list(links.columns) == ["claim_id", "event_id"]
    assert links["claim_id"].dtype == "string"
    claims = pk.claims().set_index("claim_id")
    for claim_id, event_id in links.itertuples(index=False):
        assert event_id in [e.strip() for e in claims.loc[claim_id, "event_ids"].split(";")]
    assert set(links["event_id"]) <= set(pk.timeline()["event_id"])
    expected = sum(
        len([e for e in value.split(";") if e.strip()]) for value in claims["event_ids"].dropna()
    )
    assert len(links) == expected


def test_article_and_paragraphs() -> None:
    for source in pk.sources().itertuples():
        text = pk.article(source.source_id)
        paragraphs = pk.paragraphs(source.source_id)
        assert text.strip() and paragraphs
        assert data.count_words(text) == source.word_count
        assert all(p == p.strip() and p for p in paragraphs)
        assert "\n\n" not in "".join(paragraphs)


def test_every_quote_is_in_its_paragraph() -> None:
    claims = pk.claims()
    for claim in claims.itertuples():
        paragraph = pk.paragraphs(claim.source_id)[claim.paragraph - 1]
        assert data.find_quote(paragraph, claim.quote) is not None, claim.claim_id


def test_find_quote_maps_back_to_the_original_text() -> None:
    text = "He said:  “Peace\n now”, and Ukraine’s army — large."
    start, end = data.find_quote(text, "said: \"Peace now\", and Ukraine's")
    assert text[start:end] == "said:  “Peace\n now”, and Ukraine’s"
    assert data.find_quote(text, "Peace later") is None
    assert data.find_quote(text, "   ") is None


def test_unknown_source_id_lists_the_known_ids() -> None:
    with pytest.raises(DatasetError) as info:
        pk.article("no-such-article")
    message = str(info.value)
    assert "no-such-article" in message
    for source_id in pk.sources()["source_id"]:
        assert source_id in message
    assert isinstance(info.value, ValueError)


# ------------------------------------------------------------------ finding the folder


def test_data_dir_is_the_repository_datasets_folder(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    assert pk.data_dir() == DATASETS.resolve()


def test_loaders_work_from_another_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)
    assert len(pk.claims()) > 0
    assert pk.paragraphs(pk.sources()["source_id"].iloc[0])


def test_loaders_work_in_a_fresh_process_elsewhere(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != data.ENV_VAR}
    env["PYTHONPATH"] = str(ROOT)
    code = "import peacekit as pk; print(len(pk.claims()), pk.data_dir())"
    result = subprocess.run(
        [sys.executable, "-W", "error", "-c", code],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    count, folder = result.stdout.split()
    assert int(count) == len(pk.claims())
    assert Path(folder) == DATASETS.resolve()


def test_path_argument_reads_a_teachers_copy(copy: Path) -> None:
    themes = (copy / "themes.csv").read_text(encoding="utf-8")
    (copy / "themes.csv").write_text(
        themes + "peace-dividend,Peace dividend,Peace pays.,An invented theme.\n",
        encoding="utf-8",
    )
    assert "peace-dividend" in set(pk.themes(path=copy)["theme_id"])
    assert "peace-dividend" not in set(pk.themes()["theme_id"])
    assert pk.data_dir(path=copy / "datapackage.json") == copy.resolve()


def test_environment_variable_overrides_the_default(
    copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (copy / "terms.csv").write_text(
        (copy / "terms.csv").read_text(encoding="utf-8") + "buffer-zone,Buffer zone,Invented.\n",
        encoding="utf-8",
    )
    monkeypatch.setenv(data.ENV_VAR, str(copy))
    assert pk.data_dir() == copy.resolve()
    assert "buffer-zone" in set(pk.terms()["term_id"])


def test_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(DatasetError, match="no datasets folder here"):
        pk.claims(path=tmp_path / "nowhere")


# ------------------------------------------------------------------ caching


def test_callers_get_copies_not_the_cache() -> None:
    first = pk.claims()
    first.loc[0, "quote"] = "vandalised"
    del first["paraphrase"]
    second = pk.claims()
    assert second.loc[0, "quote"] != "vandalised"
    assert "paraphrase" in second.columns
    assert pk.paragraphs(second.loc[0, "source_id"]) is not pk.paragraphs(
        second.loc[0, "source_id"]
    )


def test_cache_notices_a_changed_file(copy: Path) -> None:
    before = len(pk.terms(path=copy))
    file = copy / "terms.csv"
    file.write_text(file.read_text(encoding="utf-8") + "new-term,New,Invented.\n", encoding="utf-8")
    os.utime(file, ns=(file.stat().st_atime_ns, file.stat().st_mtime_ns + 1_000_000_000))
    assert len(pk.terms(path=copy)) == before + 1


def test_cache_notices_a_changed_table_in_a_subfolder(copy: Path) -> None:
    import json

    (copy / "tables").mkdir()
    (copy / "terms.csv").rename(copy / "tables" / "terms.csv")
    descriptor = json.loads((copy / "datapackage.json").read_text(encoding="utf-8"))
    for spec in descriptor["resources"]:
        if spec["name"] == "terms":
            spec["path"] = "tables/terms.csv"
    (copy / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")
    before = len(pk.terms(path=copy))
    file = copy / "tables" / "terms.csv"
    file.write_text(file.read_text(encoding="utf-8") + "new-term,New,Invented.\n", encoding="utf-8")
    os.utime(file, ns=(file.stat().st_atime_ns, file.stat().st_mtime_ns + 1_000_000_000))
    assert len(pk.terms(path=copy)) == before + 1


def test_repeated_loads_are_cached() -> None:
    data._folder_cached.cache_clear()
    pk.timeline()
    pk.timeline()
    pk.claims()
    info = data._folder_cached.cache_info()
    assert info.hits >= 1 and info.misses == 1


# ------------------------------------------------------------------ clear errors


@pytest.mark.parametrize(
    ("column", "value", "phrase"),
    [
        ("stance", "3", "above the maximum 2"),
        ("stance", "strong", "is not a whole number"),
        ("claim_type", "opinion", "is not one of the allowed values"),
        ("paragraph", "", "required"),
    ],
)
def test_malformed_cell_names_file_row_and_column(
    copy: Path, column: str, value: str, phrase: str
) -> None:
    import csv
    import io

    file = copy / "claims.csv"
    rows = list(csv.reader(io.StringIO(file.read_text(encoding="utf-8"), newline="")))
    rows[3][rows[0].index(column)] = value  # row 4 in an editor
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    file.write_text(out.getvalue(), encoding="utf-8")
    with pytest.raises(DatasetError) as info:
        pk.claims(path=copy)
    assert str(info.value).startswith(f"datasets/claims.csv, row 4, column {column}: ")
    assert phrase in str(info.value)
    assert info.value.row == 4 and info.value.column == column


def test_broken_csv_is_a_sentence_not_a_pandas_traceback(copy: Path) -> None:
    (copy / "timeline.csv").write_bytes(b"event_id,date\nx,\xff\n")
    with pytest.raises(DatasetError) as info:
        pk.timeline(path=copy)
    assert "datasets/timeline.csv" in str(info.value)


def test_missing_column_is_named(copy: Path) -> None:
    text = (copy / "themes.csv").read_text(encoding="utf-8")
    (copy / "themes.csv").write_text(text.replace(",description", ",notes", 1), encoding="utf-8")
    with pytest.raises(DatasetError, match=r"themes.csv, row 1, column description: .*missing"):
        pk.themes(path=copy)


def test_loaders_tolerate_bom_and_crlf(copy: Path) -> None:
    file = copy / "themes.csv"
    file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes().replace(b"\n", b"\r\n"))
    assert pk.themes(path=copy).equals(pk.themes())


# ------------------------------------------------------------------ counts the kit promises


def test_at_least_120_claims_and_every_source_has_claims() -> None:
    # The minimum per source (15; 6 for a primary document) is a validator
    # rule, configurable in datapackage.json: see tests/test_validate.py.
    claims = pk.claims()
    assert len(claims) >= 120
    per_source = claims.groupby("source_id", observed=True).size()
    assert set(per_source.index) == set(pk.sources()["source_id"])


def _codebook_gaps() -> str:
    codebook = ROOT / "docs" / "codebook.md"
    assert codebook.is_file(), "docs/codebook.md is missing"
    text = codebook.read_text(encoding="utf-8")
    match = re.search(r"^#+\s*(?:\d+\.\s*)?Gaps\b.*?$(.*?)(?=^#{1,2}\s|\Z)", text, flags=re.M | re.S | re.I)
    assert match, "docs/codebook.md has no Gaps section"
    return match.group(1)


def test_every_theme_is_addressed_by_3_sources_or_listed_as_a_gap() -> None:
    claims = pk.claims()
    coverage = claims.groupby("theme_id", observed=True)["source_id"].nunique()
    thin = [t for t in pk.themes()["theme_id"] if coverage.get(t, 0) < 3]
    if not thin:
        return
    gaps = _codebook_gaps()
    missing = [t for t in thin if t not in gaps]
    assert not missing, f"themes addressed by fewer than 3 sources and not in the Gaps section: {missing}"


# ------------------------------------------------------------------ negotiation tables


def test_terms_include_the_contract_terms() -> None:
    assert CONTRACT_TERMS <= set(pk.terms()["term_id"])


def test_parties() -> None:
    parties = pk.parties()
    ids = set(parties["party_id"])
    assert {"russia-gov", "ukraine-gov", "us-admin", "europe-coalition"} <= ids
    authors = parties[parties["kind"] == "author"]
    assert (authors["party_id"] == "author-" + authors["source_id"]).all()
    assert set(authors["source_id"]) <= set(pk.sources()["source_id"])
    assert parties.loc[parties["kind"] != "author", "source_id"].isna().all()


def test_every_party_has_a_row_for_every_term() -> None:
    positions = pk.positions()
    pairs = set(zip(positions["party_id"], positions["term_id"]))
    for party in pk.parties()["party_id"]:
        for term in pk.terms()["term_id"]:
            assert (party, term) in pairs, (party, term)


def test_every_stated_position_has_evidence_and_a_note() -> None:
    positions = pk.positions()
    stated = positions[positions["position"] != "unknown"]
    assert (stated["claim_id"].notna() | stated["event_id"].notna()).all()
    assert positions["note"].notna().all()
    assert set(stated["claim_id"].dropna()) <= set(pk.claims()["claim_id"])
    assert set(stated["event_id"].dropna()) <= set(pk.timeline()["event_id"])


def test_author_positions_rest_on_the_authors_own_claims() -> None:
    positions = pk.positions().merge(pk.parties()[["party_id", "kind", "source_id"]], on="party_id")
    claims = pk.claims().set_index("claim_id")
    authors = positions[(positions["kind"] == "author") & positions["claim_id"].notna()]
    for row in authors.itertuples():
        claim = claims.loc[row.claim_id]
        assert claim["source_id"] == row.source_id
        assert claim["speaker_role"] == "author", row.claim_id


# ------------------------------------------------------------------ facts keep their citations


@pytest.mark.parametrize("name", ["timeline", "nato_members", "figures"])
def test_every_fact_is_cited(name: str) -> None:
    frame = LOADERS[name]()
    assert frame["source_title"].notna().all()
    assert frame["source_url"].str.match(r"https?://").all()
    assert frame["confidence"].notna().all()


def test_where_sources_disagree_is_noted() -> None:
    notes = pk.timeline().set_index("event_id")["notes"]
    for event_id in (
        "bucharest-summit-2008",
        "minsk-ii-2015",
        "icc-warrants-2023",
        "istanbul-draft-treaty-2022",
        "burgenstock-summit-2024",
        "trump-putin-call-2025",
        "crimea-referendum-2014",
        "berlin-statement-2025",
        "geneva-trilateral-2026",
        "nato-enlargement-1999",
    ):
        assert isinstance(notes[event_id], str) and "differ" in notes[event_id], event_id


def test_the_library_reads_nothing_outside_the_kit() -> None:
    for module in ("data.py", "validation.py"):
        source = (ROOT / "peacekit" / module).read_text(encoding="utf-8")
        assert "/work/shared" not in source and "shared/facts" not in source


# ------------------------------------------------------------------ kinds of text (commentary, news, primary)


def test_seed_articles_are_the_five_commentary_and_news_texts_the_kit_started_from() -> None:
    sources = pk.sources()
    assert sources["seed"].dtype == "boolean"
    seed = sources[sources["seed"]]
    assert len(seed) == 5
    assert set(seed["kind"].astype(str)) <= {"commentary", "news"}


def test_primary_documents_name_a_party_or_are_multi_party_texts() -> None:
    sources = pk.sources()
    primary = sources[sources["kind"] == "primary"]
    assert len(primary) >= 10
    parties = set(pk.parties()["party_id"])
    claims = pk.claims()
    for row in primary.itertuples():
        own = claims[claims["source_id"] == row.source_id]
        assert (own["speaker_role"] == "author").any(), row.source_id
        if pd.isna(row.party_id):
            continue  # a treaty agreed by several parties: its claims name the signatories
        assert row.party_id in parties, row.source_id
    others = sources[sources["kind"] != "primary"]
    assert others["party_id"].isna().all()


def test_an_excerpt_says_what_was_left_out() -> None:
    sources = pk.sources()
    excerpts = sources[sources["completeness"] == "excerpt"]
    for row in excerpts.itertuples():
        assert re.search(r"left out", str(row.provenance)), row.source_id


def test_party_id_on_a_commentary_text_is_reported(copy: Path) -> None:
    file = copy / "sources.csv"
    text = file.read_text(encoding="utf-8")
    lines = text.split("\n")
    header = next(csv.reader([lines[0]]))
    row = next(csv.reader([lines[1]]))
    assert row[header.index("kind")] == "commentary"
    row[header.index("party_id")] = "russia-gov"
    out = io.StringIO()
    csv.writer(out, lineterminator="").writerow(row)
    lines[1] = out.getvalue()
    file.write_text("\n".join(lines), encoding="utf-8")
    problems = [str(p) for p in pk.validate(copy)]
    assert any("column party_id" in p and "only primary documents" in p for p in problems), problems
    assert not any("Traceback" in p for p in problems)


def test_a_seed_value_other_than_true_or_false_is_a_clear_sentence(copy: Path) -> None:
    file = copy / "sources.csv"
    text = file.read_text(encoding="utf-8")
    header, first, rest = text.split("\n", 2)
    assert ",true," in first
    file.write_text("\n".join([header, first.replace(",true,", ",yes,", 1), rest]), encoding="utf-8")
    problems = [str(p) for p in pk.validate(copy)]
    assert any("column seed" in p and "'yes' is not one of the allowed values: true, false" in p for p in problems), problems
    with pytest.raises(DatasetError, match="seed"):
        pk.sources(path=copy)
