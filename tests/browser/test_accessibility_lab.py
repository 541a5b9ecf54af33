"""Accessibility of every lesson's outputs, measured with axe-core in JupyterLab.

One JupyterLab session and one page open the lessons in turn (every
``lessons/*.ipynb``, so a new lesson is scanned without editing this file),
run all cells, wait for the widgets and charts to draw, and run axe-core
(shipped by the ``axe-playwright-python`` test dependency; nothing is
fetched) with the WCAG 2.0/2.1 level A and AA rules over the notebook's
output areas only (``.jp-OutputArea-output``): what the kit and its lessons
put on the page, not JupyterLab's own menus and toolbars. The test fails on
any violation and lists them per lesson (rule, impact, how many elements,
the first elements' selectors and HTML).

An output wider than the notebook fails too: JupyterLab's own output element
(``.jp-OutputArea-output``, ``overflow-x: auto``) then scrolls sideways with
no keyboard access (rule ``scrollable-region-focusable`` on that element). The
kit's outputs are built to fit (charts sized to the notebook, tables that wrap,
a table with many columns scrolling in its own named, focusable box:
``peacekit.display.frame_html``), so such a finding is reported separately,
as "wider than the notebook", to say where to look.

Before the lessons, a generated notebook whose output has a known violation
(an image without a text alternative) is scanned the same way and must be
reported, so a scan that silently covers nothing cannot pass.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from nbformat.v4 import new_code_cell

from lab_helpers import open_notebook, run_all, write_lab_notebook
from nbhelpers import ROOT

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.xdist_group("browser")]

LESSONS = sorted(p.relative_to(ROOT).as_posix() for p in (ROOT / "lessons").glob("[0-9]*.ipynb"))
OUTPUTS = ".jp-OutputArea-output"
#: axe-core rule tags: WCAG 2.0 and 2.1, levels A and AA.
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": WCAG_TAGS}, "resultTypes": ["violations"]}
PROBE = "peacekit-a11y-probe.ipynb"


def axe_script() -> str:
    """The axe-core source shipped by axe-playwright-python (skip when it is not installed)."""
    base = pytest.importorskip("axe_playwright_python.base", reason="pip install -e '.[test]' (axe-playwright-python)")
    return str(base.AXE_SCRIPT)


def wait_drawn(page: Any, *, timeout: int = 90_000) -> None:
    """Wait until every chart has drawn and no widget is still loading, then a moment more."""
    page.wait_for_function(
        """() => {
            const outs = document.querySelectorAll('.jp-OutputArea-output');
            const embeds = [...document.querySelectorAll('.jp-OutputArea-output .vega-embed')];
            const drawn = embeds.every(e => e.querySelector('canvas, svg'));
            const loading = [...outs].some(o => /Loading widget/.test(o.textContent || ''));
            return drawn && !loading;
        }""",
        timeout=timeout,
    )
    page.wait_for_timeout(1500)  # layout settles (a chart resizing, a widget's last update)


def scan_outputs(page: Any, script: str) -> list[dict[str, Any]]:
    """Run axe-core (WCAG A/AA) over the open notebook's output areas; return the violations."""
    if page.locator(OUTPUTS).count() == 0:
        return []
    if not page.evaluate("() => typeof window.axe !== 'undefined'"):
        page.evaluate(script)
    result = page.evaluate(
        "([include, options]) => axe.run({include: [include]}, options)",
        [OUTPUTS, AXE_OPTIONS],
    )
    return list(result["violations"])


#: The first tag of JupyterLab's own output element (the node axe reports when the output scrolls).
LAB_OUTPUT_TAG = re.compile(r"^<div\b[^>]*\bclass=\"[^\"]*\bjp-OutputArea-output\b")


def split_lab_scrolling(violations: list[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Split off JupyterLab's sideways-scrolling output elements (see the module docstring).

    Returns ``(the kit's violations, JupyterLab's scrolling output elements)``.
    """
    kit, lab = [], []
    for v in violations:
        nodes = v.get("nodes", [])
        if v["id"] == "scrollable-region-focusable":
            ours = [n for n in nodes if not LAB_OUTPUT_TAG.match(str(n.get("html", "")))]
            theirs = [n for n in nodes if LAB_OUTPUT_TAG.match(str(n.get("html", "")))]
            if theirs:
                lab.append({**v, "nodes": theirs})
            if ours:
                kit.append({**v, "nodes": ours})
        else:
            kit.append(v)
    return kit, lab


def describe(violations: list[dict[str, Any]]) -> str:
    """Violations as readable lines: rule, impact, help, and the first elements."""
    lines = []
    for v in violations:
        nodes = v.get("nodes", [])
        lines.append(f"  - {v['id']} ({v.get('impact')}, {len(nodes)} element(s)): {v.get('help')} [{v.get('helpUrl', '')}]")
        for node in nodes[:3]:
            target = " ".join(map(str, node.get("target", [])))
            html = " ".join(str(node.get("html", "")).split())[:160]
            lines.append(f"      {target}: {html}")
    return "\n".join(lines)


def stop_kernels(page: Any, server: Any) -> None:
    """Shut down every kernel session of the server (so lessons do not pile up kernels)."""
    response = page.request.get(server.url_for("api/sessions"))
    for session in json.loads(response.text()):
        page.request.delete(server.url_for(f"api/sessions/{session['id']}"))


#: An output that breaks WCAG 2.1.1 the way the argument builder's export once did: a box
#: that scrolls but cannot be reached by keyboard (axe rule ``scrollable-region-focusable``).
#: (An ``<img>`` without ``alt`` would not do: JupyterLab adds ``alt="Image"``.)
PROBE_HTML = (
    '<pre style="max-height:3em;overflow:auto">' + "\n".join(f"line {i}" for i in range(40)) + "</pre>"
)
PROBE_RULE = "scrollable-region-focusable"


def write_probe(root: Path) -> str:
    """A notebook whose one output breaks a WCAG A rule (see :data:`PROBE_HTML`)."""
    return write_lab_notebook(root, PROBE, [new_code_cell(f"from IPython.display import HTML\nHTML({PROBE_HTML!r})")])


def test_lesson_outputs_have_no_wcag_violations(lab_server: Any, offline_page: Any) -> None:
    page = offline_page
    script = axe_script()
    assert LESSONS, "no lessons found"

    # the scan must see a violation that is there
    open_notebook(page, lab_server, write_probe(lab_server.root))
    run_all(page)
    page.locator(f"{OUTPUTS} pre").first.wait_for()
    probe = scan_outputs(page, script)
    assert PROBE_RULE in {v["id"] for v in probe}, f"the scan missed a known violation: {describe(probe)}"
    stop_kernels(page, lab_server)

    report: dict[str, list[dict[str, Any]]] = {}
    wide: dict[str, list[dict[str, Any]]] = {}
    broken: dict[str, list[str]] = {}
    for lesson in LESSONS:
        open_notebook(page, lab_server, lesson)
        run_all(page)
        wait_drawn(page)
        errors = page.locator(".jp-RenderedText[data-mime-type='application/vnd.jupyter.error']").all_inner_texts()
        if errors:
            broken[lesson] = [e.strip().splitlines()[-1] if e.strip() else e for e in errors]
        violations, lab_scrolling = split_lab_scrolling(scan_outputs(page, script))
        if lab_scrolling:
            wide[lesson] = lab_scrolling
        if violations:
            report[lesson] = violations
            page.screenshot_artifact(f"a11y-{Path(lesson).stem}")
        stop_kernels(page, lab_server)
        print(f"{lesson}: {len(violations)} WCAG A/AA rule(s) violated in the outputs"
              + (f"; {sum(len(v['nodes']) for v in lab_scrolling)} output(s) wider than the notebook" if lab_scrolling else ""))

    assert not wide, (
        "outputs wider than the notebook: JupyterLab scrolls them sideways in a box that the keyboard "
        "cannot reach (WCAG 2.1.1):\n" + "\n".join(f"{lesson}:\n{describe(v)}" for lesson, v in wide.items())
    )

    assert not broken, f"lessons raised errors, so their outputs were not all scanned: {broken}"
    assert not report, "axe-core (WCAG 2.1 A/AA) violations in the lessons' outputs:\n" + "\n".join(
        f"{lesson}:\n{describe(violations)}" for lesson, violations in report.items()
    )
    tried = [url for kind, url in page.blocked_requests if kind in ("script", "stylesheet", "fetch", "xhr")]
    assert not tried, f"the page tried to load from the network: {tried}"
