"""Offline charts without a JavaScript engine in the kernel (docs/charts.md).

* the Vega bundle shipped in the package matches the installed altair's
  Vega-Lite version (and, when vl-convert is the version that built it, is
  exactly what tools/build_vega_bundle.py writes);
* drawing charts and widgets in a live session never imports vl_convert;
* each chart widget's state (what it adds to a page and a saved notebook) is
  at most 100 KiB; the bundle travels once per kernel, in one library widget;
* static mode (export, site) renders a chart as inline SVG with its description.
"""

from __future__ import annotations

import html as _html
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from nbhelpers import ROOT

import peacekit as pk
from peacekit import _vega

CHART_BUDGET = 100 * 1024


def _state_size(widget) -> int:
    state = widget.get_state()
    return len(json.dumps(state, default=str).encode("utf-8"))


def test_bundle_matches_installed_altair():
    from altair.utils._importers import vl_version_for_vl_convert

    header = _vega.bundle_header()
    assert header, f"{_vega.BUNDLE_PATH} is missing or has no header line: run python tools/build_vega_bundle.py"
    assert header["vl_version"] == vl_version_for_vl_convert(), (
        f"the bundle was built for Vega-Lite {header['vl_version']}, altair expects {vl_version_for_vl_convert()}: "
        "run python tools/build_vega_bundle.py"
    )
    text = _vega.BUNDLE_PATH.read_text(encoding="utf-8")
    assert "__peacekitVega" in text and "vegaEmbed" in text
    assert "esm.sh" not in text and "cdn.jsdelivr" not in text


@pytest.mark.slow
def test_bundle_is_what_the_tool_writes():
    vlc = pytest.importorskip("vl_convert")
    header = _vega.bundle_header()
    if header.get("vl_convert") != vlc.__version__:
        pytest.skip(f"bundle built by vl-convert {header.get('vl_convert')}, {vlc.__version__} installed")
    proc = subprocess.run([sys.executable, str(ROOT / "tools" / "build_vega_bundle.py"), "--check"],
                          capture_output=True, text=True, timeout=300, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_chart_code_imports_nothing_from_the_network():
    esm = _vega.chart_esm()
    assert "import " not in esm.split("async function peacekitVega", 1)[0]
    assert "esm.sh" not in esm and "https://" not in esm
    assert "await peacekitVega(context.model)" in esm


def test_each_chart_adds_at_most_100_kib_and_the_bundle_travels_once():
    charts = {
        "stance matrix": pk.stance_matrix_widget().views["chart"],
        "timeline": pk.timeline_widget().views["chart"],
        "terms": pk.term_explorer_widget().views["chart"],
    }
    library = _vega.vega_library()
    assert len(library.bundle) > 500 * 1024  # the bundle itself
    assert library.bundle == _vega.BUNDLE_PATH.read_bytes()
    for name, chart in charts.items():
        size = _state_size(chart)
        assert size <= CHART_BUDGET, f"the {name} chart widget's state is {size // 1024} KiB"
        assert chart.get_state()["_vega_library"] == "IPY_MODEL_" + library.model_id
    assert _vega.vega_library() is library


def test_library_widget_is_made_again_after_close():
    first = _vega.vega_library()
    first.close()
    second = _vega.vega_library()
    assert second is not first and second.comm is not None
    chart = pk.stance_matrix_widget().views["chart"]
    assert chart.get_state()["_vega_library"] == "IPY_MODEL_" + second.model_id


def test_live_charts_never_start_vl_convert():
    code = (
        "import sys, peacekit as pk, altair as alt, pandas as pd\n"
        "pk.setup()\n"
        "chart = alt.Chart(pd.DataFrame({'a': [1, 2]})).mark_bar().encode(x='a:Q')\n"
        "bundle = chart._repr_mimebundle_()\n"
        "bundle = bundle[0] if isinstance(bundle, tuple) else bundle\n"
        "assert 'application/vnd.jupyter.widget-view+json' in bundle, bundle.keys()\n"
        "pk.stance_matrix_widget(); pk.timeline_widget()\n"
        "assert 'vl_convert' not in sys.modules, 'vl_convert was imported'\n"
        "print('ok')\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=120, cwd=ROOT,
                          env={**__import__("os").environ, "PEACEKIT_STATIC": ""})
    assert proc.returncode == 0 and "ok" in proc.stdout, proc.stderr


def test_static_mode_renders_inline_svg_with_description(monkeypatch):
    pytest.importorskip("vl_convert")
    monkeypatch.setenv("PEACEKIT_STATIC", "1")
    chart = pk.stance_matrix_widget().views["chart"]
    bundle = chart._repr_mimebundle_()
    html = bundle["text/html"]
    assert html.startswith('<figure class="pk-chart"') and "<svg" in html
    caption = re.search(r'<figcaption class="pk-chart-description">(.*?)</figcaption>', html, re.S)
    assert caption and _html.unescape(caption.group(1)) == chart.spec["description"]
    assert bundle["text/plain"] == chart.spec["description"]


def test_static_description_is_escaped(monkeypatch):
    pytest.importorskip("vl_convert")
    import altair as alt
    import pandas as pd

    chart = alt.Chart(pd.DataFrame({"a": [1]}), description="<script>alert(1)</script>").mark_bar().encode(x="a:Q")
    html = _vega.static_chart_html(chart.to_dict())
    assert "<script>" not in html and "&lt;script&gt;" in html


# --------------------------------------------------------------------- pandas text columns


def test_frame_html_left_aligns_and_wraps_only_text_columns():
    import pandas as pd

    from peacekit.display import frame_html, text_columns

    frame = pd.DataFrame({"n": [1, 2], "quote": ["<b>long</b> words", "more"], "score": [0.5, 1.5]})
    assert text_columns(frame) == [1]
    html = frame_html(frame)
    scope = html.split('class="', 1)[1].split('"', 1)[0]
    assert f".{scope} td:nth-child(3)" in html  # index column + n + quote
    assert "nth-child(2)" not in html and "nth-child(4)" not in html
    assert "text-align: left" in html and "white-space: normal" in html
    assert "&lt;b&gt;long&lt;/b&gt;" in html  # pandas escapes the text
    numbers = pd.DataFrame({"n": [1, 2]})
    assert frame_html(numbers) == numbers._repr_html_()


def test_setup_installs_the_frame_display_in_ipython(monkeypatch):
    import types

    import IPython
    import pandas as pd
    from IPython.core.formatters import DisplayFormatter

    shell = types.SimpleNamespace(display_formatter=DisplayFormatter())
    monkeypatch.setattr(IPython, "get_ipython", lambda: shell)
    monkeypatch.setattr("peacekit._vega.freeze_imported", lambda: False)  # not this test process's heap
    pk.setup()
    html = shell.display_formatter.formatters["text/html"](pd.DataFrame({"quote": ["a b c"]}))
    assert "text-align: left" in html


# --------------------------------------------------------------------- lab settings


def test_lab_settings_turn_off_news_and_update_checks():
    from jupyterlab_server.settings_utils import _get_overrides

    from peacekit.__main__ import LAB_SETTINGS, lab_command

    overrides, error = _get_overrides(str(LAB_SETTINGS))
    assert not error, error
    notification = overrides["@jupyterlab/apputils-extension:notification"]
    assert notification == {"fetchNews": "false", "checkForUpdates": False}
    # the keys and values exist in the installed JupyterLab's schema
    import jupyterlab

    schema_file = (Path(jupyterlab.__file__).resolve().parents[3] / "share" / "jupyter" / "lab" / "schemas"
                   / "@jupyterlab" / "apputils-extension" / "notification.json")
    if schema_file.is_file():
        props = json.loads(schema_file.read_text())["properties"]
        assert "false" in [o["const"] for o in props["fetchNews"]["oneOf"]]
        assert props["checkForUpdates"]["type"] == "boolean"
    assert f"--LabApp.app_settings_dir={LAB_SETTINGS}" in lab_command()


def test_renderer_displays_every_kind_of_chart_with_its_spec_unchanged(monkeypatch):
    import altair as alt
    import pandas as pd

    made = []
    original = _vega.offline_chart

    def spy(chart, **kwargs):
        widget = original(chart, **kwargs)
        made.append(widget)
        return widget

    monkeypatch.setattr(_vega, "offline_chart", spy)
    monkeypatch.delenv("PEACEKIT_STATIC", raising=False)
    frame = pd.DataFrame({"a": [1, 2], "b": ["x", "y"]})
    base = alt.Chart(frame).mark_bar().encode(x="a:Q", y="b:N")
    charts = [base, base + base.mark_text(), base & base, base | base, alt.concat(base, base),
              base.facet(row="b:N"), pk.timeline_chart(), pk.stance_matrix_chart()]
    for chart in charts:
        spec = chart.to_dict()
        bundle = _vega._renderer(spec)
        data = bundle[0] if isinstance(bundle, tuple) else bundle
        assert "application/vnd.jupyter.widget-view+json" in data
        assert "object at 0x" not in data["text/plain"]
        assert made[-1].spec == spec and made[-1]._vega_library.startswith("IPY_MODEL_")
        assert made[-1].embed_options == _vega.EMBED_OPTIONS


# --------------------------------------------------------------------- a student's changes to the kit's charts


def _kit_charts() -> dict:
    return {
        "matrix with claims": pk.stance_matrix_chart(),
        "matrix": pk.stance_matrix_chart(claims_list=False),
        "terms": pk.term_chart("peace"),
        "timeline": pk.timeline_chart(),
        "timeline with sources": pk.timeline_chart(show_sources=True),
        "nato": pk.nato_chart(),
        "matrix widget": pk.stance_matrix_widget().views["chart"].chart,
        "timeline widget": pk.timeline_widget().views["chart"].chart,
    }


@pytest.mark.filterwarnings("ignore:Automatically deduplicated selection parameter:UserWarning")
def test_add_params_and_interactive_work_on_every_kit_chart():
    # the kit builds its sub-views in altair's plain spec classes (no chart per mark); these two
    # chart methods call chart methods on the sub-views, so they get a copy made of altair charts
    import json

    import altair as alt

    for name, chart in _kit_charts().items():
        before = chart.to_dict()
        with_param = chart.add_params(alt.param(name="pk_probe", value=1)).to_dict(validate=True)
        assert "pk_probe" in json.dumps(with_param), name
        assert with_param.get("datasets", {}).keys() >= before.get("datasets", {}).keys(), name  # data kept
        zoomable = chart.interactive().to_dict(validate=True)
        assert "bind" in json.dumps(zoomable), name  # the scales are bound to the mouse
        assert chart.to_dict() == before, name  # the kit's chart itself is unchanged


def test_every_kit_chart_keeps_its_rows_inline_when_a_student_turns_consolidation_off():
    # altair moves a chart's rows to top-level `datasets` unless told not to; the dict-built specs follow it
    import altair as alt

    consolidated = {name: chart.to_dict() for name, chart in _kit_charts().items()}
    with alt.data_transformers.enable(consolidate_datasets=False):
        for name, chart in _kit_charts().items():
            spec = chart.to_dict(validate=True)
            assert "datasets" not in spec, name
            # the same rows, now where the views name their data
            assert _inline_rows(spec) == _dataset_rows(consolidated[name]), name


def _inline_rows(node: object) -> list[str]:
    """Every row of every inline ``data: {"values": [...]}`` in a spec, as sorted JSON."""
    import json

    rows: list[str] = []
    if isinstance(node, dict):
        data = node.get("data")
        if isinstance(data, dict) and isinstance(data.get("values"), list):
            rows += [json.dumps(row, sort_keys=True) for row in data["values"]]
        for key, value in node.items():
            if key != "data":
                rows += _inline_rows(value)
    elif isinstance(node, list):
        for value in node:
            rows += _inline_rows(value)
    return sorted(rows)


def _dataset_rows(spec: dict) -> list[str]:
    """Every row a consolidated spec's views use, from its top-level ``datasets``, as sorted JSON."""
    import json

    names: list[str] = []

    def walk(node: object) -> None:
        if isinstance(node, dict):
            data = node.get("data")
            if isinstance(data, dict) and "name" in data:
                names.append(data["name"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(spec)
    assert names, "the consolidated spec names no dataset"
    return sorted(json.dumps(row, sort_keys=True) for n in names for row in spec["datasets"][n])
