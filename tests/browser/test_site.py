"""The course readable without installing: exported lesson, static site and a handout, offline.

* ``python -m peacekit export lessons/01-….ipynb --html out.html`` writes one
  page whose charts are inline SVG with their descriptions and whose widgets
  are static snapshots under "Interactive in JupyterLab";
* ``tools/build_site.py`` (``make site``), built here from lesson 00 only to
  stay fast: three pages (home, lesson 00, glossary) render in Chromium with
  the network blocked, and no request leaves the machine;
* a lesson page printed to PDF by Chromium (``make handouts``) is a PDF, and in
  print layout no chart or table is wider than the page.

The pages are served from 127.0.0.1 (a thread in this process); every other
request is aborted and recorded by the ``offline_page`` fixture.
"""

from __future__ import annotations

import functools
import subprocess
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from nbhelpers import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

LESSON_01 = next((ROOT / "lessons").glob("01-*.ipynb"))
NOTE = "Interactive in JupyterLab"


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args: Any) -> None:  # keep pytest output clean
        pass


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An exported lesson 01 (out.html) and a site of lesson 00 (site/), in one folder."""
    folder = tmp_path_factory.mktemp("static")
    export = subprocess.run(
        [sys.executable, "-m", "peacekit", "export", str(LESSON_01), "--html", str(folder / "out.html")],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    assert export.returncode == 0, export.stdout + export.stderr
    site = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_site.py"), "--out", str(folder / "site"), "--lessons", "00"],
        capture_output=True, text=True, timeout=600, cwd=ROOT,
    )
    assert site.returncode == 0, site.stdout + site.stderr
    return folder


@pytest.fixture(scope="module")
def served(built: Path) -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(_Quiet, directory=str(built)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def _nothing_left(page: Any) -> None:
    assert not page.blocked_requests, f"the page tried to reach the network: {page.blocked_requests}"


def _charts_render(page: Any) -> None:
    charts = page.locator("figure.pk-chart")
    expect(charts.first).to_be_visible()
    for i in range(charts.count()):
        svg = charts.nth(i).locator("svg").first
        box = svg.bounding_box()
        assert box and box["width"] > 100 and box["height"] > 50, f"chart {i} is not drawn: {box}"
        assert svg.locator("text").count() > 0, f"chart {i} has no text (axis labels, title)"
        assert charts.nth(i).locator("figcaption").inner_text().strip(), f"chart {i} has no description"


def test_exported_lesson_01_has_inline_svg_charts_offline(served: str, offline_page: Any) -> None:
    page = offline_page
    page.goto(f"{served}/out.html")
    _charts_render(page)
    widgets = page.locator(".pk-static-widget")
    expect(widgets.first).to_contain_text(NOTE)
    expect(page.locator("table").first).to_be_visible()
    assert "<JupyterChart" not in page.content() and "object at 0x" not in page.content()
    page.screenshot_artifact("export-lesson-01")
    _nothing_left(page)


def test_site_pages_render_offline(served: str, offline_page: Any) -> None:
    page = offline_page
    page.goto(f"{served}/site/index.html")
    course = page.locator("table.pk-course")
    expect(course).to_be_visible()
    lesson_link = course.locator("a").first
    expect(lesson_link).to_have_attribute("href", "lessons/" + next((ROOT / "lessons").glob("00-*.ipynb")).stem + ".html")

    lesson_link.click()
    page.wait_for_load_state()
    _charts_render(page)
    widget = page.locator(".pk-static-widget").first
    expect(widget).to_contain_text(NOTE)
    expect(page.locator("table").first).to_be_visible()
    page.screenshot_artifact("site-lesson-00")

    page.locator("nav.pk-nav a", has_text="Glossary").click()
    page.wait_for_load_state()
    expect(page.locator("main h1, main h2").first).to_be_visible()
    assert page.locator("main").inner_text().strip()
    _nothing_left(page)


def test_handout_prints_to_pdf_within_the_page(built: Path, served: str, offline_page: Any,
                                               chromium_executable: str) -> None:
    sys.path.insert(0, str(ROOT / "tools"))
    from print_handouts import print_pdf

    lesson_page = next((built / "site" / "lessons").glob("00-*.html"))
    pdf = built / "handout.pdf"
    print_pdf(chromium_executable, lesson_page, pdf)
    data = pdf.read_bytes()
    assert data.startswith(b"%PDF") and data.count(b"/Type /Page") >= 2

    page = offline_page
    page.set_viewport_size({"width": 794, "height": 1123})  # an A4 page at 96 dpi
    page.emulate_media(media="print")
    page.goto(f"{served}/site/lessons/{lesson_page.name}")
    expect(page.locator("nav.pk-nav")).to_be_hidden()
    too_wide = page.evaluate(
        """() => [...document.querySelectorAll('figure.pk-chart svg, main table')]
              .filter((el) => el.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
              .map((el) => el.tagName + ' ' + Math.round(el.getBoundingClientRect().width))"""
    )
    assert not too_wide, f"wider than the printed page: {too_wide}"
    _nothing_left(page)
