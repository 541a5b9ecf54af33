"""The package's public names: all resolve, none is shadowed by a submodule.

Incident this prevents: a submodule named like a public function (``peacekit.timeline``
beside the loader ``pk.timeline``) replaced the function on the package as soon as the
submodule was first imported, so ``pk.timeline()`` raised "'module' object is not
callable" halfway through lesson 01.
"""

from __future__ import annotations

import pkgutil
import subprocess
import sys

import peacekit


def test_every_public_name_resolves():
    for name in peacekit._LAZY:
        assert getattr(peacekit, name) is not None, name


def test_no_public_name_is_also_a_submodule():
    submodules = {m.name for m in pkgutil.iter_modules(peacekit.__path__)}
    clashes = sorted(set(peacekit._LAZY) & submodules)
    assert not clashes, f"rename these modules, they shadow public names: {clashes}"


def test_public_functions_survive_importing_every_submodule():
    code = (
        "import importlib, pkgutil, peacekit as pk\n"
        "for m in pkgutil.walk_packages(pk.__path__, 'peacekit.'):\n"
        "    if m.name != 'peacekit.__main__':\n"
        "        importlib.import_module(m.name)\n"
        "bad = [n for n in pk._LAZY if type(getattr(pk, n)).__name__ == 'module']\n"
        "assert not bad, bad\n"
        "assert len(pk.timeline()) > 0\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_import_changes_no_global_state():
    code = (
        "import altair as alt, pandas as pd\n"
        "before = (alt.renderers.active, alt.data_transformers.active, dict(pd.options.display.__dict__['d']) if hasattr(pd.options.display, '__dict__') else None)\n"
        "import peacekit\n"
        "after = (alt.renderers.active, alt.data_transformers.active, dict(pd.options.display.__dict__['d']) if hasattr(pd.options.display, '__dict__') else None)\n"
        "assert before == after, (before, after)\n"
        "import sys\n"
        "loaded = sorted(m for m in sys.modules if m.startswith('peacekit.'))\n"
        "assert loaded == [], loaded\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)
