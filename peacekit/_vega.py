"""Offline charts without a JavaScript engine in the kernel (private).

altair draws a chart in a notebook with :class:`altair.JupyterChart`, an
anywidget whose JavaScript (vega-embed) comes from a CDN, or, in altair's
offline mode, from ``vl_convert.javascript_bundle()``. That call starts a
JavaScript engine in every kernel (over a second, about 120 MB) and puts the
876 KiB bundle into every chart widget's state. The kit does neither:

* the bundle is built once by ``tools/build_vega_bundle.py`` and shipped as
  the package file ``peacekit/_static/vega-bundle.js``; the kernel only reads
  it;
* it is sent to the browser once per kernel, as a binary buffer of one
  hidden widget (:func:`vega_library`) whose code imports it; the bundle
  puts ``vegaEmbed`` and ``lodashDebounce`` on ``globalThis``;
* every chart is an :class:`OfflineChart`: altair's own ``JupyterChart``
  with altair's own front-end code, whose two imports are replaced by a few
  lines that wait for that library. A chart's state is its spec and about
  9 KB of code.

``pk.setup()`` enables the ``peacekit`` renderer without importing altair
(over a second): at once if altair is imported, otherwise through
:class:`AltairImportHook` when it first is (:func:`enable_renderer_when_imported`).

When ``PEACEKIT_STATIC`` is set (``python -m peacekit export``, ``make
site``) charts display as inline SVG with their text description instead
(:func:`static_chart_html`); vl-convert renders the SVG there, outside any
live lesson. See docs/charts.md.
"""

from __future__ import annotations

import functools
import gc
import importlib.abc
import json
import os
import re
import sys
import warnings
from importlib.machinery import ModuleSpec
from pathlib import Path
from types import ModuleType
from typing import Any

from peacekit import style as _style
from peacekit._deferred import deferred_iri_grammar

__all__ = [
    "AltairImportHook",
    "BUNDLE_PATH",
    "ENABLE_FAILED",
    "LIBRARY_SNIPPET",
    "OfflineChart",
    "bundle_header",
    "chart_esm",
    "enable_renderer",
    "enable_renderer_when_imported",
    "import_hook_installed",
    "offline_chart",
    "register_renderer",
    "remove_import_hook",
    "static_chart_html",
    "static_mode",
    "trusted_chart",
    "vega_library",
]

BUNDLE_PATH = Path(__file__).resolve().parent / "_static" / "vega-bundle.js"

#: The bundled library's own code: publish vega-embed and lodash.debounce
#: (names given by ``vl_convert.javascript_bundle``) once per page.
LIBRARY_SNIPPET = """
const slot = globalThis.__peacekitVega ?? (() => {
  let resolve;
  const ready = new Promise((r) => { resolve = r; });
  return (globalThis.__peacekitVega = { ready, resolve, lib: null });
})();
if (!slot.lib) {
  slot.lib = { vegaEmbed, lodashDebounce };
  slot.resolve(slot.lib);
}
export default { render({ el }) { el.style.display = "none"; } };
"""

#: Put in front of altair's chart code (its import lines removed): the chart
#: waits for the library widget's code instead of importing from a CDN.
_LOADER = """
let vegaEmbed;
let lodashDebounce;
async function peacekitVega(model) {
  const slot = globalThis.__peacekitVega ?? (() => {
    let resolve;
    const ready = new Promise((r) => { resolve = r; });
    return (globalThis.__peacekitVega = { ready, resolve, lib: null });
  })();
  if (!slot.lib) {
    const id = String(model.get("_vega_library") ?? "").replace(/^IPY_MODEL_/, "");
    const manager = model.widget_manager;
    if (id && manager && typeof manager.get_model === "function") {
      try { await manager.get_model(id); } catch (error) { /* created later */ }
    }
  }
  const lib = await slot.ready;
  vegaEmbed = lib.vegaEmbed;
  lodashDebounce = lib.lodashDebounce;
}
"""

#: The library widget's own code: it imports the bundle, sent to the browser
#: as a binary buffer (no JSON encoding of 0.9 MB of text in the kernel).
_LIBRARY_ESM = """
export default {
  async initialize({ model }) {
    if (globalThis.__peacekitVega && globalThis.__peacekitVega.lib) return;
    const data = model.get("bundle");
    const url = URL.createObjectURL(new Blob([data], { type: "text/javascript" }));
    try { await import(url); } finally { URL.revokeObjectURL(url); }
  },
  render({ el }) { el.style.display = "none"; }
};
"""

_EXPORT = re.compile(r"^export default \{ render \}\s*$", re.MULTILINE)


def static_mode() -> bool:
    """True when charts and widgets should display as static HTML (export, site)."""
    return os.environ.get("PEACEKIT_STATIC", "") not in ("", "0")


def bundle_header(text: str | None = None) -> dict[str, str]:
    """The versions recorded on the bundle's first line (``{}`` when missing)."""
    if text is None:
        if not BUNDLE_PATH.is_file():
            return {}
        with BUNDLE_PATH.open(encoding="utf-8") as handle:
            text = handle.readline()
    first = text.split("\n", 1)[0]
    prefix = "// peacekit-vega-bundle "
    if not first.startswith(prefix):
        return {}
    return dict(json.loads(first[len(prefix):]))


def _bundle_bytes() -> bytes:
    if not BUNDLE_PATH.is_file():
        raise RuntimeError(
            f"The chart library {BUNDLE_PATH.name} is missing from the peacekit package; "
            "reinstall peacekit (pip install -e .) or run python tools/build_vega_bundle.py."
        )
    return BUNDLE_PATH.read_bytes()


@functools.lru_cache(maxsize=1)
def chart_esm() -> str:
    """altair's JupyterChart front-end code with its CDN imports replaced by the loader."""
    from altair.jupyter.jupyter_chart import load_js_src

    lines = load_js_src().split("\n")
    while lines and (not lines[0].strip() or lines[0].startswith(("import", "//"))):
        lines.pop(0)
    body = "\n".join(lines)
    if not _EXPORT.search(body):  # pragma: no cover - altair changed its front end
        raise RuntimeError("altair's JupyterChart code has changed; peacekit/_vega.py needs updating.")
    wrapped = _EXPORT.sub(
        "export default { async render(context) { await peacekitVega(context.model); return render(context); } };",
        body,
    )
    return _LOADER + wrapped


_LIBRARY: Any = None


def _library_class() -> type:
    import anywidget
    import traitlets

    class VegaLibrary(anywidget.AnyWidget):
        """A hidden widget carrying the Vega bundle (one per kernel); its code imports it."""

        _esm = _LIBRARY_ESM
        bundle = traitlets.Bytes(b"").tag(sync=True)

    return VegaLibrary


@functools.lru_cache(maxsize=1)
def _library_type() -> type:
    return _library_class()


def vega_library() -> Any:
    """The kernel's one library widget (made again if it was closed)."""
    global _LIBRARY
    if _LIBRARY is None or getattr(_LIBRARY, "comm", None) is None:
        _LIBRARY = _library_type()(bundle=_bundle_bytes())
    return _LIBRARY


@functools.lru_cache(maxsize=1)
def _chart_type() -> type:
    import altair as alt
    import traitlets

    class OfflineChart(alt.JupyterChart):
        """altair's JupyterChart, drawn with the kit's shared offline Vega library.

        ``_vega_library`` names the library widget; outside ``PEACEKIT_STATIC``
        it displays as the live widget, inside as inline SVG.
        """

        _esm = chart_esm()
        _vega_library = traitlets.Unicode("").tag(sync=True)

        def __init__(self, chart: Any, **kwargs: Any) -> None:
            if not static_mode():
                kwargs.setdefault("_vega_library", "IPY_MODEL_" + vega_library().model_id)
            super().__init__(chart, **kwargs)

        def _repr_mimebundle_(self, **kwargs: Any) -> Any:
            if static_mode() and self.chart is not None:
                return static_chart_bundle(self.chart.to_dict())
            bundle = super()._repr_mimebundle_(**kwargs)
            data = bundle[0] if isinstance(bundle, tuple) else bundle
            if isinstance(data, dict) and self.spec:
                # a saved notebook, a viewer without widgets and nbconvert show this text, not
                # "<OfflineChart object at 0x…>"
                data["text/plain"] = _description(self.spec)
            return bundle

    return OfflineChart


def __getattr__(name: str) -> Any:
    if name == "OfflineChart":
        return _chart_type()
    raise AttributeError(name)


# ---------------------------------------------------------------------------
# Charts the kit built and tested: no second schema validation
# ---------------------------------------------------------------------------

_DEFAULT = object()  # "validate not given": to_dict's default
_TRUSTED = "_pk_validated_by_tests"  # in the object's __dict__, never in its altair properties


@functools.lru_cache(maxsize=None)
def _trusted_type(base: type) -> type:
    """``base`` (an altair chart class) whose ``to_dict()`` skips validation while trusted."""

    class Trusted(base):  # type: ignore[misc, valid-type]
        def to_dict(self, validate: Any = _DEFAULT, **kwargs: Any) -> dict[str, Any]:
            if validate is _DEFAULT:
                validate = not self.__dict__.get(_TRUSTED, False)
            return super().to_dict(validate, **kwargs)

        def __setattr__(self, name: str, value: Any) -> None:
            object.__setattr__(self, _TRUSTED, False)  # changed: validate again
            super().__setattr__(name, value)

        def __setitem__(self, name: str, value: Any) -> None:
            object.__setattr__(self, _TRUSTED, False)
            super().__setitem__(name, value)

        def add_params(self, *params: Any) -> Any:
            """altair's ``add_params``, on a copy whose sub-specs are altair charts (see :func:`chart_objects`)."""
            return chart_objects(self).add_params(*params)

        def interactive(self, *args: Any, **kwargs: Any) -> Any:
            """altair's ``interactive``, on a copy whose sub-specs are altair charts (see :func:`chart_objects`)."""
            return chart_objects(self).interactive(*args, **kwargs)

    Trusted.__name__, Trusted.__qualname__ = base.__name__, base.__qualname__
    Trusted.__doc__ = base.__doc__
    return Trusted


def dataset_ref(values: list[dict[str, Any]], datasets: dict[str, Any]) -> dict[str, Any]:
    """A view's ``data`` for rows the kit puts in a spec built as dicts, as altair's ``to_dict`` would.

    The rows go into ``datasets`` under the name altair gives them (its own
    ``_dataset_name``: a hash of the rows), or stay inline when the student
    turned altair's consolidation of datasets off.
    """
    import altair as alt
    from altair.vegalite.v6.api import _dataset_name

    if not alt.data_transformers.consolidate_datasets:
        return {"values": values}
    name = _dataset_name(values)
    datasets[name] = values
    return {"name": name}


def unit_spec(layer: dict[str, Any]) -> Any:
    """A layer's dict in altair's plain unit class, its encoding too (altair reads it when layering)."""
    import altair as alt

    return alt.UnitSpec(**{**layer, "encoding": alt.Encoding(**layer["encoding"])})


def chart_objects(chart: Any) -> Any:
    """A copy of ``chart`` whose plain sub-specs (``alt.UnitSpec``, ``alt.LayerSpec``) are altair charts.

    The kit builds its charts' layers and concatenated views in altair's
    plain spec classes (no chart object per mark: docs/charts.md). The spec
    is the same, but a few chart methods (``add_params``, ``interactive``)
    call chart methods on the sub-specs; they get this copy, made of
    ``alt.Chart`` and ``alt.LayerChart`` objects with the same properties.
    """
    import altair as alt

    def props(spec: Any) -> dict[str, Any]:
        items = spec.items() if isinstance(spec, dict) else spec._kwds.items()
        return {key: value for key, value in items if value is not alt.Undefined}

    def convert(spec: Any) -> Any:
        if isinstance(spec, alt.Chart) or not isinstance(spec, (dict, alt.SchemaBase)):
            return spec
        found = props(spec)
        for key, kind in (("layer", alt.LayerChart), ("vconcat", alt.VConcatChart), ("hconcat", alt.HConcatChart)):
            if key in found:
                return kind(**{**found, key: [convert(view) for view in found[key]]})
        if "mark" in found:
            if isinstance(found.get("encoding"), dict):
                found["encoding"] = alt.FacetedEncoding(**found["encoding"])
            return alt.Chart(**found)
        return spec

    return convert(chart)


def trusted_chart(chart: Any) -> Any:
    """Mark ``chart``, built by the kit, as valid: its ``to_dict()`` skips altair's schema check.

    altair validates a spec against the Vega-Lite JSON schema each time it is
    turned into a dict: when a chart is displayed and when a ``JupyterChart``
    is made from it (about 0.15 s for the stance matrix). A chart the kit
    builds has a fixed shape, validated by the tests on the shipped data and
    the fixtures (``to_dict(validate=True)``), so the check is skipped for
    the very object the kit returns. Anything made from it (``.properties``,
    ``.encode`` … return copies) and the chart itself once a property is set
    on it are validated as usual, so a student's change still gets altair's
    error message. ``isinstance`` and the spec are unchanged.
    """
    # object.__setattr__: altair's own __setattr__ would store these as chart properties
    object.__setattr__(chart, "__class__", _trusted_type(type(chart)))
    object.__setattr__(chart, _TRUSTED, True)
    return chart


#: vega-embed options of every chart: SVG, so each mark is an element with an
#: ``aria-label`` (screen readers, browser tests) and text stays crisp when projected;
#: no actions menu (``peacekit.style.EMBED_OPTIONS``: its button has no accessible name).
EMBED_OPTIONS = {"renderer": "svg", **_style.EMBED_OPTIONS}


def offline_chart(chart: Any, **kwargs: Any) -> Any:
    """Wrap an altair chart in an :class:`OfflineChart` widget."""
    if kwargs.get("embed_options") is None:
        kwargs["embed_options"] = dict(EMBED_OPTIONS)
    return _chart_type()(chart, **kwargs)


def _description(spec: dict[str, Any]) -> str:
    text = spec.get("description")
    if isinstance(text, str) and text.strip():
        return text.strip()
    title = spec.get("title")
    if isinstance(title, dict):
        title = title.get("text")
    if isinstance(title, list):
        title = " ".join(str(t) for t in title)
    return f"Chart: {title}" if title else "Chart (no description)"


def static_chart_html(spec: dict[str, Any]) -> str:
    """A chart as a ``<figure>``: inline SVG (vl-convert, offline) and its description."""
    import vl_convert as vlc
    from altair.utils._importers import vl_version_for_vl_convert

    from peacekit.templates import Markup, render

    svg = vlc.vegalite_to_svg(spec, vl_version=vl_version_for_vl_convert())
    svg = re.sub(r"^<\?xml[^>]*>\s*", "", svg)
    # the SVG is vl-convert's drawing of the spec (it escapes the spec's text); the template
    # escapes the description
    css = Markup(_style.CSS_CHART_FIGURE.strip())
    return str(render("vega_figure.html", svg=Markup(svg), description=_description(spec), css=css))


def static_chart_bundle(spec: dict[str, Any]) -> dict[str, str]:
    """The mimebundle of a chart in static mode: HTML figure and text description."""
    return {"text/html": static_chart_html(spec), "text/plain": _description(spec)}


def _renderer(spec: dict[str, Any], **metadata: Any) -> Any:
    import altair as alt

    if static_mode():
        return static_chart_bundle(spec)
    # altair validated this spec a moment ago; reading it back into a chart object
    # (``alt.Chart.from_dict``) validates it again, over a second for the timeline. The widget
    # altair's renderer makes is thrown away after display, so it needs only the spec: its
    # selections work in Vega (a click highlights) without a Python-side chart.
    widget = offline_chart(None, embed_options=metadata.get("embed_options"))
    widget.spec = spec
    return widget._repr_mimebundle_()


def register_renderer() -> None:
    """Register altair's ``peacekit`` renderer (idempotent)."""
    import altair as alt

    if "peacekit" not in alt.renderers.names():
        alt.renderers.register("peacekit", _renderer)


def enable_renderer() -> None:
    """Register and enable the ``peacekit`` renderer now (imports altair; idempotent)."""
    import altair as alt

    if alt.renderers.active == "peacekit":
        return
    register_renderer()
    alt.renderers.enable("peacekit")


# ---------------------------------------------------------------------------
# The renderer without importing altair: enabled when altair is first imported
# ---------------------------------------------------------------------------

#: Said (as a warning) when the renderer could not be enabled as altair was imported.
ENABLE_FAILED = (
    "peacekit could not turn on its offline chart renderer when altair was imported ({error}); "
    "charts may not draw without network. Run pk.setup() again in a new cell."
)


class AltairImportHook(importlib.abc.MetaPathFinder):
    """Enables the ``peacekit`` renderer right after altair's first import (one use).

    ``import altair`` costs a second and a half in a plain kernel (most of it
    jsonschema's format checkers), so :func:`peacekit.setup` does not import it: a lesson that
    draws no chart never pays for it. This finder, first on
    ``sys.meta_path``, answers for the name ``altair`` only: it asks the
    other finders for altair's real spec and gives that spec back with its
    own loader, whose ``exec_module`` is wrapped for one call (the loader
    stays altair's, so ``importlib.resources`` and ``pkgutil.get_data`` work
    on altair as before). When altair's ``__init__`` runs, the hook takes
    itself off ``sys.meta_path``; once it has run, the renderer is
    registered and enabled. If that fails, the import still succeeds and a
    warning says so. While altair's ``__init__`` runs, ``rfc3987_syntax``
    (imported by jsonschema's format checkers) is a stand-in that builds its
    parser only if an IRI is ever checked (:mod:`peacekit._deferred`): that
    build was about two thirds of the import's time, and a chart never needs
    it. After the import, its young garbage is collected and every object
    that exists is frozen (:func:`gc.freeze`): the import's (about 43,000,
    nearly all altair's and jsonschema's own classes, functions and
    schemas), and also whatever the notebook made before its first chart, so
    later full collections skip them. A frozen object that later becomes
    unreachable in a cycle stays in memory until the kernel restarts. A mere
    look-up (``importlib.util.find_spec("altair")``,
    which a library may do to see whether altair is installed) does not use
    the hook up: it stays until altair is really imported.
    """

    #: How a hook is recognised, also one made by an earlier copy of this module (after a reload).
    peacekit_altair_hook = True

    def find_spec(self, fullname: str, path: Any = None, target: Any = None) -> ModuleSpec | None:
        """The real spec of ``altair``, its loader wrapped once; ``None`` for any other name."""
        if fullname != "altair":
            return None
        for finder in list(sys.meta_path):
            if _is_hook(finder) or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    _wrap_exec_module(spec.loader)
                return spec
        return None


def _wrap_exec_module(loader: Any) -> None:
    """Make ``loader.exec_module`` enable the renderer after it runs, for its next call only.

    The attribute is set on this one loader instance and removed again when
    it runs, so the loader is altair's own before and after.
    """
    original = loader.exec_module

    def exec_module(module: ModuleType) -> None:
        remove_import_hook()
        try:
            with deferred_iri_grammar():  # jsonschema's IRI parser, built only if an IRI is checked
                original(module)
        except BaseException:  # e.g. the student pressed Stop during the first import
            _install_hook()  # wait for the next attempt
            raise
        finally:
            del loader.exec_module  # the loader's own method again
        gc.collect(1)  # the young garbage first (cheap): what is frozen is what the import kept
        gc.freeze()
        _enable_after_import()

    try:
        loader.exec_module = exec_module
    except (AttributeError, TypeError) as exc:  # a loader without an instance __dict__: import as is
        remove_import_hook()
        warnings.warn(ENABLE_FAILED.format(error=f"{type(exc).__name__}: {exc}"), RuntimeWarning, stacklevel=3)


def _enable_after_import() -> None:
    """Enable the renderer; never let a failure break the student's ``import altair``."""
    try:
        enable_renderer()
    except Exception as exc:  # noqa: BLE001 - the import must succeed whatever went wrong here
        warnings.warn(ENABLE_FAILED.format(error=f"{type(exc).__name__}: {exc}"), RuntimeWarning, stacklevel=2)


_FROZEN: list[bool] = []


def freeze_imported() -> bool:
    """Tell the garbage collector to leave alone the objects made so far; once per process.

    Python's cycle collector now and then walks every object it tracks. A
    kernel that has run :func:`peacekit.setup` tracks about 85,000 objects
    (IPython's, pandas', the kit's), and ``import altair`` adds about 43,000
    more (about 160,000 when jsonschema's IRI parser is built too; see
    :mod:`peacekit._deferred`). :func:`gc.freeze` moves the objects that
    exist now to a permanent generation the walks skip; objects made later
    are collected as usual, and frozen ones are still freed by reference
    counting. Measured in a kernel on 7 December 2026, while the parser was
    still built at the import (one run each of lessons 01, 05 and 07), the
    full walks took 0.29–0.49 s without the freeze and 0.14–0.24 s with it.

    What a frozen object costs: one that later becomes part of an unreachable
    cycle stays in memory, and frozen objects are invisible to
    ``gc.get_objects()`` and ``gc.get_referrers()`` (so IPython's
    ``%autoreload`` cannot update instances made before the freeze). That is
    why this runs once, in :func:`peacekit.setup`, when nearly every object
    is a library's own; the only other freeze is right after altair's import
    (:class:`AltairImportHook`).

    Returns True when it froze, False when it had already run.
    """
    if _FROZEN:
        return False
    _FROZEN.append(True)
    gc.freeze()
    return True


def _is_hook(finder: object) -> bool:
    return bool(getattr(finder, "peacekit_altair_hook", False))


def import_hook_installed() -> bool:
    """True while an :class:`AltairImportHook` waits on ``sys.meta_path``."""
    return any(_is_hook(finder) for finder in sys.meta_path)


def remove_import_hook() -> None:
    """Take every :class:`AltairImportHook` off ``sys.meta_path``."""
    sys.meta_path[:] = [finder for finder in sys.meta_path if not _is_hook(finder)]


def enable_renderer_when_imported() -> None:
    """Enable the ``peacekit`` renderer now if altair is imported, else when it first is.

    Does not import altair. Called twice, it leaves at most one hook on
    ``sys.meta_path``.
    """
    altair = sys.modules.get("altair")
    if altair is not None and hasattr(altair, "renderers"):
        remove_import_hook()
        enable_renderer()
    else:
        _install_hook()


def _install_hook() -> None:
    """Put one :class:`AltairImportHook` first on ``sys.meta_path`` (none when one is there)."""
    if not import_hook_installed():
        sys.meta_path.insert(0, AltairImportHook())
