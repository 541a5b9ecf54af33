"""The case, loaded once: the one data layer behind every widget and plain twin.

A :class:`Case` reads one datasets folder through the public loaders in
:mod:`peacekit.data` and keeps what the widgets and their plain twins need:
the tables, id → label look-ups, the kinds of text, article paragraphs and
the evidence look-up (:attr:`Case.evidence`: attributed text for any claim,
event or figure id), each read on first use. Interactions then never touch
the CSV files again.

Nothing in this module knows a source, theme or claim by name.
"""

from __future__ import annotations

import os
from collections import namedtuple
from collections.abc import Iterable
from typing import Any

import numpy as np
import pandas as pd

from peacekit import data as _data
from peacekit._values import as_list, text as text_or_empty, unknown_ids_sentence
from peacekit.style import join_words

PathLike = str | os.PathLike[str] | None

#: The kinds of text a source can be (``sources.csv`` column ``kind``), in display order.
SOURCE_KINDS: tuple[str, ...] = ("commentary", "news", "primary")
#: How a kind is said in headings.
KIND_WORDS: dict[str, str] = {
    "commentary": "commentary (op-eds, analysis, advocacy)",
    "news": "news reports",
    "primary": "primary documents (a party's own words)",
    "": "kind not recorded",
}

ROLE_WORDS: dict[str, str] = {"author": "author", "reported": "reported speaker"}
CONFIDENCE_QUALIFIER: dict[str, str] = {"confirmed": "confirmed", "inferred": "inferred", "unknown": "unknown"}


def records(frame: pd.DataFrame, columns: list[str] | None = None) -> list[Any]:
    """Rows of ``frame`` as namedtuples, much faster than ``itertuples`` with pandas 3 string columns."""
    columns = list(frame.columns) if columns is None else columns
    row_type = namedtuple("Row", columns, rename=True)  # type: ignore[misc]
    return [row_type(*values) for values in zip(*(frame[c].tolist() for c in columns))]


def json_records(frame: pd.DataFrame) -> list[dict[str, Any]]:
    """Rows as JSON-ready dicts (missing values as ``None``), for inline chart data."""
    columns = list(frame.columns)
    lists = []
    for c in columns:
        values = frame[c].astype(object).tolist()
        lists.append([None if (v is None or v is pd.NA or (isinstance(v, float) and v != v)) else v for v in values])
    return [dict(zip(columns, row)) for row in zip(*lists)]


class Case:
    """The tables of one datasets folder, loaded once and read on first use.

    Parameters
    ----------
    path : str or path-like, optional
        A datasets folder (default: the loaders' default).
    """

    def __init__(self, *, path: PathLike = None) -> None:
        self.path = path
        sources = _data.sources(path=path)
        themes = _data.themes(path=path)

        self.sources = sources.reset_index(drop=True)
        self.themes = themes.reset_index(drop=True)
        self.source_ids: list[str] = [str(s) for s in self.sources["source_id"]]
        self.theme_ids: list[str] = [str(t) for t in self.themes["theme_id"]]
        self.source_label: dict[str, str] = {
            sid: text_or_empty(label) or sid for sid, label in zip(self.source_ids, self.sources["short_label"])
        }
        self.theme_label: dict[str, str] = {
            tid: text_or_empty(label) or tid for tid, label in zip(self.theme_ids, self.themes["label"])
        }
        self.proposition: dict[str, str] = {
            tid: text_or_empty(p) for tid, p in zip(self.theme_ids, self.themes["proposition"])
        }
        self.source_order = {sid: i for i, sid in enumerate(self.source_ids)}
        self.theme_order = {tid: i for i, tid in enumerate(self.theme_ids)}
        # (label, id) pairs in dataset order: the options of every source or theme control
        self.source_options: list[tuple[str, str]] = [(self.source_label[s], s) for s in self.source_ids]
        self.theme_options: list[tuple[str, str]] = [(self.theme_label[t], t) for t in self.theme_ids]
        # what kind of text each source is (commentary, news, primary) and, for a primary
        # document, whose words it is; "" when the dataset has no such column or the cell is empty
        self.source_kind: dict[str, str] = self._column_by_source("kind")
        self.source_party: dict[str, str] = self._column_by_source("party_id")
        self.kinds: list[str] = [k for k in SOURCE_KINDS if k in self.source_kind.values()] + sorted(
            {k for k in self.source_kind.values() if k and k not in SOURCE_KINDS}
        )

        self._claims: pd.DataFrame | None = None
        self._paragraphs: dict[str, list[str]] = {}
        self._tables: dict[str, pd.DataFrame] = {"sources": sources, "themes": themes}
        self._evidence: Any = None

    # ---------------------------------------------------------------- tables
    def table(self, name: str) -> pd.DataFrame:
        """The loaded table ``name`` (``"claims"``, ``"timeline"``, ``"parties"`` …), read once.

        As returned by the public loader of the same name; do not change it.
        """
        if name not in self._tables:
            loader = getattr(_data, name)
            self._tables[name] = loader(path=self.path)
        return self._tables[name]

    def optional_table(self, name: str, columns: Iterable[str] = ()) -> pd.DataFrame:
        """Like :meth:`table`, but a table this datasets folder lacks is an empty frame.

        For tables that only enrich a view (a teacher's folder without them
        still works); a table that exists but is malformed still raises.
        """
        key = "optional:" + name
        if key not in self._tables:
            from peacekit._evidence import load_optional

            self._tables[key] = load_optional(name, path=self.path, columns=columns)
        return self._tables[key]

    @property
    def evidence(self) -> Any:
        """The evidence look-up (:class:`peacekit._evidence.Lookup`) built from this case's tables."""
        if self._evidence is None:
            from peacekit._evidence import Lookup

            self._evidence = Lookup.from_tables(
                claims=self.optional_table("claims"),
                timeline=self.optional_table("timeline"),
                figures=self.optional_table("figures"),
                sources=self.optional_table("sources"),
            )
        return self._evidence

    def _column_by_source(self, column: str) -> dict[str, str]:
        if column not in self.sources.columns:
            return {sid: "" for sid in self.source_ids}
        return {sid: text_or_empty(v).strip() for sid, v in zip(self.source_ids, self.sources[column])}

    def sources_of_kinds(self, kinds: Iterable[str]) -> list[str]:
        """Source ids (dataset order) whose ``kind`` is one of ``kinds``."""
        wanted = set(kinds)
        return [s for s in self.source_ids if self.source_kind[s] in wanted]

    @property
    def claims(self) -> pd.DataFrame:
        """The claims (read on first use), with label and order columns added."""
        if self._claims is not None:
            return self._claims
        c = _data.claims(path=self.path).reset_index(drop=True).copy()
        for col in ("claim_id", "source_id", "theme_id", "speaker", "quote", "paraphrase"):
            c[col] = c[col].astype("string")
        for col in ("speaker_role", "claim_type", "evidence_type"):
            c[col] = c[col].astype("string")
        c["stance"] = pd.to_numeric(c["stance"], errors="coerce").astype("Int64")
        c["paragraph"] = pd.to_numeric(c["paragraph"], errors="coerce").astype("Int64")
        c["source_label"] = c["source_id"].map(self.source_label).astype("string")
        c["source_kind"] = c["source_id"].map(self.source_kind).fillna("").astype("string")
        c["theme_label"] = c["theme_id"].map(self.theme_label).astype("string")
        c["_source_order"] = c["source_id"].map(self.source_order).fillna(len(self.source_ids)).astype(int)
        c["_theme_order"] = c["theme_id"].map(self.theme_order).fillna(len(self.theme_ids)).astype(int)
        self._claims = c
        return c

    # ------------------------------------------------------------------ text
    def paragraphs(self, source_id: str) -> list[str]:
        """The paragraphs of one article (read once, then kept)."""
        if source_id not in self._paragraphs:
            self._paragraphs[source_id] = _data.paragraphs(source_id, path=self.path)
        return self._paragraphs[source_id]

    def read_all_paragraphs(self) -> None:
        """Read every article's paragraphs now, the folder checked once (for the text index)."""
        missing = [s for s in self.source_ids if s not in self._paragraphs]
        if missing:
            texts = _data._articles(missing, path=self.path)
            self._paragraphs.update({s: _data.split_paragraphs(texts[s]) for s in missing})

    # ------------------------------------------------------------ checking
    def check_source_ids(self, ids: Iterable[Any], *, what: str = "source") -> list[str]:
        """Return ``ids`` as strings; raise a ValueError naming any unknown one (with a suggestion)."""
        return _known_ids(ids, self.source_ids, self.source_order, kind=f"{what} id")

    def check_theme_ids(self, ids: Iterable[Any]) -> list[str]:
        """Return ``ids`` as strings; raise a ValueError naming any unknown one (with a suggestion)."""
        return _known_ids(ids, self.theme_ids, self.theme_order, kind="theme id")

    def check_kinds(self, kinds: Any) -> list[str] | None:
        """``kinds`` (one kind of text or several) as a list; None stays None; unknown kinds raise."""
        wanted = as_list(kinds, text_or_empty)
        unknown = [k for k in wanted or () if k not in self.kinds]
        if unknown:
            choices = ", ".join(self.kinds) if self.kinds else "none: this dataset records no kind of text"
            raise ValueError(
                f"Unknown kind of text {join_words(repr(u) for u in unknown)}. Kinds in this dataset: {choices}."
            )
        return wanted

    # ------------------------------------------------------ argument builder
    def source_stance(self) -> dict[tuple[str, str], float]:
        """The mean coded stance of each source on each theme: ``(source_id, theme_id) -> mean``.

        Only pairs with at least one coded claim are present. Computed once.
        """
        found: dict[tuple[str, str], float] | None = getattr(self, "_source_stance", None)
        if found is None:
            claims = self.claims
            coded = claims[claims["stance"].notna()]
            means = coded.groupby(["source_id", "theme_id"], sort=False)["stance"].mean()
            found = {(str(s), str(t)): float(v) for (s, t), v in means.items()}
            self._source_stance = found
        return found


def _known_ids(ids: Iterable[Any], known: list[str], order: dict[str, int], *, kind: str) -> list[str]:
    """``ids`` as strings, or a ValueError with the kit's one unknown-id sentence."""
    ids = [str(i) for i in ids]
    unknown = [i for i in ids if i not in order]
    if unknown:
        raise ValueError(unknown_ids_sentence(unknown, known, kind=kind))
    return ids


def date_words(date: Any, precision: Any) -> str:
    """Say a (partial) date in words: ``"18 August 2025"``, ``"September 2025"``, ``"2025"``."""
    text = text_or_empty(date)
    if not text:
        return ""
    precision = text_or_empty(precision) or "day"
    try:
        stamp = pd.Timestamp(text)
    except (ValueError, TypeError):
        return text
    if precision == "year" or len(text) == 4:
        return f"{stamp.year}"
    if precision == "month" or len(text) == 7:
        return f"{stamp.strftime('%B')} {stamp.year}"
    return f"{stamp.day} {stamp.strftime('%B')} {stamp.year}"
