"""The argument builder keeps a student's entries when its cell is run again (real JupyterLab, Chromium).

The test writes its own two-cell notebook into the server's temporary root,
fills in the builder as a student would (name, theme, claim, limits), checks
that the entries are saved beside the notebook under the student's name and
theme, runs the cell again, and checks that the new builder shows the same
entries and names its download after the student and theme. The network is
blocked throughout.
"""

from __future__ import annotations

import json
import re
import time
from typing import Any

import pytest
from nbformat.v4 import new_code_cell
from playwright.sync_api import expect

import peacekit as pk
from lab_helpers import code_cell, errors_in_outputs, open_notebook, run_all, wait_kernel_idle, write_lab_notebook
from peacekit.argument import argument_file_name

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

NOTEBOOK = "peacekit-browser-argument.ipynb"
CLAIM_PLACEHOLDER = "One or two sentences saying what you think."
NAME_PLACEHOLDER = "Your name: keeps your entries and names your file"
LIMITS_PLACEHOLDER = "What your argument cannot show: what the texts leave out, and what source would test it."


def write_notebook(root: Any) -> str:
    return write_lab_notebook(root, NOTEBOOK, [new_code_cell("import peacekit as pk"), new_code_cell("pk.argument_builder_widget()")])


def test_argument_builder_survives_a_rerun(lab_server: Any, offline_page: Any) -> None:
    page = offline_page
    open_notebook(page, lab_server, write_notebook(lab_server.root))
    run_all(page)
    assert not errors_in_outputs(page), errors_in_outputs(page)

    theme_id, theme_label = (str(v) for v in pk.themes()[["theme_id", "label"]].iloc[1])
    student, claim, limits = "Ana K.", "A claim typed in the browser.", "Only five seed articles; no government text."

    cell = code_cell(page, "pk.argument_builder_widget()")
    name_box = cell.get_by_placeholder(NAME_PLACEHOLDER)
    name_box.wait_for(timeout=60_000)
    expect(cell.locator(".widget-html", has_text="Type your name").first).to_be_visible()
    name_box.fill(student)
    name_box.press("Enter")
    cell.locator(".widget-dropdown select").first.select_option(label=theme_label)
    claim_box = cell.get_by_placeholder(CLAIM_PLACEHOLDER)
    claim_box.fill(claim)
    claim_box.press("Tab")  # continuous_update=False: the value is sent on blur
    limits_box = cell.get_by_placeholder(LIMITS_PLACEHOLDER)
    limits_box.fill(limits)
    limits_box.press("Tab")

    saved = lab_server.root / argument_file_name(student, theme_id, ".json")
    expect(cell.locator(".widget-html", has_text=f"saved in {saved.name}").first).to_be_visible(timeout=30_000)
    deadline = time.monotonic() + 30
    while True:  # the last change reaches the kernel a moment after the box loses focus
        state = json.loads(saved.read_text(encoding="utf-8"))
        if state.get("limits") == limits or time.monotonic() > deadline:
            break
        time.sleep(0.2)
    assert (state["name"], state["theme"], state["claim"], state["limits"]) == (student, theme_id, claim, limits)
    download = cell.locator("a[download]").first
    expect(download).to_have_attribute("download", argument_file_name(student, theme_id))

    # Run the builder's cell again: a new widget replaces the old one and restores the entries.
    cell.locator(".jp-InputArea-editor").click()
    page.keyboard.press("Escape")
    page.keyboard.press("Shift+Enter")
    wait_kernel_idle(page)
    again = code_cell(page, "pk.argument_builder_widget()")
    expect(again.locator(".widget-html", has_text=f"Restored your entries from {saved.name}").first).to_be_visible(
        timeout=60_000)
    expect(again.get_by_placeholder(CLAIM_PLACEHOLDER)).to_have_value(claim)
    expect(again.get_by_placeholder(LIMITS_PLACEHOLDER)).to_have_value(limits)
    expect(again.get_by_placeholder(NAME_PLACEHOLDER)).to_have_value(student)
    selected = again.locator(".widget-dropdown select").first
    expect(selected).to_have_value(re.compile(r".+"))
    assert selected.evaluate("s => s.options[s.selectedIndex].text").replace("\xa0", " ") == theme_label
    expect(again.locator("a[download]").first).to_have_attribute("download", argument_file_name(student, theme_id))
    assert not errors_in_outputs(page), errors_in_outputs(page)
    again.scroll_into_view_if_needed()
    assert page.screenshot_artifact("lab-argument-builder-rerun").stat().st_size > 10_000
    assert not page.blocked_requests or all(kind not in ("script", "stylesheet") for kind, _ in page.blocked_requests)
