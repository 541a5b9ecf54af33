"""Tests for ``peacekit.validation``: the shipped data is valid, and bad data is named.

The mutation table applies one kind of damage at a time to a temporary copy
of ``datasets/`` and asserts that the validator reports it as one line naming
the file, the row (the line number an editor shows, header = 1) and the
column, with a message that says what is wrong. A good new claim must never
be rejected, and a quote changed by one word must be.
"""

from __future__ import annotations

import csv
import io
import json
import shutil
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest

from peacekit.data import count_words, normalise_quote, split_paragraphs
from peacekit.validation import Problem, main, validate

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "datasets"


# ------------------------------------------------------------------ helpers


@pytest.fixture()
def data(tmp_path: Path) -> Path:
    """A fresh copy of the shipped datasets folder, named ``datasets``."""
    target = tmp_path / "datasets"
    shutil.copytree(DATASETS, target)
    return target


def read_rows(file: Path) -> tuple[list[str], list[list[str]]]:
    """Header and rows of a CSV file."""
    rows = list(csv.reader(io.StringIO(file.read_text(encoding="utf-8"), newline="")))
    return rows[0], rows[1:]


def write_rows(file: Path, header: list[str], rows: list[list[str]]) -> None:
    """Write a CSV file the way the kit does (UTF-8, LF, minimal quoting)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    file.write_text(out.getvalue(), encoding="utf-8", newline="")


def line_of(file: Path, first_value: str) -> int:
    """Editor line number of the row whose first value is ``first_value``."""
    text = file.read_text(encoding="utf-8")
    reader = csv.reader(io.StringIO(text, newline=""))
    start = 1
    for record in reader:
        if record and record[0] == first_value:
            return start
        start = reader.line_num + 1
    raise AssertionError(f"{first_value} not found in {file}")


def set_cell(file: Path, key: str, column: str, value: str) -> int:
    """Set one cell of the row whose first value is ``key``; return its line."""
    header, rows = read_rows(file)
    line = line_of(file, key)
    for row in rows:
        if row[0] == key:
            row[header.index(column)] = value
    write_rows(file, header, rows)
    return line


def first_claim(data: Path) -> dict[str, str]:
    """The first claim with a stance and event ids empty or not (as a dict)."""
    header, rows = read_rows(data / "claims.csv")
    return dict(zip(header, rows[0]))


def free_passage(
    paragraphs: list[str], source_id: str, header: list[str], rows: list[list[str]]
) -> tuple[int, str]:
    """(paragraph number, eight words) of a source that no claim's quote overlaps."""
    col = {name: i for i, name in enumerate(header)}
    taken: dict[int, list[str]] = {}
    for row in rows:
        if row[col["source_id"]] == source_id:
            taken.setdefault(int(row[col["paragraph"]]), []).append(normalise_quote(row[col["quote"]]))
    for number, paragraph in enumerate(paragraphs, 1):
        text = normalise_quote(paragraph)
        spans = [(text.find(q), text.find(q) + len(q)) for q in taken.get(number, [])]
        words = text.split()
        for first in range(len(words) - 7):
            quote = " ".join(words[first : first + 8])
            start = text.find(quote)
            if all(start >= end or start + len(quote) <= begin for begin, end in spans):
                return number, quote
    raise AssertionError(f"every passage of {source_id} is quoted already")


def find(problems: list[Problem], file: str, row: int | None, column: str | None) -> list[str]:
    """Messages of the problems at exactly this place."""
    return [p.message for p in problems if p.file == file and p.row == row and p.column == column]


# ------------------------------------------------------------------ shipped data


def test_shipped_data_has_no_problems() -> None:
    problems = validate()
    assert problems == [], "\n".join(map(str, problems))


def test_main_prints_one_summary_line_and_returns_0(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([]) == 0
    out = capsys.readouterr().out.strip().splitlines()
    assert len(out) == 1
    assert out[0].startswith("OK: ")
    for word in ("tables", "quotes", "links", "UTF-8"):
        assert word in out[0]


def test_command_line_from_another_directory(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "peacekit.validation", str(DATASETS)],
        cwd=tmp_path,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.startswith("OK: ")
    assert result.stderr == ""


# ------------------------------------------------------------------ mutations


@dataclass(frozen=True)
class Case:
    """One kind of bad input and where and how it must be reported."""

    id: str
    damage: Callable[[Path], tuple[str, int | None, str | None]]
    expect: str  # a phrase the message must contain


def _missing_column(d: Path) -> tuple[str, int | None, str | None]:
    header, rows = read_rows(d / "claims.csv")
    i = header.index("paraphrase")
    write_rows(d / "claims.csv", header[:i] + header[i + 1 :], [r[:i] + r[i + 1 :] for r in rows])
    return "claims.csv", 1, "paraphrase"


def _unknown_source(d: Path) -> tuple[str, int | None, str | None]:
    claim = first_claim(d)["claim_id"]
    return "claims.csv", set_cell(d / "claims.csv", claim, "source_id", "no-such-source"), "source_id"


def _quote_not_in_text(d: Path) -> tuple[str, int | None, str | None]:
    claim = first_claim(d)["claim_id"]
    line = set_cell(d / "claims.csv", claim, "quote", "Peace will come by Tuesday, said nobody.")
    return "claims.csv", line, "quote"


def _stance_3(d: Path) -> tuple[str, int | None, str | None]:
    claim = first_claim(d)["claim_id"]
    return "claims.csv", set_cell(d / "claims.csv", claim, "stance", "3"), "stance"


def _duplicate_claim_id(d: Path) -> tuple[str, int | None, str | None]:
    header, rows = read_rows(d / "claims.csv")
    rows[1][0] = rows[0][0]
    write_rows(d / "claims.csv", header, rows)
    return "claims.csv", 3, "claim_id"


def _bad_date(d: Path) -> tuple[str, int | None, str | None]:
    header, rows = read_rows(d / "timeline.csv")
    event = rows[5][0]
    year = event[-4:]  # keep the year so that only the date is wrong
    return "timeline.csv", set_cell(d / "timeline.csv", event, "date", f"{year}-02-30"), "date"


def _empty_paraphrase(d: Path) -> tuple[str, int | None, str | None]:
    claim = first_claim(d)["claim_id"]
    return "claims.csv", set_cell(d / "claims.csv", claim, "paraphrase", ""), "paraphrase"


def _bom(d: Path) -> tuple[str, int | None, str | None]:
    file = d / "claims.csv"
    file.write_bytes(b"\xef\xbb\xbf" + file.read_bytes())
    return "claims.csv", 1, None


def _crlf(d: Path) -> tuple[str, int | None, str | None]:
    file = d / "themes.csv"
    file.write_bytes(file.read_bytes().replace(b"\n", b"\r\n"))
    return "themes.csv", 1, None


def _html_in_quote(d: Path) -> tuple[str, int | None, str | None]:
    claim = first_claim(d)
    quote = "<b>" + claim["quote"] + "</b>"
    return "claims.csv", set_cell(d / "claims.csv", claim["claim_id"], "quote", quote), "quote"


def _html_entity_in_paraphrase(d: Path) -> tuple[str, int | None, str | None]:
    claim = first_claim(d)["claim_id"]
    line = set_cell(d / "claims.csv", claim, "paraphrase", "Russia &amp; Ukraine disagree.")
    return "claims.csv", line, "paraphrase"


def _unknown_event(d: Path) -> tuple[str, int | None, str | None]:
    claim = first_claim(d)["claim_id"]
    line = set_cell(d / "claims.csv", claim, "event_ids", "minsk-ii-2015;treaty-of-nowhere-2030")
    return "claims.csv", line, "event_ids"


def _unknown_theme(d: Path) -> tuple[str, int | None, str | None]:
    claim = first_claim(d)["claim_id"]
    return "claims.csv", set_cell(d / "claims.csv", claim, "theme_id", "weather"), "theme_id"


def _position_without_evidence(d: Path) -> tuple[str, int | None, str | None]:
    header, rows = read_rows(d / "positions.csv")
    row = next(r for r in rows if r[header.index("position")] != "unknown")
    row[header.index("claim_id")] = ""
    row[header.index("event_id")] = ""
    write_rows(d / "positions.csv", header, rows)
    return "positions.csv", line_of(d / "positions.csv", row[0]), "claim_id"


def _invalid_enum(d: Path) -> tuple[str, int | None, str | None]:
    claim = first_claim(d)["claim_id"]
    return "claims.csv", set_cell(d / "claims.csv", claim, "claim_type", "opinion"), "claim_type"


def _wrong_paragraph(d: Path) -> tuple[str, int | None, str | None]:
    claim = first_claim(d)
    wrong = str(int(claim["paragraph"]) + 1)
    return "claims.csv", set_cell(d / "claims.csv", claim["claim_id"], "paragraph", wrong), "paragraph"


def _paragraph_past_end(d: Path) -> tuple[str, int | None, str | None]:
    claim = first_claim(d)
    line = set_cell(d / "claims.csv", claim["claim_id"], "paragraph", "999")
    return "claims.csv", line, "paragraph"


def _missing_article(d: Path) -> tuple[str, int | None, str | None]:
    header, rows = read_rows(d / "sources.csv")
    source = dict(zip(header, rows[-1]))
    (d / source["text_file"]).unlink()
    return "sources.csv", line_of(d / "sources.csv", source["source_id"]), "text_file"


def _extra_column(d: Path) -> tuple[str, int | None, str | None]:
    header, rows = read_rows(d / "themes.csv")
    write_rows(d / "themes.csv", header + ["colour"], [r + ["red"] for r in rows])
    return "themes.csv", 1, "colour"


def _not_utf8(d: Path) -> tuple[str, int | None, str | None]:
    file = d / "terms.csv"
    lines = file.read_bytes().split(b"\n")
    lines[2] = lines[2].replace(b"a", b"\xe9", 1)  # Latin-1 'é' in row 3
    file.write_bytes(b"\n".join(lines))
    return "terms.csv", 3, None


def _empty_file(d: Path) -> tuple[str, int | None, str | None]:
    (d / "themes.csv").write_text("", encoding="utf-8")
    return "themes.csv", 1, None


def _missing_file(d: Path) -> tuple[str, int | None, str | None]:
    (d / "figures.csv").unlink()
    return "figures.csv", None, None


def _wrong_word_count(d: Path) -> tuple[str, int | None, str | None]:
    header, rows = read_rows(d / "sources.csv")
    source = rows[0][0]
    return "sources.csv", set_cell(d / "sources.csv", source, "word_count", "12"), "word_count"


def _unknown_party(d: Path) -> tuple[str, int | None, str | None]:
    header, rows = read_rows(d / "positions.csv")
    position = rows[0][0]
    line = set_cell(d / "positions.csv", position, "party_id", "martians")
    return "positions.csv", line, "party_id"


def _unknown_claim_in_position(d: Path) -> tuple[str, int | None, str | None]:
    header, rows = read_rows(d / "positions.csv")
    row = next(r for r in rows if r[header.index("claim_id")])
    line = set_cell(d / "positions.csv", row[0], "claim_id", "C999")
    return "positions.csv", line, "claim_id"


def _unknown_event_in_position(d: Path) -> tuple[str, int | None, str | None]:
    header, rows = read_rows(d / "positions.csv")
    row = next(r for r in rows if r[header.index("event_id")])
    line = set_cell(d / "positions.csv", row[0], "event_id", "yalta-1945")
    return "positions.csv", line, "event_id"


def _event_year_mismatch(d: Path) -> tuple[str, int | None, str | None]:
    header, rows = read_rows(d / "timeline.csv")
    event = rows[3][0]
    renamed = event[:-4] + "1999"
    line = set_cell(d / "timeline.csv", event, "event_id", renamed)
    return "timeline.csv", line, "event_id"


def _precision_mismatch(d: Path) -> tuple[str, int | None, str | None]:
    header, rows = read_rows(d / "sources.csv")
    row = next(r for r in rows if r[header.index("date_precision")] == "day")
    line = set_cell(d / "sources.csv", row[0], "date_precision", "month")
    return "sources.csv", line, "date_precision"


def _impossible_month(d: Path) -> tuple[str, int | None, str | None]:
    header, rows = read_rows(d / "figures.csv")
    return "figures.csv", set_cell(d / "figures.csv", rows[0][0], "as_of", "2025-13"), "as_of"


def _unclosed_quote(d: Path) -> tuple[str, int | None, str | None]:
    file = d / "terms.csv"
    lines = file.read_text(encoding="utf-8").split("\n")
    lines[-2] = lines[-2] + ',"never closed'
    file.write_text("\n".join(lines), encoding="utf-8")
    return "terms.csv", len(lines) - 1, None


def _too_many_values(d: Path) -> tuple[str, int | None, str | None]:
    file = d / "terms.csv"
    lines = file.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1] + ",surplus"
    file.write_text("\n".join(lines), encoding="utf-8")
    return "terms.csv", 2, None


def _blank_line(d: Path) -> tuple[str, int | None, str | None]:
    file = d / "terms.csv"
    lines = file.read_text(encoding="utf-8").split("\n")
    lines.insert(2, "")
    file.write_text("\n".join(lines), encoding="utf-8")
    return "terms.csv", 3, None


def _author_party_id(d: Path) -> tuple[str, int | None, str | None]:
    header, rows = read_rows(d / "parties.csv")
    row = next(r for r in rows if r[header.index("kind")] == "author")
    old = row[0]
    row[0] = "writer-x"
    write_rows(d / "parties.csv", header, rows)
    # keep positions pointing at the renamed party so only the id rule fires
    pheader, prows = read_rows(d / "positions.csv")
    for prow in prows:
        if prow[pheader.index("party_id")] == old:
            prow[pheader.index("party_id")] = "writer-x"
    write_rows(d / "positions.csv", pheader, prows)
    return "parties.csv", line_of(d / "parties.csv", "writer-x"), "party_id"


def _conflicting_positions(d: Path) -> tuple[str, int | None, str | None]:
    header, rows = read_rows(d / "positions.csv")
    col = {name: i for i, name in enumerate(header)}
    base = next(r for r in rows if r[col["position"]] == "requires" and r[col["as_of"]])
    twin = list(base)
    twin[0] = "P999"
    twin[col["position"]] = "rejects"
    rows.append(twin)
    write_rows(d / "positions.csv", header, rows)
    return "positions.csv", line_of(d / "positions.csv", "P999"), "position"


def _author_position_from_other_article(d: Path) -> tuple[str, int | None, str | None]:
    header, rows = read_rows(d / "positions.csv")
    col = {name: i for i, name in enumerate(header)}
    claims_header, claims = read_rows(d / "claims.csv")
    row = next(r for r in rows if r[col["party_id"]].startswith("author-") and r[col["claim_id"]])
    own = row[col["party_id"]].removeprefix("author-")
    other = next(c[0] for c in claims if c[claims_header.index("source_id")] != own)
    line = set_cell(d / "positions.csv", row[0], "claim_id", other)
    return "positions.csv", line, "claim_id"


def _bad_url(d: Path) -> tuple[str, int | None, str | None]:
    header, rows = read_rows(d / "timeline.csv")
    line = set_cell(d / "timeline.csv", rows[0][0], "source_url", "see the NATO website")
    return "timeline.csv", line, "source_url"


def _broken_descriptor(d: Path) -> tuple[str, int | None, str | None]:
    file = d / "datapackage.json"
    file.write_text(file.read_text(encoding="utf-8").replace('"resources":', '"resources"', 1))
    return "datapackage.json", None, None


def _text_file_name(d: Path) -> tuple[str, int | None, str | None]:
    header, rows = read_rows(d / "sources.csv")
    source = rows[0][0]
    old = d / rows[0][header.index("text_file")]
    old.rename(d / "articles" / "renamed.txt")
    line = set_cell(d / "sources.csv", source, "text_file", "articles/renamed.txt")
    return "sources.csv", line, "text_file"


# --- what the codebook promises (issue 10) and hostile or broken data (issue 11)


def _claims_of(d: Path, source_id: str | None = None) -> tuple[list[str], list[list[str]], dict[str, int]]:
    header, rows = read_rows(d / "claims.csv")
    col = {name: i for i, name in enumerate(header)}
    if source_id is not None:
        rows = [r for r in rows if r[col["source_id"]] == source_id]
    return header, rows, col


def _whitespace_quote(d: Path) -> tuple[str, int | None, str | None]:
    claim = first_claim(d)["claim_id"]
    return "claims.csv", set_cell(d / "claims.csv", claim, "quote", "   \t "), "quote"


def _empty_quote(d: Path) -> tuple[str, int | None, str | None]:
    claim = first_claim(d)["claim_id"]
    return "claims.csv", set_cell(d / "claims.csv", claim, "quote", ""), "quote"


def _duplicated_quote(d: Path) -> tuple[str, int | None, str | None]:
    first = first_claim(d)
    header, rows, col = _claims_of(d, first["source_id"])
    second = rows[1]
    set_cell(d / "claims.csv", second[0], "paragraph", first["paragraph"])
    return "claims.csv", set_cell(d / "claims.csv", second[0], "quote", first["quote"]), "quote"


def _overlapping_quote(d: Path) -> tuple[str, int | None, str | None]:
    first = first_claim(d)
    words = first["quote"].split()
    assert len(words) >= 6
    header, rows, col = _claims_of(d, first["source_id"])
    second = rows[1]
    set_cell(d / "claims.csv", second[0], "paragraph", first["paragraph"])
    part = " ".join(words[len(words) // 2 :])  # the second half of the first quote
    return "claims.csv", set_cell(d / "claims.csv", second[0], "quote", part), "quote"


def _too_few_claims(d: Path) -> tuple[str, int | None, str | None]:
    source_id = first_claim(d)["source_id"]
    header, rows, col = _claims_of(d)
    kept = [r for r in rows if r[col["source_id"]] != source_id]
    kept += [r for r in rows if r[col["source_id"]] == source_id][:3]
    cited = {r[0] for r in kept}
    write_rows(d / "claims.csv", header, kept)
    # positions may cite only claims that still exist
    pheader, prows = read_rows(d / "positions.csv")
    pcol = pheader.index("claim_id")
    for prow in prows:
        if prow[pcol] and prow[pcol] not in cited:
            prow[pcol] = ""
            if not prow[pheader.index("event_id")]:
                prow[pheader.index("position")] = "unknown"
    write_rows(d / "positions.csv", pheader, prows)
    return "sources.csv", line_of(d / "sources.csv", source_id), "source_id"


def _javascript_url(d: Path) -> tuple[str, int | None, str | None]:
    header, rows = read_rows(d / "timeline.csv")
    line = set_cell(d / "timeline.csv", rows[0][0], "source_url", "javascript:alert(1)")
    return "timeline.csv", line, "source_url"


def _file_url(d: Path) -> tuple[str, int | None, str | None]:
    header, rows = read_rows(d / "sources.csv")
    return "sources.csv", set_cell(d / "sources.csv", rows[0][0], "url", "file:///etc/passwd"), "url"


def _nul_byte(d: Path) -> tuple[str, int | None, str | None]:
    claim = first_claim(d)
    line = set_cell(d / "claims.csv", claim["claim_id"], "paraphrase", claim["paraphrase"] + "\x00")
    return "claims.csv", line, "paraphrase"


def _negative_figure(d: Path) -> tuple[str, int | None, str | None]:
    header, rows = read_rows(d / "figures.csv")
    return "figures.csv", set_cell(d / "figures.csv", rows[0][0], "value", "-19546"), "value"


def _header_only_claims(d: Path) -> tuple[str, int | None, str | None]:
    header, _ = read_rows(d / "claims.csv")
    write_rows(d / "claims.csv", header, [])
    return "claims.csv", 2, None


def _resource_outside(d: Path) -> tuple[str, int | None, str | None]:
    file = d / "datapackage.json"
    descriptor = json.loads(file.read_text(encoding="utf-8"))
    for spec in descriptor["resources"]:
        if spec["name"] == "terms":
            spec["path"] = "../../etc/hostname"
    file.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    return "datapackage.json", None, None


def _text_file_outside(d: Path) -> tuple[str, int | None, str | None]:
    header, rows = read_rows(d / "sources.csv")
    line = set_cell(d / "sources.csv", rows[0][0], "text_file", "../../etc/hostname")
    return "sources.csv", line, "text_file"


def _cr_only(d: Path) -> tuple[str, int | None, str | None]:
    file = d / "themes.csv"
    file.write_bytes(file.read_bytes().replace(b"\n", b"\r"))
    return "themes.csv", 1, None


def _zero_width_in_id(d: Path) -> tuple[str, int | None, str | None]:
    claim = first_claim(d)
    value = claim["source_id"][:3] + "\u200b" + claim["source_id"][3:]
    return "claims.csv", set_cell(d / "claims.csv", claim["claim_id"], "source_id", value), "source_id"


def _impossible_source_date(d: Path) -> tuple[str, int | None, str | None]:
    header, rows = read_rows(d / "sources.csv")
    row = next(r for r in rows if r[header.index("date_precision")] == "day")
    return "sources.csv", set_cell(d / "sources.csv", row[0], "date", "2025-02-30"), "date"


def _raised_minimum(d: Path) -> tuple[str, int | None, str | None]:
    file = d / "datapackage.json"
    descriptor = json.loads(file.read_text(encoding="utf-8"))
    descriptor.setdefault("peacekit", {})["min_claims_per_source"] = {"default": 500}
    file.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    header, rows = read_rows(d / "sources.csv")
    return "sources.csv", line_of(d / "sources.csv", rows[0][0]), "source_id"


CASES = [
    Case("missing-column", _missing_column, "missing from the header"),
    Case("unknown-source-id", _unknown_source, "is not a source_id in sources.csv"),
    Case("quote-not-in-text", _quote_not_in_text, "the quote is not in articles/"),
    Case("stance-3", _stance_3, "above the maximum 2"),
    Case("duplicate-claim-id", _duplicate_claim_id, "is already used on row 2"),
    Case("bad-date", _bad_date, "not a real date"),
    Case("empty-paraphrase", _empty_paraphrase, "required but the cell is empty"),
    Case("bom", _bom, "byte-order mark"),
    Case("crlf", _crlf, "Windows line endings (CRLF)"),
    Case("html-in-quote", _html_in_quote, "looks like HTML markup"),
    Case("html-entity", _html_entity_in_paraphrase, "'&amp;' looks like HTML markup"),
    Case("unknown-event-id", _unknown_event, "'treaty-of-nowhere-2030' is not an event_id"),
    Case("unknown-theme", _unknown_theme, "'weather' is not a theme_id in themes.csv"),
    Case("position-without-evidence", _position_without_evidence, "needs evidence"),
    Case("invalid-enum", _invalid_enum, "'opinion' is not one of the allowed values"),
    Case("wrong-paragraph", _wrong_paragraph, "the quote is in paragraph"),
    Case("paragraph-past-end", _paragraph_past_end, "there is no paragraph 999"),
    Case("missing-article", _missing_article, "does not exist"),
    Case("extra-column", _extra_column, "not described in datapackage.json"),
    Case("not-utf8", _not_utf8, "is not UTF-8 text"),
    Case("empty-file", _empty_file, "the file is empty"),
    Case("missing-file", _missing_file, "the file is missing"),
    Case("wrong-word-count", _wrong_word_count, "words"),
    Case("unknown-party", _unknown_party, "'martians' is not a party_id"),
    Case("unknown-claim-in-position", _unknown_claim_in_position, "'C999' is not a claim_id"),
    Case("unknown-event-in-position", _unknown_event_in_position, "'yalta-1945' is not an event_id"),
    Case("event-year-mismatch", _event_year_mismatch, "end the id with the event's year"),
    Case("precision-mismatch", _precision_mismatch, "write 'day'"),
    Case("impossible-month", _impossible_month, "not a real date"),
    Case("unclosed-quote", _unclosed_quote, "CSV syntax is broken"),
    Case("too-many-values", _too_many_values, "but the header has 3 columns"),
    Case("blank-line", _blank_line, "this line is empty"),
    Case("author-party-id", _author_party_id, "'author-' plus its source_id"),
    Case("conflicting-positions", _conflicting_positions, "contradicts row"),
    Case("author-evidence-elsewhere", _author_position_from_other_article, "must rest on its own article"),
    Case("bad-url-frictionless", _bad_url, "is not a web address"),
    Case("broken-descriptor", _broken_descriptor, "not valid JSON"),
    Case("text-file-name", _text_file_name, "should be 'articles/"),
    Case("whitespace-quote", _whitespace_quote, "holds only spaces"),
    Case("empty-quote", _empty_quote, "required but the cell is empty"),
    Case("duplicated-quote", _duplicated_quote, "the same quote as row"),
    Case("overlapping-quote", _overlapping_quote, "overlaps the quote of row"),
    Case("too-few-claims", _too_few_claims, "needs at least 15"),
    Case("raised-minimum", _raised_minimum, "needs at least 500"),
    Case("javascript-url", _javascript_url, "is not a web address"),
    Case("file-url", _file_url, "is not a web address"),
    Case("nul-byte", _nul_byte, "control character (U+0000)"),
    Case("negative-figure", _negative_figure, "is negative"),
    Case("header-only-claims", _header_only_claims, "header but no rows"),
    Case("resource-outside", _resource_outside, "points outside the datasets folder"),
    Case("text-file-outside", _text_file_outside, "points outside the datasets folder"),
    Case("cr-only", _cr_only, "old Mac line endings (CR only"),
    Case("zero-width-in-id", _zero_width_in_id, "is not a source_id in sources.csv"),
    Case("impossible-source-date", _impossible_source_date, "not a real date"),
]

#: Problems the validator reports but the loaders read past: they change
#: nothing the loaders return (encoding details), the widgets escape them
#: (HTML-looking text), or they are coding rules that a copy in progress may
#: break without harm (claims per source; repeated or overlapping quotes,
#: which the reader splits and marks). Every other case is refused.
LOADERS_READ_PAST = frozenset(
    {"bom", "crlf", "cr-only", "blank-line", "html-entity", "too-few-claims", "raised-minimum",
     "duplicated-quote", "overlapping-quote"}
)


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_bad_input_is_named_by_file_row_and_column(case: Case, data: Path) -> None:
    relative, row, column = case.damage(data)
    problems = validate(data)
    label = f"datasets/{relative}"
    assert problems, f"{case.id}: nothing reported"
    here = [p for p in problems if p.file == label and (row is None or p.row == row)]
    here = [p for p in here if column is None or p.column == column]
    messages = [p.message for p in here]
    assert any(case.expect in m for m in messages), (
        f"{case.id}: expected {case.expect!r} at {label} row {row} column {column}; got:\n"
        + "\n".join(map(str, problems))
    )
    assert len(problems) == len(set(problems)), f"{case.id}: a problem is reported twice"
    for problem in problems:  # every message is one line naming its place
        text = str(problem)
        assert "\n" not in text
        assert text.startswith("datasets/")
        assert "Traceback" not in text


@pytest.mark.parametrize("case", CASES, ids=[c.id for c in CASES])
def test_loaders_refuse_what_the_validator_refuses(case: Case, data: Path) -> None:
    """One rule set, one message: a loader raises the validator's own sentence."""
    import peacekit as pk
    from peacekit.data import DatasetError

    relative, _, _ = case.damage(data)
    problems = [p for p in validate(data) if not p.warning]
    refused = {str(p) for p in problems if p.loaders_refuse}
    table = relative.removesuffix(".csv") if relative.endswith(".csv") else "sources"
    loader = getattr(pk, table)
    if case.id in LOADERS_READ_PAST:
        assert not refused, f"{case.id}: expected the loaders to read past it; got {refused}"
        loader(path=data)
        return
    assert refused, f"{case.id}: the validator reports it but marks it as read past"
    with pytest.raises(DatasetError) as info:
        loader(path=data)
    assert str(info.value) in refused, f"{case.id}: {info.value}"
    assert "Traceback" not in str(info.value)


def test_loaders_never_open_a_file_outside_the_data(data: Path) -> None:
    import peacekit as pk
    from peacekit.data import DatasetError

    _resource_outside(data)
    with pytest.raises(DatasetError, match="points outside the datasets folder"):
        pk.terms(path=data)
    (data / "datapackage.json").write_text(
        (DATASETS / "datapackage.json").read_text(encoding="utf-8"), encoding="utf-8"
    )
    _text_file_outside(data)
    source_id = read_rows(data / "sources.csv")[1][0][0]
    with pytest.raises(DatasetError, match="column text_file: '../../etc/hostname'"):
        pk.article(source_id, path=data)  # refused by the pattern
    # without the pattern (a teacher's own schema), the path rule still holds
    file = data / "datapackage.json"
    descriptor = json.loads(file.read_text(encoding="utf-8"))
    for spec in descriptor["resources"]:
        for field in spec["schema"]["fields"]:
            if field["name"] == "text_file":
                field["constraints"].pop("pattern")
    file.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    problems = [str(p) for p in validate(data)]
    assert any("column text_file: the path '../../etc/hostname' points outside" in p for p in problems)
    with pytest.raises(DatasetError, match="column text_file: "):
        pk.article(source_id, path=data)
    with pytest.raises(DatasetError, match="points outside the datasets folder"):
        pk.data.inside(data, "../../etc/hostname", "datasets/sources.csv")


def test_header_only_claims_is_one_line_not_a_cascade(data: Path) -> None:
    _header_only_claims(data)
    problems = [p for p in validate(data) if not p.warning]
    assert len(problems) == 1, "\n".join(map(str, problems))
    assert problems[0].file == "datasets/claims.csv" and problems[0].column is None


def test_crlf_and_cr_only_are_named_apart(data: Path) -> None:
    _crlf(data)
    _cr_only(data)  # themes.csv is now CR CR LF... rewrite terms instead
    (data / "terms.csv").write_bytes((data / "terms.csv").read_bytes().replace(b"\n", b"\r"))
    (data / "themes.csv").write_bytes((DATASETS / "themes.csv").read_bytes().replace(b"\n", b"\r\n"))
    messages = {p.file: p.message for p in validate(data) if "line endings" in p.message}
    assert "(CRLF)" in messages["datasets/themes.csv"]
    assert "CR only" in messages["datasets/terms.csv"]


def test_minimum_claims_can_be_lowered_in_the_descriptor(data: Path) -> None:
    _too_few_claims(data)
    assert any("needs at least 15" in p.message for p in validate(data))
    file = data / "datapackage.json"
    descriptor = json.loads(file.read_text(encoding="utf-8"))
    descriptor["peacekit"] = {"min_claims_per_source": {"default": 3, "primary": 1}}
    file.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    assert [p for p in validate(data) if not p.warning] == []


def test_a_bad_minimum_in_the_descriptor_is_named(data: Path) -> None:
    file = data / "datapackage.json"
    descriptor = json.loads(file.read_text(encoding="utf-8"))
    descriptor["peacekit"] = {"min_claims_per_source": {"default": "many"}}
    file.write_text(json.dumps(descriptor, indent=2), encoding="utf-8")
    messages = [p.message for p in validate(data)]
    assert any("must be a whole number" in m for m in messages), messages


def test_paraphrase_borrowing_six_words_is_a_warning(
    data: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    claim = first_claim(data)
    words = claim["quote"].split()
    assert len(words) >= 6
    borrowed = "The source says " + " ".join(words[:6]) + "."
    line = set_cell(data / "claims.csv", claim["claim_id"], "paraphrase", borrowed)
    problems = validate(data)
    here = [p for p in problems if p.row == line and p.column == "paraphrase"]
    assert here and all(p.warning for p in here), problems
    assert "repeats 6 or more words of the quote" in here[0].message
    assert "warning: " in str(here[0])
    assert main([str(data)]) == 0  # advice, not a failure
    out = capsys.readouterr().out
    assert "1 warning" in out and out.strip().splitlines()[-1].startswith("OK: ")
    # five words in a row are the paraphrase's own business
    set_cell(data / "claims.csv", claim["claim_id"], "paraphrase", "It says " + " ".join(words[:5]) + ".")
    assert not [p for p in validate(data) if p.column == "paraphrase"]


def test_at_least_15_kinds_of_bad_input() -> None:
    assert len(CASES) >= 15


def test_main_reports_problems_and_returns_1(data: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _stance_3(data)
    assert main([str(data)]) == 1
    out = capsys.readouterr().out.strip().splitlines()
    assert any(", column stance: " in line for line in out)
    assert out[-1].startswith("1 problem found")


# ------------------------------------------------------------------ the quote check is real


def test_a_quote_changed_by_one_word_fails(data: Path) -> None:
    claim = first_claim(data)
    words = claim["quote"].split()
    index = len(words) // 2
    words[index] = "banana" if words[index] != "banana" else "apple"
    line = set_cell(data / "claims.csv", claim["claim_id"], "quote", " ".join(words))
    messages = find(validate(data), "datasets/claims.csv", line, "quote")
    assert messages and "the quote is not in" in messages[0]
    assert "copy it exactly from the text" in messages[0]


def test_quote_marks_and_spaces_are_forgiven(data: Path) -> None:
    header, rows = read_rows(data / "claims.csv")
    col = {name: i for i, name in enumerate(header)}
    changed = 0
    for row in rows:
        quote = row[col["quote"]]
        if "’" in quote or "“" in quote:
            quote = quote.replace("’", "'").replace("“", '"').replace("”", '"')
            row[col["quote"]] = quote.replace(" ", "   \n ", 1)
            changed += 1
    assert changed, "the corpus has curly quotes to test with"
    write_rows(data / "claims.csv", header, rows)
    assert validate(data) == []


def test_a_good_new_claim_is_not_rejected(data: Path) -> None:
    header, rows = read_rows(data / "claims.csv")
    col = {name: i for i, name in enumerate(header)}
    sources_header, sources = read_rows(data / "sources.csv")
    source_id = sources[0][0]
    text = (data / sources[0][sources_header.index("text_file")]).read_text(encoding="utf-8")
    number, quote = free_passage(split_paragraphs(text), source_id, header, rows)
    last = max(int(r[col["claim_id"]][1:]) for r in rows)
    new = {
        "claim_id": f"C{last + 1:03d}",
        "source_id": source_id,
        "theme_id": rows[0][col["theme_id"]],
        "speaker": "Author",
        "speaker_role": "author",
        "stance": "-1",
        "claim_type": "value",
        "evidence_type": "none",
        "quote": quote,
        "paraphrase": "A new claim added by a teacher to test the validator.",
        "paragraph": str(number),
        "event_ids": "minsk-ii-2015; budapest-memorandum-1994",
    }
    rows.append([new[name] for name in header])
    write_rows(data / "claims.csv", header, rows)
    assert validate(data) == []


# ------------------------------------------------------------------ never a traceback


def test_missing_folder_is_one_sentence(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "nowhere")]) == 1
    out = capsys.readouterr().out
    assert "no datasets folder here" in out
    assert "Traceback" not in out


def test_folder_of_junk_never_tracebacks(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "junk"
    folder.mkdir()
    (folder / "datapackage.json").write_bytes(b"\x00\xff\xfe garbage")
    assert main([str(folder)]) == 1
    out = capsys.readouterr().out
    assert "junk/datapackage.json" in out
    assert "Traceback" not in out


def test_descriptor_without_resources(tmp_path: Path) -> None:
    folder = tmp_path / "datasets"
    folder.mkdir()
    (folder / "datapackage.json").write_text(json.dumps({"name": "x"}), encoding="utf-8")
    problems = validate(folder)
    assert problems and "no list of resources" in problems[0].message


def test_every_table_damaged_at_once_never_tracebacks(data: Path) -> None:
    for file in data.glob("*.csv"):
        file.write_bytes(b'id,"broken\n\xff\r\n,,,\n')
    problems = validate(data)
    assert problems
    assert all(str(p).startswith("datasets/") for p in problems)


def test_usage_error_returns_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["a", "b"]) == 2


def test_problem_str_is_the_documented_format() -> None:
    problem = Problem("datasets/claims.csv", 14, "quote", "the quote is not in x.")
    assert str(problem) == "datasets/claims.csv, row 14, column quote: the quote is not in x."


def test_word_counts_use_the_same_rule_as_the_loader() -> None:
    header, rows = read_rows(DATASETS / "sources.csv")
    col = {name: i for i, name in enumerate(header)}
    for row in rows:
        text = (DATASETS / row[col["text_file"]]).read_text(encoding="utf-8")
        assert int(row[col["word_count"]]) == count_words(text)
