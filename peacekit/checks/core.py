"""The exercise-check framework behind every ``check("N.M", answer)`` cell.

A lesson author registers one checker per exercise with :func:`exercise`::

    @exercise("0.1", what="your count equals the number of rows in pk.sources()",
              hints=["Start from pk.sources().", "len(...) counts rows."])
    def _(answer, **context):
        expected = len(pk.sources())
        if answer != expected:
            raise NotYet("that is not the number of sources; count the rows of pk.sources().")

A checker that returns (``None``) passes the answer. To say "not yet" it
raises :class:`NotYet` with the sentence shown after "not yet", anywhere: in
the checker or in a helper it calls. The ``need_*`` helpers return a clean
value or raise ``NotYet`` (``ids = need_ids(answer, expected, kind="claim_id")``),
and :func:`reworded` puts words around the sentence of a ``NotYet`` raised in
a block. A returned sentence still counts as "not yet". A checker may raise
anything else too: the framework turns the exception into a friendly "not yet"
line, because a student who passes an odd object must see a sentence, never a
traceback.

:func:`check` prints exactly one line, ``✅ Exercise N.M passed — <what>`` or
``❌ Exercise N.M not yet — <hint>``, and never raises, except in strict mode
(environment variable ``PEACEKIT_STRICT=1``, set by the check command), where
a not-yet raises :class:`ExerciseNotPassed` after printing so that the check
command counts the cell as failed, and every check sends its verdict as a
display message of type :data:`RESULT_MIME`, which the check command reads
from the kernel's messages. When ``PEACEKIT_REPORT`` names a file, every check
also appends one JSON line to it (for scripts; the check command does not use
it).
"""

from __future__ import annotations

import importlib
import json
import math
import os
import re
import sys
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from peacekit._values import as_list, friendly_type, safe_repr, unknown_id_sentence

__all__ = [
    "Exercise",
    "ExerciseNotPassed",
    "NotYet",
    "Result",
    "as_bool",
    "check",
    "choice_problem",
    "exercise",
    "frame_problem",
    "hint",
    "ids_problem",
    "need_choice",
    "need_frame",
    "need_ids",
    "need_list",
    "need_number",
    "number_problem",
    "registered",
    "reworded",
    "friendly_type",
    "safe_repr",
    "unknown_id_sentence",
]

STRICT_ENV = "PEACEKIT_STRICT"
REPORT_ENV = "PEACEKIT_REPORT"
RESULT_MIME = "application/vnd.peacekit.check+json"
PASS_MARK = "✅"
FAIL_MARK = "❌"
_ID_RE = re.compile(r"^(\d{1,2})\.(\d{1,2})$")
_MAX_LINE = 400

Checker = Callable[..., "str | None"]


class ExerciseNotPassed(AssertionError):
    """Raised by :func:`check` in strict mode when an answer does not pass yet."""


class NotYet(Exception):
    """Raised inside a checker to say "not yet", with the one sentence to show.

    :func:`check` catches it in one place (:meth:`Exercise.verdict`, which
    :func:`_run_checker` calls) and prints the sentence exactly as if the
    checker had returned it.

    Parameters
    ----------
    sentence : str
        What is wrong and what to try, e.g. "your list is empty; ...".
    """

    def __init__(self, sentence: str = "") -> None:
        super().__init__(sentence)
        self.sentence = sentence


@contextmanager
def reworded(before: str = "", after: str = "") -> Iterator[None]:
    """Put ``before`` and ``after`` around the sentence of a :class:`NotYet` raised in the block.

    ``with reworded(before=f"for {source_id}: "): need_choice(...)`` names the
    part of the answer a helper's sentence is about.
    """
    try:
        yield
    except NotYet as exc:
        raise NotYet(f"{before}{exc.sentence}{after}") from None


def _sentence(helper: Callable[..., Any], *args: Any, **kwargs: Any) -> str | None:
    """Run a ``need_*`` helper; return its :class:`NotYet` sentence, or None when it passes."""
    try:
        helper(*args, **kwargs)
    except NotYet as exc:
        return exc.sentence
    return None


@dataclass(frozen=True)
class Exercise:
    """One registered exercise.

    Attributes
    ----------
    exercise_id : str
        ``"N.M"``: lesson number, dot, question number.
    what : str
        What a pass proves, in the student's words ("your list holds exactly
        the claim_ids of the chosen theme"). Shown after "passed —".
    hints : tuple of str
        Progressive hints, from a nudge to nearly the answer.
    fn : callable
        ``fn(answer, **context)``: returns for a pass, raises :class:`NotYet`
        for "not yet" (a returned sentence is "not yet" too).
    """

    exercise_id: str
    what: str
    hints: tuple[str, ...]
    fn: Checker

    def verdict(self, answer: Any, **context: Any) -> Any:
        """Run the checker on ``answer``: None for a pass, else the "not yet" sentence.

        The one place where a :class:`NotYet` raised by the checker becomes
        its sentence, exactly as if the checker had returned it (a returned
        value is passed on as it is). Any other exception propagates:
        :func:`check` turns it into a line, and a test sees it.
        """
        try:
            return self.fn(answer, **context)
        except NotYet as exc:
            return exc.sentence if isinstance(exc.sentence, str) else ""


@dataclass
class Result:
    """What :func:`check` found. Truthy when the answer passed.

    The cell shows only the printed line: the object displays nothing.
    """

    exercise_id: str
    passed: bool
    message: str
    line: str = field(repr=False, default="")

    def __bool__(self) -> bool:
        return self.passed

    def _ipython_display_(self) -> None:  # shows nothing: the line was printed
        return None


_REGISTRY: dict[str, Exercise] = {}
_HINTS_SHOWN: dict[str, int] = {}


def exercise(exercise_id: str, *, what: str, hints: Sequence[str]) -> Callable[[Checker], Checker]:
    """Register a checker for exercise ``exercise_id``.

    Parameters
    ----------
    exercise_id : str
        ``"N.M"``, e.g. ``"0.1"``.
    what : str
        What a pass proves; say exactly what was checked, no more.
    hints : sequence of str
        Progressive hints shown by :func:`hint`, at least one.

    Returns
    -------
    callable
        A decorator that registers ``fn(answer, **context) -> str | None`` and
        returns it unchanged.
    """
    if not _ID_RE.match(exercise_id):
        raise ValueError(f"exercise id {exercise_id!r} must look like '3.2' (lesson.question)")
    if not what or not hints:
        raise ValueError(f"exercise {exercise_id}: give `what` and at least one hint")

    def decorator(fn: Checker) -> Checker:
        _REGISTRY[exercise_id] = Exercise(exercise_id, what, tuple(hints), fn)
        return fn

    return decorator


def registered(lesson: int | str | None = None) -> dict[str, Exercise]:
    """Return the registered exercises (loading lesson ``lesson`` first if given)."""
    if lesson is not None:
        _load_lesson(int(lesson))
    return dict(_REGISTRY)


def _load_lesson(lesson: int) -> None:
    importlib.import_module(f"peacekit.checks.lesson{lesson:02d}")


def _lookup(exercise_id: object) -> tuple[str, Exercise | None, str | None]:
    """Return (normalised id, exercise or None, problem sentence or None)."""
    usable = isinstance(exercise_id, (str, int, float)) and not isinstance(exercise_id, bool)
    text = "".join(str(exercise_id).split())[:20] if usable else ""
    match = _ID_RE.match(text)
    if not match:
        return text or "?", None, (
            f"{safe_repr(exercise_id, limit=30)} is not an exercise id; the check cell should say "
            "check(\"N.M\", answer), e.g. check(\"0.1\", answer)."
        )
    if text not in _REGISTRY:
        try:
            _load_lesson(int(match.group(1)))
        except ModuleNotFoundError:
            pass
    found = _REGISTRY.get(text)
    if found is None:
        return text, None, (
            f"there is no exercise {text} in this version of peacekit; check the id in the check cell."
        )
    return text, found, None


def _one_line(text: object) -> str:
    """One line of at most _MAX_LINE characters that any UTF-8 stream can carry.

    A lone surrogate (``'\\ud800'``, which ``str`` allows but UTF-8 does not)
    becomes ``?``: printing or reporting it must never raise.
    """
    try:
        line = " ".join(str(text).split())
        line = line.encode("utf-8", "replace").decode("utf-8")
    except Exception:
        line = "the check could not describe the problem."
    if len(line) > _MAX_LINE:
        line = line[: _MAX_LINE - 1] + "…"
    return line


def _run_checker(ex: Exercise, answer: Any, context: Mapping[str, Any]) -> str | None:
    """Run a checker; return None (pass) or a hint sentence. Never raises."""
    if answer is Ellipsis:
        return "replace the ... with your answer, then run the cell again."
    if answer is None:
        return (
            "your answer is None. Did you assign it (answer = ...)? If you wrote a function, "
            "does it return a value rather than print it?"
        )
    try:
        outcome = ex.verdict(answer, **context)  # a raised NotYet arrives as its sentence
    except (KeyboardInterrupt, SystemExit):
        raise
    except RecursionError:
        return f"the check could not use your answer (a {friendly_type(answer)} that nests too deeply)."
    except BaseException as exc:  # the student's object may raise anything
        try:
            detail = f"{type(exc).__name__}: {exc}"
        except Exception:
            detail = type(exc).__name__
        if str(getattr(type(exc), "__module__", "")).startswith("peacekit"):
            return (
                f"the check could not load the kit's data ({_one_line(detail)[:160]}); "
                "tell your teacher."
            )
        return (
            f"the check could not use your answer (a {friendly_type(answer)}; it raised "
            f"{_one_line(detail)[:120]}). Look at what the question asks for."
        )
    if outcome is None:
        return None
    if isinstance(outcome, str):
        return outcome or "your answer is not right yet."
    return "your answer is not right yet."


def _print_line(line: str) -> None:
    try:
        print(line, flush=True)
    except UnicodeEncodeError:  # a terminal that cannot show the marks
        ascii_line = line.replace(PASS_MARK, "[ok]").replace(FAIL_MARK, "[not yet]")
        print(ascii_line.encode("ascii", "replace").decode("ascii"), flush=True)
    except Exception:
        pass


def _report(result: Result) -> None:
    """Send the verdict to the check command (strict mode) and to ``PEACEKIT_REPORT``. Never raises."""
    record = {"id": result.exercise_id, "passed": result.passed, "message": result.message}
    if strict_mode():
        try:
            ipython = sys.modules.get("IPython")
            if ipython is not None and ipython.get_ipython() is not None:
                from IPython.display import display

                display({RESULT_MIME: record}, raw=True)
        except Exception:  # a broken display must not hide the verdict line
            pass
    path = os.environ.get(REPORT_ENV)
    if not path:
        return
    try:
        with open(path, "a", encoding="utf-8", errors="replace") as fh:
            fh.write(json.dumps(record, ensure_ascii=True) + "\n")
    except Exception:  # a read-only folder, a full disk, an odd path: the line was printed
        pass


def _previous_cell_error() -> str | None:
    """Describe the error of the cell run just before the check cell, if it stopped with one.

    Incident this prevents: a student types ``answer = advocacy`` (no
    quotation marks); that cell stops with a NameError, ``answer`` keeps its
    old value, and the check then judged the old value ("replace the ... with
    your answer") although the student had replaced it. IPython records the
    outcome of the last executed cell until the current one finishes.
    """
    ipython = sys.modules.get("IPython")
    if ipython is None:
        return None
    try:
        shell = ipython.get_ipython()
        if shell is None or getattr(shell, "last_execution_succeeded", True):
            return None
        result = getattr(shell, "last_execution_result", None)
        exc = getattr(result, "error_in_exec", None) or getattr(result, "error_before_exec", None)
    except Exception:
        return None
    if exc is None or isinstance(exc, ExerciseNotPassed):
        return None
    try:
        detail = _one_line(f"{type(exc).__name__}: {exc}")[:140]
    except Exception:
        detail = type(exc).__name__
    note = (
        f"the cell you ran just before this check stopped with an error ({detail}), so your answer "
        "may still hold an old value. Fix that cell, run it, then run this check again."
    )
    if isinstance(exc, NameError):
        note += ' If you typed a word or an id, put it in quotation marks, "like this".'
    elif isinstance(exc, SyntaxError):
        note += " Look for a missing bracket, quotation mark or comma."
    return note


def strict_mode() -> bool:
    """True when ``PEACEKIT_STRICT`` is set to 1 (the check command sets it)."""
    return os.environ.get(STRICT_ENV, "").strip().lower() in {"1", "true", "yes"}


def check(exercise_id: str, answer: Any, **context: Any) -> Result:
    """Check ``answer`` for exercise ``exercise_id`` and print one line.

    Parameters
    ----------
    exercise_id : str
        ``"N.M"`` as written in the exercise notebook.
    answer : object
        The student's answer, whatever it is.
    **context
        Extra values the exercise needs (e.g. ``theme="territory"`` when the
        notebook lets the student pick a theme).

    Returns
    -------
    Result
        Truthy when passed; displays nothing in a notebook.

    Raises
    ------
    ExerciseNotPassed
        Only in strict mode (``PEACEKIT_STRICT=1``), after printing the line.
    """
    try:
        ex_id, ex, problem = _lookup(exercise_id)
        ex_id = _one_line(ex_id)
        if ex is not None:
            problem = _run_checker(ex, answer, context)
        passed = problem is None
        if not passed and ex is not None:
            problem = _previous_cell_error() or problem
        if passed:
            message = _one_line(ex.what if ex is not None else "")
            line = f"{PASS_MARK} Exercise {ex_id} passed — {message}"
        else:
            message = _one_line(problem)
            line = f"{FAIL_MARK} Exercise {ex_id} not yet — {message}"
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException as exc:  # last line of defence: never a traceback
        ex_id, passed = _one_line(safe_repr(exercise_id)), False
        message = f"the check itself failed ({type(exc).__name__}); tell your teacher."
        line = f"{FAIL_MARK} Exercise {ex_id} not yet — {message}"
    result = Result(ex_id, passed, message, line)
    _print_line(line)
    _report(result)
    if not passed and strict_mode():
        raise ExerciseNotPassed(line)
    return result


def hint(exercise_id: str | None = None, level: int | None = None) -> None:
    """Print the next hint for ``exercise_id`` (hint 1, then 2, ...).

    Parameters
    ----------
    exercise_id : str
        ``"N.M"``. Without it, a line says how to ask for a hint.
    level : int, optional
        Show this hint (1-based) instead of the next one.
    """
    if exercise_id is None:
        _print_line('💡 Say which exercise you want a hint for, in quotation marks: hint("1.2").')
        return
    try:
        ex_id, ex, problem = _lookup(exercise_id)
        if ex is None:
            _print_line(f"💡 No hints: {problem}")
            return
        count = len(ex.hints)
        if level is None:
            shown = _HINTS_SHOWN.get(ex_id, 0)
            number = min(shown + 1, count)
        else:
            number = min(max(int(level), 1), count)
        _HINTS_SHOWN[ex_id] = max(_HINTS_SHOWN.get(ex_id, 0), number)
        tail = " (that is the last hint)" if number == count else " (run hint again for another)"
        _print_line(f"💡 Hint {number} of {count} for exercise {ex_id}: {_one_line(ex.hints[number - 1])}{tail}")
    except (KeyboardInterrupt, SystemExit):
        raise
    except BaseException:
        _print_line(f"💡 No hint could be shown for {safe_repr(exercise_id)}.")


# ---------------------------------------------------------------- helpers
# Each ``need_*`` helper returns the answer as a clean value, or raises
# NotYet with a sentence saying what is wrong. Each ``*_problem`` helper runs
# its ``need_*`` twin and returns that sentence, or None when the answer is fine.


def _is_text(value: object) -> bool:
    return isinstance(value, str)


def need_list(answer: object, *, kind: str) -> list[Any]:
    """Return a list-like answer as a list, or raise :class:`NotYet` saying why it is not one.

    Parameters
    ----------
    answer : object
        A list, tuple, set, Series, Index or anything with a ``tolist()``
        that gives a list.
    kind : str
        What an item is called in sentences, e.g. ``"claim_id"``.
    """
    import pandas as pd

    if _is_text(answer):
        raise NotYet(f"you gave one piece of text ({safe_repr(answer)}); give a list of {kind}s, like [\"...\", \"...\"].")
    if isinstance(answer, Mapping):
        raise NotYet(f"you gave a dictionary; give a list of {kind}s.")
    if isinstance(answer, pd.DataFrame):
        raise NotYet(f"you gave a whole table; pick its {kind} column and turn it into a list (.tolist()).")
    if isinstance(answer, (pd.Series, pd.Index)):
        return list(answer.tolist())
    if isinstance(answer, (list, tuple, set, frozenset)):
        return as_list(answer) or []
    if hasattr(answer, "tolist"):
        try:
            converted = answer.tolist()  # type: ignore[attr-defined]
        except Exception:
            converted = None
        if isinstance(converted, list):
            return converted
    raise NotYet(f"you gave a {friendly_type(answer)}; give a list of {kind}s, like [\"...\", \"...\"].")


def _text_items(items: list[Any], *, kind: str) -> list[str]:
    """The items stripped, or NotYet when one is not text or one appears twice."""
    not_text = [v for v in items if not _is_text(v)]
    if not_text:
        raise NotYet(
            f"every item should be a {kind} written as text, but {safe_repr(not_text[0])} is a "
            f"{friendly_type(not_text[0])}; put each id in quotation marks."
        )
    cleaned = [v.strip() for v in items]
    seen: set[str] = set()
    dupes: set[str] = set()
    for v in cleaned:  # one pass: a long list must not take quadratic time
        if v in seen:
            dupes.add(v)
        seen.add(v)
    if dupes:
        raise NotYet(f"{safe_repr(min(dupes))} appears more than once; list each {kind} once.")
    return cleaned


def need_ids(
    answer: object,
    valid_ids: Iterable[object],
    *,
    kind: str,
    known: Iterable[object] | None = None,
    ordered: bool = False,
    max_items: int = 100_000,
) -> list[str]:
    """Return the ids of a list that holds exactly ``valid_ids``, or raise :class:`NotYet`.

    Parameters
    ----------
    answer : object
        What the student gave; should be a list (or tuple, set, Series) of ids.
    valid_ids : iterable
        The ids the answer must hold: exactly these, each once.
    kind : str
        What an id is called in sentences, e.g. ``"claim_id"``.
    known : iterable, optional
        Every id that exists in the dataset, so an unknown id is named as such.
    ordered : bool
        Whether the order must match ``valid_ids`` as given.
    max_items : int
        Longer answers are refused without looking at every item.

    Returns
    -------
    list of str
        The student's ids, stripped, in the student's order.
    """
    items = need_list(answer, kind=kind)
    if len(items) > max_items:
        raise NotYet(f"your list has {len(items):,} items, far more than there are {kind}s.")
    expected = [str(v) for v in valid_ids]
    if not items:
        raise NotYet(f"your list is empty; it should hold {len(expected)} {kind}(s).")
    cleaned = _text_items(items, kind=kind)
    if known is not None:
        known_set = {str(v) for v in known}
        unknown = [v for v in cleaned if v not in known_set]
        if unknown:
            raise NotYet(unknown_id_sentence(unknown[0], known_set, kind=kind))
    want, got = set(expected), set(cleaned)
    missing, extra = want - got, got - want
    if extra:
        raise NotYet(
            f"{len(extra)} of your {kind}s should not be there (for example {safe_repr(sorted(extra)[0])}); "
            "look again at which rows match."
        )
    if missing:
        raise NotYet(f"{len(missing)} {kind}(s) are missing; your list has {len(got)} of {len(want)}.")
    if ordered and cleaned != expected:
        raise NotYet(f"you have the right {kind}s, but not in the order asked for.")
    return cleaned


def ids_problem(
    answer: object,
    valid_ids: Iterable[object],
    *,
    kind: str,
    known: Iterable[object] | None = None,
    ordered: bool = False,
    max_items: int = 100_000,
) -> str | None:
    """Say what is wrong with a list of ids, or None when it is exactly right (see :func:`need_ids`)."""
    return _sentence(need_ids, answer, valid_ids, kind=kind, known=known, ordered=ordered, max_items=max_items)


def as_bool(value: object) -> bool | None:
    """Return ``value`` as a Python bool when it is one (numpy's bool too), else None.

    For answers that must be ``True`` or ``False``: pandas and numpy
    comparisons give ``numpy.bool_``, which a student should not have to
    convert.
    """
    if isinstance(value, bool):
        return value
    try:
        import numpy as np
    except ImportError:  # pragma: no cover - numpy comes with pandas
        return None
    return bool(value) if isinstance(value, np.bool_) else None


def need_choice(answer: object, options: Iterable[object], *, correct: object | None = None) -> str:
    """Return the option a multiple-choice answer names, or raise :class:`NotYet`.

    Parameters
    ----------
    answer : object
        The student's choice; compared as text, ignoring case and spaces.
    options : iterable
        The allowed choices (e.g. ``["a", "b", "c"]`` or the genre names).
    correct : object, optional
        The right choice; when given, any other allowed choice is "not yet".

    Returns
    -------
    str
        The option as ``options`` writes it.
    """
    allowed = [str(o) for o in options]
    if not _is_text(answer):
        raise NotYet(
            f"give your choice as text in quotation marks, one of {', '.join(repr(o) for o in allowed)}; "
            f"you gave a {friendly_type(answer)}."
        )
    chosen = " ".join(answer.split()).lower()
    lookup = {o.strip().lower(): o for o in allowed}
    if chosen not in lookup:
        raise NotYet(f"{safe_repr(answer)} is not one of the choices: {', '.join(repr(o) for o in allowed)}.")
    if correct is not None and lookup[chosen] != str(correct):
        raise NotYet(f"{lookup[chosen]!r} is a possible choice but not the right one; reread the question.")
    return lookup[chosen]


def choice_problem(answer: object, options: Iterable[object], *, correct: object | None = None) -> str | None:
    """Say what is wrong with a multiple-choice answer, or None (see :func:`need_choice`)."""
    return _sentence(need_choice, answer, options, correct=correct)


def need_number(
    answer: object, expected: float, *, what: str, tolerance: float = 0.0, integer: bool = False
) -> float:
    """Return a numeric answer as a float when it equals ``expected``, or raise :class:`NotYet`.

    Parameters
    ----------
    answer : object
        The student's number (``bool`` is refused; numpy numbers are fine).
    expected : float
        The right value.
    what : str
        What the number counts, for the sentence ("the number of sources").
    tolerance : float
        Allowed absolute difference.
    integer : bool
        Require a whole number.
    """
    if isinstance(answer, bool) or _is_text(answer):
        raise NotYet(f"give {what} as a number written without quotation marks, not {safe_repr(answer)}.")
    try:
        value = float(answer)  # type: ignore[arg-type]
    except Exception:
        raise NotYet(f"give {what} as a number; you gave a {friendly_type(answer)}.") from None
    if math.isnan(value):
        raise NotYet(f"your answer is not a number (NaN); give {what}.")
    if integer and not value.is_integer():
        raise NotYet(f"{what} is a whole number; you gave {safe_repr(answer)}.")
    if abs(value - float(expected)) > tolerance:
        direction = "too high" if value > expected else "too low"
        raise NotYet(f"{safe_repr(answer)} is {direction} for {what}.")
    return value


def number_problem(
    answer: object, expected: float, *, what: str, tolerance: float = 0.0, integer: bool = False
) -> str | None:
    """Say what is wrong with a numeric answer, or None (see :func:`need_number`)."""
    return _sentence(need_number, answer, expected, what=what, tolerance=tolerance, integer=integer)


def _need_rows(answer: Any, expected: Any, cols: list[str], key: str | None) -> None:
    """NotYet when ``answer`` lacks a column of ``cols``, has a different row count or other ``key`` values."""
    missing = [c for c in cols if c not in answer.columns]
    if missing:
        raise NotYet(f"your table has no column {missing[0]!r}; keep the columns {', '.join(cols)}.")
    if len(answer) != len(expected):
        raise NotYet(f"your table has {len(answer)} row(s); it should have {len(expected)}.")
    if key is None:
        return
    if key not in answer.columns:
        raise NotYet(f"your table has no column {key!r}.")
    got_keys = set(answer[key].astype("string").tolist())
    want_keys = set(expected[key].astype("string").tolist())
    if got_keys != want_keys:
        extra = sorted(str(k) for k in got_keys - want_keys)
        if extra:
            raise NotYet(f"row {extra[0]!r} should not be in your table.")
        raise NotYet(f"{len(want_keys - got_keys)} row(s) are missing from your table.")


def need_frame(
    answer: object,
    expected: Any,
    *,
    key: str | None = None,
    columns: Sequence[str] | None = None,
) -> Any:
    """Return a DataFrame answer that matches ``expected``, or raise :class:`NotYet`.

    Rows are compared ignoring their order (by ``key`` when given) and values
    are compared as text, so ``Int64`` against ``int64`` is not a difference.

    Parameters
    ----------
    answer : object
        The student's table.
    expected : pandas.DataFrame
        The right table.
    key : str, optional
        A column that identifies rows (e.g. ``"claim_id"``).
    columns : sequence of str, optional
        The columns that must be present and equal (default: all of
        ``expected``'s columns). Extra columns in the answer are allowed.

    Returns
    -------
    pandas.DataFrame
        ``answer`` itself.
    """
    import pandas as pd

    if isinstance(answer, pd.Series):
        raise NotYet("you gave one column (a Series); give a table (a DataFrame), e.g. with df[[...]].")
    if not isinstance(answer, pd.DataFrame):
        raise NotYet(f"give a table (a pandas DataFrame); you gave a {friendly_type(answer)}.")
    cols = list(columns) if columns is not None else [str(c) for c in expected.columns]
    if answer.empty and not expected.empty:
        raise NotYet(f"your table is empty; it should have {len(expected)} row(s).")
    _need_rows(answer, expected, cols, key)

    def normalise(frame: pd.DataFrame) -> list[tuple[str, ...]]:
        text = frame[cols].astype("string").fillna("<missing>")
        return sorted(tuple(row) for row in text.itertuples(index=False, name=None))

    if normalise(answer) != normalise(expected):
        raise NotYet("your table has the right shape, but some values differ; compare it with the question.")
    return answer


def frame_problem(
    answer: object,
    expected: Any,
    *,
    key: str | None = None,
    columns: Sequence[str] | None = None,
) -> str | None:
    """Say what is wrong with a DataFrame answer, or None when it matches (see :func:`need_frame`)."""
    return _sentence(need_frame, answer, expected, key=key, columns=columns)
