"""Packaging, the two commands, Binder and CI wiring.

Incidents these prevent: environment.yml drifting from pyproject.toml (conda
and Binder users get a different kit from pip users); a Binder image without
the kit installed because repo2docker installs environment.yml before it
copies the repository; a public name in peacekit's lazy map that no module
defines; ``import peacekit`` or ``pk.setup()`` quietly changing global state.
"""

from __future__ import annotations

import os
import re
import shutil
import stat
import subprocess
import sys
import warnings
from pathlib import Path

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet

from nbhelpers import ROOT

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
ENV_TEXT = (ROOT / "environment.yml").read_text(encoding="utf-8")
ENV = yaml.safe_load(ENV_TEXT)
CONDA_ONLY = {"pip"}  # in environment.yml only: conda needs pip to run postBuild


def _norm(name: str) -> str:
    return re.sub(r"[-_.]+", "-", name).lower()


def _pip_requirements() -> dict[str, SpecifierSet]:
    reqs = PYPROJECT["project"]["dependencies"] + PYPROJECT["project"]["optional-dependencies"]["test"]
    out = {}
    for line in reqs:
        req = Requirement(line)
        out[_norm(req.name)] = req.specifier
    return out


def _conda_requirements() -> dict[str, SpecifierSet]:
    out = {}
    entries: list[str] = []
    for entry in ENV["dependencies"]:
        if isinstance(entry, dict) and set(entry) == {"pip"}:  # packages conda installs with pip, from PyPI
            assert all(isinstance(e, str) for e in entry["pip"]), f"environment.yml: unexpected pip entry {entry!r}"
            entries.extend(entry["pip"])
            continue
        entries.append(entry)
    for entry in entries:
        assert isinstance(entry, str), f"environment.yml: unexpected entry {entry!r} (keep one conda package a line)"
        match = re.match(r"^([A-Za-z0-9_.\-]+)\s*(.*)$", entry.strip())
        assert match, entry
        name, spec = match.groups()
        spec = spec.replace(" ", "")
        if re.match(r"^=\d", spec):  # conda's "=3.11" means 3.11.*
            spec = f"=={spec[1:]}.*"
        out[_norm(name)] = SpecifierSet(spec)
    return out


def test_environment_yml_mirrors_pyproject():
    pip, conda = _pip_requirements(), _conda_requirements()
    python = conda.pop("python", None)
    assert python is not None, "environment.yml must pin python"
    for name in CONDA_ONLY:
        conda.pop(name, None)
    assert sorted(set(pip) - set(conda)) == [], "in pyproject.toml but not environment.yml"
    assert sorted(set(conda) - set(pip)) == [], "in environment.yml but not pyproject.toml"
    for name, spec in pip.items():
        assert conda[name] == spec, f"{name}: pyproject says {spec!s}, environment.yml says {conda[name]!s}"
    requires = SpecifierSet(PYPROJECT["project"]["requires-python"])
    for version in ("3.10", "3.11", "3.12", "3.13"):
        if python.contains(f"{version}.0"):
            assert requires.contains(f"{version}.0"), f"environment.yml allows Python {version}, pyproject does not"


def test_every_environment_package_has_a_comment():
    for line in ENV_TEXT.splitlines():
        if re.match(r"^\s*-\s+[A-Za-z]", line) and ENV_TEXT.index("dependencies:") < ENV_TEXT.index(line):
            assert "#" in line and line.split("#", 1)[1].strip(), f"environment.yml: say what uses {line.strip()!r}"


def test_runtime_dependencies_are_importable():
    import importlib.metadata as md

    for line in PYPROJECT["project"]["dependencies"]:
        req = Requirement(line)
        version = md.version(req.name)
        assert req.specifier.contains(version, prereleases=True), f"{req.name} {version} does not satisfy {req.specifier}"


def test_every_lazy_name_resolves():
    import peacekit

    missing = []
    for name, module in sorted(peacekit._LAZY.items()):
        try:
            getattr(peacekit, name)
        except Exception as exc:  # noqa: BLE001 - report every failure at once
            missing.append(f"{name} ({module}): {type(exc).__name__}: {exc}")
    assert not missing, "names in peacekit._LAZY that do not resolve:\n" + "\n".join(missing)


def _run(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_import_changes_no_global_state():
    proc = _run(
        "import altair as alt, pandas as pd, warnings\n"
        "before = (alt.renderers.active, dict(alt.renderers.options), alt.theme.active, len(warnings.filters), pd.get_option('display.max_rows'))\n"
        "import peacekit as pk\n"
        "after = (alt.renderers.active, dict(alt.renderers.options), alt.theme.active, len(warnings.filters), pd.get_option('display.max_rows'))\n"
        "assert before == after, (before, after)\n"
        "pk.setup(); pk.setup()\n"
        "assert alt.renderers.active == 'peacekit', alt.renderers.active\n"
        "final = (alt.theme.active, len(warnings.filters), pd.get_option('display.max_rows'))\n"
        "assert final == after[2:], (final, after)\n"
        "print('ok')"
    )
    assert proc.returncode == 0 and "ok" in proc.stdout, proc.stderr


def test_environment_report_as_text():
    from peacekit.display import environment_report

    report = environment_report()
    text = str(report)
    assert "altair" in text and "chart renderer: peacekit (offline)" in text
    assert report.data_ok, text


def test_source_picker_widget_changes_its_line():
    import peacekit as pk

    box = pk.source_picker_widget()
    picker, line = box.children
    first = line.value
    picker.value = picker.options[-1][1]
    assert line.value != first and "<script" not in line.value


def test_lab_command_opens_the_first_lesson():
    proc = subprocess.run([sys.executable, "-m", "peacekit", "lab", "--dry-run"], capture_output=True, text=True, cwd="/")
    assert proc.returncode == 0, proc.stderr
    assert re.search(r"-m jupyter lab .*lessons/00-start-here\.ipynb$", proc.stdout.strip())
    assert f"--ServerApp.root_dir={ROOT}" in proc.stdout
    assert subprocess.run([sys.executable, "-m", "peacekit", "lab", "--help"], capture_output=True).returncode == 0


def test_cli_usage_and_unknown_command():
    ok = subprocess.run([sys.executable, "-m", "peacekit", "--help"], capture_output=True, text=True)
    assert ok.returncode == 0 and "check NOTEBOOK" in ok.stdout
    bad = subprocess.run([sys.executable, "-m", "peacekit", "frobnicate"], capture_output=True, text=True)
    assert bad.returncode == 2 and "unknown command" in bad.stdout


def test_build_exercises_check_via_cli():
    proc = subprocess.run([sys.executable, "-m", "peacekit", "build-exercises", "--check"],
                          capture_output=True, text=True, cwd=ROOT)
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_repo2docker_builds_from_environment_yml_and_postbuild(tmp_path: Path):
    exe = shutil.which("repo2docker") or str(Path(sys.executable).with_name("repo2docker"))
    assert Path(exe).exists(), "jupyter-repo2docker is in the test extra; install it"
    proc = subprocess.run([exe, "--no-build", str(ROOT)], capture_output=True, text=True, timeout=300,
                          stdin=subprocess.DEVNULL)
    assert proc.returncode == 0, proc.stderr
    dockerfile = proc.stdout + proc.stderr
    assert "environment.yml" in dockerfile and re.search(r"env update .*--file \"environment.yml\"", dockerfile)
    assert "RUN ./postBuild" in dockerfile
    assert "Python version unspecified" not in dockerfile, "environment.yml should pin python for Binder"
    post = ROOT / "postBuild"
    assert post.stat().st_mode & stat.S_IXUSR, "postBuild must be executable"
    assert re.search(r"pip install .*-e \.", post.read_text(encoding="utf-8"))


def test_makefile_targets_and_stamp():
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    dry = subprocess.run([make, "-n", "test"], capture_output=True, text=True, cwd=ROOT)
    assert dry.returncode == 0, dry.stderr
    assert re.search(r"\.venv/bin/python -m pytest -n 2 --dist loadgroup", dry.stdout)
    key = subprocess.run("cksum < pyproject.toml | cut -d' ' -f1", shell=True, capture_output=True,
                         text=True, cwd=ROOT).stdout.strip()
    if (ROOT / ".venv" / f".stamp-test-{key}").exists():
        assert "pip install" not in dry.stdout, "make test reinstalls although pyproject.toml did not change"
    else:
        assert "pip install --quiet -e '.[test]'" in dry.stdout
    lab = subprocess.run([make, "-n", "lab"], capture_output=True, text=True, cwd=ROOT)
    assert ".venv/bin/python -m peacekit lab" in lab.stdout
    check = subprocess.run([make, "-n", "check", "NB=exercises/00-start-here.ipynb"], capture_output=True, text=True, cwd=ROOT)
    assert "-m peacekit check \"exercises/00-start-here.ipynb\"" in check.stdout
    bench = subprocess.run([make, "-n", "bench"], capture_output=True, text=True, cwd=ROOT)
    assert "bench/*.py" in bench.stdout


def test_readme_first_code_block_is_the_two_commands():
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    block = re.search(r"```[a-z]*\n(.*?)```", text, re.S)
    assert block, "README.md has no code block"
    assert [ln.strip() for ln in block.group(1).splitlines() if ln.strip()] == ["make lab", "make test"]
    for needed in ("python -m venv .venv", ".venv\\Scripts\\python -m peacekit lab", "conda env create -f environment.yml"):
        assert needed in text, f"README.md should document {needed!r}"


def test_ci_script_installs_then_runs_make_test():
    script = ROOT / ".ci" / "run"
    text = script.read_text(encoding="utf-8")
    assert script.stat().st_mode & stat.S_IXUSR
    assert text.startswith("#!/usr/bin/env bash") and "set -euo pipefail" in text
    assert "chromium" in text and "fonts-noto-color-emoji" in text
    assert text.rstrip().splitlines()[-1] == "exec make test"
    assert subprocess.run(["bash", "-n", str(script)]).returncode == 0


def test_gitignore():
    lines = set((ROOT / ".gitignore").read_text(encoding="utf-8").split())
    for needed in (".venv/", "__pycache__/", "*.egg-info/", "test-artifacts/", ".ipynb_checkpoints/", ".stamp-*"):
        assert needed in lines


def test_no_warnings_from_importing_every_module():
    code = (
        "import warnings, pkgutil, importlib\n"
        "warnings.simplefilter('error', DeprecationWarning)\n"
        "warnings.simplefilter('error', FutureWarning)\n"
        "import peacekit\n"
        "for m in pkgutil.walk_packages(peacekit.__path__, 'peacekit.'):\n"
        "    if m.name != 'peacekit.__main__':\n"
        "        importlib.import_module(m.name)\n"
        "print('ok')"
    )
    proc = _run(code)
    assert proc.returncode == 0, proc.stderr[-3000:]
