"""The check command on a real terminal: no silent stalls, clear first lines.

Incidents these prevent (issue 11):
- a ``while True: pass`` stalled the check for five minutes with no message,
  then reported ``KeyboardInterrupt``; a kernel killed by the system (as an
  out-of-memory kill on a shared hub looks) was reported as "it was skipped";
- the check ran in a temporary folder, so a cell reading a file beside the
  notebook failed only under the check;
- a mistyped path printed "Checking …" before "There is no notebook" and
  suggested nothing; checking a lesson said its check cells were "missing";
- ``python -m peacekit check`` outside the venv ended in ModuleNotFoundError;
- ``SystemExit`` from ``exit()`` was not named.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import time
from pathlib import Path

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from nbhelpers import ROOT

SETUP = "import peacekit as pk\nfrom peacekit.checks import check"
SOLVED = "answer = len(pk.sources())"


def _notebook(path: Path, *cells: str) -> Path:
    nb = new_notebook(cells=[new_code_cell(SETUP), *(new_code_cell(c) for c in cells),
                             new_code_cell('check("0.1", answer)')])
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, path)
    return path


def _check(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "PEACEKIT_"))}
    return subprocess.run([sys.executable, "-m", "peacekit", "check", *args], cwd=cwd, env=env,
                          capture_output=True, text=True, encoding="utf-8", stdin=subprocess.DEVNULL, timeout=300)


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
def test_a_loop_is_stopped_and_named(tmp_path: Path):
    nb = _notebook(tmp_path / "loop.ipynb", SOLVED, "while True:\n    pass")
    before = _digest(nb)
    start = time.monotonic()
    proc = _check(str(nb), "--timeout", "10")
    took = time.monotonic() - start
    assert took < 30, f"took {took:.0f} s"
    assert proc.returncode == 1, proc.stdout
    assert "ran out of time" in proc.stdout and "`while True:`" in proc.stdout and "10 s" in proc.stdout
    assert "KeyboardInterrupt" not in proc.stdout
    assert "cell 3 of 4" in proc.stdout  # progress, before the report
    assert _digest(nb) == before


@pytest.mark.slow
@pytest.mark.parametrize("kill", ["import os\nos._exit(1)", "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)"])
def test_a_dying_kernel_is_named(tmp_path: Path, kill: str):
    if os.name == "nt" and "SIGKILL" in kill:
        pytest.skip("no SIGKILL on Windows")
    nb = _notebook(tmp_path / "dies.ipynb", SOLVED, kill)
    proc = _check(str(nb), "--timeout", "20")
    assert proc.returncode == 1, proc.stdout
    assert "The kernel died while running" in proc.stdout and "maybe out of memory" in proc.stdout
    assert "Exercise 0.1 not checked" in proc.stdout and "the kernel died" in proc.stdout


@pytest.mark.slow
def test_a_file_beside_the_notebook_is_found_and_systemexit_is_named(tmp_path: Path):
    folder = tmp_path / "my work"
    nb = _notebook(folder / "beside.ipynb", "text = open('notes.txt', encoding='utf-8').read()\n" + SOLVED,
                   "import sys\nsys.exit(\"done\")")
    (folder / "notes.txt").write_text("hello", encoding="utf-8")
    before = sorted(p.name for p in folder.iterdir())
    proc = _check(str(nb), cwd=tmp_path)
    assert "✅ Exercise 0.1 passed" in proc.stdout, proc.stdout
    assert "SystemExit" in proc.stdout and "exit(), quit() or sys.exit()" in proc.stdout
    assert sorted(p.name for p in folder.iterdir()) == before  # nothing written beside it


def test_a_mistyped_path_says_so_first_and_suggests_the_nearest_name():
    proc = _check("exercises/00-start-hre.ipynb")
    assert proc.returncode == 2
    assert proc.stdout.startswith("There is no notebook at exercises/00-start-hre.ipynb.")
    assert "Did you mean exercises/00-start-here.ipynb?" in proc.stdout
    assert "Checking" not in proc.stdout
    assert "Did you mean" not in _check("exercises/zzz-qqq.ipynb").stdout


def test_a_lesson_is_named_as_a_lesson():
    proc = _check("lessons/00-start-here.ipynb")
    assert proc.returncode == 2
    assert "is a lesson notebook, not an exercise notebook" in proc.stdout
    assert "exercises/00-start-here.ipynb" in proc.stdout and "missing" not in proc.stdout


def test_outside_the_venv_one_sentence_says_what_to_use():
    code = ("import sys; sys.modules['nbclient'] = None\n"
            "from peacekit.__main__ import main\n"
            "sys.exit(main(['check', 'exercises/00-start-here.ipynb']))")
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 2
    assert "Traceback" not in proc.stdout + proc.stderr
    lines = proc.stdout.strip().splitlines()
    assert len(lines) == 1 and "The check needs nbclient" in lines[0] and sys.executable in lines[0]


def test_lab_puts_this_pythons_folder_first_on_path():
    from peacekit.__main__ import lab_env

    env = lab_env({"PATH": os.pathsep.join(["/usr/bin", str(Path(sys.executable).parent)])})
    parts = env["PATH"].split(os.pathsep)
    assert parts[0] == str(Path(sys.executable).parent)
    assert parts.count(parts[0]) == 1 and "/usr/bin" in parts


def test_make_check_not_yet_ends_with_a_plain_line():
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    recipe = makefile.split("\ncheck:", 1)[1].split("\n\n", 1)[0]
    assert "not done yet" in recipe and "exit 0" in recipe


@pytest.mark.slow
def test_a_lone_surrogate_in_an_answer_is_a_plain_not_yet(tmp_path: Path):
    nb = tmp_path / "odd.ipynb"
    nbformat.write(new_notebook(cells=[new_code_cell(SETUP), new_code_cell('answer = "\\ud800"'),
                                       new_code_cell('check("0.1", answer)'),
                                       new_code_cell('check("\\ud800", answer)')]), nb)
    proc = _check(str(nb), "--timeout", "30")
    assert proc.returncode == 1, proc.stdout + proc.stderr
    assert "❌ Exercise 0.1 not yet" in proc.stdout and "Traceback" not in proc.stdout + proc.stderr
