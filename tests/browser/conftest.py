"""Reusable real-browser fixtures: a local JupyterLab or Voilà server and Chromium.

Use them in any ``tests/browser/test_*.py``::

    def test_my_widget(lab_server, offline_page):
        page = offline_page
        lab_helpers.open_notebook(page, lab_server, "lessons/05-claims-side-by-side.ipynb")
        lab_helpers.run_all(page)
        ...

    def test_my_voila_app(voila_app, offline_page):
        server = voila_app("lessons/05-claims-side-by-side.ipynb")
        offline_page.goto(server.url_for(""))

Everything runs on 127.0.0.1: every request to another host is aborted
(``page.route``) and recorded in ``offline_page.blocked_requests``, so a test
proves the page works offline. Servers run from a temporary root holding a
copy of lessons/, exercises/ and solutions/ (so autosave can never touch the
repository) and temporary Jupyter config/settings/workspace folders (so no
user setting leaks in). Each server is stopped by its own process handle.

Chromium: ``PEACEKIT_CHROMIUM`` or Debian's ``/usr/bin/chromium``. When it is
missing, browser tests skip with one line on a laptop and FAIL in CI
(``CI=true``), where they must run. Helpers for driving JupyterLab are in
``tests/browser/lab_helpers.py``.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest

from nbhelpers import IN_CI, ROOT

ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
LOOPBACK_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def _unavailable(reason: str) -> None:
    """Skip on a laptop, fail in CI: there the browser tests must run."""
    if IN_CI:
        pytest.fail(f"browser tests must run in CI: {reason}", pytrace=False)
    pytest.skip(reason)


def free_port() -> int:
    """Return a free TCP port on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def is_loopback(url: str) -> bool:
    """True for http(s)/ws URLs on 127.0.0.0/8, localhost or ::1, and for data:/blob: URLs."""
    parts = urlsplit(url)
    if parts.scheme in ("data", "blob", "about", "chrome", "chrome-extension"):
        return True
    host = (parts.hostname or "").lower()
    return host in LOOPBACK_HOSTS or host.startswith("127.")


@dataclass
class LocalServer:
    """A server process started by a test; ``stop()`` ends it (and only it)."""

    name: str
    process: subprocess.Popen[bytes]
    port: int
    token: str
    root: Path
    log: Path

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def url_for(self, path: str, **query: str) -> str:
        """URL of ``path`` on this server, with the token (and ``query``) attached."""
        params = {"token": self.token, **query} if self.token else dict(query)
        qs = "&".join(k if v == "" else f"{k}={v}" for k, v in params.items())
        return f"{self.base_url}/{path.lstrip('/')}" + (f"?{qs}" if qs else "")

    def wait_ready(self, path: str | None, *, timeout: float = 90) -> None:
        """Wait until GET ``path`` answers 200 (``None``: until the port accepts connections)."""
        deadline = time.monotonic() + timeout
        url = self.url_for(path) if path is not None else ""
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"{self.name} exited early (code {self.process.returncode}):\n{self.log_tail()}")
            if path is None:
                with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
                    sock.settimeout(2)
                    if sock.connect_ex(("127.0.0.1", self.port)) == 0:
                        return
                time.sleep(0.3)
                continue
            try:
                with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310 - loopback only
                    if response.status == 200:
                        return
            except (urllib.error.URLError, ConnectionError, TimeoutError, OSError):
                pass
            time.sleep(0.3)
        raise RuntimeError(f"{self.name} not ready after {timeout:.0f}s:\n{self.log_tail()}")

    def log_tail(self, lines: int = 40) -> str:
        try:
            return "\n".join(self.log.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])
        except OSError:
            return "(no log)"

    def stop(self) -> None:
        """Terminate this server's process group (it was started in a new session)."""
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGTERM)
            except ProcessLookupError:
                return
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=10)


def make_server_root(base: Path) -> Path:
    """A temporary root with copies of the notebooks and empty Jupyter config folders."""
    root = base / "root"
    root.mkdir(parents=True, exist_ok=True)
    for folder in ("lessons", "exercises", "solutions"):
        if (ROOT / folder).is_dir():
            shutil.copytree(ROOT / folder, root / folder, dirs_exist_ok=True,
                            ignore=shutil.ignore_patterns(".ipynb_checkpoints"))
    for sub in ("config", "data", "runtime", "settings", "workspaces", "ipython"):
        (base / sub).mkdir(exist_ok=True)
    # no "get notified about Jupyter news?" pop-up over the page under test
    labconfig = base / "config" / "labconfig"
    labconfig.mkdir(exist_ok=True)
    (labconfig / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {"@jupyterlab/apputils-extension:announcements": True}}),
        encoding="utf-8",
    )
    return root


def server_env(base: Path) -> dict[str, str]:
    """Environment with Jupyter's config, settings and workspaces in ``base``."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "JUPYTER"))}
    env.update({
        "JUPYTER_CONFIG_DIR": str(base / "config"),
        "JUPYTER_RUNTIME_DIR": str(base / "runtime"),
        "JUPYTERLAB_SETTINGS_DIR": str(base / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(base / "workspaces"),
        "IPYTHONDIR": str(base / "ipython"),
        "JUPYTER_PLATFORM_DIRS": "1",
        "PYDEVD_DISABLE_FILE_VALIDATION": "1",
    })
    env.pop("PEACEKIT_STRICT", None)
    return env


def start_server(name: str, cmd: list[str], *, base: Path, root: Path, port: int, token: str,
                 ready_path: str | None, env: dict[str, str] | None = None) -> LocalServer:
    """Start ``cmd`` in its own session, log to ``base/<name>.log``, wait until ready."""
    log = base / f"{name}.log"
    handle = open(log, "wb")  # noqa: SIM115 - kept open for the process's life
    process = subprocess.Popen(
        cmd, cwd=root, env=env or server_env(base), stdin=subprocess.DEVNULL,
        stdout=handle, stderr=subprocess.STDOUT, start_new_session=True,
    )
    server = LocalServer(name, process, port, token, root, log)
    try:
        server.wait_ready(ready_path)
    except Exception:
        server.stop()
        raise
    return server


def lab_command(*, root: Path, port: int, token: str) -> list[str]:
    """The JupyterLab command line used by the :func:`lab_server` fixture."""
    cmd = [
        sys.executable, "-m", "jupyter", "lab", "--no-browser",
        "--ServerApp.ip=127.0.0.1", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--IdentityProvider.token={token}", f"--ServerApp.root_dir={root}",
        "--LabApp.expose_app_in_browser=True",
        "--LabApp.news_url=",
        "--LabApp.check_for_updates_class=jupyterlab.NeverCheckForUpdate",
    ]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")
    return cmd


@pytest.fixture(scope="session")
def chromium_executable() -> str:
    """Path of the Chromium to drive (skip locally / fail in CI when missing)."""
    candidates = [os.environ.get("PEACEKIT_CHROMIUM"), "/usr/bin/chromium",
                  shutil.which("chromium"), shutil.which("chromium-browser")]
    for candidate in candidates:
        if candidate and Path(candidate).is_file() and os.access(candidate, os.X_OK):
            return candidate
    _unavailable("Chromium not found (install Debian's chromium or set PEACEKIT_CHROMIUM)")
    raise AssertionError("unreachable")


@pytest.fixture(scope="session")
def browser(chromium_executable: str) -> Iterator[Any]:
    """A headless Chromium driven by Playwright, for the whole session."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        _unavailable("the playwright package is not installed (pip install -e '.[test]')")
    with sync_playwright() as pw:
        chromium = pw.chromium.launch(executable_path=chromium_executable, args=CHROMIUM_ARGS, headless=True)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[LocalServer]:
    """JupyterLab on 127.0.0.1 (random port, token) over a temporary copy of the notebooks."""
    base = tmp_path_factory.mktemp("lab")
    root = make_server_root(base)
    port, token = free_port(), secrets.token_hex(16)
    server = start_server("jupyterlab", lab_command(root=root, port=port, token=token),
                          base=base, root=root, port=port, token=token, ready_path="api/status")
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def voila_app(tmp_path_factory: pytest.TempPathFactory, chromium_executable: str) -> Iterator[Callable[[str], LocalServer]]:
    """Factory: ``voila_app("lessons/NN-x.ipynb")`` serves that notebook as a Voilà app.

    Each call starts one Voilà server (stopped at the end of the session); the
    page is at ``server.url_for("")``.
    """
    servers: list[LocalServer] = []
    base = tmp_path_factory.mktemp("voila")
    root = make_server_root(base)

    def start(notebook: str) -> LocalServer:
        port, token = free_port(), secrets.token_hex(16)
        cmd = [
            sys.executable, "-m", "voila", str(root / notebook), "--no-browser",
            "--Voila.ip=127.0.0.1", f"--port={port}", f"--token={token}",
            "--VoilaConfiguration.show_tracebacks=True",
        ]
        server = start_server(f"voila-{len(servers)}", cmd, base=base, root=root, port=port,
                              token=token, ready_path=None)
        servers.append(server)
        return server

    try:
        yield start
    finally:
        for server in servers:
            server.stop()


@dataclass
class OfflinePage:
    """A Playwright page whose non-loopback requests are aborted and recorded."""

    page: Any
    blocked_requests: list[tuple[str, str]] = field(default_factory=list)
    console_errors: list[str] = field(default_factory=list)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.page, name)

    def screenshot_artifact(self, name: str) -> Path:
        """Save a full-page screenshot to test-artifacts/<name>.png and return its path."""
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)
        return path


@pytest.fixture
def offline_page(browser: Any) -> Iterator[OfflinePage]:
    """A fresh browser context and page; every request to a non-loopback host is aborted."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, service_workers="block")
    page = context.new_page()
    wrapped = OfflinePage(page)

    def route(route: Any) -> None:
        request = route.request
        if is_loopback(request.url):
            route.continue_()
        else:
            wrapped.blocked_requests.append((request.resource_type, request.url))
            route.abort()

    context.route("**/*", route)
    page.on("console", lambda msg: wrapped.console_errors.append(msg.text) if msg.type == "error" else None)
    page.set_default_timeout(60_000)
    try:
        yield wrapped
    finally:
        context.close()
