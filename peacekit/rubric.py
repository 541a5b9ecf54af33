"""The unit's one rubric, read from ``rubric.csv`` and ``rubric_levels.csv`` beside this module.

Lesson 09's rubric cell, the teacher guide's "Assessment" section, the
printable rubric sheet and exercise 9.4's check all come from these two
files, so they cannot disagree. ``rubric.csv`` has one row per criterion
(``criterion`` is the key exercise 9.4 uses, ``lesson_09`` says where lesson
09 asks for it) and one column per level; ``rubric_levels.csv`` names the
levels and gives the grade conversion (a band starts where the mean score
per criterion reaches ``mean_from``).

The files are not case content: a teacher may reword them; ``make guide``
then rewrites the lesson's cell and the guide.
"""

from __future__ import annotations

import csv
import functools
import math
from dataclasses import dataclass
from pathlib import Path

__all__ = ["Criterion", "Level", "criteria", "grade_bands", "keys", "levels", "markdown_table", "scores"]

_HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Criterion:
    """One row of the rubric."""

    key: str
    label: str
    lesson_09: str
    descriptors: tuple[str, ...]  # one per level, lowest first


@dataclass(frozen=True)
class Level:
    """One level of the rubric, with its place in the grade conversion."""

    score: int
    name: str
    mean_from: float
    suggested_grade: str


def _rows(name: str) -> list[dict[str, str]]:
    with (_HERE / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@functools.cache
def levels() -> tuple[Level, ...]:
    """The levels, lowest first."""
    found = tuple(
        Level(int(r["level"]), r["name"].strip(), float(r["mean_from"]), r["suggested_grade"].strip())
        for r in _rows("rubric_levels.csv")
    )
    return tuple(sorted(found, key=lambda level: level.score))


@functools.cache
def criteria() -> tuple[Criterion, ...]:
    """The criteria, in the rubric's order."""
    count = len(levels())
    return tuple(
        Criterion(
            r["criterion"].strip(),
            r["label"].strip(),
            r["lesson_09"].strip(),
            tuple(r[f"level_{i}"].strip() for i in range(1, count + 1)),
        )
        for r in _rows("rubric.csv")
    )


def keys() -> tuple[str, ...]:
    """The criteria's keys (the keys of exercise 9.4's ``scores``)."""
    return tuple(c.key for c in criteria())


def scores() -> tuple[int, ...]:
    """The scores a criterion may get (e.g. 1, 2, 3, 4)."""
    return tuple(level.score for level in levels())


def grade_bands() -> list[tuple[int, int, Level]]:
    """The grade conversion: ``(lowest total, highest total, level)`` per band, lowest first.

    A total is the sum of one score per criterion; a band starts at the
    smallest total whose mean per criterion reaches the level's ``mean_from``.
    """
    n = len(criteria())
    lows = [max(n * min(scores()), math.ceil(n * level.mean_from - 1e-9)) for level in levels()]
    highs = [low - 1 for low in lows[1:]] + [n * max(scores())]
    return [(low, high, level) for low, high, level in zip(lows, highs, levels()) if low <= high]


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def markdown_table() -> str:
    """The rubric as a Markdown table (criteria × levels)."""
    head = "| criterion | " + " | ".join(f"{lv.score} — {lv.name}" for lv in levels()) + " |"
    rule = "| --- |" + " --- |" * len(levels())
    body = [
        f"| **{_cell(c.label)}** | " + " | ".join(_cell(d) for d in c.descriptors) + " |" for c in criteria()
    ]
    return "\n".join([head, rule, *body])


def grades_table() -> str:
    """The grade conversion as a Markdown table."""
    n = len(criteria())
    lines = [
        f"| total of the {n} scores | band | suggested grade |",
        "| --- | --- | --- |",
    ]
    lines += [f"| {low}–{high} | {lv.score} — {lv.name} | {_cell(lv.suggested_grade)} |" for low, high, lv in grade_bands()]
    return "\n".join(lines)
