"""Data quality in a real browser (issue 20): Kualitas Data shows the puskesmas graded Problematic with what to
do; Peta outlines desa with problematic data in black; Pemilihan Lokus holds them out of the top N until the
planner ticks the acknowledgement. `peta-stunting dashboard` as a subprocess on the fixture database, Debian's
chromium via Playwright (never `playwright install`); no request leaves localhost."""
from __future__ import annotations

import io

import pytest

from browser_support import CHROMIUM, CHROMIUM_ARGS, dashboard_server, non_local, require_browser
from dashboard_fixture import build_fixture_db

CANVAS = "[data-testid='stDeckGlJsonChart'] canvas"
WAIT_MS = 120_000   # a safety net only: on a loaded 2-core machine a rerun can take tens of seconds
# glide-data-grid keeps an accessible copy of the visible cells: id glide-cell-<column>-<row>; column 2 = how
HOW_CELLS_JS = """() => { const panel = document.querySelector("[data-testid='stTabPanel']");
  return panel ? Array.from(panel.querySelectorAll("[id^='glide-cell-2-']")).map(c => c.textContent) : []; }"""

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_browser()
    db = build_fixture_db(tmp_path_factory.mktemp("quality_browser") / "fixture.duckdb")
    with dashboard_server(db) as url:
        yield url


@pytest.fixture(scope="module")
def page():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS + ["--use-angle=swiftshader", "--enable-unsafe-swiftshader"])
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        pg = context.new_page()
        pg.requests = []
        pg.on("request", lambda request: pg.requests.append(request.url))
        try:
            yield pg
        finally:
            context.close()
            browser.close()


def _settle(page, timeout_ms: int = WAIT_MS) -> None:
    page.wait_for_function("() => !document.querySelector(\"[data-stale='true']\")", timeout=timeout_ms)


def _black_pixels(page) -> int:
    import numpy as np
    from PIL import Image

    page.wait_for_timeout(1500)   # deck.gl draws on the next animation frames
    shot = Image.open(io.BytesIO(page.locator(CANVAS).first.screenshot()))
    pixels = np.asarray(shot.convert("RGB"), dtype=int)
    return int((pixels.max(axis=2) <= 8).sum())


def test_kualitas_data_names_the_problem_puskesmas_and_what_to_do(server, page):
    page.goto(f"{server}/kualitas", wait_until="domcontentloaded")
    page.wait_for_selector("text=Nilai kualitas data per posyandu, terburuk dulu", timeout=WAIT_MS)
    page.locator(".st-key-quality_grade_level").get_by_text("Puskesmas", exact=True).click()
    page.wait_for_selector("text=Nilai kualitas data per puskesmas, terburuk dulu", timeout=WAIT_MS)
    item = page.locator("li", has_text="Minta kader menulis angka apa adanya sampai 0,1 cm")
    item.first.wait_for(timeout=WAIT_MS)
    assert "pkm_01.csv" in item.first.inner_text()
    assert not non_local(page.requests), non_local(page.requests)


def test_peta_outlines_problem_desa(server, page):
    page.goto(f"{server}/", wait_until="domcontentloaded")
    page.wait_for_selector(CANVAS, timeout=WAIT_MS)
    page.wait_for_selector(".peta-legend", timeout=WAIT_MS)
    before = _black_pixels(page)
    page.locator(".st-key-map_quality").get_by_text("Tandai (garis hitam tebal)").click()
    page.wait_for_selector("text=balitanya diukur di posyandu/puskesmas bernilai Bermasalah", timeout=WAIT_MS)
    _settle(page)
    after = _black_pixels(page)
    assert after > before + 200, (before, after)


def test_lokus_holds_problem_desa_until_acknowledged(server, page):
    page.goto(f"{server}/lokus", wait_until="domcontentloaded")
    page.wait_for_selector("text=memakai data yang bernilai Bermasalah", timeout=WAIT_MS)
    page.wait_for_selector("text=Belum diakui", timeout=WAIT_MS)
    page.wait_for_selector("[id^='glide-cell-2-']", state="attached", timeout=WAIT_MS)
    page.wait_for_function(f"() => ({HOW_CELLS_JS})().includes('Ditahan: data bermasalah')", timeout=WAIT_MS)
    page.locator(".st-key-lokus_quality_ack").get_by_text("Saya sudah memeriksa kualitas data").click()
    page.wait_for_selector("text=Belum diakui", state="detached", timeout=WAIT_MS)
    _settle(page)
    page.wait_for_function(f"""() => {{ const how = ({HOW_CELLS_JS})();
        return how.includes('N teratas') && !how.includes('Ditahan: data bermasalah'); }}""", timeout=WAIT_MS)
    assert not non_local(page.requests), non_local(page.requests)
