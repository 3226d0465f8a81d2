"""Mode Presentasi in a real browser: `peta-stunting dashboard` as a subprocess, Debian's chromium driven by
Playwright. The arrow keys and the buttons step through the slides (the title changes), the sidebar and
header are not visible, and no request leaves localhost. Never runs `playwright install`.
"""
from __future__ import annotations

import pytest

from browser_support import CHROMIUM, CHROMIUM_ARGS, dashboard_server, non_local, require_browser
from presentation_fixture import build_fixture

TITLE = "h1.presentation-sr-only"  # Streamlit replaces a heading's id with its own anchor
TITLES = [
    "Prevalensi stunting per kelurahan",
    "Perubahan prevalensi stunting",
    "Jumlah balita stunting per kelurahan",
    "Akses lengkap layanan 1000 HPK",
    "Kelurahan lokus stunting",
]

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_browser()
    db = build_fixture(tmp_path_factory.mktemp("presentation_browser") / "fixture.duckdb")
    with dashboard_server(db) as url:
        yield url


def test_keyboard_and_buttons_step_through_slides(server):
    from playwright.sync_api import expect, sync_playwright

    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
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
    assert not non_local(requests), non_local(requests)
