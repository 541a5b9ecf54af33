"""Fixtures and hooks for every test; helpers live in tests/nbhelpers.py."""

from __future__ import annotations

from pathlib import Path

import pytest

from nbhelpers import IN_CI, ROOT, make_ipython_dir

__all__ = ["IN_CI", "ROOT"]


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
