"""Export and site building blocks, without running a notebook (the browser tests run them).

* the export command answers bad input with one sentence, never a traceback;
* a widget's static snapshot carries the "Interactive in JupyterLab" note,
  its charts as SVG, its HTML views and its controls' values, escaped;
* the site builder reads the README's course table and points lesson and
  docs links at the site's pages; every page forbids loading anything.
"""

from __future__ import annotations

import subprocess
import sys

import pytest

from nbhelpers import ROOT

import peacekit as pk
from peacekit import export, static


def _run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "peacekit", "export", *args], capture_output=True, text=True,
                          timeout=120, cwd=ROOT)


def test_export_bad_input_is_one_sentence(tmp_path):
    missing = _run(str(tmp_path / "nope.ipynb"), "--html", str(tmp_path / "out.html"))
    assert missing.returncode == 2 and "is not a notebook file" in missing.stdout
    assert "Traceback" not in missing.stdout + missing.stderr
    lesson = next((ROOT / "lessons").glob("00-*.ipynb"))
    no_folder = _run(str(lesson), "--html", str(tmp_path / "no" / "out.html"))
    assert no_folder.returncode == 2 and "does not exist" in no_folder.stdout
    assert "Traceback" not in no_folder.stdout + no_folder.stderr


def test_page_forbids_every_request():
    html = export.page("A <title>", "<p>body</p>")
    assert "default-src 'none'" in html and "A &lt;title&gt;" in html
    assert "<script" not in html and "http://" not in html and "https://" not in html


def test_widget_snapshot_has_note_charts_views_and_controls():
    pytest.importorskip("vl_convert")
    widget = pk.stance_matrix_widget()
    html = static.widget_html(widget)
    assert static.NOTE in html
    assert html.count('<figure class="pk-chart"') == 1 and "<svg" in html
    assert widget.views["summary"].value in html
    assert "Themes:" in html and "Claims of source:" in html
    assert static.widget_bundle(widget)["text/plain"] == "Widget (interactive in JupyterLab)"


def test_widget_snapshot_escapes_control_values():
    import ipywidgets as widgets

    box = widgets.VBox([widgets.Text(value="<script>x</script>", description="Term <b>"),
                        widgets.Dropdown(options=[("a", 1)], value=None, description="Pick"),
                        widgets.Textarea(value="", description="Notes")])
    html = static.widget_html(box)
    assert "<script>" not in html and "&lt;script&gt;" in html and "Term &lt;b&gt;" in html
    assert "Pick:</span> (none chosen)" in html and "Notes:</span> (empty)" in html


def test_site_reads_the_course_table_and_rewrites_links():
    sys.path.insert(0, str(ROOT / "tools"))
    import build_site

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    rows = build_site.course_table(readme)
    lessons = sorted((ROOT / "lessons").glob("[0-9][0-9]-*.ipynb"))
    assert [first.split()[0] for first, _ in rows] == [p.name[:2] for p in lessons]
    pages = {p.name: p.stem + ".html" for p in lessons}
    body = f'<a href="{lessons[1].name}#x">a</a> <a href="../docs/glossary.md">g</a> <a href="https://example.org">e</a>'
    fixed = build_site.rewrite_links(body, lessons=pages, prefix="../")
    assert f'href="../lessons/{lessons[1].stem}.html#x"' in fixed
    assert 'href="../glossary.html"' in fixed and 'href="https://example.org"' in fixed
