"""The article reader: an article's text with every claim's quote highlighted.

Each quote is highlighted by theme in three ways, so colour is never the
only cue: a background colour, an underline style (solid, dashed, dotted,
double, wavy) and a bracketed number after the quote, ``[3]``, that points
to a numbered note under the paragraph giving the claim's codes (claim id,
theme, stance as number, symbol and words, claim type, evidence, speaker and
the kit's paraphrase). The same codes are in the ``title`` (hover) of the
highlight.

Overlapping or nested quotes are handled by **splitting**: each paragraph
is cut at every quote start and end, and each piece carries every claim
that covers it, so no text is lost or repeated. The article's text is
exactly preserved: remove the notes and numbers (elements with a
``data-pk-note`` attribute) and the HTML tags, unescape, and the
paragraphs joined by a blank line equal ``pk.article(source_id)``.

The HTML is rendered from the ``reader_*.html`` templates (autoescaped);
the functions here prepare their rows. The widget is
:class:`peacekit.widgets.reader.ReaderWidget`.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from peacekit import data as _data
from peacekit._values import as_list, text as text_or_empty
from peacekit.case import ROLE_WORDS, Case, PathLike, records
from peacekit.sourcing import sourcing_parts
from peacekit.style import plural, stance_label, theme_class
from peacekit.templates import Markup, message, render, view

if TYPE_CHECKING:
    from peacekit.widgets.reader import ReaderWidget

__all__ = ["reader_segments", "reader_html", "reader_widget"]

SEGMENT_COLUMNS = ["paragraph", "segment", "start", "end", "text", "claim_ids", "theme_ids", "highlighted"]


class _Article:
    """One source's paragraphs and located quotes, ready to render."""

    def __init__(self, case: Case, source_id: str) -> None:
        (source_id,) = case.check_source_ids([source_id])
        self.case = case
        self.source_id = source_id
        self.paragraphs = case.paragraphs(source_id)
        claims = case.claims
        claims = claims[claims["source_id"] == source_id].sort_values(["paragraph", "claim_id"], kind="stable")
        located = []
        self.unlocated: list[str] = []
        for row in records(claims):
            where = self._locate(row)
            if where is None:
                self.unlocated.append(str(row.claim_id))
                continue
            p, start, end = where
            located.append((p, start, end, row))
        # numbering in reading order
        located.sort(key=lambda t: (t[0], t[1], -t[2], str(t[3].claim_id)))
        self.located = located
        self.number = {str(t[3].claim_id): i + 1 for i, t in enumerate(located)}
        self.row_by_id = {str(t[3].claim_id): t[3] for t in located}

    def _locate(self, row: Any) -> tuple[int, int, int] | None:
        quote = text_or_empty(row.quote)
        stated = int(row.paragraph) - 1 if text_or_empty(row.paragraph) else -1
        order = ([stated] if 0 <= stated < len(self.paragraphs) else []) + [
            i for i in range(len(self.paragraphs)) if i != stated
        ]
        for i in order:
            span = _data.find_quote(self.paragraphs[i], quote)
            if span is not None:
                return i, span[0], span[1]
        return None

    def spans(self, theme_ids: set[str] | None) -> dict[int, list[tuple[int, int, Any]]]:
        """The located quotes on the chosen themes, by paragraph (0-based): ``[(start, end, row)]``."""
        by_para: dict[int, list[tuple[int, int, Any]]] = {}
        for p, start, end, row in self.located:
            if theme_ids is None or str(row.theme_id) in theme_ids:
                by_para.setdefault(p, []).append((start, end, row))
        return by_para

    def segments(self, theme_ids: set[str] | None) -> list[dict[str, Any]]:
        """Split every paragraph at quote boundaries; see :func:`reader_segments`."""
        by_para = self.spans(theme_ids)
        out: list[dict[str, Any]] = []
        for p, text in enumerate(self.paragraphs):
            out.extend(_split(p, text, by_para.get(p, [])))
        return out


def _split(p: int, text: str, spans: list[tuple[int, int, Any]]) -> list[dict[str, Any]]:
    """One paragraph's pieces, cut at every quote start and end."""
    cuts = sorted({0, len(text), *[s for s, _, _ in spans], *[e for _, e, _ in spans]})
    out = []
    for a, b in zip(cuts, cuts[1:]):
        if a == b:
            continue
        inside = [(e - s, row) for s, e, row in spans if s <= a and b <= e]
        covering = [row for _, row in inside]
        out.append(
            {
                "paragraph": p + 1,
                "segment": len(out) + 1,
                "start": a,
                "end": b,
                "text": text[a:b],
                "claim_ids": tuple(str(r.claim_id) for r in covering),
                "theme_ids": tuple(str(r.theme_id) for r in covering),
                "highlighted": bool(covering),
                "_rows": covering,
                # the innermost (shortest) quote gives the colour, so a nested quote shows its own theme
                "_colour": min(inside, key=lambda t: t[0])[1] if covering else None,
                "_ends": [str(r.claim_id) for s, e, r in spans if e == b],
            }
        )
    return out


def _frame(segments: list[dict[str, Any]]) -> pd.DataFrame:
    frame = pd.DataFrame([{k: s[k] for k in SEGMENT_COLUMNS} for s in segments], columns=SEGMENT_COLUMNS)
    return frame.astype({"paragraph": "int64", "segment": "int64", "start": "int64", "end": "int64",
                         "text": "string", "highlighted": "bool"})


def reader_segments(
    source_id: str, *, themes: str | Sequence[str] | None = None, path: PathLike = None
) -> pd.DataFrame:
    """An article cut into pieces at every quote boundary.

    Parameters
    ----------
    source_id : str
        A ``source_id`` from ``pk.sources()``.
    themes : str or sequence of str, optional
        Only highlight claims on these themes (default: all).
    path : str or path-like, optional
        A datasets folder.

    Returns
    -------
    pandas.DataFrame
        One row per piece, in reading order: ``paragraph`` (1-based),
        ``segment`` (1-based within the paragraph), ``start``, ``end``
        (character offsets in the paragraph), ``text``, ``claim_ids`` and
        ``theme_ids`` (tuples: every claim whose quote covers the piece, so
        overlapping quotes give two ids), ``highlighted``. The ``text`` of a
        paragraph's pieces joined together is the paragraph, unchanged.
    """
    case = Case(path=path)
    theme_ids = _theme_filter(case, themes)
    return _frame(_Article(case, source_id).segments(theme_ids))


def _theme_filter(case: Case, themes: Any) -> set[str] | None:
    chosen = as_list(themes)
    if chosen is None:
        return None
    return set(case.check_theme_ids(chosen))


# ------------------------------------------------------------------ rendering
KEY_SENTENCE = "“confirmed” = read on the page; “inferred” = worked out from other clues; “unknown” = not found."


def sourcing_html(case: Case, source_id: str) -> Markup:
    """The sourcing block: outlet, author, date, genre and title, each with how sure we are."""
    parts = sourcing_parts(case, source_id)
    shown = []
    for key, part in parts.items():
        if key in ("affiliation", "url") and not part.known:
            continue  # said only when the dataset gives them
        value = f"“{part.text}”" if key == "title" and part.known else part.text
        shown.append({"label": part.label, "text": value or "unknown", "sure": part.sure})
    return render("reader_sourcing.html", name=case.source_label.get(source_id, source_id), parts=shown,
                  key=KEY_SENTENCE)


def _theme_class(case: Case, theme_id: Any) -> str:
    return theme_class(case.theme_order.get(str(theme_id), 0))


def _legend(case: Case, article: _Article, theme_ids: set[str] | None) -> Markup | None:
    counts: dict[str, int] = {}
    for _, _, _, row in article.located:
        tid = str(row.theme_id)
        if theme_ids is None or tid in theme_ids:
            counts[tid] = counts.get(tid, 0) + 1
    if not counts:
        return None
    items = [
        {"cls": _theme_class(case, tid), "label": case.theme_label[tid], "count": plural(counts[tid], "claim"),
         "proposition": case.proposition.get(tid, "")}
        for tid in case.theme_ids
        if tid in counts
    ]
    return render("reader_legend.html", items=items)


def _claim_codes(case: Case, row: Any, number: int) -> str:
    """Plain-text codes of one claim (for the title attribute)."""
    role = text_or_empty(row.speaker_role)
    return (
        f"[{number}] {row.claim_id} · {case.theme_label.get(str(row.theme_id), str(row.theme_id))} · "
        f"stance {stance_label(row.stance)} · {row.claim_type} · evidence: {row.evidence_type} · "
        f"{row.speaker} ({ROLE_WORDS.get(role, role)})"
    )


def _note(case: Case, number: int, row: Any) -> dict[str, Any]:
    """One numbered note under a paragraph: the claim's codes beside the text."""
    role = text_or_empty(row.speaker_role)
    tid = str(row.theme_id)
    return {
        "number": number, "claim_id": row.claim_id, "cls": _theme_class(case, tid),
        "proposition": case.proposition.get(tid, ""), "theme": case.theme_label.get(tid, row.theme_id),
        "stance": stance_label(row.stance), "claim_type": row.claim_type, "evidence": row.evidence_type,
        "speaker": row.speaker, "role": ROLE_WORDS.get(role, role), "paraphrase": row.paraphrase,
    }


def _piece(case: Case, article: _Article, seg: dict[str, Any]) -> dict[str, Any]:
    """One piece of a paragraph: its text, its highlight (or ``None``) and the numbers of the quotes ending there."""
    rows = seg["_rows"]
    mark = None
    if rows:
        cls = _theme_class(case, seg["_colour"].theme_id) + (" pk-overlap" if len(rows) > 1 else "")
        title = " | ".join(_claim_codes(case, r, article.number[str(r.claim_id)]) for r in rows)
        mark = {"cls": cls, "claims": " ".join(str(r.claim_id) for r in rows), "title": title}
    return {"text": seg["text"], "mark": mark, "refs": [article.number[cid] for cid in seg["_ends"]]}


def _paragraphs(case: Case, article: _Article, theme_ids: set[str] | None) -> list[dict[str, Any]]:
    """The rows of ``reader_body.html``: each paragraph's pieces and its numbered notes."""
    paragraphs: list[dict[str, Any]] = []
    for seg in article.segments(theme_ids):
        if not paragraphs or paragraphs[-1]["number"] != seg["paragraph"]:
            paragraphs.append({"number": seg["paragraph"], "pieces": [], "notes": []})
        piece = _piece(case, article, seg)
        paragraphs[-1]["pieces"].append(piece)
        for cid in seg["_ends"]:
            paragraphs[-1]["notes"].append(_note(case, article.number[cid], article.row_by_id[cid]))
    for paragraph in paragraphs:
        paragraph["notes"].sort(key=lambda n: n["number"])
    return paragraphs


def _body(case: Case, article: _Article, theme_ids: set[str] | None) -> Markup:
    return render("reader_body.html", paragraphs=_paragraphs(case, article, theme_ids))


def _notice(sentence: str, kind: str = "info") -> Markup:
    return render("message.html", sentence=sentence, kind=kind)


def _unlocated(article: _Article) -> Markup:
    """A warning naming the claims whose quote is not in the text (empty when every quote was found)."""
    if not article.unlocated:
        return Markup("")
    return _notice(
        f"The quote of {', '.join(article.unlocated)} was not found in this text, so it is not highlighted; "
        "run `python -m peacekit validate` to check the dataset.",
        kind="warning",
    )


class Reader:
    """Articles of a case, parsed and rendered once each (for the widget)."""

    def __init__(self, case: Case) -> None:
        self.case = case
        self._articles: dict[str, _Article] = {}
        self._html: dict[tuple[str, str], tuple[str, str, str]] = {}

    def article(self, source_id: str) -> _Article:
        """The parsed article (kept)."""
        if source_id not in self._articles:
            self._articles[source_id] = _Article(self.case, source_id)
        return self._articles[source_id]

    def parts(self, source_id: str, theme_id: str = "") -> tuple[str, str, str]:
        """(sourcing, legend, text) view HTML for a source and an optional theme filter (kept)."""
        key = (source_id, theme_id)
        if key not in self._html:
            article = self.article(source_id)
            themes = {theme_id} if theme_id else None
            legend = _legend(self.case, article, themes)
            if legend is None:
                what = f"on “{self.case.theme_label.get(theme_id, theme_id)}”" if theme_id else "coded"
                legend_html = message(f"This article has no claims {what}, so nothing is highlighted.")
            else:
                legend_html = view(legend)
            self._html[key] = (
                view(sourcing_html(self.case, source_id)),
                legend_html,
                view(_unlocated(article) + _body(self.case, article, themes)),
            )
        return self._html[key]


def reader_html(source_id: str, *, themes: str | Sequence[str] | None = None, path: PathLike = None) -> str:
    """The article as HTML with every claim's quote highlighted by theme.

    Parameters
    ----------
    source_id : str
        A ``source_id`` from ``pk.sources()``.
    themes : str or sequence of str, optional
        Only highlight claims on these themes (default: all).
    path : str or path-like, optional
        A datasets folder.

    Returns
    -------
    str
        HTML: the sourcing line (outlet, author, date, genre, title, each
        with "confirmed", "inferred" or "unknown"), a legend of the themes,
        and the paragraphs. Every quote is a ``<mark>`` with a theme colour,
        an underline style and a ``title`` listing its codes, followed by a
        bracketed number; the numbered notes under each paragraph repeat the
        codes (hover is not needed). All dataset text is escaped.
    """
    case = Case(path=path)
    theme_ids = _theme_filter(case, themes)
    article = _Article(case, source_id)
    legend = _legend(case, article, theme_ids)
    if legend is None:
        legend = _notice("This article has no claims on the chosen themes, so nothing is highlighted.")
    return view(sourcing_html(case, article.source_id) + legend + _unlocated(article) + _body(case, article, theme_ids))


def reader_widget(source_id: str | None = None, *, path: PathLike = None) -> ReaderWidget:
    """Read an article with its claims highlighted; pick the source and a theme.

    Parameters
    ----------
    source_id : str, optional
        The article shown first (default: the first source in ``sources.csv``).
    path : str or path-like, optional
        A datasets folder (read once; each article is rendered once, then kept).

    Returns
    -------
    ReaderWidget
        A :class:`peacekit.widgets.Panel` (an ``ipywidgets.VBox``) with

        ``controls``
            ``"source"`` (Dropdown of source ids), ``"theme"`` (Dropdown of
            theme ids; ``""`` = all themes).
        ``views``
            ``"sourcing"`` (HTML: outlet, author, date… with how sure each
            is), ``"legend"`` (HTML: the themes highlighted, or a sentence),
            ``"text"`` (HTML: the article with highlights and notes).
    """
    from peacekit.widgets.reader import ReaderWidget

    return ReaderWidget(Case(path=path), source_id)
