"""The schema rules: what ``datapackage.json`` says about each column, checked once.

``datapackage.json`` is a Frictionless Data Package. Its Table Schema rules
are split in two, column by column, so that every rule has exactly one
checker:

* the columns this module reads itself (:func:`kit_reads`): the types
  ``string``, ``integer``, ``number``, ``boolean`` and ``date`` (ISO dates),
  the formats ``default`` and ``uri``, the constraints ``required``,
  ``unique``, ``enum``, ``pattern``, ``minimum`` and ``maximum``, and keys
  of one column. Each cell is checked by :func:`parse_cell` (which also
  gives it its pandas type) with a sentence a teacher can act on. The
  loaders and ``python -m peacekit validate`` both run it, through
  :func:`peacekit.validation.check_rules`, without importing Frictionless;
* every other column (another type, format or constraint, missing values
  other than the empty cell, keys of several columns): checked by
  Frictionless alone, on the descriptor reduced to those rules
  (:func:`frictionless_part`); the loaders return such a column as text.
  The shipped descriptor has none, so the shipped data never pays for
  Frictionless.

See docs/validation-design.md for why (kernel start-up time) and the
measured numbers.
"""

from __future__ import annotations

import datetime as _dt
import re
from typing import Any

import pandas as pd

__all__ = [
    "KIT_CONSTRAINTS",
    "KIT_TYPES",
    "TO_FILL",
    "frictionless_part",
    "kit_field",
    "kit_reads",
    "parse_cell",
    "pandas_dtype",
]

#: What ``python -m peacekit new-source`` writes in a cell the teacher must
#: fill in; a cell that still starts with it is refused.
TO_FILL = "TO FILL"

#: Field types the kit checks and types itself.
KIT_TYPES = frozenset({"string", "integer", "number", "boolean", "date"})
#: Field constraints the kit checks itself.
KIT_CONSTRAINTS = frozenset({"required", "unique", "enum", "pattern", "minimum", "maximum"})
#: Formats the kit checks, by type (any other type: ``default`` only).
KIT_FORMATS: dict[str, frozenset[str]] = {"string": frozenset({"default", "uri"})}
#: Field properties that change nothing the kit checks, or that it reads.
KIT_FIELD_KEYS = frozenset(
    {"name", "title", "description", "example", "rdfType", "type", "format", "constraints",
     "trueValues", "falseValues"}
)
#: Errors of the Frictionless pass: the cell and key rules it owns (file
#: structure, encoding and headers are the kit's, for every column).
FRICTIONLESS_ERRORS = ("type-error", "constraint-error", "unique-error", "primary-key", "foreign-key")

_INTEGER_RE = re.compile(r"^[+-]?\d+$")
# Control characters other than tab and line breaks: invisible, never meant.
_CONTROL_RE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
_WEB_ADDRESS_RE = re.compile(r"^https?://[^\s/?#]+\S*$", re.IGNORECASE)
_NUMBER_RE = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")
_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


# ------------------------------------------------------------------ the split


def _only_empty_is_missing(schema: dict[str, Any]) -> bool:
    return schema.get("missingValues", [""]) == [""]


def kit_reads(field: dict[str, Any], schema: dict[str, Any]) -> bool:
    """Whether the kit checks this column itself (else Frictionless does).

    Parameters
    ----------
    field : dict
        The field descriptor.
    schema : dict
        The table's schema (for ``missingValues``).

    Returns
    -------
    bool
        True when every rule of the field is one :func:`parse_cell` checks.
    """
    kind = field.get("type", "string")
    constraints = field.get("constraints") or {}
    return (
        _only_empty_is_missing(schema)
        and kind in KIT_TYPES
        and field.get("format", "default") in KIT_FORMATS.get(kind, frozenset({"default"}))
        and isinstance(constraints, dict)
        and set(constraints) <= KIT_CONSTRAINTS
        and set(field) <= KIT_FIELD_KEYS
    )


def kit_field(field: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """The field as the kit reads it.

    A column the kit checks itself is returned unchanged; any other column
    is read as text (Frictionless checks it), and keeps ``required`` when an
    empty cell is the only missing value.
    """
    if kit_reads(field, schema):
        return field
    plain: dict[str, Any] = {"name": field.get("name"), "type": "string"}
    constraints = field.get("constraints") or {}
    if _only_empty_is_missing(schema) and isinstance(constraints, dict) and constraints.get("required"):
        plain["constraints"] = {"required": True}
    return plain


def _frictionless_field(field: dict[str, Any], schema: dict[str, Any]) -> dict[str, Any]:
    """A field as Frictionless checks it: every rule the kit does not check."""
    if kit_reads(field, schema):
        return {"name": field.get("name"), "type": "any"}
    kept = dict(field)
    constraints = dict(field.get("constraints") or {})
    if _only_empty_is_missing(schema):
        constraints.pop("required", None)  # an empty cell is named by the kit
    kept["constraints"] = constraints
    return kept


def _frictionless_schema(
    schema: dict[str, Any], header: list[str], names: set[str]
) -> tuple[dict[str, Any], bool]:
    """One table's schema reduced to the Frictionless part, and whether anything is left.

    The fields follow the file's own header (Frictionless matches fields to
    columns by position; the kit, by name), a column the schema does not
    describe being of type ``any``.
    """
    described = {f.get("name"): f for f in schema.get("fields", []) if isinstance(f, dict)}
    fields = [
        _frictionless_field(described[column], schema)
        if column in described
        else {"name": column, "type": "any"}
        for column in header
    ]
    left = any(field.get("type") != "any" for field in fields)
    reduced: dict[str, Any] = {"fields": fields}
    if "missingValues" in schema:
        reduced["missingValues"] = schema["missingValues"]
    if isinstance(schema.get("primaryKey"), list):  # keys of one column are the kit's
        reduced["primaryKey"] = schema["primaryKey"]
        left = True
    keys = [
        fk
        for fk in schema.get("foreignKeys") or []
        if isinstance(fk, dict)
        and not isinstance(fk.get("fields"), str)
        and (fk.get("reference") or {}).get("resource", "") in names | {""}
    ]
    if keys:
        reduced["foreignKeys"] = keys
        left = True
    return reduced, left


def frictionless_part(
    descriptor: dict[str, Any], headers: dict[str, list[str]]
) -> dict[str, Any] | None:
    """The descriptor reduced to the rules the kit does not check itself.

    Parameters
    ----------
    descriptor : dict
        The whole ``datapackage.json``.
    headers : dict of str to list of str
        The header of each table the kit could read (the others are already
        named as missing or unreadable, so Frictionless does not open them).

    Returns
    -------
    dict or None
        A descriptor holding those tables, each column either of type
        ``any`` (the kit checks it) or with the rules Frictionless checks;
        None when no rule is left for Frictionless (the shipped data).
    """
    resources, left = [], False
    for spec in descriptor.get("resources", []):
        if not isinstance(spec, dict) or spec.get("name") not in headers:
            continue
        given = spec.get("schema")
        schema, table_left = _frictionless_schema(
            given if isinstance(given, dict) else {}, headers[spec["name"]], set(headers)
        )
        left = left or table_left
        kept = {k: spec[k] for k in ("name", "path", "format") if k in spec}
        if isinstance(spec.get("dialect"), dict):  # never a reference to fetch
            kept["dialect"] = spec["dialect"]
        resources.append(
            {**kept, "profile": "tabular-data-resource", "encoding": "utf-8", "schema": schema}
        )
    return {"resources": resources} if left else None


# ------------------------------------------------------------------ cells


def _cell_text_problem(value: str, constraints: dict[str, Any]) -> str | None:
    """Problems of the cell text itself, whatever its type."""
    control = _CONTROL_RE.search(value)
    if control:
        return (
            f"the cell holds an invisible control character (U+{ord(control.group(0)):04X}) "
            f"at character {control.start() + 1}; delete it (it often comes from copying out "
            "of a PDF or a word processor)."
        )
    if value == "":
        return "this value is required but the cell is empty." if constraints.get("required") else None
    if not value.strip() and constraints.get("required"):
        return "this value is required but the cell holds only spaces."
    if value.startswith(TO_FILL):
        return (
            f"this cell still says {TO_FILL!r}; write the value (see the column's description "
            "in datapackage.json), or leave it empty if the column allows that."
        )
    return None


def _typed(value: str, field: dict[str, Any]) -> tuple[Any, str | None]:
    """Convert a filled cell to its type (``uri`` format included)."""
    kind = field.get("type", "string")
    if field.get("format") == "uri" and not _WEB_ADDRESS_RE.match(value):
        return None, (
            f"{value!r} is not a web address; write the full address, starting with https:// "
            "(other kinds of link, such as javascript: or file:, are not allowed)."
        )
    if kind == "integer":
        if not _INTEGER_RE.match(value.strip()):
            return None, f"{value!r} is not a whole number."
        return int(value), None
    if kind == "number":
        if not _NUMBER_RE.match(value.strip()):
            return None, f"{value!r} is not a number."
        return float(value), None
    if kind == "boolean":
        true_values = [str(v) for v in field.get("trueValues", ["true"])]
        false_values = [str(v) for v in field.get("falseValues", ["false"])]
        if value not in true_values + false_values:
            return None, (
                f"{value!r} is not one of the allowed values: "
                f"{', '.join(true_values + false_values)}."
            )
        return value in true_values, None
    if kind == "date":
        if not _DATE_RE.match(value):
            return None, f"{value!r} is not a date written YYYY-MM-DD."
        try:
            return pd.Timestamp(_dt.date.fromisoformat(value)), None
        except ValueError:
            return None, f"{value!r} is not a real date (check the month and the day)."
    return value, None


def _constraint_problem(value: str, converted: Any, field: dict[str, Any]) -> str | None:
    """The first of ``enum``, ``pattern``, ``minimum``, ``maximum`` the cell breaks."""
    if isinstance(converted, bool):
        return None  # true/false values are the whole rule of a boolean column
    constraints = field.get("constraints", {}) or {}
    enum = constraints.get("enum")
    if enum is not None and value not in [str(item) for item in enum]:
        return f"{value!r} is not one of the allowed values: {', '.join(map(str, enum))}."
    pattern = constraints.get("pattern")
    if pattern is not None and field.get("type", "string") == "string" and not re.fullmatch(pattern, value):
        return f"{value!r} does not have the expected form ({_describe_pattern(field)})."
    if isinstance(converted, (int, float)) and not isinstance(converted, bool):
        low, high = constraints.get("minimum"), constraints.get("maximum")
        if low is not None and converted < low:
            return f"{value!r} is below the minimum {low}."
        if high is not None and converted > high:
            return f"{value!r} is above the maximum {high}."
    return None


def parse_cell(value: str, field: dict[str, Any]) -> tuple[Any, str | None]:
    """Convert one CSV cell according to its field, checking the field's rules.

    Parameters
    ----------
    value : str
        The cell text ('' means missing).
    field : dict
        The field as the kit reads it (see :func:`kit_field`).

    Returns
    -------
    tuple
        ``(value, None)`` on success (missing values become None), or
        ``(None, sentence)`` describing what is wrong.
    """
    problem = _cell_text_problem(value, field.get("constraints", {}) or {})
    if problem is not None or value == "":
        return None, problem
    converted, problem = _typed(value, field)
    if problem is None:
        problem = _constraint_problem(value, converted, field)
    return (None, problem) if problem is not None else (converted, None)


def _describe_pattern(field: dict[str, Any]) -> str:
    description = str(field.get("description", "")).strip()
    if description:
        return description.split(". ")[0].rstrip(".")
    return "pattern " + str(field.get("constraints", {}).get("pattern"))


def pandas_dtype(field: dict[str, Any]) -> Any:
    """The pandas type of a column the kit reads (see :func:`kit_field`)."""
    kind = field.get("type", "string")
    enum = (field.get("constraints") or {}).get("enum")
    if kind == "integer":
        return "Int64"
    if kind == "number":
        return "Float64"
    if kind == "boolean":
        return "boolean"
    if kind == "date":
        return "datetime64[ns]"
    if enum:
        return pd.CategoricalDtype([str(item) for item in enum])
    return "string"
