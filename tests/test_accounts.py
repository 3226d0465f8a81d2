"""Accounts beside the database: Argon2 hashes, roles, slow-down then lock after wrong passwords, audit."""
from __future__ import annotations

import datetime as dt
import sqlite3

import pytest

from pipelines import accounts


def test_add_list_remove_and_the_hash_is_argon2(tmp_path):
    db = tmp_path / "kab.duckdb"
    assert not accounts.has_accounts(db) and not accounts.has_admin(db)
    accounts.add_user(db, "sari", "admin", "rahasia-panjang")
    accounts.add_user(db, "budi", "viewer", "sandi-budi-123")
    users = accounts.list_users(db)
    assert users[["name", "role"]].values.tolist() == [["budi", "viewer"], ["sari", "admin"]]
    assert accounts.has_admin(db)
    path = accounts.accounts_path(db)
    assert path == tmp_path / "kab.duckdb.accounts.sqlite"
    with sqlite3.connect(path) as con:
        digest = con.execute("SELECT password_hash FROM users WHERE name = 'sari'").fetchone()[0]
    assert digest.startswith("$argon2id$") and "rahasia" not in digest
    accounts.remove_user(db, "budi")
    assert accounts.list_users(db)["name"].tolist() == ["sari"]
    with pytest.raises(accounts.AccountError, match="tidak ada"):
        accounts.remove_user(db, "budi")
    log = accounts.audit_log(db)
    assert log["action"].tolist() == ["user_remove", "user_add", "user_add"]


@pytest.mark.parametrize("name, role, password, words", [
    ("x", "admin", "panjang-sekali", "tidak sah"),
    ("sari", "boss", "panjang-sekali", "peran"),
    ("sari", "viewer", "pendek", "terlalu pendek"),
])
def test_refused_accounts(tmp_path, name, role, password, words):
    with pytest.raises(accounts.AccountError, match=words):
        accounts.add_user(tmp_path / "kab.duckdb", name, role, password)


def test_roles_include_the_ones_below():
    viewer, analyst, admin = (accounts.User("u", r) for r in accounts.ROLES)
    assert viewer.can("download") and not viewer.can("save_selection") and not viewer.can("import")
    assert analyst.can("save_selection") and not analyst.can("import") and not analyst.can("undo")
    assert admin.can("import") and admin.can("undo") and admin.can("manage_users")


def test_wrong_passwords_slow_down_then_lock(tmp_path):
    db = tmp_path / "kab.duckdb"
    accounts.add_user(db, "sari", "analyst", "benar-sekali")
    waits: list[float] = []
    now = dt.datetime(2025, 9, 1, 8, 0, 0)
    results = [accounts.login(db, "sari", "salah", sleep=waits.append, now=lambda: now)
               for _ in range(accounts.LOCK_AFTER)]
    assert [r.reason for r in results] == ["wrong"] * (accounts.LOCK_AFTER - 1) + ["locked"]
    # no wait for the first attempts, then doubling waits
    assert waits == [accounts.delay_for(n) for n in range(accounts.SLOW_AFTER, accounts.LOCK_AFTER)]
    assert waits[0] == 1.0 and waits[1] == 2.0
    # locked: even the right password is refused until the lock ends
    locked = accounts.login(db, "sari", "benar-sekali", sleep=waits.append, now=lambda: now)
    assert locked.user is None and locked.reason == "locked"
    assert locked.locked_until == now + dt.timedelta(minutes=accounts.LOCK_MINUTES)
    later = now + dt.timedelta(minutes=accounts.LOCK_MINUTES, seconds=1)
    ok = accounts.login(db, "sari", "benar-sekali", sleep=waits.append, now=lambda: later)
    assert ok.user == accounts.User("sari", "analyst")
    assert "user_locked" in accounts.audit_log(db)["action"].tolist()


def test_right_password_resets_the_count_and_unknown_names_look_wrong(tmp_path):
    db = tmp_path / "kab.duckdb"
    accounts.add_user(db, "sari", "viewer", "benar-sekali")
    for _ in range(accounts.SLOW_AFTER - 1):
        accounts.login(db, "sari", "salah", sleep=lambda s: None)
    assert accounts.login(db, "sari", "benar-sekali", sleep=lambda s: None).user is not None
    assert int(accounts.list_users(db)["failures"].iloc[0]) == 0
    assert accounts.login(db, "siapa", "benar-sekali").reason == "wrong"


# --- managing accounts: role, password, unlock, the last admin ------------------------------------------------

def _three(tmp_path):
    db = tmp_path / "kab.duckdb"
    accounts.add_user(db, "sari", "admin", "sandi-sari-123")
    accounts.add_user(db, "budi", "viewer", "sandi-budi-123")
    accounts.add_user(db, "rina", "analyst", "sandi-rina-123")
    return db


def test_set_role_is_audited_with_the_acting_admin(tmp_path):
    db = _three(tmp_path)
    assert accounts.set_role(db, "budi", "analyst", by="sari") == accounts.User("budi", "analyst")
    assert accounts.find_user(db, "budi") == accounts.User("budi", "analyst")
    # the next login carries the new role
    assert accounts.login(db, "budi", "sandi-budi-123").user == accounts.User("budi", "analyst")
    newest = accounts.audit_log(db).iloc[0]
    assert (newest["user"], newest["action"], newest["detail"]) == ("sari", "user_role", "budi: viewer -> analyst")
    # the same role again changes and records nothing
    before = len(accounts.audit_log(db))
    accounts.set_role(db, "budi", "analyst", by="sari")
    assert len(accounts.audit_log(db)) == before
    with pytest.raises(accounts.AccountError, match="peran 'boss' tidak dikenal"):
        accounts.set_role(db, "budi", "boss", by="sari")
    with pytest.raises(accounts.AccountError, match="pengguna 'siapa' tidak ada"):
        accounts.set_role(db, "siapa", "viewer", by="sari")


def test_the_last_admin_is_neither_demoted_nor_removed(tmp_path):
    db = _three(tmp_path)
    with pytest.raises(accounts.AccountError, match="satu-satunya admin") as demoted:
        accounts.set_role(db, "sari", "viewer", by="sari")
    assert demoted.value.key == "acc_last_admin_demote" and demoted.value.params == {"name": "sari"}
    with pytest.raises(accounts.AccountError, match="satu-satunya admin") as removed:
        accounts.remove_user(db, "sari", by="sari")
    assert removed.value.key == "acc_last_admin_remove"
    # the CLI's add on an existing name cannot demote the last admin either
    with pytest.raises(accounts.AccountError, match="satu-satunya admin"):
        accounts.add_user(db, "sari", "analyst", "sandi-baru-sari", by="cli")
    assert accounts.find_user(db, "sari") == accounts.User("sari", "admin")
    assert accounts.login(db, "sari", "sandi-sari-123").user is not None  # the refused add kept the password
    # with a second admin, the first may step down, and then the second is the last one
    accounts.set_role(db, "rina", "admin", by="sari")
    accounts.set_role(db, "sari", "viewer", by="sari")
    with pytest.raises(accounts.AccountError, match="'rina' adalah satu-satunya admin"):
        accounts.remove_user(db, "rina", by="rina")
    accounts.remove_user(db, "sari", by="rina")
    assert accounts.list_users(db)[["name", "role"]].values.tolist() == [["budi", "viewer"], ["rina", "admin"]]
    assert accounts.audit_log(db)[["user", "action", "detail"]].iloc[0].tolist() == ["rina", "user_remove", "sari"]


def test_set_password_replaces_the_old_one_and_ends_a_lock(tmp_path):
    db = _three(tmp_path)
    now = dt.datetime(2025, 9, 1, 8, 0, 0)
    for _ in range(accounts.LOCK_AFTER):
        accounts.login(db, "budi", "salah", sleep=lambda s: None, now=lambda: now)
    assert accounts.list_users(db, now=lambda: now).set_index("name").loc["budi", "locked"]
    with pytest.raises(accounts.AccountError, match="terlalu pendek"):
        accounts.set_password(db, "budi", "pendek", by="sari")
    with pytest.raises(accounts.AccountError, match="tidak sama") as differ:
        accounts.set_password(db, "budi", "sandi-baru-budi", by="sari", repeat="sandi-baru-bud")
    assert differ.value.key == "acc_passwords_differ"
    accounts.set_password(db, "budi", "sandi-baru-budi", by="sari", repeat="sandi-baru-budi")
    assert accounts.login(db, "budi", "sandi-budi-123", now=lambda: now).reason == "wrong"
    assert accounts.login(db, "budi", "sandi-baru-budi", now=lambda: now).user == accounts.User("budi", "viewer")
    log = accounts.audit_log(db)
    assert ("sari", "user_password", "budi") in set(map(tuple, log[["user", "action", "detail"]].values.tolist()))
    assert not log["detail"].str.contains("sandi-baru").any()  # never the password


def test_unlock_lets_the_right_password_in_before_the_lock_ends(tmp_path):
    db = _three(tmp_path)
    now = dt.datetime(2025, 9, 1, 8, 0, 0)
    for _ in range(accounts.LOCK_AFTER):
        accounts.login(db, "rina", "salah", sleep=lambda s: None, now=lambda: now)
    assert accounts.login(db, "rina", "sandi-rina-123", now=lambda: now).reason == "locked"
    accounts.unlock(db, "rina", by="sari")
    users = accounts.list_users(db, now=lambda: now).set_index("name")
    assert not users.loc["rina", "locked"] and users.loc["rina", "failures"] == 0
    assert accounts.login(db, "rina", "sandi-rina-123", now=lambda: now).user == accounts.User("rina", "analyst")
    assert accounts.audit_log(db)[["user", "action", "detail"]].values.tolist()[0] == ["sari", "user_unlock", "rina"]
    with pytest.raises(accounts.AccountError, match="tidak ada"):
        accounts.unlock(tmp_path / "lain.duckdb", "rina", by="sari")  # no accounts file at all
    assert not accounts.accounts_path(tmp_path / "lain.duckdb").exists()


def test_add_without_replace_refuses_an_existing_name_and_checks_the_repeat(tmp_path):
    db = _three(tmp_path)
    with pytest.raises(accounts.AccountError, match="sudah ada"):
        accounts.add_user(db, "budi", "admin", "sandi-lain-123", by="sari", replace=False)
    assert accounts.find_user(db, "budi") == accounts.User("budi", "viewer")
    with pytest.raises(accounts.AccountError, match="tidak sama"):
        accounts.add_user(db, "dewi", "viewer", "sandi-dewi-123", by="sari", repeat="sandi-dewi-124")
    assert accounts.find_user(db, "dewi") is None
    accounts.add_user(db, "dewi", "viewer", "sandi-dewi-123", by="sari", repeat="sandi-dewi-123", replace=False)
    assert accounts.audit_log(db)[["user", "action"]].values.tolist()[0] == ["sari", "user_add"]


def test_last_login_is_recorded_and_old_files_gain_the_column(tmp_path):
    db = tmp_path / "kab.duckdb"
    # an accounts file as written before last_login existed
    with sqlite3.connect(accounts.accounts_path(db)) as con:
        con.executescript("""
            CREATE TABLE users (name TEXT PRIMARY KEY, role TEXT NOT NULL, password_hash TEXT NOT NULL,
                                created_at TEXT NOT NULL, failures INTEGER NOT NULL DEFAULT 0, locked_until TEXT);
            CREATE TABLE audit (id INTEGER PRIMARY KEY AUTOINCREMENT, at TEXT NOT NULL, user TEXT NOT NULL,
                                action TEXT NOT NULL, detail TEXT NOT NULL DEFAULT '');""")
    accounts.add_user(db, "sari", "admin", "sandi-sari-123")
    assert accounts.list_users(db)["last_login"].isna().all()
    now = dt.datetime(2025, 9, 1, 8, 30, 0)
    accounts.login(db, "sari", "sandi-sari-123", now=lambda: now)
    assert accounts.list_users(db)["last_login"].tolist() == ["2025-09-01 08:30:00"]
    accounts.login(db, "sari", "salah", now=lambda: now + dt.timedelta(hours=1))  # a wrong one is not a login
    assert accounts.list_users(db)["last_login"].tolist() == ["2025-09-01 08:30:00"]


def test_refusals_speak_english_on_an_english_page(tmp_path):
    from pipelines.present.messages import message

    with pytest.raises(accounts.AccountError) as short:
        accounts.add_user(tmp_path / "kab.duckdb", "sari", "admin", "pendek")
    assert message(short.value, "en") == f"password too short: at least {accounts.MIN_PASSWORD_CHARS} characters"
