"""Peta in a real browser (Debian's chromium, Playwright, `peta-stunting dashboard`), at every level and with a
kecamatan filter, on the demo city and on a real kabupaten (Serdang Bedagai, a long coastal kabupaten, built from
../shared/data/boundaries through the normal build):

- the legend's colours are on the canvas;
- the layer (every non-background pixel) lies inside the canvas, not touching its edges (no polygon cut), and
  fills at least 80 % of its width or height;
- a click on a place keeps every colour (nothing fades) and outlines it.
- a mouse-wheel zoom brings the names the opening view had no room for (fetched by the browser, no rerun).
Label boxes are checked in test_dashboard_apptest and test_map_extents (from the deck and files the page sends).
No timing is asserted: waits are generous safety nets only.
"""
from __future__ import annotations

import io
import re

import numpy as np
import pytest

from browser_support import CHROMIUM, CHROMIUM_ARGS, dashboard_server, require_browser

CANVAS = "[data-testid='stDeckGlJsonChart'] canvas"
LEVELS = {"kelurahan": "Kelurahan", "kecamatan": "Kecamatan", "kabupaten": "Kabupaten/Kota"}

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def browser():
    require_browser()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=CHROMIUM, args=CHROMIUM_ARGS + ["--use-angle=swiftshader", "--enable-unsafe-swiftshader"])
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture(scope="module")
def real_db(tmp_path_factory, shared_dir):
    from real_map_fixture import build_real_db

    boundaries = shared_dir / "data" / "boundaries" / "kab_serdang_bedagai_kelurahan.geojson"
    if not boundaries.exists():
        pytest.skip(f"{boundaries} is absent")
    return build_real_db(boundaries, tmp_path_factory.mktemp("real_map"))


def _edge_kecamatan(db) -> str:
    """The name of the kecamatan that reaches furthest west (at the map's edge)."""
    import duckdb
    import shapely

    con = duckdb.connect(str(db), read_only=True)
    try:
        rows = con.execute("SELECT nama, geom_wkb FROM kecamatan").fetchall()
    finally:
        con.close()
    west = {name: shapely.bounds(shapely.from_wkb(bytes(wkb)))[0] for name, wkb in rows}
    return min(west, key=west.get)


def _canvas(page) -> np.ndarray:
    from PIL import Image

    shot = page.locator(CANVAS).first.screenshot(animations="disabled")
    return np.asarray(Image.open(io.BytesIO(shot)).convert("RGB"), dtype=np.int16)


def _settle(page, timeout_s: float = 60.0) -> np.ndarray:
    """The canvas once two screenshots 0.8 s apart are the same (deck.gl has drawn the new layers)."""
    page.wait_for_selector(CANVAS, timeout=60000)
    page.mouse.move(5, 5)  # no hover highlight or tooltip
    previous = None
    for _ in range(int(timeout_s / 0.8)):
        page.wait_for_timeout(800)
        try:
            image = _canvas(page)
        except Exception:  # noqa: BLE001 - the element re-mounting
            continue
        if previous is not None and previous.shape == image.shape and not (np.abs(image - previous) > 3).any() \
                and (image < 245).any():
            return image
        previous = image
    return previous


def _changed(page, before: np.ndarray, timeout_s: float = 60.0) -> np.ndarray:
    """The settled canvas after it changed from `before` (the page reran and deck.gl drew the new layers)."""
    for _ in range(int(timeout_s / 0.5)):
        page.wait_for_timeout(500)
        try:
            image = _canvas(page)
        except Exception:  # noqa: BLE001 - the element re-mounting
            continue
        if image.shape != before.shape or (np.abs(image - before) > 6).any(axis=2).sum() > 100:
            break
    return _settle(page)


def _choose(page, label: str, option: str) -> None:
    box = page.locator("[data-testid='stSelectbox']").filter(has_text=label).first
    box.click()
    page.keyboard.type(option[:14])
    page.locator("[role='option']").filter(has_text=option).first.click()


def _legend_colours(page) -> list[tuple[int, int, int]]:
    """RGB of every legend class with at least one place."""
    colours = []
    for row in page.locator(".peta-legend .legend-row").all():
        background = row.locator("span").first.evaluate("el => getComputedStyle(el).backgroundColor")
        if background.startswith("rgb(") and not row.inner_text().rstrip().endswith("(0)"):
            colours.append(tuple(int(v) for v in background[4:-1].split(",")))
    return colours


def _pixels(image: np.ndarray, colour) -> int:
    return int((np.abs(image - np.array(colour)).max(axis=2) <= 6).sum())


def _layer_box(image: np.ndarray) -> tuple[int, int, int, int]:
    """(left, top, right, bottom) of every pixel that is not the white background."""
    ys, xs = np.nonzero((image < 245).any(axis=2))
    return int(xs.min()), int(ys.min()), int(xs.max()), int(ys.max())


def _inside_a_place(image: np.ndarray, colours) -> tuple[int, int]:
    """A pixel deep inside a polygon (its 9 x 9 neighbourhood all one legend colour), nearest the layer's centre:
    a click there hits the place, not a border, a label or a gap."""
    left, top, right, bottom = _layer_box(image)
    centre = np.array([(top + bottom) / 2, (left + right) / 2])
    best = None
    for colour in colours:
        mask = (np.abs(image - np.array(colour)).max(axis=2) <= 6)
        solid = mask.copy()
        for dy in range(-4, 5):
            for dx in range(-4, 5):
                solid &= np.roll(np.roll(mask, dy, axis=0), dx, axis=1)
        ys, xs = np.nonzero(solid)
        if len(ys):
            i = int(np.argmin((ys - centre[0]) ** 2 + (xs - centre[1]) ** 2))
            distance = (ys[i] - centre[0]) ** 2 + (xs[i] - centre[1]) ** 2
            if best is None or distance < best[0]:
                best = (distance, int(xs[i]), int(ys[i]))
    assert best is not None, "no place large enough to click"
    return best[1], best[2]


def _check_view(page, what: str, image: np.ndarray) -> np.ndarray:
    height, width = image.shape[:2]
    left, top, right, bottom = _layer_box(image)
    assert left > 0 and top > 0 and right < width - 1 and bottom < height - 1, (what, (left, top, right, bottom), (width, height))
    fill_x, fill_y = (right - left + 1) / width, (bottom - top + 1) / height
    assert max(fill_x, fill_y) >= 0.8, (what, fill_x, fill_y)
    colours = _legend_colours(page)
    assert colours, what
    found = {colour: _pixels(image, colour) for colour in colours}
    assert all(count >= 5 for count in found.values()), (what, found)
    return image


def _views(page, url: str, edge: str):
    """Open Peta and step through the levels and a kecamatan filter; yields (name, settled canvas) per view."""
    page.goto(f"{url}/", wait_until="domcontentloaded")
    page.wait_for_selector(".peta-legend", timeout=60000)
    image = _settle(page)
    yield "kelurahan", image
    for level in ("kecamatan", "kabupaten"):
        _choose(page, "Tingkat peta", LEVELS[level])
        image = _changed(page, image)
        yield level, image
    _choose(page, "Tingkat peta", LEVELS["kelurahan"])
    image = _changed(page, image)
    _choose(page, "Kecamatan", edge)
    yield f"kelurahan in {edge}", _changed(page, image)


@pytest.mark.parametrize("which", ["demo", "real"])
def test_every_level_and_filter_fills_the_map_with_the_legend_colours(which, browser, demo_build, request):
    db = demo_build.db if which == "demo" else request.getfixturevalue("real_db")
    edge = _edge_kecamatan(db)
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    try:
        with dashboard_server(db) as url:
            for view, image in _views(page, url, edge):
                _check_view(page, f"{which}: {view}", image)
            # a click selects a place: an outline, and every colour stays (nothing fades)
            before = image
            box = page.locator(CANVAS).first.bounding_box()
            colours = _legend_colours(page)
            x, y = _inside_a_place(before, colours)
            for _ in range(4):  # a click while the page is still rerunning can be dropped: click again
                page.mouse.click(box["x"] + x, box["y"] + y)
                try:
                    page.wait_for_selector("text=Dipilih:", timeout=20000)
                    break
                except Exception:  # noqa: BLE001 - Playwright's TimeoutError
                    page.mouse.move(5, 5)
            page.wait_for_selector("text=Dipilih:", timeout=20000)
            after = _changed(page, before)
            for colour in colours:
                assert _pixels(after, colour) >= 0.75 * _pixels(before, colour), (which, colour)
            changed = (np.abs(after - before) > 6).any(axis=2).sum()
            assert 0 < changed < 0.2 * (before < 245).any(axis=2).sum(), (which, changed)
    finally:
        context.close()


def test_zooming_in_with_the_mouse_wheel_brings_more_names(browser, real_db):
    """The opening view shows the kecamatan names that fit; a mouse-wheel zoom past the next step (no rerun: the
    page's controls stay as they are) makes the browser fetch the names that then fit and draw them. Their boxes
    are checked where the page computes them (test_dashboard_apptest, test_map_extents): the canvas has no text
    boxes to read."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    fetched = []
    page.on("response", lambda r: fetched.append(r) if "/labels-" in r.url else None)
    try:
        with dashboard_server(real_db) as url:
            page.goto(f"{url}/", wait_until="domcontentloaded")
            page.wait_for_selector(".peta-legend", timeout=60000)
            before = _settle(page)
            # the place names on (the settings popover): more names than the opening view has room for
            page.get_by_text("Pengaturan peta").first.click()
            page.locator("[data-testid='stCheckbox']").filter(has_text=re.compile(r"^Nama (desa|kelurahan)")).first.click()
            page.keyboard.press("Escape")
            before = _changed(page, before)
            assert not fetched  # nothing of the zoom steps is loaded before the user zooms
            box = page.locator(CANVAS).first.bounding_box()
            page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
            for _ in range(40):  # wheel steps until the first zoom step's names are asked for
                page.mouse.wheel(0, -100)
                page.wait_for_timeout(250)
                if fetched:
                    break
            assert fetched, "no names fetched after zooming in"
            response = fetched[0]
            assert response.status == 200 and "z=0" in response.url
            names = [f["properties"]["text"] for f in response.json()["features"]]
            assert names and all(isinstance(name, str) and name for name in names)
            after = _settle(page)
            assert (np.abs(after - before) > 6).any(axis=2).sum() > 1000  # the map zoomed and redrew
            assert not page.locator("[data-testid='stException']").count()
    finally:
        context.close()


def test_no_control_is_cut_off_on_a_1280_projector(browser, demo_build):
    """A presenter's 1280 x 720 projector, the sidebar open: the Peta page's controls show their choices whole
    (the headline indicator's name, the period, the level, the kecamatan, the settings button)."""
    context = browser.new_context(viewport={"width": 1280, "height": 720})
    page = context.new_page()
    try:
        with dashboard_server(demo_build.db) as url:
            page.goto(f"{url}/", wait_until="domcontentloaded")
            page.wait_for_selector(".peta-legend", timeout=60000)
            shown = page.evaluate("""() => [...document.querySelectorAll(
                    "[data-testid=stMain] [data-testid=stSelectbox] input, "
                    + "[data-testid=stMain] [data-testid=stPopover] [data-testid=stMarkdownContainer]")]
                .map(e => [e.getAttribute("aria-label") || e.innerText, e.scrollWidth, e.clientWidth])""")
            assert {name for name, _, _ in shown} >= {"Indikator", "Periode", "Tingkat peta", "Kecamatan", "Pengaturan peta"}
            assert [name for name, needed, has in shown if needed > has + 1] == []
    finally:
        context.close()
