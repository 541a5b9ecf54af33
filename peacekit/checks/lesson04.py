"""Checks for lesson 04, "What is a security guarantee?".

4.1  who argues for and against each guarantee mechanism: one row per
     (theme, source) with the side of the author's own coded claims
4.2  facts and the claims about them: every claim linked to a timeline
     event of one category, with its source and claim type
4.3  the two sources that disagree most on guarantees: a table of pairwise
     distances for a measure chosen from a small menu, and the pair with the
     largest distance in that table

Expected answers are computed from the datasets at check time. The themes
and the category come from the check call's context (``themes=...``,
``category=...``), never from literals here.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import pandas as pd

from peacekit._values import friendly_type, safe_repr
from peacekit.checks.core import NotYet, exercise, need_frame

__all__ = ["MEASURES", "author_stances", "pair_distances", "side_of"]

#: The distance measures a student may choose in exercise 4.3.
MEASURES = ("mean_abs_diff", "sign_disagreements")


def _data() -> Any:
    from peacekit import data

    return data


def _id_list(
    value: object, *, kind: str, known: Iterable[str], param: str = "themes"
) -> list[str]:
    """Return the context list of ids, or raise NotYet when the check call is wrong."""
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, (list, tuple, set, pd.Series, pd.Index)) or len(value) == 0:
        raise NotYet(f"the check cell should pass the {kind}s too: {param}=[...] as in the notebook.")
    items = [str(v) for v in value]
    known_set = set(known)
    unknown = [v for v in items if v not in known_set]
    if unknown:
        raise NotYet(f"{safe_repr(unknown[0])} is not a {kind} in the dataset; restore the list given in the notebook.")
    return items


def side_of(stance: float) -> str:
    """Return ``"for"``, ``"against"`` or ``"neutral"`` for a mean stance."""
    if stance > 0:
        return "for"
    if stance < 0:
        return "against"
    return "neutral"


def author_stances(themes: Sequence[str]) -> pd.DataFrame:
    """Mean stance of each author's own coded claims per (theme, source).

    Parameters
    ----------
    themes : sequence of str
        The theme_ids to keep.

    Returns
    -------
    pandas.DataFrame
        ``theme_id, source_id, stance`` (float), one row per pair that has at
        least one author claim with a coded stance.
    """
    claims = _data().claims()
    own = claims[
        (claims["speaker_role"].astype("string") == "author")
        & claims["theme_id"].isin(list(themes))
        & claims["stance"].notna()
    ]
    table = own.groupby(["theme_id", "source_id"], as_index=False, observed=True)["stance"].mean()
    table["stance"] = table["stance"].astype("float64")
    table["theme_id"] = table["theme_id"].astype("string")
    table["source_id"] = table["source_id"].astype("string")
    return table.reset_index(drop=True)


def pair_distances(themes: Sequence[str], measure: str) -> pd.DataFrame:
    """Distance between every two sources over the themes both authors argue.

    Parameters
    ----------
    themes : sequence of str
        The theme_ids to compare on.
    measure : {"mean_abs_diff", "sign_disagreements"}
        ``mean_abs_diff``: the mean of ``|stance_a - stance_b|`` over the
        shared themes; ``sign_disagreements``: how many shared themes the two
        authors take opposite sides on (one above 0, the other below).

    Returns
    -------
    pandas.DataFrame
        ``source_a, source_b, distance, n_shared``; one row per pair of
        sources (``source_a`` < ``source_b``) that share at least one theme.
    """
    if measure not in MEASURES:
        raise ValueError(f"measure must be one of {', '.join(MEASURES)}")
    wide = author_stances(themes).pivot(index="source_id", columns="theme_id", values="stance")
    names = sorted(str(s) for s in wide.index)
    rows = []
    for i, a in enumerate(names):
        for b in names[i + 1 :]:
            both = wide.loc[a].notna() & wide.loc[b].notna()
            if not both.any():
                continue
            sa, sb = wide.loc[a, both], wide.loc[b, both]
            if measure == "mean_abs_diff":
                distance = float((sa - sb).abs().mean())
            else:
                distance = float(((sa * sb) < 0).sum())
            rows.append({"source_a": a, "source_b": b, "distance": distance, "n_shared": int(both.sum())})
    return pd.DataFrame(rows, columns=["source_a", "source_b", "distance", "n_shared"])


# ---------------------------------------------------------------- 4.1
_SIDE_COLUMNS = ["theme_id", "source_id", "side"]


@exercise(
    "4.1",
    what=(
        "your table has one row for each guarantee theme and source whose author makes at least one claim "
        "with a coded stance on it, and its side (for, against or neutral) is the sign of the mean stance of "
        "those author claims in pk.claims() (reported speakers left out)"
    ),
    hints=[
        "Keep the claims that the author makes (speaker_role == \"author\"), on the guarantee themes "
        "(theme_id.isin(guarantee_themes)), with a stance (stance.notna()).",
        "Group them: own.groupby([\"theme_id\", \"source_id\"], as_index=False)[\"stance\"].mean(); then turn "
        "each mean into a word with a small function: \"for\" above 0, \"against\" below 0, \"neutral\" at 0.",
        "table[\"side\"] = table[\"stance\"].map(side) adds the column; answer = table[[\"theme_id\", "
        "\"source_id\", \"side\"]].",
    ],
)
def _sides(answer: object, **context: Any) -> None:
    claims = _data().claims()
    themes = _id_list(context.get("themes"), kind="theme_id", known=claims["theme_id"].astype(str))
    expected = author_stances(themes)
    expected["side"] = expected["stance"].map(side_of)
    expected = expected[_SIDE_COLUMNS]
    if isinstance(answer, pd.DataFrame):
        if "side" in answer.columns:
            bad = sorted({str(v) for v in answer["side"].tolist()} - {"for", "against", "neutral"})
            if bad:
                raise NotYet(f"side should be \"for\", \"against\" or \"neutral\"; your table has {safe_repr(bad[0])}.")
        if {"theme_id", "source_id"} <= set(answer.columns):
            got_themes = set(answer["theme_id"].astype("string").tolist())
            outside = sorted(got_themes - set(themes))
            if outside:
                raise NotYet(f"{safe_repr(outside[0])} is not one of the guarantee themes; keep only guarantee_themes.")
            if len(answer) > len(expected):
                all_claims = claims[claims["theme_id"].isin(themes) & claims["stance"].notna()]
                with_reported = all_claims.groupby(["theme_id", "source_id"], observed=True).ngroups
                if len(answer) == with_reported:
                    raise NotYet(
                        "your table counts reported speakers too (Putin, the Kremlin, analysts...); "
                        "keep only the claims whose speaker_role is \"author\": the question is what each author argues."
                    )
    try:
        need_frame(answer, expected, columns=_SIDE_COLUMNS)
    except NotYet as exc:
        if "values differ" in exc.sentence:
            raise NotYet(
                "you have the right theme–source rows, but some sides differ; the side is the sign of the mean "
                "stance: above 0 \"for\", below 0 \"against\", exactly 0 \"neutral\"."
            ) from None
        raise


# ---------------------------------------------------------------- 4.2
_LINK_COLUMNS = ["event_id", "claim_id", "source_id", "claim_type"]


@exercise(
    "4.2",
    what=(
        "your table lists every claim that pk.claim_events() links to a timeline event of the chosen category, "
        "with its event_id, claim_id, source_id and claim_type as in pk.claims()"
    ),
    hints=[
        "First find the event_ids of the category: t = pk.timeline(); t[t[\"category\"] == category][\"event_id\"].",
        "pk.claim_events() pairs claim_ids with event_ids: keep its rows whose event_id .isin(those ids), then "
        "add each claim's source and type with .merge(pk.claims(), on=\"claim_id\").",
        "answer = links[links[\"event_id\"].isin(events)].merge(pk.claims(), on=\"claim_id\")[[\"event_id\", "
        "\"claim_id\", \"source_id\", \"claim_type\"]]",
    ],
)
def _event_links(answer: object, **context: Any) -> None:
    data = _data()
    timeline = data.timeline()
    category = context.get("category")
    categories = sorted(str(c) for c in timeline["category"].dropna().unique())
    if not isinstance(category, str) or category not in categories:
        raise NotYet(f"the check cell should pass category=... with one of {', '.join(categories)}.")
    events = set(timeline.loc[timeline["category"] == category, "event_id"].astype(str))
    links = data.claim_events()
    claims = data.claims()
    expected = links[links["event_id"].isin(events)].merge(claims, on="claim_id")[_LINK_COLUMNS]
    if isinstance(answer, pd.DataFrame) and "event_id" in answer.columns:
        other = sorted(set(answer["event_id"].astype("string").dropna().tolist()) - events)
        if other:
            raise NotYet(
                f"{safe_repr(other[0])} is not an event of the category {category!r}; "
                "keep only the links to events of that category."
            )
    need_frame(answer, expected, key="claim_id", columns=_LINK_COLUMNS)


# ---------------------------------------------------------------- 4.3
def _pair_key(a: object, b: object) -> tuple[str, str]:
    return tuple(sorted((str(a).strip(), str(b).strip())))  # type: ignore[return-value]


def _student_distances(table: object) -> dict[tuple[str, str], float]:
    """The distances of the student's table by sorted pair, or NotYet for a table that is not one."""
    if not isinstance(table, pd.DataFrame):
        raise NotYet(f"distances should be a table (a DataFrame, pd.DataFrame(rows)); you gave a {friendly_type(table)}.")
    missing = [c for c in ("source_a", "source_b", "distance") if c not in table.columns]
    if missing:
        raise NotYet(f"your distance table has no column {missing[0]!r}; keep source_a, source_b and distance.")
    if table.empty:
        raise NotYet("your distance table is empty; did the loop run over the sources?")
    numbers = pd.to_numeric(table["distance"], errors="coerce")
    if numbers.isna().all():
        raise NotYet("replace the ... in the distance line inside the loop, then run that cell and the pair cell again.")
    got: dict[tuple[str, str], float] = {}
    for a, b, d in zip(table["source_a"], table["source_b"], table["distance"]):
        if d is Ellipsis:
            raise NotYet("replace the ... in the distance line inside the loop, then run the cell again.")
        key = _pair_key(a, b)
        if key in got:
            raise NotYet(f"the pair {key[0]} – {key[1]} appears twice in your table; list each pair once.")
        try:
            got[key] = float(d)
        except (TypeError, ValueError):
            raise NotYet(f"each distance should be a number; the one for {key[0]} – {key[1]} is {safe_repr(d)}.") from None
    return got


def _distances_by_pair(themes: Sequence[str], measure: str) -> dict[tuple[str, str], float]:
    table = pair_distances(themes, measure)
    return {_pair_key(a, b): float(d) for a, b, d in zip(table["source_a"], table["source_b"], table["distance"])}


def _need_distances(got: dict[tuple[str, str], float], themes: Sequence[str], measure: str) -> None:
    """NotYet unless ``got`` holds every pair of the kit's table with the kit's distance for ``measure``."""
    want = _distances_by_pair(themes, measure)
    extra = sorted(set(got) - set(want))
    if extra:
        raise NotYet(
            f"the pair {extra[0][0]} – {extra[0][1]} should not be in the table: the two authors share no "
            "guarantee theme they both take a stance on (skip pairs with nothing in common)."
        )
    lost = sorted(set(want) - set(got))
    if lost:
        raise NotYet(f"{len(lost)} pair(s) are missing, e.g. {lost[0][0]} – {lost[0][1]}; the table needs every pair.")
    for key, value in want.items():
        if math.isnan(got[key]) or abs(got[key] - value) > 1e-6:
            other = [m for m in MEASURES if m != measure][0]
            other_value = _distances_by_pair(themes, other)
            if all(abs(got[k] - other_value[k]) <= 1e-6 for k in want):
                raise NotYet(f"your distances are those of {other!r}, but measure says {measure!r}; make the two agree.")
            raise NotYet(
                f"the distance for {key[0]} – {key[1]} is {got[key]:g}, but {measure} gives {value:g} "
                "over the themes both authors argue; check the distance line."
            )


def _need_top_pair(pair: object, got: dict[tuple[str, str], float]) -> None:
    """NotYet unless ``pair`` is two source_ids with the largest distance in the student's table."""
    shape = (
        "give the pair as a tuple of two source_ids in round brackets, e.g. "
        "pair = (top[\"source_a\"], top[\"source_b\"])"
    )
    if pair is Ellipsis or pair is None:
        raise NotYet(f"replace the ... in pair: {shape}.")
    if isinstance(pair, pd.Series) and len(pair) != 2:
        raise NotYet(f"pair is a whole row of the table (source_a, source_b, distance, n_shared); {shape}.")
    if isinstance(pair, pd.DataFrame):
        raise NotYet(f"pair is a table; {shape}.")
    if isinstance(pair, str) or not isinstance(pair, (list, tuple, set, frozenset, pd.Series)) or len(pair) != 2:
        raise NotYet(f"{shape}; you gave a {friendly_type(pair)}.")
    items = list(pair)
    if not all(isinstance(p, str) for p in items):
        raise NotYet("write both source_ids of the pair as text.")
    key = _pair_key(*items)
    if key not in got:
        raise NotYet(f"{key[0]} – {key[1]} is not a pair in your distance table.")
    top = max(got.values())
    if got[key] < top - 1e-9:
        raise NotYet(
            f"{key[0]} – {key[1]} has distance {got[key]:g}, but the largest in your table is {top:g}; "
            "pick a pair with the largest distance."
        )


@exercise(
    "4.3",
    what=(
        "your distance table holds every pair of sources whose authors both argue at least one guarantee theme, "
        "each distance equals the kit's recomputation of the measure you named over the author stances, and "
        "your pair has the largest distance in your own table (which measure to trust is for discussion)"
    ),
    hints=[
        "Choose measure = \"mean_abs_diff\" or \"sign_disagreements\", then fill in one line inside the loop: "
        "diff holds stance_a − stance_b for each theme both authors argue.",
        "mean_abs_diff: distance = diff.abs().mean(). sign_disagreements: distance = "
        "int((wide.loc[a, both] * wide.loc[b, both] < 0).sum()) — a product below 0 means opposite sides.",
        "For the pair, take the first row of the sorted table: top = ranked.iloc[0]; "
        "pair = (top[\"source_a\"], top[\"source_b\"]).",
    ],
)
def _most_apart(answer: object, **context: Any) -> None:
    if not isinstance(answer, Mapping):
        raise NotYet(
            "the check expects the dictionary built in the check cell: "
            "{\"measure\": measure, \"distances\": distances, \"pair\": pair}; "
            f"you gave a {friendly_type(answer)}."
        )
    measure = answer.get("measure")
    table = answer.get("distances")
    pair = answer.get("pair")
    if measure is Ellipsis or measure is None:
        raise NotYet("set measure to \"mean_abs_diff\" or \"sign_disagreements\", then run the cells again.")
    if table is Ellipsis or table is None:
        raise NotYet("run the cell with the loop, which builds the distances table, then the pair cell and this check.")
    if not isinstance(measure, str) or measure.strip() not in MEASURES:
        raise NotYet(f"measure should be one of {', '.join(repr(m) for m in MEASURES)}; you gave {safe_repr(measure)}.")
    measure = measure.strip()
    claims = _data().claims()
    themes = _id_list(context.get("themes"), kind="theme_id", known=claims["theme_id"].astype(str))
    got = _student_distances(table)
    _need_distances(got, themes, measure)
    _need_top_pair(pair, got)
