"""Corroboration: a party's own words beside what other texts say about it.

:func:`corroborate` returns both sides as one DataFrame; :func:`corroborate_widget`
shows them as two columns of claim cards, one theme at a time
(:class:`peacekit.widgets.corroboration.CorroborateWidget`).

The matching rule
-----------------
For a party ``P`` (a ``party_id`` of ``parties.csv``) and a theme ``T``:

**Own words** (``side == "own words"``)
    every claim on ``T`` from a source whose ``kind`` is ``primary`` and
    whose ``party_id`` is ``P`` — the party's own document.

**Account** (``side == "account"``)
    every claim on ``T`` from a source that is **not** one of ``P``'s own
    primary documents (commentary, news, or another party's document) when

    1. its speaker is the party: the claim's ``speaker`` is written exactly as
       the party's ``label`` in ``parties.csv`` or as its ``party_id``
       (capitals and spaces at the ends ignored) — a text reporting what
       the party says; or
    2. a row of ``positions.csv`` for ``P`` cites the claim (``claim_id``) as
       evidence of the party's position — the coders judged that the claim
       tells us what ``P`` wants, whoever speaks in it (a reported minister,
       the author's own summary of the party's demand).

The ``match`` column says which rule matched each claim (both when both
did). Nothing here guesses from the words of a quote: a claim the coders
did not tie to the party in one of these two ways is not shown.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from peacekit import sidebyside as _sidebyside
from peacekit._values import text, unknown_ids_sentence
from peacekit.case import Case, PathLike
from peacekit.style import plural, stance_label

if TYPE_CHECKING:
    from peacekit.widgets.corroboration import CorroborateWidget

__all__ = ["corroborate", "corroborate_widget", "corroboration_summary", "MATCH_RULE", "SIDES", "COLUMNS"]

OWN = "own words"
ACCOUNT = "account"
#: The two sides, in display order.
SIDES: tuple[str, str] = (OWN, ACCOUNT)

MATCH_PRIMARY = "the party's primary document"
MATCH_SPEAKER = "speaker is the party"
MATCH_CITED = "cited as evidence of a position"

#: The matching rule in one paragraph (shown in the widget).
MATCH_RULE = (
    "Own words: the claims on this theme in the party's primary documents (sources.csv: kind = primary, "
    "party_id = the party). Account: claims on this theme in other texts whose speaker is the party "
    "(written as its label in parties.csv), or that a row of positions.csv cites as evidence of the "
    "party's position."
)

# the comparison table's columns (peacekit.sidebyside), between which side a claim is on and why it matched
COLUMNS = ["side", *_sidebyside.COLUMNS, "match"]


class _Parties:
    """Parties, and which claims positions.csv cites for each (read once)."""

    def __init__(self, case: Case) -> None:
        parties = case.table("parties")
        self.ids: list[str] = [str(p) for p in parties["party_id"]]
        self.label: dict[str, str] = {pid: text(lab) or pid for pid, lab in zip(self.ids, parties["label"])}
        self.options: list[tuple[str, str]] = [(self.label[p], p) for p in self.ids]
        positions = case.table("positions")
        cited: dict[str, dict[str, list[str]]] = {}
        for pid, cid, pos_id in zip(positions["party_id"], positions["claim_id"], positions["position_id"]):
            cid = text(cid)
            if cid:
                cited.setdefault(str(pid), {}).setdefault(cid, []).append(str(pos_id))
        self.cited = cited
        self.primary: dict[str, list[str]] = {}
        for sid in case.source_ids:
            if case.source_kind[sid] == "primary" and case.source_party[sid]:
                self.primary.setdefault(case.source_party[sid], []).append(sid)

    def check(self, party_id: Any) -> str:
        """``party_id`` as a string; a ValueError suggests the nearest id when it is unknown."""
        pid = str(party_id)
        if pid not in self.label:
            raise ValueError(unknown_ids_sentence([pid], self.ids, kind="party id"))
        return pid


def _check_theme(case: Case, theme_id: Any) -> str:
    tid = str(theme_id)
    if tid not in case.theme_order:
        raise ValueError(unknown_ids_sentence([tid], case.theme_ids, kind="theme id"))
    return tid


def _frame(case: Case, parties: _Parties, party_id: str, theme_id: str) -> pd.DataFrame:
    claims = case.claims
    on_theme = claims[claims["theme_id"] == theme_id]
    own_sources = set(parties.primary.get(party_id, []))
    is_own = on_theme["source_id"].isin(own_sources).to_numpy(dtype=bool)
    names = {parties.label[party_id].strip().casefold(), party_id.casefold()}
    speaker = np.array([text(s).casefold() for s in on_theme["speaker"].tolist()], dtype=object)
    by_speaker = np.isin(speaker, np.array(sorted(names), dtype=object)) & ~is_own
    cited = parties.cited.get(party_id, {})
    by_citation = on_theme["claim_id"].isin(list(cited)).to_numpy(dtype=bool) & ~is_own
    keep = is_own | by_speaker | by_citation
    frame = on_theme[keep].copy()
    matches = []
    for own, spk, cit, cid in zip(is_own[keep], by_speaker[keep], by_citation[keep], frame["claim_id"].tolist()):
        if own:
            matches.append(MATCH_PRIMARY)
            continue
        why = []
        if spk:
            why.append(MATCH_SPEAKER)
        if cit:
            why.append(f"{MATCH_CITED} ({', '.join(cited[str(cid)])})")
        matches.append("; ".join(why))
    frame["side"] = np.where(is_own[keep], OWN, ACCOUNT)
    frame["match"] = matches
    frame["stance_label"] = [stance_label(s) for s in frame["stance"]]
    frame["_side_order"] = np.where(is_own[keep], 0, 1)
    frame = frame.sort_values(["_side_order", "_source_order", "paragraph", "claim_id"], kind="stable")
    out = frame[COLUMNS].reset_index(drop=True)
    for col in ("side", "stance_label", "match", "source_kind"):
        out[col] = out[col].astype("string")
    return out


def corroborate(party_id: str, theme_id: str, *, path: PathLike = None) -> pd.DataFrame:
    """A party's own words on a theme beside what other texts say about it.

    The plain twin of :func:`corroborate_widget`. The matching rule is in
    the module docstring (``help(peacekit.corroboration)``) and in
    :data:`MATCH_RULE`: **own words** are the claims on the theme in the
    party's primary documents (``sources.csv``: ``kind == "primary"`` and
    ``party_id`` = the party); the **account** is the claims on the theme in
    other texts whose speaker is the party (its ``label`` in
    ``parties.csv``) or that ``positions.csv`` cites as evidence of the
    party's position.

    Parameters
    ----------
    party_id : str
        A ``party_id`` from ``pk.parties()``.
    theme_id : str
        A ``theme_id`` from ``pk.themes()``.
    path : str or path-like, optional
        A datasets folder (default: the shipped one).

    Returns
    -------
    pandas.DataFrame
        One row per claim, own words first, then the account; each side
        in source order (as in ``sources.csv``), then paragraph: ``side``
        (``"own words"`` or ``"account"``), ``claim_id, source_id,
        source_label, source_kind`` (commentary, news, primary; empty when
        not recorded) ``, theme_id, speaker, speaker_role, stance`` (Int64)
        ``, stance_label, claim_type, evidence_type, quote, paraphrase,
        paragraph, match`` (which rule matched: ``"the party's primary
        document"``, ``"speaker is the party"`` and/or ``"cited as
        evidence of a position (P003)"``). Empty (same columns) when neither side has
        a claim; :func:`corroboration_summary` says why in a sentence.

    Raises
    ------
    ValueError
        If the party or the theme is unknown (the message suggests the
        nearest id).

    Examples
    --------
    >>> both = corroborate("russia-gov", "nato-membership")    # doctest: +SKIP
    >>> both[both.side == "own words"].quote                     # doctest: +SKIP
    """
    case = Case(path=path)
    parties = _Parties(case)
    pid = parties.check(party_id)
    tid = _check_theme(case, theme_id)
    return _frame(case, parties, pid, tid)


def _summary(case: Case, parties: _Parties, party_id: str, theme_id: str, frame: pd.DataFrame) -> str:
    party = parties.label[party_id]
    theme = case.theme_label.get(theme_id, theme_id)
    own = int((frame["side"] == OWN).sum())
    account = int((frame["side"] == ACCOUNT).sum())
    n_docs = len(parties.primary.get(party_id, []))
    if n_docs == 0:
        head = (
            f"{party} has no primary document in this dataset (no source with kind = primary and "
            f"party_id = {party_id}), so there are no own words to compare with"
        )
    else:
        n_on = frame.loc[frame["side"] == OWN, "source_id"].nunique()
        docs = plural(n_docs, "primary document")
        if own == 0:
            head = f"{party}'s own words: no claim on “{theme}” in its {docs}"
        else:
            where = f"from its {docs}" if n_on == n_docs else f"from {n_on:,} of its {docs}"
            head = f"{party}'s own words: {plural(own, 'claim')} on “{theme}” {where}"
    if account == 0:
        tail = "the account: no claim on this theme in another text is matched to the party."
    else:
        n_src = frame.loc[frame["side"] == ACCOUNT, "source_id"].nunique()
        tail = f"the account: {plural(account, 'claim')} from {plural(n_src, 'other text')}."
    return f"{head}; {tail}"


def corroboration_summary(party_id: str, theme_id: str, *, path: PathLike = None) -> str:
    """One sentence saying how many claims each side of :func:`corroborate` has, or why one is empty.

    Parameters
    ----------
    party_id, theme_id : str
        As for :func:`corroborate`.
    path : str or path-like, optional
        A datasets folder.

    Returns
    -------
    str
        For example ``"Government A's own words: 1 claim on “Alpha
        question” from its 1 primary document; the account: 3 claims from 2
        other texts."`` (``"from 1 of its 2 primary documents"`` when only
        some of the party's documents speak to the theme).
    """
    case = Case(path=path)
    parties = _Parties(case)
    pid = parties.check(party_id)
    tid = _check_theme(case, theme_id)
    return _summary(case, parties, pid, tid, _frame(case, parties, pid, tid))


def corroborate_widget(party_id: str | None = None, theme_id: str | None = None, *, path: PathLike = None) -> CorroborateWidget:
    """A party's own words beside what other texts say about it, one theme at a time.

    Two columns of claim cards (the cards of :func:`peacekit.compare_widget`):
    on the left the party's primary documents, on the right the claims of
    other texts matched to the party (rule: :data:`MATCH_RULE`), each with
    its kind of text and why it was matched.

    Parameters
    ----------
    party_id : str, optional
        The party shown first (default: the first party with a primary
        document, else the first party).
    theme_id : str, optional
        The theme shown first (default: the first theme).
    path : str or path-like, optional
        A datasets folder (read once, when the widget is created).

    Returns
    -------
    CorroborateWidget
        A :class:`peacekit.widgets.Panel` (an ``ipywidgets.VBox``) with

        ``controls``
            ``"party"`` (Dropdown of party ids), ``"theme"`` (Dropdown of
            theme ids).
        ``views``
            ``"rule"`` (HTML: the matching rule), ``"summary"`` (HTML: one
            sentence, as :func:`corroboration_summary`), ``"columns"``
            (HTML: the two sides as cards, or a sentence).
    """
    from peacekit.widgets.corroboration import CorroborateWidget

    return CorroborateWidget(party_id, theme_id, path=path)
