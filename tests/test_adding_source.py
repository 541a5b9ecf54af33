"""Follow docs/adding-a-source.md in a scratch copy with an invented article.

The steps are the guide's steps, in order: save a text, add a sources row
(word_count 1 at first, corrected from the checker's message), add claims,
add the author to the negotiation table, run the checker until it is happy,
and see the new source in the loaders' output.
"""

from __future__ import annotations

import csv
import io
import re
import shutil
from pathlib import Path

import pytest

import peacekit as pk
from peacekit.validation import main, validate

ROOT = Path(__file__).resolve().parent.parent
NEW = "example-2026"

ARTICLE = """Why a pause now would not hold

A ceasefire agreed this spring would freeze the front line where it stands. Supporters say it would “stop the killing” at once.

The record of the Minsk agreements gives reason for doubt. Each ceasefire there was broken within days, and neither side trusted the monitors.

A pause without guarantees would let both armies rearm. The writer’s view is that any ceasefire must come with foreign troops on the ground.
"""


def append_row(file: Path, values: dict[str, str]) -> None:
    """Add one row at the end of a CSV file, in the header's column order."""
    header = next(csv.reader(io.StringIO(file.read_text(encoding="utf-8"))))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([values.get(name, "") for name in header])
    with file.open("a", encoding="utf-8", newline="") as handle:
        handle.write(out.getvalue())


def next_id(file: Path, prefix: str) -> str:
    """The next free id after the highest one in the first column."""
    text = file.read_text(encoding="utf-8")
    numbers = [int(n) for n in re.findall(rf"^{prefix}(\d+),", text, flags=re.M)]
    return f"{prefix}{max(numbers) + 1:03d}"


@pytest.fixture()
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "my-datasets"
    shutil.copytree(ROOT / "datasets", target)
    return target


def test_a_teacher_adds_a_newer_article(copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Step 2: save the text (UTF-8, LF, blank line between paragraphs)
    (copy / "articles" / f"{NEW}.txt").write_text(ARTICLE, encoding="utf-8", newline="\n")

    # Step 3: describe it; word_count 1 for now
    append_row(
        copy / "sources.csv",
        {
            "source_id": NEW,
            "short_label": "Example op-ed (2026)",
            "title": "Why a pause now would not hold",
            "title_confidence": "confirmed",
            "outlet": "Example Weekly",
            "outlet_confidence": "confirmed",
            "author": "A. Teacher",
            "author_confidence": "confirmed",
            "date": "2026-03",
            "date_precision": "month",
            "date_confidence": "inferred",
            "genre": "op-ed",
            "kind": "commentary",
            "completeness": "full",
            "seed": "false",
            "url": "https://example.org/pause",
            "url_confidence": "confirmed",
            "text_file": f"articles/{NEW}.txt",
            "word_count": "1",
            "provenance": "An invented article used by the kit's tests.",
        },
    )

    # Step 4: claims, quotes pasted with straight quote marks (forgiven)
    first, second = next_id(copy / "claims.csv", "C"), None
    append_row(
        copy / "claims.csv",
        {
            "claim_id": first,
            "source_id": NEW,
            "theme_id": "guarantee-credibility",
            "speaker": "A. Teacher",
            "speaker_role": "author",
            "stance": "-1",
            "claim_type": "fact",
            "evidence_type": "precedent",
            "quote": "Each ceasefire there was broken within days",
            "paraphrase": "The writer says the Minsk ceasefires did not last.",
            "paragraph": "3",
            "event_ids": "minsk-protocol-2014;minsk-ii-2015",
        },
    )
    second = next_id(copy / "claims.csv", "C")
    append_row(
        copy / "claims.csv",
        {
            "claim_id": second,
            "source_id": NEW,
            "theme_id": "foreign-troops",
            "speaker": "A. Teacher",
            "speaker_role": "author",
            "stance": "2",
            "claim_type": "policy",
            "evidence_type": "none",
            "quote": "The writer's view is that any ceasefire must come with foreign troops on the ground.",
            "paraphrase": "The writer wants foreign troops in Ukraine as part of any ceasefire.",
            "paragraph": "4",
        },
    )

    # Step 5: the author in the negotiation table
    append_row(
        copy / "parties.csv",
        {
            "party_id": f"author-{NEW}",
            "label": "Author, example op-ed",
            "kind": "author",
            "source_id": NEW,
            "description": "The writer of an invented op-ed.",
        },
    )
    append_row(
        copy / "positions.csv",
        {
            "position_id": next_id(copy / "positions.csv", "P"),
            "party_id": f"author-{NEW}",
            "term_id": "foreign-troops",
            "position": "requires",
            "claim_id": second,
            "as_of": "2026-03",
            "note": "The writer says any ceasefire must come with foreign troops.",
        },
    )
    append_row(
        copy / "positions.csv",
        {
            "position_id": next_id(copy / "positions.csv", "P"),
            "party_id": f"author-{NEW}",
            "term_id": "sanctions-relief",
            "position": "unknown",
            "note": "The article does not discuss sanctions.",
        },
    )

    # Step 6: the checker names the one thing left to fix, and how
    problems = validate(copy)
    assert len(problems) == 1, "\n".join(map(str, problems))
    problem = problems[0]
    assert problem.file == "my-datasets/sources.csv" and problem.column == "word_count"
    right = re.search(r"write (\d+)\.$", problem.message)
    assert right, problem.message
    text = (copy / "sources.csv").read_text(encoding="utf-8")
    lines = text.split("\n")
    assert problem.row is not None and lines[problem.row - 1].startswith(NEW + ",")
    lines[problem.row - 1] = lines[problem.row - 1].replace(",1,An invented", f",{right.group(1)},An invented")
    (copy / "sources.csv").write_text("\n".join(lines), encoding="utf-8")

    assert main([str(copy)]) == 0
    assert capsys.readouterr().out.startswith("OK: ")

    # Step 7: the new source is in every loader's output
    sources = pk.sources(path=copy)
    assert sources["source_id"].iloc[-1] == NEW
    new = sources.set_index("source_id").loc[NEW]
    assert new["word_count"] == int(right.group(1))
    assert str(new["date_start"].date()) == "2026-03-01"
    assert new["date_precision"] == "month"

    claims = pk.claims(path=copy)
    mine = claims[claims["source_id"] == NEW]
    assert list(mine["claim_id"]) == [first, second]
    assert mine["stance"].tolist() == [-1, 2]

    assert pk.paragraphs(NEW, path=copy)[0] == "Why a pause now would not hold"
    assert pk.article(NEW, path=copy) == ARTICLE

    links = pk.claim_events(path=copy)
    assert set(links.loc[links["claim_id"] == first, "event_id"]) == {
        "minsk-protocol-2014",
        "minsk-ii-2015",
    }
    positions = pk.positions(path=copy)
    assert (positions["party_id"] == f"author-{NEW}").sum() == 2
    assert f"author-{NEW}" in set(pk.parties(path=copy)["party_id"])

    # the shipped data is untouched
    assert NEW not in set(pk.sources()["source_id"])
