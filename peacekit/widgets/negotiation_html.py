"""The negotiation table's HTML: rows prepared here, rendered from ``negotiation_*.html`` templates.

Every view is rendered from a template (autoescaped) and wrapped with the
kit's CSS block (:func:`peacekit.templates.view`); the look is in
``CSS_NEGOTIATION`` of :mod:`peacekit.style`.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
from markupsafe import Markup

from peacekit.negotiation import VERDICT_SYMBOLS, _Model, _party_sentence, _verdict
from peacekit.templates import message, render, view

__all__ = ["Fragments", "package_text", "search_view", "summary_view"]

POSITION_WORDS = {
    "requires": "requires it",
    "rejects": "rejects it",
    "accepts": "accepts it either way",
    "unknown": "position unknown",
}
VERDICT_WORDS = {"meets": "meets", "crosses": "crosses a red line", "unknown": "unknown"}


class Fragments:
    """Each party's rendered section per package, kept once rendered.

    Built once per model. A party's section depends only on which of *its*
    terms the package includes, so ticking a term re-renders only the
    parties with a stated position on it.
    """

    def __init__(self, model: _Model) -> None:
        self.model = model
        # party_id -> its stated positions: (term_id, position, term label, evidence, note)
        self.stated: dict[str, list[tuple[str, str, str, list[tuple[Markup, str]], str]]] = {
            p: [] for p in model.party_ids
        }
        self._evidence: dict[str, Markup] = {}
        self._sections: dict[tuple[str, tuple[bool, ...]], tuple[Markup, bool]] = {}
        for record in model.stated.to_dict("records"):
            evidence = [(self._evidence_html(i), i) for i in record["evidence_ids"]]
            self.stated[record["party_id"]].append(
                (record["term_id"], record["position"], model.term_labels[record["term_id"]], evidence, record["note"])
            )

    def _evidence_html(self, evidence_id: str) -> Markup:
        """The look-up's attributed HTML of one evidence id (empty when the id is unknown)."""
        if evidence_id not in self._evidence:
            # describe_html escapes every dataset field it shows (tests/test_escaping.py)
            self._evidence[evidence_id] = Markup(self.model.lookup.describe_html(evidence_id))
        return self._evidence[evidence_id]

    def party(self, party_id: str, package: set[str]) -> tuple[Markup, bool]:
        """Return (rendered section, acceptable) for one party and a package."""
        key = (party_id, tuple(item[0] in package for item in self.stated[party_id]))
        if key not in self._sections:
            self._sections[key] = self._render(party_id, key[1])
        return self._sections[key]

    def _render(self, party_id: str, included: tuple[bool, ...]) -> tuple[Markup, bool]:
        items = self.stated[party_id]
        rows = [_row(*item[1:], inside) for item, inside in zip(items, included, strict=True)]
        counts = {verdict: 0 for verdict in VERDICT_WORDS}
        for row in rows:
            counts[row["verdict"]] += 1
        crossed = [row["term"] for row in rows if row["verdict"] == "crosses"]
        label = self.model.party_labels[party_id]
        sentence = _party_sentence(label, counts["meets"], counts["crosses"], counts["unknown"], crossed)
        mark = "✗" if counts["crosses"] else ("✓" if items else "?")
        section = render("negotiation_party.html", mark=mark, label=label, sentence=sentence, rows=rows)
        return section, counts["crosses"] == 0

    def parties_view(self, party_ids: list[str], package: set[str]) -> tuple[str, int]:
        """Return (the parties view, how many of ``party_ids`` accept the package)."""
        sections = [self.party(p, package) for p in party_ids]
        accepting = sum(ok for _, ok in sections)
        return view(Markup("").join(section for section, _ in sections)), accepting


def _row(position: str, term: str, evidence: list[tuple[Markup, str]], note: str, included: bool) -> dict[str, Any]:
    """One stated position as a table row (plain values for the template), its term in or out of the package."""
    verdict = _verdict(position, included)
    extra = " (acceptable)" if position == "accepts" else ""
    return {
        "verdict": verdict,
        "word": f"{VERDICT_SYMBOLS[verdict]} {VERDICT_WORDS[verdict]}{extra}",
        "term": term,
        "where": "in the package" if included else "left out",
        "position": POSITION_WORDS[position],
        "evidence": evidence,
        "note": note,
    }


def package_text(model: _Model, package: set[str]) -> str:
    """The ticked terms in words (dataset order), or what the empty package means."""
    labels = [model.term_labels[t] for t in model.term_ids if t in package]
    if not labels:
        return "No terms ticked: this is the empty package (a deal with none of the terms)."
    return "Package: " + "; ".join(labels) + "."


def summary_view(package: str, *, accepting: int = 0, chosen: int = 0) -> str:
    """The summary view: the package, then how many of the ``chosen`` parties accept it."""
    if not chosen:
        note = "No party is chosen. Choose at least one party to see its positions."
        return view(render("negotiation_summary.html", package=package, summary="", note=note))
    summary = (
        f"{accepting} of {chosen} chosen {'party finds' if chosen == 1 else 'parties find'} "
        f"this package acceptable (no red line crossed)."
    )
    return view(render("negotiation_summary.html", package=package, summary=summary, note=""))


def search_view(result: pd.DataFrame, model: _Model) -> str:
    """The search view: the result's sentence and the best packages, each with who refuses it."""
    sentence = result.attrs.get("sentence", "")
    if result.empty:
        return message(sentence or "No packages to show.")
    kind = "warning" if result.attrs.get("no_package_satisfies_all") else "info"
    items: list[dict[str, Any]] = []
    for row in result.to_dict("records"):
        total = row["parties_total"]
        if row["satisfies_all"]:
            verdict = f"✓ acceptable to all {total} parties"
        else:
            refusing = "; ".join(model.party_labels[p] for p in row["not_acceptable_to"])
            verdict = (f"acceptable to {row['parties_acceptable']} of {total} parties "
                       f"(✗ crosses a red line of: {refusing})")
        items.append({"terms": row["terms"], "verdict": verdict, "met": row["requirements_met"],
                      "crossed": row["red_lines_crossed"]})
    return view(render("negotiation_search.html", sentence=sentence, kind=kind, items=items))
