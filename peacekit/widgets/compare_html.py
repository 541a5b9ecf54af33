"""The views of the claims-side-by-side widget, as HTML from the ``compare_*`` templates.

Each function takes what the widget has chosen (a theme, row numbers of the
:class:`peacekit.sidebyside._Comparer`, the picked sources) and returns a
view's HTML; the sentences are plain text, escaped by the templates.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from peacekit.case import KIND_WORDS
from peacekit.sidebyside import DISAGREEMENT_RULE, MAX_CARDS, _Comparer
from peacekit.style import join_words, plural
from peacekit.templates import render, view

__all__ = ["columns_view", "count_line", "count_view", "empty_sentence", "proposition_view", "rule_view"]


def proposition_view(comparer: _Comparer, theme_id: str) -> str:
    """The theme's label and proposition, with how to read a stance."""
    case = comparer.case
    return view(render("compare_proposition.html", label=case.theme_label.get(theme_id, theme_id),
                       proposition=case.proposition.get(theme_id, "")))


def rule_view() -> str:
    """The "only where they disagree" rule in one sentence."""
    return view(render("compare_rule.html", rule=DISAGREEMENT_RULE))


def count_view(line: str) -> str:
    """The count line as a status paragraph."""
    return view(render("compare_count.html", line=line))


def _group_title(comparer: _Comparer, group_by: str, value: str) -> str:
    if group_by == "source":
        return comparer.case.source_label.get(value, value)
    if group_by == "kind":
        return KIND_WORDS.get(value, value).capitalize()
    return value


def columns_view(comparer: _Comparer, rows: np.ndarray, *, group_by: str) -> str:
    """One column (section) of cards per source, per speaker or per kind of text, in dataset order."""
    keys = {"source": comparer.source, "speaker": comparer.speaker, "kind": comparer.kind}[group_by]
    order = rows.tolist()
    if group_by == "kind":  # commentary, news, primary: always in that order
        rank = {k: n for n, k in enumerate(comparer.case.kinds)}
        order.sort(key=lambda i: rank.get(keys[i], len(rank)))
    groups: dict[str, list[int]] = {}
    for i in order:
        groups.setdefault(keys[i], []).append(i)
    prepared = [
        {"value": value, "title": _group_title(comparer, group_by, value), "count": plural(len(members), "claim"),
         "cards": [comparer.card(i) for i in members]}
        for value, members in groups.items()
    ]
    return view(render("compare_columns.html", groups=prepared))


def count_line(comparer: _Comparer, theme_id: str, shown: np.ndarray, sources: Sequence[str],
               kinds: Sequence[str] | None, only: bool) -> str:
    """How many claims are shown and hidden, and which picked sources say nothing here.

    ``kinds`` is ``None`` when the dataset records no kind of text.
    """
    case = comparer.case
    total = len(comparer.theme_rows(theme_id))
    line = (
        f"Showing {plural(len(shown), 'claim')} of {total:,} on “{case.theme_label.get(theme_id, theme_id)}”; "
        f"{total - len(shown):,} hidden by your choices (sources, speakers, stances, claim types"
        f"{', kinds of text' if kinds is not None else ''}"
        f"{', only where they disagree' if only else ''})."
    )
    present = set(comparer.source[shown].tolist())
    silent = [s for s in sources if s not in present and (kinds is None or case.source_kind[s] in kinds)]
    if silent and len(shown):
        names = [case.source_label.get(s, s) for s in silent]
        if len(names) > 6:
            names = names[:6] + [f"{len(silent) - 6:,} more"]
        line += f" No claim shown from {join_words(names)}."
    if len(shown) > MAX_CARDS:
        line += f" Only the first {MAX_CARDS:,} cards are drawn: narrow the selection to see the others."
    return line


def empty_sentence(comparer: _Comparer, theme_id: str, sources: Sequence[str], only: bool) -> str:
    """Why no card is shown: no claim by these sources, none matching, or no disagreement."""
    if not len(comparer.select(theme_id, sources=sources)):
        return "No claims by these sources on this theme."
    if only:
        return ("These sources do not disagree on this theme: no claim shown here has a claim "
                "from another selected source on the opposite side.")
    return "No claims by these sources on this theme match these filters."
