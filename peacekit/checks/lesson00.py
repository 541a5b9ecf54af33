"""Checks for lesson 00 (start here): counting, filtering and choosing.

Expectations are computed from the datasets at check time, so a teacher who
adds a source or re-codes a claim changes the expected answers consistently.
No source_id or claim_id is written here.
"""

from __future__ import annotations

from typing import Any

import pandas as pd

from peacekit.checks.core import NotYet, exercise, need_choice, need_ids, need_number


def _data() -> Any:
    from peacekit import data

    return data


@exercise(
    "0.1",
    what="your number equals the number of rows in pk.sources() (one per text in the kit).",
    hints=[
        "pk.sources() returns a table with one row per article.",
        "len(table) counts the rows of a table.",
        "Write: answer = len(pk.sources())",
    ],
)
def _count_sources(answer: Any, **context: Any) -> None:
    expected = len(_data().sources())
    need_number(answer, expected, what="the number of sources", integer=True)


@exercise(
    "0.2",
    what="your list holds exactly the claim_ids of pk.claims() whose theme_id is the theme you chose, each once.",
    hints=[
        "Keep the rows of pk.claims() whose theme_id column equals theme.",
        "claims[claims['theme_id'] == theme] keeps those rows; ['claim_id'] picks the column.",
        "Write: answer = claims[claims['theme_id'] == theme]['claim_id'].tolist()",
    ],
)
def _theme_claims(answer: Any, **context: Any) -> None:
    theme = context.get("theme")
    claims = _data().claims()
    themes = [str(t) for t in claims["theme_id"].dropna().unique()]
    if theme is None:
        raise NotYet('the check needs your theme too: check("0.2", answer, theme=theme).')
    if not isinstance(theme, str) or theme not in themes:
        if isinstance(theme, str):
            raise NotYet(
                f"{theme!r} is not a theme_id with claims; check its spelling (see pk.themes() for the list), "
                f"e.g. theme = {themes[0]!r} in quotation marks."
            )
        raise NotYet(f"theme should be a theme_id written as text in quotation marks (see pk.themes()), e.g. {themes[0]!r}.")
    expected = claims.loc[claims["theme_id"] == theme, "claim_id"].astype(str).tolist()
    need_ids(answer, expected, kind="claim_id", known=claims["claim_id"].astype(str))


@exercise(
    "0.3",
    what="your choice is the genre of the source with the earliest date in pk.sources().",
    hints=[
        "Use the source picker above: it shows each article's genre and date. Find the earliest date.",
        "Or sort the table: pk.sources().sort_values('date') puts the oldest first.",
        "Give the genre as text, exactly as the table writes it, e.g. answer = 'op-ed'.",
    ],
)
def _oldest_genre(answer: Any, **context: Any) -> None:
    sources = _data().sources()
    genre = sources["genre"]
    values = genre.cat.categories if isinstance(genre.dtype, pd.CategoricalDtype) else genre.dropna().unique()
    genres = sorted(str(g) for g in values)
    when = "date_start" if "date_start" in sources.columns else "date"
    oldest = sources.sort_values(when, kind="stable", na_position="last").iloc[0]
    need_choice(answer, genres)
    if " ".join(str(answer).split()).lower() != str(oldest["genre"]).lower():
        raise NotYet(
            f"{str(answer).strip()!r} is the genre of an article, but not of the oldest one; "
            "find the earliest date in the widget (look at each article's date), then give that article's genre."
        )
