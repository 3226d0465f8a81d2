"""Start and stop a real dashboard server (`peta-stunting dashboard`) as a subprocess, for browser tests and
benchmarks that drive it with Playwright. The server listens on 127.0.0.1/localhost only."""
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

ROOT = Path(__file__).resolve().parents[1]


def cli_command() -> list[str]:
    """The `peta-stunting` command of this Python environment."""
    exe = Path(sys.executable).with_name("peta-stunting")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "pipelines.cli"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_healthy(port: int, process: subprocess.Popen, timeout: float = 60.0) -> None:
    """Wait until Streamlit answers its health check on `port` (seconds); raise if the process exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"dashboard exited with {process.returncode}")
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise TimeoutError("dashboard did not become healthy")


def start_dashboard(db: Path, port: int | None = None, timeout: float = 60.0,
                    extra: tuple[str, ...] = ()) -> tuple[subprocess.Popen, str]:
    """`peta-stunting dashboard --db DB [extra]` in its own process group; returns (process, base URL) once
    healthy."""
    port = port or free_port()
    process = subprocess.Popen(
        [*cli_command(), "dashboard", "--db", str(db), "--port", str(port), *extra],
        cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
        env=dict(os.environ, STREAMLIT_BROWSER_GATHER_USAGE_STATS="false"),
    )
    try:
        wait_healthy(port, process, timeout)
    except BaseException:
        stop_dashboard(process)
        raise
    return process, f"http://localhost:{port}"


def stop_dashboard(process: subprocess.Popen) -> None:
    """End the process group `start_dashboard` started (the CLI runs streamlit as its child), and only that."""
    try:
        os.killpg(process.pid, signal.SIGTERM)
        process.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass


@contextmanager
def dashboard_server(db: Path, extra: tuple[str, ...] = ()) -> Iterator[str]:
    """A running dashboard on `db` (CLI options `extra`, e.g. ("--kiosk",)) for the duration of the block;
    yields its base URL."""
    process, url = start_dashboard(db, extra=extra)
    try:
        yield url
    finally:
        stop_dashboard(process)
