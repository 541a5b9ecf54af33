"""The Voilà fixture works: lesson 00 served as an app renders its widgets and chart offline.

Colleagues' widget tests build on ``voila_app``; this proves the fixture
itself (server start, token, offline page) on the first lesson.
"""

from __future__ import annotations

from playwright.sync_api import expect




def test_voila_serves_lesson00_offline(voila_app, offline_page):
    server = voila_app("lessons/00-start-here.ipynb")
    page = offline_page
    page.goto(server.url_for(""))
    page.locator(".pk-widget-probe").first.wait_for(timeout=120_000)
    expect(page.get_by_text("Widgets work: the browser drew the widget").first).to_be_visible(timeout=60_000)
    page.locator(".vega-embed canvas, .vega-embed svg.marks").first.wait_for(timeout=60_000)
    select = page.locator(".widget-dropdown select").first
    line = page.locator(".pk-sourcing-line").first
    before = line.inner_text()
    select.select_option(index=select.locator("option").count() - 1)
    expect(line).not_to_have_text(before, timeout=30_000)
    page.screenshot_artifact("voila-lesson00")
    scripts = [url for kind, url in page.blocked_requests if kind in ("script", "fetch", "xhr")]
    assert not scripts, f"the Voilà page tried to load code from the network: {scripts}"
    # Known and harmless: Voilà 0.5's template links Font Awesome's CSS from a CDN (icons
    # only). Anything else fetched from outside is new and fails here.
    others = [url for kind, url in page.blocked_requests
              if kind not in ("script", "fetch", "xhr") and "fontawesome" not in url]
    assert not others, f"the Voilà page tried to load from the network: {others}"
