"""The Pengguna page (user management, admins only) driven with Streamlit's AppTest on the fixture database and
a real accounts file beside it: people log in through the login page, the admin uses the page's forms, and what
changed is read back from the accounts file and by logging in again."""
from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
import pytest
from streamlit.testing.v1 import AppTest

from dashboard_fixture import build_fixture_db
from paths import APP
from pipelines import accounts

PAGE = "views/pengguna.py"
USERS = {"sari": ("admin", "sandi-sari-123"), "budi": ("viewer", "sandi-budi-123"),
         "rina": ("analyst", "sandi-rina-123")}


@pytest.fixture()
def db(tmp_path, monkeypatch) -> Path:
    path = build_fixture_db(tmp_path / "kab.duckdb")
    for name, (role, password) in USERS.items():
        accounts.add_user(path, name, role, password)
    monkeypatch.setenv("PETA_STUNTING_DB", str(path))
    return path


def run(at: AppTest) -> AppTest:
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def click(at: AppTest, key: str) -> AppTest:
    at.button(key=key).click()
    return run(at)


def login(name: str, password: str | None = None) -> AppTest:
    """A new browser session that logs in through the login page."""
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["lang"] = "id"
    run(at)
    at.text_input(key="login_name").input(name)
    at.text_input(key="login_password").input(password or USERS[name][1])
    next(b for b in at.button if b.label in ("Masuk", "Log in")).click()
    return run(at)


def logged_in_as(at: AppTest) -> str:
    return next((c.value for c in at.sidebar.caption if "sebagai" in c.value or "as **" in c.value), "")


def open_page(at: AppTest) -> AppTest:
    at.switch_page(PAGE)
    return run(at)


def users_table(at: AppTest) -> pd.DataFrame:
    return next(f.value for f in at.dataframe if "Nama pengguna" in f.value.columns or "User name" in f.value.columns)


def audit_table(at: AppTest) -> pd.DataFrame:
    return next(f.value for f in at.dataframe if "Tindakan" in f.value.columns or "Action" in f.value.columns)


def messages(at: AppTest, kind: str) -> list[str]:
    return [m.value for m in getattr(at, kind)]


def test_admin_sees_users_and_the_audit_log(db):
    now = dt.datetime.now().replace(microsecond=0)
    accounts.login(db, "rina", USERS["rina"][1], now=lambda: now)
    at = open_page(login("sari"))
    assert at.title[0].value == "Pengguna"
    table = users_table(at).set_index("Nama pengguna")
    assert table.index.tolist() == ["budi", "rina", "sari (Anda)"]
    assert table["Peran"].tolist() == ["pembaca", "analis", "admin"]
    assert table["Keadaan"].tolist() == ["aktif"] * 3
    assert table.loc["budi", "Terakhir masuk"] == "belum tercatat"
    assert table.loc["rina", "Terakhir masuk"].startswith(f"{now.day} ")  # '3 Desember 2026 06.02'
    log = audit_table(at)
    assert log["Tindakan"].tolist()[:3] == ["akun dibuat"] * 3


def test_admin_adds_a_user_who_can_then_log_in(db):
    at = open_page(login("sari"))
    at.text_input(key="users_add_name").input("dewi")
    at.selectbox(key="users_add_role").set_value("analyst")
    at.text_input(key="users_add_password").input("sandi-dewi-123")
    at.text_input(key="users_add_repeat").input("sandi-dewi-123")
    click(at, "users_add_submit")
    assert messages(at, "success") == ["Pengguna dewi (analis) ditambahkan."]
    assert "dewi" in users_table(at)["Nama pengguna"].tolist()
    assert at.text_input(key="users_add_password").value == ""          # the form is empty again
    assert audit_table(at).iloc[0][["Oleh", "Tindakan", "Rincian"]].tolist() == ["sari", "akun dibuat",
                                                                                "dewi (analyst)"]
    dewi = login("dewi", "sandi-dewi-123")
    assert "Masuk sebagai **dewi** (analis)" in logged_in_as(dewi)


@pytest.mark.parametrize("name, password, repeat, words", [
    ("dewi", "sandi-dewi-123", "sandi-dewi-124", "kedua kata sandi tidak sama"),
    ("dewi", "pendek", "pendek", "kata sandi terlalu pendek: minimal 8 karakter"),
    ("dewi ayu", "sandi-dewi-123", "sandi-dewi-123", "nama pengguna 'dewi ayu' tidak sah"),
    ("budi", "sandi-dewi-123", "sandi-dewi-123", "pengguna 'budi' sudah ada"),
])
def test_a_refused_new_user_is_one_sentence_and_keeps_the_form(db, name, password, repeat, words):
    at = open_page(login("sari"))
    at.text_input(key="users_add_name").input(name)
    at.text_input(key="users_add_password").input(password)
    at.text_input(key="users_add_repeat").input(repeat)
    click(at, "users_add_submit")
    assert [words in m for m in messages(at, "error")] == [True], messages(at, "error")
    assert at.text_input(key="users_add_name").value == name
    assert accounts.list_users(db)["name"].tolist() == ["budi", "rina", "sari"]
    assert accounts.find_user(db, "budi") == accounts.User("budi", "viewer")   # an existing name is not replaced


def test_change_role_reaches_the_users_open_session(db):
    budi = login("budi")
    assert "(pembaca)" in logged_in_as(budi)
    at = open_page(login("sari"))
    at.selectbox(key="users_role_name").set_value("budi")
    at.selectbox(key="users_role_role").set_value("analyst")
    click(at, "users_role_submit")
    assert messages(at, "success") == ["Peran budi sekarang analis."]
    assert accounts.find_user(db, "budi") == accounts.User("budi", "analyst")
    assert audit_table(at).iloc[0][["Oleh", "Tindakan", "Rincian"]].tolist() == ["sari", "peran diubah",
                                                                                "budi: viewer -> analyst"]
    run(budi)  # budi's next click: the new role, without logging in again
    assert "(analis)" in logged_in_as(budi)


def test_admin_unlocks_a_locked_user(db):
    for _ in range(accounts.LOCK_AFTER):
        accounts.login(db, "budi", "salah", sleep=lambda s: None)
    assert login("budi").error[0].value.startswith("Akun dikunci sementara")
    at = open_page(login("sari"))
    assert users_table(at).set_index("Nama pengguna").loc["budi", "Keadaan"].startswith("terkunci sampai ")
    assert at.selectbox(key="users_unlock_name").options == ["budi"]
    click(at, "users_unlock_submit")
    assert messages(at, "success") == ["Kunci akun budi dibuka."]
    assert users_table(at).set_index("Nama pengguna").loc["budi", "Keadaan"] == "aktif"
    assert audit_table(at).iloc[0][["Oleh", "Tindakan"]].tolist() == ["sari", "kunci akun dibuka"]
    assert "Masuk sebagai **budi**" in logged_in_as(login("budi"))


def test_admin_sets_a_new_password(db):
    at = open_page(login("sari"))
    at.selectbox(key="users_password_name").set_value("rina")
    at.text_input(key="users_password_password").input("sandi-baru-rina")
    at.text_input(key="users_password_repeat").input("sandi-baru-rina")
    click(at, "users_password_submit")
    assert messages(at, "success") == ["Kata sandi rina diganti."]
    assert login("rina").error[0].value == "Nama pengguna atau kata sandi salah."
    assert "Masuk sebagai **rina**" in logged_in_as(login("rina", "sandi-baru-rina"))


@pytest.mark.parametrize("lang, words", [("id", "'sari' adalah satu-satunya admin"),
                                         ("en", "'sari' is the only admin")])
def test_the_last_admin_can_neither_step_down_nor_leave(db, lang, words):
    at = login("sari")
    at.session_state["lang"] = lang
    open_page(at)
    at.selectbox(key="users_role_name").set_value("sari")
    at.selectbox(key="users_role_role").set_value("viewer")
    click(at, "users_role_submit")
    assert len(at.error) == 1 and at.error[0].value.startswith(words)
    at.selectbox(key="users_remove_name").set_value("sari")
    at.checkbox(key="users_remove_confirm").check()
    click(at, "users_remove_submit")
    assert len(at.error) == 1 and at.error[0].value.startswith(words)
    assert accounts.find_user(db, "sari") == accounts.User("sari", "admin")
    assert at.title[0].value == ("Pengguna" if lang == "id" else "Users")   # still the admin's page


def test_admin_removes_a_user_after_confirming(db):
    at = open_page(login("sari"))
    at.selectbox(key="users_remove_name").set_value("rina")
    click(at, "users_remove_submit")
    assert messages(at, "warning") == ["Centang konfirmasi dulu untuk menghapus rina."]
    assert accounts.find_user(db, "rina") is not None
    at.checkbox(key="users_remove_confirm").check()
    click(at, "users_remove_submit")
    assert messages(at, "success") == ["Pengguna rina dihapus."]
    assert accounts.find_user(db, "rina") is None
    assert audit_table(at).iloc[0][["Oleh", "Tindakan", "Rincian"]].tolist() == ["sari", "akun dihapus", "rina"]


@pytest.mark.parametrize("name", ["budi", "rina"])
def test_viewers_and_analysts_never_get_the_page(db, name):
    at = login(name)
    assert f"Masuk sebagai **{name}**" in logged_in_as(at)
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        open_page(at)   # not in their navigation: its URL leads to the default page
    assert "Pengguna" not in [t.value for t in at.title]
    assert not [b for b in at.button if b.key and b.key.startswith("users_")]


def test_the_page_itself_refuses_a_viewer(db):
    """Even run directly (not through the navigation), the page shows one sentence and no account."""
    at = AppTest.from_file(str(APP.parent / PAGE), default_timeout=60)
    at.session_state["auth_user"] = accounts.User("budi", "viewer")
    run(at)
    assert messages(at, "error") == ["Peran Anda tidak mengizinkan tindakan ini."]
    assert not at.title and not at.dataframe and not at.text_input


def test_a_removed_user_is_logged_out(db):
    rina = login("rina")
    accounts.remove_user(db, "rina", by="sari")
    run(rina)
    assert at_login_page(rina)


def at_login_page(at: AppTest) -> bool:
    return [t.value for t in at.title] == ["Masuk"] and bool(at.text_input(key="login_password"))


def test_an_open_dashboard_adds_its_first_admin_and_continues_as_them(tmp_path, monkeypatch):
    db = build_fixture_db(tmp_path / "kab.duckdb")
    monkeypatch.setenv("PETA_STUNTING_DB", str(db))
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.session_state["lang"] = "id"
    open_page(run(at))
    assert messages(at, "info")[0].startswith("Belum ada akun")
    assert at.selectbox(key="users_add_role").options == ["admin"]
    at.text_input(key="users_add_name").input("sari")
    at.text_input(key="users_add_password").input("sandi-sari-123")
    at.text_input(key="users_add_repeat").input("sandi-sari-123")
    click(at, "users_add_submit")
    assert accounts.list_users(db)[["name", "role"]].values.tolist() == [["sari", "admin"]]
    assert "Masuk sebagai **sari** (admin)" in logged_in_as(at)
    assert messages(at, "success") == ["Pengguna sari (admin) ditambahkan."]
    assert audit_table(at).iloc[0][["Oleh", "Tindakan"]].tolist() == ["lokal", "akun dibuat"]


def test_a_busy_accounts_file_is_one_sentence_and_changes_nothing(db, monkeypatch):
    """Another program holds the accounts file's write lock (a backup, the CLI): the admin reads a sentence."""
    import sqlite3

    at = open_page(login("sari"))
    monkeypatch.setattr(accounts, "TIMEOUT_S", 0.2)   # do not wait the full 10 s for the lock
    holder = sqlite3.connect(str(accounts.accounts_path(db)), isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        at.selectbox(key="users_role_name").set_value("budi")
        at.selectbox(key="users_role_role").set_value("admin")
        click(at, "users_role_submit")
        assert len(at.error) == 1 and at.error[0].value.startswith("Berkas akun ")
        assert "tidak dapat ditulis (database is locked); tidak ada yang berubah" in at.error[0].value
    finally:
        holder.close()
    assert accounts.find_user(db, "budi") == accounts.User("budi", "viewer")
