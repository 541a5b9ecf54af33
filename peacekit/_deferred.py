"""One dependency's costly set-up, deferred until it is used (private).

``import altair`` imports jsonschema, whose format checkers import
``rfc3987_syntax`` when it is installed and the GPL-licensed ``rfc3987`` is
not (it is, wherever Jupyter's ``jupyter_events`` is:
``jsonschema[format-nongpl]``). At its import,
``rfc3987_syntax`` builds its Earley parsers from a Lark grammar: about one
second, about two thirds of ``import altair`` on the machine the kit's
benchmarks run on (``python -X importtime -c "import altair"``; see
docs/charts.md). jsonschema only uses it to check strings of the formats
``iri`` and ``iri-reference``, which the Vega-Lite schema never names, so a
chart never needs it. The maintained fork of that library, ``rfc3987-syntax2``,
builds its parser lazily (proposed for jsonschema in
python-jsonschema/jsonschema pull request #1521, closed).

While the kit's import hook imports altair (:class:`peacekit._vega.AltairImportHook`),
:func:`deferred_iri_grammar` puts a stand-in module in ``sys.modules``.
jsonschema takes ``is_valid_syntax`` from it: a function that imports the
real module on its first call and hands the call on, so an IRI check gives
the same answer, one second later. Any other name asked of the stand-in
(but a special name such as ``__path__``) imports the real module too. When
the import is over, the stand-in leaves ``sys.modules``, so a later
``import rfc3987_syntax`` gets the real module. Nothing is deferred when the
real module is already imported, or when it or ``lark`` (which it imports)
is not installed: jsonschema then checks no IRI, through the kit or not.
"""

from __future__ import annotations

import importlib
import importlib.util
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from types import ModuleType
from typing import Any

__all__ = ["GRAMMAR_MODULE", "deferred_iri_grammar", "is_stand_in"]

#: The module whose import-time parser build is deferred.
GRAMMAR_MODULE = "rfc3987_syntax"
#: The function jsonschema takes from it (``jsonschema._format``).
DEFERRED_NAME = "is_valid_syntax"
#: What the real module imports at its top: without it, nothing is deferred (jsonschema then
#: registers no IRI check, as it does when the import fails).
REQUIRES = ("lark",)
#: How the stand-in module is recognised.
_MARK = "__peacekit_stand_in__"
#: Held while the stand-in is taken out of ``sys.modules`` (two threads may ask at once).
_SWAP = threading.Lock()


def is_stand_in(module: object) -> bool:
    """True for the stand-in module :func:`deferred_iri_grammar` makes."""
    return bool(getattr(module, "__dict__", {}).get(_MARK, False))


def _real_module() -> ModuleType:
    """The real module, imported now if only the stand-in is there.

    Always through the import system: a module being imported is in
    ``sys.modules`` before its code has run, and the import system makes a
    second thread wait until it has (the first IRI check takes a second).
    """
    with _SWAP:
        if is_stand_in(sys.modules.get(GRAMMAR_MODULE)):
            del sys.modules[GRAMMAR_MODULE]
    return importlib.import_module(GRAMMAR_MODULE)


def is_valid_syntax(term: str, value: str) -> bool:
    """``rfc3987_syntax.is_valid_syntax``, imported on the first call.

    If the real module cannot be imported after all (a dependency broken
    since the check in :func:`deferred_iri_grammar`), the answer is True:
    jsonschema, failing that import itself, would check no IRI at all.
    """
    try:
        module = _real_module()
    except ImportError:
        return True
    return bool(module.is_valid_syntax(term, value))


def _forward(name: str) -> Any:
    """Any other public attribute of the stand-in: the real module's (which imports it).

    Special names are not handed on: the import system asks a module for
    ``__path__`` in every ``from ... import``, and that must not import it.
    """
    if name.startswith("__") and name.endswith("__"):
        raise AttributeError(f"module {GRAMMAR_MODULE!r} (deferred by peacekit) has no attribute {name!r}")
    return getattr(_real_module(), name)


def _stand_in(spec: Any) -> ModuleType:
    module = ModuleType(GRAMMAR_MODULE, "Stands in for rfc3987_syntax until it is used (peacekit).")
    module.__spec__ = spec  # importlib.util.find_spec answers with the real spec
    module.__dict__.update({_MARK: True, DEFERRED_NAME: is_valid_syntax, "__getattr__": _forward})
    return module


def _find(name: str) -> Any:
    """The module's spec, None when it is not installed (``sys.modules[name] = None`` included)."""
    if name in sys.modules and sys.modules[name] is None:
        return None
    try:
        return importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None


@contextmanager
def deferred_iri_grammar() -> Iterator[bool]:
    """Within the block, ``rfc3987_syntax`` is a stand-in that imports the real one when used.

    Yields True when the stand-in is in place, False when nothing is deferred
    (the module is already imported, or it or what it imports is not
    installed).

    Only an import of the module itself, and the names it defines, are
    served while the block runs: a submodule (``rfc3987_syntax.utils``)
    cannot be imported, and ``inspect.getfile`` finds no file, until the
    real module is. Nothing in altair's import asks for either.
    """
    if GRAMMAR_MODULE in sys.modules:
        yield False
        return
    spec = _find(GRAMMAR_MODULE)
    if spec is None or any(_find(name) is None for name in REQUIRES):
        yield False
        return
    stand_in = _stand_in(spec)
    sys.modules[GRAMMAR_MODULE] = stand_in
    try:
        yield True
    finally:
        if sys.modules.get(GRAMMAR_MODULE) is stand_in:
            del sys.modules[GRAMMAR_MODULE]
