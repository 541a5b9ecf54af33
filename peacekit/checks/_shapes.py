"""Small answer-shape helpers shared by the checkers of lessons 01–03.

Each ``need_*`` helper turns what a student gave into a plain Python value,
or raises :class:`peacekit.checks.core.NotYet` with a sentence saying what
shape was expected (a checker writes ``counts = need_counts(answer, ...)``).
Odd input gives that sentence, never another exception.

Nothing here knows a source, claim or theme by name.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from peacekit._values import friendly_type, safe_repr
from peacekit.checks.core import NotYet

__all__ = [
    "is_placeholder",
    "known_date_sentence",
    "latest_possible_date",
    "need_counts",
    "need_id_list",
    "need_mapping",
]


def is_placeholder(value: object) -> bool:
    """True for ``...`` and ``None``: a part of the answer not filled in yet."""
    return value is Ellipsis or value is None


def need_mapping(answer: object, *, what: str) -> dict[Any, Any]:
    """Return ``answer`` as a dict, or raise NotYet saying a dictionary was expected.

    A pandas Series is accepted (index -> value).
    """
    if isinstance(answer, (pd.Series, Mapping)):
        return dict(answer.items())
    raise NotYet(f"{what} should be a dictionary like {{...: ..., ...: ...}}; you gave a {friendly_type(answer)}.")


def need_counts(answer: object, *, key: str, value: str = "count") -> dict[str, int]:
    """Return a table of counts as ``{key: count}`` (zero counts dropped), or raise NotYet.

    Accepts a Series indexed by ``key`` (what ``value_counts()`` gives), a
    DataFrame with a ``key`` column and one numeric column (or ``key`` as its
    index), or a dict.
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
                raise NotYet(f"your table has no column {key!r}; give {shape}.")
        numeric = [c for c in frame.columns if c != key and pd.api.types.is_numeric_dtype(frame[c])]
        if value in frame.columns:
            numeric = [value]
        if len(numeric) != 1:
            raise NotYet(f"your table should have one column of counts besides {key!r}; give {shape}.")
        pairs = list(zip(frame[key].tolist(), frame[numeric[0]].tolist()))
    elif isinstance(answer, pd.Series):
        if not pd.api.types.is_numeric_dtype(answer.dtype):
            text = next((v for v in answer.tolist() if isinstance(v, str)), None)
            if text is not None:  # the type first: a column of values is not a table of counts
                raise NotYet(
                    f"you gave a column of text values (for example {safe_repr(text)}), not counts; "
                    f"give {shape}."
                )
        pairs = list(answer.items())
    elif isinstance(answer, Mapping):
        pairs = list(answer.items())
    else:
        raise NotYet(f"give {shape}; you gave a {friendly_type(answer)}.")
    counts: dict[str, int] = {}
    for k, v in pairs:
        if isinstance(v, bool):
            raise NotYet(f"the count for {safe_repr(k)} should be a number, not {v!r}.")
        try:
            number = float(v)
        except (TypeError, ValueError):
            raise NotYet(f"the count for {safe_repr(k)} should be a number, not {safe_repr(v)}.")
        if number != number or not number.is_integer():
            raise NotYet(f"the count for {safe_repr(k)} should be a whole number, not {safe_repr(v)}.")
        name = str(k)
        if name in counts:
            raise NotYet(f"{safe_repr(name)} appears twice in your table; count each {key} once.")
        if number:
            counts[name] = int(number)
    return counts


def need_id_list(answer: object, *, kind: str) -> list[str]:
    """Return a list of ids written as text (one text is a list of one), or raise NotYet."""
    if isinstance(answer, str):
        return [answer.strip()]
    if isinstance(answer, (pd.Series, pd.Index)):
        answer = answer.tolist()
    if not isinstance(answer, (list, tuple, set, frozenset)):
        raise NotYet(f"give the {kind}s as a list, like [\"...\", \"...\"]; you gave a {friendly_type(answer)}.")
    items = list(answer)
    bad = [v for v in items if not isinstance(v, str)]
    if bad:
        raise NotYet(f"write each {kind} as text in quotes; {safe_repr(bad[0])} is a {friendly_type(bad[0])}.")
    return [v.strip() for v in items]


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
