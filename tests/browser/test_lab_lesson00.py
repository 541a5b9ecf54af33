"""Lesson 00 in a real JupyterLab and Chromium, with the network blocked.

Proves what no kernel-side test can: the widget JavaScript loads and talks
to the kernel (the dropdown changes the sourcing line), and the chart draws
offline (altair's offline ``jupyter`` renderer via pk.setup()). Every request
to a non-loopback host is aborted; the test fails if any was even attempted
for a script (the incident: altair's default renderer fetched Vega from a
CDN and showed "Error loading script" in a classroom without network).
"""

from __future__ import annotations

from playwright.sync_api import expect

from lab_helpers import CHART_SELECTOR, code_cell, open_notebook, run_all

LESSON = "lessons/00-start-here.ipynb"


def test_lesson00_runs_widgets_respond_and_chart_renders_offline(lab_server, offline_page):
    page = offline_page
    open_notebook(page, lab_server, LESSON)
    run_all(page)

    # the environment report: the widget probe reports back, the chart draws
    probe = page.locator(".pk-widget-probe")
    probe.first.wait_for(timeout=60_000)
    page.get_by_text("Widgets work: the browser drew the widget").first.wait_for(timeout=60_000)
    chart = page.locator(CHART_SELECTOR)
    chart.first.wait_for(timeout=60_000)
    assert chart.count() >= 1

    # the source picker: choosing another source changes the sourcing line
    cell = code_cell(page, "pk.source_picker_widget()")
    select = cell.locator(".widget-dropdown select")
    line = cell.locator(".pk-sourcing-line")
    line.wait_for()
    before = line.inner_text()
    options = select.locator("option")
    assert options.count() >= 2
    select.select_option(index=options.count() - 1)
    # the HTML widget replaces its paragraph, so wait on the locator, not an element
    expect(line).not_to_have_text(before, timeout=30_000)
    after = line.inner_text()
    assert after != before and after.strip()

    chart.first.scroll_into_view_if_needed()
    assert page.screenshot_artifact("lab-lesson00-report").stat().st_size > 10_000
    select.scroll_into_view_if_needed()
    assert page.screenshot_artifact("lab-lesson00-widget").stat().st_size > 10_000

    scripts = [url for kind, url in page.blocked_requests if kind in ("script", "stylesheet", "fetch", "xhr")]
    assert not scripts, f"the page tried to load from the network: {scripts}"
    tracebacks = page.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
    assert not any("Error" in t for t in tracebacks), tracebacks
    assert not any("Error loading script" in e for e in page.console_errors), page.console_errors
