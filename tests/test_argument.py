"""Tests for peacekit.argument: structural gaps, Markdown export, the builder widget.

The gap checks are structural (is each part there, do the ids exist, does the
counter-argument take the other side on the theme); they never judge the
student's opinion, so a complete argument for either side has no gaps.
"""

from __future__ import annotations

import re

from pathlib import Path
from urllib.parse import unquote

import pytest

import peacekit as pk
from peacekit.argument import md_escape

HERE = Path(__file__).resolve().parent
MINI = HERE / "fixtures" / "mini"


def _complete(**changes: object) -> pk.Argument:
    values: dict[str, object] = {
        "claim": "Alpha should happen now.",
        "reasons": ["It worked before."],
        "evidence": ["C001", "ev-one-2001", "fig-one"],
        "counter_claim_id": "C003",
        "counter": "Alpha could go badly, and the risk is real.",
        "rebuttal": "The record of 2001 shows it can work.",
        "theme_id": "t-alpha",
        "stance": 2,
    }
    values.update(changes)
    return pk.Argument(**values)  # type: ignore[arg-type]


# ---------------------------------------------------------------------------
# Gaps
# ---------------------------------------------------------------------------


def test_complete_arguments_on_either_side_have_no_gaps() -> None:
    assert pk.argument_gaps(_complete(), path=MINI) == []
    against = _complete(stance=-1, evidence=["C003"], counter_claim_id="C001")
    assert pk.argument_gaps(against, path=MINI) == []


def test_empty_argument_lists_every_missing_part() -> None:
    gaps = pk.argument_gaps(pk.Argument(), path=MINI)
    expected = [
        "Your claim is empty",
        "Choose the theme",
        "Choose your stance",
        "Give at least one reason",
        "Cite at least one piece of evidence",
        "Choose a claim from the dataset that argues against yours",
        "Restate the opposing view",
        "Write a rebuttal",
    ]
    assert len(gaps) == len(expected)
    for gap, start in zip(gaps, expected, strict=True):
        assert gap.startswith(start), gap
        assert gap.endswith(".")


def test_whitespace_counts_as_empty() -> None:
    gaps = pk.argument_gaps(_complete(claim="  ", reasons=["", "   "], counter=" \n", rebuttal="\t"), path=MINI)
    assert [g.split(":")[0].split(" (")[0] for g in gaps] == [
        "Your claim is empty",
        "Give at least one reason for your claim",
        "Restate the opposing view in your own words, as strongly as its best defender would",
        "Write a rebuttal",
    ]


def test_unknown_evidence_ids_are_named() -> None:
    gaps = pk.argument_gaps(_complete(evidence=["C001", "C999", "ev-nope-2000"]), path=MINI)
    assert gaps == [
        "These evidence ids are not in the dataset: C999, ev-nope-2000. "
        "Check the spelling, or pick evidence from the lists."
    ]
    one = pk.argument_gaps(_complete(evidence=["X1"]), path=MINI)
    assert one[0].startswith("This evidence id is not in the dataset: X1.")


def test_counter_argument_must_take_the_other_side() -> None:
    same = pk.argument_gaps(_complete(counter_claim_id="C006", theme_id="t-beta", stance=1), path=MINI)
    assert len(same) == 1
    assert same[0].startswith("The counter-argument C006 is on the same side as you on “Beta question”")
    assert "+2 ✓✓ strongly agrees" in same[0] and "+1 ✓ agrees" in same[0]
    # neutral against a side is a difference; a side against neutral too
    assert pk.argument_gaps(_complete(counter_claim_id="C006", theme_id="t-beta", stance=0), path=MINI) == []
    # C005 has no coded stance, but its source (src-c) has none on t-alpha either
    none = pk.argument_gaps(_complete(counter_claim_id="C005"), path=MINI)
    assert none and none[0].startswith("Neither the counter-argument C005 nor its source has a coded stance")
    # a claim on another theme counts through its source's stance on the chosen theme
    # (C004 is on t-beta; its source src-b averages -1.5 on t-alpha)
    assert pk.argument_gaps(_complete(counter_claim_id="C004"), path=MINI) == []
    other = pk.argument_gaps(_complete(counter_claim_id="C004", stance=-2), path=MINI)
    assert "same side" in other[0] and "−1.5 on average" not in other[0] and "on average" in other[0]


def test_counter_argument_problems() -> None:
    assert pk.argument_gaps(_complete(counter_claim_id="C999"), path=MINI) == [
        "The counter-argument C999 is not a claim in the dataset; choose one from the list."
    ]
    both = pk.argument_gaps(_complete(evidence=["C001", "C003"]), path=MINI)
    assert both == ["C003 is both your evidence and your counter-argument; a counter-argument argues against you."]


def test_bad_theme_and_stance_are_sentences_not_errors() -> None:
    gaps = pk.argument_gaps(_complete(theme_id="t-gamma", stance=5), path=MINI)
    assert gaps[0] == "The theme 't-gamma' is not in the dataset; choose one from the list of themes."
    assert gaps[1].startswith("Your stance 5 is not one of −2, −1, 0, +1, +2")
    assert pk.argument_gaps(_complete(stance="strongly"), path=MINI)[0].startswith("Your stance 'strongly' is not a number")


# ---------------------------------------------------------------------------
# Markdown
# ---------------------------------------------------------------------------


def test_markdown_attributes_quotes_and_cites_facts() -> None:
    md = pk.argument_markdown(_complete(), path=MINI)
    assert md.startswith("# My argument\n")
    assert "**Theme:** Alpha question" in md and "**Proposition:** Alpha should happen." in md
    assert "## Claim\n\nAlpha should happen now." in md
    assert "1. It worked before." in md
    assert "- “Alpha must happen now” — Author A, *Source A op-ed (2025)* (C001)" in md
    assert (
        "- Fact (2001-05-01): Event one: the alpha accord was signed. "
        "Source: Archive page one, <https://example.org/one> (ev-one-2001)"
    ) in md
    assert "- Figure: Widgets counted: 1234 widgets (as of 2023-10). Source: Counting page" in md
    assert "The other side: “Alpha would be a disaster” — Author B, *Source B analysis (2024)* (C003)" in md
    assert "## Rebuttal" in md
    assert "Still to do" not in md


def test_markdown_marks_reported_speakers_and_lists_gaps() -> None:
    md = pk.argument_markdown(_complete(counter_claim_id="C007", rebuttal=""), path=MINI)
    assert "— Minister X (reported), *Source B analysis (2024)* (C007)" in md
    assert "## Still to do\n\n- [ ] Write a rebuttal" in md
    assert "Still to do" not in pk.argument_markdown(_complete(rebuttal=""), include_gaps=False, path=MINI)


def test_markdown_escapes_markup() -> None:
    evil = _complete(
        claim="# Big *bold* claim_with <script>alert(1)</script> [link](http://x)",
        reasons=["- not a list", "1. not numbered", "a | table"],
    )
    md = pk.argument_markdown(evil, path=MINI)
    assert "\\# Big \\*bold\\* claim\\_with \\<script\\>alert(1)\\</script\\> \\[link\\](http://x)" in md
    assert "1. \\- not a list" in md and "2. 1\\. not numbered" in md and "3. a \\| table" in md
    assert "<script>" not in md
    assert md_escape("a\nb  c") == "a b c"
    assert md_escape("R&D") == "R\\&D"


# ---------------------------------------------------------------------------
# Counter candidates
# ---------------------------------------------------------------------------


def test_counter_candidates() -> None:
    found = pk.counter_candidates("t-alpha", 2, path=MINI)
    assert found["claim_id"].tolist() == ["C003", "C007"]
    assert found["source"].tolist() == ["Source B analysis (2024)", "Source B analysis (2024)"]
    assert pk.counter_candidates("t-alpha", -1, path=MINI)["claim_id"].tolist() == ["C001"]
    assert pk.counter_candidates("t-beta", 0, path=MINI)["claim_id"].tolist() == ["C002", "C004", "C006"]
    with pytest.raises(ValueError, match="t-alpha"):
        pk.counter_candidates("t-alfa", 1, path=MINI)
    with pytest.raises(ValueError, match="not one of"):
        pk.counter_candidates("t-alpha", 3, path=MINI)


# ---------------------------------------------------------------------------
# Widget
# ---------------------------------------------------------------------------

CONTROLS = {
    "claim", "theme", "stance", "reasons", "evidence_claims", "evidence_events",
    "evidence_figures", "counter_claim", "counter", "rebuttal", "limits", "name",
}  # fmt: skip
VIEWS = {"proposition", "counter_note", "gaps", "markdown", "download", "saved"}


def test_widget_structure_and_accessibility() -> None:
    import ipywidgets as widgets

    w = pk.argument_builder_widget(path=MINI)
    assert isinstance(w, widgets.Box)
    assert set(w.controls) == CONTROLS
    assert set(w.views) == VIEWS
    for name, control in w.controls.items():
        assert control.description, f"control {name} has no description"
    assert all(isinstance(v, widgets.HTML) for v in w.views.values())
    labels = [label for label, _ in w.controls["evidence_claims"].options]
    assert labels[0] == "C001 · Author A · Alpha should happen at once."
    assert [v for _, v in w.controls["evidence_events"].options][0] == "ev-one-2001"
    assert [v for _, v in w.controls["evidence_figures"].options] == ["fig-one"]


def test_widget_starts_with_sentences_not_blanks() -> None:
    w = pk.argument_builder_widget(path=MINI)
    assert "What is missing (8)" in w.views["gaps"].value
    assert "Choose a theme" in w.views["proposition"].value
    assert "Choose a theme and your stance" in w.views["counter_note"].value
    assert w.controls["counter_claim"].options == (("(choose a theme and your stance first)", None),)
    assert "<pre" in w.views["markdown"].value and w.markdown.startswith("# My argument")


def test_markdown_export_box_is_reachable_by_keyboard() -> None:
    # the <pre> scrolls (max-height, overflow:auto): WCAG 2.1.1 needs it focusable and named
    w = pk.argument_builder_widget(path=MINI)
    pre = re.search(r"<pre\b[^>]*>", w.views["markdown"].value)
    assert pre, w.views["markdown"].value
    assert 'tabindex="0"' in pre.group(0)
    assert re.search(r'aria-label="[^"]+"', pre.group(0)) and 'role="region"' in pre.group(0)


def test_widget_builds_a_complete_argument() -> None:
    w = pk.argument_builder_widget(path=MINI)
    c = w.controls
    c["claim"].value = "Alpha should happen now."
    c["theme"].value = "t-alpha"
    c["stance"].value = 2
    assert "Proposition: <q>Alpha should happen.</q>" in w.views["proposition"].value
    assert "+2 ✓✓ strongly agrees" in w.views["proposition"].value
    assert [v for _, v in c["counter_claim"].options] == [None, "C003", "C007"]
    assert "2 claims on “Alpha question” take the other side" in w.views["counter_note"].value
    c["reasons"].value = "It worked before.\n\nIt is cheap."
    c["evidence_claims"].value = ("C001",)
    c["evidence_events"].value = ("ev-one-2001",)
    c["counter_claim"].value = "C003"
    c["counter"].value = "Alpha could go badly."
    assert "What is missing (1)" in w.views["gaps"].value
    c["rebuttal"].value = "The record shows it can work."
    assert "Nothing is missing" in w.views["gaps"].value
    arg = w.argument
    assert arg.reasons == ["It worked before.", "It is cheap."]
    assert arg.evidence == ["C001", "ev-one-2001"]
    assert pk.argument_gaps(arg, path=MINI) == []
    assert w.markdown == pk.argument_markdown(arg, path=MINI)
    href = w.views["download"].value.split('href="data:text/markdown;charset=utf-8,')[1].split('"')[0]
    assert unquote(href) == w.markdown
    # changing the stance filters the counter-arguments again, dropping a choice that no longer fits
    c["stance"].value = -2
    assert c["counter_claim"].value is None
    assert [v for _, v in c["counter_claim"].options] == [None, "C001"]


def test_widget_says_when_no_claim_takes_the_other_side(tmp_path: Path) -> None:
    import shutil

    folder = tmp_path / "one-sided"
    shutil.copytree(MINI, folder)
    claims = (folder / "claims.csv").read_text(encoding="utf-8").splitlines()
    # keep only the claims that agree with alpha
    kept = [claims[0]] + [line for line in claims[1:] if ",t-alpha," not in line or line.startswith("C001,")]
    (folder / "claims.csv").write_text("\n".join(kept) + "\n", encoding="utf-8")
    # positions may cite only claims that still exist (the loaders check links)
    ids = {line.split(",", 1)[0] for line in kept[1:]}
    positions = (folder / "positions.csv").read_text(encoding="utf-8").splitlines()
    header = positions[0].split(",")
    keep = [positions[0]] + [
        line for line in positions[1:] if line.split(",")[header.index("claim_id")] in ids | {""}
    ]
    (folder / "positions.csv").write_text("\n".join(keep) + "\n", encoding="utf-8")
    w = pk.argument_builder_widget(path=folder)
    w.controls["theme"].value = "t-alpha"
    w.controls["stance"].value = 1
    assert "No claim in the dataset takes the other side from yours on “Alpha question”" in w.views["counter_note"].value
    assert w.controls["counter_claim"].options == (("(no claim takes the other side)", None),)


def test_widget_escapes_what_the_student_types() -> None:
    w = pk.argument_builder_widget(path=MINI)
    w.controls["claim"].value = "<img src=x onerror=alert(1)>"
    html = w.views["markdown"].value
    assert "<img" not in html and "&lt;img src=x onerror=alert(1)&gt;" not in html  # markdown-escaped, then HTML-escaped
    assert "\\&lt;img src=x onerror=alert(1)\\&gt;" in html
    assert "<img" not in w.views["download"].value


def test_widget_on_shipped_data() -> None:
    w = pk.argument_builder_widget()
    themes = [v for _, v in w.controls["theme"].options if v is not None]
    assert set(themes) == set(pk.themes()["theme_id"])
    for theme in themes:
        w.controls["theme"].value = theme
        for stance in (-2, 0, 2):
            w.controls["stance"].value = stance
            options = [v for _, v in w.controls["counter_claim"].options if v is not None]
            expected = pk.counter_candidates(theme, stance)["claim_id"].tolist()
            assert options == expected
            if not options:
                assert "No claim in the dataset takes the other side" in w.views["counter_note"].value


def test_complete_argument_from_shipped_data_has_no_gaps() -> None:
    claims = pk.claims().dropna(subset=["stance"])
    row = claims.iloc[0]
    theme, stance = str(row["theme_id"]), -int(row["stance"]) or 1
    candidates = pk.counter_candidates(theme, stance)
    assert not candidates.empty
    supporting = claims[(claims["theme_id"] == theme) & (claims["stance"] * stance > 0)]["claim_id"].tolist()
    event = str(pk.timeline()["event_id"].iloc[0])
    arg = pk.Argument(
        claim="My claim.",
        reasons=["A reason."],
        evidence=[*supporting[:1], event],
        counter_claim_id=candidates["claim_id"].iloc[0],
        counter="The other side, at its strongest.",
        rebuttal="My answer.",
        theme_id=theme,
        stance=stance,
    )
    assert pk.argument_gaps(arg) == []
    md = pk.argument_markdown(arg)
    assert "Source:" in md and "Still to do" not in md


# ---------------------------------------------------------------------------
# Escaping
# ---------------------------------------------------------------------------


def test_widget_escapes_dataset_text(tmp_path: Path) -> None:
    from mini_helpers import make_evil_case
    from widget_helpers import assert_escaped

    case = make_evil_case(tmp_path / "evil")
    w = pk.argument_builder_widget(path=case.path)
    c = w.controls
    c["theme"].value = case.theme_id
    c["stance"].value = -2
    assert_escaped(w.views["proposition"].value, {"proposition"}, where="proposition")
    assert_escaped(w.views["counter_note"].value, {"theme_label"}, where="counter note")
    c["counter_claim"].value = case.claim_id
    c["stance"].value = -2
    c["evidence_claims"].value = (case.claim_id,)
    c["evidence_events"].value = (case.event_id,)
    c["evidence_figures"].value = (case.figure_id,)
    assert_escaped(w.views["gaps"].value, set(), where="gaps")
    for name in ("markdown", "download"):
        markup = w.views[name].value
        assert "<img" not in markup.lower() and "<script" not in markup.lower(), name
    md = w.markdown
    for field in ("quote", "speaker", "source_label", "event", "event_source", "figure"):
        assert md_escape(f"<img src=x onerror=alert('{field}')>") in md, field


# ---------------------------------------------------------------------------
# Limits, saved state, file names
# ---------------------------------------------------------------------------


def test_limits_is_a_field_exported_but_not_required() -> None:
    arg = pk.Argument(claim="Alpha now.", limits="Only *two* sources; no government text.")
    assert arg.limits.startswith("Only")
    md = pk.argument_markdown(arg, path=MINI)
    assert "## Limits" in md and "Only \\*two\\* sources; no government text." in md
    assert "## Limits\n\n*(not written yet)*" in pk.argument_markdown(pk.Argument(), path=MINI)
    assert not any("limit" in gap.lower() for gap in pk.argument_gaps(pk.Argument(), path=MINI))
    assert pk.Argument("a claim").limits == ""  # positional use keeps its old meaning


def test_file_names_follow_student_and_theme() -> None:
    from peacekit.argument import argument_file_name

    assert argument_file_name("Ana K.", "foreign-troops") == "argument-ana-k-foreign-troops.md"
    assert argument_file_name("Олена Коваль", "army-limits", ".json") == "argument-олена-коваль-army-limits.json"
    assert argument_file_name("", None) == "argument.md"
    assert argument_file_name("../../etc/passwd", "x") == "argument-etc-passwd-x.md"


def _fill(w) -> None:
    c = w.controls
    c["name"].value = "Ana K."
    c["claim"].value = "Alpha should happen now."
    c["theme"].value = "t-alpha"
    c["stance"].value = 2
    c["reasons"].value = "It worked before."
    c["evidence_claims"].value = ("C001",)
    c["counter_claim"].value = "C003"
    c["counter"].value = "Alpha could go badly."
    c["rebuttal"].value = "The record shows it can work."
    c["limits"].value = "Two sources only."


def test_builder_keeps_its_entries_when_made_again(tmp_path: Path) -> None:
    first = pk.argument_builder_widget(path=MINI, save_dir=tmp_path)
    assert "Type your name" in first.views["saved"].value
    assert list(tmp_path.iterdir()) == []  # nothing is written before a name is given
    _fill(first)
    saved = tmp_path / "argument-ana-k-t-alpha.json"
    assert saved.is_file()
    assert 'download="argument-ana-k-t-alpha.md"' in first.views["download"].value
    assert first.markdown.startswith("# My argument — Ana K.")

    again = pk.argument_builder_widget(path=MINI, save_dir=tmp_path)  # the cell run again
    assert "Restored your entries from argument-ana-k-t-alpha.json" in again.views["saved"].value
    for key, control in first.controls.items():
        assert again.controls[key].value == control.value, key
    assert again.argument == first.argument
    assert again.markdown == first.markdown
    assert "Nothing is missing" in again.views["gaps"].value

    other = pk.argument_builder_widget(path=MINI, save_dir=tmp_path, name="Ben")
    assert other.controls["claim"].value == "" and other.controls["name"].value == "Ben"


def test_builder_survives_a_broken_or_stale_save(tmp_path: Path) -> None:
    (tmp_path / "argument-ana-k-t-alpha.json").write_text("{not json", encoding="utf-8")
    w = pk.argument_builder_widget(path=MINI, save_dir=tmp_path)
    assert "could not be read" in w.views["saved"].value and w.controls["claim"].value == ""
    (tmp_path / "argument-ana-k-t-alpha.json").write_text(
        '{"name": "Ana K.", "theme": "no-such-theme", "evidence_claims": ["C001", "C999"], "claim": "Kept."}',
        encoding="utf-8",
    )
    w = pk.argument_builder_widget(path=MINI, save_dir=tmp_path)
    assert w.controls["theme"].value is None
    assert w.controls["evidence_claims"].value == ("C001",)
    assert w.controls["claim"].value == "Kept."
