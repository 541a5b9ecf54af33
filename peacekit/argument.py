"""Build your own argument: claim, reasons, evidence, counter-argument, rebuttal.

An :class:`Argument` holds what a student writes and picks from the dataset.
:func:`argument_gaps` lists, in plain sentences, what is missing or does not
fit — *structural* checks only (is there a reason? does the evidence exist?
does the counter-argument really take the other side on the theme?), never a
judgement of the student's opinion. :func:`argument_markdown` exports the
argument as Markdown, with every quote attributed to its speaker and source
and every fact with its citation, ready for peer review.

The stance of a counter-argument on the chosen theme is the claim's own coded
stance when the claim is about that theme, otherwise the mean coded stance of
its source's claims on the theme. It "takes the other side" when it falls on
the other side of neutral from the student's stance (or is neutral when the
student is not, or the reverse).

Widget: :func:`argument_builder_widget` (:class:`peacekit.widgets.argument.ArgumentBuilder`).
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from peacekit._evidence import date_text, safe_url
from peacekit._values import is_missing, text, unknown_ids_sentence
from peacekit.case import Case

__all__ = [
    "Argument",
    "argument_file_name",
    "argument_gaps",
    "argument_markdown",
    "counter_candidates",
    "argument_builder_widget",
]

_PathLike = str | Path | None


@dataclass
class Argument:
    """A student's argument.

    Parameters
    ----------
    claim : str
        What the student argues, in one or two sentences.
    reasons : list of str
        Why: one reason per item.
    evidence : list of str
        Ids from the dataset that support the reasons: ``claim_id`` values
        (what a source says), ``event_id`` values (dated, cited facts) or
        ``figure_id`` values (cited numbers).
    counter_claim_id : str or None
        A claim from the dataset that argues against the student's claim.
    counter : str
        The student's own restatement of the opposing view, as strong as its
        best defender would make it (a "steelman").
    rebuttal : str
        Why the opposing view does not change the conclusion (or what the
        student concedes).
    theme_id : str or None
        The theme the claim is about (``themes.csv``).
    stance : int or None
        The student's stance on the theme's proposition, -2 (strongly
        disagrees) to 2 (strongly agrees).
    limits : str
        What the argument cannot show: what the corpus leaves out that bears
        on it, and what kind of source would test it (the rubric's "Limits"
        row). Not required by :func:`argument_gaps`.
    """

    claim: str = ""
    reasons: list[str] = field(default_factory=list)
    evidence: list[str] = field(default_factory=list)
    counter_claim_id: str | None = None
    counter: str = ""
    rebuttal: str = ""
    theme_id: str | None = None
    stance: int | None = None
    limits: str = ""


# ---------------------------------------------------------------------------
# Look-ups
# ---------------------------------------------------------------------------


def _counter_stance(case: Case, claim_id: str, theme_id: str) -> float | None:
    """The opposing view's stance on ``theme_id`` (see the module docstring)."""
    record = case.evidence.claims.get(claim_id)
    if record is None:
        return None
    own = record.get("stance")
    if text(record.get("theme_id")) == theme_id and not is_missing(own):
        return float(own)
    return case.source_stance().get((text(record.get("source_id")), theme_id))


def _theme_label(case: Case, theme_id: str) -> str:
    return case.theme_label.get(theme_id, theme_id)


def _side(value: float | None) -> int | None:
    """-1, 0 or 1: which side of neutral a stance is on (None when not coded)."""
    if value is None:
        return None
    if value > 0:
        return 1
    if value < 0:
        return -1
    return 0


def _stance_words(value: float | None) -> str:
    from peacekit.style import stance_label

    if value is None:
        return "no coded stance"
    if float(value).is_integer():
        return stance_label(int(value))
    return f"{value:+.1f} on average ({stance_label(round(value))})"


def _clean_lines(items: Iterable[str] | str | None) -> list[str]:
    if items is None:
        return []
    if isinstance(items, str):
        items = items.splitlines()
    return [text(i) for i in items if text(i)]


def _stance_problem(stance: Any) -> tuple[int | None, str | None]:
    if stance is None or is_missing(stance):
        return None, None
    try:
        value = int(stance)
    except (TypeError, ValueError):
        return None, f"Your stance {stance!r} is not a number; choose one from −2 to +2."
    if value != stance or not -2 <= value <= 2:
        return None, f"Your stance {stance!r} is not one of −2, −1, 0, +1, +2; choose one of those."
    return value, None


# ---------------------------------------------------------------------------
# Gaps
# ---------------------------------------------------------------------------


def _gaps(arg: Argument, case: Case) -> list[str]:
    gaps: list[str] = []
    if not text(arg.claim):
        gaps.append("Your claim is empty: write one or two sentences saying what you think.")
    theme_id = text(arg.theme_id) or None
    if theme_id is None:
        gaps.append("Choose the theme your claim is about.")
    elif theme_id not in case.theme_order:
        gaps.append(f"The theme {theme_id!r} is not in the dataset; choose one from the list of themes.")
        theme_id = None
    stance, stance_issue = _stance_problem(arg.stance)
    if stance_issue:
        gaps.append(stance_issue)
    elif stance is None:
        gaps.append(
            "Choose your stance on the theme's proposition, from −2 (strongly disagree) to +2 (strongly agree)."
        )
    if not _clean_lines(arg.reasons):
        gaps.append("Give at least one reason for your claim (one per line).")
    evidence = _clean_lines(arg.evidence)
    if not evidence:
        gaps.append("Cite at least one piece of evidence: a claim, a timeline event or a figure from the dataset.")
    unknown = [e for e in evidence if case.evidence.kind(e) is None]
    if unknown:
        noun = "This evidence id is" if len(unknown) == 1 else "These evidence ids are"
        gaps.append(
            f"{noun} not in the dataset: {', '.join(unknown)}. Check the spelling, or pick evidence from the lists."
        )
    counter_id = text(arg.counter_claim_id) or None
    if counter_id is None:
        gaps.append("Choose a claim from the dataset that argues against yours (the counter-argument).")
    elif counter_id not in case.evidence.claims:
        gaps.append(f"The counter-argument {counter_id} is not a claim in the dataset; choose one from the list.")
    else:
        if counter_id in evidence:
            gaps.append(
                f"{counter_id} is both your evidence and your counter-argument; a counter-argument argues against you."
            )
        if theme_id is not None and stance is not None:
            theirs = _counter_stance(case, counter_id, theme_id)
            label = _theme_label(case, theme_id)
            if theirs is None:
                gaps.append(
                    f"Neither the counter-argument {counter_id} nor its source has a coded stance on "
                    f"“{label}”, so it cannot show the other side; choose a claim that takes a stance on it."
                )
            elif _side(theirs) == _side(stance):
                gaps.append(
                    f"The counter-argument {counter_id} is on the same side as you on “{label}” "
                    f"(its stance: {_stance_words(theirs)}; yours: {_stance_words(stance)}); "
                    "choose a claim that takes the other side."
                )
    if not text(arg.counter):
        gaps.append(
            "Restate the opposing view in your own words, as strongly as its best defender would (a steelman)."
        )
    if not text(arg.rebuttal):
        gaps.append("Write a rebuttal: say why the opposing view does not change your conclusion, or what you concede.")
    return gaps


def argument_gaps(arg: Argument, *, path: _PathLike = None) -> list[str]:
    """List what is missing or does not fit in an argument, as plain sentences.

    Structural checks only: an empty claim, no theme or stance, no reasons,
    no evidence, evidence ids that are not in the dataset (named), a missing
    or unknown counter-argument, a counter-argument that is not on the other
    side of the theme from the student's stance, an empty steelman, an empty
    rebuttal. The student's opinion is never judged.

    Parameters
    ----------
    arg : Argument
        The argument to check.
    path : str or Path, optional
        A datasets folder (default: the kit's own).

    Returns
    -------
    list of str
        One sentence per gap; empty when the argument is complete.
    """
    return _gaps(arg, Case(path=path))


# ---------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------

_MD_INLINE = re.compile(r"([\\`*_\[\]<>|~&])")
_MD_LINE_START = re.compile(r"^(\s*)([#+\-=>]|\d+(?=[.)]))")


def md_escape(value: Any) -> str:
    """Escape text so Markdown shows it literally.

    Backslash-escapes the characters that start inline markup (``\\ ` * _
    [ ] < > | ~ &``) and a block marker at the start of a line (``#``,
    ``+``, ``-``, ``=``, ``>``, ``1.``); line breaks become spaces.
    """
    flat = " ".join(text(value).split())
    flat = _MD_INLINE.sub(r"\\\1", flat)
    match = _MD_LINE_START.match(flat)
    if match is None:
        return flat
    start, marker = match.group(1), match.group(2)
    if marker[0].isdigit():  # "1." starts an ordered list: escape the dot or bracket
        end = match.end()
        return f"{start}{marker}\\{flat[end:]}"
    return f"{start}\\{marker}{flat[match.end():]}"


def _md_link(title: Any, url: Any) -> str:
    good = safe_url(url)
    label = md_escape(title) or "untitled source"
    if good and not any(c in good for c in "<>"):
        return f"{label}, <{good}>"
    address = text(url)
    return f"{label}, {md_escape(address)}" if address else label


def _md_evidence(evidence_id: str, case: Case) -> str:
    lookup = case.evidence
    kind = lookup.kind(evidence_id)
    if kind == "claim":
        c = lookup.claims[evidence_id]
        quote = text(c.get("quote"))
        body = f"“{md_escape(quote)}”" if quote else f"{md_escape(c.get('paraphrase'))} (paraphrase)"
        role = text(c.get("speaker_role"))
        who = md_escape(text(c.get("speaker")) or "unnamed speaker")
        if role == "reported":
            who += " (reported)"
        return f"{body} — {who}, *{md_escape(lookup.source_label(c.get('source_id')))}* ({evidence_id})"
    if kind == "event":
        e = lookup.events[evidence_id]
        return (
            f"Fact ({md_escape(date_text(e.get('date')))}): {md_escape(e.get('event'))} "
            f"Source: {_md_link(e.get('source_title'), e.get('source_url'))} ({evidence_id})"
        )
    if kind == "figure":
        f = lookup.figures[evidence_id]
        as_of = text(f.get("as_of")) or date_text(f.get("as_of_start"))
        when = f" (as of {md_escape(as_of)})" if as_of else ""
        return (
            f"Figure: {md_escape(f.get('figure'))}: {md_escape(f.get('value'))} {md_escape(f.get('unit'))}{when}. "
            f"Source: {_md_link(f.get('source_title'), f.get('source_url'))} ({evidence_id})"
        )
    return f"{md_escape(evidence_id)} — not found in the dataset"


def _markdown(arg: Argument, case: Case, *, include_gaps: bool = True, student: str = "") -> str:
    from peacekit.style import stance_label

    lines = ["# My argument", ""]
    if text(student):
        lines[0] = f"# My argument — {md_escape(student)}"
    theme_id = text(arg.theme_id)
    if theme_id:
        lines.append(f"**Theme:** {md_escape(_theme_label(case, theme_id))}  ")
        proposition = case.proposition.get(theme_id, "")
        if proposition:
            lines.append(f"**Proposition:** {md_escape(proposition)}  ")
    stance, _ = _stance_problem(arg.stance)
    if stance is not None:
        lines.append(f"**My stance:** {stance_label(stance)}  ")  # the kit's own words: safe
    lines += ["", "## Claim", "", md_escape(arg.claim) or "*(not written yet)*", "", "## Reasons", ""]
    reasons = _clean_lines(arg.reasons)
    lines += [f"{i}. {md_escape(r)}" for i, r in enumerate(reasons, start=1)] or ["*(none yet)*"]
    lines += ["", "## Evidence", ""]
    evidence = _clean_lines(arg.evidence)
    lines += [f"- {_md_evidence(e, case)}" for e in evidence] or ["*(none yet)*"]
    lines += ["", "## Counter-argument", ""]
    counter_id = text(arg.counter_claim_id)
    if counter_id:
        lines.append(f"The other side: {_md_evidence(counter_id, case)}")
        lines.append("")
    steelman = md_escape(arg.counter) or "*(not written yet)*"
    lines.append(f"**The opposing view at its strongest (steelman):** {steelman}")
    lines += ["", "## Rebuttal", "", md_escape(arg.rebuttal) or "*(not written yet)*", ""]
    lines += ["## Limits", "", md_escape(getattr(arg, "limits", "")) or "*(not written yet)*", ""]
    if include_gaps:
        gaps = _gaps(arg, case)
        if gaps:
            lines += ["## Still to do", ""]
            lines += [f"- [ ] {md_escape(g)}" for g in gaps]
            lines.append("")
    return "\n".join(lines)


def argument_markdown(arg: Argument, *, include_gaps: bool = True, path: _PathLike = None) -> str:
    """Export an argument as Markdown.

    Quotes are attributed to their speaker and source (short label and
    claim id); facts carry their citation; the student's text and dataset
    text are escaped so Markdown shows them literally.

    Parameters
    ----------
    arg : Argument
        The argument.
    include_gaps : bool
        Add a "Still to do" checklist from :func:`argument_gaps` (default).
    path : str or Path, optional
        A datasets folder (default: the kit's own).

    Returns
    -------
    str
        The Markdown text.
    """
    return _markdown(arg, Case(path=path), include_gaps=include_gaps)


# ---------------------------------------------------------------------------
# Counter-argument candidates
# ---------------------------------------------------------------------------


def _candidates(case: Case, theme_id: str | None, stance: int | None) -> pd.DataFrame:
    columns = ["claim_id", "source_id", "source", "speaker", "stance", "paraphrase"]
    if not theme_id or stance is None:
        return pd.DataFrame(columns=columns)
    claims = case.claims
    sub = claims[(claims["theme_id"].astype("string") == theme_id) & claims["stance"].notna()]
    rows = []
    for r in sub.to_dict("records"):
        if _side(float(r["stance"])) == _side(stance):
            continue
        rows.append(
            {
                "claim_id": text(r["claim_id"]),
                "source_id": text(r["source_id"]),
                "source": case.evidence.source_label(r["source_id"]),
                "speaker": text(r.get("speaker")),
                "stance": int(r["stance"]),
                "paraphrase": text(r.get("paraphrase")),
            }
        )
    return pd.DataFrame(rows, columns=columns)


def counter_candidates(theme_id: str, stance: int, *, path: _PathLike = None) -> pd.DataFrame:
    """Claims on ``theme_id`` that take the other side from ``stance``.

    Parameters
    ----------
    theme_id : str
        A theme from ``themes.csv``.
    stance : int
        The student's stance, -2..2.
    path : str or Path, optional
        A datasets folder (default: the kit's own).

    Returns
    -------
    pandas.DataFrame
        ``claim_id, source_id, source, speaker, stance, paraphrase``; empty
        when no claim in the dataset takes the other side (the corpus is not
        balanced: say so, and write the opposing view yourself).

    Raises
    ------
    ValueError
        For an unknown theme or a stance outside -2..2.
    """
    case = Case(path=path)
    if theme_id not in case.theme_order:
        raise ValueError(unknown_ids_sentence([theme_id], case.theme_ids, kind="theme_id"))
    value, issue = _stance_problem(stance)
    if issue or value is None:
        raise ValueError(issue or "Give a stance from -2 to 2.")
    return _candidates(case, theme_id, value)


# ---------------------------------------------------------------------------
# File names and saved entries (the builder widget: peacekit/widgets/argument.py)
# ---------------------------------------------------------------------------


def _short(value: Any, limit: int) -> str:
    value = " ".join(text(value).split())
    return value if len(value) <= limit else value[: limit - 1] + "…"


_SLUG_RE = re.compile(r"[^\w]+")
_SAVED_PREFIX = "argument-"


def _slug(value: Any, limit: int = 40) -> str:
    return _SLUG_RE.sub("-", text(value).casefold()).strip("-_")[:limit].strip("-_")


def argument_file_name(student: str, theme_id: str | None, suffix: str = ".md") -> str:
    """The file name for a student's argument: ``argument-<student>-<theme><suffix>``.

    Letters of any alphabet are kept, everything else becomes ``-``; a
    missing part is left out (``argument.md`` when both are missing).

    >>> argument_file_name("Ana K.", "foreign-troops")
    'argument-ana-k-foreign-troops.md'
    """
    parts = [p for p in (_slug(student), _slug(theme_id)) if p]
    return "-".join(["argument", *parts]) + suffix


#: The controls whose values are saved, in the order the JSON file lists them.
STATE_FIELDS = (
    "name", "claim", "theme", "stance", "reasons", "evidence_claims", "evidence_events",
    "evidence_figures", "counter_claim", "counter", "rebuttal", "limits",
)  # fmt: skip


def _latest_saved(folder: Path, student: str) -> Path | None:
    """The most recently saved argument file in ``folder`` (of ``student`` when given)."""
    prefix = _SAVED_PREFIX + (f"{_slug(student)}-" if _slug(student) else "")
    try:
        found = [p for p in folder.glob(f"{prefix}*.json") if p.is_file()]
    except OSError:
        return None
    return max(found, key=lambda p: p.stat().st_mtime, default=None)


#: The order in which saved entries are put back: the theme and stance come
#: before the counter-argument, whose choices depend on them.
RESTORE_ORDER = (
    "name", "theme", "stance", "counter_claim", "claim", "reasons", "counter", "rebuttal",
    "limits", "evidence_claims", "evidence_events", "evidence_figures",
)  # fmt: skip


def save_entries(folder: Path, state: dict[str, Any]) -> str:
    """Save the builder's entries (``state``: control name → value) as JSON in ``folder``.

    The file is named after ``state["name"]`` and ``state["theme"]``
    (:func:`argument_file_name`). Returns the sentence to show: where the
    entries are saved, why they could not be, or how to keep them (no name yet).
    """
    student = text(state.get("name"))
    if not _slug(student):
        return "Type your name above to keep your entries when this cell is run again or the kernel restarts."
    plain = {key: list(v) if isinstance(v, tuple) else v for key, v in state.items()}
    target = folder / argument_file_name(student, state.get("theme"), ".json")
    try:
        target.write_text(json.dumps(plain, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    except OSError as exc:
        return f"Your entries could not be saved in {folder} ({exc.strerror or exc})."
    return f"Your entries are saved in {target.name}; running this cell again restores them."


def read_entries(folder: Path, student: str) -> tuple[dict[str, Any] | None, str]:
    """The most recently saved entries in ``folder`` (of ``student`` when given) and a sentence.

    Returns ``(None, "")`` when nothing is saved, ``(None, why)`` when the
    file cannot be read, else ``(state, "Restored your entries from …")``.
    """
    source = _latest_saved(folder, text(student))
    if source is None:
        return None, ""
    try:
        state = json.loads(source.read_text(encoding="utf-8"))
        if not isinstance(state, dict):
            raise ValueError("not an object")
    except (OSError, ValueError) as exc:
        return None, f"{source.name} could not be read ({exc}); starting empty."
    return state, f"Restored your entries from {source.name}."


def argument_builder_widget(
    *, path: _PathLike = None, name: str | None = None, save_dir: _PathLike = None
) -> Any:
    """Build an argument from the dataset, see what is missing, export it as Markdown.

    Once the student's name is filled in, every change is saved to
    ``argument-<name>-<theme>.json`` in ``save_dir``, and a builder made
    later (the cell run again, or after a kernel restart) starts from the
    most recently saved file there. The Markdown download is named
    ``argument-<name>-<theme>.md`` (:func:`argument_file_name`).

    Parameters
    ----------
    path : str or Path, optional
        A datasets folder (default: the kit's own).
    name : str, optional
        The student's name (they can also type it in the widget); with it,
        the builder restores only that student's saved argument.
    save_dir : str or Path, optional
        Where the entries are saved (default: the working directory, which in
        JupyterLab is the notebook's folder).

    Returns
    -------
    peacekit.widgets.argument.ArgumentBuilder
        A :class:`peacekit.widgets.Panel` (an ``ipywidgets.VBox``) with an
        ``argument`` property (the current :class:`Argument`), a ``markdown``
        attribute (the current export, to copy) and two dict attributes, so
        notebooks, tests and benchmarks can drive it:

        ``controls``
            ``"claim"`` — ``Textarea``: your claim;
            ``"theme"`` — ``Dropdown`` of themes (``None`` = not chosen);
            ``"stance"`` — ``Dropdown``: −2..+2 (``None`` = not chosen);
            ``"reasons"`` — ``Textarea``: one reason per line;
            ``"evidence_claims"`` — ``SelectMultiple`` of claims;
            ``"evidence_events"`` — ``SelectMultiple`` of timeline events;
            ``"evidence_figures"`` — ``SelectMultiple`` of figures;
            ``"counter_claim"`` — ``Dropdown`` of claims on the chosen theme
            that take the other side from your stance;
            ``"counter"`` — ``Textarea``: the opposing view in your words (steelman);
            ``"rebuttal"`` — ``Textarea``: your rebuttal;
            ``"limits"`` — ``Textarea``: what the argument cannot show;
            ``"name"`` — ``Text``: the student's name (names the saved
            file and the download).
        ``views``
            ``"proposition"`` — ``HTML``: the theme's proposition and your stance;
            ``"counter_note"`` — ``HTML``: how many counter-arguments there
            are, or a sentence when there is none;
            ``"gaps"`` — ``HTML``: the live list of what is missing;
            ``"markdown"`` — ``HTML``: the Markdown export in a ``<pre>``;
            ``"download"`` — ``HTML``: a download link (a ``data:`` URI; no network);
            ``"saved"`` — ``HTML``: where the entries are saved, or how to keep them.
    """
    from peacekit.widgets.argument import ArgumentBuilder

    return ArgumentBuilder(path=path, name=name, save_dir=save_dir)
