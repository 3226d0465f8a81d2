"""Mode Presentasi in a real browser: `peta-stunting dashboard` as a subprocess, Debian's chromium driven by
Playwright. The arrow keys and the buttons step through the slides (the title changes), the sidebar and
header are not visible, and no request leaves localhost. Never runs `playwright install`.
"""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from urllib.parse import urlparse

import pytest

from presentation_fixture import build_fixture

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[1]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
TITLE = "h1.presentation-sr-only"  # Streamlit replaces a heading's id with its own anchor
TITLES = [
    "Prevalensi stunting per kelurahan",
    "Perubahan prevalensi stunting",
    "Jumlah balita stunting per kelurahan",
    "Akses lengkap layanan 1000 HPK",
    "Kelurahan lokus stunting",
]

pytestmark = pytest.mark.browser


def _free_port() -> int:
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


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api")
    db = build_fixture(tmp_path_factory.mktemp("presentation_browser") / "fixture.duckdb")
    port = _free_port()
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


def test_keyboard_and_buttons_step_through_slides(server):
    from playwright.sync_api import expect, sync_playwright

    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-first-run"],
        )
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 900})
            page.on("request", lambda request: requests.append(request.url))
            page.goto(f"{server}/presentasi")
            title = page.locator(TITLE)
            expect(title).to_have_text(TITLES[0], timeout=60_000)
            expect(page.locator("[data-testid='stImage'] img")).to_be_visible()
            # presenting: no sidebar, no header; the control bar is transparent until hovered
            expect(page.locator("[data-testid='stSidebar']")).to_be_hidden()
            expect(page.locator("[data-testid='stHeader']")).to_be_hidden()
            bar = page.locator(".st-key-presentation_controls")
            assert bar.evaluate("e => getComputedStyle(e).opacity") == "0"

            # keyboard: right arrow steps forward, left arrow back
            page.locator("[data-testid='stImage'] img").click()
            seen = [title.text_content()]
            for expected in TITLES[1:]:
                page.keyboard.press("ArrowRight")
                expect(title).to_have_text(expected, timeout=30_000)
                seen.append(title.text_content())
            assert seen == TITLES
            page.locator("[data-testid='stImage'] img").click()  # focus back on the slide after the rerun
            page.keyboard.press("ArrowLeft")
            expect(title).to_have_text(TITLES[3], timeout=30_000)

            # buttons: hover the bar, click "Sebelumnya"
            bar.hover()
            page.get_by_role("button", name="Sebelumnya").click()
            expect(title).to_have_text(TITLES[2], timeout=30_000)
        finally:
            browser.close()

    assert requests, "the page made no request at all"
    outside = [url for url in requests
               if urlparse(url).scheme in ("http", "https", "ws", "wss") and urlparse(url).hostname not in LOCAL_HOSTS]
    assert not outside, outside
