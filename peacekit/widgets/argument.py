"""The argument builder: :class:`ArgumentBuilder`, built by :func:`peacekit.argument_builder_widget`.

A student writes a claim, reasons, a steelman, a rebuttal and limits, picks
a theme, a stance, evidence and a counter-argument from the dataset, and sees
live what is missing and the Markdown export. With a name, every change is
saved beside the notebook and a builder made later starts from it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import traitlets

from peacekit import _ui
from peacekit._values import text
from peacekit.argument import (
    RESTORE_ORDER, STATE_FIELDS, Argument, _clean_lines, _gaps, _markdown, argument_file_name, read_entries,
    save_entries,
)  # fmt: skip
from peacekit.case import Case
from peacekit.templates import message
from peacekit.widgets import argument_parts as parts
from peacekit.widgets._panel import Panel

__all__ = ["ArgumentBuilder"]

#: Controls whose change recomputes the views (the theme and stance also refilter the counter-arguments).
_REFRESHING = ("claim", "reasons", "evidence_claims", "evidence_events", "evidence_figures", "counter_claim",
               "counter", "rebuttal", "limits", "name")


def _put_back(control: Any, value: Any) -> None:
    """Set a control to a saved value, keeping only the choices it still offers."""
    if hasattr(control, "options"):
        allowed = {v for _, v in control.options}
        if isinstance(value, list):
            control.value = tuple(v for v in value if v in allowed)
        elif value in allowed:
            control.value = value
    elif isinstance(value, str):
        control.value = value


class ArgumentBuilder(Panel):
    """The argument builder (see :func:`peacekit.argument_builder_widget` for its controls and views).

    Parameters
    ----------
    path : str or Path, optional
        A datasets folder (default: the kit's own).
    name : str, optional
        The student's name; with it, only that student's saved entries are restored.
    save_dir : str or Path, optional
        Where the entries are saved (default: the working directory).
    """

    markdown = traitlets.Unicode("", help="The current Markdown export, to copy.")

    def __init__(self, *, path: str | Path | None = None, name: str | None = None,
                 save_dir: str | Path | None = None) -> None:
        case = Case(path=path)
        controls = parts.controls(case, text(name))
        views = {key: _ui.html_view() for key in parts.VIEWS}
        super().__init__(parts.layout(controls, views), controls=controls, views=views)
        self._case = case
        self._name = text(name)
        self._folder = Path(save_dir) if save_dir is not None else Path.cwd()
        self.watch(self.refresh, *(controls[key] for key in _REFRESHING))
        self.watch(self._theme_or_stance, controls["theme"], controls["stance"])
        self._refresh_counter_options()
        self._show()
        self._restore()
        if not views["saved"].value:
            self._save()

    @property
    def argument(self) -> Argument:
        """The argument as the controls now describe it."""
        c = self.controls
        return Argument(
            claim=c["claim"].value,
            reasons=_clean_lines(c["reasons"].value),
            evidence=[*c["evidence_claims"].value, *c["evidence_events"].value, *c["evidence_figures"].value],
            counter_claim_id=c["counter_claim"].value,
            counter=c["counter"].value,
            rebuttal=c["rebuttal"].value,
            theme_id=c["theme"].value,
            stance=c["stance"].value,
            limits=c["limits"].value,
        )

    # ---------------------------------------------------------------- views
    def refresh(self, _change: Any = None) -> None:
        """Recompute the views from the controls, then save the entries (once a name is given)."""
        self._show()
        self._save()

    def _theme_or_stance(self, _change: Any = None) -> None:
        self._refresh_counter_options()
        self.refresh()

    def _show(self) -> None:
        c, v, case = self.controls, self.views, self._case
        arg = self.argument
        _ui.set_html(v["proposition"], parts.proposition_html(case, c["theme"].value, c["stance"].value))
        _ui.set_html(v["gaps"], parts.gaps_html(_gaps(arg, case)))
        self.markdown = _markdown(arg, case, student=c["name"].value)
        _ui.set_html(v["markdown"], parts.export_html(self.markdown))
        file_name = argument_file_name(c["name"].value, c["theme"].value)
        _ui.set_html(v["download"], parts.download_html(self.markdown, file_name))

    def _refresh_counter_options(self) -> None:
        """Offer the claims that take the other side; keep the chosen one while it still does."""
        counter = self.controls["counter_claim"]
        options, note = parts.counter_choices(self._case, self.controls["theme"].value, self.controls["stance"].value)
        keep = counter.value
        with self.quiet():
            counter.options = options
            counter.value = keep if keep in {v for _, v in options} else None
        _ui.set_html(self.views["counter_note"], note)

    # --------------------------------------------------------- saved entries
    def _save(self) -> None:
        state = {key: self.controls[key].value for key in STATE_FIELDS}
        _ui.set_html(self.views["saved"], message(save_entries(self._folder, state)))

    def _restore(self) -> None:
        """Start from the most recently saved entries in the folder, if any."""
        state, sentence = read_entries(self._folder, self._name)
        if state is None:
            if sentence:
                _ui.set_html(self.views["saved"], message(sentence))
            return
        with self.quiet():
            for key in RESTORE_ORDER:
                if key in state:
                    _put_back(self.controls[key], state[key])
                if key == "stance":  # the counter-argument's choices depend on the theme and stance
                    self._refresh_counter_options()
        self.refresh()
        _ui.set_html(self.views["saved"], message(sentence))
