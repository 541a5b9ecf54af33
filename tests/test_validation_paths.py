"""One validation path: each schema rule has exactly one checker.

``peacekit.schema`` checks the columns it reads itself (the shipped
descriptor uses nothing else, so the loaders never import Frictionless);
Frictionless checks only what is left (:func:`peacekit.schema.frictionless_part`),
for the loaders and the validator alike; the validator alone asks
Frictionless whether ``datapackage.json`` follows the Data Package standard.
"""

from __future__ import annotations

import csv
import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

import peacekit as pk
from peacekit.data import DatasetError
from peacekit.schema import frictionless_part, kit_reads
from peacekit.validation import Problem, validate
from test_validate import data  # noqa: F401  (the fixture: a fresh copy of the shipped datasets)

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "datasets"


def _descriptor(folder: Path) -> dict:
    return json.loads((folder / "datapackage.json").read_text(encoding="utf-8"))


def _write_descriptor(folder: Path, descriptor: dict) -> None:
    (folder / "datapackage.json").write_text(json.dumps(descriptor, indent=2), encoding="utf-8")


def _add_columns(folder: Path, values: dict[int, tuple[str, str]]) -> None:
    """Give themes two columns the kit does not read itself: a year and an e-mail address.

    ``values`` maps a data row (0 = first) to its (since, contact); the
    other rows get ('2001', 'desk@example.org').
    """
    descriptor = _descriptor(folder)
    for spec in descriptor["resources"]:
        if spec["name"] == "themes":
            spec["schema"]["fields"] += [
                {"name": "since", "type": "year", "description": "First year.",
                 "constraints": {"required": True, "minimum": 1990}},
                {"name": "contact", "type": "string", "format": "email", "description": "Who."},
            ]
    _write_descriptor(folder, descriptor)
    file = folder / "themes.csv"
    rows = list(csv.reader(io.StringIO(file.read_text(encoding="utf-8"), newline="")))
    rows[0] += ["since", "contact"]
    for index, row in enumerate(rows[1:]):
        row += list(values.get(index, ("2001", "desk@example.org")))
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    file.write_text(out.getvalue(), encoding="utf-8", newline="")


def _at(problems: list[Problem], row: int) -> list[Problem]:
    return [p for p in problems if p.file == "datasets/themes.csv" and p.row == row]


def test_the_shipped_descriptor_leaves_no_rule_to_frictionless() -> None:
    descriptor = _descriptor(DATASETS)
    headers = {
        spec["name"]: [field["name"] for field in spec["schema"]["fields"]]
        for spec in descriptor["resources"]
    }
    for spec in descriptor["resources"]:
        for field in spec["schema"]["fields"]:
            assert kit_reads(field, spec["schema"]), (spec["name"], field["name"])
    assert frictionless_part(descriptor, headers) is None


def test_the_loaders_do_not_import_frictionless_for_the_shipped_data(tmp_path: Path) -> None:
    code = (
        "import sys, peacekit as pk\n"
        "for name in ('sources', 'themes', 'claims', 'timeline', 'nato_members', 'figures',"
        " 'parties', 'terms', 'positions'):\n"
        "    getattr(pk, name)()\n"
        "print('frictionless' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=True,
        env={"PEACEKIT_DATA": str(DATASETS), "PATH": "/usr/bin:/bin"},
    )
    assert result.stdout.strip() == "False", result.stdout + result.stderr


def test_a_column_the_kit_does_not_read_is_checked_by_frictionless(data: Path) -> None:
    _add_columns(data, {1: ("19x5", "a@b.org"), 2: ("1985", "a@b.org"),
                        3: ("2001", "not-an-address"), 4: ("", "a@b.org")})
    problems = validate(data)
    # one problem per broken cell: Frictionless for its rules, the kit for an empty cell
    assert [(p.row, p.column) for p in problems] == [(3, "since"), (4, "since"), (5, "contact"),
                                                    (6, "since")], problems
    assert "'19x5' does not have the expected type" in _at(problems, 3)[0].message
    assert "'1985' breaks a rule of the schema" in _at(problems, 4)[0].message
    assert "minimum" in _at(problems, 4)[0].message
    assert "'not-an-address' does not have the expected type" in _at(problems, 5)[0].message
    assert _at(problems, 6)[0].message == "this value is required but the cell is empty."
    with pytest.raises(DatasetError) as info:
        pk.themes(path=data)
    assert str(info.value) == str(problems[0])  # the loaders refuse with the same sentence
    pk.claims(path=data)  # a problem in themes.csv does not stop claims


def test_good_values_in_such_a_column_are_accepted_and_read_as_text(data: Path) -> None:
    _add_columns(data, {0: ("1991", "someone@example.org")})
    assert validate(data) == []
    themes = pk.themes(path=data)
    assert themes["since"].iloc[0] == "1991"
    assert pd_is_string(themes["since"])


def pd_is_string(series: object) -> bool:
    import pandas as pd

    return bool(pd.api.types.is_string_dtype(series))


@pytest.mark.parametrize(
    ("column", "value", "expect"),
    [("stance", "3", "above the maximum 2"), ("theme_id", "weather", "is not a theme_id")],
)
def test_a_rule_the_kit_checks_is_reported_once(data: Path, column: str, value: str, expect: str) -> None:
    file = data / "claims.csv"
    rows = list(csv.reader(io.StringIO(file.read_text(encoding="utf-8"), newline="")))
    rows[1][rows[0].index(column)] = value
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    file.write_text(out.getvalue(), encoding="utf-8", newline="")
    problems = [p for p in validate(data) if p.file == "datasets/claims.csv" and p.row == 2]
    assert len(problems) == 1, problems
    assert expect in problems[0].message and problems[0].column == column


def test_the_descriptor_standard_is_checked_by_the_validator_only(data: Path) -> None:
    descriptor = _descriptor(data)
    descriptor["name"] = "Not A Valid Name!"
    _write_descriptor(data, descriptor)
    problems = validate(data)
    assert len(problems) == 1, problems
    assert problems[0].file == "datasets/datapackage.json"
    assert "does not follow the Data Package standard" in problems[0].message
    assert "'Not A Valid Name!'" in problems[0].message
    assert not problems[0].loaders_refuse
    assert len(pk.claims(path=data)) > 0  # the loaders read past it


def test_a_profile_on_the_web_is_named_never_fetched(data: Path) -> None:
    descriptor = _descriptor(data)
    descriptor["profile"] = "https://example.invalid/profile.json"
    _write_descriptor(data, descriptor)
    messages = [p.message for p in validate(data)]
    assert len(messages) == 1, messages
    assert "never fetches" in messages[0] and "https://example.invalid/profile.json" in messages[0]


def test_frictionless_checks_the_column_by_its_name_not_its_place(data: Path) -> None:
    _add_columns(data, {1: ("19x5", "a@b.org")})
    file = data / "themes.csv"
    rows = list(csv.reader(io.StringIO(file.read_text(encoding="utf-8"), newline="")))
    rows = [row[-2:] + row[:-2] for row in rows]  # since, contact first
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    file.write_text(out.getvalue(), encoding="utf-8", newline="")
    problems = validate(data)
    assert [(p.row, p.column) for p in problems] == [(3, "since")], problems
    assert "'19x5' does not have the expected type" in problems[0].message


def test_a_file_two_rows_point_to_is_checked_once(data: Path) -> None:
    """No report is made twice (there is no de-duplication step to hide it)."""
    file = data / "sources.csv"
    rows = list(csv.reader(io.StringIO(file.read_text(encoding="utf-8"), newline="")))
    rows.append(list(rows[1]))  # the same source twice
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows(rows)
    file.write_text(out.getvalue(), encoding="utf-8", newline="")
    article = data / rows[1][rows[0].index("text_file")]
    article.write_bytes(b"\xef\xbb\xbf" + article.read_bytes())
    problems = validate(data)
    assert len(problems) == len(set(problems)), problems
    assert sum("byte-order mark" in p.message for p in problems) == 1, problems
    assert any("is already used on row 2" in p.message for p in problems), problems
