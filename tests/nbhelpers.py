"""Helpers shared by the test modules (import as ``from nbhelpers import ...``).

Kept out of conftest.py because several conftest.py files exist (tests/,
tests/browser/) and pytest imports each as a top-level module named
``conftest``; ``from conftest import x`` would then pick whichever was last.

Notebook runs go through :func:`run_nbval`, a separate ``pytest --nbval``
process per notebook, because the kernel is a separate process that pytest's
own ``-W`` options cannot reach: the kernel gets an IPython startup file that
turns FutureWarning/DeprecationWarning from notebook code (and from peacekit)
into errors, and strict mode (``PEACEKIT_STRICT=1``) where asked.
"""


from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
SANITIZE = ROOT / "tests" / "nbval-sanitize.cfg"
IN_CI = os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}

# Turns deprecation warnings raised by notebook code (module __main__) or by
# peacekit into errors inside the kernel. Library-internal warnings of other
# packages are left alone: they are not ours to fix.
WARNINGS_STARTUP = '''\
import warnings
for _category in (DeprecationWarning, FutureWarning, PendingDeprecationWarning):
    warnings.filterwarnings("error", category=_category, module=r"(__main__|peacekit)(\\.|$)")
del _category
'''


def notebooks(folder: str) -> list[Path]:
    """Return the notebooks in ``ROOT/folder``, sorted (checkpoints excluded)."""
    return sorted(p for p in (ROOT / folder).glob("*.ipynb") if ".ipynb_checkpoints" not in p.parts)


def notebook_params(folder: str) -> list:
    """pytest params for the notebooks of a folder; a placeholder skip when there are none."""
    found = notebooks(folder)
    if not found:
        return [pytest.param(None, marks=pytest.mark.skip(reason=f"no notebooks in {folder}/ yet"), id="none")]
    return [pytest.param(p, id=p.name) for p in found]


@dataclass
class NbvalRun:
    """The outcome of one nbval run."""

    returncode: int
    output: str

    @property
    def passed(self) -> bool:
        return self.returncode == 0


def kernel_env(ipython_dir: Path, *, strict: bool, extra: dict[str, str] | None = None) -> dict[str, str]:
    """Environment for an nbval subprocess (inherited by its kernel)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.update({
        "IPYTHONDIR": str(ipython_dir),
        "JUPYTER_PLATFORM_DIRS": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    })
    if strict:
        env["PEACEKIT_STRICT"] = "1"
    else:
        env.pop("PEACEKIT_STRICT", None)
    env.update(extra or {})
    return env


def make_ipython_dir(path: Path) -> Path:
    """Create an IPYTHONDIR under ``path`` whose startup file makes deprecation warnings errors."""
    startup = path / "profile_default" / "startup"
    startup.mkdir(parents=True, exist_ok=True)
    (startup / "00-warnings.py").write_text(WARNINGS_STARTUP, encoding="utf-8")
    return path


def run_nbval(
    notebook: Path,
    *,
    ipython_dir: Path,
    strict: bool,
    lax: bool = False,
    timeout: int = 600,
    extra_env: dict[str, str] | None = None,
) -> NbvalRun:
    """Run one notebook from a fresh kernel with nbval in a subprocess.

    Parameters
    ----------
    notebook : Path
        The notebook; it is not modified (nbval only reads it).
    ipython_dir : Path
        From the :func:`ipython_dir` fixture.
    strict : bool
        Set ``PEACEKIT_STRICT=1`` so a failing check raises.
    lax : bool
        ``--nbval-lax`` instead of ``--nbval`` (saved outputs are compared
        only when a notebook keeps them; the kit's notebooks are stripped).
    """
    cmd = [
        sys.executable, "-m", "pytest", str(notebook),
        "--nbval-lax" if lax else "--nbval",
        "--nbval-current-env",
        f"--nbval-sanitize-with={SANITIZE}",
        "--nbval-cell-timeout=300",
        "-p", "no:cacheprovider", "-p", "no:xdist", "-p", "no:randomly",
        "-o", "addopts=", "-o", "filterwarnings=",
        "--rootdir", str(notebook.parent), "-q", "--tb=short", "--color=no",
    ]
    proc = subprocess.run(
        cmd, cwd=notebook.parent, env=kernel_env(ipython_dir, strict=strict, extra=extra_env),
        stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout,
    )
    return NbvalRun(proc.returncode, proc.stdout + proc.stderr)


def run_check_command(notebook: Path, *, timeout: int = 600) -> subprocess.CompletedProcess[str]:
    """Run the student's check command (``python -m peacekit check``) on ``notebook``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env.pop("PEACEKIT_STRICT", None)
    env.pop("PEACEKIT_REPORT", None)
    return subprocess.run(
        [sys.executable, "-m", "peacekit", "check", str(notebook)],
        cwd=ROOT, env=env, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=timeout,
    )


def run_check(exercise_id: str, answer: object, **context: object) -> tuple[bool, str]:
    """Run ``check`` in-process and return ``(passed, message)`` for assertions."""
    from peacekit.checks import check

    result = check(exercise_id, answer, **context)
    return result.passed, result.message
