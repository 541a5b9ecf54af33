"""Checks for lesson 02, "Who is speaking? (sourcing)".

2.1  a sourcing table of the articles (columns and values from pk.sources())
2.2  how many metadata fields of each article are not confirmed (the *_confidence columns)
2.3  where each text stands on a theme, justified by the text's own claims
     (structural: ids exist, belong to that source and theme, are the author's
     own claims, and their coded stance has the sign of the choice)
2.4  translation artefacts: each occurs verbatim in the chosen article and in
     no other article; the written reflection is non-empty (it is for the teacher)

The theme and the article come from the check call's context. Nothing here
names a source, claim or theme.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pandas as pd

# Loaders from peacekit.data directly (see lesson01.py for why).
from peacekit import data as _data
from peacekit._values import friendly_type, safe_repr
from peacekit.checks._shapes import is_placeholder, need_counts, need_id_list, need_mapping
from peacekit.checks.core import NotYet, exercise, need_choice, need_frame, reworded

__all__: list[str] = []

#: The columns of the sourcing table in 2.1 (metadata and how sure the kit is of it).
SOURCING_COLUMNS = [
    "source_id",
    "genre",
    "outlet",
    "outlet_confidence",
    "author",
    "author_confidence",
    "affiliation",
    "date",
    "date_confidence",
]

#: The choices in 2.3 and the stance signs each allows.
POSITIONS = ("for", "against", "mixed", "no position")


def _confidence_columns(sources: pd.DataFrame) -> list[str]:
    return [c for c in sources.columns if str(c).endswith("_confidence")]


# ---------------------------------------------------------------- 2.1
@exercise(
    "2.1",
    what=(
        "your table has one row per article and the columns source_id, genre, outlet, outlet_confidence, "
        "author, author_confidence, affiliation, date and date_confidence, with the values of pk.sources()"
    ),
    hints=[
        "Pick columns from pk.sources() with double brackets: s[[\"source_id\", \"genre\", ...]].",
        "Copy the nine column names from the question exactly, in that order; keep every row. One pair of "
        "brackets holds one name (s[\"genre\"]); a list of names needs two (s[[\"source_id\", \"genre\"]]).",
    ],
)
def _sourcing_table(answer: object, **context: Any) -> None:
    s = _data.sources()
    expected = s[SOURCING_COLUMNS]
    if isinstance(answer, pd.DataFrame) and "source_id" not in answer.columns and answer.index.name == "source_id":
        raise NotYet("source_id is the index of your table; keep it as a column (leave out set_index, or use .reset_index()).")
    table = need_frame(answer, expected, key="source_id", columns=SOURCING_COLUMNS)
    got = [str(c) for c in table.columns]
    extra = [c for c in got if c not in SOURCING_COLUMNS]
    if extra:
        raise NotYet(
            f"your table also has the column {extra[0]!r}; keep only the nine columns the question lists "
            "(pick them with double brackets: s[[\"source_id\", \"genre\", ...]])."
        )
    if got != SOURCING_COLUMNS:
        raise NotYet("you have the right nine columns, but not in the order the question gives; list them in that order.")


# ---------------------------------------------------------------- 2.2
@exercise(
    "2.2",
    what=(
        "for every article, your number equals how many of the *_confidence columns of pk.sources() "
        "say something other than \"confirmed\""
    ),
    hints=[
        "s.set_index(\"source_id\").filter(like=\"_confidence\") keeps only the confidence columns, "
        "with one row per article.",
        "Compare that table with \"confirmed\" (!= gives True where a field is not confirmed), then add up "
        "each row: .sum(axis=1).",
        "unconfirmed = (s.set_index(\"source_id\").filter(like=\"_confidence\") != \"confirmed\").sum(axis=1)",
    ],
)
def _unconfirmed(answer: object, **context: Any) -> None:
    got = need_counts(answer, key="source_id", value="unconfirmed")
    s = _data.sources()
    columns = _confidence_columns(s)
    flags = s.set_index("source_id")[columns].astype("string").ne("confirmed")
    expected = {str(k): int(v) for k, v in flags.sum(axis=1).items() if v}
    if got == expected:
        return None
    unknown = sorted(set(got) - set(s["source_id"].astype("string")))
    if unknown:
        raise NotYet(
            f"{safe_repr(unknown[0])} is not a source_id. The index of your answer (the labels at the left of "
            "each row) should be the source_ids: start from s.set_index(\"source_id\"), which turns that column "
            "into the index."
        )
    inferred_only = {str(k): int(v) for k, v in s.set_index("source_id")[columns].astype("string").eq("inferred").sum(axis=1).items() if v}
    if got == inferred_only:
        raise NotYet("you counted only \"inferred\"; \"unknown\" is not confirmed either.")
    if got == {str(k): int(v) for k, v in (~flags).sum(axis=1).items() if v}:
        raise NotYet("you counted the confirmed fields; count the ones that are NOT confirmed (!=).")
    wrong = sorted(k for k in set(got) | set(expected) if got.get(k, 0) != expected.get(k, 0))
    raise NotYet(
        f"the number for {safe_repr(wrong[0])} is not right; there are {len(columns)} confidence columns "
        f"({', '.join(columns)}): count how many of them are not \"confirmed\"."
    )


# ---------------------------------------------------------------- 2.3
def _position_entry(value: object) -> tuple[object, object]:
    """Split one entry of the answer into (choice, claim ids)."""
    if isinstance(value, Mapping):
        return value.get("position", value.get("choice")), value.get("claims", value.get("claim_ids", []))
    if isinstance(value, (tuple, list)) and len(value) == 2 and isinstance(value[0], str):
        return value[0], value[1]
    if isinstance(value, str):
        return value, []
    return None, None


@exercise(
    "2.3",
    what=(
        "every text you were asked about has a position (for, against, mixed or no position); every claim_id you cite "
        "exists, belongs to that article and theme and is the author's own claim; and the coded stances "
        "of the cited claims have the sign of your choice, with no uncited author claim on the other side "
        "for \"for\" or \"against\" (the check does not grade your reading: "
        "your teacher reads your reasons)"
    ),
    hints=[
        "For each article write (\"for\" or \"against\" or \"mixed\" or \"no position\", [claim_ids]). "
        "Find the claim_ids in the reader widget or with pk.claims() filtered on the theme.",
        "Only the author's own claims (speaker_role \"author\") show where a text stands; a reported "
        "speaker's claim shows where that speaker stands. \"for\" needs claims with stance above 0, "
        "\"against\" below 0, \"mixed\" claims of both signs or a 0. Read all the author's claims on the "
        "theme: if they point both ways, the answer is \"mixed\".",
        "\"no position\" is right only when the text has no author claim with a stance on the theme; "
        "then give an empty list [].",
    ],
)
def _where_texts_stand(answer: object, **context: Any) -> None:
    theme = context.get("theme")
    themes = _data.themes()
    known_themes = set(themes["theme_id"].astype("string"))
    if not isinstance(theme, str) or theme not in known_themes:
        raise NotYet("the check cell should name a theme: check(\"2.3\", positions, theme=\"...\") with a theme_id from pk.themes().")
    with reworded(after=" Give one entry per article: {\"source_id\": (\"against\", [\"C0..\"]), ...}."):
        positions = need_mapping(answer, what="your answer")
    source_ids = _asked_sources(positions, context.get("sources"))
    missing = [s for s in source_ids if s not in positions]
    if missing:
        raise NotYet(f"give a position for every text you were asked about; {missing[0]} is missing.")
    claims = _data.claims()
    by_id = claims.set_index("claim_id")
    for source_id in source_ids:
        _need_position(source_id, positions[source_id], theme, claims, by_id)


def _asked_sources(positions: dict[Any, Any], chosen: object) -> list[str]:
    """The source_ids the answer must cover: every source, or the check call's ``sources``."""
    sources = _data.sources()
    source_ids = [str(x) for x in sources["source_id"]]
    unknown = [k for k in positions if not isinstance(k, str) or k not in source_ids]
    if unknown:
        raise NotYet(f"{safe_repr(unknown[0])} is not a source_id; use the ids of pk.sources() as keys.")
    if chosen is not None:
        # The exercise may ask about a named set of texts (e.g. the seed articles): check(..., sources=texts).
        with reworded(before="the check cell's sources should be the list of texts you were asked about: "):
            chosen_ids = need_id_list(chosen, kind="source_id")
        strange = [x for x in chosen_ids if x not in source_ids]
        if strange:
            raise NotYet(f"{safe_repr(strange[0])} in texts is not a source_id of pk.sources().")
        source_ids = [x for x in source_ids if x in set(chosen_ids)]
        extra = [k for k in positions if k not in source_ids]
        if extra:
            raise NotYet(f"{extra[0]} is not one of the texts you were asked about (texts); leave it out.")
    return source_ids


def _cited_signs(ids: list[str], source_id: str, theme: str, by_id: pd.DataFrame) -> list[int]:
    """The stance signs of the cited claims, or NotYet for a claim that cannot show the text's position."""
    signs: list[int] = []
    for claim_id in ids:
        if claim_id not in by_id.index:
            raise NotYet(f"{safe_repr(claim_id)} is not a claim_id in pk.claims(); check the spelling.")
        row = by_id.loc[claim_id]
        if str(row["source_id"]) != source_id:
            raise NotYet(f"{claim_id} is a claim of {row['source_id']}, not of {source_id}.")
        if str(row["theme_id"]) != theme:
            raise NotYet(f"{claim_id} is coded to the theme {row['theme_id']}, not {theme}; cite claims on {theme}.")
        if str(row["speaker_role"]) != "author":
            raise NotYet(
                f"{claim_id} is {row['speaker']}'s claim, reported in {source_id}: it shows where "
                f"{row['speaker']} stands, not where the text stands. Cite the author's own claims."
            )
        if pd.isna(row["stance"]):
            raise NotYet(f"{claim_id} is descriptive (it has no stance), so it cannot show a position; cite a claim with a stance.")
        signs.append(int(row["stance"]))
    return signs


def _need_position(
    source_id: str, entry: object, theme: str, claims: pd.DataFrame, by_id: pd.DataFrame
) -> None:
    """NotYet unless one text's (choice, cited claim_ids) entry fits the author's coded claims on ``theme``."""
    choice, cited = _position_entry(entry)
    if is_placeholder(choice) or is_placeholder(cited):
        raise NotYet(f"replace the ... in the entry for {source_id}.")
    if choice is None:
        raise NotYet(
            f"the entry for {source_id} should be a pair: (\"against\", [\"C0..\", ...]); "
            f"you gave a {friendly_type(entry)}."
        )
    with reworded(before=f"for {source_id}: "):
        need_choice(choice, POSITIONS)
        ids = need_id_list(cited, kind="claim_id")
    choice = " ".join(str(choice).split()).lower()
    own = claims[
        (claims["source_id"] == source_id)
        & (claims["theme_id"] == theme)
        & (claims["speaker_role"].astype("string") == "author")
    ]
    stanced = own[own["stance"].notna()]
    if choice == "no position":
        if ids:
            raise NotYet(f"for {source_id} you chose \"no position\" but cited claims; give an empty list [].")
        if not stanced.empty:
            raise NotYet(
                f"{source_id} does make its own claims with a stance on {theme} "
                f"({_some_ids(stanced['claim_id'])}); read them and choose a position."
            )
        return
    if not ids:
        raise NotYet(f"for {source_id}, cite at least one claim_id that shows the position \"{choice}\".")
    signs = _cited_signs(ids, source_id, theme, by_id)
    if choice == "for" and not all(v > 0 for v in signs):
        raise NotYet(f"for {source_id} you chose \"for\", but some claims you cite are coded neutral or against; look at their stance.")
    if choice == "against" and not all(v < 0 for v in signs):
        raise NotYet(f"for {source_id} you chose \"against\", but some claims you cite are coded neutral or for; look at their stance.")
    if choice in ("for", "against"):
        opposite = stanced[stanced["stance"] < 0] if choice == "for" else stanced[stanced["stance"] > 0]
        if not opposite.empty:
            other = str(opposite["claim_id"].iloc[0])
            value = int(opposite["stance"].iloc[0])
            raise NotYet(
                f"for {source_id} you chose \"{choice}\", but the author's own claim {other} on {theme} is "
                f"coded {value:+d}, on the other side. Read it: a text whose author argues both ways is "
                "\"mixed\" (cite claims of both signs), so do not cite only the claims that fit."
            )
    if choice == "mixed" and not (0 in signs or (any(v > 0 for v in signs) and any(v < 0 for v in signs))):
        raise NotYet(f"for {source_id} you chose \"mixed\": cite claims on both sides (or a neutral 0 claim) to show it.")


def _some_ids(ids: pd.Series) -> str:
    """Return up to three ids as a short text, e.g. "C001, C002 and 1 more"."""
    items = [str(i) for i in ids]
    head = ", ".join(items[:3])
    return head + (f" and {len(items) - 3} more" if len(items) > 3 else "")


# ---------------------------------------------------------------- 2.4
@exercise(
    "2.4",
    what=(
        "you listed at least three different artefacts, each found word for word (same capitals and "
        "spelling) in the chosen article and in none of the other articles, and wrote why they matter "
        "(your reasoning is for your teacher to read)"
    ),
    hints=[
        "Read the translated news analysis in the reader widget, or print(pk.article(source)). Look for "
        "odd spellings of names and places, and phrases that are not idiomatic English.",
        "Copy each artefact exactly as it appears (capitals and spelling); short phrases are fine. An "
        "artefact is peculiar to this text: a word that every article uses, such as \"Ukraine\", is not one.",
        "One expert's name appears in two spellings; an English idiom about a fox came out garbled; some "
        "words have lost their ending or gained a stray space.",
    ],
)
def _artefacts(answer: object, **context: Any) -> None:
    source = context.get("source")
    source_ids = [str(x) for x in _data.sources()["source_id"]]
    if not isinstance(source, str) or source not in source_ids:
        raise NotYet("the check cell should name the article: check(\"2.4\", ..., source=\"...\").")
    with reworded(after=" Give {\"artefacts\": [...], \"why\": \"...\"}."):
        parts = need_mapping(answer, what="your answer")
    artefacts, why = parts.get("artefacts"), parts.get("why")
    if is_placeholder(artefacts) or is_placeholder(why):
        raise NotYet("replace the ... in artefacts and in why.")
    if isinstance(artefacts, str):
        raise NotYet(
            f"artefacts is one piece of text ({safe_repr(artefacts)}); give a list of separate artefacts, "
            "each in its own quotation marks: [\"…\", \"…\", \"…\"]."
        )
    try:
        items = need_id_list(artefacts, kind="artefact")
    except NotYet as exc:
        raise NotYet(exc.sentence.replace("artefact", "artefact (a word or phrase)")) from None
    items = [i for i in items if i]
    if len(set(items)) < 3:
        raise NotYet(f"list at least three different artefacts; you gave {len(set(items))}.")
    text = _data.article(source)
    others = {s: _data.article(s) for s in source_ids if s != source}
    for item in items:
        if len(item) < 3:
            raise NotYet(f"{safe_repr(item)} is too short to be an artefact; copy the whole word or phrase.")
        if item not in text:
            if item.lower() in text.lower():
                raise NotYet(f"{safe_repr(item)} is in the article, but not with these capitals; copy it exactly.")
            raise NotYet(f"{safe_repr(item)} is not in the article word for word; copy it exactly from pk.article(source).")
        shared = [s for s, other in others.items() if item in other]
        if shared:
            raise NotYet(
                f"{safe_repr(item)} also appears in {shared[0]}, so it is not peculiar to this translation; "
                "look for wording that only this text has."
            )
    if not isinstance(why, str) or len(why.split()) < 8:
        raise NotYet("write at least one full sentence (8 words or more) in why: what could these artefacts do to a reader's trust?")
