"""altair only in kernels that draw a chart (docs/charts.md).

``import altair`` takes over a second, so ``pk.setup()`` does not import it:
it enables the kit's ``peacekit`` renderer at once when altair is already
imported, and otherwise through a one-use import hook
(``peacekit._vega.AltairImportHook``) the moment altair is first imported,
by a kit chart or by a student's own ``import altair as alt``.

Every test runs in a fresh interpreter, so ``sys.modules`` starts clean:

* the code of the lessons that draw no chart, and the data functions and
  widgets without charts, leave altair unimported;
* after ``pk.setup()``, a plain ``import altair`` ends with the renderer
  active and a chart displayed through it (the kit's offline widget, no CDN
  script), also in static mode (inline SVG);
* altair imported before ``setup()`` works as before; ``setup()`` twice
  leaves one hook, the import removes it, a mere look-up does not;
* altair's loader stays its own (``importlib.resources``, ``pkgutil``);
* a failure to enable the renderer warns and never breaks ``import altair``.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
import textwrap

import pytest

from nbhelpers import ROOT, notebooks

#: What draws a chart in a lesson's code (a kit chart, a widget with a chart, altair itself).
CHART_CODE = re.compile(
    r"\b(timeline_chart|nato_chart|timeline_widget|stance_matrix_chart|stance_matrix_widget|term_chart|"
    r"term_explorer_widget|environment_report|altair|alt)\b"
)


def _code_cells(path) -> list[str]:
    return ["".join(c["source"]) for c in json.loads(path.read_text(encoding="utf-8"))["cells"]
            if c["cell_type"] == "code"]


#: Lessons whose code draws no chart (found, not listed: a new lesson is covered at once).
NO_CHART_LESSONS = [p.name[:2] for p in notebooks("lessons")
                    if not any(CHART_CODE.search(cell) for cell in _code_cells(p))]
MIMETYPE = "application/vnd.jupyter.widget-view+json"


def _run(code: str, *, cwd=ROOT, static: bool = False) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PEACEKIT_STATIC": "1" if static else ""}
    return subprocess.run([sys.executable, "-c", textwrap.dedent(code)], capture_output=True, text=True,
                          cwd=cwd, timeout=180, env=env)


def _ok(proc: subprocess.CompletedProcess[str]) -> str:
    assert proc.returncode == 0 and "ok" in proc.stdout.split(), proc.stdout + proc.stderr
    return proc.stdout


def _lesson(number: str):
    found = [p for p in notebooks("lessons") if p.name.startswith(number + "-")]
    assert len(found) == 1, f"no single lesson {number}: {found}"
    return found[0]


# --------------------------------------------------------------------- no chart, no altair


def test_some_lessons_draw_no_chart():
    # the test below runs for each of them; an empty list would make it pass by running nothing
    assert NO_CHART_LESSONS, "every lesson draws a chart: nothing checks that altair stays unimported"
    assert len(NO_CHART_LESSONS) < len(notebooks("lessons"))  # and the pattern does see the charts


@pytest.mark.parametrize("number", NO_CHART_LESSONS)
def test_a_lesson_without_charts_never_imports_altair(number):
    path = _lesson(number)
    cells = _code_cells(path)
    assert any("pk.setup()" in cell for cell in cells)
    # every code cell, in an IPython shell as in a kernel (widgets and tables are displayed)
    code = f"""
        import json, sys
        from IPython.core.interactiveshell import InteractiveShell
        shell = InteractiveShell.instance()
        for cell in json.loads({json.dumps(json.dumps(cells))}):
            result = shell.run_cell(cell)
            assert result.success, cell
            assert 'altair' not in sys.modules, 'altair was imported by: ' + cell
        print('ok')
    """
    _ok(_run(code, cwd=path.parent))


def test_data_functions_and_widgets_without_charts_never_import_altair():
    code = """
        import sys
        import peacekit as pk

        pk.setup()
        source = pk.sources()["source_id"].iloc[0]
        theme = "nato-membership"
        calls = {
            "claims": lambda: pk.claims(), "timeline": lambda: pk.timeline(), "themes": lambda: pk.themes(),
            "figures": lambda: pk.figures(), "parties": lambda: pk.parties(), "positions": lambda: pk.positions(),
            "terms": lambda: pk.terms(), "paragraphs": lambda: pk.paragraphs(source),
            "claim_events": lambda: pk.claim_events(), "sourcing_line": lambda: pk.sourcing_line(source),
            "kwic": lambda: pk.kwic("Kyiv"), "term_frequencies": lambda: pk.term_frequencies(["Kyiv"]),
            "distinctive_words": lambda: pk.distinctive_words(source),
            "stance_matrix": lambda: pk.stance_matrix(), "compare": lambda: pk.compare(theme),
            "timeline_events": lambda: pk.timeline_events(), "event_claims": lambda: pk.event_claims(
                pk.timeline()["event_id"].iloc[0]),
            "nato_growth": lambda: pk.nato_growth(), "source_dates": lambda: pk.source_dates(),
            "compare_widget": lambda: pk.compare_widget(theme), "reader_widget": lambda: pk.reader_widget(),
            "negotiation_widget": lambda: pk.negotiation_widget(),
            "argument_builder_widget": lambda: pk.argument_builder_widget(),
            "corroborate_widget": lambda: pk.corroborate_widget(),
            "source_picker_widget": lambda: pk.source_picker_widget(),
        }
        for name, call in calls.items():
            call()
            assert "altair" not in sys.modules, f"pk.{name}() imported altair"
        print("ok")
    """
    _ok(_run(code))


# --------------------------------------------------------------------- the renderer, when altair comes


# indented as the test bodies it is put into
_CHART = """
        import pandas as pd
        chart = alt.Chart(pd.DataFrame({"a": [1, 2]}), description="Two bars.").mark_bar().encode(x="a:Q")
        bundle = chart._repr_mimebundle_()
        bundle = bundle[0] if isinstance(bundle, tuple) else bundle
"""


def test_import_after_setup_enables_the_kits_renderer():
    code = """
        import sys
        import peacekit as pk
        from peacekit._vega import AltairImportHook

        pk.setup()
        assert "altair" not in sys.modules
        assert sum(isinstance(f, AltairImportHook) for f in sys.meta_path) == 1
        import altair as alt
        assert alt.renderers.active == "peacekit", alt.renderers.active
        assert not any(isinstance(f, AltairImportHook) for f in sys.meta_path), sys.meta_path
    """ + _CHART + """
        # the kit's renderer: its offline widget, whose plain text is the chart's description
        assert MIMETYPE in bundle, bundle.keys()
        assert bundle["text/plain"] == "Two bars.", bundle["text/plain"]
        assert "<script src=" not in str(bundle)
        assert "vl_convert" not in sys.modules
        print("ok")
    """
    _ok(_run(code.replace("MIMETYPE", repr(MIMETYPE))))


def test_the_timeline_chart_imports_altair_and_draws_with_the_kits_renderer():
    code = """
        import sys
        import peacekit as pk

        pk.setup()
        chart = pk.timeline_chart()
        import altair as alt
        assert alt.renderers.active == "peacekit", alt.renderers.active
        bundle = chart._repr_mimebundle_()
        bundle = bundle[0] if isinstance(bundle, tuple) else bundle
        assert MIMETYPE in bundle and bundle["text/plain"] == chart.description, bundle.keys()
        print("ok")
    """
    _ok(_run(code.replace("MIMETYPE", repr(MIMETYPE))))


def test_import_before_setup_enables_the_renderer_at_once_without_a_hook():
    code = """
        import sys
        import altair as alt
        import peacekit as pk
        from peacekit._vega import AltairImportHook

        assert alt.renderers.active != "peacekit"
        pk.setup(); pk.setup()
        assert alt.renderers.active == "peacekit", alt.renderers.active
        assert not any(isinstance(f, AltairImportHook) for f in sys.meta_path), sys.meta_path
        print("ok")
    """
    _ok(_run(code))


def test_setup_twice_leaves_one_hook_and_a_look_up_does_not_use_it():
    code = """
        import importlib.util, sys
        import peacekit as pk
        from peacekit._vega import AltairImportHook

        pk.setup(); pk.setup()
        hooks = [f for f in sys.meta_path if isinstance(f, AltairImportHook)]
        assert len(hooks) == 1 and sys.meta_path[0] is hooks[0], sys.meta_path
        # a library asking whether altair is installed imports nothing and keeps the hook
        assert importlib.util.find_spec("altair") is not None
        assert "altair" not in sys.modules and sys.meta_path[0] is hooks[0]
        import altair as alt
        assert alt.renderers.active == "peacekit", alt.renderers.active
        assert not any(isinstance(f, AltairImportHook) for f in sys.meta_path), sys.meta_path
        pk.setup()
        assert not any(isinstance(f, AltairImportHook) for f in sys.meta_path), sys.meta_path
        print("ok")
    """
    _ok(_run(code))


def test_altairs_loader_stays_its_own():
    code = """
        import importlib.resources, pkgutil, sys
        import peacekit as pk

        pk.setup()
        import altair as alt
        loader = alt.__loader__
        assert loader is alt.__spec__.loader and "exec_module" not in vars(loader), vars(loader)
        assert type(loader).__module__.startswith(("importlib", "_frozen_importlib")), type(loader)
        index = importlib.resources.files("altair").joinpath("jupyter", "js", "index.js")
        assert index.is_file() and "render" in index.read_text(encoding="utf-8")
        assert pkgutil.get_data("altair", "jupyter/js/index.js")
        import altair.vegalite.v6  # submodules import as usual
        print("ok")
    """
    _ok(_run(code))


def test_a_failure_to_enable_warns_and_the_import_still_works():
    code = """
        import warnings
        import peacekit as pk
        from peacekit import _vega

        pk.setup()

        def broken() -> None:
            raise RuntimeError("a broken renderer")

        _vega.enable_renderer = broken
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            import altair as alt
        assert alt.Chart is not None
        said = [str(w.message) for w in caught if issubclass(w.category, RuntimeWarning)]
        assert len(said) == 1 and "could not turn on its offline chart renderer" in said[0], said
        assert "a broken renderer" in said[0] and said[0].endswith("."), said
        print("ok")
    """
    _ok(_run(code))


def test_static_mode_draws_a_students_chart_as_inline_svg():
    pytest.importorskip("vl_convert")
    code = """
        import peacekit as pk

        pk.setup()
        import altair as alt
        assert alt.renderers.active == "peacekit", alt.renderers.active
    """ + _CHART + """
        assert bundle["text/html"].startswith('<figure class="pk-chart"') and "<svg" in bundle["text/html"]
        assert bundle["text/plain"] == "Two bars."
        print("ok")
    """
    _ok(_run(code, static=True))


def test_setup_and_the_altair_import_freeze_the_objects_made_so_far():
    # gc.freeze keeps the collector from walking the libraries' objects again and again
    _ok(_run("""
        import gc
        import peacekit as pk
        assert gc.get_freeze_count() == 0
        pk.setup()
        after_setup = gc.get_freeze_count()
        assert after_setup > 1000, after_setup
        made_later = [[i] for i in range(5000)]  # a student's objects: not frozen by a second setup()
        pk.setup()
        assert gc.get_freeze_count() == after_setup
        import altair  # the hook freezes what the import made
        assert gc.get_freeze_count() > after_setup + 30000, (after_setup, gc.get_freeze_count())
        print("ok")
    """))


def test_an_interrupted_first_import_leaves_the_hook_for_the_next_attempt():
    # a student pressing Stop during the long first chart cell: the retry still gets the offline renderer
    _ok(_run("""
        import sys
        import peacekit as pk
        from peacekit._vega import import_hook_installed

        class StopOnce:
            stopped = False
            def find_spec(self, name, path=None, target=None):
                if name == "jsonschema" and not StopOnce.stopped:
                    StopOnce.stopped = True
                    raise KeyboardInterrupt
                return None

        pk.setup()
        sys.meta_path.insert(1, StopOnce())
        try:
            import altair
        except KeyboardInterrupt:
            pass
        else:
            raise AssertionError("the planted interruption did not happen")
        assert "altair" not in sys.modules and import_hook_installed()
        assert "rfc3987_syntax" not in sys.modules  # the stand-in left with the interrupted import
        import altair as alt
        assert alt.renderers.active == "peacekit", alt.renderers.active
        assert not import_hook_installed()
        print("ok")
    """))


def test_a_reloaded_module_still_sees_its_earlier_hook():
    # importlib.reload / %autoreload makes a new hook class; the old hook must not be doubled
    _ok(_run("""
        import importlib, sys
        import peacekit as pk
        import peacekit._vega as vega
        pk.setup()
        vega = importlib.reload(vega)
        pk.setup()
        assert sum(bool(getattr(f, "peacekit_altair_hook", False)) for f in sys.meta_path) == 1
        import altair as alt
        assert alt.renderers.active == "peacekit"
        print("ok")
    """))
