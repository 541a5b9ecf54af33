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
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import ipywidgets as widgets
import pandas as pd

from peacekit import data as _data
from peacekit._corpus import (
    CONFIDENCE_QUALIFIER,
    ROLE_WORDS,
    Corpus,
    PathLike,
    as_list,
    date_words,
    records,
    text_or_empty,
)
from peacekit._html import esc, message
from peacekit._ui import PanelBox, dropdown, html_view, set_html, wrap
from peacekit.style import plural, stance_label, theme_style

__all__ = ["reader_segments", "reader_html", "reader_widget", "sourcing_line"]

SEGMENT_COLUMNS = ["paragraph", "segment", "start", "end", "text", "claim_ids", "theme_ids", "highlighted"]


class _Article:
    """One source's paragraphs and located quotes, ready to render."""

    def __init__(self, corpus: Corpus, source_id: str) -> None:
        (source_id,) = corpus.check_source_ids([source_id])
        self.corpus = corpus
        self.source_id = source_id
        self.paragraphs = corpus.paragraphs(source_id)
        claims = corpus.claims
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

    def segments(self, theme_ids: set[str] | None) -> list[dict[str, Any]]:
        """Split every paragraph at quote boundaries; see :func:`reader_segments`."""
        by_para: dict[int, list[tuple[int, int, Any]]] = {}
        for p, start, end, row in self.located:
            if theme_ids is not None and str(row.theme_id) not in theme_ids:
                continue
            by_para.setdefault(p, []).append((start, end, row))
        out: list[dict[str, Any]] = []
        for p, text in enumerate(self.paragraphs):
            spans = by_para.get(p, [])
            cuts = sorted({0, len(text), *[s for s, _, _ in spans], *[e for _, e, _ in spans]})
            seg = 0
            for a, b in zip(cuts, cuts[1:]):
                if a == b:
                    continue
                covering = [row for s, e, row in spans if s <= a and b <= e]
                seg += 1
                out.append(
                    {
                        "paragraph": p + 1,
                        "segment": seg,
                        "start": a,
                        "end": b,
                        "text": text[a:b],
                        "claim_ids": tuple(str(r.claim_id) for r in covering),
                        "theme_ids": tuple(str(r.theme_id) for r in covering),
                        "highlighted": bool(covering),
                        "_rows": covering,
                        # the innermost (shortest) quote gives the colour, so a nested quote shows its own theme
                        "_colour": min(
                            ((e - s, row) for s, e, row in spans if s <= a and b <= e), key=lambda t: t[0]
                        )[1] if covering else None,
                        "_ends": [str(r.claim_id) for s, e, r in spans if e == b],
                    }
                )
        return out


def _claim_codes(corpus: Corpus, row: Any, number: int) -> str:
    """Plain-text codes of one claim (for the title attribute and the note)."""
    role = text_or_empty(row.speaker_role)
    return (
        f"[{number}] {row.claim_id} · {corpus.theme_label.get(str(row.theme_id), str(row.theme_id))} · "
        f"stance {stance_label(row.stance)} · {row.claim_type} · evidence: {row.evidence_type} · "
        f"{row.speaker} ({ROLE_WORDS.get(role, role)})"
    )


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
    corpus = Corpus(path=path)
    theme_ids = _theme_filter(corpus, themes)
    return _frame(_Article(corpus, source_id).segments(theme_ids))


def _theme_filter(corpus: Corpus, themes: Any) -> set[str] | None:
    chosen = as_list(themes)
    if chosen is None:
        return None
    return set(corpus.check_theme_ids(chosen))


def sourcing_line(corpus: Corpus, source_id: str) -> str:
    """HTML: outlet, author, date, genre and title of a source, each with how sure we are."""
    row = corpus.sources.loc[corpus.sources["source_id"] == source_id].iloc[0]

    def item(label: str, value: Any, confidence_col: str | None, missing: str) -> str:
        text = text_or_empty(value)
        conf = text_or_empty(row[confidence_col]) if confidence_col else ""
        qualifier = CONFIDENCE_QUALIFIER.get(conf, conf)
        if not text:
            return f"<strong>{esc(label)}:</strong> {esc(missing)}"
        suffix = f" ({esc(qualifier)})" if qualifier else ""
        return f"<strong>{esc(label)}:</strong> {esc(text)}{suffix}"

    parts = [
        item("Outlet", row.get("outlet"), "outlet_confidence", "unknown"),
        item("Author", row.get("author"), "author_confidence", "unknown"),
    ]
    affiliation = text_or_empty(row.get("affiliation"))
    if affiliation:
        parts.append(f"<strong>Affiliation:</strong> {esc(affiliation)}")
    parts.append(item("Date", date_words(row.get("date"), row.get("date_precision")), "date_confidence", "unknown"))
    parts.append(item("Genre", row.get("genre"), None, "unknown"))
    title = text_or_empty(row.get("title"))
    parts.append(item("Title", f"“{title}”" if title else "", "title_confidence", "unknown"))
    url = text_or_empty(row.get("url"))
    if url:
        parts.append(item("Address", url, "url_confidence", ""))
    return (
        f'<div class="pk-sourcing" style="border-left:4px solid #555;padding:0.3em 0.8em;margin:0.3em 0">'
        f'<div style="font-size:1.1em;font-weight:600">{esc(corpus.source_label.get(source_id, source_id))}</div>'
        + " · ".join(parts)
        + '<div style="font-size:0.9em;color:#333">“confirmed” = read on the page; “inferred” = '
        "worked out from other clues; “unknown” = not found.</div></div>"
    )


def _legend(corpus: Corpus, article: _Article, theme_ids: set[str] | None) -> str:
    counts: dict[str, int] = {}
    for _, _, _, row in article.located:
        tid = str(row.theme_id)
        if theme_ids is None or tid in theme_ids:
            counts[tid] = counts.get(tid, 0) + 1
    if not counts:
        return ""
    items = []
    for tid in corpus.theme_ids:
        if tid in counts:
            style = theme_style(corpus.theme_order[tid])["css"]
            items.append(
                f'<li style="margin:0.15em 0"><span style="{style}">{esc(corpus.theme_label[tid])}</span> '
                f'({esc(plural(counts[tid], "claim"))})'
                f'<br><span style="font-size:0.9em">stance is measured against: '
                f'“{esc(corpus.proposition.get(tid, ""))}”</span></li>'
            )
    return (
        '<div class="pk-legend"><strong>Highlights by theme</strong> (colour and underline style); '
        "a number in brackets after a quote points to its codes under the paragraph; a dotted box means "
        'two quotes overlap.<ul style="list-style:none;padding-left:0.5em;margin:0.3em 0;columns:2 18em">'
        + "".join(items)
        + "</ul></div>"
    )


def _body(corpus: Corpus, article: _Article, theme_ids: set[str] | None) -> str:
    segments = article.segments(theme_ids)
    parts: list[str] = ['<div class="pk-article" style="max-width:46em">']
    notes_by_para: dict[int, list[tuple[int, Any]]] = {}
    current = 0
    for seg in segments:
        p = seg["paragraph"]
        if p != current:
            if current:
                parts.append("</p>")
                parts.append(_notes(corpus, article, notes_by_para.get(current, [])))
                parts.append("</div>")
            parts.append(
                f'<div class="pk-paragraph" data-paragraph="{p}">'
                f'<p class="pk-text" style="margin:0.6em 0 0.2em 0">'
            )
            current = p
        rows = seg["_rows"]
        text = esc(seg["text"])
        if rows:
            first = seg["_colour"]
            style = theme_style(corpus.theme_order.get(str(first.theme_id), 0))["css"]
            if len(rows) > 1:
                style += ";outline:2px dotted #000;outline-offset:1px"
            title = " | ".join(_claim_codes(corpus, r, article.number[str(r.claim_id)]) for r in rows)
            ids = " ".join(str(r.claim_id) for r in rows)
            parts.append(f'<mark class="pk-quote" data-claims="{esc(ids)}" title="{esc(title)}" style="{style}">{text}</mark>')
        else:
            parts.append(text)
        for cid in seg["_ends"]:
            n = article.number[cid]
            parts.append(
                f'<sup class="pk-ref" data-pk-note="1" style="font-weight:600">[{n}]</sup>'
            )
            notes_by_para.setdefault(p, []).append((n, article.row_by_id[cid]))
    if current:
        parts.append("</p>")
        parts.append(_notes(corpus, article, notes_by_para.get(current, [])))
        parts.append("</div>")
    parts.append("</div>")
    return "".join(parts)


def _notes(corpus: Corpus, article: _Article, notes: list[tuple[int, Any]]) -> str:
    if not notes:
        return ""
    items = []
    for n, row in sorted(notes, key=lambda t: t[0]):
        style = theme_style(corpus.theme_order.get(str(row.theme_id), 0))["css"]
        role = text_or_empty(row.speaker_role)
        items.append(
            f'<li value="{n}" style="margin:0.15em 0">[{n}] <strong>{esc(row.claim_id)}</strong> · '
            f'<span style="{style}" title="Proposition: {esc(corpus.proposition.get(str(row.theme_id), ""))}">'
            f'{esc(corpus.theme_label.get(str(row.theme_id), row.theme_id))}</span> · '
            f"stance {esc(stance_label(row.stance))} · {esc(row.claim_type)} · evidence: "
            f"{esc(row.evidence_type)} · {esc(row.speaker)} ({esc(ROLE_WORDS.get(role, role))}) — "
            f"<em>kit’s paraphrase:</em> {esc(row.paraphrase)}</li>"
        )
    return (
        '<ol class="pk-notes" data-pk-note="1" style="list-style:none;font-size:0.92em;margin:0 0 0.6em 0;'
        'padding-left:0.8em;border-left:3px solid #ccc">' + "".join(items) + "</ol>"
    )


def _unlocated_html(article: _Article) -> str:
    if not article.unlocated:
        return ""
    return message(
        f"The quote of {', '.join(article.unlocated)} was not found in this text, so it is not highlighted; "
        "run `python -m peacekit validate` to check the dataset.",
        kind="warning",
    )


class _Reader:
    """Articles of a corpus, parsed and rendered once each (for the widget)."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self._articles: dict[str, _Article] = {}
        self._html: dict[tuple[str, str], tuple[str, str, str]] = {}

    def article(self, source_id: str) -> _Article:
        if source_id not in self._articles:
            self._articles[source_id] = _Article(self.corpus, source_id)
        return self._articles[source_id]

    def parts(self, source_id: str, theme_id: str = "") -> tuple[str, str, str]:
        """(sourcing, legend, text) HTML for a source and an optional theme filter."""
        key = (source_id, theme_id)
        if key not in self._html:
            article = self.article(source_id)
            themes = {theme_id} if theme_id else None
            legend = _legend(self.corpus, article, themes)
            if not legend:
                what = f"on “{self.corpus.theme_label.get(theme_id, theme_id)}”" if theme_id else "coded"
                legend = message(f"This article has no claims {what}, so nothing is highlighted.")
            self._html[key] = (
                wrap(sourcing_line(self.corpus, source_id)),
                wrap(legend),
                _unlocated_html(article) + wrap(_body(self.corpus, article, themes)),
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
    corpus = Corpus(path=path)
    theme_ids = _theme_filter(corpus, themes)
    article = _Article(corpus, source_id)
    legend = _legend(corpus, article, theme_ids)
    if not legend:
        legend = message("This article has no claims on the chosen themes, so nothing is highlighted.")
    return wrap(
        sourcing_line(corpus, article.source_id) + legend + _unlocated_html(article) + _body(corpus, article, theme_ids)
    )


def reader_widget(source_id: str | None = None, *, path: PathLike = None) -> PanelBox:
    """Read an article with its claims highlighted; pick the source and a theme.

    Parameters
    ----------
    source_id : str, optional
        The article shown first (default: the first source in ``sources.csv``).
    path : str or path-like, optional
        A datasets folder (read once; each article is rendered once, then kept).

    Returns
    -------
    PanelBox
        An ``ipywidgets.VBox`` with

        ``controls``
            ``"source"`` (Dropdown of source ids), ``"theme"`` (Dropdown of
            theme ids; ``""`` = all themes).
        ``views``
            ``"sourcing"`` (HTML: outlet, author, date… with how sure each
            is), ``"legend"`` (HTML: the themes highlighted, or a sentence),
            ``"text"`` (HTML: the article with highlights and notes).
    """
    corpus = Corpus(path=path)
    reader = _Reader(corpus)
    if not corpus.source_ids:
        view = html_view(message("There are no sources in this dataset yet, so there is nothing to read."))
        return PanelBox([view], controls={}, views={"text": view})
    if source_id is None:
        source_id = corpus.source_ids[0]
    corpus.check_source_ids([source_id])
    source = dropdown(
        "Article",
        corpus.source_options,
        source_id,
        tooltip="The article to read",
        width="30em",
    )
    theme = dropdown(
        "Highlight",
        [("All themes", "")] + corpus.theme_options,
        "",
        tooltip="Highlight the claims on one theme, or on all themes",
        width="30em",
    )
    sourcing = html_view(label="sourcing")
    legend = html_view(label="legend")
    text = html_view(label="text")

    def refresh(_change: Any = None) -> None:
        s, l, t = reader.parts(source.value, theme.value)
        set_html(sourcing, s)
        set_html(legend, l)
        set_html(text, t)

    source.observe(refresh, names="value")
    theme.observe(refresh, names="value")
    refresh()
    return PanelBox(
        [widgets.HBox([source, theme], layout=widgets.Layout(flex_flow="row wrap")), sourcing, legend, text],
        controls={"source": source, "theme": theme},
        views={"sourcing": sourcing, "legend": legend, "text": text},
    )
