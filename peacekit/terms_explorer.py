"""The term explorer: how often sources use a word, and the lines it appears in.

:func:`term_chart` draws the frequency per 1,000 words of one or more terms
in each source (grouped bars, counts in the tooltip and printed at each
bar). :func:`term_explorer_widget` adds a text box and keyword-in-context
(KWIC) lines. Matching rules (case, word boundaries, ``Kyiv`` vs ``Kiev's``)
are those of :mod:`peacekit.text`.
"""

from __future__ import annotations

import copy
import functools
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

import pandas as pd

from peacekit._values import text
from peacekit._vega import trusted_chart, unit_spec
from peacekit.case import Case, PathLike
from peacekit.style import categorical_colors, categorical_scale, describe_chart, join_words, plural, projector_config
from peacekit.templates import Markup, render
from peacekit.text import shared_index

if TYPE_CHECKING:  # altair is imported by the functions that draw (it takes over a second)
    import altair as alt

    from peacekit.widgets.terms import TermExplorer

__all__ = ["term_chart", "term_explorer_widget", "summary_sentence", "kwic_html", "kwic_table", "MAX_TERMS",
           "MAX_KWIC_LINES"]

#: At most this many terms are compared at once (more would be unreadable).
MAX_TERMS = 5
#: At most this many KWIC lines are shown per term in the widget.
MAX_KWIC_LINES = 60


def summary_sentence(frame: pd.DataFrame) -> str:
    """One sentence summarising a ``term_frequencies`` result (chart description).

    Examples: “Kyiv” is used 13 times, most often by X (3.9 per 1,000 words);
    “Kiev” is used 3 times, only by Y.
    """
    if frame.empty:
        return "No term was given, so there is nothing to count."
    parts = []
    for term, group in frame.groupby("term", sort=False):
        total = int(group["count"].sum())
        if total == 0:
            parts.append(f"“{term}” does not appear in any of the {plural(len(group), 'selected source')}")
            continue
        top = group.sort_values(["per_1000", "count"], ascending=False, kind="stable").iloc[0]
        users = int((group["count"] > 0).sum())
        where = (
            f"only by {top['source_label']}"
            if users == 1
            else f"by {users} of {len(group)} sources, most often by {top['source_label']}"
        )
        parts.append(
            f"“{term}” is used {plural(total, 'time')} {where} ({float(top['per_1000']):.1f} per 1,000 words)"
        )
    return "; ".join(parts) + "."


def _x_max(frame: pd.DataFrame) -> float:
    """Right end of the x axis: room for the labels printed after the longest bar."""
    top = float(frame["per_1000"].max()) if len(frame) else 0.0
    return round(top * 1.35, 3) if top > 0 else 1.0


def _labels(frame: pd.DataFrame) -> list[str]:
    return [f"{t}: {p:.1f} ({c})" for t, p, c in zip(frame["term"].tolist(), frame["per_1000"].tolist(),
                                                     frame["count"].tolist())]


def _title(terms: list[str]) -> str:
    return f"How often each source uses {join_words([f'“{t}”' for t in terms])}"


def _chart(frame: pd.DataFrame, source_order: list[str]) -> alt.LayerChart:
    import altair as alt

    terms = list(dict.fromkeys(frame["term"].tolist()))
    data = frame.assign(label=_labels(frame))
    sources = [s for s in source_order if s in set(frame["source_label"])]
    y = alt.Y("source_label:N", sort=sources, title="Source", axis=alt.Axis(labelLimit=260))
    tooltip = [
        alt.Tooltip("term:N", title="Term"),
        alt.Tooltip("source_label:N", title="Source"),
        alt.Tooltip("count:Q", title="Times used"),
        alt.Tooltip("words:Q", title="Words in the source", format=","),
        alt.Tooltip("per_1000:Q", title="Per 1,000 words", format=".2f"),
    ]
    base = alt.Chart(data).encode(
        y=y,
        yOffset=alt.YOffset("term:N", sort=terms),
        x=alt.X("per_1000:Q", title="Times used per 1,000 words", scale=alt.Scale(zero=True, domainMax=_x_max(frame))),
        tooltip=tooltip,
    )
    bars = base.mark_bar(stroke="#000000", strokeWidth=0.5).encode(
        color=alt.Color("term:N", title="Term", scale=categorical_scale(terms), sort=terms)
    )
    labels = base.mark_text(align="left", dx=4, fontSize=12, color="#000000").encode(text=alt.Text("label:N"))
    return alt.layer(bars, labels).properties(width=520, height=alt.Step(_step(len(terms))))


def empty_frequencies() -> pd.DataFrame:
    """A frequency table with no rows: the widget's first chart, before any term is counted."""
    return pd.DataFrame(
        {"term": pd.Series([], dtype="string"), "source_id": pd.Series([], dtype="string"),
         "source_label": pd.Series([], dtype="string"), "count": pd.Series([], dtype="int64"),
         "words": pd.Series([], dtype="int64"), "per_1000": pd.Series([], dtype="float64")}
    )


def _titled(frame: pd.DataFrame, source_order: list[str]) -> Any:
    """The term chart of ``frame``, marked as built by the kit (its specs are validated by the tests)."""
    terms = list(dict.fromkeys(frame["term"].tolist()))
    chart = describe_chart(
        _chart(frame, source_order),
        title=_title(terms),
        subtitle="Per 1,000 words, so long and short articles compare fairly; the count is in brackets.",
        description=summary_sentence(frame),
    )
    return trusted_chart(projector_config(chart))  # tests/test_text.py validates these specs


def _step(n_terms: int) -> int:
    return max(14, 22 - 2 * n_terms)


class _SpecTemplate:
    """Fast chart updates for the widget: patch a Vega-Lite spec instead of rebuilding.

    Building the altair chart and validating it (``JupyterChart`` calls
    ``to_dict()``) took about 90 ms per keystroke on the shipped data. The
    spec of the chart of no terms is made once by altair (:func:`spec_template`
    keeps one per kernel); each chart copies it and changes only the data,
    sort orders, colour domain, axis end, height step, title and
    description. A test checks that the patched spec equals the chart altair
    builds for the same terms.
    """

    def __init__(self, source_order: list[str]) -> None:
        self.source_order = source_order
        spec = _titled(empty_frequencies(), source_order).to_dict()
        spec.pop("datasets", None)
        spec["data"] = {"values": []}
        self.spec = spec

    def render(self, frame: pd.DataFrame, description: str | None = None) -> dict[str, Any]:
        """The spec of :func:`term_chart` for ``frame``; ``description`` is its summary sentence (computed when ``None``)."""
        columns = {column: frame[column].tolist() for column in frame.columns}
        columns["label"] = _labels(frame)
        terms = list(dict.fromkeys(columns["term"]))
        present = set(columns["source_label"])
        sources = [s for s in self.source_order if s in present]
        spec = copy.deepcopy(self.spec)
        spec["data"] = {"values": [dict(zip(columns, row)) for row in zip(*columns.values())]}
        spec["title"]["text"] = _title(terms)
        spec["description"] = summary_sentence(frame) if description is None else description
        spec["height"] = {"step": _step(len(terms))}
        for layer in spec["layer"]:
            enc = layer["encoding"]
            enc["y"]["sort"] = sources
            enc["yOffset"]["sort"] = terms
            enc["x"]["scale"]["domainMax"] = _x_max(frame)
            if "color" in enc:
                enc["color"]["sort"] = terms
                enc["color"]["scale"]["domain"] = terms
                enc["color"]["scale"]["range"] = categorical_colors(len(terms))
        return spec


def term_chart(
    terms: str | Sequence[str], *, sources: str | Sequence[str] | None = None, path: PathLike = None
) -> alt.LayerChart:
    """Grouped bar chart: each term's frequency per 1,000 words in each source.

    Parameters
    ----------
    terms : str or sequence of str
        ``"Kyiv, Kiev"`` or ``["invasion", "operation"]`` (matched as in
        :func:`peacekit.text.term_frequencies`).
    sources : str or sequence of str, optional
        Source ids (default: all).
    path : str or path-like, optional
        A datasets folder.

    Returns
    -------
    altair.LayerChart
        Bars coloured by term (Okabe-Ito) **and** labelled with the term, the
        rate and the count, so colour is not the only cue; tooltip with the
        count and word total; title, plain axis titles and a ``description``
        (:func:`summary_sentence`).
    """
    index = shared_index(path)
    frame = index.term_frequencies(terms, sources=sources)
    order = tuple(index.corpus.source_label[s] for s in index.source_ids)
    return spec_chart(spec_template(order).render(frame))


@functools.lru_cache(maxsize=8)
def spec_template(source_order: tuple[str, ...]) -> _SpecTemplate:
    """The term chart's :class:`_SpecTemplate` for these sources, made (by altair) once per kernel."""
    return _SpecTemplate(list(source_order))


def spec_chart(spec: dict[str, Any]) -> Any:
    """The ``alt.LayerChart`` of a finished term-chart spec, marked as built by the kit.

    Its layers are altair's plain spec classes holding the dicts (altair's
    compound charts take schema objects, not dicts, and copy these as data);
    ``to_dict()`` gives ``spec`` back, its rows moved to ``datasets`` as
    altair does. No chart is built mark by mark: about 1 ms instead of the
    tens of milliseconds altair's chart methods and copies take.
    """
    import altair as alt

    top = {key: value for key, value in spec.items() if key not in ("$schema", "layer")}
    layers = [unit_spec(layer) for layer in spec["layer"]]
    return trusted_chart(alt.LayerChart(layer=layers, **top))


def kwic_rows(lines: pd.DataFrame, case: Case) -> list[dict[str, Any]]:
    """The rows of ``terms_kwic.html``: one dict of plain text per KWIC line."""
    return [
        {"source": case.source_label.get(sid, sid), "paragraph": int(paragraph), "speaker": text(speaker),
         "left": left, "match": match, "right": right}
        for sid, paragraph, speaker, left, match, right in zip(
            lines["source_id"].tolist(), lines["paragraph"].tolist(), lines["speaker"].tolist(),
            lines["left"].tolist(), lines["match"].tolist(), lines["right"].tolist())
    ]


def kwic_table(lines: pd.DataFrame, term: str, case: Case, *, total: int | None = None) -> Markup:
    """KWIC lines as a rendered table (``Markup``; empty when there are no lines)."""
    total = len(lines) if total is None else total
    caption = f"“{term}” in context: {plural(total, 'use')}"
    if total > len(lines):
        caption += f" (showing the first {len(lines):,})"
    if lines.empty:
        return Markup("")
    return render("terms_kwic.html", caption=caption, rows=kwic_rows(lines, case))


def kwic_html(lines: pd.DataFrame, term: str, corpus: Case, *, total: int | None = None) -> str:
    """KWIC lines as an HTML table; the match is in ``<mark><strong>``; all text escaped."""
    return str(kwic_table(lines, term, corpus, total=total))


def term_explorer_widget(terms: str = "", *, path: PathLike = None) -> TermExplorer:
    """Type one or two terms; see how often each source uses them, and where.

    Parameters
    ----------
    terms : str
        Terms shown first, comma-separated (e.g. ``"Kyiv, Kiev"``); empty
        shows a sentence asking for a term.
    path : str or path-like, optional
        A datasets folder (read once, when the widget is created).

    Returns
    -------
    TermExplorer
        A :class:`peacekit.widgets.Panel` (an ``ipywidgets.VBox``) with

        ``controls``
            ``"terms"`` (Text; updates on Enter or when focus leaves),
            ``"sources"`` (SelectMultiple of source ids, all selected).
        ``views``
            ``"chart"`` (``alt.JupyterChart``: :func:`term_chart`; after an
            update its ``.spec`` holds the current Vega-Lite spec — it is
            patched directly for speed, so ``.chart`` keeps the first chart),
            ``"summary"`` (HTML: the chart's one-sentence summary),
            ``"message"`` (HTML: a sentence when a term is not found, none is
            given or no source is picked; empty otherwise), ``"kwic"`` (HTML:
            keyword-in-context tables, at most :data:`MAX_KWIC_LINES` lines per
            term).
    """
    from peacekit.widgets.terms import TermExplorer

    return TermExplorer(Case(path=path), terms)
