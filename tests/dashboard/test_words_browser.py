"""The rendered Peta, Lokus and Presentasi pages in a real browser, in Indonesian and English: the page text a
person reads (`inner_text` of the body, minus Streamlit's icon ligatures such as `keyboard_arrow_down` and the
user's own file names) holds no snake_case identifier, no raw JSON and, in Indonesian, none of the English words
that leaked before (the same checks as the AppTest walk, `tests/visible_words.py`). A real
`peta-stunting dashboard` on the demo, Debian's chromium; waits are generous safety nets, never speed checks."""
from __future__ import annotations

import pytest

from browser_support import CHROMIUM, CHROMIUM_ARGS, PAGE_WAIT_MS, dashboard_server, non_local, require_browser
from visible_words import problems

pytestmark = pytest.mark.browser

#: page (URL path) -> an element that shows the page has drawn its content
PAGES = {
    "peta": ".peta-legend",
    "lokus": ".st-key-lokus_dl_xlsx",       # the last control: the page drew to its end
    "presentasi": ".st-key-presentation_title h1",
}
#: the words Streamlit draws as icons: text in the Material Symbols font (`keyboard_arrow_down`, a button's
#: `:material/fit_screen:`), read from the page rather than listed
ICONS_JS = """() => [...document.querySelectorAll("[data-testid='stIconMaterial'], span[translate='no']")]
    .filter(e => e.dataset.testid === 'stIconMaterial' || getComputedStyle(e).fontFamily.includes('Material'))
    .map(e => e.innerText.trim())"""


@pytest.fixture(scope="module")
def server(demo_build):
    require_browser()
    with dashboard_server(demo_build.db) as url:
        yield url


def _settle(page) -> None:
    """Wait until the rerun has finished: Streamlit keeps the previous run's elements, marked stale, until then."""
    page.wait_for_function("() => !document.querySelector(\"[data-stale='true']\")", timeout=PAGE_WAIT_MS)


def _choose_english(page) -> None:
    page.locator(".st-key-lang [data-testid='stSelectbox'] input").first.click()
    page.get_by_role("option", name="English").click()
    page.get_by_text("Map level").first.wait_for(timeout=PAGE_WAIT_MS)   # Peta redrawn in English
    _settle(page)


def _open(page, path: str) -> None:
    """Follow the sidebar's link to `path` (the session, and with it the language, stays)."""
    page.locator(f"[data-testid='stSidebarNav'] a[href$='/{path}']").click()
    page.locator(PAGES[path]).first.wait_for(timeout=PAGE_WAIT_MS)
    _settle(page)


@pytest.mark.parametrize("lang", ["id", "en"])
def test_rendered_pages_speak_the_users_language(server, lang):
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    found: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1600, "height": 1000})
            page.set_default_timeout(PAGE_WAIT_MS)
            page.on("request", lambda request: requests.append(request.url))
            page.goto(f"{server}/", wait_until="domcontentloaded")   # Peta is the default page, at the root
            page.locator(PAGES["peta"]).first.wait_for(timeout=PAGE_WAIT_MS)
            _settle(page)
            if lang == "en":
                _choose_english(page)
            for path in PAGES:     # Presentasi last: it hides the sidebar that leads to the others
                if path != "peta":
                    _open(page, path)
                text = page.inner_text("body")
                # the page drew, so its words were really read (a slide is an image: the deck's words are read
                # from its PDF by tests/outputs/test_export_words.py; here the title and controls)
                assert len(text) > (50 if path == "presentasi" else 500), (path, text)
                icons = tuple(sorted(set(page.evaluate(ICONS_JS)) - {""}))
                found += [f"{path}: {p}" for p in problems(text.splitlines(), lang, ignore=icons)]
        finally:
            browser.close()
    assert found == []
    assert not non_local(requests), non_local(requests)
