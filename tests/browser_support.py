"""What every browser test shares: a real `peta-stunting dashboard` subprocess on a database, Debian's
chromium (never `playwright install`), and the offline check (no request leaves localhost)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlparse

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
ROOT = Path(__file__).resolve().parents[1]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}


def require_browser() -> None:
    """Skip with a reason when Debian's chromium or Playwright is absent."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_healthy(port: int, process: subprocess.Popen, timeout: float = 30.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dashboard exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=1) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError("dashboard did not become healthy")


@contextmanager
def dashboard_server(db: Path) -> Iterator[str]:
    """`peta-stunting dashboard --db DB` on a free port; yields its base URL and ends its process group."""
    port = free_port()
    cli = Path(sys.executable).with_name("peta-stunting")
    command = [str(cli)] if cli.exists() else [sys.executable, "-m", "pipelines.cli"]
    process = subprocess.Popen(
        [*command, "dashboard", "--db", str(db), "--port", str(port)],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        env=dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false"),
    )
    try:
        _wait_healthy(port, process)
        yield f"http://localhost:{port}"
    finally:
        # the CLI runs streamlit as its child: end the process group this test started, and only that
        try:
            os.killpg(process.pid, signal.SIGTERM)
            process.wait(timeout=10)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(process.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass


def non_local(urls: list[str]) -> list[str]:
    """The URLs (http, https, ws, wss) that went to any host other than this machine."""
    return [url for url in urls
            if urlparse(url).scheme in ("http", "https", "ws", "wss") and urlparse(url).hostname not in LOCAL_HOSTS]
