"""A ``SelectMultiple`` that stays fast with many options (private).

ipywidgets' ``SelectMultiple`` finds each chosen value, label and index by
scanning the options (``tuple.index`` and a linear search per chosen item),
so choosing half of 1,600 sources costs over a million comparisons — about
0.3 s per change before the widget does any work. :class:`FastSelectMultiple`
does the same bookkeeping with dictionaries built once per options list; it
is the same widget in the browser (same model and view).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
from traitlets import validate, observe

__all__ = ["FastSelectMultiple"]


def _positions(items: tuple[Any, ...]) -> dict[Any, int]:
    """The first position of each item (as ``tuple.index`` finds it)."""
    found: dict[Any, int] = {}
    for i, item in enumerate(items):
        found.setdefault(item, i)
    return found


class FastSelectMultiple(widgets.SelectMultiple):
    """``ipywidgets.SelectMultiple`` with dictionary look-ups; options must be hashable (ids, labels)."""

    _pk_values: tuple[Any, ...] | None = None
    _pk_value_at: dict[Any, int]
    _pk_label_at: dict[str, int]

    def _lookups(self) -> tuple[dict[Any, int], dict[str, int]]:
        """Value → index and label → index, rebuilt when the options change."""
        if self._pk_values is not self._options_values:
            self._pk_value_at = _positions(self._options_values)
            self._pk_label_at = _positions(self._options_labels)
            self._pk_values = self._options_values
        return self._pk_value_at, self._pk_label_at

    @validate("value")
    def _validate_value(self, proposal: Any) -> tuple[Any, ...]:
        try:
            at = self._lookups()[0]
            return tuple(self._options_values[at[v]] for v in proposal.value)
        except (KeyError, TypeError):  # not an option, or unhashable: ipywidgets' own check and message
            return super()._validate_value(proposal)

    @observe("value")
    def _propagate_value(self, change: Any) -> None:
        at = self._lookups()[0]
        index = tuple(at[v] for v in change.new)
        if self.index != index:
            self.index = index

    @validate("label")
    def _validate_label(self, proposal: Any) -> tuple[str, ...]:
        at = self._lookups()[1]
        if any(label not in at for label in proposal.value):
            return super()._validate_label(proposal)  # raises ipywidgets' TraitError
        return proposal.value

    @observe("label")
    def _propagate_label(self, change: Any) -> None:
        at = self._lookups()[1]
        index = tuple(at[label] for label in change.new)
        if self.index != index:
            self.index = index
