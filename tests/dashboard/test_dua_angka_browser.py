"""Dua Angka in a real browser (Debian's chromium, Playwright) on a copy of the demo city: the page draws its
maps offline, flags the fictional survey figure, its XLSX download carries the desa numbers with their kind,
and Mode Presentasi shows the Dua Angka slide before its closing summary. Never runs `playwright install`."""
from __future__ import annotations

import io
import shutil

import pandas as pd
import pytest

from browser_support import CHROMIUM, CHROMIUM_ARGS, dashboard_server, non_local, require_browser

CANVAS = "[data-testid='stDeckGlJsonChart'] canvas"
TITLE = ".st-key-presentation_title h1"

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(demo_build, tmp_path_factory):
    require_browser()
    db = tmp_path_factory.mktemp("dua_browser") / "demo.duckdb"
    shutil.copy(demo_build.db, db)
    with dashboard_server(db) as url:
        yield url


def test_page_slide_and_export_in_a_browser(server):
    from playwright.sync_api import expect, sync_playwright

    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM,
                                             args=CHROMIUM_ARGS + ["--use-angle=swiftshader", "--enable-unsafe-swiftshader"])
        try:
            context = browser.new_context(viewport={"width": 1400, "height": 1000}, accept_downloads=True)
            page = context.new_page()
            page.on("request", lambda request: requests.append(request.url))
            page.goto(f"{server}/dua-angka", wait_until="domcontentloaded")
            expect(page.get_by_text("Dua angka: e-PPGBM dan survei").first).to_be_visible(timeout=120_000)
            expect(page.get_by_text("FIKTIF").first).to_be_visible(timeout=60_000)
            page.wait_for_selector(CANVAS, timeout=120_000)
            page.wait_for_function("() => document.querySelectorAll(\"[data-testid='stDeckGlJsonChart'] canvas\").length >= 3",
                                   timeout=120_000)
            expect(page.get_by_text("MODEL: prevalensi stunting (bukan pengukuran)").first).to_be_visible()
            expect(page.get_by_text("Sisa (tidak dijelaskan)").first).to_be_attached()

            button = page.get_by_role("button", name="Unduh Dua Angka (XLSX)")
            button.scroll_into_view_if_needed()
            with page.expect_download(timeout=120_000) as info:
                button.click()
            sheets = pd.read_excel(io.BytesIO(open(info.value.path(), "rb").read()), sheet_name=None)
            assert len(sheets["Desa"]) == 60 and "Model (%) [model]" in sheets["Desa"].columns

            page.goto(f"{server}/presentasi", wait_until="domcontentloaded")
            title = page.locator(TITLE)
            expect(title).to_have_text("Percepatan Penurunan Stunting", timeout=180_000)
            seen = [title.text_content()]
            while seen[-1] != "Ringkasan" and len(seen) < 20:     # step to the closing summary
                page.locator("[data-testid='stImage'] img").click()   # focus on the slide after each rerun
                page.keyboard.press("ArrowRight")
                expect(title).not_to_have_text(seen[-1], timeout=120_000)
                seen.append(title.text_content())
            assert seen[-2:] == ["Dua angka: e-PPGBM dan survei", "Ringkasan"], seen
        finally:
            browser.close()
    assert not non_local(requests), non_local(requests)
