"""The projector app apps/compare-claims.ipynb served by Voilà, in Chromium, offline.

Voilà runs the notebook and shows only its outputs. The ``compare_app``
fixture serves a temporary copy of apps/ on 127.0.0.1 (random port, no
retries on another port, token, temporary Jupyter config/runtime folders)
with the server helpers of tests/browser/conftest.py, and stops it by its own
process handle. The test opens it with every non-loopback request aborted
and recorded, and checks that

* it renders: claim cards, the count line and the stance matrix chart (a
  Vega canvas or SVG) are visible, and no code is shown;
* it responds: changing the theme with the keyboard (arrow key on the
  focused dropdown) and then with ``select_option`` changes the count line
  and the cards; choosing a matrix cell lists that cell's claims;
* it is offline: the page never even tried to fetch a script, style sheet,
  font or data from another host. Voilà's own page template links Font
  Awesome's style sheets from a CDN (voila-dashboards/voila#539); the app's
  ``apps/voila.json`` sends a same-origin Content-Security-Policy, so the
  browser refuses those links without a network request (the test checks
  the header, and that nothing else was refused).

Screenshots go to test-artifacts/.

Why not conftest's ``voila_app`` fixture: it starts Voilà in the server
root with the notebook's path, so Voilà would not read ``apps/voila.json``
(it reads ``voila.json`` from the folder it is started in). This fixture
starts it in the app's folder, as the documented command does, with the same
conftest helpers, and waits until one of Voilà's static files answers 200 (a
plain TCP connect could be answered by another process that took the port).
"""

from __future__ import annotations

import http.client
import re
import secrets
import shutil
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
from playwright.sync_api import expect

from lab_helpers import until_changed
from nbhelpers import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

APP = ROOT / "apps" / "compare-claims.ipynb"
VOILA_JSON = ROOT / "apps" / "voila.json"
# Voilà's "lab" page template links Font Awesome's CSS from a CDN (voila-dashboards/voila#539);
# apps/voila.json's Content-Security-Policy stops the browser from even trying. Nothing else may be refused.
KNOWN_TEMPLATE_LINKS = ("https://cdn.jsdelivr.net/npm/@fortawesome/fontawesome-free",)
URL_IN_MESSAGE = re.compile(r"'((?:https?|wss?)://[^']+)'")
CHART = ".vega-embed canvas, .vega-embed svg.marks"
NETWORK_KINDS = ("script", "stylesheet", "fetch", "xhr", "font", "image", "websocket")
READY_PATH = "voila/static/voila.js"  # a static file: answers 200 without starting a kernel


def browser_conftest(config: pytest.Config) -> ModuleType:
    """tests/browser/conftest.py as pytest loaded it (its server helpers)."""
    here = Path(__file__).with_name("conftest.py").resolve()
    for plugin in config.pluginmanager.get_plugins():
        file = getattr(plugin, "__file__", None)
        if file and Path(file).resolve() == here:
            return plugin
    raise RuntimeError("tests/browser/conftest.py is not loaded")


@pytest.fixture(scope="module")
def compare_app(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory, chromium_executable: str
) -> Iterator[Any]:
    """Voilà serving a temporary copy of apps/ as a teacher would: ``cd apps; voila compare-claims.ipynb``.

    Started from the copy's folder so Voilà reads its ``voila.json`` (the
    offline Content-Security-Policy), like the documented command does.
    Returns a conftest ``LocalServer``.
    """
    helpers = browser_conftest(request.config)
    base = tmp_path_factory.mktemp("voila-app")
    for sub in ("config", "data", "runtime", "settings", "workspaces", "ipython"):
        (base / sub).mkdir()
    root = base / "apps"
    root.mkdir()
    for name in (APP.name, VOILA_JSON.name):
        shutil.copyfile(APP.parent / name, root / name)
    server = None
    for attempt in range(3):
        # free_port() only finds a port that is free now: another process (a kernel's ZMQ
        # socket, say) can take it before Voilà binds it. Then start again on another port.
        port, token = helpers.free_port(), secrets.token_hex(16)
        cmd = [
            sys.executable, "-m", "voila", APP.name, "--no-browser",
            "--Voila.ip=127.0.0.1", f"--Voila.port={port}", "--Voila.port_retries=0",
            f"--Voila.token={token}", "--VoilaConfiguration.show_tracebacks=True",
        ]
        try:
            server = helpers.start_server(f"voila-compare-claims-{attempt}", cmd, base=base, root=root,
                                          port=port, token=token, ready_path=READY_PATH,
                                          env=helpers.server_env(base))
            break
        except (RuntimeError, http.client.HTTPException) as error:
            # retry only the symptoms of a lost port: another service answered, or Voilà exited
            lost_port = isinstance(error, http.client.HTTPException) or "exited early" in str(error)
            if attempt == 2 or not lost_port:
                raise
    assert server is not None
    try:
        yield server
    finally:
        server.stop()


def test_voila_app_renders_and_responds_offline(compare_app: Any, offline_page: Any) -> None:
    page = offline_page
    response = page.goto(compare_app.url_for(""))
    assert response is not None and response.ok
    policy = response.headers.get("content-security-policy", "")
    assert "default-src 'self'" in policy, f"apps/voila.json was not applied: {policy!r}"

    widgets = page.locator(".peacekit-widget")
    compare, matrix = widgets.nth(0), widgets.nth(1)
    count = compare.locator(".widget-html.pk-count")
    cards = compare.locator(".pk-card")
    expect(count).to_contain_text("Showing", timeout=120_000)
    expect(cards.first).to_be_visible()
    chart = matrix.locator(CHART)
    expect(chart.first).to_be_visible(timeout=60_000)
    expect(matrix.locator(".widget-html.pk-summary")).not_to_be_empty()
    assert "pk.compare_widget" not in page.content(), "Voilà shows no code"
    assert page.locator(".jp-InputArea-editor").count() == 0
    assert page.screenshot_artifact("voila-compare-claims").stat().st_size > 10_000

    def snapshot() -> tuple[str, str]:
        return count.inner_text(), "\n".join(cards.all_inner_texts())

    # the keyboard: focus the theme dropdown, arrow down to the next theme
    theme = compare.locator(".widget-dropdown select").first
    first_count, first_cards = snapshot()
    theme.focus()
    page.keyboard.press("ArrowDown")
    expect(count).not_to_have_text(first_count, timeout=30_000)
    # the count and the cards are two views, updated by two messages: wait for the cards too
    second_cards = until_changed(page, lambda: snapshot()[1], first_cards)
    second_count = count.inner_text()
    assert second_cards != first_cards, "the cards changed with the theme"

    # the mouse way: the last theme
    options = theme.locator("option")
    theme.select_option(index=options.count() - 1)
    expect(count).not_to_have_text(second_count, timeout=30_000)

    # the stance matrix: choose a cell with the two dropdowns; its claims are listed
    panel = matrix.locator(".widget-html.pk-claims")
    before = panel.inner_text()
    cell_source, cell_theme = matrix.locator(".widget-dropdown select").nth(0), matrix.locator(".widget-dropdown select").nth(1)
    cell_source.select_option(index=1)
    cell_theme.select_option(index=1)
    expect(panel).not_to_have_text(before, timeout=30_000)
    assert panel.inner_text().strip()
    panel.scroll_into_view_if_needed()
    assert page.screenshot_artifact("voila-stance-matrix").stat().st_size > 10_000

    tried = [(kind, url) for kind, url in page.blocked_requests if kind in NETWORK_KINDS]
    assert not tried, f"the app tried to load from the network: {tried}"
    # Chromium logs each refusal ("Loading the stylesheet '<url>' violates the following Content
    # Security Policy directive ..."); only the template's Font Awesome links may appear there
    refusals = [e for e in page.console_errors if "Content Security Policy" in e]
    unexpected = [
        e for e in refusals
        if not (m := URL_IN_MESSAGE.search(e)) or not m.group(1).startswith(KNOWN_TEMPLATE_LINKS)
    ]
    assert not unexpected, f"the page wanted resources the policy refused: {unexpected}"
    assert not any("Error loading script" in e for e in page.console_errors), page.console_errors
