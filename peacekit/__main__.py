"""Command line: ``python -m peacekit <command>``.

Commands
--------
lab [--dry-run] [JUPYTER ARGS...]
    Open JupyterLab on lessons/00-start-here.ipynb.
check NOTEBOOK [NOTEBOOK | FOLDER ...] [--timeout S] [--grade] [--csv FILE] [--jobs N]
    Run exercise notebooks and list which exercises pass (several: class mode).
validate [PATH]
    Check datasets/ against datapackage.json.
new-source ID --text FILE [--data PATH]
    Copy an article text into datasets/articles/ and start its sources row.
build-exercises [--check]
    Generate exercises/ from solutions/.
report
    Print versions and whether the data folder is found.
release DIR
    Write a copy of the kit for students (no solutions, no teacher guide).
export NOTEBOOK --html OUTFILE
    Run a notebook and write it as one offline HTML page.

Each command lives in a module exposing ``main(argv: list[str]) -> int``.
"""

from __future__ import annotations

import importlib
import importlib.util
import os
import shlex
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
START_NOTEBOOK = "lessons/00-start-here.ipynb"
LAB_SETTINGS = REPO_ROOT / "jupyter-config" / "lab-settings"

_USAGE = """usage: python -m peacekit COMMAND [ARGS]

commands:
  lab [--dry-run]         open JupyterLab on lessons/00-start-here.ipynb
  check NOTEBOOK          run an exercise notebook and list which exercises pass
                          (several notebooks or a folder: class mode, see --help)
  validate [PATH]         check datasets/ against datapackage.json
  new-source ID --text FILE   add an article text and start its sources row
  build-exercises         generate exercises/ from solutions/ (--check: only report)
  report                  print versions and where the data folder is
  release DIR             write a copy for students (no solutions, no teacher guide)
  export NB --html OUT    run a notebook, write one offline HTML page (charts as SVG)
"""


def lab_command(extra: list[str] | None = None) -> list[str]:
    """Return the command that opens JupyterLab on the first lesson."""
    cmd = [sys.executable, "-m", "jupyter", "lab", f"--ServerApp.root_dir={REPO_ROOT}"]
    if LAB_SETTINGS.is_dir():
        # the kit's settings overrides: no news prompt, no update checks (a classroom kit runs offline)
        cmd.append(f"--LabApp.app_settings_dir={LAB_SETTINGS}")
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers often run as root; Jupyter refuses without it
    return [*cmd, *(extra or []), START_NOTEBOOK]


def lab_env(base: dict[str, str] | None = None) -> dict[str, str]:
    """The environment JupyterLab starts with: this Python's folder first on PATH.

    A terminal opened inside JupyterLab then finds the kit's ``python`` and
    ``peacekit`` (``python -m peacekit check ...`` works there as the lessons
    word it), even when the venv was never activated.
    """
    env = dict(os.environ if base is None else base)
    bin_dir = str(Path(sys.executable).parent)
    parts = [p for p in env.get("PATH", "").split(os.pathsep) if p and p != bin_dir]
    env["PATH"] = os.pathsep.join([bin_dir, *parts])
    if sys.prefix != sys.base_prefix:  # a venv: say so, as `activate` would
        env["VIRTUAL_ENV"] = sys.prefix
    return env


def lab_main(argv: list[str]) -> int:
    """``lab``: start JupyterLab on lessons/00-start-here.ipynb (``--dry-run`` prints the command)."""
    if argv and argv[0] in ("-h", "--help"):
        print("usage: python -m peacekit lab [--dry-run] [JUPYTER LAB OPTIONS...]\n\n"
              f"Open JupyterLab in {REPO_ROOT} on {START_NOTEBOOK}.")
        return 0
    dry = "--dry-run" in argv
    cmd = lab_command([a for a in argv if a != "--dry-run"])
    if dry:
        print(shlex.join(cmd))
        return 0
    try:
        return subprocess.call(cmd, cwd=REPO_ROOT, env=lab_env())
    except KeyboardInterrupt:
        return 0


def build_exercises_main(argv: list[str]) -> int:
    """``build-exercises``: run tools/generate_exercises.py from the repository."""
    script = REPO_ROOT / "tools" / "generate_exercises.py"
    if not script.is_file():
        print(f"tools/generate_exercises.py not found under {REPO_ROOT}: run this from a clone of the kit.")
        return 2
    spec = importlib.util.spec_from_file_location("peacekit_generate_exercises", script)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return int(module.main(argv))


def report_main(argv: list[str]) -> int:
    """``report``: print the environment report as text."""
    from peacekit.display import environment_report

    report = environment_report()
    print(report)
    return 1 if report.problems else 0


def _module_main(module: str) -> Callable[[list[str]], int]:
    def run(argv: list[str]) -> int:
        return int(importlib.import_module(module).main(argv))

    return run


COMMANDS: dict[str, Callable[[list[str]], int]] = {
    "lab": lab_main,
    "check": _module_main("peacekit.notebook_check"),
    "validate": _module_main("peacekit.validation"),
    "new-source": _module_main("peacekit.new_source"),
    "build-exercises": build_exercises_main,
    "report": report_main,
    "release": _module_main("peacekit.release"),
    "export": _module_main("peacekit.export"),
}


def main(argv: list[str] | None = None) -> int:
    """Dispatch ``python -m peacekit COMMAND ARGS``; return the exit status."""
    args = list(sys.argv[1:] if argv is None else argv)
    if not args or args[0] in ("-h", "--help", "help"):
        print(_USAGE)
        return 0 if args else 2
    command = COMMANDS.get(args[0])
    if command is None:
        print(f"unknown command {args[0]!r}\n\n{_USAGE}")
        return 2
    return command(args[1:])


def console_main() -> None:
    """Entry point of the ``peacekit`` console script."""
    sys.exit(main())


if __name__ == "__main__":
    sys.exit(main())
