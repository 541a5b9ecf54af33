"""Tests for ``peacekit._store``: checked datasets kept between kernels.

A kept result must be used when nothing changed, ignored when a file, a
rule or the cache itself changed, and never be the reason a loader fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import peacekit as pk
from peacekit import _store, data, validation
from peacekit.data import DatasetError

ROOT = Path(__file__).resolve().parent.parent
DATASETS = ROOT / "datasets"


@pytest.fixture()
def store(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """An empty cache folder of this test's own, and an empty in-kernel cache."""
    folder = tmp_path / "cache"
    monkeypatch.setenv(_store.ENV, str(folder))
    data._folder_cached.cache_clear()
    yield folder
    data._folder_cached.cache_clear()


@pytest.fixture()
def copy(tmp_path: Path) -> Path:
    target = tmp_path / "datasets"
    shutil.copytree(DATASETS, target)
    return target


@pytest.fixture()
def checks(monkeypatch: pytest.MonkeyPatch) -> list[Path]:
    """Record every real check of a folder (a kept result is not one)."""
    calls: list[Path] = []
    original = validation.check_rules

    def counting(folder: Path):  # noqa: ANN202
        calls.append(folder)
        return original(folder)

    monkeypatch.setattr(validation, "check_rules", counting)
    return calls


def _new_kernel() -> None:
    """What a new kernel starts with: no in-kernel cache."""
    data._folder_cached.cache_clear()


def test_a_second_kernel_reads_the_kept_result_instead_of_checking(store: Path, copy: Path,
                                                                   checks: list[Path]) -> None:
    first = pk.claims(path=copy)
    assert len(checks) == 1 and len(list(store.glob("*.pickle"))) == 1
    _new_kernel()
    second = pk.claims(path=copy)
    assert len(checks) == 1  # no new check
    assert first.equals(second) and list(first.dtypes) == list(second.dtypes)


def test_a_changed_file_is_checked_again(store: Path, copy: Path, checks: list[Path]) -> None:
    pk.themes(path=copy)
    themes = copy / "themes.csv"
    themes.write_text(themes.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    _new_kernel()
    pk.themes(path=copy)
    assert len(checks) == 2


def test_the_rule_modules_code_is_part_of_the_key(monkeypatch: pytest.MonkeyPatch) -> None:
    here = Path(_store.__file__).parent
    assert all((here / name).is_file() for name in _store._RULE_MODULES)
    state = data._folder_stamps(DATASETS)
    _store._code_version.cache_clear()
    before = _store.key(str(DATASETS), state)
    assert _store.key(str(DATASETS), state) == before  # stable
    real = Path.read_bytes

    def edited(self: Path) -> bytes:  # as if a rule in data.py had changed
        return real(self) + (b"# a changed rule" if self.name == "data.py" and self.parent == here else b"")

    monkeypatch.setattr(Path, "read_bytes", edited)
    _store._code_version.cache_clear()
    try:
        assert _store.key(str(DATASETS), state) != before
    finally:
        _store._code_version.cache_clear()


def test_an_edit_that_keeps_size_and_time_is_a_new_key(store: Path, copy: Path, checks: list[Path]) -> None:
    pk.themes(path=copy)
    themes = copy / "themes.csv"
    info = themes.stat()
    state = data._folder_stamps(copy)
    text = themes.read_text(encoding="utf-8")
    cut = text.rindex("restrain")  # a word in the last row's description, in capitals: same size
    changed = text[:cut] + "RESTRAIN" + text[cut + len("restrain"):]
    assert changed != text and len(changed) == len(text)
    themes.write_text(changed, encoding="utf-8")
    os.utime(themes, ns=(info.st_atime_ns, info.st_mtime_ns))  # as `cp -p` or a quick editor might leave it
    assert data._folder_stamps(copy) == state  # names, sizes and times as before the edit
    _new_kernel()
    pk.themes(path=copy)
    assert len(checks) == 2


def test_a_failed_write_leaves_no_partial_file(store: Path) -> None:
    import threading

    _store.save("cannot-be-pickled", threading.Lock())
    assert not list(store.glob("*.part")) and not list(store.glob("*.pickle"))


def test_a_partial_file_a_stopped_kernel_left_is_removed_later(store: Path) -> None:
    store.mkdir()
    old, fresh = store / "old.part", store / "fresh.part"
    old.write_bytes(b"half")
    fresh.write_bytes(b"being written")
    hours_ago = os.stat(old).st_mtime - 2 * _store.STALE_PART
    os.utime(old, (hours_ago, hours_ago))
    _store.save("result", {"any": 1})
    assert not old.exists() and fresh.exists()


def test_a_refused_problem_is_kept_and_refused_again(store: Path, copy: Path, checks: list[Path]) -> None:
    claims = copy / "claims.csv"
    lines = claims.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(lines[1].split(",")[1], "no-such-source", 1)
    claims.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(DatasetError) as first:
        pk.claims(path=copy)
    _new_kernel()
    with pytest.raises(DatasetError) as second:
        pk.claims(path=copy)
    assert len(checks) == 1
    assert str(second.value) == str(first.value) and "no-such-source" in str(first.value)


def test_an_unreadable_kept_result_is_checked_again(store: Path, copy: Path, checks: list[Path]) -> None:
    pk.sources(path=copy)
    (kept,) = store.glob("*.pickle")
    kept.write_bytes(b"not a pickle")
    _new_kernel()
    assert len(pk.sources(path=copy)) > 0
    assert len(checks) == 2


def test_off_keeps_nothing(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, copy: Path,
                           checks: list[Path]) -> None:
    monkeypatch.setenv(_store.ENV, "off")
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path / "home"))
    monkeypatch.delenv("XDG_CACHE_HOME", raising=False)
    _new_kernel()
    pk.sources(path=copy)
    _new_kernel()
    pk.sources(path=copy)
    assert len(checks) == 2 and not (tmp_path / "home").exists()
    _new_kernel()


def test_a_folder_that_cannot_be_written_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
                                                     copy: Path) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv(_store.ENV, str(blocker / "cache"))
    _new_kernel()
    assert len(pk.sources(path=copy)) > 0
    _new_kernel()


def test_default_folder_follows_xdg(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(_store.ENV, raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert _store.cache_dir() == tmp_path / "xdg" / "peacekit"
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setattr(Path, "home", classmethod(lambda cls: tmp_path / "home"))
    assert _store.cache_dir() == tmp_path / "home" / ".cache" / "peacekit"


def test_only_the_newest_results_are_kept(store: Path) -> None:
    for i in range(_store.KEEP + 5):
        _store.save(f"result-{i:02d}", {"i": i})
        os.utime(store / f"result-{i:02d}.pickle", ns=(i * 10**9, i * 10**9))  # distinct, increasing times
    _store.save("newest", {"i": -1})
    kept = sorted(p.stem for p in store.glob("*.pickle"))
    assert len(kept) == _store.KEEP and "newest" in kept and "result-00" not in kept
    assert not list(store.glob("*.part"))  # no temporary file left behind


def test_a_new_process_uses_the_kept_result(store: Path, copy: Path) -> None:
    # the real case: two kernels are two processes
    probe = (
        "import sys, peacekit as pk\n"
        "from peacekit import validation\n"
        "def refuse(folder):\n"
        "    raise SystemExit('checked again')\n"
        "validation.check_rules = refuse\n"
        "print(len(pk.claims(path=sys.argv[1])))\n"
    )
    env = {**os.environ, _store.ENV: str(store)}
    pk.claims(path=copy)  # this process checks and keeps the result
    out = subprocess.run([sys.executable, "-c", probe, str(copy)], capture_output=True, text=True, env=env,
                         cwd=copy.parent, timeout=120)
    assert out.returncode == 0, out.stderr
    assert int(out.stdout.strip()) == len(pk.claims(path=copy))
    env[_store.ENV] = "off"  # the probe can fail: without a kept result it checks
    out = subprocess.run([sys.executable, "-c", probe, str(copy)], capture_output=True, text=True, env=env,
                         cwd=copy.parent, timeout=120)
    assert out.returncode != 0 and "checked again" in out.stderr + out.stdout


@pytest.mark.skipif(not hasattr(os, "getuid"), reason="user ids are a POSIX notion")
def test_a_result_another_user_wrote_is_not_read(store: Path, copy: Path, checks: list[Path],
                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    pk.sources(path=copy)
    real = os.getuid()
    monkeypatch.setattr(os, "getuid", lambda: real + 1)  # as if the file were another account's
    _new_kernel()
    pk.sources(path=copy)
    assert len(checks) == 2
    monkeypatch.setattr(os, "getuid", lambda: real)
    _new_kernel()
    pk.sources(path=copy)
    assert len(checks) == 2  # read again once it is the user's own


def test_the_cache_folder_is_the_users_own(store: Path, copy: Path) -> None:
    pk.sources(path=copy)
    assert store.stat().st_mode & 0o077 == 0
