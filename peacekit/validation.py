"""Check a datasets folder and name the file, row and column of every problem.

``python -m peacekit validate [PATH]`` (or ``pk.validate(path)``) runs
every rule once, each by one checker:

* the rules ``datapackage.json`` states (column types, allowed values,
  patterns, required cells, unique ids, foreign keys): checked by
  :mod:`peacekit.schema` for the columns it reads itself (all the shipped
  ones), and by Frictionless for any other column (a type, format or
  constraint the kit does not read), its reports translated into one-line
  sentences; Frictionless also checks that ``datapackage.json`` follows the
  Data Package standard (the validator only: the loaders read past it);
* the rules no schema can express: every quote occurs in its article and in
  the paragraph its row names, is not empty or only spaces, and neither
  repeats nor overlaps another quote of the same source; each source has at
  least the claims ``datapackage.json`` asks for (custom property
  ``peacekit.min_claims_per_source``: a number per ``sources.kind``, and
  ``default``; :data:`DEFAULT_MIN_CLAIMS` when absent); every id in
  ``claims.event_ids`` and every position's evidence exists; each article
  file exists and its word count matches; no path (a resource's ``path``,
  ``sources.text_file``) leads outside the folder; links are ``http(s)://``
  web addresses (never ``javascript:`` or ``file:``); no cell holds a
  control character (such as NUL) or a ``TO FILL`` left by
  ``python -m peacekit new-source``; no figure is negative; no table is
  empty; text is plain (no HTML); files are UTF-8 without a byte-order mark
  and with LF line endings (CRLF and CR-only are named apart); dates are
  real dates; and a few consistency rules between tables.

The loaders (``pk.claims()`` and the rest) run the same rules, through
:func:`check_rules` (once per state of the folder; Frictionless is imported
only when the descriptor has a column the kit does not read), and refuse
what breaks one with the same sentence: each loader refuses the problems
named in the file it reads (and in ``datapackage.json``), so a quote missing from its
article stops ``pk.claims()`` and not ``pk.themes()``. They read anyway
what changes nothing they return or what the widgets make harmless, which
the validator still reports: a byte-order mark, Windows or old Mac line
endings, an empty line, text that looks like HTML (every widget escapes
text), and two coding rules that a copy in progress may break without harm:
fewer claims per source than ``datapackage.json`` asks for, and quotes that
repeat or overlap within a source (the reader splits overlapping passages
and marks them), and a descriptor that breaks the Data Package standard
in a part the kit does not read (a name, a licence, a profile). Warnings
(a paraphrase that repeats six or more words of its quote in a row) never
fail the check.

Each problem is one line, for example::

    datasets/claims.csv, row 14, column quote: the quote is not in articles/cepa-clemens.txt — copy it exactly from the text.

Rows are line numbers as a text editor shows them: the header is row 1, the
first data row is row 2 (a value that spans several lines is counted at the
line where its row starts).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import defaultdict
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from peacekit.data import (
    DESCRIPTOR,
    TO_FILL,
    DatasetError,
    Table,
    count_words,
    data_dir,
    decode_text,
    inside,
    normalise_quote,
    parse_partial_date,
    read_descriptor,
    split_paragraphs,
    where,
)
from peacekit.schema import FRICTIONLESS_ERRORS, frictionless_part

__all__ = ["DEFAULT_MIN_CLAIMS", "Problem", "check_rules", "main", "validate"]

#: Claims a source needs at least, by ``sources.kind`` ("default": any other
#: kind, or no kind column). ``datapackage.json`` may override it with a
#: custom property: ``"peacekit": {"min_claims_per_source": {...}}``.
DEFAULT_MIN_CLAIMS: dict[str, int] = {"default": 15, "primary": 6}
#: Words a paraphrase may share in a row with its quote before a warning.
PARAPHRASE_RUN = 6

_HTML_RE = re.compile(r"<[A-Za-z/!?]|&(?:[A-Za-z]{2,8}|#[0-9]{2,6}|#x[0-9A-Fa-f]{2,6});")
_ARTICLE_PATH = "articles/{source_id}.txt"
_WORD_RE = re.compile(r"[^\W_]+(?:'[^\W_]+)*")
#: The Data Package profiles a descriptor may name (any other is a reference to fetch).
_STANDARD_PROFILES = frozenset(
    {"data-package", "tabular-data-package", "data-resource", "tabular-data-resource"}
)
_NEGATIVE_RE = re.compile(r"^\s*[-\u2212\u2013]\s*[0-9]")


@dataclass(frozen=True, order=True)
class Problem:
    """One problem in a datasets folder.

    Parameters
    ----------
    file : str
        The file as shown to the reader, e.g. ``"datasets/claims.csv"``.
    row : int or None
        Line number in the file as an editor shows it (header = 1), or None
        when the problem concerns the whole file.
    column : str or None
        Column name, or None when the problem concerns a whole row or file.
    message : str
        What is wrong and how to fix it, as one sentence.
    warning : bool, optional
        True for advice that does not fail the check (default False).
    loaders_refuse : bool, optional
        False for the few problems the loaders read past (see the module
        docstring); default True.
    """

    file: str
    row: int | None
    column: str | None
    message: str
    warning: bool = False
    loaders_refuse: bool = True

    def __str__(self) -> str:
        prefix = "warning: " if self.warning else ""
        return where(self.file, self.row, self.column) + ": " + prefix + self.message


@dataclass
class _Run:
    """State of one validation run."""

    folder: Path
    problems: list[Problem] = field(default_factory=list)
    tables: dict[str, Table] = field(default_factory=dict)
    descriptor: dict[str, Any] = field(default_factory=dict)
    descriptor_ok: bool = False
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)
    stats: dict[str, int] = field(default_factory=lambda: defaultdict(int))
    # file -> its text (None when unreadable): each file is checked once
    texts: dict[str, str | None] = field(default_factory=dict)

    def label(self, relative: str) -> str:
        return f"{self.folder.name}/{relative}"

    def add(
        self,
        file: str,
        row: int | None,
        column: str | None,
        message: str,
        *,
        warning: bool = False,
        loaders_refuse: bool = True,
    ) -> None:
        self.problems.append(
            Problem(file, row, column, message, warning=warning, loaders_refuse=loaders_refuse)
        )


# ------------------------------------------------------------------ public


def validate(path: str | Path | None = None) -> list[Problem]:
    """Check a datasets folder and return every problem found.

    Parameters
    ----------
    path : str or path-like, optional
        A datasets folder (or its ``datapackage.json``). Default: the folder
        the loaders use (see :func:`peacekit.data.data_dir`).

    Returns
    -------
    list of Problem
        Empty when the folder is valid. Problems are sorted by file and row;
        ``str(problem)`` gives the one-line message. Rows are line numbers as
        an editor shows them (header = 1). Warnings (``problem.warning``)
        are included; they do not make ``python -m peacekit validate`` fail.
    """
    try:
        return _validate(path)[0]
    except Exception as exc:  # noqa: BLE001 - a validator reports, it never tracebacks
        return [
            Problem(
                str(path or "datasets"),
                None,
                None,
                f"the check could not finish ({type(exc).__name__}: {exc}).",
            )
        ]


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m peacekit validate [PATH]``.

    Parameters
    ----------
    argv : sequence of str, optional
        Arguments after ``validate`` (default: ``sys.argv[1:]``).

    Returns
    -------
    int
        0 when the folder is valid (one summary line is printed), 1 when
        there are problems (one line each, then a count), 2 for a usage
        error.
    """
    args = list(sys.argv[1:] if argv is None else argv)
    if args and args[0] == "validate" and not Path("validate").is_dir():
        args = args[1:]
    parser = argparse.ArgumentParser(
        prog="python -m peacekit validate",
        description="Check a peacekit datasets folder: schema, quotes, links, encodings.",
    )
    parser.add_argument(
        "path", nargs="?", default=None, help="the datasets folder (default: the kit's own)"
    )
    try:
        options = parser.parse_args(args)
    except SystemExit as exc:  # argparse has printed the usage message
        return int(exc.code or 0)
    try:
        problems, stats, folder = _validate(options.path)
    except Exception as exc:  # noqa: BLE001 - the command must never show a traceback
        print(f"peacekit validate could not finish: {type(exc).__name__}: {exc}")
        return 1
    for problem in problems:
        print(problem)
    errors = [p for p in problems if not p.warning]
    if errors:
        count = len(errors)
        print(f"{count} problem{'s' if count != 1 else ''} found in {folder}.")
        return 1
    if problems:
        count = len(problems)
        print(f"{count} warning{'s' if count != 1 else ''} (advice; the data is valid).")
    print(
        f"OK: {folder} is valid — {stats['tables']} tables ({stats['rows']} rows) "
        f"match datapackage.json; {stats['quotes']} quotes found in their paragraphs of "
        f"{stats['articles']} article texts; {stats['links']} links between tables resolve; "
        "claims per source (against the minimum in datapackage.json), "
        "word counts, dates, plain text, UTF-8 and LF line endings checked."
    )
    return 0


# ------------------------------------------------------------------ driver


def _validate(path: str | Path | None) -> tuple[list[Problem], dict[str, int], Path | str]:
    try:
        folder = data_dir(path=path)
    except DatasetError as exc:
        return [Problem(exc.file, exc.row, exc.column, exc.message)], {}, str(path)
    run = _rules(folder)
    if run.descriptor_ok:
        _guarded(run, _check_descriptor_standard)
    run.stats["tables"] = len(run.frames)
    return sorted(run.problems, key=_sort_key), dict(run.stats), folder


def check_rules(folder: Path) -> tuple[dict[str, pd.DataFrame], list[Problem]]:
    """Run every rule on the data (the loaders' check; the validator adds one).

    Each rule is checked once, by one checker: the schema rules by
    :mod:`peacekit.schema` (and, for a column it does not read itself, by
    Frictionless), the rules no schema can express by this module. The
    validator adds only the check that ``datapackage.json`` follows the Data
    Package standard, which changes nothing the loaders return.

    Parameters
    ----------
    folder : pathlib.Path
        The datasets folder (absolute).

    Returns
    -------
    tuple of (dict, list of Problem)
        The typed tables (name -> DataFrame, as the loaders return them; only
        meaningful when no problem refuses them) and the problems, sorted.
    """
    run = _rules(folder)
    return run.frames, sorted(run.problems, key=_sort_key)


def _rules(folder: Path) -> _Run:
    run = _Run(folder)
    try:
        _check_file_bytes(run, DESCRIPTOR)
        descriptor = read_descriptor(folder)
    except DatasetError as exc:
        run.add(exc.file, exc.row, exc.column, exc.message)
        return run
    run.descriptor_ok = True
    run.descriptor = descriptor
    resources = [r for r in descriptor["resources"] if isinstance(r, dict) and r.get("name")]
    for spec in resources:
        try:
            _load_table(run, spec)
        except DatasetError as exc:
            run.add(exc.file, exc.row, exc.column, exc.message)
        except Exception as exc:  # noqa: BLE001 - report, never traceback
            run.add(
                run.label(str(spec.get("path", spec["name"]))),
                None,
                None,
                f"the file could not be read ({type(exc).__name__}: {exc}).",
            )
    for check in _CHECKS:
        _guarded(run, check)
    return run


def _guarded(run: _Run, check: Callable[[_Run], None]) -> None:
    """Run one check; an unexpected failure becomes one problem, never a traceback."""
    try:
        check(run)
    except Exception as exc:  # noqa: BLE001 - report, never traceback
        run.add(
            run.label(DESCRIPTOR),
            None,
            None,
            f"the check {check.__name__.lstrip('_')} stopped unexpectedly "
            f"({type(exc).__name__}: {exc}); fix the problems above and run it again.",
        )


def _sort_key(problem: Problem) -> tuple[str, int, str, str]:
    return (problem.file, problem.row or 0, problem.column or "", problem.message)


# ------------------------------------------------------------------ files


def _check_file_bytes(run: _Run, relative: str) -> str | None:
    """Check encoding, BOM and line endings (once per file); return the text when readable."""
    if relative not in run.texts:
        run.texts[relative] = _read_checked(run, relative)
    return run.texts[relative]


def _read_checked(run: _Run, relative: str) -> str | None:
    file = run.folder / relative
    label = run.label(relative)
    if not file.is_file():
        return None
    raw = file.read_bytes()
    try:
        text = decode_text(raw, label)
    except DatasetError as exc:
        run.add(exc.file, exc.row, exc.column, exc.message)
        return None
    if raw.startswith(b"\xef\xbb\xbf"):
        run.add(
            label,
            1,
            None,
            "the file starts with a byte-order mark (BOM); save it as UTF-8 without BOM "
            "(in a text editor choose the encoding 'UTF-8', not 'UTF-8 with BOM').",
            loaders_refuse=False,
        )
    if "\r" in text:
        first = text.index("\r")
        line = text[:first].count("\n") + 1
        kind = (
            "Windows line endings (CRLF)"
            if text[first : first + 2] == "\r\n"
            else "old Mac line endings (CR only, no LF)"
        )
        run.add(
            label,
            line,
            None,
            f"the file has {kind}; save it with Unix line endings (LF) "
            "— in most editors: the line-ending setting at the bottom of the window.",
            loaders_refuse=False,
        )
    return text


def _load_table(run: _Run, spec: dict[str, Any]) -> None:
    name = str(spec["name"])
    relative = str(spec.get("path", f"{name}.csv"))
    label = run.label(relative)
    inside(run.folder, relative, run.label(DESCRIPTOR))  # never open a file outside the data
    if not (run.folder / relative).is_file():
        run.add(label, None, None, f"the file is missing; datapackage.json lists it as {relative}.")
        return
    if _check_file_bytes(run, relative) is None:
        return  # not UTF-8: already reported
    try:
        table = Table(run.folder, name)
    except DatasetError as exc:
        run.add(exc.file, exc.row, exc.column, exc.message)
        return
    known = {f["name"] for f in table.fields}
    for column in table.header:
        if column not in known:
            run.add(
                label,
                1,
                column,
                "this column is not described in datapackage.json; remove it, or add it to "
                f"the {name} schema there.",
            )
    for line in table.blank_lines:
        run.add(label, line, None, "this line is empty; delete it.", loaders_refuse=False)
    frame = table.frame(strict=False)
    for row, column, message in table.problems:
        run.add(label, row, column, message)
    if table.fatal:
        return
    if not table.all_rows:
        run.add(
            label,
            2,
            None,
            f"the file has a header but no rows; {name} needs at least one row (links to "
            f"{relative} are not checked until it has some).",
        )
    run.tables[name] = table
    run.frames[name] = frame
    run.stats["rows"] += len(table.rows)


# ------------------------------------------------------------------ ids


def _check_unique(run: _Run) -> None:
    for name, table in run.tables.items():
        unique = [
            f["name"]
            for f in table.fields
            if (f.get("constraints") or {}).get("unique")
        ]
        key = _schema(run, name).get("primaryKey")
        if isinstance(key, str) and key not in unique:
            unique.append(key)
        for column in unique:
            first: dict[str, int] = {}
            for line, row in table.rows:
                value = row.get(column, "")
                if value == "":
                    continue
                if value in first:
                    run.add(
                        table.label,
                        line,
                        column,
                        f"{value!r} is already used on row {first[value]}; every {column} "
                        "must be different.",
                    )
                else:
                    first[value] = line


def run_resource(run: _Run, name: str) -> dict[str, Any]:
    """Return a resource's descriptor (empty dict when unknown)."""
    for spec in run.descriptor.get("resources", []):
        if isinstance(spec, dict) and spec.get("name") == name:
            return spec
    return {}


def _schema(run: _Run, name: str) -> dict[str, Any]:
    """A table's schema (empty when missing, or not written into the descriptor)."""
    schema = run_resource(run, name).get("schema")
    return schema if isinstance(schema, dict) else {}


def _ids(run: _Run, name: str, column: str) -> set[str] | None:
    table = run.tables.get(name)
    if table is None:
        return None
    return {row.get(column, "") for _, row in table.all_rows} - {""}


def _check_foreign_keys(run: _Run) -> None:
    for name, table in run.tables.items():
        for fk in _schema(run, name).get("foreignKeys", []) or []:
            column = fk.get("fields")
            ref = fk.get("reference") or {}
            target = ref.get("resource") or name
            target_column = ref.get("fields")
            if not isinstance(column, str) or not isinstance(target_column, str):
                continue
            known = _ids(run, target, target_column)
            if not known:
                continue  # the target is missing, unreadable or empty: reported there
            target_file = run.tables[target].label.split("/", 1)[-1]
            for line, row in table.rows:
                value = _filled(row.get(column, ""))
                if value == "":
                    continue  # empty, or still marked TO FILL (reported by the type check)
                run.stats["links"] += 1
                if value not in known:
                    run.add(
                        table.label,
                        line,
                        column,
                        f"{value!r} is not {_a(target_column)} in {target_file}; use one "
                        f"listed there (or add it there first).",
                    )
    # claims.event_ids: a list of timeline ids in one cell
    events = _ids(run, "timeline", "event_id")
    if "claims" in run.tables and events:
        table = run.tables["claims"]
        for line, row in table.rows:
            for event_id in row.get("event_ids", "").split(";"):
                event_id = event_id.strip()
                if not event_id:
                    continue
                run.stats["links"] += 1
                if event_id not in events:
                    run.add(
                        table.label,
                        line,
                        "event_ids",
                        f"{event_id!r} is not an event_id in timeline.csv; use ids listed "
                        "there, separated by ';'.",
                    )


# ------------------------------------------------------------------ text


def _check_plain_text(run: _Run) -> None:
    for table in run.tables.values():
        text_fields = [f["name"] for f in table.fields if f.get("type", "string") == "string"]
        for line, row in table.rows:
            for column in text_fields:
                match = _HTML_RE.search(row.get(column, ""))
                if match:
                    run.add(
                        table.label,
                        line,
                        column,
                        f"text must be plain, but {match.group(0)!r} looks like HTML markup; "
                        "remove the tags or entities and write the characters themselves.",
                        loaders_refuse=False,
                    )


def _check_sources(run: _Run) -> None:
    if "sources" not in run.tables:
        return
    table = run.tables["sources"]
    for line, row in table.rows:
        _check_source_cells(run, table, line, row)
        if row.get("text_file", "") and _check_article(run, table, line, row):
            _check_source_date(run, table, line, row)


def _check_source_cells(run: _Run, table: Table, line: int, row: dict[str, str]) -> None:
    """A text is named after its source_id; only primary documents have a party_id."""
    source_id = row.get("source_id", "")
    relative = row.get("text_file", "")
    expected = _ARTICLE_PATH.format(source_id=source_id)
    if source_id and relative and relative != expected:
        run.add(
            table.label,
            line,
            "text_file",
            f"{relative!r} should be {expected!r} (each text is named after its source_id).",
        )
    kind, party_id = _filled(row.get("kind", "")), _filled(row.get("party_id", ""))
    if kind and kind != "primary" and party_id:
        run.add(
            table.label,
            line,
            "party_id",
            f"only primary documents have a party_id; a {kind} text leaves it empty (its "
            "claims name who speaks).",
        )


def _check_article(run: _Run, table: Table, line: int, row: dict[str, str]) -> bool:
    """Check a source's text file; True when it is readable and not empty."""
    relative = row.get("text_file", "")
    try:
        file = inside(run.folder, relative, table.label, row=line, column="text_file")
    except DatasetError as exc:
        run.add(exc.file, exc.row, exc.column, exc.message)
        return False
    if not file.is_file():
        run.add(
            table.label,
            line,
            "text_file",
            f"the file {relative} does not exist; save the article text there as plain "
            "UTF-8 text.",
        )
        return False
    text = _check_file_bytes(run, relative)
    if text is None:
        return False
    run.stats["articles"] += 1
    article_label = run.label(relative)
    if not text.strip():
        run.add(article_label, 1, None, "the article text is empty.")
        return False
    match = _HTML_RE.search(text)
    if match:
        line_no = text[: match.start()].count("\n") + 1
        run.add(
            article_label,
            line_no,
            None,
            f"text must be plain, but {match.group(0)!r} looks like HTML markup; remove "
            "the tags or entities.",
            loaders_refuse=False,
        )
    declared = row.get("word_count", "")
    if declared.strip().lstrip("+-").isdigit():
        actual = count_words(text)
        if int(declared) != actual:
            run.add(
                table.label,
                line,
                "word_count",
                f"{declared} does not match {relative}, which has {actual} words "
                "(runs of characters between spaces); write "
                f"{actual}.",
            )
    return True


def _check_source_date(run: _Run, table: Table, line: int, row: dict[str, str]) -> None:
    """The date and its precision must agree."""
    date = row.get("date", "")
    precision = row.get("date_precision", "")
    parsed = parse_partial_date(date) if date else None
    if date and parsed and precision and parsed[1] != precision:
        run.add(
            table.label,
            line,
            "date_precision",
            f"{precision!r} does not fit the date {date!r}, which is given to the "
            f"{parsed[1]}; write {parsed[1]!r}.",
        )
    if not date and precision and precision != "unknown":
        run.add(
            table.label,
            line,
            "date_precision",
            f"{precision!r} needs a date; the date is empty, so write 'unknown'.",
        )


def _article_paragraphs(run: _Run) -> dict[str, tuple[str, list[str], str]]:
    """source_id -> (label of the text file, paragraphs, whole normalised text)."""
    found: dict[str, tuple[str, list[str], str]] = {}
    if "sources" not in run.tables:
        return found
    for _, row in run.tables["sources"].rows:
        relative = row.get("text_file", "")
        try:
            file = inside(run.folder, relative, "")
        except DatasetError:
            continue  # reported by _check_sources
        if not file.is_file():
            continue
        try:
            text = decode_text(file.read_bytes(), run.label(relative))
        except DatasetError:
            continue
        paragraphs = split_paragraphs(text)
        found[row.get("source_id", "")] = (
            relative,
            [normalise_quote(p) for p in paragraphs],
            normalise_quote(" ".join(paragraphs)),
        )
    return found


def _divergence(quote: str, text: str) -> str:
    """Say where a quote stops matching the text."""
    low, high = 0, len(quote)
    while low < high:  # longest prefix of the quote that occurs in the text
        middle = (low + high + 1) // 2
        if quote[:middle] in text:
            low = middle
        else:
            high = middle - 1
    if low < 8:
        return ""
    tail = quote[max(0, low - 30) : low]
    return f" (it matches up to “…{tail}” and then differs)"


def _words(text: str) -> list[str]:
    return _WORD_RE.findall(normalise_quote(text).lower())


def _shared_run(quote: str, paraphrase: str, length: int = PARAPHRASE_RUN) -> str | None:
    """The first run of ``length`` words of the quote that the paraphrase repeats."""
    words = _words(quote)
    runs = {tuple(words[i : i + length]) for i in range(len(words) - length + 1)}
    said = _words(paraphrase)
    for i in range(len(said) - length + 1):
        if tuple(said[i : i + length]) in runs:
            return " ".join(said[i : i + length])
    return None


def _check_claims(run: _Run) -> None:
    if "claims" not in run.tables:
        return
    table = run.tables["claims"]
    quotes = _Quotes(run, table, _article_paragraphs(run))
    for line, row in table.rows:
        _check_paraphrase(run, table, line, row)
        quotes.check(line, row)


def _check_paraphrase(run: _Run, table: Table, line: int, row: dict[str, str]) -> None:
    """Warn when a paraphrase repeats a run of words of its quote."""
    shared = _shared_run(row.get("quote", ""), row.get("paraphrase", ""))
    if shared:
        run.add(
            table.label,
            line,
            "paraphrase",
            f"the paraphrase repeats {PARAPHRASE_RUN} or more words of the quote in a row "
            f"(“{shared}”); say it in the kit's own words.",
            warning=True,
        )


@dataclass
class _Quotes:
    """The quote rules of claims.csv, with the quotes placed so far."""

    run: _Run
    table: Table
    articles: dict[str, tuple[str, list[str], str]]
    # (source_id, paragraph) -> [(start, end, line, claim_id)] of the quotes placed so far
    placed: dict[tuple[str, int], list[tuple[int, int, int, str]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    seen: dict[tuple[str, str], tuple[int, str]] = field(default_factory=dict)

    def add(self, line: int, column: str, message: str, **kwargs: bool) -> None:
        self.run.add(self.table.label, line, column, message, **kwargs)

    def check(self, line: int, row: dict[str, str]) -> None:
        """Check one claim's quote against its article."""
        source_id = row.get("source_id", "")
        quote = normalise_quote(row.get("quote", ""))
        if source_id not in self.articles or not quote:
            return  # unknown source / missing file / empty quote: reported elsewhere
        claim_id = row.get("claim_id", "")
        twin = self.seen.get((source_id, quote))
        if twin is not None:
            self.add(
                line,
                "quote",
                f"the same quote as row {twin[0]} ({twin[1]}); each claim quotes its own words "
                "— quote the part that makes this claim, or merge the two rows.",
                loaders_refuse=False,
            )
            return
        self.seen[(source_id, quote)] = (line, claim_id)
        relative, paragraphs, whole = self.articles[source_id]
        self.run.stats["quotes"] += 1
        if quote not in whole:
            self.add(
                line,
                "quote",
                f"the quote is not in {relative}{_divergence(quote, whole)} — copy it exactly "
                "from the text.",
            )
            return
        holding = [number for number, text in enumerate(paragraphs, 1) if quote in text]
        if not holding:
            self.add(
                line,
                "quote",
                f"the quote runs across two paragraphs of {relative}; shorten it so it lies "
                "within one paragraph.",
            )
            return
        stated = row.get("paragraph", "").strip()
        if not stated.isdigit():
            return  # reported by the type check
        self.check_overlap(line, claim_id, source_id, quote, int(stated), holding)
        self.check_paragraph(line, int(stated), holding, relative, len(paragraphs))

    def check_overlap(
        self, line: int, claim_id: str, source_id: str, quote: str, number: int, holding: list[int]
    ) -> None:
        """A quote must not overlap another quote of the same paragraph."""
        relative, paragraphs, _ = self.articles[source_id]
        home = number if number in holding else holding[0]
        start = paragraphs[home - 1].find(quote)
        end = start + len(quote)
        for other_start, other_end, other_line, other_id in self.placed[(source_id, home)]:
            if start < other_end and other_start < end:
                common = paragraphs[home - 1][max(start, other_start) : min(end, other_end)]
                self.add(
                    line,
                    "quote",
                    f"the quote overlaps the quote of row {other_line} ({other_id}) in "
                    f"paragraph {home} of {relative} (both hold “{_clip(common)}”); quotes "
                    "must not overlap, so that the reader can highlight each one — shorten one.",
                    loaders_refuse=False,
                )
                break
        self.placed[(source_id, home)].append((start, end, line, claim_id))

    def check_paragraph(
        self, line: int, number: int, holding: list[int], relative: str, count: int
    ) -> None:
        """The paragraph column names the paragraph that holds the quote."""
        if number > count:
            self.add(
                line,
                "paragraph",
                f"there is no paragraph {number}: {relative} has {count} paragraphs "
                f"and the quote is in paragraph {holding[0]}.",
            )
        elif number not in holding:
            where_found = " and ".join(str(n) for n in holding)
            self.add(
                line,
                "paragraph",
                f"the quote is in paragraph {where_found} of {relative}, not in paragraph "
                f"{number}; write {holding[0]}.",
            )


def _clip(text: str, limit: int = 40) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _min_claims(run: _Run) -> dict[str, int]:
    """Claims a source needs, by kind, from datapackage.json or the defaults."""
    minimum = dict(DEFAULT_MIN_CLAIMS)
    custom = (run.descriptor.get("peacekit") or {}).get("min_claims_per_source")
    if isinstance(custom, dict):
        for kind, value in custom.items():
            if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
                minimum[str(kind)] = value
            else:
                run.add(
                    run.label(DESCRIPTOR),
                    None,
                    None,
                    f"peacekit.min_claims_per_source[{kind!r}] must be a whole number of 0 or "
                    f"more, not {value!r}.",
                )
    return minimum


def _check_claims_per_source(run: _Run) -> None:
    if "sources" not in run.tables or "claims" not in run.tables:
        return
    minimum = _min_claims(run)
    if not run.tables["claims"].rows:
        return  # an empty claims.csv is reported once, there
    counts: dict[str, int] = defaultdict(int)
    for _, row in run.tables["claims"].rows:
        counts[row.get("source_id", "")] += 1
    table = run.tables["sources"]
    for line, row in table.rows:
        source_id, kind = row.get("source_id", ""), _filled(row.get("kind", ""))
        need = minimum.get(kind, minimum["default"])
        have = counts.get(source_id, 0)
        if source_id and have < need:
            what = f"a {kind} text" if kind else "a source"
            run.add(
                table.label,
                line,
                "source_id",
                f"{source_id!r} has {have} claim{'s' if have != 1 else ''} in claims.csv; "
                f"{what} needs at least {need} (datapackage.json, "
                "peacekit.min_claims_per_source) — code more claims, or lower the minimum there.",
                loaders_refuse=False,
            )


def _check_figures(run: _Run) -> None:
    if "figures" not in run.tables:
        return
    table = run.tables["figures"]
    for line, row in table.rows:
        value = row.get("value", "")
        if _NEGATIVE_RE.match(value):
            run.add(
                table.label,
                line,
                "value",
                f"{value!r} is negative; a figure here is a count or an amount — write it "
                "without a minus sign and say in figure or notes what it measures (a fall, a loss).",
            )


def _check_timeline(run: _Run) -> None:
    if "timeline" not in run.tables:
        return
    table = run.tables["timeline"]
    for line, row in table.rows:
        event_id, date = row.get("event_id", ""), row.get("date", "")
        year = re.search(r"([0-9]{4})$", event_id)
        if year and re.match(r"^[0-9]{4}-", date) and year.group(1) != date[:4]:
            run.add(
                table.label,
                line,
                "event_id",
                f"{event_id!r} ends with {year.group(1)} but the event is dated {date}; "
                "end the id with the event's year.",
            )


def _check_partial_dates(run: _Run) -> None:
    from peacekit.data import PARTIAL_DATE_FIELDS

    for name, columns in PARTIAL_DATE_FIELDS.items():
        table = run.tables.get(name)
        if table is None:
            continue
        for line, row in table.rows:
            for column in columns:
                value = row.get(column, "")
                if value and re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", value):
                    if parse_partial_date(value) is None:
                        run.add(
                            table.label,
                            line,
                            column,
                            f"{value!r} is not a real date (check the month and the day).",
                        )


def _check_parties(run: _Run) -> None:
    if "parties" not in run.tables:
        return
    table = run.tables["parties"]
    for line, row in table.rows:
        kind, source_id, party_id = row.get("kind", ""), row.get("source_id", ""), row.get(
            "party_id", ""
        )
        if kind == "author" and not source_id:
            run.add(
                table.label,
                line,
                "source_id",
                "an author party needs the source_id of the article it wrote.",
            )
        if kind and kind != "author" and source_id:
            run.add(
                table.label,
                line,
                "source_id",
                f"only author parties have a source_id; a {kind} party leaves it empty.",
            )
        if kind == "author" and source_id and party_id != f"author-{source_id}":
            run.add(
                table.label,
                line,
                "party_id",
                f"an author party's id is 'author-' plus its source_id: write "
                f"'author-{source_id}'.",
            )


def _check_positions(run: _Run) -> None:
    if "positions" not in run.tables:
        return
    table = run.tables["positions"]
    party_source = {
        row.get("party_id", ""): row.get("source_id", "")
        for _, row in (run.tables["parties"].rows if "parties" in run.tables else [])
    }
    claim_source = {
        row.get("claim_id", ""): row.get("source_id", "")
        for _, row in (run.tables["claims"].rows if "claims" in run.tables else [])
    }
    seen: dict[tuple[str, str, str], tuple[str, int]] = {}
    for line, row in table.rows:
        position = row.get("position", "")
        claim_id, event_id = row.get("claim_id", ""), row.get("event_id", "")
        if position and position != "unknown" and not claim_id and not event_id:
            run.add(
                table.label,
                line,
                "claim_id",
                f"a position {position!r} needs evidence: fill in claim_id or event_id "
                "(or both); only 'unknown' may have neither.",
            )
        party_id = row.get("party_id", "")
        own_source = party_source.get(party_id, "")
        if own_source and claim_id in claim_source and claim_source[claim_id] != own_source:
            run.add(
                table.label,
                line,
                "claim_id",
                f"{claim_id} is from {claim_source[claim_id]}, but {party_id} is the author of "
                f"{own_source}; an author's position must rest on its own article.",
            )
        key = (party_id, row.get("term_id", ""), row.get("as_of", ""))
        if position and position != "unknown" and all(key):
            if key in seen and seen[key][0] != position:
                run.add(
                    table.label,
                    line,
                    "position",
                    f"{position!r} contradicts row {seen[key][1]}, which gives {seen[key][0]!r} "
                    f"for the same party, term and date; keep one, or correct as_of.",
                )
            seen.setdefault(key, (position, line))


# ------------------------------------------------------------------ frictionless


def _check_other_columns(run: _Run) -> None:
    """Frictionless checks the schema rules the kit does not check itself.

    The descriptor is reduced to those rules (:func:`peacekit.schema.frictionless_part`),
    so nothing is checked twice; the shipped descriptor has none, and
    Frictionless is then not even imported.
    """
    part = frictionless_part(run.descriptor, {n: t.header for n, t in run.tables.items()})
    if part is None:
        return
    from frictionless import Checklist, Package, system

    try:
        with system.use_context(trusted=False):
            package = Package(part, basepath=str(run.folder))
            report = package.validate(Checklist(pick_errors=list(FRICTIONLESS_ERRORS)))
    except Exception as exc:  # noqa: BLE001 - translate, never traceback
        message = getattr(getattr(exc, "error", None), "message", None) or str(exc)
        run.add(
            run.label(DESCRIPTOR),
            None,
            None,
            "Frictionless could not check the columns peacekit does not check itself: "
            + _sentence(message),
        )
        return
    for task in report.tasks:
        table = run.tables[str(task.name)]
        for error in task.errors:
            row, column = _error_place(table, error)
            kind, note = str(getattr(error, "type", "")), getattr(error, "note", "") or ""
            run.add(table.label, row, column, _translate(error, kind, note))
    for error in report.errors:
        run.add(run.label(DESCRIPTOR), None, None, _sentence(getattr(error, "message", str(error))))


def _error_place(table: Table, error: Any) -> tuple[int | None, str | None]:
    """The editor line and column of a Frictionless error."""
    column = getattr(error, "field_name", None) or getattr(error, "label", None)
    row_number = getattr(error, "row_number", None)
    if row_number is None:
        return None, column
    index = int(row_number) - 1
    return (table.record_lines[index] if 0 <= index < len(table.record_lines) else None), column


def _check_descriptor_standard(run: _Run) -> None:
    """Frictionless checks that datapackage.json follows the Data Package standard.

    Validator only: the loaders read past it (what they read of the
    descriptor is checked by the kit's own rules).
    """
    from frictionless import Package, system

    with system.use_context(trusted=False):
        report = Package.validate_descriptor(_offline_descriptor(run))
    for error in report.errors:
        run.add(
            run.label(DESCRIPTOR),
            None,
            None,
            "the descriptor does not follow the Data Package standard (Frictionless): "
            + _sentence(getattr(error, "message", str(error))),
            loaders_refuse=False,
        )


def _offline_descriptor(run: _Run) -> dict[str, Any]:
    """The descriptor without references to other files or web pages, each named once.

    Frictionless would fetch a ``profile``, ``dialect`` or ``schema`` given
    as an address; the kit works offline, so it names the reference instead.
    """
    descriptor = read_descriptor(run.folder)  # a fresh copy
    places = [("datapackage.json", descriptor)] + [
        (f"the resource {spec.get('name')!r}", spec)
        for spec in descriptor["resources"]
        if isinstance(spec, dict)
    ]
    for place, item in places:
        for key in ("profile", "dialect", "schema"):
            value = item.get(key)
            if isinstance(value, str) and value not in _STANDARD_PROFILES:
                run.add(
                    run.label(DESCRIPTOR),
                    None,
                    None,
                    f"the {key} of {place} is {value!r}, a reference to another file or page; "
                    f"write the {key} into datapackage.json itself (peacekit never fetches one, "
                    "so that it works offline).",
                    loaders_refuse=False,
                )
                del item[key]
    return descriptor


#: The rules, in order (the loaders and the validator run them all).
_CHECKS: tuple[Callable[[_Run], None], ...] = (
    _check_unique,
    _check_foreign_keys,
    _check_other_columns,
    _check_plain_text,
    _check_sources,
    _check_claims,
    _check_timeline,
    _check_partial_dates,
    _check_parties,
    _check_positions,
    _check_figures,
    _check_claims_per_source,
)


def _translate(error: Any, kind: str, note: str) -> str:
    """One plain sentence for a Frictionless error."""
    cell = getattr(error, "cell", None)
    if kind == "type-error" and cell is not None:
        if "uri" in note:
            return f"{cell!r} is not a web address; write the full address, starting with https://."
        return f"{cell!r} does not have the expected type (Frictionless: {note})."
    if kind == "constraint-error" and cell is not None:
        return f"{cell!r} breaks a rule of the schema (Frictionless: {note})."
    title = str(getattr(error, "title", "") or kind or "problem")
    return _sentence(f"{title} (Frictionless): {note}" if note else f"{title} (Frictionless)")


def _filled(value: str) -> str:
    """The cell, or '' while it still says TO FILL (reported once, by the type check)."""
    return "" if value.startswith(TO_FILL) else value


def _a(noun: str) -> str:
    """'a source_id', 'an event_id'."""
    return ("an " if noun[:1].lower() in "aeiou" else "a ") + noun


def _sentence(text: str) -> str:
    text = " ".join(str(text).split())
    return text if text.endswith((".", "?", "!")) else text + "."


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
