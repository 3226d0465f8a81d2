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
