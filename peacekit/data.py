"""Load the kit's datasets as typed pandas DataFrames.

Every loader finds the ``datasets/`` folder by itself, from any working
directory:

1. the keyword-only ``path=`` argument, when given (a teacher's copy);
2. otherwise the environment variable ``PEACEKIT_DATA``, when set;
3. otherwise the nearest ``datasets/`` folder (holding a
   ``datapackage.json``) at or above the working directory — in JupyterLab
   the notebook's folder — so a student's clone of the lessons reads its own
   data and a pulled fix takes effect;
4. otherwise the copy that came with the package: ``datasets/`` next to the
   ``peacekit`` package (a repository checkout or an editable install), or
   ``<sys.prefix>/share/peacekit/datasets`` (a plain ``pip install``).

The tables are described by ``datasets/datapackage.json`` (a Frictionless
Data Package); the loaders read it (through :mod:`peacekit.schema`) to give
every column its type: ids and
free text as pandas ``"string"``, fields with a fixed list of values as
``category``, whole numbers as nullable ``Int64``, true/false columns as nullable
``boolean``, days as ``datetime64``; a column of a type the kit does not
read itself (checked by Frictionless) stays text.
Dates that may be only a month or a year (``sources.date``,
``figures.as_of``, ``positions.as_of``) stay as text and get a parsed
companion column ``<name>_start`` (the first day of the period) so that
charts can place them; ``figures`` and ``positions`` also get
``as_of_precision``.

Results are cached per folder and file modification time, and every call
returns a fresh copy, so changing a returned DataFrame never changes what
the next call returns. The first load of a folder (and of each new state of
it) checks the whole folder with the validator's rules
(:func:`peacekit.validation.check_rules`); a loader refuses what
``python -m peacekit validate`` rejects in the file it reads, raising
:class:`DatasetError`, a ``ValueError`` whose message is the validator's
sentence naming the file, the row (the line number an editor shows,
header = 1) and the column. (The few problems the loaders read past are
listed in the validator's docstring.)

Examples
--------
>>> import peacekit as pk
>>> claims = pk.claims()                          # doctest: +SKIP
>>> pk.paragraphs(claims.source_id.iloc[0])[:2]   # doctest: +SKIP
"""

from __future__ import annotations

import csv
import datetime as _dt
import functools
import io
import json
import os
import re
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import pandas as pd

from peacekit.schema import TO_FILL, kit_field, pandas_dtype, parse_cell

__all__ = [
    "DatasetError",
    "ENV_VAR",
    "article",
    "claim_events",
    "claims",
    "count_words",
    "data_dir",
    "locate_data",
    "original_exercise",
    "figures",
    "find_quote",
    "nato_members",
    "normalise_quote",
    "paragraphs",
    "parties",
    "positions",
    "sources",
    "split_paragraphs",
    "terms",
    "themes",
    "timeline",
]

#: Environment variable that points the loaders at another datasets folder.
ENV_VAR = "PEACEKIT_DATA"

#: Name of the Frictionless descriptor inside the datasets folder.
DESCRIPTOR = "datapackage.json"

# Text columns holding dates that may be a day, a month or a year.
# (Table structure, not case knowledge: the same for any adapted dataset.)
PARTIAL_DATE_FIELDS: dict[str, tuple[str, ...]] = {
    "sources": ("date",),
    "figures": ("as_of",),
    "positions": ("as_of",),
}

_PARTIAL_DATE_RE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")
_PARAGRAPH_BREAK_RE = re.compile(r"\n[ \t]*\n")
_WHITESPACE_RE = re.compile(r"\s+")
_QUOTE_MARKS = str.maketrans(
    {
        "\u2018": "'",  # left single quotation mark
        "\u2019": "'",  # right single quotation mark / apostrophe
        "\u201a": "'",  # single low-9 quotation mark
        "\u201b": "'",  # single high-reversed-9 quotation mark
        "\u2032": "'",  # prime
        "\u201c": '"',  # left double quotation mark
        "\u201d": '"',  # right double quotation mark
        "\u201e": '"',  # double low-9 quotation mark
        "\u201f": '"',  # double high-reversed-9 quotation mark
        "\u2033": '"',  # double prime
    }
)


class DatasetError(ValueError):
    """A dataset file is missing or malformed, or an id is unknown.

    The message is one sentence naming the file, the row and the column,
    e.g. ``datasets/claims.csv, row 14, column stance: '3' is above the
    maximum 2.`` Rows are line numbers as an editor shows them (header = 1).

    Parameters
    ----------
    file : str
        The file, as shown to the reader (e.g. ``"datasets/claims.csv"``).
    message : str
        What is wrong and, where possible, how to fix it.
    row : int or None, optional
        Line number in the file (header = 1), when the problem has one.
    column : str or None, optional
        Column name, when the problem has one.
    """

    def __init__(
        self, file: str, message: str, *, row: int | None = None, column: str | None = None
    ) -> None:
        self.file = file
        self.row = row
        self.column = column
        self.message = message
        super().__init__(where(file, row, column) + ": " + message)


def where(file: str, row: int | None = None, column: str | None = None) -> str:
    """Format a location the way every peacekit message does.

    Parameters
    ----------
    file : str
        The file as shown to the reader.
    row : int or None, optional
        Line number (header = 1).
    column : str or None, optional
        Column name.

    Returns
    -------
    str
        ``"datasets/claims.csv, row 14, column quote"`` (parts left out when
        they are None).
    """
    parts = [file]
    if row is not None:
        parts.append(f"row {row}")
    if column is not None:
        parts.append(f"column {column}")
    return ", ".join(parts)


# --------------------------------------------------------------------- text


def count_words(text: str) -> int:
    """Count the words in a text the way ``sources.word_count`` does.

    A word is a run of characters between spaces or line breaks, so
    ``"Kyiv's"`` and ``"800,000"`` are one word each and a dash standing
    between spaces counts as a word.

    Parameters
    ----------
    text : str
        Any text.

    Returns
    -------
    int
        The number of words.

    Examples
    --------
    >>> count_words("Peace — now?  Not yet.")
    5
    """
    return len(text.split())


def split_paragraphs(text: str) -> list[str]:
    """Split an article text into paragraphs.

    Paragraphs are blocks separated by a blank line (a line holding only
    spaces counts as blank). Each paragraph is returned with its surrounding
    whitespace removed; empty blocks are dropped. Paragraph 1 of the
    ``claims.paragraph`` column is element 0 of the list.

    Parameters
    ----------
    text : str
        The article text.

    Returns
    -------
    list of str
        The paragraphs in order.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    return [block.strip() for block in _PARAGRAPH_BREAK_RE.split(text) if block.strip()]


def normalise_quote(text: str) -> str:
    """Normalise text for quote matching: quote marks and whitespace only.

    Curly single and double quote marks become straight ones and every run
    of whitespace (spaces, tabs, line breaks) becomes one space; leading and
    trailing whitespace is removed. Nothing else changes: dashes, case and
    spelling must match exactly.

    Parameters
    ----------
    text : str
        A quote or an article text.

    Returns
    -------
    str
        The normalised text.

    Examples
    --------
    >>> normalise_quote("“Peace”  now,\\n Ukraine’s")
    '"Peace" now, Ukraine\\'s'
    """
    return _WHITESPACE_RE.sub(" ", text.translate(_QUOTE_MARKS)).strip()


def find_quote(text: str, quote: str) -> tuple[int, int] | None:
    """Find a quote in a text, allowing for quote-mark and whitespace differences.

    Parameters
    ----------
    text : str
        The text to search (an article or one paragraph).
    quote : str
        The quote as written in ``claims.csv``.

    Returns
    -------
    tuple of (int, int) or None
        ``(start, end)`` character offsets of the first match in the original
        ``text`` (so ``text[start:end]`` is the passage as printed), or None
        when the quote is not in the text (or is empty).
    """
    target = normalise_quote(quote)
    if not target:
        return None
    # Build the normalised text and remember where each of its characters
    # came from in the original text.
    chars: list[str] = []
    origin: list[int] = []
    in_space = False
    for index, char in enumerate(text):
        if char.isspace():
            if not in_space and chars:
                chars.append(" ")
                origin.append(index)
            in_space = True
            continue
        in_space = False
        chars.append(char.translate(_QUOTE_MARKS))
        origin.append(index)
    found = "".join(chars).find(target)
    if found < 0:
        return None
    last = found + len(target) - 1
    return origin[found], origin[last] + 1


# ----------------------------------------------------------------- location

#: Where a pip-installed (non-editable) kit keeps its copy of ``datasets/``
#: and of the original ``exercises/`` (``[tool.setuptools.data-files]`` in
#: pyproject.toml), relative to the environment's prefix.
INSTALLED_SHARE = ("share", "peacekit")

#: In a student copy written by ``python -m peacekit release``, the pristine
#: exercise notebooks the check command compares with.
ORIGINALS = (".peacekit", "exercises")


def _package_root() -> Path:
    return Path(__file__).resolve().parent.parent


def kit_folder(name: str) -> Path | None:
    """The kit's own copy of ``datasets`` or ``exercises``, or None.

    A repository checkout (or an editable install) has it next to the
    ``peacekit`` package; a plain ``pip install`` has it under
    ``<sys.prefix>/share/peacekit/`` (``<user base>/share/peacekit/`` with
    ``pip install --user``).
    """
    import sys

    def is_kit(folder: Path) -> bool:  # site-packages may hold another project's "datasets" package
        if name == "datasets":
            return (folder / DESCRIPTOR).is_file()
        return folder.is_dir() and any(folder.glob("*.ipynb"))

    import site

    places = [_package_root() / name, Path(sys.prefix, *INSTALLED_SHARE, name)]
    if site.ENABLE_USER_SITE and site.getuserbase():  # pip install --user
        places.append(Path(site.getuserbase(), *INSTALLED_SHARE, name))
    for folder in places:
        if is_kit(folder):
            return folder
    return None


def _default_dir() -> Path:
    return kit_folder("datasets") or _package_root() / "datasets"


def nearest_datasets(start: str | os.PathLike[str] | None = None) -> Path | None:
    """The nearest ``datasets/`` folder holding a ``datapackage.json`` at or above ``start``.

    ``start`` defaults to the working directory, which in JupyterLab is the
    notebook's folder: a student's clone of the lessons is found from
    ``lessons/`` or ``exercises/``.
    """
    try:
        here = Path(start if start is not None else os.getcwd()).expanduser().resolve()
    except OSError:  # the working directory was deleted
        return None
    for folder in (here, *here.parents):
        candidate = folder / "datasets"
        if (candidate / DESCRIPTOR).is_file():
            return candidate
    return None


def locate_data(
    *, path: str | os.PathLike[str] | None = None, start: str | os.PathLike[str] | None = None
) -> tuple[Path, str]:
    """Return the datasets folder and, in words, why it was chosen.

    The order: ``path`` when given; else the environment variable
    ``PEACEKIT_DATA`` when set; else the nearest ``datasets/`` at or above
    ``start`` (default: the working directory), so a student's clone of the
    lessons uses its own data; else the copy that came with the package.
    """
    if path is not None:
        return Path(path).expanduser(), "the path you gave"
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser(), f"the environment variable {ENV_VAR}"
    found = nearest_datasets(start)
    if found is not None:
        return found, "the nearest datasets/ folder above the working folder"
    return _default_dir(), "the copy installed with the peacekit package"


def data_dir(
    *, path: str | os.PathLike[str] | None = None, start: str | os.PathLike[str] | None = None
) -> Path:
    """Return the datasets folder the loaders read.

    Parameters
    ----------
    path : str or path-like, optional
        A datasets folder (or its ``datapackage.json``). When omitted, the
        environment variable ``PEACEKIT_DATA`` is used if set, else the
        nearest ``datasets/`` folder at or above the working directory (a
        clone of the lessons), else the copy that came with the package.
    start : str or path-like, optional
        Where to look upwards from instead of the working directory.

    Returns
    -------
    pathlib.Path
        The absolute path of the folder.

    Raises
    ------
    DatasetError
        When the folder does not exist.
    """
    folder, where_from = locate_data(path=path, start=start)
    if folder.name == DESCRIPTOR and folder.is_file():
        folder = folder.parent
    folder = folder.resolve()
    if not folder.is_dir():
        raise DatasetError(
            str(folder),
            f"no datasets folder here (taken from {where_from}); pass path= "
            f"with the folder that holds {DESCRIPTOR}, or set {ENV_VAR} to it.",
        )
    return folder


def original_exercise(name: str, *, start: str | os.PathLike[str] | None = None) -> Path | None:
    """The pristine exercise notebook called ``name`` that a student's copy is checked against.

    The order: the nearest ``.peacekit/exercises/`` at or above ``start``
    (a student copy written by ``python -m peacekit release``; the
    student's own ``exercises/`` are their work, never the reference); else
    the kit's ``exercises/`` (a checkout, or the copy installed with the
    package). None when neither has it.
    """
    if start is not None:
        try:
            here = Path(start).expanduser().resolve()
        except OSError:
            here = None
        for folder in (here, *here.parents) if here is not None else ():
            candidate = folder.joinpath(*ORIGINALS, name)
            if candidate.is_file():
                return candidate
    kit = kit_folder("exercises")
    if kit is not None and (kit / name).is_file():
        return kit / name
    return None


def _label(folder: Path, relative: str) -> str:
    """How a file is named in messages: '<folder name>/<relative path>'."""
    return f"{folder.name}/{relative}"


def _stamp(file: Path) -> tuple[int, int]:
    try:
        info = file.stat()
    except OSError:
        return (-1, -1)
    return (info.st_mtime_ns, info.st_size)


# ----------------------------------------------------------------- reading


def decode_text(raw: bytes, label: str) -> str:
    """Decode file bytes as UTF-8, with a clear error naming the line.

    A leading byte-order mark is removed (the validator reports it; the
    loaders tolerate it).

    Parameters
    ----------
    raw : bytes
        The file's content.
    label : str
        The file as shown in messages.

    Returns
    -------
    str
        The text.

    Raises
    ------
    DatasetError
        When the bytes are not UTF-8.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise DatasetError(
            label,
            f"byte 0x{raw[exc.start]:02x} is not UTF-8 text; open the file in a text "
            "editor and save it with the encoding UTF-8.",
            row=line,
        ) from None
    return text[1:] if text.startswith("\ufeff") else text


def read_records(text: str, label: str) -> Iterator[tuple[int, list[str]]]:
    """Parse CSV text into records, each with the line it starts on.

    Parameters
    ----------
    text : str
        The CSV text (LF or CRLF line endings).
    label : str
        The file as shown in messages.

    Yields
    ------
    tuple of (int, list of str)
        The line number where the record starts (header = 1) and its
        values. A blank line yields an empty list.

    Raises
    ------
    DatasetError
        When the CSV syntax is broken (e.g. a quote that is never closed).
    """
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    start = 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise DatasetError(
                label,
                f"the CSV syntax is broken ({exc}); check that every quoted value "
                'has its closing " and that quotes inside a value are doubled ("").',
                row=start,
            ) from None
        yield start, record
        start = reader.line_num + 1


def read_descriptor(folder: Path) -> dict[str, Any]:
    """Read ``datapackage.json`` (cached on its modification time).

    Parameters
    ----------
    folder : pathlib.Path
        The datasets folder.

    Returns
    -------
    dict
        The descriptor (a fresh copy).

    Raises
    ------
    DatasetError
        When the descriptor is missing or is not valid JSON.
    """
    file = folder / DESCRIPTOR
    return json.loads(json.dumps(_descriptor_cached(str(file), _stamp(file), folder.name)))


@functools.lru_cache(maxsize=16)
def _descriptor_cached(file: str, stamp: tuple[int, int], folder_name: str) -> dict[str, Any]:
    label = f"{folder_name}/{DESCRIPTOR}"
    path = Path(file)
    if not path.is_file():
        raise DatasetError(
            label, "the file is missing; copy datapackage.json from the kit's datasets folder."
        )
    text = decode_text(path.read_bytes(), label)
    try:
        descriptor = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DatasetError(
            label, f"this is not valid JSON ({exc.msg}, character {exc.colno}).", row=exc.lineno
        ) from None
    if not isinstance(descriptor, dict) or not isinstance(descriptor.get("resources"), list):
        raise DatasetError(label, "the descriptor has no list of resources.")
    return descriptor


def resource(folder: Path, name: str) -> dict[str, Any]:
    """Return the descriptor of one table in ``datapackage.json``.

    Parameters
    ----------
    folder : pathlib.Path
        The datasets folder.
    name : str
        The resource name (e.g. ``"claims"``).

    Returns
    -------
    dict
        The resource descriptor (with ``path`` and ``schema``).

    Raises
    ------
    DatasetError
        When the descriptor does not describe that table.
    """
    for item in read_descriptor(folder)["resources"]:
        if isinstance(item, dict) and item.get("name") == name:
            inside(folder, str(item.get("path", f"{name}.csv")), _label(folder, DESCRIPTOR))
            return item
    raise DatasetError(
        _label(folder, DESCRIPTOR),
        f"there is no resource named {name!r}; copy datapackage.json from the kit.",
    )


def inside(
    folder: Path, relative: str, label: str, *, row: int | None = None, column: str | None = None
) -> Path:
    """Resolve a path from the data and refuse one that leaves the datasets folder.

    Parameters
    ----------
    folder : pathlib.Path
        The datasets folder.
    relative : str
        A path as written in the data (``datapackage.json``'s ``path``, or
        ``sources.text_file``).
    label : str
        The file that holds the path, as shown in messages.
    row, column : optional
        Where the path is written, for the message.

    Returns
    -------
    pathlib.Path
        The absolute path, inside ``folder``.

    Raises
    ------
    DatasetError
        When the path is absolute, is a web address, or climbs out of the
        folder (``../``), so that no file outside the data is ever opened.
        (The test is on the text of the path, so it costs nothing; a symbolic
        link inside the folder is the folder owner's choice.)
    """
    parts = relative.replace("\\", "/").split("/")
    if (
        not relative
        or ":" in relative  # a web address, or a Windows drive
        or relative.startswith(("/", "\\", "~"))
        or ".." in parts
    ):
        raise DatasetError(
            label,
            f"the path {relative!r} points outside the datasets folder; give a path inside it "
            "(such as articles/<source_id>.txt or <table>.csv), without '..' or a leading '/'.",
            row=row,
            column=column,
        )
    return folder / relative


# ----------------------------------------------------------------- parsing


def parse_partial_date(value: str) -> tuple[pd.Timestamp, str] | None:
    """Parse ``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY`` into (first day, precision).

    Parameters
    ----------
    value : str
        The text.

    Returns
    -------
    tuple of (pandas.Timestamp, str) or None
        The first day of the period and ``"day"``, ``"month"`` or ``"year"``;
        None when the text is not such a date (e.g. ``2025-02-30``).
    """
    match = _PARTIAL_DATE_RE.match(value.strip())
    if not match:
        return None
    year, month, day = match.groups()
    try:
        date = _dt.date(int(year), int(month or 1), int(day or 1))
    except ValueError:
        return None
    precision = "day" if day else "month" if month else "year"
    return pd.Timestamp(date), precision


class Table:
    """A CSV file parsed with the line number of each row.

    Used by the loaders (which stop at the first problem) and by the
    validator (which collects every problem).

    Parameters
    ----------
    folder : pathlib.Path
        The datasets folder.
    name : str
        The resource name in ``datapackage.json``.

    Attributes
    ----------
    label : str
        The file as shown in messages.
    fields : list of dict
        The schema fields as the kit reads them
        (:func:`peacekit.schema.kit_field`: a column Frictionless checks is
        text here).
    header : list of str
        The header as read.
    rows : list of tuple of (int, dict)
        Line number and ``{column: text}`` for every non-blank row.
    all_rows : list of tuple of (int, dict)
        Like ``rows`` but also holding rows with the wrong number of values
        (as far as they go), so that their ids still count as known.
    record_lines : list of int
        Start line of every CSV record, header first (record ``n`` in
        Frictionless's 1-based row numbering starts on ``record_lines[n - 1]``).
    problems : list of tuple of (int or None, str or None, str)
        ``(row, column, message)`` found while reading.
    """

    def __init__(self, folder: Path, name: str) -> None:
        self.folder = folder
        self.name = name
        spec = resource(folder, name)
        self.relative = str(spec.get("path", f"{name}.csv"))
        self.label = _label(folder, self.relative)
        schema = spec.get("schema") if isinstance(spec.get("schema"), dict) else {}
        # The fields as the kit reads them (see peacekit.schema.kit_field).
        self.fields: list[dict[str, Any]] = [
            kit_field(field, schema) for field in schema.get("fields", []) if isinstance(field, dict)
        ]
        self.header: list[str] = []
        self.rows: list[tuple[int, dict[str, str]]] = []
        self.blank_lines: list[int] = []
        self.record_lines: list[int] = []
        self.all_rows: list[tuple[int, dict[str, str]]] = []
        self.problems: list[tuple[int | None, str | None, str]] = []
        self.fatal = False
        self._read()

    @property
    def file(self) -> Path:
        """Absolute path of the CSV file."""
        return self.folder / self.relative

    def _read(self) -> None:
        if not self.file.is_file():
            self.fatal = True
            self.problems.append((None, None, "the file is missing."))
            return
        text = decode_text(self.file.read_bytes(), self.label)
        if not text.strip():
            self.fatal = True
            self.problems.append(
                (1, None, "the file is empty; it needs at least the header row.")
            )
            return
        records = read_records(text, self.label)
        first, self.header = next(records)
        self.record_lines.append(first)
        names = [field["name"] for field in self.fields]
        seen: set[str] = set()
        for column in self.header:
            if column in seen:
                self.problems.append((1, column, "this column appears twice in the header."))
            seen.add(column)
        missing = [name for name in names if name not in self.header]
        for column in missing:
            self.fatal = True
            self.problems.append(
                (1, column, "this column is missing from the header; add it (see datapackage.json).")
            )
        width = len(self.header)
        for line, values in records:
            self.record_lines.append(line)
            if not values or values == [""] and width > 1:
                self.blank_lines.append(line)
                continue
            self.all_rows.append((line, dict(zip(self.header, values))))
            if len(values) != width:
                self.problems.append(
                    (
                        line,
                        None,
                        f"this row has {len(values)} values but the header has {width} "
                        "columns; check for a missing or extra comma, or an unclosed quote.",
                    )
                )
                continue
            self.rows.append((line, dict(zip(self.header, values))))

    def frame(self, *, strict: bool = True) -> pd.DataFrame:
        """Build the typed DataFrame.

        Parameters
        ----------
        strict : bool, keyword-only
            Raise :class:`DatasetError` on the first problem (loaders);
            otherwise record problems and leave bad cells empty (validator).

        Returns
        -------
        pandas.DataFrame
            Schema columns first (typed), then any extra columns (text),
            then the derived ``*_start`` / ``*_precision`` columns.
        """
        if strict and self.problems:
            row, column, message = self.problems[0]
            raise DatasetError(self.label, message, row=row, column=column)
        names = [field["name"] for field in self.fields]
        extra = [column for column in self.header if column not in names]
        data: dict[str, list[Any]] = {name: [] for name in names + extra}
        if not self.fatal:
            for line, row in self.rows:
                for field in self.fields:
                    value, problem = parse_cell(row.get(field["name"], ""), field)
                    if problem is not None:
                        if strict:
                            raise DatasetError(self.label, problem, row=line, column=field["name"])
                        self.problems.append((line, field["name"], problem))
                    data[field["name"]].append(value)
                for column in extra:
                    data[column].append(row[column] if row[column] != "" else None)
        columns: dict[str, pd.Series] = {}
        for field in self.fields:
            columns[field["name"]] = _series(data[field["name"]], pandas_dtype(field))
        for column in extra:
            columns[column] = pd.Series(data[column], dtype="string")
        frame = pd.DataFrame(columns)
        for column in PARTIAL_DATE_FIELDS.get(self.name, ()):
            if column not in frame.columns:
                continue
            parsed = [
                parse_partial_date(value) if isinstance(value, str) else None
                for value in frame[column].tolist()
            ]
            frame[f"{column}_start"] = pd.Series(
                [item[0] if item else pd.NaT for item in parsed], dtype="datetime64[ns]"
            )
            if f"{column}_precision" not in frame.columns:
                frame[f"{column}_precision"] = pd.Series(
                    [item[1] if item else "unknown" for item in parsed],
                    dtype=pd.CategoricalDtype(["day", "month", "year", "unknown"]),
                )
        frame.attrs["source_file"] = self.label
        return frame

    def line_of(self, index: int) -> int:
        """Line number (header = 1) of the row at position ``index``."""
        return self.rows[index][0]


def _series(values: list[Any], dtype: Any) -> pd.Series:
    if dtype == "datetime64[ns]":
        return pd.Series([pd.NaT if v is None else v for v in values], dtype=dtype)
    return pd.Series([pd.NA if v is None else v for v in values], dtype=dtype)


# ------------------------------------------------------------------ caching


def _folder_stamps(folder: Path) -> tuple[tuple[str, int, int], ...]:
    """Name, modification time and size of every file a folder check reads."""
    stamps = []
    for directory in (folder, folder / "articles"):
        try:
            entries = list(os.scandir(directory))
        except OSError:
            continue
        for entry in entries:
            try:
                info = entry.stat()
            except OSError:
                continue
            stamps.append((entry.path, info.st_mtime_ns, info.st_size))
    try:  # tables kept in a subfolder are listed in the descriptor
        descriptor = _descriptor_cached(
            str(folder / DESCRIPTOR), _stamp(folder / DESCRIPTOR), folder.name
        )
    except DatasetError:
        descriptor = {"resources": []}
    for spec in descriptor["resources"]:
        relative = spec.get("path") if isinstance(spec, dict) else None
        if isinstance(relative, str) and "/" in relative.replace("\\", "/"):
            stamps.append((relative, *_stamp(folder / relative)))
    return tuple(sorted(stamps))


@functools.lru_cache(maxsize=8)
def _folder_cached(
    folder: str, stamps: tuple[tuple[str, int, int], ...]
) -> tuple[dict[str, pd.DataFrame], tuple[Any, ...]]:
    """Check a whole folder once per state with the validator's rules (kept between kernels: :mod:`peacekit._store`).

    Returns the typed tables and the problems the loaders refuse (the
    validator's Problem objects). One rule set, one message: what
    ``python -m peacekit validate`` rejects, the loaders refuse.
    """
    from peacekit import _store

    name = _store.key(folder, stamps)
    kept = _store.load(name)  # checked by an earlier kernel, files unchanged
    if isinstance(kept, tuple) and len(kept) == 2 and isinstance(kept[0], dict):
        return kept
    from peacekit.validation import check_rules  # validation imports this module

    frames, problems = check_rules(Path(folder))
    refused = tuple(p for p in problems if p.loaders_refuse and not p.warning)
    _store.save(name, (frames, refused))
    return frames, refused


def _refuse(folder: Path, label: str, state: tuple[tuple[str, int, int], ...] | None = None) -> dict[str, pd.DataFrame]:
    """Raise the validator's first refused problem in ``label`` (or the descriptor).

    Each problem is refused by the loader that reads the file it names: a
    quote missing from its article or a link to an unknown id is named in
    the table that holds it, so ``pk.claims()`` refuses it and
    ``pk.themes()`` still loads. ``state`` is the folder's
    :func:`_folder_stamps` when the caller has just taken it (reading many
    articles at once).
    """
    frames, refused = _folder_cached(str(folder), _folder_stamps(folder) if state is None else state)
    mine = (label, _label(folder, DESCRIPTOR))
    for problem in refused:
        if problem.file in mine:
            raise DatasetError(problem.file, problem.message, row=problem.row, column=problem.column)
    return frames


def _checked_table(name: str, folder: Path, state: Any = None) -> pd.DataFrame:
    """A checked table as the loaders keep it: not a copy, so callers must not change it."""
    spec = resource(folder, name)
    frames = _refuse(folder, _label(folder, str(spec.get("path", f"{name}.csv"))), state)
    if name not in frames:  # pragma: no cover - a table that is not read has a problem
        raise DatasetError(_label(folder, DESCRIPTOR), f"the table {name!r} could not be read.")
    return frames[name]


def _load(name: str, path: str | os.PathLike[str] | None) -> pd.DataFrame:
    return _checked_table(name, data_dir(path=path)).copy(deep=True)


@functools.lru_cache(maxsize=64)
def _text_cached(file: str, stamp: tuple[int, int], label: str) -> str:
    return decode_text(Path(file).read_bytes(), label).replace("\r\n", "\n")


# ------------------------------------------------------------------ loaders


def sources(*, path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The articles: metadata, how sure each fact about them is, text file.

    Parameters
    ----------
    path : str or path-like, optional
        A datasets folder (default: see :func:`data_dir`).

    Returns
    -------
    pandas.DataFrame
        One row per source, columns as in ``sources.csv`` plus ``date_start``
        (datetime64, first day of the dated period; NaT when undated). The
        ``date`` column keeps the text (``"2025-09-13"``, ``"2025-09"`` or
        missing) and ``date_precision`` says which.
    """
    return _load("sources", path)


def themes(*, path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The themes claims are sorted by, each with its proposition.

    Parameters
    ----------
    path : str or path-like, optional
        A datasets folder (default: see :func:`data_dir`).

    Returns
    -------
    pandas.DataFrame
        ``theme_id, label, proposition, description``.
    """
    return _load("themes", path)


def claims(*, path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The coded claims, one row per claim.

    Parameters
    ----------
    path : str or path-like, optional
        A datasets folder (default: see :func:`data_dir`).

    Returns
    -------
    pandas.DataFrame
        Columns as in ``claims.csv``; ``stance`` and ``paragraph`` are
        ``Int64`` (stance missing for purely descriptive claims), the coding
        columns are categories, ``event_ids`` stays text (use
        :func:`claim_events` for one row per claim and event).
    """
    return _load("claims", path)


def timeline(*, path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Dated, cited events.

    Parameters
    ----------
    path : str or path-like, optional
        A datasets folder (default: see :func:`data_dir`).

    Returns
    -------
    pandas.DataFrame
        ``event_id, date`` (datetime64) ``, event, category`` (category)
        ``, actors, source_title, source_url, confidence, notes``.
    """
    return _load("timeline", path)


def nato_members(*, path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """NATO member states and their accession dates.

    Parameters
    ----------
    path : str or path-like, optional
        A datasets folder (default: see :func:`data_dir`).

    Returns
    -------
    pandas.DataFrame
        ``country, accession_date`` (datetime64) ``, enlargement_round,
        source_title, source_url, confidence, notes``.
    """
    return _load("nato_members", path)


def figures(*, path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Key cited figures.

    Parameters
    ----------
    path : str or path-like, optional
        A datasets folder (default: see :func:`data_dir`).

    Returns
    -------
    pandas.DataFrame
        Columns as in ``figures.csv`` (``value`` stays text: some rows
        compare several values) plus ``as_of_start`` (datetime64) and
        ``as_of_precision``.
    """
    return _load("figures", path)


def parties(*, path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The parties of the negotiation lesson.

    Parameters
    ----------
    path : str or path-like, optional
        A datasets folder (default: see :func:`data_dir`).

    Returns
    -------
    pandas.DataFrame
        ``party_id, label, kind`` (government, coalition, author) ``,
        source_id`` (authors only) ``, description``.
    """
    return _load("parties", path)


def terms(*, path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """The deal terms of the negotiation lesson.

    Parameters
    ----------
    path : str or path-like, optional
        A datasets folder (default: see :func:`data_dir`).

    Returns
    -------
    pandas.DataFrame
        ``term_id, label, description``.
    """
    return _load("terms", path)


def positions(*, path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """Each party's position on each deal term, with its evidence.

    A party may have several rows for one term: one per piece of evidence,
    and positions change over time. The row with the latest ``as_of_start``
    is the party's most recent known position.

    Parameters
    ----------
    path : str or path-like, optional
        A datasets folder (default: see :func:`data_dir`).

    Returns
    -------
    pandas.DataFrame
        ``position_id, party_id, term_id, position`` (requires, accepts,
        rejects, unknown) ``, claim_id, event_id, as_of, note`` plus
        ``as_of_start`` (datetime64) and ``as_of_precision``.
    """
    return _load("positions", path)


def claim_events(*, path: str | os.PathLike[str] | None = None) -> pd.DataFrame:
    """One row per (claim, timeline event) link, from ``claims.event_ids``.

    Parameters
    ----------
    path : str or path-like, optional
        A datasets folder (default: see :func:`data_dir`).

    Returns
    -------
    pandas.DataFrame
        ``claim_id, event_id`` (both ``string``), in claim order; claims
        with no events do not appear.
    """
    table = claims(path=path)
    pairs = [
        (claim_id, event_id.strip())
        for claim_id, event_ids in zip(table["claim_id"], table["event_ids"])
        if isinstance(event_ids, str)
        for event_id in event_ids.split(";")
        if event_id.strip()
    ]
    return pd.DataFrame(
        {
            "claim_id": pd.Series([p[0] for p in pairs], dtype="string"),
            "event_id": pd.Series([p[1] for p in pairs], dtype="string"),
        }
    )


def _text_files(folder: Path, state: Any = None) -> dict[str, Any]:
    """Each source's ``text_file`` (NA when the default path applies), from the checked table."""
    # the checked table itself, read and not changed (the loader's copy costs more than the look-up)
    table = _checked_table("sources", folder, state)
    return dict(zip(table["source_id"].tolist(), table["text_file"].tolist()))


def _text_file(source_id: str, folder: Path, state: Any = None,
               files: dict[str, Any] | None = None) -> tuple[Path, str]:
    files = _text_files(folder, state) if files is None else files
    if source_id not in files:
        known = [str(s) for s in files if not pd.isna(s)]
        raise DatasetError(
            _label(folder, "sources.csv"),
            f"there is no source_id {source_id!r}; the known ids are: {', '.join(known)}.",
            column="source_id",
        )
    relative = files[source_id]
    if pd.isna(relative):
        relative = f"articles/{source_id}.txt"
    file = inside(folder, str(relative), _label(folder, "sources.csv"), column="text_file")
    return file, _label(folder, str(relative))


def article(source_id: str, *, path: str | os.PathLike[str] | None = None) -> str:
    """The cleaned text of one article.

    Parameters
    ----------
    source_id : str
        A ``source_id`` from :func:`sources`.
    path : str or path-like, optional
        A datasets folder (default: see :func:`data_dir`).

    Returns
    -------
    str
        The text, paragraphs separated by a blank line.

    Raises
    ------
    DatasetError
        When the id is unknown (the message lists the known ids) or the
        text file is missing.
    """
    return _article(source_id, data_dir(path=path))


def _article(source_id: str, folder: Path, state: Any = None, files: dict[str, Any] | None = None) -> str:
    file, label = _text_file(source_id, folder, state, files)
    if not file.is_file():
        raise DatasetError(
            label, f"the text of {source_id!r} is missing; put it at this path (see sources.csv)."
        )
    _refuse(folder, label, state)  # e.g. not UTF-8, empty
    return _text_cached(str(file), _stamp(file), label)


def _articles(source_ids: Iterable[str], *, path: str | os.PathLike[str] | None = None) -> dict[str, str]:
    """The cleaned texts of several articles, the folder checked once (see :func:`article`).

    :func:`article` takes the folder's state for each text (two scans of the
    folder per text: 3,200 scans of 1,600 files for a corpus of 1,600 texts).
    Raises as :func:`article`
    does, for the first id in ``source_ids`` whose text has a problem.
    """
    folder = data_dir(path=path)
    state = _folder_stamps(folder)
    files = _text_files(folder, state)
    return {source_id: _article(source_id, folder, state, files) for source_id in source_ids}


def paragraphs(source_id: str, *, path: str | os.PathLike[str] | None = None) -> list[str]:
    """The paragraphs of one article (``claims.paragraph`` 1 is element 0).

    Parameters
    ----------
    source_id : str
        A ``source_id`` from :func:`sources`.
    path : str or path-like, optional
        A datasets folder (default: see :func:`data_dir`).

    Returns
    -------
    list of str
        A new list on every call.
    """
    return split_paragraphs(article(source_id, path=path))
