"""Tests for peacekit.text: tokenising, term frequencies, KWIC, distinctive words."""

from __future__ import annotations

import math
from collections import Counter
from pathlib import Path

import pytest
from widget_helpers import DATASETS, FIXTURE

import peacekit as pk
import peacekit.data as pkdata
from peacekit.case import Case
from peacekit.text import (
    STOPWORDS,
    TextIndex,
    count_tokens,
    parse_terms,
    term_pattern,
    tokenize,
    weighted_log_odds,
)


def test_tokenize() -> None:
    assert tokenize("Kiev’s 2 million-strong army") == ["kiev's", "2", "million-strong", "army"]
    assert tokenize("Kiev’s 2 million-strong army", drop_stopwords=True) == ["kiev", "million-strong", "army"]
    assert tokenize("The West and the East", drop_stopwords=True) == ["west", "east"]
    assert count_tokens("Peace — now?  Not yet.") == 4  # the dash is not a word here


def test_stopwords_are_general_english() -> None:
    assert {"the", "of", "would", "and"} <= STOPWORDS
    for case_word in ("nato", "russia", "ukraine", "kyiv", "kiev", "putin", "peace", "war"):
        assert case_word not in STOPWORDS


def test_parse_terms() -> None:
    assert parse_terms("Kyiv, Kiev") == ["Kyiv", "Kiev"]
    assert parse_terms(" security   guarantees ,, kyiv, KYIV ") == ["security guarantees", "kyiv"]
    assert parse_terms(["a, b", "c"]) == ["a", "b", "c"]
    assert parse_terms("  ,  ") == []


@pytest.mark.parametrize(
    ("term", "text", "n"),
    [
        ("Kiev", "Kiev, KIEV and kiev", 3),
        ("Kiev", "Kiev's and Kiev’s", 2),  # possessive: the apostrophe ends the word
        ("Kiev", "Kiev-based", 1),
        ("Kiev", "Kievan Rus", 0),  # not a whole word
        ("Kyiv", "Kiev", 0),  # spellings are never merged
        ("Kiev's", "Kiev’s leaders", 1),  # straight and curly apostrophes alike
        ("security guarantees", "security\n guarantees", 1),  # any whitespace inside a phrase
        ("guarantee", "guarantees", 0),  # no stemming
    ],
)
def test_term_matching_rules(term: str, text: str, n: int) -> None:
    assert len(term_pattern(term).findall(text)) == n


def test_term_frequencies_fixture() -> None:
    frame = pk.term_frequencies("Kyiv, Kiev", path=FIXTURE)
    assert list(frame.columns) == ["term", "source_id", "source_label", "count", "words", "per_1000"]
    counts = {(r.term, r.source_id): r.count for r in frame.itertuples()}
    assert counts[("Kyiv", "alpha-2024")] == 2  # "Kyiv" and "Kyiv’s"
    assert counts[("Kiev", "beta-2023")] == 2  # "Kiev" and "Kiev's"
    assert counts[("Kyiv", "beta-2023")] == 0
    for r in frame.itertuples():
        text = "\n\n".join(pk.paragraphs(r.source_id, path=FIXTURE))
        assert r.words == count_tokens(text)
        assert r.per_1000 == pytest.approx(1000 * r.count / r.words)


def test_term_frequencies_sources_and_case() -> None:
    a = pk.term_frequencies("KYIV", sources="alpha-2024", path=FIXTURE)
    b = pk.term_frequencies(["kyiv"], sources=["alpha-2024"], path=FIXTURE)
    assert len(a) == 1 and a["count"].iloc[0] == b["count"].iloc[0] == 2


def test_term_frequencies_errors() -> None:
    with pytest.raises(ValueError, match="at least one term"):
        pk.term_frequencies(" , ", path=FIXTURE)
    with pytest.raises(ValueError, match="Unknown source"):
        pk.term_frequencies("Kyiv", sources=["nope"], path=FIXTURE)


@pytest.mark.parametrize("path", DATASETS)
@pytest.mark.parametrize("term", ["Kyiv", "Kiev", "NATO", "security guarantees", "Russia's", "war", "U.S."])
def test_fast_search_equals_exact_rule(path: Path, term: str) -> None:
    """The fast lower-case search gives exactly what the documented regular expression gives."""
    index = TextIndex(Case(path=path))
    frame = index.term_frequencies(term)
    for r in frame.itertuples():
        assert r.count == len(term_pattern(term).findall(index.text[r.source_id])), r.source_id
    lines = index.kwic(term)
    assert len(lines) == int(frame["count"].sum())


def test_kwic_fixture() -> None:
    lines = pk.kwic("kiev", width=20, path=FIXTURE)
    assert list(lines.columns) == ["source_id", "paragraph", "speaker", "left", "match", "right"]
    assert list(lines["match"]) == ["Kiev", "Kiev", "Kiev"]  # as printed, case kept
    for r in lines.itertuples():
        para = pk.paragraphs(r.source_id, path=FIXTURE)[r.paragraph - 1]
        assert r.left + r.match + r.right in para
        assert len(r.left) <= 20 and len(r.right) <= 20
    assert lines.iloc[1]["right"].startswith("'s leaders")


@pytest.mark.parametrize("path", DATASETS)
def test_kwic_lines_are_in_their_paragraph(path: Path) -> None:
    for r in pk.kwic("peace", path=path).itertuples():
        para = pk.paragraphs(r.source_id, path=path)[r.paragraph - 1]
        assert r.left + r.match + r.right in para
        assert r.match.lower() == "peace"


@pytest.mark.parametrize("path", DATASETS)
def test_kwic_speaker_is_the_speaker_of_the_quote_around_the_match(path: Path) -> None:
    """Each line names the speaker of a coded quote containing the match, or '' when no quote does."""
    claims = pk.claims(path=path)
    for term in ("peace", "security", "NATO"):
        for r in pk.kwic(term, width=0, path=path).itertuples():
            para = pk.paragraphs(r.source_id, path=path)[r.paragraph - 1]
            here = claims[(claims["source_id"] == r.source_id) & (claims["paragraph"] == r.paragraph)]
            containing = []
            for quote, speaker in zip(here["quote"], here["speaker"]):
                at = para.find(str(quote))
                while at >= 0:
                    # the match sits somewhere in para; find its offset by scanning every occurrence
                    containing.append((at, at + len(str(quote)), str(speaker)))
                    at = para.find(str(quote), at + 1)
            starts = [i for i in range(len(para)) if para.startswith(r.match, i)]
            speakers = {who for s, e, who in containing for i in starts if s <= i and i + len(r.match) <= e}
            if r.speaker:
                assert r.speaker in speakers, (term, r.source_id, r.paragraph)
            else:
                # no coded quote in the paragraph contains any occurrence of the matched text there
                assert not speakers or len(starts) > 1, (term, r.source_id, r.paragraph)


def test_kwic_speaker_shows_a_reported_speaker() -> None:
    """A match inside a reported claim's quote is attributed to the reported speaker, not the author."""
    claims = pk.claims()
    reported = claims[claims["speaker_role"] == "reported"].iloc[0]
    word = max(str(reported["quote"]).split(), key=len).strip(".,;:!?\"'“”‘’()")
    lines = pk.kwic(word, width=0, sources=str(reported["source_id"]))
    on_para = lines[lines["paragraph"] == int(reported["paragraph"])]
    assert str(reported["speaker"]) in set(on_para["speaker"])


def test_kwic_not_found_and_errors() -> None:
    lines = pk.kwic("zebra", path=FIXTURE)
    assert lines.empty and list(lines.columns) == ["source_id", "paragraph", "speaker", "left", "match", "right"]
    with pytest.raises(ValueError, match="one term"):
        pk.kwic("", path=FIXTURE)
    with pytest.raises(ValueError, match="width"):
        pk.kwic("peace", width=-1, path=FIXTURE)


def test_weighted_log_odds_by_hand() -> None:
    mine, theirs = Counter({"a": 2, "b": 1}), Counter({"b": 2, "c": 1})
    frame = weighted_log_odds(mine, theirs, top=None)
    # prior = counts in both texts: a 2, b 3, c 1 (a0 = 6); n_i = n_j = 3
    delta_a = math.log((2 + 2) / (3 + 6 - 2 - 2)) - math.log((0 + 2) / (3 + 6 - 0 - 2))
    z_a = delta_a / math.sqrt(1 / (2 + 2) + 1 / (0 + 2))
    delta_b = math.log((1 + 3) / (3 + 6 - 1 - 3)) - math.log((2 + 3) / (3 + 6 - 2 - 3))
    z_b = delta_b / math.sqrt(1 / (1 + 3) + 1 / (2 + 3))
    assert list(frame["word"]) == ["a", "b"]  # only words of the focus text, highest z first
    assert frame.loc[0, "log_odds"] == pytest.approx(delta_a)
    assert frame.loc[0, "z"] == pytest.approx(z_a)
    assert frame.loc[1, "z"] == pytest.approx(z_b)
    assert z_a > 0 > z_b


@pytest.mark.parametrize("path", DATASETS)
def test_distinctive_words(path: Path) -> None:
    sid = pk.sources(path=path)["source_id"].iloc[0]
    frame = pk.distinctive_words(sid, top=5, path=path)
    assert list(frame.columns) == ["word", "count", "per_1000", "count_other", "per_1000_other", "log_odds", "z"]
    assert len(frame) <= 5
    assert frame["z"].is_monotonic_decreasing
    assert not set(frame["word"]) & STOPWORDS
    assert (frame["count"] > 0).all()


def test_distinctive_words_errors() -> None:
    with pytest.raises(ValueError, match="Unknown source"):
        pk.distinctive_words("nope", path=FIXTURE)
    with pytest.raises(ValueError, match="remove it"):
        pk.distinctive_words("alpha-2024", other=["alpha-2024"], path=FIXTURE)
    with pytest.raises(ValueError, match="top"):
        pk.distinctive_words("alpha-2024", top=0, path=FIXTURE)


def test_distinctive_words_against_one_other() -> None:
    frame = pk.distinctive_words("alpha-2024", other="beta-2023", top=50, path=FIXTURE)
    beta = Counter(tokenize("\n\n".join(pk.paragraphs("beta-2023", path=FIXTURE)), drop_stopwords=True))
    for r in frame.itertuples():
        assert r.count_other == beta[r.word]


def test_functions_reread_data(tmp_path: Path) -> None:
    """Plain functions read the files each call: an edited article is seen at once."""
    import shutil

    data = tmp_path / "d"
    shutil.copytree(FIXTURE, data)
    before = pk.term_frequencies("zebra", sources="gamma-undated", path=data)["count"].iloc[0]
    file = data / "articles" / "gamma-undated.txt"
    file.write_text(file.read_text(encoding="utf-8") + "\nA zebra.\n", encoding="utf-8")
    sources = data / "sources.csv"  # the word count must follow the text (the loaders check it)
    table = sources.read_text(encoding="utf-8")
    old_count = str(pkdata.count_words(file.read_text(encoding="utf-8")) - 2)
    sources.write_text(table.replace(f",{old_count},", f",{int(old_count) + 2},"), encoding="utf-8")
    after = pk.term_frequencies("zebra", sources="gamma-undated", path=data)["count"].iloc[0]
    assert (before, after) == (0, 1)
    assert isinstance(pkdata.article("gamma-undated", path=data), str)


# ------------------------------------------------------------ term explorer

import altair as alt  # noqa: E402
import ipywidgets as widgets  # noqa: E402
from widget_helpers import controls_of, visible_text  # noqa: E402

from peacekit.style import CATEGORICAL  # noqa: E402
from peacekit.terms_explorer import MAX_KWIC_LINES, MAX_TERMS, _SpecTemplate, summary_sentence  # noqa: E402


def _chart_values(spec: dict) -> list[dict]:
    data = spec["data"]
    return data["values"] if "values" in data else spec["datasets"][data["name"]]


@pytest.mark.parametrize("path", DATASETS)
def test_term_chart_spec(path: Path) -> None:
    chart = pk.term_chart("Kyiv, Kiev", path=path)
    spec = chart.to_dict()
    frame = pk.term_frequencies("Kyiv, Kiev", path=path)
    assert spec["title"]["text"] == "How often each source uses “Kyiv” and “Kiev”"
    assert spec["description"] == summary_sentence(frame)
    bars, labels = spec["layer"]
    enc = bars["encoding"]
    assert enc["x"]["field"] == "per_1000" and enc["x"]["title"] == "Times used per 1,000 words"
    assert enc["y"]["field"] == "source_label" and enc["y"]["title"] == "Source"
    assert enc["yOffset"]["field"] == "term"
    assert enc["color"]["scale"]["range"] == CATEGORICAL[:2]  # Okabe-Ito
    assert {t["field"] for t in enc["tooltip"]} >= {"count", "words", "per_1000"}
    assert labels["mark"]["type"] == "text" and labels["encoding"]["text"]["field"] == "label"
    values = _chart_values(spec)
    assert len(values) == len(frame)
    assert all(v["label"].startswith(v["term"] + ": ") for v in values)  # term named, not colour alone


@pytest.mark.parametrize("path", DATASETS)
def test_term_chart_specs_pass_altairs_schema_validation(path: Path) -> None:
    # the kit's term charts skip altair's validation when displayed (peacekit._vega.trusted_chart):
    # this is the validation, on every shape the kit builds (no term yet, one, several, a term not found)
    from peacekit.terms_explorer import _titled, empty_frequencies

    order = [label for label in pk.sources(path=path)["short_label"]]
    charts = [
        _titled(empty_frequencies(), order),
        pk.term_chart("peace", path=path),
        pk.term_chart("Kyiv, Kiev, zebra", path=path),
    ]
    for chart in charts:
        chart.to_dict(validate=True)  # raises SchemaValidationError on an invalid spec
    # what the widget shows after a change is its patched spec, not a chart object: validate that too
    widget = pk.term_explorer_widget("war, peace", path=path)
    shown = widget.views["chart"].spec
    assert shown["title"]["text"] == "How often each source uses “war” and “peace”"
    alt.LayerChart.validate(shown)
    changed = pk.term_chart("peace", path=path)
    changed.width = "wide"  # changed in place: validated again
    with pytest.raises(alt.utils.schemapi.SchemaValidationError):
        changed.to_dict()


@pytest.mark.parametrize("path", DATASETS)
def test_term_chart_is_the_chart_altair_builds(path: Path) -> None:
    """term_chart patches a template spec (fast); it must equal the whole chart built by altair for those terms."""
    import json

    from peacekit.terms_explorer import _titled, empty_frequencies, spec_chart, spec_template

    corpus = Case(path=path)
    order = [corpus.source_label[s] for s in corpus.source_ids]
    for terms in ("Kyiv, Kiev", "invasion", "zebra, peace, war"):
        frame = TextIndex(corpus).term_frequencies(terms)
        fast = pk.term_chart(terms, path=path).to_dict()
        slow = _titled(frame, order).to_dict()  # built mark by mark with altair's chart methods
        assert json.dumps(fast, sort_keys=True) == json.dumps(slow, sort_keys=True)
    first = spec_chart(spec_template(tuple(order)).render(empty_frequencies())).to_dict()  # the widget's first chart
    assert json.dumps(first, sort_keys=True) == json.dumps(_titled(empty_frequencies(), order).to_dict(),
                                                           sort_keys=True)


def test_term_summary_sentence() -> None:
    s = summary_sentence(pk.term_frequencies("Kyiv, zebra", path=FIXTURE))
    assert s == (
        "“Kyiv” is used 3 times by 2 of 3 sources, most often by Alpha Daily op-ed (2024) (38.5 per 1,000 words); "
        "“zebra” does not appear in any of the 3 selected sources."
    )


@pytest.mark.parametrize("path", DATASETS)
def test_term_widget_structure(path: Path) -> None:
    w = pk.term_explorer_widget("Kyiv, Kiev", path=path)
    assert isinstance(w, widgets.Box)
    assert set(w.controls) == {"terms", "sources"} and set(w.views) == {"chart", "summary", "message", "kwic"}
    assert isinstance(w.views["chart"], alt.JupyterChart)
    for control in controls_of(w):
        assert control.description.strip() and control.description_allow_html is False
    spec = w.views["chart"].spec
    assert spec["title"]["text"] == "How often each source uses “Kyiv” and “Kiev”"
    assert visible_text(w.views["summary"].value) == spec["description"]


def test_term_widget_kwic() -> None:
    w = pk.term_explorer_widget("Kyiv, Kiev", path=FIXTURE)
    html = w.views["kwic"].value
    assert html.count("<mark><strong>") == 6  # 3 Kyiv + 3 Kiev
    assert "“Kyiv” in context: 3 uses" in visible_text(html)
    assert "<mark><strong>Kiev</strong></mark>" in html
    assert w.views["message"].value == ""


@pytest.mark.parametrize(
    ("terms", "sentence"),
    [
        ("", "Type one or two terms"),
        ("  ,  ", "Type one or two terms"),
        ("zebra", "“zebra” does not appear"),
        ("zebra, unicorn", "“zebra” and “unicorn” do not appear"),
    ],
)
def test_term_widget_sentences(terms: str, sentence: str) -> None:
    w = pk.term_explorer_widget("Kyiv", path=FIXTURE)
    w.controls["terms"].value = terms
    assert sentence in visible_text(w.views["message"].value)
    assert w.views["chart"].layout.display == "none"
    assert w.views["kwic"].value == ""


def test_term_widget_partly_found_and_sources() -> None:
    w = pk.term_explorer_widget("Kyiv, zebra", path=FIXTURE)
    assert "“zebra” does not appear" in visible_text(w.views["message"].value)
    assert w.views["chart"].layout.display is None
    assert "Kyiv" in visible_text(w.views["kwic"].value)
    w.controls["sources"].value = ()
    assert "Pick at least one source" in visible_text(w.views["message"].value)
    w.controls["sources"].value = ("beta-2023",)
    assert "“Kyiv” and “zebra” do not appear" in visible_text(w.views["message"].value)
    w.controls["terms"].value = "Kiev"
    assert len(_chart_values(w.views["chart"].spec)) == 1


def test_term_widget_limits() -> None:
    w = pk.term_explorer_widget("a, b, c, d, e, f, Kyiv", path=FIXTURE)
    assert f"at most {MAX_TERMS} terms" in visible_text(w.views["message"].value)
    assert MAX_KWIC_LINES >= 10


def test_term_explorer_lines_name_the_speaker_of_a_quoted_match():
    # "always ask whose words": a KWIC line inside a coded quote shows who says it
    w = pk.term_explorer_widget()
    w.controls["terms"].value = "Tsarap"
    html = w.views["kwic"].value
    assert "Speaker (inside a coded quote)" in html
    speakers = pk.kwic("Tsarap")["speaker"].dropna().unique().tolist()
    assert speakers and all(s in html for s in speakers if s)


def test_the_source_list_keeps_ipywidgets_bookkeeping() -> None:
    """The term explorer's source list: same value, index and label as ipywidgets' SelectMultiple."""
    from traitlets import TraitError

    from peacekit.widgets._select import LargeSelectMultiple

    options = [(f"Label {i}", f"s{i}") for i in range(40)] + [("Twin", "s3")]  # a repeated value: first wins
    fast = LargeSelectMultiple(options=options, value=["s1", "s2"])
    slow = widgets.SelectMultiple(options=options, value=["s1", "s2"])
    for change in [("value", ("s5", "s3", "s39")), ("index", (7, 2)), ("label", ("Label 9", "Twin")), ("value", ())]:
        for w in (fast, slow):
            setattr(w, *change)
        assert (fast.value, fast.index, fast.label) == (slow.value, slow.index, slow.label), change
    for name, bad in [("value", ("nope",)), ("value", (["unhashable"],)), ("label", ("No such label",))]:
        with pytest.raises(TraitError, match="Invalid selection"):
            setattr(fast, name, bad)
    fast.options = [("x", "a"), ("y", "b")]  # new options: the look-ups follow
    fast.value = ("b",)
    assert fast.index == (1,) and fast.label == ("y",)


def test_term_widget_counts_follow_the_sources() -> None:
    """Counts kept per term and source give what a fresh count gives, whatever the order of changes."""
    w = pk.term_explorer_widget("Kyiv, Kiev", path=FIXTURE)
    for picked in [("beta-2023",), ("gamma-undated", "alpha-2024"), tuple(_ids(FIXTURE))]:
        w.controls["sources"].value = picked
        expected = pk.term_frequencies("Kyiv, Kiev", sources=list(picked), path=FIXTURE)
        shown = {(v["term"], v["source_id"]): (v["count"], v["per_1000"]) for v in _chart_values(w.views["chart"].spec)}
        assert shown == {(r.term, r.source_id): (r.count, r.per_1000) for r in expected.itertuples()}


def _ids(path: Path) -> list[str]:
    return [str(s) for s in pk.sources(path=path)["source_id"]]


def test_the_shared_index_is_kept_until_a_file_of_the_folder_changes(tmp_path: Path) -> None:
    import csv
    import shutil

    from peacekit.text import shared_index

    folder = tmp_path / "mini"
    shutil.copytree(FIXTURE, folder)
    first = shared_index(folder)
    assert shared_index(folder) is first  # the lesson's dozen calls share one index
    assert pk.kwic("zebra", path=folder).empty
    article = folder / "articles" / "alpha-2024.txt"
    article.write_text(article.read_text(encoding="utf-8").rstrip("\n") + "\n\nA zebra crossed.\n",
                       encoding="utf-8")
    sources = folder / "sources.csv"  # the validator checks each article's word count
    rows = list(csv.reader(sources.open(encoding="utf-8", newline="")))
    column = rows[0].index("word_count")
    row = next(r for r in rows if r[0] == "alpha-2024")
    row[column] = str(int(row[column]) + 3)
    with sources.open("w", encoding="utf-8", newline="") as out:
        csv.writer(out).writerows(rows)
    assert shared_index(folder) is not first  # an edit shows up at once
    found = pk.kwic("zebra", path=folder)
    assert found["source_id"].tolist() == ["alpha-2024"]


def test_a_missing_article_is_named_when_the_index_reads_every_text(tmp_path):
    # the text index reads all articles with one check of the folder (Case.read_all_paragraphs)
    import shutil

    folder = tmp_path / "datasets"
    shutil.copytree(FIXTURE, folder)
    first = pk.sources(path=folder).iloc[0]
    relative = first["text_file"] if isinstance(first["text_file"], str) else f"articles/{first['source_id']}.txt"
    (folder / relative).unlink()
    with pytest.raises(pkdata.DatasetError) as caught:
        pk.kwic("peace", path=folder)
    assert Path(relative).name in str(caught.value), str(caught.value)
