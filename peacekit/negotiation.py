"""The negotiation table: which deal packages cross which party's red lines.

The model
---------
A *package* is a set of deal terms (``term_id`` values from ``terms.csv``)
included in a deal. Each party has a stated position on some terms
(``positions.csv``), each tied to a claim or a timeline event:

============  ======================  ======================
position      term in the package     term left out
============  ======================  ======================
requires      meets                   crosses (a red line)
rejects       crosses (a red line)    meets
accepts       meets ("acceptable")    meets ("acceptable")
unknown       unknown                 unknown
============  ======================  ======================

A party finds a package *acceptable* when it crosses none of its red lines.
Because every term is decided on its own, a package that every party accepts
exists exactly when no term is required by one party and rejected by another;
:func:`red_line_conflicts` lists those terms and :func:`search_packages` ranks
all ``2**n`` packages (numpy bit masks) by how many parties accept them.

Positions that change over time
-------------------------------
If ``positions.csv`` has an ``as_of`` column, each party × term uses its latest
dated position (rows without a date count as the oldest); pass ``as_of=`` to
use the positions known on a chosen date instead. Several rows for the same
party and term that disagree (and are equally recent) give ``unknown``, with
a note naming both.

Plain functions: :func:`evaluate_package`, :func:`package_summary`,
:func:`search_packages`, :func:`red_line_conflicts`,
:func:`no_package_satisfies_all`. Widget: :func:`negotiation_widget`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from peacekit._evidence import Lookup, as_date
from peacekit._values import as_list, text, unknown_ids_sentence

if TYPE_CHECKING:
    from peacekit.case import Case

__all__ = [
    "POSITIONS",
    "VERDICTS",
    "VERDICT_SYMBOLS",
    "evaluate_package",
    "package_summary",
    "search_packages",
    "red_line_conflicts",
    "no_package_satisfies_all",
    "negotiation_widget",
]

#: Allowed values of ``positions.position``.
POSITIONS: tuple[str, ...] = ("requires", "accepts", "rejects", "unknown")

#: The three verdicts a package can get on one stated position.
VERDICTS: tuple[str, ...] = ("meets", "crosses", "unknown")

#: A symbol for each verdict, always shown with the word (never colour alone).
VERDICT_SYMBOLS: dict[str, str] = {"meets": "✓", "crosses": "✗", "unknown": "?"}

#: Largest number of terms :func:`search_packages` enumerates (2**20 packages).
MAX_SEARCH_TERMS = 20

_CODE = {"requires": 1, "rejects": 2, "accepts": 3, "unknown": 4}
_BLOCK = 4096  # packages evaluated per numpy block in the search

_PathLike = str | Path | None


# ---------------------------------------------------------------------------
# The model (precomputed once; every call and widget update reads from it)
# ---------------------------------------------------------------------------


@dataclass
class _Model:
    """Resolved positions and look-ups for fast evaluation."""

    party_ids: list[str]
    party_labels: dict[str, str]
    term_ids: list[str]
    term_labels: dict[str, str]
    term_descriptions: dict[str, str]
    # one row per party x term with a stated position
    stated: pd.DataFrame
    # codes[p, t]: 0 = no stated position, else _CODE[position]
    codes: np.ndarray
    lookup: Lookup
    has_as_of: bool = False
    as_of_dates: list[pd.Timestamp] = field(default_factory=list)

    @property
    def party_index(self) -> dict[str, int]:
        return {p: i for i, p in enumerate(self.party_ids)}

    @property
    def term_index(self) -> dict[str, int]:
        return {t: i for i, t in enumerate(self.term_ids)}


def _records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """The rows of ``frame`` as dicts, like ``to_dict("records")`` but without its per-cell cost."""
    columns = list(frame.columns)
    return [dict(zip(columns, row)) for row in zip(*(frame[c].tolist() for c in columns))]


def _position_dates(positions: pd.DataFrame) -> pd.Series:
    """The date of each position row (``as_of_start``, else parsed ``as_of``, else NaT)."""
    if "as_of_start" in positions.columns:
        return as_date(positions["as_of_start"])
    if "as_of" in positions.columns:
        return as_date(positions["as_of"])
    return pd.Series(pd.NaT, index=positions.index, dtype="datetime64[ns]")


def _resolve_positions(positions: pd.DataFrame, *, as_of: Any = None) -> pd.DataFrame:
    """Return one position per party × term (latest by ``as_of``; conflicts -> unknown).

    Returns columns party_id, term_id, position, evidence_ids (list), note,
    conflict (bool).
    """
    columns = ["party_id", "term_id", "position", "evidence_ids", "note", "conflict", "as_of"]
    if positions is None or positions.empty:
        return pd.DataFrame({c: [] for c in columns})
    rows = []
    dates = _position_dates(positions)
    cutoff = None if as_of is None else pd.Timestamp(as_of)
    for record, when in zip(_records(positions), dates, strict=True):
        if cutoff is not None and not pd.isna(when) and when > cutoff:
            continue
        position = text(record.get("position")).lower() or "unknown"
        ids = [i for i in (text(record.get("claim_id")), text(record.get("event_id"))) if i]
        rows.append(
            {
                "party_id": text(record.get("party_id")),
                "term_id": text(record.get("term_id")),
                "position": position,
                "evidence_ids": ids,
                "note": text(record.get("note")),
                "as_of": when,
            }
        )
    out = []
    groups: dict[tuple[str, str], list[dict[str, Any]]] = {}
    for row in rows:
        groups.setdefault((row["party_id"], row["term_id"]), []).append(row)
    oldest = pd.Timestamp.min
    for (party_id, term_id), group in groups.items():
        latest = max((oldest if pd.isna(r["as_of"]) else r["as_of"]) for r in group)
        current = [r for r in group if (oldest if pd.isna(r["as_of"]) else r["as_of"]) == latest]
        known = [r for r in current if r["position"] != "unknown"] or current
        kinds = sorted({r["position"] for r in known})
        ids: list[str] = []
        for r in known:
            ids.extend(i for i in r["evidence_ids"] if i not in ids)
        notes = [r["note"] for r in known if r["note"]]
        earlier = [
            r for r in group
            if (oldest if pd.isna(r["as_of"]) else r["as_of"]) < latest and r["position"] not in kinds
        ]  # fmt: skip
        if earlier:
            history = "; ".join(
                f"{r['position']}"
                + (f" as of {r['as_of'].strftime('%Y-%m-%d')}" if not pd.isna(r["as_of"]) else " (undated)")
                + (f" ({', '.join(r['evidence_ids'])})" if r["evidence_ids"] else "")
                for r in earlier
            )
            notes.append(f"Earlier position: {history}.")
        conflict = len(kinds) > 1
        if conflict:
            detail = "; ".join(f"{r['position']} ({', '.join(r['evidence_ids']) or 'no evidence id'})" for r in known)
            notes.insert(0, f"The recorded positions disagree: {detail}.")
        out.append(
            {
                "party_id": party_id,
                "term_id": term_id,
                "position": "unknown" if conflict else kinds[0],
                "evidence_ids": ids,
                "note": " ".join(notes),
                "conflict": conflict,
                "as_of": None if latest is oldest else latest,
            }
        )
    return pd.DataFrame(out, columns=columns)


def _build_model(
    *,
    parties: pd.DataFrame,
    terms: pd.DataFrame,
    positions: pd.DataFrame,
    lookup: Lookup | None = None,
    as_of: Any = None,
) -> _Model:
    """Build the model from loaded tables (used by the loaders and by tests)."""
    party_ids = [text(p) for p in parties["party_id"]]
    party_labels = {
        text(r["party_id"]): text(r.get("label")) or text(r["party_id"]) for r in _records(parties)
    }
    term_ids = [text(t) for t in terms["term_id"]]
    term_rows = _records(terms)
    term_labels = {text(r["term_id"]): text(r.get("label")) or text(r["term_id"]) for r in term_rows}
    term_descriptions = {text(r["term_id"]): text(r.get("description")) for r in term_rows}
    stated = _resolve_positions(positions, as_of=as_of)
    # positions that name a party or term missing from parties/terms still show
    for pid in stated["party_id"]:
        if pid not in party_labels:
            party_ids.append(pid)
            party_labels[pid] = pid
    for tid in stated["term_id"]:
        if tid not in term_labels:
            term_ids.append(tid)
            term_labels[tid] = tid
            term_descriptions[tid] = ""
    p_index = {p: i for i, p in enumerate(party_ids)}
    t_index = {t: i for i, t in enumerate(term_ids)}
    codes = np.zeros((len(party_ids), len(term_ids)), dtype=np.int8)
    for pid, tid, pos in zip(stated["party_id"], stated["term_id"], stated["position"], strict=True):
        codes[p_index[pid], t_index[tid]] = _CODE.get(pos, 4)
    # stated rows in parties x terms order
    if not stated.empty:
        order = np.lexsort(
            (stated["term_id"].map(t_index).to_numpy(), stated["party_id"].map(p_index).to_numpy())
        )
        stated = stated.iloc[order].reset_index(drop=True)
    dates = sorted({d for d in _position_dates(positions) if not pd.isna(d)}) if not positions.empty else []
    has_as_of = bool(dates)
    return _Model(
        party_ids=party_ids,
        party_labels=party_labels,
        term_ids=term_ids,
        term_labels=term_labels,
        term_descriptions=term_descriptions,
        stated=stated,
        codes=codes,
        lookup=lookup or Lookup(),
        has_as_of=has_as_of,
        as_of_dates=dates,
    )


def model_from_case(case: Case, *, as_of: Any = None) -> _Model:
    """Build the model from a :class:`peacekit.case.Case`: its parties, terms, positions and evidence.

    The case reads each table and builds the evidence look-up once; none of
    it depends on ``as_of``, so the widget builds one model per date from the
    same case (the tables are only read, never changed).
    """
    return _build_model(
        parties=case.table("parties"),
        terms=case.table("terms"),
        positions=case.table("positions"),
        lookup=case.evidence,
        as_of=as_of,
    )


def _load_model(*, path: _PathLike = None, as_of: Any = None) -> _Model:
    """Load parties, terms, positions and evidence from ``path``."""
    from peacekit.case import Case

    return model_from_case(Case(path=path), as_of=as_of)


# ---------------------------------------------------------------------------
# Argument checking
# ---------------------------------------------------------------------------


def _check_terms(model: _Model, term_ids: str | Iterable[str] | None) -> list[str]:
    ids = as_list(term_ids, text) or []
    unknown = [t for t in ids if t not in model.term_labels]
    if unknown:
        raise ValueError(unknown_ids_sentence(unknown, model.term_ids, kind="term_id"))
    seen: list[str] = []
    for t in ids:
        if t not in seen:
            seen.append(t)
    return seen


def _check_parties(model: _Model, parties: str | Iterable[str] | None) -> list[str]:
    ids = as_list(parties, text)
    if ids is None:
        return list(model.party_ids)
    unknown = [p for p in ids if p not in model.party_labels]
    if unknown:
        raise ValueError(unknown_ids_sentence(unknown, model.party_ids, kind="party_id"))
    return [p for p in model.party_ids if p in set(ids)]


# ---------------------------------------------------------------------------
# Verdicts
# ---------------------------------------------------------------------------


def _verdict(position: str, included: bool) -> str:
    """The verdict of one stated position on a package (see the module table)."""
    if position == "requires":
        return "meets" if included else "crosses"
    if position == "rejects":
        return "crosses" if included else "meets"
    if position == "accepts":
        return "meets"
    return "unknown"


def _evaluate(model: _Model, term_ids: list[str], parties: list[str]) -> pd.DataFrame:
    package = set(term_ids)
    keep = set(parties)
    rows = []
    for record in model.stated.to_dict("records"):
        pid, tid = record["party_id"], record["term_id"]
        if pid not in keep:
            continue
        included = tid in package
        verdict = _verdict(record["position"], included)
        note = record["note"]
        if record["position"] == "accepts":
            note = "acceptable" + (f"; {note}" if note else "")
        ids = record["evidence_ids"]
        rows.append(
            {
                "party_id": pid,
                "party": model.party_labels[pid],
                "term_id": tid,
                "term": model.term_labels[tid],
                "included": included,
                "position": record["position"],
                "verdict": verdict,
                "symbol": VERDICT_SYMBOLS[verdict],
                "note": note,
                "evidence_id": "; ".join(ids),
                "evidence": " | ".join(model.lookup.describe(i) or f"{i} (not found in the dataset)" for i in ids),
            }
        )
    columns = [
        "party_id", "party", "term_id", "term", "included", "position",
        "verdict", "symbol", "note", "evidence_id", "evidence",
    ]  # fmt: skip
    return pd.DataFrame(rows, columns=columns).astype({"included": bool})


def evaluate_package(
    term_ids: str | Iterable[str],
    *,
    parties: str | Iterable[str] | None = None,
    as_of: Any = None,
    path: _PathLike = None,
) -> pd.DataFrame:
    """Judge a package against every stated position.

    Parameters
    ----------
    term_ids : str or iterable of str
        The terms included in the deal (``terms.csv`` ids). An empty list is
        the empty package: a deal with none of the terms.
    parties : str or iterable of str, optional
        Only these ``party_id`` values (default: every party).
    as_of : date-like, optional
        Use the positions known on this date (only if positions.csv has an
        ``as_of`` column; default: the latest).
    path : str or Path, optional
        A datasets folder (default: the kit's own).

    Returns
    -------
    pandas.DataFrame
        One row per party × term with a stated position: ``party_id``,
        ``party`` (label), ``term_id``, ``term`` (label), ``included``,
        ``position`` (requires|accepts|rejects|unknown), ``verdict``
        (meets|crosses|unknown), ``symbol`` (✓ ✗ ?), ``note``,
        ``evidence_id`` (claim or event ids, ``"; "``-separated) and
        ``evidence`` (the quote with its speaker and source, or the event
        sentence with its citation).

    Raises
    ------
    ValueError
        If a term or party id is not in the dataset (the message names it
        and suggests the closest id).
    """
    model = _load_model(path=path, as_of=as_of)
    return _evaluate(model, _check_terms(model, term_ids), _check_parties(model, parties))


def _party_sentence(label: str, meets: int, crosses: int, unknown: int, crossed: list[str]) -> str:
    total = meets + crosses + unknown
    if total == 0:
        return f"{label}: no stated positions are recorded, so the kit cannot say how this package looks to them."
    parts = [f"{meets} met", f"{crosses} crossed", f"{unknown} unknown"]
    if crosses:
        lines = ", ".join(crossed)
        verdict = f"not acceptable: it crosses {'a red line' if crosses == 1 else 'red lines'} ({lines})"
    else:
        verdict = "acceptable: no red line is crossed"
        if unknown:
            verdict += f", but {unknown} position{'s are' if unknown != 1 else ' is'} unknown"
    return f"{label}: {verdict} ({', '.join(parts)} of {total} stated positions)."


def _summary(model: _Model, evaluation: pd.DataFrame, parties: list[str]) -> pd.DataFrame:
    rows = []
    for pid in parties:
        sub = evaluation[evaluation["party_id"] == pid]
        counts = sub["verdict"].value_counts()
        meets, crosses, unknown = (int(counts.get(v, 0)) for v in VERDICTS)
        crossed_ids = sub.loc[sub["verdict"] == "crosses", "term_id"].tolist()
        label = model.party_labels[pid]
        rows.append(
            {
                "party_id": pid,
                "party": label,
                "meets": meets,
                "crosses": crosses,
                "unknown": unknown,
                "red_lines_crossed": crossed_ids,
                "acceptable": crosses == 0,
                "sentence": _party_sentence(
                    label, meets, crosses, unknown, [model.term_labels[t] for t in crossed_ids]
                ),
            }
        )
    columns = ["party_id", "party", "meets", "crosses", "unknown", "red_lines_crossed", "acceptable", "sentence"]
    types = {"meets": int, "crosses": int, "unknown": int, "acceptable": bool}
    return pd.DataFrame(rows, columns=columns).astype(types)


def package_summary(
    term_ids: str | Iterable[str],
    *,
    parties: str | Iterable[str] | None = None,
    as_of: Any = None,
    path: _PathLike = None,
) -> pd.DataFrame:
    """Count, per party, the stated positions a package meets, crosses or leaves unknown.

    Parameters
    ----------
    term_ids : str or iterable of str
        The terms included in the deal.
    parties, as_of, path
        As in :func:`evaluate_package`.

    Returns
    -------
    pandas.DataFrame
        One row per party: ``party_id``, ``party``, ``meets``, ``crosses``,
        ``unknown`` (counts), ``red_lines_crossed`` (list of term ids),
        ``acceptable`` (True when no red line is crossed) and ``sentence``
        (the same in words).
    """
    model = _load_model(path=path, as_of=as_of)
    party_ids = _check_parties(model, parties)
    evaluation = _evaluate(model, _check_terms(model, term_ids), party_ids)
    return _summary(model, evaluation, party_ids)


# ---------------------------------------------------------------------------
# Search
# ---------------------------------------------------------------------------


def _conflicts(model: _Model, parties: list[str], terms: list[str]) -> pd.DataFrame:
    p_index, t_index = model.party_index, model.term_index
    rows = []
    for tid in terms:
        col = model.codes[[p_index[p] for p in parties], t_index[tid]] if parties else np.array([], dtype=np.int8)
        requiring = [p for p, c in zip(parties, col, strict=True) if c == _CODE["requires"]]
        rejecting = [p for p, c in zip(parties, col, strict=True) if c == _CODE["rejects"]]
        if requiring and rejecting:
            rows.append(
                {
                    "term_id": tid,
                    "term": model.term_labels[tid],
                    "required_by": requiring,
                    "rejected_by": rejecting,
                    "sentence": (
                        f"{model.term_labels[tid]} is required by "
                        f"{'; '.join(model.party_labels[p] for p in requiring)} — and rejected by "
                        f"{'; '.join(model.party_labels[p] for p in rejecting)}."
                    ),
                }
            )
    return pd.DataFrame(rows, columns=["term_id", "term", "required_by", "rejected_by", "sentence"])


def red_line_conflicts(
    *,
    parties: str | Iterable[str] | None = None,
    terms: str | Iterable[str] | None = None,
    as_of: Any = None,
    path: _PathLike = None,
) -> pd.DataFrame:
    """List the terms that one party requires and another rejects.

    Each such term makes every package cross somebody's red line: include
    it and the rejecting party objects, leave it out and the requiring party
    does. No package is acceptable to all parties exactly when this table is
    not empty.

    Returns
    -------
    pandas.DataFrame
        ``term_id``, ``term``, ``required_by`` and ``rejected_by`` (lists of
        party ids) and a ``sentence``.
    """
    model = _load_model(path=path, as_of=as_of)
    party_ids = _check_parties(model, parties)
    term_ids = _check_terms(model, terms) if terms is not None else list(model.term_ids)
    return _conflicts(model, party_ids, term_ids)


def _search(model: _Model, parties: list[str], terms: list[str], top: int) -> pd.DataFrame:
    n = len(terms)
    if n > MAX_SEARCH_TERMS:
        raise ValueError(
            f"Searching {n} terms means {2**n:,} packages; choose at most {MAX_SEARCH_TERMS} terms with terms=[...]."
        )
    p_index, t_index = model.party_index, model.term_index
    sub = model.codes[np.ix_([p_index[p] for p in parties], [t_index[t] for t in terms])]
    # float32 so the matrix products use BLAS; the counts (at most 20 per party) stay exact
    req = (sub == _CODE["requires"]).astype(np.float32)  # parties x terms
    rej = (sub == _CODE["rejects"]).astype(np.float32)
    acc = (sub == _CODE["accepts"]).astype(np.float32)
    req_total, rej_total, acc_total = req.sum(axis=1), rej.sum(axis=1), acc.sum(axis=1)

    m = 1 << n
    n_ok = np.empty(m, dtype=np.int32)
    met = np.empty(m, dtype=np.int64)
    crossed = np.empty(m, dtype=np.int64)
    bit_values = np.arange(n, dtype=np.int64)
    for start in range(0, m, _BLOCK):
        masks = np.arange(start, min(m, start + _BLOCK), dtype=np.int64)
        bits = ((masks[:, None] >> bit_values) & 1).astype(np.float32)  # packages x terms
        inc_req = bits @ req.T  # packages x parties
        inc_rej = bits @ rej.T
        crosses = (req_total - inc_req) + inc_rej
        meets = inc_req + (rej_total - inc_rej) + acc_total
        n_ok[start : start + len(masks)] = (crosses < 0.5).sum(axis=1)
        met[start : start + len(masks)] = np.rint(meets.sum(axis=1, dtype=np.float64)).astype(np.int64)
        crossed[start : start + len(masks)] = np.rint(crosses.sum(axis=1, dtype=np.float64)).astype(np.int64)
    all_masks = np.arange(m, dtype=np.int64)
    sizes = np.zeros(m, dtype=np.int32)
    for i in range(n):
        sizes += ((all_masks >> i) & 1).astype(np.int32)
    # rank: most parties with no red line crossed, then most requirements met,
    # then fewest red lines crossed, then fewest terms, then mask order
    order = np.lexsort((all_masks, sizes, crossed, -met, -n_ok))
    keep = order[: max(int(top), 0)]

    best = int(n_ok.max()) if m else 0
    satisfiable = best == len(parties)  # vacuously True with no parties
    rows = []
    for rank, mask in enumerate(keep, start=1):
        chosen = [terms[i] for i in range(n) if (int(mask) >> i) & 1]
        bits = np.array([(int(mask) >> i) & 1 for i in range(n)], dtype=np.float32)
        crosses = np.rint((req_total - req @ bits) + rej @ bits)
        ok = [p for p, c in zip(parties, crosses, strict=True) if c == 0]
        not_ok = [p for p, c in zip(parties, crosses, strict=True) if c != 0]
        rows.append(
            {
                "rank": rank,
                "term_ids": chosen,
                "terms": "; ".join(model.term_labels[t] for t in chosen) or "no terms (the empty package)",
                "n_terms": len(chosen),
                "parties_acceptable": int(n_ok[mask]),
                "parties_total": len(parties),
                "acceptable_to": ok,
                "not_acceptable_to": not_ok,
                "requirements_met": int(met[mask]),
                "red_lines_crossed": int(crossed[mask]),
                "satisfies_all": int(n_ok[mask]) == len(parties),
            }
        )
    columns = [
        "rank", "term_ids", "terms", "n_terms", "parties_acceptable", "parties_total",
        "acceptable_to", "not_acceptable_to", "requirements_met", "red_lines_crossed", "satisfies_all",
    ]  # fmt: skip
    result = pd.DataFrame(rows, columns=columns)
    conflicts = _conflicts(model, parties, terms)
    result.attrs["packages_searched"] = m
    result.attrs["no_package_satisfies_all"] = not satisfiable
    result.attrs["best_parties_acceptable"] = best
    result.attrs["sentence"] = _search_sentence(model, parties, terms, m, satisfiable, best, conflicts)
    return result


def _search_sentence(
    model: _Model,
    parties: list[str],
    terms: list[str],
    m: int,
    satisfiable: bool,
    best: int,
    conflicts: pd.DataFrame,
) -> str:
    if not parties:
        return "No parties were chosen, so there is nothing to satisfy; choose at least one party."
    searched = f"Searched all {m:,} packages of {len(terms)} term{'s' if len(terms) != 1 else ''}"
    if satisfiable:
        return (
            f"{searched}: at least one package crosses none of the {len(parties)} parties' red lines "
            "(positions recorded as unknown are not counted)."
        )
    why = " ".join(conflicts["sentence"]) if not conflicts.empty else ""
    return (
        f"{searched}: no package meets every party's requirements; the best leaves "
        f"{best} of {len(parties)} parties with no red line crossed. "
        + (f"Every package crosses a red line because: {why}" if why else "")
    ).strip()


def search_packages(
    *,
    top: int = 10,
    parties: str | Iterable[str] | None = None,
    terms: str | Iterable[str] | None = None,
    as_of: Any = None,
    path: _PathLike = None,
) -> pd.DataFrame:
    """Enumerate every package of ``terms`` and rank them.

    Packages are ranked by the number of parties with no red line crossed,
    then by the total number of stated positions met, then by the fewest red
    lines crossed and the fewest terms.

    Parameters
    ----------
    top : int
        How many packages to return (default 10).
    parties : str or iterable of str, optional
        The parties that count (default: all).
    terms : str or iterable of str, optional
        The terms to combine (default: every term in terms.csv; at most
        ``MAX_SEARCH_TERMS``).
    as_of, path
        As in :func:`evaluate_package`.

    Returns
    -------
    pandas.DataFrame
        ``rank``, ``term_ids`` (list), ``terms`` (labels), ``n_terms``,
        ``parties_acceptable``, ``parties_total``, ``acceptable_to`` and
        ``not_acceptable_to`` (lists of party ids), ``requirements_met``,
        ``red_lines_crossed``, ``satisfies_all``. ``result.attrs`` holds
        ``no_package_satisfies_all`` (bool), ``sentence`` (the result in
        words, naming the conflicting terms) and ``packages_searched``.
    """
    model = _load_model(path=path, as_of=as_of)
    party_ids = _check_parties(model, parties)
    term_ids = _check_terms(model, terms) if terms is not None else list(model.term_ids)
    return _search(model, party_ids, term_ids, top)


def no_package_satisfies_all(
    *,
    parties: str | Iterable[str] | None = None,
    terms: str | Iterable[str] | None = None,
    as_of: Any = None,
    path: _PathLike = None,
) -> bool:
    """Return True when every possible package crosses some party's red line.

    Equivalent to :func:`red_line_conflicts` being non-empty; with no parties
    chosen there is nothing to satisfy and the answer is False.
    """
    model = _load_model(path=path, as_of=as_of)
    party_ids = _check_parties(model, parties)
    term_ids = _check_terms(model, terms) if terms is not None else list(model.term_ids)
    return bool(party_ids) and not _conflicts(model, party_ids, term_ids).empty


# ---------------------------------------------------------------------------
# Widget
# ---------------------------------------------------------------------------

def negotiation_widget(*, as_of: Any = None, path: _PathLike = None) -> Any:
    """Tick deal terms and see, party by party, which stated positions the package meets or crosses.

    Parameters
    ----------
    as_of : date-like, optional
        Start with the positions known on this date (only used when
        positions.csv has an ``as_of`` column).
    path : str or Path, optional
        A datasets folder (default: the kit's own).

    Returns
    -------
    peacekit.widgets.negotiation.NegotiationWidget
        A :class:`peacekit.widgets.Panel` (an ``ipywidgets.VBox``) with two
        dicts, so notebooks, tests and benchmarks can drive it:

        ``controls``
            ``"term:<term_id>"`` — one ``Checkbox`` per deal term (description =
            the term's label, tooltip = its description);
            ``"parties"`` — a ``SelectMultiple`` of parties shown (default all);
            ``"search"`` — the "Search packages" ``Button``;
            ``"clear"`` — a ``Button`` that unticks every term;
            ``"as_of"`` — a ``Dropdown`` of dates (only when positions.csv has
            an ``as_of`` column).
        ``views``
            ``"summary"`` — ``HTML``: the package and how many parties accept it;
            ``"parties"`` — ``HTML``: per party, each stated position with ✓ ✗ ?
            and words, and its evidence;
            ``"search"`` — ``HTML``: the best packages, or why none satisfies all.
    """
    from peacekit.widgets.negotiation import NegotiationWidget

    return NegotiationWidget(as_of=as_of, path=path)
