"""The argument builder's parts: its controls, its layout and its views' HTML.

Used by :class:`peacekit.widgets.argument.ArgumentBuilder`; the checks, the
Markdown export and the saved entries live in :mod:`peacekit.argument`.
Every view is rendered from an ``argument_*.html`` template (autoescaped).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import quote as url_quote

import ipywidgets as widgets

from peacekit import _ui
from peacekit._evidence import date_text
from peacekit.argument import _candidates, _short, _theme_label
from peacekit.case import Case
from peacekit.style import CONTROL_STYLE, stance_label
from peacekit.templates import message, render, view

#: The text areas: control name -> (description, placeholder and tooltip, rows).
TEXT_AREAS: dict[str, tuple[str, str, int]] = {
    "claim": ("Your claim", "One or two sentences saying what you think.", 2),
    "reasons": ("Reasons", "One reason per line.", 4),
    "counter": ("Steelman", "The opposing view in your own words, as strong as its best defender would make it.", 3),
    "rebuttal": ("Rebuttal", "Why the opposing view does not change your conclusion, or what you concede.", 3),
    "limits": ("Limits", "What your argument cannot show: what the texts leave out, and what source would test it.", 3),
}
VIEWS = ("proposition", "counter_note", "gaps", "markdown", "download", "saved")
NO_THEME_OR_STANCE = ("(choose a theme and your stance first)", None)


def _wide(control: widgets.Widget) -> widgets.Widget:
    control.layout = widgets.Layout(width="95%", max_width="900px")
    return control


def _text_area(description: str, placeholder: str, rows: int) -> widgets.Textarea:
    return _wide(widgets.Textarea(description=description, placeholder=placeholder, tooltip=placeholder, rows=rows,
                                  style=dict(CONTROL_STYLE), continuous_update=False))


def _evidence_controls(case: Case) -> dict[str, widgets.SelectMultiple]:
    """The three evidence lists: claims, timeline events, figures (from :attr:`Case.evidence`)."""
    lookup = case.evidence
    claims = [(f"{cid} · {_short(r.get('speaker'), 30)} · {_short(r.get('paraphrase'), 70)}", cid)
              for cid, r in lookup.claims.items()]
    events = [(f"{date_text(r.get('date'))} · {_short(r.get('event'), 80)}", eid) for eid, r in lookup.events.items()]
    figures = [(f"{_short(r.get('figure'), 70)}: {_short(r.get('value'), 20)} {_short(r.get('unit'), 20)}", fid)
               for fid, r in lookup.figures.items()]
    several = "(Ctrl/Cmd or Shift + arrows for several)"
    return {
        "evidence_claims": _ui.select_multiple(
            "Evidence: claims", claims, rows=8,
            tooltip=f"Claims from the articles that support your reasons {several}"),
        "evidence_events": _ui.select_multiple(
            "Evidence: events", events, rows=6, tooltip=f"Dated, cited facts from the timeline {several}"),
        "evidence_figures": _ui.select_multiple(
            "Evidence: figures", figures, rows=min(max(len(figures), 2), 6), tooltip=f"Cited figures {several}"),
    }


def controls(case: Case, name: str) -> dict[str, widgets.Widget]:
    """Every control of the builder, by its public name (see ``argument_builder_widget``)."""
    found: dict[str, widgets.Widget] = {key: _text_area(*spec) for key, spec in TEXT_AREAS.items()}
    found["theme"] = _ui.dropdown("Theme", [("(choose a theme)", None), *case.theme_options],
                                  tooltip="The theme your claim is about")
    found["stance"] = _ui.dropdown(
        "Your stance", [("(choose your stance)", None)] + [(stance_label(v), v) for v in (-2, -1, 0, 1, 2)],
        tooltip="How far you agree with the theme's proposition")
    found.update({key: _wide(control) for key, control in _evidence_controls(case).items()})
    found["counter_claim"] = _wide(_ui.dropdown(
        "Counter-argument", [NO_THEME_OR_STANCE],
        tooltip="A claim that takes the other side from you on the chosen theme"))
    found["name"] = _ui.text_box(
        "Your name", name, placeholder="Your name: keeps your entries and names your file",
        tooltip="Your name: your entries are saved under it and the download is named after it")
    return found


def layout(c: dict[str, widgets.Widget], v: dict[str, widgets.Widget]) -> list[widgets.Widget]:
    """The builder's children, top to bottom, in four numbered steps."""

    def step(words: str) -> widgets.HTML:
        return widgets.HTML(str(render("argument_step.html", text=words)))

    return [
        c["name"], v["saved"],
        step("1. Your claim"), c["claim"], c["theme"], c["stance"], v["proposition"],
        step("2. Reasons and evidence"), c["reasons"], c["evidence_claims"], c["evidence_events"],
        c["evidence_figures"],
        step("3. The other side"), c["counter_claim"], v["counter_note"], c["counter"], c["rebuttal"], c["limits"],
        step("4. Check and export"), v["gaps"], v["markdown"], v["download"],
    ]  # fmt: skip


# ---------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------


def proposition_html(case: Case, theme_id: str | None, stance: int | None) -> str:
    """The chosen theme's proposition and the student's stance, or a sentence asking for a theme."""
    if theme_id is None:
        return message("Choose a theme: its proposition is what your stance is measured against.")
    words = stance_label(stance) if stance is not None else ""
    return view(render("argument_proposition.html", proposition=case.proposition.get(theme_id, ""), stance=words))


def _counter_label(row: dict[str, Any]) -> str:
    return (f"{row['claim_id']} · {_short(row['speaker'], 28)} ({_short(row['source'], 30)}) · "
            f"{stance_label(row['stance'])} · {_short(row['paraphrase'], 60)}")


def counter_choices(case: Case, theme_id: str | None, stance: int | None) -> tuple[list[tuple[str, Any]], str]:
    """The counter-argument options for a theme and stance, and the note that goes with them."""
    if theme_id is None or stance is None:
        return [NO_THEME_OR_STANCE], message(
            "Choose a theme and your stance to see the claims that take the other side.")
    found = _candidates(case, theme_id, stance)
    label = _theme_label(case, theme_id)
    if found.empty:
        return [("(no claim takes the other side)", None)], message(
            f"No claim in the dataset takes the other side from yours on “{label}”. The corpus is not "
            "balanced: write the strongest opposing view yourself in the Steelman box, and say where "
            "someone holding it could be found.")
    rows = found.to_dict("records")
    options = [("(choose a counter-argument)", None)] + [(_counter_label(r), r["claim_id"]) for r in rows]
    return options, view(render("argument_counter_note.html", count=len(rows), label=label))


def gaps_html(gaps: list[str]) -> str:
    """The live list of what is missing, or a sentence that nothing is."""
    return view(render("argument_gaps.html", gaps=gaps, count=len(gaps)))


def export_html(markdown: str) -> str:
    """The Markdown export in a keyboard-reachable, named ``<pre>``."""
    return view(render("argument_export.html", markdown=markdown))


def download_html(markdown: str, file_name: str) -> str:
    """A link that downloads ``markdown`` as ``file_name`` (a ``data:`` URI: no network)."""
    return view(render("argument_download.html", file_name=file_name, href=url_quote(markdown, safe="")))
