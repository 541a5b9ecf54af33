"""Claims side by side: what each source says on one theme.

:func:`compare` returns the claims as a DataFrame; :func:`compare_widget`
shows them as cards, one column per source (or per speaker, or per kind of
text: commentary, news, primary), with filters. Both can keep only some kinds
of text (``kinds``), so what the op-eds say about a party can be read beside
what the parties' own documents say; :func:`peacekit.corroborate` pairs one
party's own words with the claims about it.

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

from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import numpy as np
import pandas as pd

from peacekit._corpus import KIND_WORDS, ROLE_WORDS, Corpus, PathLike, as_list, records, text_or_empty
from peacekit._html import esc, message
from peacekit._ui import PanelBox, kinds_select, checkbox, dropdown, html_view, select_multiple, set_html, wrap
from peacekit.style import (
    STANCE_VALUES,
    join_words,
    plural,
    stance_color,
    stance_label,
    stance_number,
)

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


def card_html(row: Any) -> str:
    """Return one claim as an HTML card (all dataset text escaped).

    ``row`` is a claims row (a namedtuple from ``itertuples``, or any object)
    with ``claim_id, source_label, speaker, speaker_role, stance,
    claim_type, evidence_type, quote, paraphrase, paragraph``.
    """
    stance = getattr(row, "stance")
    color = stance_color(stance)
    role = text_or_empty(getattr(row, "speaker_role"))
    role_words = ROLE_WORDS.get(role, role)
    paragraph = getattr(row, "paragraph")
    where = f" · paragraph {int(paragraph)}" if text_or_empty(paragraph) else ""
    return (
        '<div class="pk-card" role="article" style="border:1px solid #999;'
        f"border-left:10px solid {color};border-radius:4px;padding:0.5em 0.7em;"
        'margin:0 0 0.7em 0;background:#fff;color:#111">'
        f'<div class="pk-card-stance"><span aria-hidden="true" style="display:inline-block;'
        f'width:0.9em;height:0.9em;background:{color};border:1px solid #333;margin-right:0.3em"></span>'
        f"<strong>Stance {esc(stance_label(stance))}</strong></div>"
        f'<div class="pk-card-codes" style="font-size:0.95em">Type: {esc(getattr(row, "claim_type"))}'
        f' · Evidence: {esc(getattr(row, "evidence_type"))}</div>'
        f'<blockquote class="pk-card-quote" style="margin:0.4em 0 0.2em 0;padding-left:0.6em;'
        f'border-left:3px solid #ccc">“{esc(getattr(row, "quote"))}”</blockquote>'
        f'<div class="pk-card-speaker">— {esc(getattr(row, "speaker"))} ({esc(role_words)}), '
        f'in {esc(getattr(row, "source_label"))}</div>'
        f'<div class="pk-card-paraphrase" style="margin-top:0.3em"><em>In the kit’s words:</em> '
        f'{esc(getattr(row, "paraphrase"))}</div>'
        f'<div class="pk-card-id" style="color:#444;font-size:0.9em;margin-top:0.2em">'
        f'{esc(getattr(row, "claim_id"))}{where}</div>'
        "</div>"
    )


class _Comparer:
    """Claims of a corpus indexed by theme, for fast filtering (numpy, no pandas per click).

    Cards are rendered on first use and kept, so a theme is slow at most once.
    """

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        claims = corpus.claims.sort_values(
            ["_source_order", "paragraph", "claim_id"], kind="stable"
        ).reset_index(drop=True)
        claims["stance_label"] = pd.array([stance_label(s) for s in claims["stance"]], dtype="string")
        self.claims = claims
        self.source = np.array([str(x) for x in claims["source_id"].tolist()], dtype=object)
        self.speaker = np.array([text_or_empty(x) for x in claims["speaker"].tolist()], dtype=object)
        self.claim_type = np.array([text_or_empty(x) for x in claims["claim_type"].tolist()], dtype=object)
        self.kind = np.array([text_or_empty(x) for x in claims["source_kind"].tolist()], dtype=object)
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
        self._cards: dict[int, str] = {}

    def card(self, i: int) -> str:
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
        if sources is not None:
            keep &= np.isin(self.source[rows], np.array(list(sources), dtype=object))
        if speakers is not None:
            keep &= np.isin(self.speaker[rows], np.array(list(speakers), dtype=object))
        if stances is not None:
            keys = set(stances)
            numbers = [float(k) for k in keys if k != NOT_CODED]
            values = self.stance[rows]
            ok = np.isin(values, numbers) if numbers else np.zeros(len(rows), dtype=bool)
            if NOT_CODED in keys:
                ok |= np.isnan(values)
            keep &= ok
        if claim_types is not None:
            keep &= np.isin(self.claim_type[rows], np.array(list(claim_types), dtype=object))
        if kinds is not None:
            keep &= np.isin(self.kind[rows], np.array(list(kinds), dtype=object))
        shown = rows[keep]
        if only_disagreements and len(shown):
            shown = self._disagreements(shown)
        return shown

    def _disagreements(self, rows: np.ndarray) -> np.ndarray:
        """Keep claims that take a side opposed by another source (see module docstring)."""
        sign = self.sign[rows]
        src = self.source[rows]
        pos = set(src[sign > 0].tolist())
        neg = set(src[sign < 0].tolist())
        keep = np.zeros(len(rows), dtype=bool)
        for k, (sid, sg) in enumerate(zip(src.tolist(), sign.tolist())):
            if sg > 0:
                keep[k] = bool(neg - {sid})
            elif sg < 0:
                keep[k] = bool(pos - {sid})
        return rows[keep]


def _check_args(
    comparer: _Comparer,
    theme_id: str,
    sources: Any,
    speakers: Any,
    stances: Any,
    claim_types: Any,
    kinds: Any = None,
) -> tuple[Any, Any, Any, Any, Any]:
    corpus = comparer.corpus
    corpus.check_theme_ids([theme_id])
    src = as_list(sources)
    if src is not None:
        src = corpus.check_source_ids(src)
    spk = as_list(speakers)
    if spk is not None:
        spk = [str(s) for s in spk]
        unknown = [s for s in spk if s not in comparer._speaker_set]
        if unknown:
            raise ValueError(
                f"Unknown speaker {join_words(repr(u) for u in unknown)}: speakers are written as in "
                "claims.csv (see pk.claims().speaker.unique())."
            )
    st = as_list(stances)
    if st is not None:
        st = [_stance_key(s) for s in st]
    ct = as_list(claim_types)
    if ct is not None:
        ct = [str(c) for c in ct]
        unknown = [c for c in ct if c not in CLAIM_TYPES]
        if unknown:
            raise ValueError(
                f"Unknown claim type {join_words(repr(u) for u in unknown)}. "
                f"Claim types are: {', '.join(CLAIM_TYPES)}."
            )
    kd = as_list(kinds)
    if kd is not None:
        kd = [text_or_empty(k) for k in kd]
        known = corpus.kinds
        unknown = [k for k in kd if k not in known]
        if unknown:
            choices = ", ".join(known) if known else "none: this dataset records no kind of text"
            raise ValueError(
                f"Unknown kind of text {join_words(repr(u) for u in unknown)}. Kinds in this dataset: {choices}."
            )
    return src, spk, st, ct, kd


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
    comparer = _Comparer(Corpus(path=path))
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


# ---------------------------------------------------------------------------
# Widget
# ---------------------------------------------------------------------------


def _proposition_html(corpus: Corpus, theme_id: str) -> str:
    label = corpus.theme_label.get(theme_id, theme_id)
    proposition = corpus.proposition.get(theme_id, "")
    return wrap(
        f'<div class="pk-proposition" style="border:2px solid #0072B2;border-radius:4px;padding:0.5em 0.8em">'
        f"<strong>{esc(label)}</strong><br>"
        f"Proposition: “{esc(proposition)}”<br>"
        '<span style="font-size:0.95em">Each stance says how far a claim agrees (+2 ✓✓) or disagrees '
        "(−2 ✗✗) with this proposition; · means the claim takes no stance.</span></div>"
    )


def _columns_html(comparer: _Comparer, rows: np.ndarray, *, group_by: str) -> str:
    """One column (section) of cards per source, per speaker or per kind of text, in dataset order."""
    keys = {"source": comparer.source, "speaker": comparer.speaker, "kind": comparer.kind}[group_by]
    groups: dict[str, list[int]] = {}
    if group_by == "kind":  # commentary, news, primary: always in that order
        order = {k: n for n, k in enumerate(comparer.corpus.kinds)}
        rows = np.array(sorted(rows.tolist(), key=lambda i: order.get(keys[i], len(order))), dtype=np.intp)
    for i in rows.tolist():
        groups.setdefault(keys[i], []).append(i)
    parts = [
        '<div class="pk-columns" style="display:flex;flex-wrap:wrap;gap:14px;align-items:flex-start">'
    ]
    for value, members in groups.items():
        if group_by == "source":
            title = comparer.corpus.source_label.get(value, value)
        elif group_by == "kind":
            title = KIND_WORDS.get(value, value).capitalize()
        else:
            title = value
        parts.append(
            f'<section class="pk-column" data-group="{esc(value)}" '
            'style="flex:1 1 19em;min-width:16em;max-width:42em">'
            f'<h4 style="margin:0 0 0.4em 0;font-size:1.1em">{esc(title)} '
            f'<span style="font-weight:normal">({plural(len(members), "claim")})</span></h4>'
        )
        parts.extend(comparer.card(i) for i in members)
        parts.append("</section>")
    parts.append("</div>")
    return "".join(parts)


def compare_widget(theme_id: str | None = None, *, path: PathLike = None) -> PanelBox:
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
    PanelBox
        An ``ipywidgets.VBox`` with

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
    corpus = Corpus(path=path)
    comparer = _Comparer(corpus)
    if not corpus.theme_ids:
        view = html_view(message("There are no themes in this dataset yet, so there is nothing to compare."))
        return PanelBox([view], controls={}, views={"columns": view})
    if theme_id is None:
        theme_id = corpus.theme_ids[0]
    corpus.check_theme_ids([theme_id])

    theme = dropdown(
        "Theme",
        corpus.theme_options,
        theme_id,
        tooltip="The theme whose claims are compared",
        width="32em",
    )
    sources = select_multiple(
        "Sources",
        corpus.source_options,
        corpus.source_ids,
        rows=min(6, max(2, len(corpus.source_ids))),
        tooltip="Pick the sources to compare (Ctrl or Shift to pick several)",
        width="24em",
    )
    speakers = select_multiple(
        "Speakers (none picked = all)",
        comparer.speakers,
        (),
        rows=min(6, max(2, len(comparer.speakers))),
        tooltip="Only claims by these speakers; leave empty for all speakers",
        width="24em",
    )
    stance_options = [(stance_label(v), v) for v in reversed(STANCE_VALUES)] + [(stance_label(None), NOT_CODED)]
    stances = select_multiple(
        "Stances",
        stance_options,
        [v for _, v in stance_options],
        rows=len(stance_options),
        tooltip="Only claims with these stances",
        width="22em",
    )
    claim_types = select_multiple(
        "Claim types",
        list(CLAIM_TYPES),
        list(CLAIM_TYPES),
        rows=len(CLAIM_TYPES),
        tooltip="Only claims of these types",
        width="16em",
    )
    kinds = kinds_select(corpus.kinds, KIND_WORDS, tooltip="Only claims from these kinds of text (commentary, news, the parties' own documents)")
    only = checkbox("Only where they disagree", tooltip=DISAGREEMENT_RULE)
    group_by = widgets.ToggleButtons(
        options=[
            ("One column per source", "source"),
            ("One column per speaker", "speaker"),
            ("One column per kind of text", "kind"),
        ],
        value="source",
        description="Columns",
        description_allow_html=False,
        tooltips=[
            "A column for each source",
            "A column for each speaker",
            "A column for commentary, news and primary documents",
        ],
        style={"description_width": "initial", "button_width": "auto"},
    )

    proposition = html_view(label="proposition")
    rule = html_view(wrap(f'<div style="font-size:0.95em">{esc(DISAGREEMENT_RULE)}</div>'), label="rule")
    count = html_view(label="count")
    columns = html_view(label="columns")

    def refresh(_change: Any = None) -> None:
        tid = theme.value
        set_html(proposition, _proposition_html(corpus, tid))
        total = len(comparer.theme_rows(tid))
        theme_name = f"“{corpus.theme_label.get(tid, tid)}”"
        if not sources.value:
            set_html(count, "")
            set_html(columns, message("Pick at least one source to compare."))
            return
        if not stances.value:
            set_html(count, "")
            set_html(columns, message("Pick at least one stance."))
            return
        if not claim_types.value:
            set_html(count, "")
            set_html(columns, message("Pick at least one claim type."))
            return
        if kinds.options and not kinds.value:
            set_html(count, "")
            set_html(columns, message("Pick at least one kind of text."))
            return
        if total == 0:
            set_html(count, "")
            set_html(columns, message(f"No source makes a claim on {theme_name} yet."))
            return
        picked_sources = list(sources.value)
        shown = comparer.select(
            tid,
            sources=picked_sources,
            speakers=list(speakers.value) or None,
            stances=list(stances.value),
            claim_types=list(claim_types.value),
            kinds=list(kinds.value) if kinds.options else None,
            only_disagreements=only.value,
        )
        hidden = total - len(shown)
        line = (
            f"Showing {plural(len(shown), 'claim')} of {total:,} on {theme_name}; "
            f"{hidden:,} hidden by your choices (sources, speakers, stances, claim types"
            f"{', kinds of text' if kinds.options else ''}"
            f"{', only where they disagree' if only.value else ''})."
        )
        present = set(comparer.source[shown].tolist())
        silent = [
            s
            for s in picked_sources
            if s not in present and (not kinds.options or corpus.source_kind[s] in kinds.value)
        ]
        if silent and len(shown):
            names = [corpus.source_label.get(s, s) for s in silent]
            if len(names) > 6:
                names = names[:6] + [f"{len(silent) - 6:,} more"]
            line += f" No claim shown from {join_words(names)}."
        if len(shown) > MAX_CARDS:
            line += f" Only the first {MAX_CARDS:,} cards are drawn: narrow the selection to see the others."
        set_html(count, wrap(f'<p class="pk-count" role="status" style="margin:0.3em 0">{esc(line)}</p>'))
        if len(shown) == 0:
            in_sources = len(comparer.select(tid, sources=picked_sources))
            sentence = "No claims by these sources on this theme."
            if only.value and in_sources:
                sentence = (
                    "These sources do not disagree on this theme: no claim shown here has a claim "
                    "from another selected source on the opposite side."
                )
            elif in_sources:
                sentence = "No claims by these sources on this theme match these filters."
            set_html(columns, message(sentence))
            return
        set_html(columns, wrap(_columns_html(comparer, shown[:MAX_CARDS], group_by=group_by.value)))

    for control in (theme, sources, speakers, stances, claim_types, kinds, only, group_by):
        control.observe(refresh, names="value")
    refresh()

    controls: dict[str, widgets.Widget] = {
        "theme": theme,
        "sources": sources,
        "speakers": speakers,
        "stances": stances,
        "claim_types": claim_types,
        "only_disagreements": only,
        "group_by": group_by,
        "kinds": kinds,
    }
    views: dict[str, widgets.Widget] = {"proposition": proposition, "rule": rule, "count": count, "columns": columns}
    filters = widgets.HBox(
        [sources, kinds, speakers, stances, claim_types], layout=widgets.Layout(flex_flow="row wrap")
    )
    box = PanelBox(
        [theme, proposition, filters, widgets.HBox([only, group_by], layout=widgets.Layout(flex_flow="row wrap")), rule, count, columns],
        controls=controls,
        views=views,
    )
    box.refresh = refresh  # type: ignore[attr-defined]
    return box
