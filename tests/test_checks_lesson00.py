"""The checkers of lesson 00 accept the solution's answers and explain typical slips."""

from __future__ import annotations


from peacekit import data
from peacekit.checks.core import registered

EX = registered(0)


def run(exercise_id: str, answer: object, **context: object) -> str | None:
    return EX[exercise_id].verdict(answer, **context)



def test_01_counts_the_sources():
    assert run("0.1", len(data.sources())) is None
    assert "too high" in run("0.1", len(data.sources()) + 1)


def test_02_accepts_the_claims_of_the_theme_and_names_pk_themes_for_a_bad_theme():
    claims = data.claims()
    theme = str(claims["theme_id"].iloc[0])
    answer = claims[claims["theme_id"] == theme]["claim_id"].tolist()
    assert run("0.2", answer, theme=theme) is None
    message = run("0.2", answer, theme=theme.upper() + "x")
    assert "pk.themes()" in message and "spelling" in message


def test_03_a_wrong_genre_points_to_the_earliest_date():
    sources = data.sources()
    oldest = sources.sort_values("date_start", na_position="last").iloc[0]
    assert run("0.3", str(oldest["genre"])) is None
    other = next(str(g) for g in sources["genre"].dropna().unique() if str(g) != str(oldest["genre"]))
    message = run("0.3", other)
    assert "earliest date" in message and "reread" not in message
    assert "not one of the choices" in run("0.3", "blog")
