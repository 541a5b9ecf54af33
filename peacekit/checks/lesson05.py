"""Checks for lesson 05, "Claims side by side".

5.1  an agreement table per theme from the stance matrix: how many sources take
     a stance, the mean and range of their mean stances, and the share of
     source pairs on the same side
5.2  two sources that agree on a reported fact but disagree on the policy it
     implies: two pairs of claim_ids, checked structurally
5.3  each source's gaps: the themes on which it makes no claim at all

Expected answers are computed from pk.stance_matrix() and pk.claims() at
check time. No source_id, claim_id or theme_id is written here.
"""

from __future__ import annotations

import itertools
from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from peacekit._values import friendly_type, safe_repr, unknown_id_sentence
from peacekit.checks.core import NotYet, exercise

__all__ = ["AGREEMENT_COLUMNS", "agreement_table", "gap_themes", "same_sign_share"]

AGREEMENT_COLUMNS = ["theme_id", "n_sources", "mean_stance", "stance_range", "same_sign_share"]
_POLICY_TYPES = {"policy", "value"}
_TOLERANCE = 1e-6


def _matrix() -> pd.DataFrame:
    from peacekit.matrix import stance_matrix

    return stance_matrix()


def _claims() -> pd.DataFrame:
    from peacekit import data

    return data.claims()


def _claim_events() -> pd.DataFrame:
    from peacekit import data

    return data.claim_events()


def same_sign_share(values: pd.Series) -> float:
    """Share of pairs of values on the same side of 0 (both >0, both <0 or both 0).

    Returns NaN when there are fewer than two values.
    """
    signs = np.sign(pd.Series(values, dtype="float64").dropna().to_numpy())
    pairs = list(itertools.combinations(signs, 2))
    if not pairs:
        return float("nan")
    return sum(1 for a, b in pairs if a == b) / len(pairs)


def agreement_table() -> pd.DataFrame:
    """One row per theme that at least one source takes a stance on.

    Returns
    -------
    pandas.DataFrame
        ``theme_id, n_sources`` (sources whose mean stance is coded) ``,
        mean_stance`` (mean of those sources' means) ``, stance_range``
        (largest minus smallest) ``, same_sign_share`` (see
        :func:`same_sign_share`; NaN with one source).
    """
    m = _matrix()
    coded = m[m["mean_stance"].notna()].copy()
    coded["mean_stance"] = coded["mean_stance"].astype("float64")
    rows = []
    for theme, group in coded.groupby("theme_id", sort=True):
        s = group["mean_stance"]
        rows.append(
            {
                "theme_id": str(theme),
                "n_sources": int(len(s)),
                "mean_stance": float(s.mean()),
                "stance_range": float(s.max() - s.min()),
                "same_sign_share": same_sign_share(s),
            }
        )
    return pd.DataFrame(rows, columns=AGREEMENT_COLUMNS)


def gap_themes() -> dict[str, list[str]]:
    """For each source, the themes it makes no claim on ("not addressed" cells)."""
    m = _matrix()
    gaps: dict[str, list[str]] = {str(s): [] for s in m["source_id"].unique()}
    missing = m[m["n_claims"] == 0]
    for s, t in zip(missing["source_id"], missing["theme_id"]):
        gaps[str(s)].append(str(t))
    return gaps


def _count(n: int, one: str, many: str) -> str:
    """``"1 theme is"`` / ``"3 themes are"``: a number with the right word form."""
    return f"{n} {one if n == 1 else many}"


def _missing(value: object) -> bool:
    try:
        # An empty list-like is not missing. bool() of the empty array pd.isna returns raises
        # ValueError on numpy >= 2.2 but only warns (DeprecationWarning) before: test its size first.
        missing = pd.isna(value)
        return bool(missing) if np.size(missing) else False
    except (TypeError, ValueError):
        return False


def _same(a: object, b: float) -> bool:
    """True when ``a`` equals ``b`` within the tolerance (NaN, None and pd.NA all count as missing)."""
    if _missing(b):
        return _missing(a)
    if _missing(a) or isinstance(a, bool):
        return False
    try:
        x = float(a)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return False
    return abs(x - b) <= _TOLERANCE


# ---------------------------------------------------------------- 5.1
@exercise(
    "5.1",
    what=(
        "your table has one row per theme with at least one coded mean stance in pk.stance_matrix(), and its "
        "n_sources, mean_stance, stance_range and same_sign_share equal the kit's recomputation (to 6 decimals)"
    ),
    hints=[
        "Start from the cells that have a mean stance: coded = m[m[\"mean_stance\"].notna()]. "
        "Then group by theme: coded.groupby(\"theme_id\").",
        ".agg(n_sources=(\"source_id\", \"size\"), mean_stance=(\"mean_stance\", \"mean\"), "
        "stance_range=(\"mean_stance\", stance_range), same_sign_share=(\"mean_stance\", same_sign_share)) "
        "— the two functions are given.",
        "Finish with .reset_index() so theme_id is a column, not the index.",
    ],
)
def _agreement(answer: object, **context: Any) -> None:
    if isinstance(answer, pd.Series):
        raise NotYet("you gave one column (a Series); give the whole table (a DataFrame).")
    if not isinstance(answer, pd.DataFrame):
        raise NotYet(f"give a table (a DataFrame) with columns {', '.join(AGREEMENT_COLUMNS)}; you gave a {friendly_type(answer)}.")
    frame = answer
    if "theme_id" not in frame.columns and frame.index.name == "theme_id":
        frame = frame.reset_index()
    missing = [c for c in AGREEMENT_COLUMNS if c not in frame.columns]
    if missing:
        raise NotYet(f"your table has no column {missing[0]!r}; it needs {', '.join(AGREEMENT_COLUMNS)}.")
    expected = agreement_table().set_index("theme_id")
    got_ids = [str(t) for t in frame["theme_id"].tolist()]
    if len(set(got_ids)) != len(got_ids):
        raise NotYet("a theme appears more than once; group by theme_id so each theme has one row.")
    extra = sorted(set(got_ids) - set(expected.index))
    if extra:
        m = _matrix()
        if extra[0] in set(m["theme_id"].astype(str)):
            raise NotYet(
                f"{safe_repr(extra[0])} has no coded mean stance in any source; keep only the cells whose "
                "mean_stance is not missing (status \"coded\")."
            )
        raise NotYet(f"{safe_repr(extra[0])} is not a theme_id.")
    lost = sorted(set(expected.index) - set(got_ids))
    if lost:
        raise NotYet(
            f"{_count(len(lost), 'theme is', 'themes are')} missing, e.g. {lost[0]!r}; "
            "keep every theme that has a coded mean stance."
        )
    got = frame.set_index(frame["theme_id"].astype(str))
    if any(int(got.at[t, "n_sources"]) != int(expected.at[t, "n_sources"]) for t in expected.index):
        m = _matrix()
        addressed = m[m["n_claims"] > 0].groupby("theme_id").size()
        if all(int(got.at[t, "n_sources"]) == int(addressed.get(t, 0)) for t in expected.index):
            raise NotYet(
                "n_sources counts sources with any claim; count only sources whose mean stance is coded "
                "(a source with only descriptive claims has no stance to compare)."
            )
        raise NotYet("some n_sources are wrong; count the coded cells of each theme (\"size\").")
    for column in ("mean_stance", "stance_range", "same_sign_share"):
        for t in expected.index:
            if not _same(got.at[t, column], float(expected.at[t, column])):
                raise NotYet(
                    f"{column} for {t} is {safe_repr(got.at[t, column])}, but the kit computes "
                    f"{float(expected.at[t, column]):.3g}; check how you aggregate that column."
                )


# ---------------------------------------------------------------- 5.2
def _two_ids(value: object, *, what: str) -> list[str]:
    if value is Ellipsis or value is None:
        raise NotYet(f"replace the ... in {what} with two claim_ids.")
    if isinstance(value, str) or not isinstance(value, (list, tuple, set, frozenset, pd.Series)):
        raise NotYet(f"{what} should hold two claim_ids, like (\"C0..\", \"C0..\"); you gave {safe_repr(value)}.")
    items = list(value)
    if len(items) != 2:
        raise NotYet(f"{what} should hold exactly two claim_ids; it holds {len(items)}.")
    if not all(isinstance(i, str) for i in items):
        raise NotYet(f"write the claim_ids in {what} as text, like \"C041\".")
    items = [i.strip() for i in items]
    if items[0] == items[1]:
        raise NotYet(f"{what} names the same claim twice; give two different claims.")
    return items


def _sign(value: object) -> int:
    if value is None or pd.isna(value):
        return 0
    return int(np.sign(float(value)))


@exercise(
    "5.2",
    what=(
        "your two 'agree' claims come from two different sources, are on the same theme, report the same speaker "
        "or are linked to the same timeline event, and do not take opposite sides; your two 'disagree' claims "
        "are policy or value claims on that theme, one from each of those sources, with stances of opposite "
        "sign (whether the framing really differs is for your discussion)"
    ),
    hints=[
        "Lesson 05, section 2, shows one case: two sources report the same statement by the same reported "
        "speaker on one theme. Those two claims are your 'agree' pair.",
        "Now find, in the same two sources and on the same theme, one policy or value claim each whose stances "
        "have opposite signs: keep the rows of those two sources whose claim_type is \"policy\" or \"value\".",
        "Other pairs work too: look in pk.claim_events() for claims of two sources linked to the same timeline "
        "event on one theme.",
    ],
)
def _agree_then_disagree(answer: object, **context: Any) -> None:
    if not isinstance(answer, Mapping):
        raise NotYet(
            "give a dictionary with two entries: {\"agree\": (\"C0..\", \"C0..\"), \"disagree\": (\"C0..\", \"C0..\")}; "
            f"you gave a {friendly_type(answer)}."
        )
    for key in ("agree", "disagree"):
        if key not in answer:
            others = [safe_repr(k) for k in answer if k not in ("agree", "disagree")]
            instead = f" (it has {', '.join(others)})" if others else ""
            raise NotYet(
                f"your dictionary has no key {key!r}{instead}; the keys must be written exactly "
                "\"agree\" and \"disagree\"."
            )
    agree = _two_ids(answer.get("agree"), what="\"agree\"")
    disagree = _two_ids(answer.get("disagree"), what="\"disagree\"")
    claims = _claims().set_index("claim_id")
    known = set(claims.index.astype(str))
    for cid in agree + disagree:
        if cid not in known:
            raise NotYet(unknown_id_sentence(cid, known, kind="claim_id"))
    a, b = (claims.loc[c] for c in agree)
    if a["source_id"] == b["source_id"]:
        raise NotYet("the two 'agree' claims come from the same source; take one from each of two sources.")
    if a["theme_id"] != b["theme_id"]:
        raise NotYet(f"the two 'agree' claims are on different themes ({a['theme_id']}, {b['theme_id']}); pick two on one theme.")
    links = _claim_events()
    events_a = set(links.loc[links["claim_id"] == agree[0], "event_id"].astype(str))
    events_b = set(links.loc[links["claim_id"] == agree[1], "event_id"].astype(str))
    same_speaker = str(a["speaker"]) == str(b["speaker"]) and str(a["speaker_role"]) == "reported"
    if not (same_speaker or (events_a & events_b)):
        raise NotYet(
            "the two 'agree' claims should report the same thing: the same reported speaker (speaker column) "
            "or a link to the same timeline event (pk.claim_events())."
        )
    if _sign(a["stance"]) * _sign(b["stance"]) < 0:
        raise NotYet("the two 'agree' claims take opposite sides; for the 'agree' pair choose claims that report the same thing.")
    theme = a["theme_id"]
    sources = {a["source_id"], b["source_id"]}
    c, d = (claims.loc[x] for x in disagree)
    if {c["source_id"], d["source_id"]} != sources:
        raise NotYet(
            f"the 'disagree' claims should be one from each of the same two sources ({', '.join(sorted(sources))})."
        )
    for cid, row in zip(disagree, (c, d)):
        if row["theme_id"] != theme:
            raise NotYet(f"{cid} is on {row['theme_id']}, not on {theme}; the disagreement should be about the same theme.")
        if str(row["claim_type"]) not in _POLICY_TYPES:
            raise NotYet(f"{cid} is a {row['claim_type']} claim; the 'disagree' pair should be policy or value claims.")
        if pd.isna(row["stance"]):
            raise NotYet(f"{cid} has no coded stance; pick claims that take a side.")
    if _sign(c["stance"]) * _sign(d["stance"]) >= 0:
        raise NotYet(
            f"{disagree[0]} ({int(c['stance']):+d}) and {disagree[1]} ({int(d['stance']):+d}) are not on opposite "
            "sides; one stance should be above 0 and the other below."
        )


# ---------------------------------------------------------------- 5.3
@exercise(
    "5.3",
    what=(
        "for every source, your list of themes is exactly the themes on which pk.stance_matrix() shows it makes "
        "no claim at all (status \"not addressed\"); themes with only descriptive claims are not gaps"
    ),
    hints=[
        "The gaps are the rows of pk.stance_matrix() whose status is \"not addressed\".",
        "gaps = m[m[\"status\"] == \"not addressed\"].groupby(\"source_id\")[\"theme_id\"].apply(list) gives one list "
        "per source.",
        "Turn it into a dictionary with .to_dict(): {source_id: [theme_id, ...]}.",
    ],
)
def _gaps(answer: object, **context: Any) -> None:
    if isinstance(answer, pd.Series):
        answer = answer.to_dict()
    if not isinstance(answer, Mapping):
        raise NotYet(f"give a dictionary {{source_id: [theme_id, ...]}} (Series.to_dict()); you gave a {friendly_type(answer)}.")
    expected = gap_themes()
    if not answer:
        raise NotYet(
            "your dictionary is empty: the filter matched no rows. Check the spelling of the status value — "
            "it is \"not addressed\" (pk.stance_matrix()[\"status\"].unique() lists the values)."
        )
    got: dict[str, set[str]] = {}
    for key, value in answer.items():
        if not isinstance(key, str) or key not in expected:
            raise NotYet(f"{safe_repr(key)} is not a source_id; the keys should be source_ids.")
        if isinstance(value, str):  # the type first: one piece of text is not a list
            raise NotYet(f"the value for {key} should be a list of theme_ids, like [\"...\"]; you gave one piece of "
                    f"text ({safe_repr(value)}).")
        if isinstance(value, (pd.Series, np.ndarray)):
            value = list(value)
        if isinstance(value, (int, float, np.integer, np.floating)) and not isinstance(value, bool):
            raise NotYet(
                f"the value for {key} is a number ({safe_repr(value)}), a count of its gaps; the question asks "
                "for the list of its theme_ids: use [\"theme_id\"].apply(list), not .size() or .value_counts()."
            )
        if not isinstance(value, (list, tuple, set, frozenset)):
            raise NotYet(f"the value for {key} should be a list of theme_ids; you gave a {friendly_type(value)}.")
        not_text = [v for v in value if not isinstance(v, str)]
        if not_text:
            raise NotYet(f"the list for {key} should hold theme_ids written as text; {safe_repr(not_text[0])} is a "
                    f"{friendly_type(not_text[0])}.")
        got[key] = {str(v) for v in value}
    m = _matrix()
    no_stance = m[m["status"] == "no stance"]
    for source, themes in expected.items():
        have = got.get(source, set())
        want = set(themes)
        if have == want:
            continue
        extra = sorted(have - want)
        if extra:
            if ((no_stance["source_id"] == source) & (no_stance["theme_id"] == extra[0])).any():
                raise NotYet(
                    f"{source} does make claims on {extra[0]}, only without a stance (status \"no stance\"); "
                    "a gap is a theme with no claim at all."
                )
            raise NotYet(f"{source} makes claims on {extra[0]}, so it is not a gap.")
        if source not in got:
            raise NotYet(f"{source} is missing from your dictionary.")
        raise NotYet(f"{source}'s list is missing {_count(len(want - have), 'gap', 'gaps')}.")
