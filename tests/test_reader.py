"""Tests for peacekit.reader: segments, HTML and the reader widget."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import ipywidgets as widgets
import pytest
from widget_helpers import DATASETS, FIXTURE, article_text_from_html, controls_of, visible_text

import peacekit as pk
from peacekit.data import DatasetError
from peacekit.reader import SEGMENT_COLUMNS
from peacekit.style import theme_class, theme_style


def _sources(path: Path) -> list[str]:
    return list(pk.sources(path=path)["source_id"])


@pytest.mark.parametrize("path", DATASETS)
def test_segments_rebuild_every_paragraph(path: Path) -> None:
    for sid in _sources(path):
        seg = pk.reader_segments(sid, path=path)
        assert list(seg.columns) == SEGMENT_COLUMNS
        paragraphs = pk.paragraphs(sid, path=path)
        for n, text in enumerate(paragraphs, start=1):
            assert "".join(seg.loc[seg["paragraph"] == n, "text"]) == text


@pytest.mark.parametrize("path", DATASETS)
def test_every_claim_is_highlighted(path: Path) -> None:
    claims = pk.claims(path=path)
    for sid in _sources(path):
        seg = pk.reader_segments(sid, path=path)
        shown = {cid for ids in seg["claim_ids"] for cid in ids}
        assert shown == set(claims.loc[claims["source_id"] == sid, "claim_id"])
        for cid in shown:  # each claim's pieces put together are its quote (up to spacing / quote marks)
            pieces = seg[[cid in ids for ids in seg["claim_ids"]]]
            quote = claims.loc[claims["claim_id"] == cid, "quote"].iloc[0]
            joined = "".join(pieces["text"])
            assert " ".join(joined.split()).replace("’", "'") == " ".join(quote.split()).replace("’", "'")


def test_overlapping_and_nested_quotes_are_split() -> None:
    seg = pk.reader_segments("alpha-2024", path=FIXTURE)
    by_text = {row.text: row.claim_ids for row in seg.itertuples()}
    assert by_text["Alliance membership is the only guarantee"] == ("C001", "C002")  # overlap
    assert by_text["paper promises fail"] == ("C003", "C004")  # nested
    assert by_text["."] == ("C003",)  # the outer quote continues after the inner one


def test_theme_filter() -> None:
    seg = pk.reader_segments("alpha-2024", themes="talks", path=FIXTURE)
    assert {cid for ids in seg["claim_ids"] for cid in ids} == {"C004", "C005"}
    with pytest.raises(ValueError, match="Unknown theme"):
        pk.reader_segments("alpha-2024", themes=["nope"], path=FIXTURE)
    with pytest.raises(ValueError, match="Unknown source"):
        pk.reader_segments("nope", path=FIXTURE)


@pytest.mark.parametrize("path", DATASETS)
def test_html_keeps_the_article_text(path: Path) -> None:
    for sid in _sources(path):
        html = pk.reader_html(sid, path=path)
        assert article_text_from_html(html) == pk.paragraphs(sid, path=path)
        assert "\n\n".join(article_text_from_html(html)) == pk.article(sid, path=path).strip()


@pytest.mark.parametrize("path", DATASETS)
def test_html_numbers_and_notes_for_every_claim(path: Path) -> None:
    claims = pk.claims(path=path)
    for sid in _sources(path):
        html = pk.reader_html(sid, path=path)
        mine = claims[claims["source_id"] == sid]
        refs = re.findall(r'<sup class="pk-ref" data-pk-note="1"[^>]*>\[(\d+)\]</sup>', html)
        assert sorted(int(r) for r in refs) == list(range(1, len(mine) + 1))
        notes = re.findall(r'<li value="(\d+)"', html)
        assert sorted(int(n) for n in notes) == list(range(1, len(mine) + 1))
        for cid in mine["claim_id"]:
            assert f"<strong>{cid}</strong>" in html  # beside the text, not only on hover


def test_html_cues_fixture() -> None:
    html = pk.reader_html("alpha-2024", path=FIXTURE)
    # hover codes
    title = re.search(r'<mark class="pk-quote[^"]*" data-claims="C001"[^>]*title="([^"]*)"', html).group(1)
    assert "C001" in title and "Joining the alliance" in title and "+2 ✓✓ strongly agrees" in title
    # colour AND underline style, from the theme's position in themes.csv: classes on the highlights ...
    marks = re.findall(r'<mark class="pk-quote ([^"]*)"', html)
    assert any(theme_class(0) in m for m in marks) and any(theme_class(1) in m for m in marks)
    assert any("pk-overlap" in m for m in marks)  # overlap marked
    # ... given the colour and underline of theme_style by the view's CSS block
    assert f".pk-hl-c0 {{ background-color: {theme_style(0)['color']}; }}" in html
    assert ".pk-hl-u0 { text-decoration-style: solid; }" in html
    assert ".pk-hl-u1 { text-decoration-style: dashed; }" in html  # the second theme
    assert re.search(r"\.pk-overlap \{[^}]*outline: 2px dotted", html)
    legend = visible_text(html)
    assert "Highlights by theme" in legend and "Paper promises (2 claims)" in legend


def test_sourcing_line_confidence_words() -> None:
    beta = visible_text(pk.reader_html("beta-2023", path=FIXTURE))
    assert "Outlet: Beta Review (inferred)" in beta
    assert "Author: unknown" in beta
    assert "Affiliation: Director, Beta Institute" in beta
    assert "Date: November 2023 (inferred)" in beta
    gamma = visible_text(pk.reader_html("gamma-undated", path=FIXTURE))
    assert "Date: unknown" in gamma and "Title: unknown" in gamma
    alpha = visible_text(pk.reader_html("alpha-2024", path=FIXTURE))
    assert "Date: 5 March 2024 (confirmed)" in alpha and "Author: Ann Author (inferred)" in alpha


def test_article_without_claims_gives_a_sentence() -> None:
    html = pk.reader_html("gamma-undated", themes="talks", path=FIXTURE)
    assert "no claims on the chosen themes" in visible_text(html)
    assert article_text_from_html(html) == pk.paragraphs("gamma-undated", path=FIXTURE)


def test_quote_not_in_text_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data = tmp_path / "d"
    shutil.copytree(FIXTURE, data)
    file = data / "claims.csv"
    original = file.read_text(encoding="utf-8")
    file.write_text(original.replace("Talks now would only give", "Talks now could give"), encoding="utf-8")
    # the loaders refuse it, with the validator's sentence
    with pytest.raises(DatasetError, match=r"d/claims.csv, row \d+, column quote: the quote is not in"):
        pk.reader_html("alpha-2024", path=data)
    # and the reader survives a text that changes under it after the check
    file.write_text(original, encoding="utf-8")
    from peacekit import data as pkdata

    read = pkdata._text_cached
    monkeypatch.setattr(
        pkdata, "_text_cached", lambda *a: read(*a).replace("Talks now would only give", "Talks now could give")
    )
    html = pk.reader_html("alpha-2024", path=data)
    assert "The quote of C005 was not found" in visible_text(html)
    assert article_text_from_html(html) == pk.paragraphs("alpha-2024", path=data)


# --------------------------------------------------------------------- widget


@pytest.mark.parametrize("path", DATASETS)
def test_widget(path: Path) -> None:
    w = pk.reader_widget(path=path)
    assert isinstance(w, widgets.Box)
    assert set(w.controls) == {"source", "theme"} and set(w.views) == {"sourcing", "legend", "text"}
    assert all(isinstance(v, widgets.HTML) for v in w.views.values())
    for control in controls_of(w):
        assert control.description.strip() and control.description_allow_html is False
    assert w.controls["source"].value == _sources(path)[0]
    for sid in _sources(path):
        w.controls["source"].value = sid
        assert article_text_from_html(w.views["text"].value) == pk.paragraphs(sid, path=path)
        assert "Outlet:" in visible_text(w.views["sourcing"].value)
        for theme_id in [""] + list(pk.themes(path=path)["theme_id"]):
            w.controls["theme"].value = theme_id
            assert visible_text(w.views["legend"].value).strip()  # a legend or a sentence, never blank


def test_widget_theme_without_claims() -> None:
    w = pk.reader_widget("gamma-undated", path=FIXTURE)
    w.controls["theme"].value = "money"
    assert "no claims on “Paying for damage”" in visible_text(w.views["legend"].value)
    assert "<mark" not in w.views["text"].value
    w.controls["theme"].value = ""
    assert "<mark" in w.views["text"].value


def test_the_legend_says_what_stance_is_measured_against():
    # a beginner saw "stance -2 strongly disagrees" without knowing with what
    html = pk.reader_html(pk.sources()["source_id"].iloc[0])
    first_theme = pk.claims().query("source_id == @pk.sources()['source_id'].iloc[0]")["theme_id"].iloc[0]
    proposition = pk.themes().set_index("theme_id").loc[first_theme, "proposition"]
    assert "stance is measured against" in html
    from peacekit._html import esc
    assert esc(proposition) in html


# ------------------------------------------------------------ sourcing rule


@pytest.mark.parametrize("path", DATASETS)
def test_one_sourcing_rule_for_the_sentence_and_the_reader(path: Path) -> None:
    """pk.sourcing_line and the reader's sourcing view say the date (and its confidence) the same way."""
    for sid in _sources(path):
        sentence = pk.sourcing_line(sid, path=path)
        shown = visible_text(pk.reader_html(sid, path=path))
        date = re.search(r"Date: (.*?) · ", shown).group(1)
        assert sentence.endswith("date unknown." if date == "unknown" else f"dated {date}.")
    assert pk.sourcing_line("alpha-2024", path=FIXTURE).endswith("dated 5 March 2024 (confirmed).")
    assert pk.sourcing_line("beta-2023", path=FIXTURE).endswith("dated November 2023 (inferred).")
    with pytest.raises(ValueError, match="'nope' is not a source_id; choose one of: alpha-2024"):
        pk.sourcing_line("nope", path=FIXTURE)


def test_source_picker_is_a_panel_showing_the_sourcing_line() -> None:
    w = pk.source_picker_widget(path=FIXTURE)
    picker, line = w.children  # the order the docstring promises
    assert w.controls == {"source": picker} and w.views == {"sourcing": line}
    for sid in _sources(FIXTURE):
        picker.value = sid
        assert visible_text(line.value) == pk.sourcing_line(sid, path=FIXTURE)
        assert 'class="pk-sourcing-line"' in line.value
