"""Self-checks for the exercise notebooks: ``from peacekit.checks import check, hint``.

``check("N.M", answer)`` prints one line, a pass that says what was checked or
"not yet" with a hint; ``hint("N.M")`` prints the next hint. Exercises are
defined per lesson in ``peacekit/checks/lessonNN.py`` with
:func:`peacekit.checks.core.exercise` and loaded on first use; a checker says
"not yet" by raising :class:`peacekit.checks.core.NotYet`.
"""

from __future__ import annotations

from peacekit.checks.core import (
    ExerciseNotPassed,
    NotYet,
    Result,
    check,
    choice_problem,
    exercise,
    frame_problem,
    hint,
    ids_problem,
    need_choice,
    need_frame,
    need_ids,
    need_list,
    need_number,
    number_problem,
    reworded,
)

__all__ = [
    "ExerciseNotPassed",
    "NotYet",
    "Result",
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
    "reworded",
]
