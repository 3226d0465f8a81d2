"""Mode Presentasi in a real browser: `peta-stunting dashboard` as a subprocess, Debian's chromium driven by
Playwright. The arrow keys and the buttons step through the slides (the title changes), the sidebar and
header are not visible, and no request leaves localhost. Never runs `playwright install`.
"""
from __future__ import annotations

import pytest

from browser_support import CHROMIUM, CHROMIUM_ARGS, dashboard_server, non_local, require_browser
from presentation_fixture import build_fixture

TITLE = ".st-key-presentation_title h1"  # the slide title as text, visually hidden
TITLES = [
    "Percepatan Penurunan Stunting",
    "Gambaran umum",
    "Prevalensi stunting per kelurahan",
    "Akses lengkap layanan 1000 HPK",
    "Perubahan prevalensi stunting",
    "Peringkat kecamatan",
    "Jumlah balita stunting per kelurahan",
    "Kelurahan lokus stunting",
    "Hambatan layanan 1000 HPK",
    "Kualitas data",
    "Ringkasan",
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
            expect(title).to_have_text(TITLES[-2], timeout=30_000)

            # buttons: hover the bar, click "Sebelumnya"
            bar.hover()
            page.get_by_role("button", name="Sebelumnya").click()
            expect(title).to_have_text(TITLES[-3], timeout=30_000)
        finally:
            browser.close()

    assert requests, "the page made no request at all"
    assert not non_local(requests), non_local(requests)


FIT_JS = """() => {
  const img = document.querySelector("[data-testid='stImage'] img");
  const r = img.getBoundingClientRect();
  const se = document.scrollingElement;
  const main = document.querySelector("[data-testid='stMain']");
  return {left: r.left, top: r.top, right: r.right, bottom: r.bottom, width: r.width, height: r.height,
          natural: [img.naturalWidth, img.naturalHeight], vw: window.innerWidth, vh: window.innerHeight,
          scrollW: se.scrollWidth, scrollH: se.scrollHeight,
          mainScroll: main ? [main.scrollWidth, main.clientWidth, main.scrollHeight, main.clientHeight] : null};
}"""


@pytest.mark.parametrize("width,height", [(1920, 1080), (1366, 768), (1280, 720)])
def test_slide_fills_the_screen_centred(server, width, height, tmp_path):
    """The slide box is centred, fills >= 95 % of the width or the height, and nothing overflows or scrolls;
    the controls appear on a key press (not only with the mouse)."""
    from playwright.sync_api import expect, sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": width, "height": height})
            page.goto(f"{server}/presentasi")
            expect(page.locator(TITLE)).to_have_text(TITLES[0], timeout=60_000)
            image = page.locator("[data-testid='stImage'] img")
            expect(image).to_be_visible()
            page.wait_for_function("() => document.querySelector(\"[data-testid='stImage'] img\").naturalWidth > 0")
            page.wait_for_timeout(500)
            box = page.evaluate(FIT_JS)
            page.screenshot(path=str(tmp_path / f"presentasi-{width}x{height}.png"))
            assert box["natural"] == [1920, 1080]
            assert abs(box["left"] - (box["vw"] - box["right"])) <= 2, box        # centred horizontally
            assert abs(box["top"] - (box["vh"] - box["bottom"])) <= 2, box        # and vertically
            assert box["width"] >= 0.95 * box["vw"] or box["height"] >= 0.95 * box["vh"], box
            assert box["left"] >= -1 and box["top"] >= -1, box                    # nothing cut
            assert box["right"] <= box["vw"] + 1 and box["bottom"] <= box["vh"] + 1, box
            assert box["scrollW"] <= box["vw"] and box["scrollH"] <= box["vh"], box   # no scroll bars
            assert abs(box["width"] / box["height"] - 16 / 9) < 0.01, box        # not stretched

            bar = page.locator(".st-key-presentation_controls")
            assert bar.evaluate("e => getComputedStyle(e).opacity") == "0"
            page.keyboard.press("Shift")                                          # any key shows the controls
            page.wait_for_function(
                "() => getComputedStyle(document.querySelector('.st-key-presentation_controls')).opacity === '1'",
                timeout=10_000)
            controls = bar.bounding_box()
            assert controls["y"] + controls["height"] <= height + 1 and controls["x"] >= 0
            # every button, link and choice of the controls shows its words whole
            cut = page.evaluate("""() => [...document.querySelectorAll('.st-key-presentation_controls '
                    + ':is(button, a) [data-testid=stMarkdownContainer], .st-key-presentation_controls input')]
                .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.innerText || e.value)""")
            assert cut == [], (width, cut)
        finally:
            browser.close()
