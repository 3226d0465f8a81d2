"""A planner's path through Pemilihan Lokus in a real browser: `peta-stunting dashboard` as a subprocess on the
lokus fixture database (25 kelurahan, two periods), Debian's chromium driven by Playwright.

The path: open /lokus, move a weight slider with the keyboard (the weight shows, the ranking changes), set
N (12, then back to 10), try to remove a kelurahan without a reason (refused), remove it with a reason,
save the selection, download the XLSX and the CSV (the ranked list with 9 selected kelurahan, the reason
sheet with the reason, aggregates only), then open Mode Presentasi from the sidebar and step through the
slides with the arrow keys to the lokus slide, which names the saved selection. No request leaves
localhost. Never runs `playwright install`.
"""
from __future__ import annotations

import csv
import io
import re
import time
from pathlib import Path

import pytest

from browser_support import CHROMIUM, CHROMIUM_ARGS, dashboard_server, non_local, require_browser
from lokus_fixture import build_fixture_db
from pipelines.lokus import selections

SLIDE_TITLE = ".st-key-presentation_title h1"
SLIDE_TITLES = [
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
REASON = "Sudah jadi lokus program provinsi 2025"
SAVE_NAME = "Lokus uji peramban"
# the ranking table (the dataframe on the first tab, "Peringkat"): glide-data-grid keeps an accessible copy
# of the visible cells in the DOM, id glide-cell-<column>-<row>; columns: 0 rank, 1 selected, 2 how, 3 kelurahan
TOP_NAMES_JS = """n => Array.from({length: n}, (_, r) => {
  const panel = document.querySelector("[data-testid='stTabPanel']");
  const cell = panel && panel.querySelector(`[data-testid='glide-cell-3-${r}']`);
  return cell ? cell.textContent : null; })"""
# a column about a person (a child's id or name, a NIK, a mother, a birth date, an address, a hash), never a count
PERSONAL_COLUMN = re.compile(r"(^|_)(nik|child_id|anak|ibu|mother|name|lahir|birth|dob|alamat|address|hash)($|_)",
                             re.IGNORECASE)
NIK_LIKE = re.compile(r"(?<![\d.])\d{16}(?![\d.])")  # 16 digits, not the decimals of a number

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    require_browser()
    db = build_fixture_db(tmp_path_factory.mktemp("planner_browser") / "fixture.duckdb")
    with dashboard_server(db) as url:
        yield url, db


def _top_names(page, n: int = 10) -> list[str | None]:
    return page.evaluate(TOP_NAMES_JS, n)


def _wait_top_changed(page, before: list[str | None], timeout_ms: int = 30_000) -> list[str]:
    page.wait_for_function(
        f"""before => {{ const now = ({TOP_NAMES_JS})(before.length);
            return now.every(Boolean) && JSON.stringify(now) !== JSON.stringify(before); }}""",
        arg=before, timeout=timeout_ms,
    )
    return _top_names(page, len(before))


def _commit_text(page, key: str, value: str) -> None:
    """Type into a text/number input and press Enter (Streamlit commits the value on Enter)."""
    field = page.locator(f".st-key-{key} input")
    field.fill(value)
    field.press("Enter")


def _settle(page, timeout_ms: int = 30_000) -> None:
    """Wait until the rerun has finished: Streamlit keeps the previous run's elements, marked stale, until then."""
    page.wait_for_function("() => !document.querySelector(\"[data-stale='true']\")", timeout=timeout_ms)


def _download(page, key: str) -> tuple[str, bytes]:
    _settle(page)
    with page.expect_download(timeout=60_000) as info:
        page.locator(f".st-key-{key} button").click()
    download = info.value
    return download.suggested_filename, Path(download.path()).read_bytes()


def _check_aggregates_only(columns: list[str], rows: list[list[object]], place_names: set[str]) -> None:
    personal = [c for c in columns if PERSONAL_COLUMN.search(str(c))]
    assert not personal, personal
    for name_column in ("Desa/Kelurahan", "Kecamatan"):
        assert name_column in columns
    names = {row[columns.index("Desa/Kelurahan")] for row in rows}
    assert names <= place_names, names - place_names  # the kelurahan's name, nothing else
    texts = [v for row in rows for v in row if isinstance(v, str)]
    assert not [v for v in texts if NIK_LIKE.search(v) and not re.fullmatch(r"-?\d*\.\d+(e-?\d+)?", v)]


def test_planner_path(server):
    import duckdb
    from openpyxl import load_workbook
    from playwright.sync_api import expect, sync_playwright

    base, db = server
    with duckdb.connect(str(db), read_only=True) as con:
        place_names = {name for (name,) in con.execute("SELECT nama FROM kelurahan").fetchall()}
    started = time.monotonic()
    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
        )
        try:
            context = browser.new_context(viewport={"width": 1600, "height": 1000}, accept_downloads=True)
            page = context.new_page()
            page.on("request", lambda request: requests.append(request.url))
            summary = page.locator("[data-testid='stMarkdownContainer']").filter(has_text="kelurahan terpilih")

            # --- open the page: default N = 10 of 25, the ranking table drawn
            page.goto(f"{base}/lokus")
            expect(summary).to_contain_text("10 dari 25 kelurahan terpilih", timeout=90_000)
            page.wait_for_function(f"() => ({TOP_NAMES_JS})(10).every(Boolean)", timeout=30_000)
            before = _top_names(page)

            # --- weights: the 1000-HPK access gap slider to 100 with the keyboard
            slider = page.locator(".st-key-lokus_w_hpk_gap")
            expect(slider.locator("[data-testid='stSliderThumbValue']")).to_have_text("15")
            slider.locator("input[type='range']").focus()
            page.keyboard.press("End")
            expect(slider.locator("[data-testid='stSliderThumbValue']")).to_have_text("100", timeout=30_000)
            after = _wait_top_changed(page, before)
            assert set(after) != set(before), (before, after)  # another set of kelurahan in the top 10

            # --- N: 12, then back to 10
            _commit_text(page, "lokus_n", "12")
            expect(summary).to_contain_text("12 dari 25 kelurahan terpilih", timeout=30_000)
            _commit_text(page, "lokus_n", "10")
            expect(summary).to_contain_text("10 dari 25 kelurahan terpilih", timeout=30_000)
            _settle(page)
            assert _top_names(page) == after

            # --- remove the third-ranked kelurahan: refused without a reason, applied with one
            removed_name = after[2]
            target = page.locator(".st-key-lokus_target input")
            target.click()
            target.fill(removed_name)
            page.get_by_role("option", name=re.compile(re.escape(removed_name))).first.click()
            expect(target).to_have_value(re.compile(re.escape(removed_name)))
            removed_code = re.search(r"\(([\d.]+)\)", target.input_value()).group(1)
            page.locator(".st-key-lokus_apply button").click()
            expect(page.locator("[data-testid='stAlertContentError']")).to_contain_text("alasan", timeout=30_000)
            expect(summary).to_contain_text("0 dikeluarkan")
            _commit_text(page, "lokus_reason_input", REASON)
            page.locator(".st-key-lokus_apply button").click()
            expect(summary).to_contain_text("9 dari 25 kelurahan terpilih (0 ditambah, 1 dikeluarkan", timeout=30_000)
            expect(page.locator(".st-key-lokus_reason_input input")).to_have_value("")  # cleared after applying

            # --- save the selection
            _commit_text(page, "lokus_save_name", SAVE_NAME)
            page.locator(".st-key-lokus_save button").click()
            expect(page.locator("[data-testid='stAlertContentSuccess']")).to_contain_text(SAVE_NAME, timeout=30_000)
            saved = selections.latest_selection(db)
            assert saved.name == SAVE_NAME and saved.n == 10 and len(saved.selected_codes) == 9
            assert dict(zip(saved.items["kode"], saved.items["reason"]))[removed_code] == REASON

            # --- export: XLSX (ranked list, weights and method, reasons) and CSV
            name, payload = _download(page, "lokus_dl_xlsx")
            assert name.endswith(".xlsx"), name
            book = load_workbook(io.BytesIO(payload))
            assert book.sheetnames == ["Peringkat", "Matriks prioritas", "Bobot dan metode", "Perubahan manual"]
            sheet = book["Peringkat"]
            top = int(re.sub(r"\D", "", sheet.freeze_panes)) - 1       # header row under the title block
            ranked = [list(r) for r in sheet.iter_rows(min_row=top, values_only=True)]
            columns, rows = [str(c) for c in ranked[0]], ranked[1:]
            col = {c: i for i, c in enumerate(columns)}
            assert len(rows) == 25
            rows.sort(key=lambda r: r[col["Peringkat"]])
            assert [r[col["Desa/Kelurahan"]] for r in rows[:10]] == after  # the ranked list the page showed
            selected = [r for r in rows if r[col["Lokus"]] == "Ya"]
            assert len(selected) == 9
            assert removed_code not in {r[col["Kode"]] for r in selected}
            assert {r[col["Kode"]] for r in selected} | {removed_code} == {r[col["Kode"]] for r in rows[:10]}
            assert next(r for r in rows if r[col["Kode"]] == removed_code)[col["Dasar pemilihan"]] == "Dikeluarkan manual"
            _check_aggregates_only(columns, rows, place_names)
            method = book["Bobot dan metode"]
            top = int(re.sub(r"\D", "", method.freeze_panes)) - 1
            weights = {r[0]: r[1] for r in method.iter_rows(min_row=top + 1, values_only=True)}
            assert weights["Kesenjangan akses lengkap 1000 HPK"] == 100, weights
            notes = " ".join(str(c.value) for row in method.iter_rows(max_row=top) for c in row if c.value)
            assert "10 desa/kelurahan dengan skor tertinggi" in notes
            assert SAVE_NAME in " ".join(str(c.value) for row in sheet.iter_rows(max_row=top) for c in row if c.value)
            changes = book["Perubahan manual"]
            top = int(re.sub(r"\D", "", changes.freeze_panes)) - 1
            reasons = [list(r) for r in changes.iter_rows(min_row=top, values_only=True)]
            assert reasons[0] == ["Kode", "Desa/Kelurahan", "Kecamatan", "Perubahan", "Alasan", "Peringkat menurut skor"]
            assert [r[:2] + r[3:] for r in reasons[1:]] == [[removed_code, removed_name, "Dikeluarkan manual", REASON, 3]]

            name, payload = _download(page, "lokus_dl_csv")
            assert name.endswith(".csv"), name
            lines = payload.decode("utf-8-sig").splitlines()
            table = list(csv.reader(io.StringIO("\n".join(lines[lines.index("") + 1:])), delimiter=";"))
            head, body = table[0], table[1:]
            _check_aggregates_only(head, body, place_names)
            assert sum(r[head.index("Lokus")] == "Ya" for r in body) == 9
            assert {r[head.index("Kode")]: r[head.index("Alasan")] for r in body}[removed_code] == REASON

            # --- Mode Presentasi from the sidebar, stepped with the arrow keys
            page.locator("[data-testid='stSidebarNav']").get_by_text("Mode Presentasi").click()
            title = page.locator(SLIDE_TITLE)
            expect(title).to_have_text(SLIDE_TITLES[0], timeout=60_000)
            slide = page.locator("[data-testid='stImage'] img")
            expect(slide).to_be_visible()
            slide.click()
            for expected in SLIDE_TITLES[1:SLIDE_TITLES.index("Kelurahan lokus stunting") + 1]:
                page.keyboard.press("ArrowRight")
                expect(title).to_have_text(expected, timeout=30_000)
            # the lokus slide outlines the saved selection (its subtitle names it)
            expect(page.locator("p.presentation-sr-only")).to_have_text(
                re.compile(re.escape(f'"{SAVE_NAME} (') + r"\d{4}-\d\d-\d\d\)\" \(9 kelurahan\)"))
            expect(slide).to_be_visible()
        finally:
            browser.close()

    elapsed = time.monotonic() - started
    print(f"planner path: {elapsed:.1f} s")
    assert requests, "the page made no request at all"
    assert not non_local(requests), non_local(requests)
