"""peacekit: the small library behind the peacekit lessons.

``import peacekit as pk`` changes nothing: no renderer is enabled, no option
is set and no data is read until a function is called. The public names are
loaded on first use, so the import stays fast.

Examples
--------
>>> import peacekit as pk
>>> pk.setup()                     # doctest: +SKIP
>>> pk.claims().head()             # doctest: +SKIP
"""

from __future__ import annotations

import importlib
from typing import Any

__version__ = "1.0.0"

# public name -> module that defines it
_LAZY: dict[str, str] = {
    # data
    "data_dir": "peacekit.data",
    "sources": "peacekit.data",
    "claims": "peacekit.data",
    "themes": "peacekit.data",
    "timeline": "peacekit.data",
    "nato_members": "peacekit.data",
    "figures": "peacekit.data",
    "parties": "peacekit.data",
    "terms": "peacekit.data",
    "positions": "peacekit.data",
    "article": "peacekit.data",
    "paragraphs": "peacekit.data",
    "claim_events": "peacekit.data",
    "validate": "peacekit.validation",
    # display
    "setup": "peacekit.display",
    "environment_report": "peacekit.display",
    "sourcing_line": "peacekit.display",
    "source_picker_widget": "peacekit.display",
    # checks
    "check": "peacekit.checks",
    "hint": "peacekit.checks",
    # comparison widgets
    "compare": "peacekit.sidebyside",
    "compare_widget": "peacekit.sidebyside",
    "stance_matrix": "peacekit.matrix",
    "corroborate": "peacekit.corroboration",
    "corroborate_widget": "peacekit.corroboration",
    "corroboration_summary": "peacekit.corroboration",
    "stance_matrix_chart": "peacekit.matrix",
    "stance_matrix_widget": "peacekit.matrix",
    "reader_segments": "peacekit.reader",
    "reader_html": "peacekit.reader",
    "reader_widget": "peacekit.reader",
    "term_frequencies": "peacekit.text",
    "kwic": "peacekit.text",
    "distinctive_words": "peacekit.text",
    "term_chart": "peacekit.terms_explorer",
    "term_explorer_widget": "peacekit.terms_explorer",
    # timeline, negotiation, argument
    "timeline_chart": "peacekit.chronology",
    "nato_chart": "peacekit.chronology",
    "event_claims": "peacekit.chronology",
    "timeline_widget": "peacekit.chronology",
    "timeline_events": "peacekit.chronology",
    "timeline_summary": "peacekit.chronology",
    "source_dates": "peacekit.chronology",
    "nato_growth": "peacekit.chronology",
    "nato_summary": "peacekit.chronology",
    "evaluate_package": "peacekit.negotiation",
    "package_summary": "peacekit.negotiation",
    "search_packages": "peacekit.negotiation",
    "negotiation_widget": "peacekit.negotiation",
    "red_line_conflicts": "peacekit.negotiation",
    "no_package_satisfies_all": "peacekit.negotiation",
    "Argument": "peacekit.argument",
    "argument_gaps": "peacekit.argument",
    "argument_markdown": "peacekit.argument",
    "argument_builder_widget": "peacekit.argument",
    "counter_candidates": "peacekit.argument",
    # statistics
    "cohen_kappa": "peacekit.stats",
    "percent_agreement": "peacekit.stats",
}

__all__ = sorted(_LAZY) + ["__version__"]


def __getattr__(name: str) -> Any:
    """Load a public name from its module on first use (PEP 562)."""
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'peacekit' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return __all__
