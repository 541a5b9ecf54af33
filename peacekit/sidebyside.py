"""Claims side by side: what each source says on one theme.

:func:`compare` returns the claims as a DataFrame; :func:`compare_widget`
shows them as cards, one column per source (or per speaker, or per kind of
text: commentary, news, primary), with filters. Both can keep only some kinds
of text (``kinds``), so what the op-eds say about a party can be read beside
what the parties' own documents say; :func:`peacekit.corroborate` pairs one
party's own words with the claims about it.

The widget is :class:`peacekit.widgets.compare.CompareWidget`; its views are
rendered by :mod:`peacekit.widgets.compare_html` from the ``compare_*``
templates, and the cards by :func:`card_html` (``compare_card.html``).

"Only where they disagree"
--------------------------
With ``only_disagreements=True`` a claim is kept only when

1. it takes a side on the theme's proposition (stance +1/+2 = *for*, or
   −1/−2 = *against*; neutral (0) and uncoded claims are dropped), and
2. **another** selected source makes at least one claim on the same theme
   that takes the **opposite** side.

Both conditions are checked among the claims that pass the other filters
(sources, speakers, stances, claim types), so the toggle shows the
disagreements *among what you selected*. Two claims of the same source on
opposite sides do not count: the toggle is about sources disagreeing with
each other.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from peacekit._values import as_list, text
from peacekit.case import ROLE_WORDS, Case, PathLike, records
from peacekit.style import join_words, stance_label, stance_number
from peacekit.templates import Markup, render

if TYPE_CHECKING:
    from peacekit.widgets.compare import CompareWidget

__all__ = ["compare", "compare_widget", "CLAIM_TYPES", "DISAGREEMENT_RULE", "card_html"]

#: The codebook's claim types (a vocabulary, not case data).
CLAIM_TYPES: tuple[str, ...] = ("fact", "cause", "value", "policy", "prediction")

#: The "only where they disagree" rule in one sentence (shown in the widget).
DISAGREEMENT_RULE = (
    "“Only where they disagree” keeps a claim only if it takes a side (for: +1/+2, against: −1/−2) "
    "and another selected source makes a claim on this theme on the opposite side; neutral and "
    "uncoded claims are hidden."
)

COLUMNS = [
    "claim_id",
    "source_id",
    "source_label",
    "source_kind",
    "theme_id",
    "speaker",
    "speaker_role",
    "stance",
    "stance_label",
    "claim_type",
    "evidence_type",
    "quote",
    "paraphrase",
    "paragraph",
]

NOT_CODED = "none"  # the value that selects claims without a stance

#: The claim fields a card shows.
CARD_FIELDS = ["claim_id", "source_label", "speaker", "speaker_role", "stance", "claim_type", "evidence_type",
               "quote", "paraphrase", "paragraph"]

#: At most this many cards are drawn at once (the count line says when more match).
MAX_CARDS = 300


def _stance_key(value: Any) -> int | str:
    """Normalise a requested stance: -2..2, or ``"none"`` for uncoded claims."""
    if value is None or (isinstance(value, str) and value.strip().lower() in ("none", "")):
        return NOT_CODED
    try:
        number = stance_number(value)
    except (TypeError, ValueError):
        number = None
        bad = True
    else:
        bad = number is None
    if bad:
        raise ValueError(f"Unknown stance {value!r}: use -2, -1, 0, 1, 2 or None (no stance).")
    return int(number)  # type: ignore[arg-type]


def card_context(row: Any) -> dict[str, str]:
    """The values a claim card shows, as text (``compare_card.html`` escapes them).

    ``row`` is a claims row (a namedtuple from ``itertuples``, or any object)
    with ``claim_id, source_label, speaker, speaker_role, stance,
    claim_type, evidence_type, quote, paraphrase, paragraph``.
    """
    stance = getattr(row, "stance")
    number = stance_number(stance)
    role = text(getattr(row, "speaker_role"))
    paragraph = getattr(row, "paragraph")
    context = {name: text(getattr(row, name))
               for name in ("claim_id", "source_label", "speaker", "claim_type", "evidence_type", "quote", "paraphrase")}
    context.update(
        stance=NOT_CODED if number is None else str(number),
        stance_label=stance_label(stance),
        role=ROLE_WORDS.get(role, role),
        paragraph=str(int(paragraph)) if text(paragraph) else "",
    )
    return context


def card_html(row: Any) -> Markup:
    """Return one claim as an HTML card (all dataset text escaped).

    ``row`` is a claims row (a namedtuple from ``itertuples``, or any object)
    with ``claim_id, source_label, speaker, speaker_role, stance,
    claim_type, evidence_type, quote, paraphrase, paragraph``. The stance
    is shown as a number, a symbol and words, and as the colour of the
    card's bar (``data-stance``, styled in :data:`peacekit.style.CSS_COMPARE`).
    """
    return render("compare_card.html", **card_context(row))


class _Comparer:
    """Claims of a corpus indexed by theme, for fast filtering (numpy, no pandas per click).

    Cards are rendered on first use and kept, so a theme is slow at most once.
    """

    def __init__(self, case: Case) -> None:
        self.case = case
        claims = case.claims.sort_values(
            ["_source_order", "paragraph", "claim_id"], kind="stable"
        ).reset_index(drop=True)
        claims["stance_label"] = pd.array([stance_label(s) for s in claims["stance"]], dtype="string")
        self.claims = claims
        self.source = np.array([str(x) for x in claims["source_id"].tolist()], dtype=object)
        self.speaker = np.array([text(x) for x in claims["speaker"].tolist()], dtype=object)
        self.claim_type = np.array([text(x) for x in claims["claim_type"].tolist()], dtype=object)
        self.kind = np.array([text(x) for x in claims["source_kind"].tolist()], dtype=object)
        # each text column also as integer codes, so a filter is a table look-up, not a string comparison
        self._codes = {name: _Codes(getattr(self, name)) for name in ("source", "speaker", "claim_type", "kind")}
        stance = claims["stance"].astype("Float64").to_numpy(dtype="float64", na_value=np.nan)
        self.stance = stance
        self.sign = np.sign(np.nan_to_num(stance, nan=0.0)).astype(np.int8)
        self.speakers: list[str] = sorted({x for x in self.speaker if x}, key=str.casefold)
        self._speaker_set = set(self.speakers)
        themes = np.array([str(x) for x in claims["theme_id"].tolist()], dtype=object)
        self.by_theme: dict[str, np.ndarray] = {}
        for tid in dict.fromkeys(themes.tolist()):
            self.by_theme[tid] = np.flatnonzero(themes == tid)
        self._records: list[Any] | None = None
        self._cards: dict[int, Markup] = {}

    def card(self, i: int) -> Markup:
        """The HTML card of claim row ``i`` (rendered once)."""
        html = self._cards.get(i)
        if html is None:
            if self._records is None:
                self._records = records(self.claims, CARD_FIELDS)
            html = self._cards[i] = card_html(self._records[i])
        return html

    def theme_rows(self, theme_id: str) -> np.ndarray:
        """Row numbers of a theme's claims (in display order)."""
        return self.by_theme.get(theme_id, np.empty(0, dtype=np.intp))

    def select(
        self,
        theme_id: str,
        *,
        sources: Any = None,
        speakers: Any = None,
        stances: Any = None,
        claim_types: Any = None,
        kinds: Any = None,
        only_disagreements: bool = False,
    ) -> np.ndarray:
        """Row numbers of the shown claims (arguments already checked)."""
        rows = self.theme_rows(theme_id)
        if len(rows) == 0:
            return rows
        keep = np.ones(len(rows), dtype=bool)
        for name, wanted in (("source", sources), ("speaker", speakers), ("claim_type", claim_types),
                             ("kind", kinds)):
            if wanted is not None:
                keep &= self._codes[name].isin(rows, wanted)
        if stances is not None:
            keys = set(stances)
            numbers = [float(k) for k in keys if k != NOT_CODED]
            values = self.stance[rows]
            ok = np.isin(values, numbers) if numbers else np.zeros(len(rows), dtype=bool)
            if NOT_CODED in keys:
                ok |= np.isnan(values)
            keep &= ok
        shown = rows[keep]
        if only_disagreements and len(shown):
            shown = self._disagreements(shown)
        return shown

    def _disagreements(self, rows: np.ndarray) -> np.ndarray:
        """Keep claims that take a side opposed by another source (see module docstring)."""
        sign = self.sign[rows]
        source = self._codes["source"].codes[rows]
        n_sources = len(self._codes["source"].index)
        keep = np.zeros(len(rows), dtype=bool)
        for side in (1, -1):
            # sources with a claim on the other side; a claim is kept when one of them is not its own source
            opposed = np.zeros(n_sources, dtype=bool)
            opposed[source[sign == -side]] = True
            others = int(opposed.sum()) - opposed[source]
            keep |= (sign == side) & (others > 0)
        return rows[keep]


class _Codes:
    """A text column as integer codes (``codes[i]`` is row ``i``'s value's number in ``index``)."""

    def __init__(self, values: np.ndarray) -> None:
        self.index: dict[str, int] = {}
        self.codes = np.fromiter((self.index.setdefault(v, len(self.index)) for v in values.tolist()),
                                 dtype=np.intp, count=len(values))

    def isin(self, rows: np.ndarray, wanted: Iterable[str]) -> np.ndarray:
        """For each of ``rows``, whether its value is one of ``wanted`` (like ``np.isin``, in linear time)."""
        table = np.zeros(len(self.index), dtype=bool)
        table[[self.index[w] for w in wanted if w in self.index]] = True
        return table[self.codes[rows]]


def _check_speakers(comparer: _Comparer, speakers: Any) -> list[str] | None:
    spk = as_list(speakers, str)
    unknown = [s for s in spk or () if s not in comparer._speaker_set]
    if unknown:
        raise ValueError(
            f"Unknown speaker {join_words(repr(u) for u in unknown)}: speakers are written as in "
            "claims.csv (see pk.claims().speaker.unique())."
        )
    return spk


def _check_claim_types(claim_types: Any) -> list[str] | None:
    ct = as_list(claim_types, str)
    unknown = [c for c in ct or () if c not in CLAIM_TYPES]
    if unknown:
        raise ValueError(
            f"Unknown claim type {join_words(repr(u) for u in unknown)}. "
            f"Claim types are: {', '.join(CLAIM_TYPES)}."
        )
    return ct


def _check_args(
    comparer: _Comparer,
    theme_id: str,
    sources: Any,
    speakers: Any,
    stances: Any,
    claim_types: Any,
    kinds: Any = None,
) -> tuple[Any, Any, Any, Any, Any]:
    """The filters of :func:`compare` as lists (``None`` = no filter); a ValueError names a bad one."""
    case = comparer.case
    case.check_theme_ids([theme_id])
    src = as_list(sources)
    if src is not None:
        src = case.check_source_ids(src)
    spk = _check_speakers(comparer, speakers)
    st = as_list(stances, _stance_key)
    return src, spk, st, _check_claim_types(claim_types), case.check_kinds(kinds)


def compare(
    theme_id: str,
    *,
    sources: str | Sequence[str] | None = None,
    speakers: str | Sequence[str] | None = None,
    stances: Any = None,
    claim_types: str | Sequence[str] | None = None,
    kinds: str | Sequence[str] | None = None,
    only_disagreements: bool = False,
    path: PathLike = None,
) -> pd.DataFrame:
    """The claims on one theme, from the chosen sources, side by side.

    Parameters
    ----------
    theme_id : str
        A ``theme_id`` from ``pk.themes()``.
    sources : str or sequence of str, optional
        Source ids to include (default: all).
    speakers : str or sequence of str, optional
        Speakers to include, written as in ``claims.csv`` (default: all).
    stances : int or sequence, optional
        Stances to include, from -2 to 2; ``None`` inside the list (or
        ``"none"``) selects claims without a stance (default: all).
    claim_types : str or sequence of str, optional
        Claim types to include: fact, cause, value, policy, prediction
        (default: all).
    kinds : str or sequence of str, optional
        Kinds of text to include, as in the ``kind`` column of
        ``sources.csv``: ``"commentary"``, ``"news"``, ``"primary"``
        (default: all). ``kinds="primary"`` keeps the parties' own
        documents; ``kinds=["commentary", "news"]`` what others say.
    only_disagreements : bool
        Keep only claims that take a side (for: stance > 0, against:
        stance < 0) when **another** of the selected sources makes a claim on
        this theme on the **opposite** side, judged among the claims that pass
        the other filters. Neutral (0) and uncoded claims are dropped.
    path : str or path-like, optional
        A datasets folder (default: the shipped one).

    Returns
    -------
    pandas.DataFrame
        One row per claim, ordered by source (as in ``sources.csv``), then
        paragraph: ``claim_id, source_id, source_label, source_kind``
        (commentary, news or primary; empty when not recorded) ``, theme_id, speaker,
        speaker_role, stance`` (Int64, missing when uncoded)
        ``, stance_label`` (number, symbol and words, e.g.
        ``"−2 ✗✗ strongly disagrees"``) ``, claim_type, evidence_type, quote,
        paraphrase, paragraph``. Empty (same columns) when nothing matches.

    Raises
    ------
    ValueError
        If the theme, a source, a speaker, a stance, a claim type or a kind is
        unknown.
    """
    comparer = _Comparer(Case(path=path))
    src, spk, st, ct, kd = _check_args(comparer, theme_id, sources, speakers, stances, claim_types, kinds)
    rows = comparer.select(
        theme_id,
        sources=src,
        speakers=spk,
        stances=st,
        claim_types=ct,
        kinds=kd,
        only_disagreements=only_disagreements,
    )
    return comparer.claims.iloc[rows][COLUMNS].reset_index(drop=True)


def compare_widget(theme_id: str | None = None, *, path: PathLike = None) -> CompareWidget:
    """Claims side by side: pick a theme and sources; one column of claim cards per source.

    Each card shows the stance as a number, a symbol and words
    (``"−2 ✗✗ strongly disagrees"``, plus a colour bar), the claim type,
    evidence type, the quote in quotation marks attributed to its speaker
    and role, the kit's paraphrase and the claim id. A line says how many
    claims are shown and how many the filters hide.

    Parameters
    ----------
    theme_id : str, optional
        The theme shown first (default: the first theme in ``themes.csv``).
    path : str or path-like, optional
        A datasets folder (default: the shipped one). Read once, when the
        widget is created.

    Returns
    -------
    CompareWidget
        A :class:`peacekit.widgets.Panel` (an ``ipywidgets.VBox``) with

        ``controls``
            ``"theme"`` (Dropdown, value a theme_id), ``"sources"``
            (SelectMultiple of source_ids, all selected at first),
            ``"speakers"`` (SelectMultiple of speaker names; none selected
            = all speakers), ``"stances"`` (SelectMultiple of -2..2 and
            ``"none"``, all selected at first), ``"claim_types"``
            (SelectMultiple, all selected at first),
            ``"only_disagreements"`` (Checkbox; rule in
            :data:`DISAGREEMENT_RULE`), ``"group_by"`` (ToggleButtons:
            ``"source"``, ``"speaker"`` or ``"kind"`` columns; ``"kind"``
            puts what the commentary, the news and the parties' own
            documents say in three columns), ``"kinds"`` (SelectMultiple of
            the kinds of text in ``sources.csv``: commentary, news,
            primary; all selected at first; no options when the dataset
            records no kind).
        ``views``
            ``"proposition"`` (HTML: theme label and proposition),
            ``"rule"`` (HTML: the disagreement rule), ``"count"`` (HTML: how
            many claims are shown and hidden), ``"columns"`` (HTML: the
            cards, or a sentence when there are none).

    Examples
    --------
    >>> w = compare_widget()                                 # doctest: +SKIP
    >>> w.controls["only_disagreements"].value = True        # doctest: +SKIP
    >>> w.views["count"].value                               # doctest: +SKIP
    """
    from peacekit.widgets.compare import CompareWidget

    return CompareWidget(theme_id, path=path)
