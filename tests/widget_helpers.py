"""Shared helpers for the widget tests (headless: no browser, no kernel).

Import from a test module in ``tests/`` (pytest puts ``tests/`` on
``sys.path``)::

    from widget_helpers import DATASETS, FIXTURE, evil_data, html_of, make_evil_dataset

* :data:`FIXTURE` — the small synthetic dataset ``tests/fixtures/widgets``;
  :data:`SHIPPED` — the real ``datasets/``; :data:`DATASETS` — both, for
  ``@pytest.mark.parametrize("path", DATASETS)``.
* :func:`html_of` — every ``widgets.HTML`` value in a widget tree, joined
  (what a student can read); :func:`controls_of` / :func:`all_widgets`.
* :func:`make_evil_dataset` / the ``evil_data`` fixture — a temporary copy
  of a dataset with ``<img src=x onerror=...>`` and ``<script>`` in a claim's
  quote (also written into the article so the dataset stays valid), its
  paraphrase and speaker, a theme's label and proposition, and a source's
  title, short label, outlet and author. :func:`evil` gives the marker for
  a field and :func:`escaped` its escaped form.
* :func:`article_text_from_html` — the article paragraphs back from the
  reader's HTML (numbers and notes marked ``data-pk-note`` left out).
* :func:`make_synthetic_corpus` — a large corpus (N copies of a dataset)
  for performance checks.
"""

from __future__ import annotations

import csv
import html
import shutil
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import ipywidgets as widgets
import pytest

import peacekit as pk
import peacekit.data as pkdata

# Touch the lazy names first, so that a later ``import peacekit.sidebyside``
# does not leave the *module* where ``pk.compare`` (the function) should be.
for _name in ("compare", "compare_widget", "stance_matrix", "stance_matrix_chart", "stance_matrix_widget",
              "reader_segments", "reader_html", "reader_widget", "term_frequencies", "kwic",
              "distinctive_words", "term_chart", "term_explorer_widget", "cohen_kappa"):
    getattr(pk, _name)

HERE = Path(__file__).resolve().parent
FIXTURE = HERE / "fixtures" / "widgets"
SHIPPED = HERE.parent / "datasets"


def _shipped_ready() -> bool:
    return all((SHIPPED / name).is_file() for name in ("sources.csv", "themes.csv", "claims.csv", "datapackage.json"))


#: Datasets every widget test runs on: the synthetic fixture and the shipped data.
DATASETS = [
    pytest.param(FIXTURE, id="fixture"),
    pytest.param(
        SHIPPED,
        id="shipped",
        marks=pytest.mark.skipif(not _shipped_ready(), reason="datasets/ is not complete yet"),
    ),
]


# ---------------------------------------------------------------------------
# Walking widget trees
# ---------------------------------------------------------------------------


def all_widgets(root: widgets.Widget) -> list[widgets.Widget]:
    """Every widget in a tree (children, then ``views``/``controls`` values not in children)."""
    seen: dict[int, widgets.Widget] = {}
    stack = [root]
    while stack:
        w = stack.pop()
        if id(w) in seen:
            continue
        seen[id(w)] = w
        stack.extend(getattr(w, "children", ()) or ())
        for attr in ("views", "controls"):
            stack.extend((getattr(w, attr, None) or {}).values())
    return list(seen.values())


def html_of(root: widgets.Widget) -> str:
    """All ``widgets.HTML`` values in a widget tree, joined by newlines."""
    return "\n".join(w.value for w in all_widgets(root) if isinstance(w, widgets.HTML))


def controls_of(root: widgets.Widget) -> list[widgets.Widget]:
    """The input controls (DescriptionWidgets other than HTML/Label outputs)."""
    out = []
    for w in all_widgets(root):
        if isinstance(w, (widgets.HTML, widgets.Label, widgets.Box)):
            continue
        if isinstance(w, widgets.DOMWidget) and hasattr(w, "description") and hasattr(w, "value"):
            out.append(w)
    return out


def visible_text(markup: str) -> str:
    """Text of an HTML string with tags removed and entities unescaped.

    The content of ``<style>`` and ``<script>`` is not text a reader sees,
    so it is left out, as a browser does.
    """

    class _P(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.parts: list[str] = []
            self.hidden = 0

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            if tag in ("style", "script"):
                self.hidden += 1

        def handle_endtag(self, tag: str) -> None:
            if tag in ("style", "script") and self.hidden:
                self.hidden -= 1

        def handle_data(self, data: str) -> None:
            if not self.hidden:
                self.parts.append(data)

    p = _P()
    p.feed(markup)
    return "".join(p.parts)


def article_text_from_html(markup: str) -> list[str]:
    """The paragraphs of a reader HTML: text inside ``<p class="pk-text">``, skipping ``data-pk-note`` elements."""

    class _P(HTMLParser):
        def __init__(self) -> None:
            super().__init__(convert_charrefs=True)
            self.paragraphs: list[str] = []
            self.depth_p = 0
            self.skip = 0
            self.stack: list[tuple[str, bool, bool]] = []

        def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
            a = dict(attrs)
            is_p = tag == "p" and "pk-text" in (a.get("class") or "").split()
            is_note = "data-pk-note" in a
            self.stack.append((tag, is_p, is_note))
            if is_p:
                self.depth_p += 1
                self.paragraphs.append("")
            if is_note:
                self.skip += 1

        def handle_endtag(self, tag: str) -> None:
            while self.stack:
                t, is_p, is_note = self.stack.pop()
                if is_p:
                    self.depth_p -= 1
                if is_note:
                    self.skip -= 1
                if t == tag:
                    break

        def handle_data(self, data: str) -> None:
            if self.depth_p and not self.skip:
                self.paragraphs[-1] += data

    p = _P()
    p.feed(markup)
    return p.paragraphs


# ---------------------------------------------------------------------------
# Evil dataset
# ---------------------------------------------------------------------------

EVIL_FIELDS = (
    "quote",
    "paraphrase",
    "speaker",
    "theme_label",
    "proposition",
    "source_title",
    "source_label",
    "outlet",
    "author",
)


def evil(field: str) -> str:
    """The hostile text put into ``field`` (an image with onerror and a script tag)."""
    return f"<img src=x onerror=alert('{field}')> and <script>alert('{field}')</script>"


def escaped(field: str) -> str:
    """How :func:`evil` must appear in safe HTML (escaped exactly like ``peacekit._html.esc``)."""
    return html.escape(f"<img src=x onerror=alert('{field}')>", quote=True)


def assert_escaped(markup: str, fields: set[str] | tuple[str, ...], *, where: str = "") -> None:
    """Assert no raw tag from the evil text survives, and each field's text shows escaped."""
    assert "<script" not in markup.lower(), f"{where}: a raw <script> tag reached the HTML"
    assert "<img" not in markup.lower(), f"{where}: a raw <img> tag reached the HTML"
    # an apostrophe may be escaped as &#x27; (html.escape) or &#39; (jinja2): the same text
    same_form = markup.replace("&#39;", "&#x27;")
    for field in fields:
        assert escaped(field) in same_form, f"{where}: the {field} text is not shown (escaped)"


@dataclass
class EvilData:
    """Where the hostile text went in a temporary dataset."""

    path: Path
    source_id: str
    theme_id: str
    claim_id: str


def _read_csv(file: Path) -> tuple[list[str], list[dict[str, str]]]:
    with file.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        return list(reader.fieldnames or []), list(reader)


def _write_csv(file: Path, fields: list[str], rows: list[dict[str, str]]) -> None:
    with file.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def make_evil_dataset(dst: Path, *, src: Path = FIXTURE) -> EvilData:
    """Copy ``src`` to ``dst`` and put hostile HTML into one claim, its theme and its source.

    The claim's quote is also appended to its paragraph in the article text
    (so "every quote is in its article" still holds) and the source's word
    count is updated.
    """
    shutil.copytree(src, dst)
    cfields, claims = _read_csv(dst / "claims.csv")
    claim = claims[0]
    claim["quote"] = "Hostile " + evil("quote") + " end"
    claim["paraphrase"] = "Kit says " + evil("paraphrase")
    claim["speaker"] = "Speaker " + evil("speaker")
    claim["stance"] = claim["stance"] or "1"
    _write_csv(dst / "claims.csv", cfields, claims)

    tfields, themes = _read_csv(dst / "themes.csv")
    for t in themes:
        if t["theme_id"] == claim["theme_id"]:
            t["label"] = "Theme " + evil("theme_label")
            t["proposition"] = "Proposition " + evil("proposition")
    _write_csv(dst / "themes.csv", tfields, themes)

    sfields, sources = _read_csv(dst / "sources.csv")
    for s in sources:
        if s["source_id"] == claim["source_id"]:
            s["title"] = "Title " + evil("source_title")
            s["short_label"] = "Label " + evil("source_label")
            s["outlet"] = "Outlet " + evil("outlet")
            s["author"] = "Author " + evil("author")
            text_file = dst / s["text_file"]
            paragraphs = pkdata.split_paragraphs(text_file.read_text(encoding="utf-8"))
            n = int(claim["paragraph"]) - 1
            paragraphs[n] = paragraphs[n] + " " + claim["quote"]
            text = "\n\n".join(paragraphs) + "\n"
            text_file.write_text(text, encoding="utf-8")
            s["word_count"] = str(pkdata.count_words(text))
    _write_csv(dst / "sources.csv", sfields, sources)
    return EvilData(path=dst, source_id=claim["source_id"], theme_id=claim["theme_id"], claim_id=claim["claim_id"])


@pytest.fixture
def evil_data(tmp_path: Path) -> EvilData:
    """A temporary copy of the widget fixture with hostile HTML (see :func:`make_evil_dataset`)."""
    return make_evil_dataset(tmp_path / "evil")


# ---------------------------------------------------------------------------
# A large synthetic corpus (performance)
# ---------------------------------------------------------------------------


def make_synthetic_corpus(dst: Path, *, copies: int = 100, src: Path = SHIPPED) -> Path:
    """Write ``copies`` renamed copies of every source (texts and claims) of ``src`` into ``dst``.

    Source ids get a ``-kNNN`` suffix and claim ids are renumbered, so 5
    sources and 150 claims become 500 sources and 15,000 claims. Themes are
    kept. Returns ``dst``.
    """
    dst.mkdir(parents=True, exist_ok=True)
    (dst / "articles").mkdir(exist_ok=True)
    shutil.copy(src / "datapackage.json", dst / "datapackage.json")
    shutil.copy(src / "themes.csv", dst / "themes.csv")
    sfields, sources = _read_csv(src / "sources.csv")
    cfields, claims = _read_csv(src / "claims.csv")
    out_sources: list[dict[str, str]] = []
    out_claims: list[dict[str, str]] = []
    number = 0
    for k in range(copies):
        for s in sources:
            sid = f"{s['source_id']}-k{k:03d}"
            row = dict(s, source_id=sid, short_label=f"{s['short_label']} #{k}", text_file=f"articles/{sid}.txt")
            shutil.copy(src / s["text_file"], dst / row["text_file"])
            out_sources.append(row)
            for c in claims:
                if c["source_id"] == s["source_id"]:
                    number += 1
                    out_claims.append(dict(c, claim_id=f"C{number:05d}", source_id=sid, event_ids=""))
    _write_csv(dst / "sources.csv", sfields, out_sources)
    _write_csv(dst / "claims.csv", cfields, out_claims)
    return dst


def set_value(control: widgets.Widget, value: Any) -> None:
    """Set a control's value (a tiny wrapper that reads well in table-driven tests)."""
    control.value = value
