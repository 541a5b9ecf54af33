"""Deploying the kit to a class: where data and original exercises are found,
a plain wheel install with a separate copy of the lessons (a hub image plus
nbgitpuller), and the students' copy written by ``python -m peacekit release``.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import sysconfig
from pathlib import Path

import nbformat
import pytest

import peacekit as pk
from peacekit import data
from peacekit.notebook_check import check_ids
from peacekit.release import MARKER, STUDENT_DOCS, release

ROOT = Path(__file__).resolve().parent.parent
START = "00-start-here.ipynb"


def _copy_lessons(target: Path) -> Path:
    """A copy of what nbgitpuller puts in a student's home: lessons, exercises, datasets."""
    for name in ("lessons", "exercises", "datasets"):
        shutil.copytree(ROOT / name, target / name)
    return target


def _add_theme(datasets: Path, theme_id: str) -> None:
    themes = datasets / "themes.csv"
    text = themes.read_text(encoding="utf-8")
    header = text.splitlines()[0].split(",")
    row = {"theme_id": theme_id, "label": "A fix pulled into the clone"}
    themes.write_text(
        text + ",".join(row.get(col, "Invented for a test.") for col in header) + "\n", encoding="utf-8"
    )


# ------------------------------------------------------------------ where data is found


@pytest.fixture
def clone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    return _copy_lessons(tmp_path / "clone")


def test_a_clone_above_the_working_folder_is_read_first(clone: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _add_theme(clone / "datasets", "pulled-fix")
    monkeypatch.chdir(clone / "lessons")
    assert pk.data_dir() == (clone / "datasets").resolve()
    assert "pulled-fix" in set(pk.themes()["theme_id"])
    folder, why = data.locate_data()
    assert folder == clone / "datasets" and "nearest datasets/" in why
    report = pk.environment_report()
    assert report.data_dir == str((clone / "datasets").resolve())
    assert "nearest datasets/" in str(report)


def test_the_environment_variable_beats_the_clone(clone: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    other = tmp_path / "teachers-copy"
    shutil.copytree(ROOT / "datasets", other)
    monkeypatch.chdir(clone / "lessons")
    monkeypatch.setenv(data.ENV_VAR, str(other))
    assert pk.data_dir() == other.resolve()
    assert "PEACEKIT_DATA" in data.locate_data()[1]


def test_without_a_clone_the_package_copy_is_read(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    monkeypatch.chdir(tmp_path)
    assert pk.data_dir() == (ROOT / "datasets").resolve()
    assert "installed with the peacekit package" in data.locate_data()[1]


def test_a_datasets_folder_without_a_descriptor_is_not_a_clone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.delenv(data.ENV_VAR, raising=False)
    (tmp_path / "datasets").mkdir()  # somebody else's data folder
    (tmp_path / "work").mkdir()
    monkeypatch.chdir(tmp_path / "work")
    assert pk.data_dir() == (ROOT / "datasets").resolve()


def test_original_exercises_come_from_a_release_before_the_package(tmp_path: Path) -> None:
    student = tmp_path / "home" / "exercises"
    student.mkdir(parents=True)
    assert data.original_exercise(START, start=student) == ROOT / "exercises" / START
    originals = tmp_path / "home" / ".peacekit" / "exercises"
    originals.mkdir(parents=True)
    shutil.copy(ROOT / "exercises" / START, originals / START)
    assert data.original_exercise(START, start=student) == (originals / START).resolve()
    assert data.original_exercise("no-such-notebook.ipynb", start=student) is None


# ------------------------------------------------------------------ the students' copy


def test_release_has_no_solutions_and_no_teacher_guide(tmp_path: Path) -> None:
    out = tmp_path / "student"
    files = release(out)
    names = {str(p) for p in files}
    assert not (out / "solutions").exists()
    assert not any(p.parts[0] == "solutions" for p in files)
    assert not any("teacher-guide" in n or "solution" in Path(n).name for n in names)
    for folder in ("lessons", "exercises"):
        assert sorted(p.name for p in (out / folder).glob("*.ipynb")) == sorted(
            p.name for p in (ROOT / folder).glob("*.ipynb")
        )
    assert sorted(p.name for p in (out / "docs").iterdir()) == sorted(
        n for n in STUDENT_DOCS if (ROOT / "docs" / n).is_file()
    )
    for nb_file in (out / "exercises").glob("*.ipynb"):
        assert (out / ".peacekit" / "exercises" / nb_file.name).read_bytes() == nb_file.read_bytes()
    for nb_file in [*(out / "lessons").glob("*.ipynb"), *(out / "exercises").glob("*.ipynb")]:
        kind = nbformat.read(nb_file, as_version=4).metadata.get("peacekit", {}).get("kind")
        assert kind != "solutions", nb_file
    assert json.loads((out / MARKER).read_text(encoding="utf-8"))["peacekit"] == pk.__version__


def test_release_replaces_an_earlier_copy_but_not_other_folders(tmp_path: Path) -> None:
    out = tmp_path / "student"
    release(out)
    (out / "solutions").mkdir()  # left there by hand: a release removes it
    (out / "solutions" / "x.ipynb").write_text("{}", encoding="utf-8")
    release(out)
    assert not (out / "solutions").exists()
    busy = tmp_path / "busy"
    busy.mkdir()
    (busy / "notes.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(ValueError, match="not empty"):
        release(busy)
    with pytest.raises(ValueError, match="inside the kit"):
        release(ROOT / "release-out")


def test_release_command_says_what_it_wrote(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "peacekit", "release", str(tmp_path / "out")],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no solutions/" in result.stdout
    again = subprocess.run(
        [sys.executable, "-m", "peacekit", "release", str(ROOT)],
        capture_output=True, text=True, check=False, cwd=tmp_path,
    )
    assert again.returncode == 2 and "Traceback" not in again.stdout + again.stderr


def _check(python: str, notebook: Path, cwd: Path, env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [python, "-m", "peacekit", "check", str(notebook)],
        capture_output=True, text=True, check=False, cwd=cwd, env=env, timeout=600,
    )


def _drop_check_cell(notebook: Path, exercise_id: str) -> None:
    nb = nbformat.read(notebook, as_version=4)
    nb.cells = [c for c in nb.cells if not (c.cell_type == "code" and f'check("{exercise_id}"' in c.source)]
    nbformat.write(nb, notebook)


@pytest.mark.slow
def test_check_works_in_a_release(tmp_path: Path) -> None:
    out = tmp_path / "student"
    release(out)
    env = {k: v for k, v in os.environ.items() if k != data.ENV_VAR}
    unsolved = _check(sys.executable, out / "exercises" / START, out, env)
    assert unsolved.returncode == 1, unsolved.stdout + unsolved.stderr
    shutil.copy(ROOT / "solutions" / START, out / "exercises" / START)
    solved = _check(sys.executable, out / "exercises" / START, out, env)
    assert solved.returncode == 0, solved.stdout + solved.stderr
    # Deleting a check cell from the solved notebook must not give "all passed":
    # the list of exercises comes from .peacekit/exercises/, not from the student's file.
    first = next(iter(check_ids(nbformat.read(out / ".peacekit" / "exercises" / START, as_version=4))))
    _drop_check_cell(out / "exercises" / START, first)
    trimmed = _check(sys.executable, out / "exercises" / START, out, env)
    assert trimmed.returncode == 1, trimmed.stdout
    assert first in trimmed.stdout


# ------------------------------------------------------------------ a plain wheel install


@pytest.fixture(scope="session")
def wheel_env(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A fresh virtual environment outside the repository with the kit's wheel installed.

    The wheel is built offline from a copy of the repository (without local environments). The kit's
    dependencies are borrowed from this interpreter's site-packages through a
    ``.pth`` line (a ``.pth`` file is not read from a folder added that way, so
    the editable install of the repository stays invisible).
    """
    base = tmp_path_factory.mktemp("wheel")
    src = base / "src"
    heavy = {".venv", ".git", "test-artifacts", "printables", "build", "dist", ".hypothesis", ".pytest_cache"}
    skip = shutil.ignore_patterns("__pycache__", "*.egg-info", ".ipynb_checkpoints", "*.bak")
    for item in ROOT.iterdir():  # everything pyproject.toml may name, without local environments
        if item.name in heavy:
            continue
        if item.is_dir():
            shutil.copytree(item, src / item.name, ignore=skip)
        else:
            shutil.copy2(item, src / item.name)
    dist = base / "dist"
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "--no-index",
         "-w", str(dist), str(src)],
        check=True, capture_output=True, text=True,
    )
    wheel = next(dist.glob("peacekit-*.whl"))
    venv = base / "venv"
    subprocess.run([sys.executable, "-m", "venv", "--without-pip", str(venv)], check=True)
    python = venv / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    site = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()
    Path(site, "_borrowed_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n", encoding="utf-8")
    subprocess.run(
        [str(python), "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", str(wheel)],
        check=True, capture_output=True, text=True,
    )
    return python


def _in(python: Path, code: str, cwd: Path) -> str:
    env = {k: v for k, v in os.environ.items() if k not in (data.ENV_VAR, "PYTHONPATH")}
    result = subprocess.run(
        [str(python), "-W", "error::DeprecationWarning", "-c", code],
        capture_output=True, text=True, check=False, cwd=cwd, env=env,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.slow
def test_a_bare_wheel_reads_its_own_copy_of_the_data(wheel_env: Path, tmp_path: Path) -> None:
    out = _in(wheel_env, "import peacekit as pk; print(pk.__file__); print(pk.data_dir()); print(len(pk.claims()))",
              tmp_path)
    module, folder, count = out.splitlines()
    assert ROOT not in Path(module).parents, "the wheel, not the repository, must be imported"
    assert Path(folder).parts[-3:] == ("share", "peacekit", "datasets")
    assert int(count) == len(pk.claims())
    # release needs a clone (it copies lessons/ and solutions/ stay out): one sentence, no traceback
    env = {k: v for k, v in os.environ.items() if k not in (data.ENV_VAR, "PYTHONPATH")}
    release_run = subprocess.run([str(wheel_env), "-m", "peacekit", "release", str(tmp_path / "out")],
                                 capture_output=True, text=True, cwd=tmp_path, env=env, check=False)
    assert release_run.returncode == 2 and "from a clone of the kit" in release_run.stdout
    assert "Traceback" not in release_run.stdout + release_run.stderr


@pytest.mark.slow
def test_a_wheel_with_a_clone_reads_the_clone_and_checks_it(wheel_env: Path, tmp_path: Path) -> None:
    home = _copy_lessons(tmp_path / "home")
    _add_theme(home / "datasets", "pulled-fix")
    out = _in(wheel_env, "import peacekit as pk; print(pk.data_dir()); print('pulled-fix' in set(pk.themes().theme_id))",
              home / "lessons")
    folder, seen = out.splitlines()
    assert Path(folder) == (home / "datasets").resolve() and seen == "True"

    env = {k: v for k, v in os.environ.items() if k not in (data.ENV_VAR, "PYTHONPATH")}
    shutil.copy(ROOT / "solutions" / START, home / "exercises" / START)
    solved = _check(str(wheel_env), home / "exercises" / START, home, env)
    assert solved.returncode == 0, solved.stdout + solved.stderr
    # The check's kernel reads the clone's data too, not the image's copy.
    nb = nbformat.read(home / "exercises" / START, as_version=4)
    nb.cells.append(nbformat.v4.new_code_cell(
        "import peacekit as pk\nassert 'pulled-fix' in set(pk.themes().theme_id), pk.data_dir()"))
    nbformat.write(nb, home / "exercises" / START)
    assert _check(str(wheel_env), home / "exercises" / START, home, env).returncode == 0
    # A deleted check cell is a failure: the wheel carries the original exercise notebooks.
    first = next(iter(check_ids(nbformat.read(home / "exercises" / START, as_version=4))))
    _drop_check_cell(home / "exercises" / START, first)
    trimmed = _check(str(wheel_env), home / "exercises" / START, home, env)
    assert trimmed.returncode == 1, trimmed.stdout


def test_make_check_on_a_hub_uses_the_installed_kit(tmp_path: Path) -> None:
    """Without .venv, but with a Python that has the kit (a hub image), make check builds nothing."""
    make = shutil.which("make")
    if make is None:
        pytest.skip("make is not installed")
    for name in ("Makefile", "pyproject.toml"):
        shutil.copy(ROOT / name, tmp_path / name)
    hub = subprocess.run([make, "-n", "check", "NB=exercises/00-start-here.ipynb", f"PYTHON={sys.executable}"],
                         capture_output=True, text=True, cwd=tmp_path, check=False)
    assert hub.returncode == 0, hub.stderr
    assert "pip install" not in hub.stdout and "-m venv" not in hub.stdout
    assert f'{sys.executable} -m peacekit check "exercises/00-start-here.ipynb"' in hub.stdout
    bare = subprocess.run([make, "-n", "check", "NB=x.ipynb", "PYTHON=python-without-the-kit"],
                          capture_output=True, text=True, cwd=tmp_path, check=False)
    assert "pip install" in bare.stdout  # elsewhere it still builds .venv as before
