"""Checks for lesson 07, "Words that frame".

7.1  a table of term frequencies per 1,000 words, one row per term and one
     column per source (checked against a recomputation from the article
     texts with :mod:`peacekit.text`'s matching rules)
7.2  the three most distinctive words of two sources and an interpretation
     (checked: each word is among the top words of that source by the kit's
     weighted log-odds, ties included; the interpretation is present and long
     enough — what it says is not checked)
7.3  a reflection on what counting can and cannot show (checked for presence
     and length only, and the check says so)

Expected answers are computed from the datasets at check time; the terms come
from the check call's context. No source_id or claim_id is written here.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

from peacekit._values import friendly_type, safe_repr
from peacekit.checks._shapes import is_placeholder, need_id_list, need_mapping
from peacekit.checks.core import NotYet, exercise, reworded

__all__: list[str] = []

#: A word passes 7.2 when it is among this many top words (ties included).
TOP_K = 10
#: Tolerance for per-1,000 rates (answers rounded to 2 decimals pass).
TOLERANCE = 0.01
MIN_INTERPRETATION_WORDS = 30
MIN_ITEM_WORDS = 4


def _pk() -> Any:
    import peacekit as pk

    return pk


MAX_TERMS = 1_000  # far more than any question lists; a longer list would take minutes to recompute


def recompute_rates(terms: list[str]) -> pd.DataFrame:
    """Uses per 1,000 words of each term in each source, recomputed from the texts.

    Independent of :func:`peacekit.term_frequencies`: it joins the paragraphs
    of each article and applies :func:`peacekit.text.term_pattern` and
    :func:`peacekit.text.count_tokens` directly.

    Returns
    -------
    pandas.DataFrame
        Index: the terms as given; columns: source ids; values: rates (float).
    """
    from peacekit import text

    pk = _pk()
    source_ids = [str(s) for s in pk.sources()["source_id"]]
    data: dict[str, list[float]] = {}
    for sid in source_ids:
        body = "\n\n".join(pk.paragraphs(sid))
        words = text.count_tokens(body)
        data[sid] = [
            (1000.0 * sum(1 for _ in text.term_pattern(term).finditer(body)) / words) if words else 0.0
            for term in terms
        ]
    return pd.DataFrame(data, index=pd.Index(terms, name="term"))


def _counts(terms: list[str]) -> pd.DataFrame:
    from peacekit import text

    pk = _pk()
    data = {}
    for sid in [str(s) for s in pk.sources()["source_id"]]:
        body = "\n\n".join(pk.paragraphs(sid))
        data[sid] = [float(sum(1 for _ in text.term_pattern(t).finditer(body))) for t in terms]
    return pd.DataFrame(data, index=pd.Index(terms, name="term"))


def _wide(answer: pd.DataFrame, labels: Mapping[str, str]) -> pd.DataFrame:
    """Bring a long or wide answer to term x source_id; map labels to ids."""
    frame = answer
    if "term" in frame.columns and ("source_id" in frame.columns or "source_label" in frame.columns):
        raise NotYet(
            "your table is long: one row per term and source. The question asks for a grid with one row per "
            "term and one column per source — turn it into a grid with "
            ".pivot(index=\"term\", columns=\"source_id\", values=\"per_1000\")."
        )
    if "term" in frame.columns:
        frame = frame.set_index("term")
    renamed = {c: labels.get(str(c), str(c)) for c in frame.columns}
    frame = frame.rename(columns=renamed)
    frame.index = [str(i) for i in frame.index]
    return frame


# ---------------------------------------------------------------- 7.1
@exercise(
    "7.1",
    what=(
        "your table has one row per term and one column per source, and every value equals the term's uses per "
        "1,000 words in that source (within 0.01), recomputed from the article texts with peacekit.text's "
        "matching rules"
    ),
    hints=[
        "pk.term_frequencies(terms) gives one row per term and source with a per_1000 column.",
        "Turn it into a grid with .pivot(index=\"term\", columns=\"source_id\", values=\"per_1000\").",
        "table = pk.term_frequencies(terms).pivot(index=\"term\", columns=\"source_id\", values=\"per_1000\").round(2)",
    ],
)
def _rates(answer: object, **context: Any) -> None:
    raw_terms = context.get("terms")
    try:
        terms = need_id_list(raw_terms, kind="term") if raw_terms is not None else []
    except NotYet:
        terms = []
    if not terms:
        raise NotYet('the check needs the term list too: check("7.1", table, terms=terms) — do not change that line.')
    if len(terms) > MAX_TERMS:  # each term is searched in every text: refuse a huge list at once
        raise NotYet(f"your term list has {len(terms):,} terms; the question gives a short list. Run its cell again "
                'and keep check("7.1", table, terms=terms) as it is.')
    if isinstance(answer, pd.Series) or not isinstance(answer, pd.DataFrame):
        raise NotYet(
            "give a table (a DataFrame) with one row per term and one column per source_id; "
            f"you gave a {friendly_type(answer)}."
        )
    pk = _pk()
    sources = pk.sources()
    labels = {str(r["short_label"]): str(r["source_id"]) for r in sources.to_dict("records")}
    wide = _wide(answer, labels)
    expected = recompute_rates(terms)
    missing_cols = [c for c in expected.columns if c not in wide.columns]
    if missing_cols:
        raise NotYet(
            f"your table has no column for {missing_cols[0]!r}; give one column per source_id "
            "(pivot with columns=\"source_id\")."
        )
    by_key = {t.lower(): t for t in wide.index}
    missing_rows = [t for t in terms if t.lower() not in by_key]
    if missing_rows:
        raise NotYet(f"your table has no row for the term {missing_rows[0]!r}; keep one row per term (index = term).")
    wanted = {x.lower() for x in terms}
    extra_rows = [t for t in wide.index if t.lower() not in wanted]
    if extra_rows:
        raise NotYet(f"{safe_repr(extra_rows[0])} is not one of the given terms; keep only their rows.")
    got = wide.loc[[by_key[t.lower()] for t in terms], list(expected.columns)]
    try:
        values = got.apply(pd.to_numeric, errors="coerce").to_numpy(dtype=float)
    except (TypeError, ValueError):
        raise NotYet("the values of your table should be numbers (uses per 1,000 words).")
    if pd.isna(values).any():
        raise NotYet("some values of your table are missing or not numbers; every term and source needs a rate (0 if unused).")
    want = expected.to_numpy(dtype=float)
    if (abs(values - want) <= TOLERANCE).all():
        return None
    counts = _counts(terms).to_numpy(dtype=float)
    if (abs(values - counts) <= TOLERANCE).all():
        raise NotYet("those are raw counts; the question asks for uses per 1,000 words (the per_1000 column).")
    if (abs(values - want / 10.0) <= TOLERANCE).all():
        raise NotYet("those look like uses per 100 words; multiply by 1,000, not 100.")
    bad = [
        (t, s) for i, t in enumerate(terms) for j, s in enumerate(expected.columns)
        if abs(values[i, j] - want[i, j]) > TOLERANCE
    ]
    term, sid = bad[0]
    raise NotYet(
        f"the rate for {term!r} in {sid} is {values[terms.index(term), list(expected.columns).index(sid)]:.2f}, "
        f"but it should be {expected.loc[term, sid]:.2f} uses per 1,000 words."
    )


# ---------------------------------------------------------------- 7.2
def _top_words(source_id: str, *, other: list[str] | None = None) -> set[str]:
    """The words whose z-score is at least that of the TOP_K-th word (ties in)."""
    table = _pk().distinctive_words(source_id, other=other, top=100_000)
    if table.empty:
        return set()
    cut = float(table["z"].iloc[min(TOP_K, len(table)) - 1])
    return {str(w) for w in table.loc[table["z"] >= cut - 1e-12, "word"]}


@exercise(
    "7.2",
    what=(
        f"you chose two different sources and, for each, three different words that are among its top {TOP_K} "
        "distinctive words by pk.distinctive_words (compared with all other sources, or with the other "
        f"source you chose; ties included), and your interpretation has at least {MIN_INTERPRETATION_WORDS} "
        "words. What your interpretation says is not checked: your teacher reads it"
    ),
    hints=[
        "pk.distinctive_words(source_id, top=3) lists the three words a source uses most distinctively; "
        "its word column holds them. Take the source_ids from pk.sources().",
        "distinctive = {\"source-a\": pk.distinctive_words(\"source-a\", top=3)[\"word\"].tolist(), "
        "\"source-b\": ...} with two real source_ids.",
        "For the interpretation, look at each word in context with pk.kwic(word) and say what it suggests "
        "about the article's framing — and how weak the evidence is (look at the z column).",
    ],
)
def _distinctive(answer: object, **context: Any) -> None:
    got = need_mapping(answer, what="your answer")
    for key in ("distinctive", "interpretation"):
        if key not in got:
            raise NotYet(f"your answer has no {key!r}; keep the dictionary of the check cell as it is.")
        if is_placeholder(got[key]):
            raise NotYet(f"replace the ... in {key} with your answer.")
    chosen = need_mapping(got["distinctive"], what="distinctive")
    pk = _pk()
    source_ids = [str(s) for s in pk.sources()["source_id"]]
    if len(chosen) != 2:
        raise NotYet(f"distinctive should name exactly two sources (source_id: three words); yours names {len(chosen)}.")
    keys = [str(k) for k in chosen]
    for key in keys:
        if key not in source_ids:
            raise NotYet(f"{safe_repr(key)} is not a source_id in pk.sources(); use ids like {source_ids[0]!r}.")
    for key, value in zip(keys, chosen.values(), strict=True):
        if isinstance(value, str):
            raise NotYet(
                f"{key}: give a list of three words, like [\"…\", \"…\", \"…\"], not one piece of text "
                f"({safe_repr(value)}); put each word in its own quotation marks."
            )
        with reworded(before=f"{key}: "):
            words = need_id_list(value, kind="word")
        words = [w.lower() for w in words]
        if len(words) != 3 or len(set(words)) != 3:
            raise NotYet(f"{key}: give three different words; you gave {len(words)} ({len(set(words))} different).")
        other = [k for k in keys if k != key]
        against_all = _top_words(key)
        against_other = _top_words(key, other=other)
        for word in words:
            if word not in against_all and word not in against_other:
                raise NotYet(
                    f"{word!r} is not among the top {TOP_K} distinctive words of {key}; "
                    f"look at pk.distinctive_words({key!r})."
                )
    interpretation = got["interpretation"]
    if not isinstance(interpretation, str):
        raise NotYet(f"interpretation should be text in quotes; you gave a {friendly_type(interpretation)}.")
    if len(interpretation.split()) < MIN_INTERPRETATION_WORDS:
        raise NotYet(
            f"your interpretation has {len(interpretation.split())} words; write at least "
            f"{MIN_INTERPRETATION_WORDS}: what the words suggest, checked in context, and how strong the evidence is."
        )


# ---------------------------------------------------------------- 7.3
def _items(value: object, *, name: str) -> list[str]:
    if isinstance(value, str):
        raise NotYet(f"{name} should be a list of sentences, like [\"...\", \"...\"], not one piece of text.")
    if not isinstance(value, (list, tuple)):
        raise NotYet(f"{name} should be a list of sentences; you gave a {friendly_type(value)}.")
    bad = [v for v in value if not isinstance(v, str)]
    if bad:
        raise NotYet(f"every item of {name} should be a sentence in quotes; {safe_repr(bad[0])} is not.")
    return [" ".join(v.split()) for v in value]


@exercise(
    "7.3",
    what=(
        "your reflection lists at least two things counting can show and at least two it cannot, each a "
        f"different sentence of at least {MIN_ITEM_WORDS} words. Only presence and length are checked, not "
        "what you wrote: your teacher reads it"
    ),
    hints=[
        "Think of section 7 of the lesson and of the Kiev example: what did the count tell you, and what did "
        "you need the provenance and the context lines for?",
        "counting_shows could include how often a word is used relative to length; counting_cannot_show could "
        "include who chose a word (author, editor or translator).",
    ],
)
def _reflection(answer: object, **context: Any) -> None:
    got = need_mapping(answer, what="your reflection")
    for key in ("counting_shows", "counting_cannot_show"):
        if key not in got:
            raise NotYet(f"your reflection has no {key!r}; keep the dictionary of the check cell as it is.")
        if is_placeholder(got[key]):
            raise NotYet(f"replace the ... in {key} with your list.")
        items = _items(got[key], name=key)
        if len(items) < 2:
            raise NotYet(f"{key} needs at least two items; it has {len(items)}.")
        short = [i for i in items if len(i.split()) < MIN_ITEM_WORDS]
        if short:
            raise NotYet(f"{safe_repr(short[0])} in {key} is very short; write each item as a sentence of {MIN_ITEM_WORDS}+ words.")
        if len({i.lower() for i in items}) != len(items):
            raise NotYet(f"two items of {key} are the same; give different points.")
    overlap = {i.lower() for i in got["counting_shows"]} & {i.lower() for i in got["counting_cannot_show"]}
    if overlap:
        raise NotYet("the same sentence is in both lists; a point cannot be both.")
