"""``python -m peacekit new-source ID --text FILE``: start adding a text to the data.

The command does the mechanical part of docs/adding-a-source.md and never
overwrites anything:

1. copies FILE (plain UTF-8 text, a blank line between paragraphs) to
   ``articles/ID.txt`` in the datasets folder, with Unix line endings;
2. appends a row for ID to ``sources.csv`` with the id, the text file, the
   word count and ``seed`` (false: an added text is not one of the seed
   articles) filled in, and every other field marked ``TO FILL`` (the
   validator refuses a cell that still says so);
3. prints the paragraphs with their numbers, the next free claim id, a
   claims template, the number of claims the source needs, and the commands
   to run next.

It refuses (exit status 1, one sentence) when the id is malformed or already
used, when ``articles/ID.txt`` exists, or when FILE is missing or not UTF-8.
"""

from __future__ import annotations

import argparse
import csv
import io
import re
import sys
from collections.abc import Sequence
from pathlib import Path

from peacekit.data import (
    DESCRIPTOR,
    TO_FILL,
    DatasetError,
    count_words,
    data_dir,
    decode_text,
    read_descriptor,
    read_records,
    split_paragraphs,
)

__all__ = ["main", "next_claim_id"]

_ID_RE = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
_CLAIM_RE = re.compile(r"^C([0-9]+)$")


class _Refusal(Exception):
    """A reason not to go on, as one sentence."""


def _csv_rows(file: Path) -> tuple[list[str], list[list[str]], str]:
    """Header, rows and the raw text of a CSV file."""
    text = decode_text(file.read_bytes(), file.name)
    records = [values for _, values in read_records(text, file.name) if values]
    if not records:
        raise _Refusal(f"{file} is empty; it needs at least its header row.")
    return records[0], records[1:], text


def next_claim_id(claims_file: Path) -> str:
    """The claim id after the highest one in ``claims.csv`` (``C001`` when there is none).

    Parameters
    ----------
    claims_file : pathlib.Path
        The ``claims.csv`` file.

    Returns
    -------
    str
        ``"C"`` and at least three digits, e.g. ``"C157"``.
    """
    header, rows, _ = _csv_rows(claims_file)
    column = header.index("claim_id") if "claim_id" in header else 0
    numbers = [
        int(match.group(1))
        for row in rows
        if len(row) > column and (match := _CLAIM_RE.match(row[column].strip()))
    ]
    return f"C{max(numbers, default=0) + 1:03d}"


def _min_claims(folder: Path) -> dict[str, int]:
    from peacekit.validation import DEFAULT_MIN_CLAIMS

    minimum = dict(DEFAULT_MIN_CLAIMS)
    custom = (read_descriptor(folder).get("peacekit") or {}).get("min_claims_per_source")
    if isinstance(custom, dict):
        minimum.update({str(k): v for k, v in custom.items() if isinstance(v, int)})
    return minimum


def _fields(folder: Path, name: str) -> list[dict]:
    for spec in read_descriptor(folder)["resources"]:
        if isinstance(spec, dict) and spec.get("name") == name:
            return list((spec.get("schema") or {}).get("fields", []))
    return []


def _hint(field: dict) -> str:
    enum = (field.get("constraints") or {}).get("enum")
    description = str(field.get("description", "")).strip()
    if enum:
        return "one of: " + ", ".join(map(str, enum))
    return description.split(". ")[0].rstrip(".") if description else ""


def _new_row(source_id: str, relative: str, words: int, header: list[str]) -> dict[str, str]:
    known = {
        "source_id": source_id,
        "text_file": relative,
        "word_count": str(words),
        "seed": "false",
    }
    return {column: known.get(column, TO_FILL) for column in header}


def _append_row(file: Path, text: str, header: list[str], row: dict[str, str]) -> None:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerow([row.get(column, "") for column in header])
    with file.open("a", encoding="utf-8", newline="") as handle:
        if text and not text.endswith("\n"):
            handle.write("\n")
        handle.write(out.getvalue())


def _clean_text(raw: bytes, label: str) -> str:
    text = decode_text(raw, label)
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    lines = [line.rstrip() for line in text.split("\n")]
    return "\n".join(lines).strip("\n") + "\n"


def _target_folder(source_id: str, data: str | None) -> Path:
    """The datasets folder to add to; refuse a bad id or a folder that is not one."""
    if not _ID_RE.match(source_id):
        raise _Refusal(
            f"{source_id!r} is not a usable source id: write lowercase letters and digits "
            "joined by hyphens, e.g. kyivindependent-2026."
        )
    try:
        folder = data_dir(path=data)
    except DatasetError as exc:
        raise _Refusal(str(exc)) from None
    for needed in (folder / DESCRIPTOR, folder / "sources.csv", folder / "claims.csv"):
        if not needed.is_file():
            raise _Refusal(f"{needed} is missing: is {folder} a peacekit datasets folder?")
    return folder


def _refuse_taken(source_id: str, sources_file: Path, header: list[str], rows: list[list[str]]) -> None:
    """Refuse an id already in sources.csv, or one whose text file already exists."""
    if "source_id" not in header:
        raise _Refusal(f"{sources_file} has no source_id column.")
    column = header.index("source_id")
    taken = {row[column] for row in rows if len(row) > column}
    if source_id in taken:
        raise _Refusal(
            f"{source_id!r} is already in {sources_file.name}; choose another id (nothing was changed)."
        )
    target = sources_file.parent / f"articles/{source_id}.txt"
    if target.exists():
        raise _Refusal(
            f"{target} already exists; choose another id, or delete that file first if it is "
            "yours (nothing was changed)."
        )


def _read_article(text_path: Path) -> str:
    """The article text, cleaned; refuse a missing or empty file."""
    if not text_path.is_file():
        raise _Refusal(f"there is no text file at {text_path}; save the article as plain text first.")
    text = _clean_text(text_path.read_bytes(), str(text_path))
    if not text.strip():
        raise _Refusal(f"{text_path} is empty.")
    return text


def _print_paragraphs(text_path: Path, label: str, text: str) -> None:
    """Say what was copied and show the start of each paragraph."""
    paragraphs = split_paragraphs(text)
    print(f"Copied {text_path} to {label}: {count_words(text)} words in {len(paragraphs)} paragraphs.")
    if len(paragraphs) < 2:
        print(
            "  Only one paragraph: put a blank line between paragraphs, so that claims can "
            "name theirs."
        )
    for number, paragraph in enumerate(paragraphs, 1):
        start = " ".join(paragraph.split()[:10])
        print(f"  paragraph {number}: {start} …")
    print()


def _print_sources_hints(folder: Path, source_id: str) -> None:
    """Name each cell of the new sources row the teacher must fill in."""
    print(f"Added a row for {source_id} to {folder.name}/sources.csv. Fill in each cell marked {TO_FILL!r}")
    print("(leave a cell empty when the fact is unknown and the column allows it):")
    for field in _fields(folder, "sources"):
        if field["name"] in ("source_id", "text_file", "word_count", "seed"):
            continue
        print(f"  {field['name']}: {_hint(field)}")
    print()


def _print_claims_template(folder: Path, source_id: str) -> None:
    """Print the next claim id, the claims needed and a claims.csv template row."""
    claims_file = folder / "claims.csv"
    claim_id = next_claim_id(claims_file)
    claim_header, _, _ = _csv_rows(claims_file)
    minimum = _min_claims(folder)
    need = ", ".join(
        f"{count} for {kind}" for kind, count in sorted(minimum.items()) if kind != "default"
    )
    need = (need + ", " if need else "") + f"{minimum['default']} for any other kind"
    print(f"Next free claim id: {claim_id}. Claims needed per source: {need} (datapackage.json).")
    print(f"Claims template for {folder.name}/claims.csv (one row per claim; the quote copied exactly):")
    template = {column: TO_FILL for column in claim_header}
    template.update({"claim_id": claim_id, "source_id": source_id, "event_ids": ""})
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(
        [claim_header, [template[column] for column in claim_header]]
    )
    print("  " + out.getvalue().replace("\n", "\n  ").rstrip())
    print()


def _print_next_steps(folder: Path, data: str | None) -> None:
    where = "" if data is None else f" {folder}"
    print("Then run, in this order:")
    print(f"  python -m peacekit validate{where}   (until it says OK)")
    print("  make exercises   (regenerates exercises/ from solutions/)")
    print("  make test        (lessons and checks on the new data)")
    print("See docs/adding-a-source.md for kinds, partial texts, bylines and speaker labels.")


def _run(source_id: str, text_path: Path, data: str | None) -> int:
    folder = _target_folder(source_id, data)
    sources_file = folder / "sources.csv"
    header, rows, sources_text = _csv_rows(sources_file)
    _refuse_taken(source_id, sources_file, header, rows)
    text = _read_article(text_path)
    relative = f"articles/{source_id}.txt"
    target = folder / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("x", encoding="utf-8", newline="\n") as handle:  # "x": never overwrite
        handle.write(text)
    row = _new_row(source_id, relative, count_words(text), header)
    _append_row(sources_file, sources_text, header, row)
    _print_paragraphs(text_path, f"{folder.name}/{relative}", text)
    _print_sources_hints(folder, source_id)
    _print_claims_template(folder, source_id)
    _print_next_steps(folder, data)
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Command line: ``python -m peacekit new-source ID --text FILE [--data PATH]``.

    Returns
    -------
    int
        0 when the text and the row were added, 1 when the command refused
        (nothing is changed), 2 for a usage error.
    """
    parser = argparse.ArgumentParser(
        prog="python -m peacekit new-source",
        description="Copy an article text into the datasets folder and start its sources row.",
    )
    parser.add_argument("source_id", metavar="ID", help="the new source id, e.g. kyivindependent-2026")
    parser.add_argument("--text", required=True, metavar="FILE", help="the article as plain UTF-8 text")
    parser.add_argument(
        "--data", default=None, metavar="PATH", help="the datasets folder (default: the kit's own)"
    )
    try:
        options = parser.parse_args(list(sys.argv[1:] if argv is None else argv))
    except SystemExit as exc:  # argparse has printed the usage message
        return int(exc.code or 0)
    try:
        return _run(options.source_id, Path(options.text).expanduser(), options.data)
    except (_Refusal, DatasetError, FileExistsError) as exc:
        print(f"peacekit new-source: {exc}")
        return 1


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main(sys.argv[1:]))
