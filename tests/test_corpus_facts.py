"""Lints: the kit's prose states no corpus fact a new source could falsify.

Two lints read the prose students and teachers see (markdown cells of
``lessons/`` and ``solutions/`` — ``exercises/`` are generated from
``solutions/`` — and the Markdown files under ``docs/``, the teacher-guide
parts and the two READMEs):

1. **Corpus counts** (issue 10, item 3). A number (a digit, or a number word
   from "two" upward) right before "article(s)", "text(s)", "source(s)",
   "claim(s)" or "document(s)" — one adjective may stand between, as in
   "four other texts" — is a count of the corpus that the next added text
   makes false. Such a line passes only when it is marked as being about the
   seed set (the word "seed" on the line or on the line before it, e.g. "the
   five seed articles", the set named in data by ``sources.csv``'s ``seed``
   column), or when the count is computed in a code cell instead. Not
   counted: "one" (in "one claim per row" it is a unit, not a count), a year
   ("the 2025 texts"), a section or heading number, an instruction ("pick
   two sources", "at least two claims"), which asks the student for a number
   rather than stating one, and a rule or threshold ("no two claims share a
   quote", "fewer than three sources", "15 per article").
2. **Years and numbers** (issue 14, "Process"). Every number in the markdown
   of ``lessons/`` appears in a dataset row (a CSV cell or an article text
   under ``datasets/``) or in an output the lesson computes. Not counted:
   inline code, links, exercise numbers ("Exercise 2.3", "(2.3)"), lesson
   numbers ("lesson 05", "00"), section numbers ("section 6.6") and list
   markers.

Whatever else a line needs is listed, with a reason, in
``tests/corpus_facts_allow.txt`` (one file for both lints, so that merges
stay simple). Lines marked "to fix" are known failures waiting for a rewrite;
an entry that no longer matches any line fails the suite, so the list only
shrinks.
"""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ALLOW_FILE = ROOT / "tests" / "corpus_facts_allow.txt"

COUNT_LINT = "count"
NUMBER_LINT = "number"

# ------------------------------------------------------------------ what is read


def prose_files(root: Path = ROOT) -> list[Path]:
    """Every file the corpus-count lint reads."""
    files = sorted((root / "lessons").glob("*.ipynb")) + sorted((root / "solutions").glob("*.ipynb"))
    docs = [
        path
        for path in sorted((root / "docs").glob("*.md"))
        # teacher-guide.md is built from docs/teacher-guide/*.md (read those);
        # benchmarks.md reports timings on synthetic, multiplied data.
        if path.name not in {"teacher-guide.md", "benchmarks.md"}
    ]
    docs += sorted((root / "docs" / "teacher-guide").glob("*.md"))
    docs += [root / "README.md", root / "datasets" / "README.md"]
    return files + [path for path in docs if path.is_file()]


def lesson_files(root: Path = ROOT) -> list[Path]:
    """Every file the years-and-numbers lint reads."""
    return sorted((root / "lessons").glob("*.ipynb"))


def markdown_lines(file: Path) -> Iterator[tuple[str, str]]:
    """(previous line, line) of a Markdown file or of a notebook's markdown cells."""
    text = file.read_text(encoding="utf-8")
    if file.suffix == ".ipynb":
        blocks = [
            "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]
            for cell in json.loads(text)["cells"]
            if cell["cell_type"] == "markdown"
        ]
    else:
        blocks = [re.sub(r"```.*?```", "", text, flags=re.S)]  # fenced code is code
    for block in blocks:
        previous = ""
        for line in block.splitlines():
            yield previous, line
            previous = line


def relative(file: Path, root: Path = ROOT) -> str:
    return file.relative_to(root).as_posix()


# ------------------------------------------------------------------ lint 1: counts

_NUMBER_WORDS = (
    "two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|thirteen|fourteen|fifteen|"
    "sixteen|seventeen|eighteen|nineteen|twenty|thirty|forty|fifty|hundred|dozen|"
    "a dozen|a hundred|several dozen"
)
_NOT_ADJECTIVES = frozenset(
    "of in on to so and or the a an as at by for from with show shows include includes "
    "is are was were has have per".split()
)
_COUNT_RE = re.compile(
    rf"(?<![\w.§,-])(?P<number>\d+(?:,\d{{3}})*|{_NUMBER_WORDS})\s+"
    r"(?:(?P<adjective>[A-Za-z’'-]+)\s+)?"
    r"(?P<noun>articles?|texts?|sources?|claims?|documents?)\b",
    re.IGNORECASE,
)
_INSTRUCTION_RE = re.compile(
    r"(?:at least|at most|up to|no more than|fewer than|more than|less than|pick|choose|select|find|take|write|compare|"
    r"give|list|name|quote|read|add|code|mark|any|which|no)\s+(?:the\s+|any\s+)?$",
    re.IGNORECASE,
)
_YEAR_RE = re.compile(r"^(1[89]|20)\d\d$")


def corpus_counts(line: str, previous: str = "") -> list[str]:
    """The corpus counts a line states by hand ("five texts"), unless marked as seed."""
    if re.search(r"\bseed\b", previous + " " + line, re.IGNORECASE):
        return []
    stripped = re.sub(r"`[^`]*`", "", line).replace("*", "")
    if re.match(r"^\s*#+\s*\d", stripped):  # "## 8 Claims": a section number
        stripped = re.sub(r"^(\s*#+\s*)\d+(\.\d+)*", r"\1", stripped)
    found = []
    for match in _COUNT_RE.finditer(stripped):
        number, adjective = match.group("number"), match.group("adjective")
        if adjective and adjective.lower() in _NOT_ADJECTIVES:
            continue
        if _YEAR_RE.match(number) or re.fullmatch(r"0\d", number):
            continue  # "the 2025 texts": a year; "05 claims side by side": a lesson number
        if _INSTRUCTION_RE.search(stripped[: match.start()]):
            continue  # "pick two sources": asks for a number, states none
        found.append(match.group(0))
    return found


# ------------------------------------------------------------------ lint 2: numbers

_TOKEN_RE = re.compile(r"\d{1,3}(?:,\d{3})+(?![\d])|\d+(?:\.\d+)?")


def number_tokens(text: str) -> set[str]:
    """Numbers in a text, thousands separators removed ("800,000" -> "800000")."""
    return {token.replace(",", "") for token in _TOKEN_RE.findall(text)}


def dataset_numbers(root: Path = ROOT) -> set[str]:
    """Every number in a dataset row or an article text."""
    known: set[str] = set()
    folder = root / "datasets"
    for file in sorted(folder.glob("*.csv")):
        for row in csv.reader(io.StringIO(file.read_text(encoding="utf-8"), newline="")):
            for cell in row:
                known |= number_tokens(cell)
    for file in sorted((folder / "articles").glob("*.txt")):
        known |= number_tokens(file.read_text(encoding="utf-8"))
    return known


def computed_numbers(file: Path) -> set[str]:
    """Every number in the saved outputs of a notebook's code cells."""
    notebook = json.loads(file.read_text(encoding="utf-8"))
    outputs = [cell.get("outputs", []) for cell in notebook["cells"] if cell["cell_type"] == "code"]
    return number_tokens(json.dumps(outputs, ensure_ascii=False))


_NOT_FACTS = (
    re.compile(r"`[^`]*`"),  # inline code
    re.compile(r"\]\([^)]*\)"),  # link targets
    re.compile(r"https?://\S+"),
    re.compile(
        r"(?i)\b(?:exercises?|hints?|lessons?|steps?|parts?|cells?|sections?|§)\s*"
        r"\d+(?:\.\d+)*(?:\s*(?:–|-|and|to|,)\s*\d+(?:\.\d+)*)*"
    ),
    re.compile(r"\(\d+\.\d+\)"),  # "(2.3)": an exercise number
    re.compile(r"(?<![\d.,])0\d(?![\d.,])"),  # "00".."09": lesson numbers
    re.compile(r"^\s*(?:#+\s*)?\d+[.)]\s"),  # list markers, numbered headings
)


def unknown_numbers(line: str, known: set[str]) -> list[str]:
    """Numbers on a lesson's markdown line found neither in the data nor computed."""
    for pattern in _NOT_FACTS:
        line = pattern.sub(" ", line)
    return sorted(number_tokens(line) - known)


# ------------------------------------------------------------------ allow-list


def read_allow_list(file: Path = ALLOW_FILE) -> list[tuple[str, str, str, str]]:
    """(lint, file, reason, line) entries; '#' starts a comment line."""
    entries = []
    for number, raw in enumerate(file.read_text(encoding="utf-8").splitlines(), 1):
        if not raw.strip() or raw.startswith("#"):
            continue
        parts = raw.split("\t", 3)
        assert len(parts) == 4, (
            f"{relative(file)}, line {number}: write lint<TAB>file<TAB>reason<TAB>line"
        )
        lint, name, reason, text = parts
        assert lint in (COUNT_LINT, NUMBER_LINT), f"{relative(file)}, line {number}: lint {lint!r}"
        assert reason.strip(), f"{relative(file)}, line {number}: give a reason"
        entries.append((lint, name, reason, text))
    return entries


def allowed(lint: str) -> set[tuple[str, str]]:
    return {(name, text.strip()) for kind, name, _, text in read_allow_list() if kind == lint}


def count_findings(files: Iterable[Path], root: Path = ROOT) -> list[tuple[str, str, list[str]]]:
    found = []
    for file in files:
        for previous, line in markdown_lines(file):
            counts = corpus_counts(line, previous)
            if counts:
                found.append((relative(file, root), line.strip(), counts))
    return found


def number_findings(files: Iterable[Path], root: Path = ROOT) -> list[tuple[str, str, list[str]]]:
    data = dataset_numbers(root)
    found = []
    for file in files:
        known = data | computed_numbers(file)
        for _, line in markdown_lines(file):
            numbers = unknown_numbers(line, known)
            if numbers:
                found.append((relative(file, root), line.strip(), numbers))
    return found


def _report(findings: list[tuple[str, str, list[str]]], lint: str) -> str:
    return (
        "State these from the data (a computed cell), mark them as about the seed set, or "
        f"add them to {relative(ALLOW_FILE)} as {lint}<TAB>file<TAB>reason<TAB>line:\n"
        + "\n".join(f"{lint}\t{name}\t?\t{line}    <- {items}" for name, line, items in findings)
    )


# ------------------------------------------------------------------ the lints


def test_no_hard_coded_corpus_counts() -> None:
    allow = allowed(COUNT_LINT)
    findings = [f for f in count_findings(prose_files()) if (f[0], f[1]) not in allow]
    assert not findings, _report(findings, COUNT_LINT)


def test_every_number_in_lesson_prose_is_in_the_data_or_computed() -> None:
    allow = allowed(NUMBER_LINT)
    findings = [f for f in number_findings(lesson_files()) if (f[0], f[1]) not in allow]
    assert not findings, _report(findings, NUMBER_LINT)


def test_allow_list_is_explained_and_every_entry_is_still_needed() -> None:
    current = {
        COUNT_LINT: {(f[0], f[1]) for f in count_findings(prose_files())},
        NUMBER_LINT: {(f[0], f[1]) for f in number_findings(lesson_files())},
    }
    stale = [
        f"{lint}\t{name}\t{reason}\t{text}"
        for lint, name, reason, text in read_allow_list()
        if (name, text.strip()) not in current[lint]
    ]
    assert not stale, (
        "These allow-list entries match no flagged line any more (the line was fixed or "
        f"reworded); delete them from {relative(ALLOW_FILE)}:\n" + "\n".join(stale)
    )


# ------------------------------------------------------------------ the lints can fail


@pytest.mark.parametrize(
    "line",
    [
        "The five texts disagree on almost everything.",
        "Only two other articles mention Minsk.",
        "The ledger holds 156 claims.",
        "Three texts write 'Kyiv'; the four other texts do not.",
        "All 12 documents are treaties.",
    ],
)
def test_count_lint_catches_a_planted_line(line: str) -> None:
    assert corpus_counts(line)


@pytest.mark.parametrize(
    "line, previous",
    [
        ("In the five seed articles, three argue against a deal.", ""),
        ("articles, three texts argue against a deal.", "In the seed set of five"),
        ("Pick two sources and compare them.", ""),
        ("No two claims share a quote.", ""),
        ("A theme is a gap when fewer than three sources address it.", ""),
        ("At least 15 per article.", ""),
        ("Each row is one claim, coded by one reader.", ""),
        ("Compare the 2025 texts with the older one.", ""),
        ("## 8 Claims", ""),
        ("Run `count(5 texts)` to see.", ""),
    ],
)
def test_count_lint_passes_marked_or_generic_lines(line: str, previous: str) -> None:
    assert corpus_counts(line, previous) == []


def test_number_lint_catches_a_planted_line() -> None:
    known = dataset_numbers()
    assert unknown_numbers("The war began in 1812 and 4,321,987 troops fought.", known) == [
        "1812",
        "4321987",
    ]


def test_number_lint_passes_numbers_in_the_data_and_exercise_numbers() -> None:
    known = number_tokens("Budapest Memorandum") | number_tokens("1994-12-05") | number_tokens(
        "800,000 troops"
    )
    line = "In 1994 (Exercise 6.2, see section 6.6), `x = 31337`, lesson 05: 800,000 troops."
    assert unknown_numbers(line, known) == []


def test_planted_lesson_line_fails_the_lint(tmp_path: Path) -> None:
    (tmp_path / "lessons").mkdir()
    (tmp_path / "datasets" / "articles").mkdir(parents=True)
    (tmp_path / "datasets" / "timeline.csv").write_text("event_id,date\nx-1994,1994-12-05\n")
    notebook = {
        "cells": [
            {"cell_type": "markdown", "metadata": {}, "source": ["In 1994 the five texts agreed.\n"]},
            {"cell_type": "markdown", "metadata": {}, "source": ["In 1995 nothing happened."]},
        ],
        "metadata": {},
        "nbformat": 4,
        "nbformat_minor": 5,
    }
    lesson = tmp_path / "lessons" / "99-planted.ipynb"
    lesson.write_text(json.dumps(notebook), encoding="utf-8")
    assert count_findings([lesson], tmp_path) == [
        ("lessons/99-planted.ipynb", "In 1994 the five texts agreed.", ["five texts"])
    ]
    assert number_findings([lesson], tmp_path) == [
        ("lessons/99-planted.ipynb", "In 1995 nothing happened.", ["1995"])
    ]


# ------------------------------------------------------------------ maintenance


def refresh_allow_list() -> tuple[list[str], list[str]]:
    """Drop entries that match nothing; add new findings marked 'to fix'.

    For merges: ``python tests/test_corpus_facts.py --refresh``. Review what
    it adds: a new finding is better fixed (computed, or said of the seed
    set) than listed.
    """
    lines = ALLOW_FILE.read_text(encoding="utf-8").splitlines()
    current = {
        COUNT_LINT: {(f[0], f[1]) for f in count_findings(prose_files())},
        NUMBER_LINT: {(f[0], f[1]) for f in number_findings(lesson_files())},
    }
    kept, dropped, listed = [], [], set()
    for raw in lines:
        parts = raw.split("\t", 3)
        if raw.startswith("#") or not raw.strip() or len(parts) != 4:
            kept.append(raw)
            continue
        key = (parts[1], parts[3].strip())
        if key in current.get(parts[0], set()):
            kept.append(raw)
            listed.add((parts[0], *key))
        else:
            dropped.append(raw)
    added = [
        f"{lint}\t{name}\tto fix\t{text}"
        for lint in (COUNT_LINT, NUMBER_LINT)
        for name, text in sorted(current[lint])
        if (lint, name, text) not in listed
    ]
    ALLOW_FILE.write_text("\n".join(kept + added) + "\n", encoding="utf-8")
    return dropped, added


if __name__ == "__main__":  # pragma: no cover - a maintenance command
    import sys

    if sys.argv[1:] != ["--refresh"]:
        sys.exit("usage: python tests/test_corpus_facts.py --refresh")
    dropped, added = refresh_allow_list()
    print(f"dropped {len(dropped)} entries that match nothing; added {len(added)} marked 'to fix':")
    print("\n".join(["- " + d for d in dropped] + ["+ " + a for a in added]))
