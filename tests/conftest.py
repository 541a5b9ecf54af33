"""Fixtures and hooks for every test; helpers live in tests/nbhelpers.py."""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

import pytest

from nbhelpers import IN_CI, ROOT, make_ipython_dir

__all__ = ["IN_CI", "ROOT"]


def pytest_configure(config: pytest.Config) -> None:
    """Keep the checked-datasets cache of this run (peacekit._store) in a folder of its own.

    Not the user's ``~/.cache/peacekit``; the kernels the notebook tests start
    inherit the setting, and xdist workers share the folder.
    """
    if "PEACEKIT_CACHE" not in os.environ:
        folder = tempfile.mkdtemp(prefix="peacekit-cache-")
        os.environ["PEACEKIT_CACHE"] = folder
        config.add_cleanup(lambda: shutil.rmtree(folder, ignore_errors=True))


@pytest.fixture(autouse=True)
def _not_strict(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run every test outside strict mode and without a report file.

    A developer who exported ``PEACEKIT_STRICT=1`` (the check command's mode)
    would otherwise see every "not yet" check raise inside unit tests. Tests
    that need strict mode set it themselves; notebook runs get their own env.
    """
    monkeypatch.delenv("PEACEKIT_STRICT", raising=False)
    monkeypatch.delenv("PEACEKIT_REPORT", raising=False)


@pytest.fixture(scope="session")
def ipython_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """An IPYTHONDIR whose startup file makes deprecation warnings errors."""
    return make_ipython_dir(tmp_path_factory.mktemp("ipython"))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Keep every browser test on one xdist worker (they share one server and browser)."""
    browser_dir = ROOT / "tests" / "browser"
    for item in items:
        if browser_dir in Path(str(item.fspath)).parents:
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.xdist_group("browser"))
