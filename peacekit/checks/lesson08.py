"""Checks for lesson 08, "The negotiation table".

8.1  which parties' red lines a given package crosses (checked against the
     kit's negotiation model, :func:`peacekit.package_summary`)
8.2  the best package of a search, whether any package satisfies every party,
     and the terms that block agreement (checked against
     :func:`peacekit.search_packages` and the model's red-line conflicts)
8.3  role cards: party -> required terms, rejected terms, evidence ids
     (checked against the latest stated positions in positions.csv, as the
     negotiation model resolves them)
8.4  a debrief that goes back to the articles: a blocking term, a theme and
     claim_ids that argue about it (checked structurally: the term blocks
     agreement, the claims exist, belong to the theme, come from at least two
     sources and include opposite stances; the link between term and theme is
     the student's judgement and is not checked)

Everything expected is computed from the datasets at check time; the
package and the parties come from the check call's context. No source_id,
claim_id or term_id is written here.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import pandas as pd

from peacekit._values import friendly_type, safe_repr
from peacekit.checks._shapes import is_placeholder, need_id_list, need_mapping
from peacekit.checks.core import NotYet, as_bool, exercise, reworded

__all__: list[str] = []

_RED = ("requires", "rejects")


def _pk() -> Any:
    import peacekit as pk

    return pk


def _negotiation() -> Any:
    from peacekit import negotiation

    return negotiation


def _party_ids() -> list[str]:
    return [str(p) for p in _pk().parties()["party_id"]]


def _term_ids() -> list[str]:
    return [str(t) for t in _pk().terms()["term_id"]]


def _context_parties(context: Mapping[str, Any], *, name: str = "parties") -> list[str]:
    """The parties named in the check call (default: every party)."""
    value = context.get(name)
    if value is None:
        return _party_ids()
    try:
        ids = need_id_list(value, kind="party_id")
    except NotYet:
        ids = []
    if not ids:
        raise NotYet(f"the check cell should pass the list of parties: {name}=negotiators (do not change that line).")
    known = set(_party_ids())
    unknown = [p for p in ids if p not in known]
    if unknown:
        raise NotYet(f"{safe_repr(unknown[0])} in {name} is not a party_id in pk.parties(); do not change the given list.")
    return ids


def _context_package(context: Mapping[str, Any]) -> list[str]:
    value = context.get("package")
    if value is None:
        raise NotYet('the check needs the package too: check("8.1", crossed, package=package).')
    try:
        ids = need_id_list(value, kind="term_id")
    except NotYet:
        raise NotYet("package should be the list of term_ids given in the question; run that cell again.") from None
    known = set(_term_ids())
    unknown = [t for t in ids if t not in known]
    if unknown:
        raise NotYet(f"{safe_repr(unknown[0])} in the package is not a term_id in pk.terms(); restore the given package.")
    return ids


def _id_set(value: object, *, kind: str, known: Iterable[str], label_map: Mapping[str, str] | None = None,
            other_kind: tuple[str, Iterable[str]] | None = None) -> set[str]:
    """Turn a list-like of ids into a set, naming labels / wrong kinds of id."""
    if isinstance(value, float) and pd.isna(value):
        return set()
    if isinstance(value, str) and ";" in value:
        value = [v for v in value.split(";") if v.strip()]
    if isinstance(value, str) and not value.strip():
        return set()
    ids = need_id_list(value, kind=kind)
    known_set = set(known)
    for item in ids:
        if item in known_set:
            continue
        if label_map and item in label_map:
            raise NotYet(f"{safe_repr(item)} is a label; use its {kind} {label_map[item]!r} instead.")
        if other_kind is not None and item in set(other_kind[1]):
            raise NotYet(f"{safe_repr(item)} is a {other_kind[0]}, not a {kind}; reread what the question asks for.")
        raise NotYet(f"{safe_repr(item)} is not a {kind} in the dataset; check the spelling.")
    return set(ids)


def _term_set(value: object, terms: pd.DataFrame) -> set[str]:
    """The term_ids of ``value``, naming a label or a party_id given instead."""
    return _id_set(
        value, kind="term_id", known=_term_ids(), label_map=_labels(terms, "term_id"),
        other_kind=("party_id", _party_ids()),
    )


def _count(n: int, one: str, many: str) -> str:
    """``"1 party"`` / ``"2 parties"``: a number with the right word form."""
    return f"{n} {one if n == 1 else many}"


def _labels(table: pd.DataFrame, id_col: str) -> dict[str, str]:
    return {str(r["label"]): str(r[id_col]) for r in table.to_dict("records")}


# ---------------------------------------------------------------- 8.1
@exercise(
    "8.1",
    what=(
        "your list holds exactly the party_ids for which pk.package_summary(package) finds at least one "
        "red line crossed (the kit's model of the stated positions; 'unknown' positions do not count)"
    ),
    hints=[
        "Run pk.package_summary(package) and look at the acceptable column: False means a red line is crossed.",
        "summary = pk.package_summary(package); keep the rows where summary[\"acceptable\"] is False, "
        "then take their party_id column as a list.",
        "crossed = summary.loc[~summary[\"acceptable\"], \"party_id\"].tolist()",
    ],
)
def _crossed_parties(answer: object, **context: Any) -> None:
    if isinstance(answer, str):  # the type first: one piece of text is not a list
        raise NotYet(f"give the party_ids as a list, like [\"...\", \"...\"]; you gave one piece of text "
                f"({safe_repr(answer)}).")
    package = _context_package(context)
    pk = _pk()
    parties = pk.parties()
    got = _id_set(
        answer, kind="party_id", known=_party_ids(), label_map=_labels(parties, "party_id"),
        other_kind=("term_id", _term_ids()),
    )
    summary = pk.package_summary(package)
    expected = set(summary.loc[~summary["acceptable"], "party_id"].astype(str))
    if got == expected:
        return None
    if not expected and got:
        raise NotYet("this package crosses nobody's red line according to the model; check the acceptable column.")
    unknown_only = set(summary.loc[summary["unknown"] > 0, "party_id"].astype(str))
    extra, missing = got - expected, expected - got
    if extra and extra <= unknown_only:
        raise NotYet(
            f"{safe_repr(sorted(extra)[0])} has positions the kit records as unknown, but no red line crossed; "
            "unknown is not the same as crossed."
        )
    if extra:
        raise NotYet(f"{safe_repr(sorted(extra)[0])} has no red line crossed by this package; look at its row again.")
    raise NotYet(
        f"{_count(len(missing), 'party', 'parties')} whose red lines the package crosses "
        f"{'is' if len(missing) == 1 else 'are'} missing from your list."
    )


# ---------------------------------------------------------------- 8.2
@exercise(
    "8.2",
    what=(
        "your package is one of the best packages pk.search_packages(parties=negotiators) finds (the most "
        "parties with no red line crossed, then the most stated positions met), your True/False says whether "
        "any package crosses no negotiator's red line, and your blocking terms are exactly the terms one "
        "negotiator requires and another rejects"
    ),
    hints=[
        "results = pk.search_packages(parties=negotiators) ranks every package; row 0 is a best one, and "
        "results.attrs[\"sentence\"] says in words whether any package satisfies everybody and why not.",
        "best_package = results.loc[0, \"term_ids\"]; satisfies_all = bool(results.loc[0, \"satisfies_all\"]). "
        "The sentence names the blocking terms by label: find their term_ids in pk.terms().",
        "A term blocks agreement when one party requires it and another rejects it: put it in and one party "
        "objects, leave it out and the other does.",
    ],
)
def _search(answer: object, **context: Any) -> None:
    parties = _context_parties(context)
    got = need_mapping(answer, what="your answer")
    for key in ("package", "satisfies_all", "blocking"):
        if key not in got:
            raise NotYet(f"your answer has no {key!r}; keep the dictionary of the check cell as it is.")
        if is_placeholder(got[key]):
            names = {"package": "best_package", "satisfies_all": "satisfies_all", "blocking": "blocking_terms"}
            raise NotYet(f"replace the ... in {names[key]} with your answer.")
    pk = _pk()
    terms = pk.terms()
    with reworded(before="best_package: "):
        package = _term_set(got["package"], terms)
    summary = pk.package_summary(sorted(package), parties=parties)
    score = (int(summary["acceptable"].sum()), int(summary["meets"].sum()))
    results = pk.search_packages(parties=parties, top=1)
    best = (int(results.loc[0, "parties_acceptable"]), int(results.loc[0, "requirements_met"]))
    if score[0] < best[0]:
        raise NotYet(
            f"your package leaves {score[0]} of {len(parties)} negotiators with no red line crossed; "
            f"the best packages manage {best[0]}. Use pk.search_packages(parties=negotiators)."
        )
    if score[1] < best[1]:
        raise NotYet(
            f"your package is acceptable to as many negotiators as the best ones, but meets {score[1]} "
            f"stated positions where the best meet {best[1]}; take a package from the top of the search."
        )
    flag = as_bool(got["satisfies_all"])
    if flag is None:
        raise NotYet(f"satisfies_all should be True or False, not {safe_repr(got['satisfies_all'])}.")
    expected_flag = not bool(results.attrs.get("no_package_satisfies_all"))
    if flag != expected_flag:
        if expected_flag:
            raise NotYet("at least one package crosses no negotiator's red line; look at results.attrs[\"sentence\"].")
        raise NotYet("no package satisfies every negotiator; read results.attrs[\"sentence\"] again.")
    with reworded(before="blocking_terms: "):
        blocking = _term_set(got["blocking"], terms)
    conflicts = _negotiation().red_line_conflicts(parties=parties)
    expected_blocking = set(conflicts["term_id"].astype(str))
    if blocking != expected_blocking:
        extra, missing = blocking - expected_blocking, expected_blocking - blocking
        if extra:
            raise NotYet(
                f"{safe_repr(sorted(extra)[0])} is not required by one negotiator and rejected by another; "
                "it does not block agreement on its own."
            )
        raise NotYet(
            f"{_count(len(missing), 'blocking term is', 'blocking terms are')} missing; "
            "the search sentence names them all."
        )


# ---------------------------------------------------------------- 8.3
def _stated(parties: list[str]) -> pd.DataFrame:
    """The latest stated position per party x term (the model's resolution)."""
    return _pk().evaluate_package([], parties=parties)


def _split_ids(value: object) -> list[str]:
    if isinstance(value, str):
        return [v.strip() for v in value.split(";") if v.strip()]
    return []


def _need_red_lines(party: str, row: pd.Series, mine: pd.DataFrame, term_ids: list[str]) -> None:
    """NotYet unless the card's requires and rejects are the party's latest stated red lines."""
    for col in _RED:
        with reworded(before=f"{party}, {col}: "):
            got = _id_set(row[col], kind="term_id", known=term_ids, other_kind=("party_id", _party_ids()))
        want = set(mine.loc[mine["position"] == col, "term_id"].astype(str))
        if got != want:
            extra_t, missing_t = got - want, want - got
            if extra_t:
                term = sorted(extra_t)[0]
                now = mine.loc[mine["term_id"] == term, "position"]
                now_text = str(now.iloc[0]) if len(now) else "no stated position"
                raise NotYet(
                    f"for {party}, {term!r} is not in {col}: its latest stated position is {now_text}. "
                    "Use the latest position (pk.evaluate_package([], ...) resolves them)."
                )
            raise NotYet(f"for {party}, {_count(len(missing_t), 'term is', 'terms are')} missing from {col}.")


def _need_evidence(party: str, row: pd.Series, mine: pd.DataFrame, event_like: set[str]) -> None:
    """NotYet unless the card cites evidence of each red line, and only of red lines."""
    ev_value = row["evidence"]
    if isinstance(ev_value, (list, tuple, set)):
        flat: list[object] = []
        for item in ev_value:
            flat.extend(_split_ids(item) if isinstance(item, str) else [item])
        ev_value = flat
    elif isinstance(ev_value, str):
        ev_value = _split_ids(ev_value)
    with reworded(before=f"{party}, evidence: "):
        got_ev = _id_set(ev_value, kind="evidence id", known=event_like)
    red = mine[mine["position"].isin(_RED)]
    allowed: set[str] = set()
    for record in red.to_dict("records"):
        ids = set(_split_ids(record["evidence_id"]))
        allowed |= ids
        if ids and not ids & got_ev:
            raise NotYet(
                f"for {party}, the evidence for {record['term_id']!r} ({record['position']}) is missing; "
                f"cite one of {', '.join(sorted(ids))}."
            )
    stray = got_ev - allowed
    if stray:
        raise NotYet(
            f"for {party}, {safe_repr(sorted(stray)[0])} is not evidence for one of its current red lines; "
            "cite only the evidence of the requires/rejects positions."
        )


@exercise(
    "8.3",
    what=(
        "for every negotiator, your requires and rejects columns hold exactly the terms whose latest stated "
        "position (positions.csv, as the negotiation model resolves it) is requires / rejects, and your "
        "evidence column cites, for each of those terms, at least one of the claim or event ids recorded "
        "for that position (and no id from elsewhere)"
    ),
    hints=[
        "stated = pk.evaluate_package([], parties=negotiators) lists every party's latest stated position "
        "with its evidence_id. Keep the rows whose position is requires or rejects.",
        "For one column: lines[lines[\"position\"] == \"requires\"].groupby(\"party_id\")[\"term_id\"].agg(list). "
        "Build a DataFrame from three such Series: requires, rejects and evidence (from evidence_id).",
        "Index the table by party_id (or keep a party_id column), one row per negotiator; a party with no "
        "required term gets an empty list (or NaN) in requires.",
    ],
)
def _role_cards(answer: object, **context: Any) -> None:
    parties = _context_parties(context)
    if isinstance(answer, pd.Series) or not isinstance(answer, pd.DataFrame):
        raise NotYet(
            "give a table (a DataFrame) with one row per negotiator and columns requires, rejects and evidence; "
            f"you gave a {friendly_type(answer)}."
        )
    table = answer
    if "party_id" in table.columns:
        if table["party_id"].duplicated().any():
            raise NotYet("each party should have one row; a party_id appears twice.")
        table = table.set_index("party_id")
    for col in ("requires", "rejects", "evidence"):
        if col not in table.columns:
            raise NotYet(f"your table has no column {col!r}; give requires, rejects and evidence columns.")
    rows = [str(i) for i in table.index]
    if len(set(rows)) != len(rows):
        raise NotYet("each party should have one row; a party_id appears twice.")
    missing = [p for p in parties if p not in rows]
    if missing:
        raise NotYet(f"your table has no row for {safe_repr(missing[0])}; give one row per negotiator (index = party_id).")
    extra = [r for r in rows if r not in parties]
    if extra:
        raise NotYet(f"{safe_repr(extra[0])} is not one of the negotiators; keep only their rows.")
    pk = _pk()
    stated = _stated(parties)
    positions = pk.positions()
    term_ids = _term_ids()
    event_like = set(positions["event_id"].dropna().astype(str)) | set(positions["claim_id"].dropna().astype(str))
    for party in parties:
        row = table.loc[party]
        mine = stated[stated["party_id"] == party]
        _need_red_lines(party, row, mine, term_ids)
        _need_evidence(party, row, mine, event_like)


# ---------------------------------------------------------------- 8.4
@exercise(
    "8.4",
    what=(
        "your term is one that a negotiator requires and another rejects; your theme exists; your claim_ids "
        "exist, belong to that theme, come from at least two sources and include at least one claim coded "
        "for and one coded against the theme's proposition; your note is at least 20 words. Whether the "
        "theme fits the term, and what your note says, are not checked: your teacher reads them"
    ),
    hints=[
        "Take one blocking term from 8.2. Which theme in pk.themes() is about the same question?",
        "pk.compare(theme) lists that theme's claims side by side with their stance; pick claims from "
        "two different sources, one with a positive stance and one with a negative stance.",
        "The note: in two or three sentences, say what each side's claim says about this term.",
    ],
)
def _debrief(answer: object, **context: Any) -> None:
    parties = _context_parties(context)
    got = need_mapping(answer, what="debrief")
    for key in ("term", "theme", "claim_ids", "note"):
        if key not in got:
            raise NotYet(f"debrief has no {key!r}; keep the four keys of the dictionary.")
        if is_placeholder(got[key]):
            raise NotYet(f"replace the ... for {key!r} in debrief with your answer.")
    pk = _pk()
    term = got["term"]
    if not isinstance(term, str) or term.strip() not in _term_ids():
        raise NotYet(f"term should be a term_id from pk.terms(), such as {_term_ids()[0]!r}; you gave {safe_repr(term)}.")
    blocking = set(_negotiation().red_line_conflicts(parties=parties)["term_id"].astype(str))
    if term.strip() not in blocking:
        raise NotYet(
            f"{term.strip()!r} is not required by one negotiator and rejected by another; "
            "choose a blocking term from 8.2."
        )
    themes = [str(t) for t in pk.themes()["theme_id"]]
    theme = got["theme"]
    if not isinstance(theme, str) or theme.strip() not in themes:
        raise NotYet(f"theme should be a theme_id from pk.themes(), such as {themes[0]!r}; you gave {safe_repr(theme)}.")
    theme = theme.strip()
    claims = pk.claims()
    if isinstance(got["claim_ids"], str):
        raise NotYet(
            f"claim_ids should be a list, like [\"C0..\", \"C0..\"], not one piece of text "
            f"({safe_repr(got['claim_ids'])}); put each claim_id in its own quotation marks."
        )
    with reworded(before="claim_ids: "):
        ids = need_id_list(got["claim_ids"], kind="claim_id")
    if len(ids) < 2:
        raise NotYet("give at least two claim_ids, from two different sources.")
    by_id = claims.set_index(claims["claim_id"].astype(str))
    for cid in ids:
        if cid not in by_id.index:
            raise NotYet(f"{safe_repr(cid)} is not a claim_id in pk.claims(); check the spelling.")
        if str(by_id.loc[cid, "theme_id"]) != theme:
            raise NotYet(f"{cid} is about {by_id.loc[cid, 'theme_id']!r}, not {theme!r}; pick claims of your theme.")
    chosen = by_id.loc[ids]
    if chosen["source_id"].astype(str).nunique() < 2:
        raise NotYet("all your claims come from one source; add a claim from another source.")
    stances = pd.to_numeric(chosen["stance"], errors="coerce")
    if not (stances > 0).any() or not (stances < 0).any():
        raise NotYet(
            "your claims do not disagree: include at least one claim coded for the proposition (stance > 0) "
            "and one coded against it (stance < 0)."
        )
    note = got["note"]
    if not isinstance(note, str) or len(note.split()) < 20:
        raise NotYet("write a note of at least 20 words: what does each side's claim say about the term?")
