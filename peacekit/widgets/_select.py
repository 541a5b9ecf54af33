"""A multiple-choice list that stays quick with thousands of options (private).

``ipywidgets.SelectMultiple`` checks a new value by comparing each picked
value with the options one by one in Python, and finds each one's position
the same way: picking 800 of 1,600 sources costs about a million
comparisons (~0.1 s) before the widget's own view is even computed. This
subclass finds values, labels and positions in dicts built once per set of
options. It is the same widget in the browser (same model and view); with
options that cannot be dict keys it falls back to ipywidgets' own checks.
Every list of the kit's widgets is one (``peacekit._ui.select_multiple``).
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
from traitlets import TraitError, observe, validate

__all__ = ["LargeSelectMultiple"]


class LargeSelectMultiple(widgets.SelectMultiple):
    """``ipywidgets.SelectMultiple`` whose value and label checks take linear time."""

    _positions_of: Any = None
    _positions: tuple[dict[Any, int], dict[str, int]] | None = None

    def _lookup(self) -> tuple[dict[Any, int], dict[str, int]] | None:
        """Position of each option value and label (first one wins, as ``tuple.index``); None if unhashable."""
        options = self._options_values
        if self._positions_of is not options:
            try:
                values: dict[Any, int] = {}
                for i, v in enumerate(options):
                    values.setdefault(v, i)
            except TypeError:
                self._positions = None
            else:
                labels: dict[str, int] = {}
                for i, label in enumerate(self._options_labels):
                    labels.setdefault(label, i)
                self._positions = (values, labels)
            self._positions_of = options
        return self._positions

    def _where(self, items: Any, which: int) -> tuple[int, ...] | None:
        lookup = self._lookup()
        if lookup is None:
            return None
        try:
            return tuple(lookup[which][item] for item in items)
        except KeyError:
            raise TraitError("Invalid selection: value not found") from None
        except TypeError:  # an unhashable value: let ipywidgets compare it
            return None

    @validate("value")
    def _validate_value(self, proposal: Any) -> tuple[Any, ...]:
        index = self._where(proposal.value, 0)
        if index is None:
            return super()._validate_value(proposal)
        return tuple(self._options_values[i] for i in index)

    @observe("value")
    def _propagate_value(self, change: Any) -> None:
        index = self._where(change.new, 0)
        if index is None:
            super()._propagate_value(change)
        elif self.index != index:
            self.index = index

    @validate("label")
    def _validate_label(self, proposal: Any) -> tuple[str, ...]:
        if self._where(proposal.value, 1) is None:
            return super()._validate_label(proposal)
        return proposal.value

    @observe("label")
    def _propagate_label(self, change: Any) -> None:
        index = self._where(change.new, 1)
        if index is None:
            super()._propagate_label(change)
        elif self.index != index:
            self.index = index
