"""Accounts, roles and the input store in a real browser: `peta-stunting dashboard` as a subprocess on a copy of
the demo city with three accounts, Debian's chromium driven by Playwright (never `playwright install`).

- a viewer sees no Impor Data page and cannot reach it by its URL; only the admin has the Pengguna page;
- an analyst saves a lokus selection (stored with the analyst as author) but has no Impor Data page;
- an admin uploads one puskesmas' export of a new round: every other puskesmas' kelurahan keep identical
  values; a corrected re-export of it, confirmed as a replacement, changes only that puskesmas; undo on
  Riwayat Impor restores the previous `indicators` table exactly;
- another kabupaten's boundaries are refused on the page and the old database keeps serving.
"""
from __future__ import annotations

import re

import duckdb
import pandas as pd
import pytest

from browser_support import CHROMIUM, CHROMIUM_ARGS, dashboard_server, non_local, require_browser
from pipelines import accounts
from pipelines.lokus import selections
from store_fixture import corrected, next_round, other_kabupaten, served_copy

pytestmark = pytest.mark.browser
USERS = {"baca": ("viewer", "sandi-baca-123"), "analis": ("analyst", "sandi-analis-123"),
         "admin": ("admin", "sandi-admin-123")}
LONG = 240_000  # ms: a build of the demo city on a busy 2-core machine


@pytest.fixture(scope="module")
def server(demo_build, tmp_path_factory):
    require_browser()
    db = served_copy(demo_build, tmp_path_factory.mktemp("accounts_browser"))
    for name, (role, password) in USERS.items():
        accounts.add_user(db, name, role, password)
    with dashboard_server(db) as url:
        yield url, db


@pytest.fixture()
def page(server):
    from playwright.sync_api import sync_playwright

    requests: list[str] = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_context(viewport={"width": 1500, "height": 1000}).new_page()
            page.on("request", lambda request: requests.append(request.url))
            yield page
        finally:
            browser.close()
    assert not non_local(requests)


def login(page, url: str, name: str) -> None:
    from playwright.sync_api import expect

    page.goto(url)
    expect(page.get_by_role("heading", name="Masuk")).to_be_visible(timeout=90_000)
    page.get_by_label("Nama pengguna").fill(name)
    page.get_by_label("Kata sandi").fill(USERS[name][1])
    page.get_by_role("button", name="Masuk").click()
    expect(page.locator("[data-testid='stSidebar']")).to_contain_text(f"Masuk sebagai {name}", timeout=60_000)


def nav(page):
    return page.locator("[data-testid='stSidebarNav']")


def indicators(db) -> pd.DataFrame:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT * FROM indicators ORDER BY ALL").df()


def kelurahan_rows(frame: pd.DataFrame, codes: set[str], inside: bool) -> pd.DataFrame:
    return frame[(frame["level"] == "kelurahan") & (frame["kode"].isin(codes) == inside)].reset_index(drop=True)


def test_viewer_has_no_import_page_even_by_url(server, page):
    from playwright.sync_api import expect

    url, _ = server
    login(page, f"{url}/impor", "baca")  # the URL of the import page, then the viewer's login
    expect(nav(page)).to_contain_text("Peta", timeout=60_000)
    expect(nav(page)).not_to_contain_text("Impor Data")
    expect(nav(page)).not_to_contain_text("Pengguna")
    expect(page.get_by_role("heading", name="Impor Data")).to_have_count(0)
    page.goto(f"{url}/impor")  # again, logged in on a fresh session: the login page, never the import page
    expect(page.get_by_role("heading", name="Masuk")).to_be_visible(timeout=60_000)
    expect(page.locator("[data-testid='stFileUploader']")).to_have_count(0)


def test_analyst_saves_a_selection_but_cannot_import(server, page):
    from playwright.sync_api import expect

    url, db = server
    login(page, url, "analis")
    expect(nav(page)).not_to_contain_text("Impor Data")
    expect(nav(page)).not_to_contain_text("Pengguna")
    nav(page).get_by_text("Pemilihan Lokus").click()
    field = page.locator(".st-key-lokus_save_name input")
    expect(field).to_be_enabled(timeout=90_000)
    field.fill("Lokus analis")
    field.press("Enter")
    page.locator(".st-key-lokus_save button").click()
    expect(page.locator("[data-testid='stAlertContentSuccess']")).to_contain_text("Lokus analis", timeout=60_000)
    saved = selections.latest_selection(db)
    assert saved.name == "Lokus analis" and saved.author == "analis"
    log = accounts.audit_log(db)
    assert (log["user"].iloc[0], log["action"].iloc[0]) == ("analis", "selection_save")


def upload(page, label: str, path) -> None:
    from playwright.sync_api import expect

    box = page.locator("[data-testid='stFileUploader']").filter(has_text=label)
    box.locator("input[type='file']").set_input_files(str(path))
    expect(box.get_by_role("button", name=f"Remove {path.name}")).to_be_visible(timeout=30_000)


def test_admin_adds_replaces_and_undoes_one_puskesmas(server, page, demo_build, tmp_path):
    from playwright.sync_api import expect

    url, db = server
    with duckdb.connect(str(db), read_only=True) as con:
        mine = {r[0] for r in con.execute(
            "SELECT DISTINCT kode FROM measurements WHERE source_file LIKE '%pkm_pelabuhan%'").fetchall()}
    start = indicators(db)
    login(page, url, "admin")
    expect(nav(page)).to_contain_text("Pengguna")
    nav(page).get_by_text("Impor Data").click()
    expect(page.get_by_role("heading", name="Impor Data")).to_be_visible(timeout=60_000)

    # --- one puskesmas' export of a new round: added, the others untouched
    new_round = next_round(demo_build, tmp_path / "pkm_pelabuhan_2026-02.csv")
    upload(page, "Ekspor e-PPGBM", new_round)
    page.locator(".st-key-import_check button").click()
    expect(page.get_by_text("Akibat impor ini")).to_be_visible(timeout=LONG)
    expect(page.get_by_text(re.compile(r"60 dari 60 kelurahan/desa yang punya nilai"))).to_be_visible()
    page.locator(".st-key-import_confirm button").click()
    expect(page.locator("[data-testid='stAlertContentSuccess']")).to_contain_text("Selesai", timeout=LONG)
    added = indicators(db)
    pd.testing.assert_frame_equal(kelurahan_rows(start, mine, False), kelurahan_rows(added, mine, False))
    assert "2026-02" in set(added.loc[added["kode"].isin(mine), "period"])

    # --- a corrected re-export of the same round: offered as the replacement, changes only that puskesmas
    page.reload()
    login(page, url, "admin")
    nav(page).get_by_text("Impor Data").click()
    fixed = corrected(new_round, tmp_path / "pkm_pelabuhan_2026-02_revisi.csv", every=2, cm=-6.0)
    upload(page, "Ekspor e-PPGBM", fixed)
    page.locator(".st-key-import_check button").click()
    offer = page.get_by_text(re.compile("berisi puskesmas dan periode yang sama dengan #[0-9]+ pkm_pelabuhan_2026-02.csv"))
    expect(offer).to_be_visible(timeout=LONG)
    expect(page.get_by_role("checkbox", name=re.compile("Ya, ganti berkas #"))).to_be_checked()
    page.locator(".st-key-import_preview button").click()
    expect(page.get_by_text("Akibat impor ini")).to_be_visible(timeout=LONG)
    page.locator(".st-key-import_confirm button").click()
    expect(page.locator("[data-testid='stAlertContentSuccess']")).to_contain_text("Selesai", timeout=LONG)
    replaced = indicators(db)
    pd.testing.assert_frame_equal(kelurahan_rows(added, mine, False), kelurahan_rows(replaced, mine, False))
    assert not kelurahan_rows(added, mine, True).equals(kelurahan_rows(replaced, mine, True))

    # --- undo on Riwayat Impor: the previous indicators table, exactly
    nav(page).get_by_text("Riwayat Impor").click()
    page.locator(".st-key-history_undo button").click()
    expect(page.locator("[data-testid='stAlertContentSuccess']")).to_contain_text("dikembalikan", timeout=LONG)
    pd.testing.assert_frame_equal(indicators(db), added)


def test_another_kabupatens_boundaries_are_refused_and_the_old_database_serves(server, page, demo_build, tmp_path):
    from playwright.sync_api import expect

    url, db = server
    before = db.read_bytes()
    login(page, url, "admin")
    nav(page).get_by_text("Impor Data").click()
    upload(page, "Batas kelurahan/desa", other_kabupaten(demo_build, tmp_path / "batas_kab_lain.geojson"))
    page.locator(".st-key-import_check button").click()
    refusal = page.locator("[data-testid='stAlertContentError']").filter(has_text="Impor ditolak")
    expect(refusal).to_contain_text("apakah berkas batas wilayah milik kabupaten lain?", timeout=LONG)
    expect(page.locator(".st-key-import_confirm button")).to_be_disabled()
    assert db.read_bytes() == before
    # the map still draws from the old database (its newest period may be the admin test's new round)
    nav(page).get_by_text("Peta").click()
    expect(page.get_by_text(re.compile(r"60 \S+ ditampilkan, [1-9][0-9]* dengan nilai"))).to_be_visible(
        timeout=90_000)
    assert db.read_bytes() == before


def test_kiosk_serves_only_the_map_and_the_presentation_without_login(demo_build, tmp_path):
    """`peta-stunting dashboard --kiosk`: no login even with accounts, Peta and Mode Presentasi only."""
    from playwright.sync_api import expect, sync_playwright

    require_browser()
    db = served_copy(demo_build, tmp_path / "kiosk")
    accounts.add_user(db, "admin", "admin", USERS["admin"][1])
    with dashboard_server(db, extra=("--kiosk",)) as url, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            page = browser.new_page(viewport={"width": 1500, "height": 1000})
            page.goto(f"{url}/impor")
            expect(page.get_by_text(re.compile(r"60 \S+ ditampilkan"))).to_be_visible(timeout=90_000)
            links = nav(page).locator("a")
            expect(links).to_have_count(2)
            assert sorted(links.all_inner_texts()) == ["Mode Presentasi", "Peta"]
            expect(page.locator("[data-testid='stSidebar']")).to_contain_text("hanya baca")
            expect(page.get_by_role("heading", name="Masuk")).to_have_count(0)
        finally:
            browser.close()
