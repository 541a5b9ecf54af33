"""Checks for lesson 06, "Evidence and precedent".

6.1  a verdict for each given claim (supported, contradicted, partly supported,
     not checkable) with the ids of the timeline rows or figures that bear on
     it — checked for form only: the ids exist, the label is allowed, a
     checkable verdict names evidence, and where the kit links the claim to
     timeline events at least one of them is among the evidence. The check
     does not grade the verdict itself: that is judgement, for discussion.
6.2  the scale of a claimed sum against every figure in US$ billion
     (ratios computed from figures.csv at check time)
6.3  precedent claims per source, and how many of them the kit can check
     against a timeline row

Expected answers are computed from the datasets at check time; the claims and
the claimed sum come from the check call's context.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

import pandas as pd

from peacekit._values import friendly_type, is_missing, safe_repr
from peacekit.checks.core import NotYet, exercise, need_frame, reworded

__all__ = ["LABELS", "USD_BN", "precedent_table", "scale_table"]

#: The verdicts a student may give in exercise 6.1.
LABELS = ("supported", "contradicted", "partly supported", "not checkable")
#: The unit of the figures compared in exercise 6.2 (as written in figures.csv).
USD_BN = "USD billion"
_NUMBER = re.compile(r"^\s*-?\d+(\.\d+)?\s*$")


def _data() -> Any:
    from peacekit import data

    return data


def _evidence_list(value: object) -> list[str]:
    """Evidence as a list of ids: a list, or one text with ids separated by ';' or ','."""
    if value is Ellipsis or is_missing(value):
        return []
    if isinstance(value, str):
        return [v.strip() for v in re.split(r"[;,]", value) if v.strip()]
    if isinstance(value, (list, tuple, set, frozenset, pd.Series)):
        items = list(value)
        if not all(isinstance(v, str) for v in items):
            raise NotYet("write each evidence id as text, e.g. [\"<event_id>\", \"<figure_id>\"].")
        return [v.strip() for v in items if v.strip()]
    raise NotYet(f"evidence should be a list of ids or one text like \"id-1; id-2\"; got a {friendly_type(value)}.")


# ---------------------------------------------------------------- 6.1
@exercise(
    "6.1",
    what=(
        "the form of your verdicts, not the verdicts: one row per claim asked about; every label allowed; every "
        "evidence id exists in pk.timeline() or pk.figures(); a checkable verdict names evidence, including a "
        "timeline event the kit links to the claim when there is one. Defend the verdicts in discussion"
    ),
    hints=[
        "One row per claim: verdicts = pd.DataFrame({\"claim_id\": [...], \"label\": [...], \"evidence\": [...]}). "
        "Each evidence entry is a list of event_ids or figure_ids, e.g. [\"<event_id>\", \"<figure_id>\"].",
        "Start with pk.claim_events(): it shows which timeline rows the kit links to each claim. Read those rows, "
        "then look for others (pk.timeline(), pk.figures()) that bear on the claim.",
        "A claim about something the kit has no row or figure for (a press report the timeline does not "
        "record, say) is \"not checkable\" with the kit's data: give an empty list as its evidence.",
    ],
)
def _verdicts(answer: object, **context: Any) -> None:
    data = _data()
    claims = data.claims()
    asked = context.get("claims")
    known_claims = set(claims["claim_id"].astype(str))
    if isinstance(asked, str):
        asked = [asked]
    if not isinstance(asked, (list, tuple)) or not asked or not all(str(a) in known_claims for a in asked):
        raise NotYet("the check cell should pass the claims asked about: claims=[...] as in the notebook.")
    asked = [str(a) for a in asked]
    if isinstance(answer, Mapping):
        raise NotYet(
            "give a table (a DataFrame) with the columns claim_id, label and evidence, one row per claim; "
            "you gave a dictionary (pd.DataFrame(rows) turns a list of dictionaries into a table)."
        )
    if not isinstance(answer, pd.DataFrame):
        raise NotYet(f"give a table (a DataFrame) with the columns claim_id, label and evidence; you gave a {friendly_type(answer)}.")
    missing = [c for c in ("claim_id", "label", "evidence") if c not in answer.columns]
    if missing:
        raise NotYet(f"your table has no column {missing[0]!r}; it needs claim_id, label and evidence.")
    got_ids = [str(c).strip() for c in answer["claim_id"].tolist()]
    if len(set(got_ids)) != len(got_ids):
        raise NotYet("a claim appears more than once; give one row (one verdict) per claim.")
    extra = sorted(set(got_ids) - set(asked))
    if extra:
        raise NotYet(f"{safe_repr(extra[0])} is not one of the claims asked about.")
    lost = [a for a in asked if a not in got_ids]
    if lost:
        raise NotYet(f"{lost[0]} has no row yet; give a verdict for every claim in the list.")
    events = set(data.timeline()["event_id"].astype(str))
    figures = set(data.figures()["figure_id"].astype(str))
    links = data.claim_events()
    for cid, label, evidence in zip(got_ids, answer["label"].tolist(), answer["evidence"].tolist()):
        if label is Ellipsis or evidence is Ellipsis:
            raise NotYet(f"replace the ... in the row of {cid}.")
        if not isinstance(label, str) or label.strip().lower() not in LABELS:
            raise NotYet(f"the label of {cid} is {safe_repr(label)}; use one of: {', '.join(LABELS)}.")
        with reworded(before=f"{cid}: "):
            items = _evidence_list(evidence)
        unknown = [i for i in items if i not in events and i not in figures]
        if unknown:
            raise NotYet(
                f"{safe_repr(unknown[0])} (evidence for {cid}) is neither an event_id in pk.timeline() nor a "
                "figure_id in pk.figures(); copy ids from those tables."
            )
        if label.strip().lower() == "not checkable":
            continue
        if not items:
            raise NotYet(f"{cid} is labelled {label.strip()!r} but names no evidence; give the rows that support your verdict.")
        linked = set(links.loc[links["claim_id"] == cid, "event_id"].astype(str))
        if linked and not (linked & set(items)):
            raise NotYet(
                f"the kit links {cid} to {', '.join(sorted(linked))}; read that row and include it in the evidence "
                "(whatever your verdict)."
            )


# ---------------------------------------------------------------- 6.2
def scale_table(claimed: float) -> pd.DataFrame:
    """The claimed sum divided by every figure whose unit is US$ billion.

    Parameters
    ----------
    claimed : float
        The claimed sum, in US$ billion.

    Returns
    -------
    pandas.DataFrame
        ``figure_id, value`` (float) ``, ratio`` (claimed / value), in
        figures.csv order.
    """
    f = _data().figures()
    usd = f[f["unit"].astype(str) == USD_BN]
    usd = usd[usd["value"].astype(str).str.match(_NUMBER)]
    out = pd.DataFrame(
        {"figure_id": usd["figure_id"].astype(str).to_numpy(), "value": usd["value"].astype(float).to_numpy()}
    )
    out["ratio"] = claimed / out["value"]
    return out


def _need_usd_only(answer: object) -> None:
    """NotYet naming a figure of the answer that is not in US$ billion, if there is one."""
    if isinstance(answer, pd.DataFrame) and "figure_id" in answer.columns:
        f = _data().figures().set_index("figure_id")
        for fid in answer["figure_id"].astype(str):
            if fid in f.index and str(f.at[fid, "unit"]) != USD_BN:
                raise NotYet(f"{fid} is measured in {f.at[fid, 'unit']}, not US$ billion; compare like with like.")


@exercise(
    "6.2",
    what=(
        "your table has one row for every figure in pk.figures() whose unit is \"USD billion\", and each ratio "
        "equals the claimed sum divided by that figure's value (within 0.1%), computed now from figures.csv"
    ),
    hints=[
        "Keep the figures whose unit is \"USD billion\": usd = f[f[\"unit\"] == \"USD billion\"].copy().",
        "The value column is text (some figures hold two numbers); turn it into numbers with "
        "usd[\"value\"] = pd.to_numeric(usd[\"value\"]).",
        "usd[\"ratio\"] = claimed / usd[\"value\"]; answer = usd[[\"figure_id\", \"value\", \"ratio\"]].",
    ],
)
def _scale(answer: object, **context: Any) -> None:
    claimed = context.get("claimed")
    if isinstance(claimed, bool) or not isinstance(claimed, (int, float)) or claimed <= 0:
        raise NotYet("the check cell should pass the claimed sum: claimed=... (in US$ billion), as in the notebook.")
    expected = scale_table(float(claimed))
    if isinstance(answer, pd.Series):
        raise NotYet(
            "you gave one column (a Series); give the table usd[[\"figure_id\", \"value\", \"ratio\"]] "
            "(double square brackets keep a table)."
        )
    if isinstance(answer, pd.DataFrame) and answer.empty:
        raise NotYet(
            "your table is empty: the filter matched no figures. Check the spelling of the unit — it is "
            "\"USD billion\" (pk.figures()[\"unit\"].unique() lists the units)."
        )
    try:
        table = need_frame(answer, expected, key="figure_id", columns=["figure_id"])
    except NotYet:
        _need_usd_only(answer)
        raise
    if "ratio" not in table.columns:
        raise NotYet("your table has no column 'ratio'.")
    got = dict(zip(table["figure_id"].astype(str), table["ratio"]))
    for fid, want in zip(expected["figure_id"], expected["ratio"]):
        value = got[fid]
        try:
            x = float(value)
        except (TypeError, ValueError):
            raise NotYet(f"the ratio for {fid} should be a number; it is {safe_repr(value)}.")
        if x != x or abs(x - want) > 1e-3 * abs(want):
            if abs(x * want - 1) < 1e-3 or (x and abs(1 / x - want) <= 1e-3 * abs(want)):
                raise NotYet(f"the ratio for {fid} is upside down: divide the claimed sum by the figure (claimed / value).")
            raise NotYet(f"the ratio for {fid} is {x:.4g}; the claimed sum divided by its value gives {want:.4g}.")


# ---------------------------------------------------------------- 6.3
_PRECEDENT_COLUMNS = ["source_id", "n_precedent", "n_linked"]


def precedent_table() -> pd.DataFrame:
    """Per source: claims whose evidence_type is 'precedent', and how many link to a timeline event."""
    data = _data()
    claims = data.claims()
    prec = claims[claims["evidence_type"].astype(str) == "precedent"]
    linked_ids = set(data.claim_events()["claim_id"].astype(str))
    rows = []
    for source, group in prec.groupby("source_id", sort=True):
        ids = group["claim_id"].astype(str)
        rows.append({"source_id": str(source), "n_precedent": int(len(ids)), "n_linked": int(ids.isin(linked_ids).sum())})
    return pd.DataFrame(rows, columns=_PRECEDENT_COLUMNS)


@exercise(
    "6.3",
    what=(
        "for every source with at least one precedent claim (evidence_type \"precedent\" in pk.claims()), your "
        "n_precedent counts those claims and n_linked counts the ones pk.claim_events() links to a timeline event"
    ),
    hints=[
        "prec = claims[claims[\"evidence_type\"] == \"precedent\"] keeps the precedent claims.",
        "A claim is linked when its claim_id appears in pk.claim_events(): "
        "prec[\"linked\"] = prec[\"claim_id\"].isin(pk.claim_events()[\"claim_id\"]).",
        "prec.groupby(\"source_id\").agg(n_precedent=(\"claim_id\", \"size\"), n_linked=(\"linked\", \"sum\")).reset_index()",
    ],
)
def _precedents(answer: object, **context: Any) -> None:
    frame = answer
    if isinstance(frame, pd.Series):
        raise NotYet(
            "you gave one column of counts (a Series, what .value_counts() or .size() gives); the question asks "
            "for a table with two counts per source: prec.groupby(\"source_id\").agg(n_precedent=..., "
            "n_linked=...).reset_index()."
        )
    if isinstance(frame, pd.DataFrame) and "source_id" not in frame.columns and frame.index.name == "source_id":
        frame = frame.reset_index()
    if isinstance(frame, pd.DataFrame) and frame.empty:
        raise NotYet(
            "your table is empty: the filter matched no claims. Check the spelling of the evidence type — it is "
            "\"precedent\" (pk.claims()[\"evidence_type\"].unique() lists the values)."
        )
    expected = precedent_table()
    if isinstance(frame, pd.DataFrame) and {"source_id", "n_precedent"} <= set(frame.columns):
        got = dict(zip(frame["source_id"].astype(str), frame["n_precedent"].tolist()))
        claims = _data().claims()
        all_counts = claims.groupby("source_id").size()
        if got and all(str(k) in all_counts.index and v == all_counts[k] for k, v in got.items()):
            raise NotYet("n_precedent counts every claim of the source; keep only the claims whose evidence_type is \"precedent\".")
    try:
        need_frame(frame, expected, key="source_id", columns=_PRECEDENT_COLUMNS)
    except NotYet as exc:
        if "values differ" in exc.sentence:
            raise NotYet(
                "the sources are right but some counts differ: n_precedent is the number of precedent claims, "
                "n_linked the number of those whose claim_id is in pk.claim_events()."
            ) from None
        raise
