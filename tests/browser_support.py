"""What every browser test shares: a real `peta-stunting dashboard` subprocess on a database, Debian's
chromium (never `playwright install`), and the offline check (no request leaves localhost)."""
from __future__ import annotations

import os
from urllib.parse import urlparse

import pytest

from dashboard_server import dashboard_server  # noqa: F401 (re-exported for the browser tests)

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1", "[::1]"}
#: a safety net, not a speed check: how long a browser test waits for the page before it gives up (a machine
#: loaded by other work draws slowly, and speed is measured by benchmarks/, never asserted by a test)
PAGE_WAIT_MS = 120_000


def require_browser() -> None:
    """Skip with a reason when Debian's chromium or Playwright is absent."""
    if not os.path.exists(CHROMIUM):
        pytest.skip(f"{CHROMIUM} is absent (apt-get install chromium)")
    pytest.importorskip("playwright.sync_api")


def non_local(urls: list[str]) -> list[str]:
    """The URLs (http, https, ws, wss) that went to any host other than this machine."""
    return [url for url in urls
            if urlparse(url).scheme in ("http", "https", "ws", "wss") and urlparse(url).hostname not in LOCAL_HOSTS]
