"""Small answer-shape helpers shared by the checkers of lessons 01–03.

Each helper turns what a student gave into a plain Python value, or returns a
sentence saying what shape was expected. Like the helpers in
:mod:`peacekit.checks.core`, they never raise for odd input: a checker can
write ``value, problem = as_counts(answer, ...)`` and ``return problem``.

Nothing here knows a source, claim or theme by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from peacekit.checks.core import friendly_type, safe_repr

__all__ = [
    "as_counts",
    "as_id_list",
    "as_mapping",
    "is_placeholder",
    "latest_possible_date",
    "known_date_sentence",
    "type_name",
]


def type_name(value: object) -> str:
    """Return a friendly name for the type of ``value``, to follow "a" in a sentence."""
    return friendly_type(value)


def is_placeholder(value: object) -> bool:
    """True for ``...`` and ``None``: a part of the answer not filled in yet."""
    return value is Ellipsis or value is None


def as_mapping(answer: object, *, what: str) -> tuple[dict[Any, Any] | None, str | None]:
    """Return ``answer`` as a dict, or a sentence saying a dictionary was expected.

    A pandas Series is accepted (index -> value).
    """
    if isinstance(answer, pd.Series):
        return dict(answer.items()), None
    if isinstance(answer, Mapping):
        return dict(answer.items()), None
    return None, f"{what} should be a dictionary like {{...: ..., ...: ...}}; you gave a {type_name(answer)}."


def as_counts(
    answer: object, *, key: str, value: str = "count"
) -> tuple[dict[str, int] | None, str | None]:
    """Return a table of counts as ``{key: count}``.

    Accepts a Series indexed by ``key`` (what ``value_counts()`` gives), a
    DataFrame with a ``key`` column and one numeric column (or ``key`` as its
    index), or a dict.

    Returns
    -------
    (dict or None, str or None)
        The counts (zero counts dropped), or ``None`` and a sentence.
    """
    shape = (
        f"a table of counts: a Series indexed by {key} (what .value_counts() gives), "
        f"or a DataFrame with columns {key!r} and {value!r}"
    )
    if isinstance(answer, pd.DataFrame):
        frame = answer
        if key not in frame.columns:
            if frame.index.name == key:
                frame = frame.reset_index()
            else:
                return None, f"your table has no column {key!r}; give {shape}."
        numeric = [c for c in frame.columns if c != key and pd.api.types.is_numeric_dtype(frame[c])]
        if value in frame.columns:
            numeric = [value]
        if len(numeric) != 1:
            return None, f"your table should have one column of counts besides {key!r}; give {shape}."
        pairs = list(zip(frame[key].tolist(), frame[numeric[0]].tolist()))
    elif isinstance(answer, pd.Series):
        if not pd.api.types.is_numeric_dtype(answer.dtype):
            text = next((v for v in answer.tolist() if isinstance(v, str)), None)
            if text is not None:  # the type first: a column of values is not a table of counts
                return None, (
                    f"you gave a column of text values (for example {safe_repr(text)}), not counts; "
                    f"give {shape}."
                )
        pairs = list(answer.items())
    elif isinstance(answer, Mapping):
        pairs = list(answer.items())
    else:
        return None, f"give {shape}; you gave a {type_name(answer)}."
    counts: dict[str, int] = {}
    for k, v in pairs:
        if isinstance(v, bool):
            return None, f"the count for {safe_repr(k)} should be a number, not {v!r}."
        try:
            number = float(v)
        except (TypeError, ValueError):
            return None, f"the count for {safe_repr(k)} should be a number, not {safe_repr(v)}."
        if number != number or not number.is_integer():
            return None, f"the count for {safe_repr(k)} should be a whole number, not {safe_repr(v)}."
        name = str(k)
        if name in counts:
            return None, f"{safe_repr(name)} appears twice in your table; count each {key} once."
        if number:
            counts[name] = int(number)
    return counts, None


def as_id_list(answer: object, *, kind: str) -> tuple[list[str] | None, str | None]:
    """Return a list of ids written as text, or a sentence explaining the shape."""
    if isinstance(answer, str):
        return [answer.strip()], None
    if isinstance(answer, (pd.Series, pd.Index)):
        answer = answer.tolist()
    if not isinstance(answer, (list, tuple, set, frozenset)):
        return None, f"give the {kind}s as a list, like [\"...\", \"...\"]; you gave a {type_name(answer)}."
    items = list(answer)
    bad = [v for v in items if not isinstance(v, str)]
    if bad:
        return None, f"write each {kind} as text in quotes; {safe_repr(bad[0])} is a {type_name(bad[0])}."
    return [v.strip() for v in items], None


def latest_possible_date(date: object, precision: object) -> pd.Timestamp | None:
    """Return the last day a text dated ``date`` (with ``precision``) can have been written.

    A day-precise date is itself; a month-precise date ("2025-09") may be any
    day of that month, so the latest possible day is the month's last day; a
    year-precise date, the 31 December. An unknown date gives ``None``.
    """
    if precision is None or date is None:
        return None
    try:
        # An empty list-like is not missing. bool() of the empty array pd.isna returns raises
        # ValueError on numpy >= 2.2 but only warns (DeprecationWarning) before: test its size first.
        missing = pd.isna(date)
        if np.size(missing) and missing:
            return None
    except (TypeError, ValueError):
        pass
    prec = str(precision).strip().lower()
    try:
        stamp = pd.Timestamp(date).normalize()
    except (TypeError, ValueError):
        return None
    if prec == "day":
        return stamp
    if prec == "month":
        return stamp + pd.offsets.MonthEnd(0)
    if prec == "year":
        return stamp + pd.offsets.YearEnd(0)
    return None


def known_date_sentence(date: object, precision: object) -> str:
    """Return how a date reads at its precision ("18 August 2025", "September 2025")."""
    try:
        stamp = pd.Timestamp(date)
    except (TypeError, ValueError):
        return "an unknown date"
    prec = str(precision).strip().lower()
    if prec == "day":
        return f"{stamp.day} {stamp:%B %Y}"
    if prec == "month":
        return f"{stamp:%B %Y} (month only: any day of that month)"
    if prec == "year":
        return f"{stamp:%Y} (year only)"
    return "an unknown date"
