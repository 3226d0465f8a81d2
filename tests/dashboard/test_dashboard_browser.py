"""The dashboard in a real browser: `peta-stunting dashboard` as a subprocess, Debian's chromium driven by
Playwright. Each page opens; the map canvas shows the legend's colours; no request leaves localhost; a
kelurahan named `<img src=x onerror=alert(1)>` never runs script. Never runs `playwright install`.
"""
from __future__ import annotations

import io
import os
from pathlib import Path

import pytest

from browser_support import CHROMIUM, CHROMIUM_ARGS, dashboard_server, non_local, require_browser
from dashboard_fixture import build_fixture_db

CANVAS = "[data-testid='stDeckGlJsonChart'] canvas"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_browser()
    db = build_fixture_db(tmp_path_factory.mktemp("browser") / "fixture.duckdb")
    with dashboard_server(db) as url:
        yield url


@pytest.fixture(scope="module")
def browser_page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS + ["--use-angle=swiftshader", "--enable-unsafe-swiftshader"],
        )
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        page.requests = []   # every URL the page asked for
        page.dialogs = []    # alert()/confirm() would mean a name ran as script
        page.on("request", lambda request: page.requests.append(request.url))
        page.on("dialog", lambda dialog: (page.dialogs.append(dialog.message), dialog.dismiss()))
        try:
            yield page
        finally:
            context.close()
            browser.close()


def _legend_colours(page) -> list[tuple[int, int, int]]:
    """RGB of every legend class that has at least one kelurahan, read from the page."""
    rows = page.locator(".peta-legend .legend-row").all()
    colours = []
    for row in rows:
        text = row.inner_text()
        swatch = row.locator("span").first
        background = swatch.evaluate("el => getComputedStyle(el).backgroundColor")
        if not background.startswith("rgb(") or text.rstrip().endswith("(0)"):
            continue
        colours.append(tuple(int(v) for v in background[4:-1].split(",")))
    return colours


def _pixels_near(image, colour: tuple[int, int, int], tolerance: int = 6) -> int:
    import numpy as np

    pixels = np.asarray(image.convert("RGB"), dtype=int)
    distance = np.abs(pixels - np.array(colour)).max(axis=2)
    return int((distance <= tolerance).sum())


def _keep(page, name: str) -> None:
    """Full-page screenshot into $PETA_SCREENSHOT_DIR when set (for looking at what the test saw)."""
    folder = os.environ.get("PETA_SCREENSHOT_DIR")
    if folder:
        page.screenshot(path=str(Path(folder) / f"{name}.png"), full_page=True)


def _wait_drawn(page, timeout_ms: int = 90000) -> None:  # a safety net: a cold first page under load takes > 20 s
    page.wait_for_selector(CANVAS, timeout=timeout_ms)
    page.wait_for_function(
        "() => { const c = document.querySelector(\"[data-testid='stDeckGlJsonChart'] canvas\");"
        " return c && c.width > 100 && c.height > 100; }", timeout=timeout_ms)
    page.wait_for_timeout(1500)  # deck.gl draws on the next animation frames


def test_pages_draw_offline(server, browser_page):
    from PIL import Image

    page = browser_page

    # Peta is the default page, served at the root URL; app.py's navigation runs (language selector, menu)
    page.goto(f"{server}/", wait_until="domcontentloaded")
    _wait_drawn(page)
    page.wait_for_selector("text=Bahasa / Language", timeout=20000)
    assert page.locator("[data-testid='stSidebarNav']").get_by_text("Profil Kelurahan").count() == 1
    # the choropleth canvas shows every legend colour that has kelurahan
    page.wait_for_selector(".peta-legend")
    colours = _legend_colours(page)
    assert len(colours) >= 3, colours
    shot = Image.open(io.BytesIO(page.locator(CANVAS).first.screenshot()))
    found = {colour: _pixels_near(shot, colour) for colour in colours}
    assert all(count >= 50 for count in found.values()), found
    _keep(page, "peta")
    # hover every part of the map: the hostile name is text, never an element that runs script
    box = page.locator(CANVAS).first.bounding_box()
    for fx in (0.3, 0.4, 0.5, 0.6, 0.7):
        page.mouse.move(box["x"] + box["width"] * fx, box["y"] + box["height"] * 0.5)
        page.wait_for_timeout(100)

    # Profil Kelurahan, opened by a deep link: no "page not found" dialog
    page.goto(f"{server}/profil", wait_until="domcontentloaded")
    page.wait_for_selector("[data-testid='stDataFrame']", timeout=20000)
    assert page.get_by_text("Semua indikator").count() >= 1
    assert page.locator("[role='dialog']").count() == 0
    _keep(page, "profil")

    # Kualitas Data: tables and the small reconciliation map
    page.goto(f"{server}/kualitas", wait_until="domcontentloaded")
    _wait_drawn(page, timeout_ms=60000)
    # the placement map is the last one (the map of grades comes first)
    page.wait_for_function(f"() => document.querySelectorAll(\"{CANVAS}\").length >= 2", timeout=20000)
    recon = page.locator(CANVAS).last
    recon.scroll_into_view_if_needed()
    page.wait_for_timeout(1500)
    shot = Image.open(io.BytesIO(recon.screenshot()))
    assert _pixels_near(shot, (202, 0, 32)) >= 20  # the posyandu outside its kelurahan (a red ring)
    assert page.get_by_text("Posyandu Melati (luar)").count() >= 1
    _keep(page, "kualitas")

    assert not non_local(page.requests), non_local(page.requests)
    assert page.dialogs == []
