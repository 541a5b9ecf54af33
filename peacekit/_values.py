"""The kit's one set of small value helpers (private).

Every module that must decide whether a cell is missing, turn "one id or
several" into a list, name a Python type for a beginner or say that an id is
unknown uses these functions, so each rule is written once:

* :func:`is_missing` — ``None``, NaN, NaT, ``pd.NA`` and blank strings;
* :func:`text` — a cell as stripped ``str``, missing values as ``""``;
* :func:`as_list` — ``None`` stays ``None``, one string becomes a one-item list;
* :func:`friendly_type` — "whole number (int)", "table (DataFrame)", …;
* :func:`closest_id`, :func:`unknown_id_sentence` and
  :func:`unknown_ids_sentence` — the one "unknown id, did you mean …?" rule.
"""

from __future__ import annotations

import difflib
import reprlib
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

import numpy as np
import pandas as pd

__all__ = [
    "as_list",
    "closest_id",
    "friendly_type",
    "is_missing",
    "safe_repr",
    "text",
    "unknown_id_sentence",
    "unknown_ids_sentence",
]

T = TypeVar("T")


def is_missing(value: Any) -> bool:
    """Return True for None, NaN, NaT, ``pd.NA`` and blank strings.

    An empty list-like is *not* missing (it is an empty answer).
    """
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    try:
        # bool() of the empty array pd.isna returns raises ValueError on numpy >= 2.2
        # but only warns (DeprecationWarning) before: test its size first.
        missing = pd.isna(value)
        return bool(missing) if np.size(missing) == 1 else False
    except (TypeError, ValueError):
        return False


def text(value: Any) -> str:
    """Return a cell as a stripped ``str`` (``""`` for missing values)."""
    return "" if is_missing(value) else str(value).strip()


def as_list(value: Any, convert: Callable[[Any], T] | None = None) -> list[Any] | None:
    """``None`` stays ``None``; a string becomes a one-item list; other iterables a list.

    ``convert`` (e.g. :func:`text`) is applied to each item when given.
    """
    if value is None:
        return None
    if isinstance(value, str):
        items: list[Any] = [value]
    elif isinstance(value, Iterable):
        items = list(value)
    else:
        items = [value]
    return [convert(v) for v in items] if convert is not None else items


_PLAIN_TYPES = {
    "int": "whole number (int)",
    "float": "number with decimals (float)",
    "str": "piece of text (str)",
    "bool": "True/False value (bool)",
    "list": "list",
    "tuple": "tuple (a list in round brackets)",
    "set": "set (a list in curly brackets)",
    "dict": "dictionary (dict)",
    "NoneType": "None value",
    "ellipsis": "... placeholder",
    "DataFrame": "table (DataFrame)",
    "Series": "column (Series)",
    "Index": "pandas Index",
}


def friendly_type(value: object) -> str:
    """Name the type of ``value`` in words a beginner knows, to follow "a".

    ``"you gave a " + friendly_type(5)`` reads "you gave a whole number
    (int)"; numpy numbers read like Python's ("whole number (int64)").
    """
    try:
        name = type(value).__name__
    except Exception:  # pragma: no cover - type() always works, but be safe
        return "value of an unknown kind"
    if name in _PLAIN_TYPES:
        return _PLAIN_TYPES[name]
    if name.startswith(("int", "uint")) and name[-1].isdigit():
        return f"whole number ({name})"
    if name.startswith("float") and name[-1].isdigit():
        return f"number with decimals ({name})"
    return f"{name} object"


def safe_repr(value: object, *, limit: int = 60) -> str:
    """Return a short repr of ``value`` that never raises (for hint sentences)."""
    r = reprlib.Repr()
    r.maxstring = limit
    r.maxother = limit
    r.maxlist = r.maxtuple = r.maxset = r.maxdict = 5
    try:
        shown = r.repr(value)
    except Exception:  # an object whose __repr__ raises
        shown = f"<{friendly_type(value)} object>"
    if len(shown) > limit + 10:
        shown = shown[: limit + 7] + "..."
    return shown


def closest_id(value: object, known: Iterable[object]) -> str | None:
    """The known id ``value`` was probably meant to be, or None.

    Case, spaces and quote marks are forgiven (a lower-case id finds its
    upper-case form); otherwise a close spelling is offered when there is one.
    """
    known_list = [str(k) for k in known]
    folded = {"".join(k.split()).lower(): k for k in known_list}
    key = "".join(str(value).strip("'\"“”‘’ ").split()).lower()
    guess = folded.get(key)
    if guess is None:
        close = difflib.get_close_matches(str(value), known_list, n=1, cutoff=0.75)
        guess = close[0] if close else None
    return guess


def unknown_id_sentence(value: object, known: Iterable[object], *, kind: str) -> str:
    """Say that one ``value`` is not a known id, suggesting the id it was probably meant to be."""
    guess = closest_id(value, known)
    if guess is not None:
        return f"{safe_repr(value)} is not a {kind} in the dataset; did you mean {guess!r}?"
    return f"{safe_repr(value)} is not a {kind} in the dataset; check the spelling (ids are listed in the tables)."


def unknown_ids_sentence(unknown: Iterable[object], known: Iterable[object], *, kind: str) -> str:
    """Name several ids that are not in the data, each with its suggestion when there is one."""
    unknown = [str(u) for u in unknown]
    known = [str(k) for k in known]
    parts = []
    for item in unknown:
        guess = closest_id(item, known)
        parts.append(f"{item!r} (did you mean {guess!r}?)" if guess else repr(item))
    noun = kind if len(unknown) == 1 else kind + "s"
    return f"Unknown {noun}: {', '.join(parts)}. Pick from the ids in the dataset."
