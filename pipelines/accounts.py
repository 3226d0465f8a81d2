"""Accounts, roles, login throttling and the audit log of one database.

Where they live: a SQLite file beside the database, `<db>.accounts.sqlite` (`data/kab.duckdb` ->
`data/kab.duckdb.accounts.sqlite`), never inside the DuckDB file, which every build replaces and the dashboard
opens read-only. Back it up with the database folder.

Roles, each including the one before: `viewer` (browse, download), `analyst` (also save and delete lokus
selections), `admin` (also import, undo, manage users). Passwords are hashed with Argon2id (`argon2-cffi`,
its default parameters); the hash carries its own salt and parameters.

Wrong passwords: from the `SLOW_AFTER`-th failure in a row every further attempt waits `delay_for(n)` seconds
(doubling, at most `MAX_DELAY_S`); at `LOCK_AFTER` failures the account is locked for `LOCK_MINUTES`. A
correct password resets the count. A locked account refuses even the right password until the lock ends.

Without any account the dashboard runs open (one person on this machine, e.g. `make demo`); the CLI refuses
to listen beyond 127.0.0.1 until an admin exists (`pipelines.cli`).
"""
from __future__ import annotations

import datetime as dt
import re
import sqlite3
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

ROLES = ("viewer", "analyst", "admin")
SLOW_AFTER = 3           # failures in a row before attempts are slowed down
LOCK_AFTER = 6           # failures in a row that lock the account
LOCK_MINUTES = 15
MAX_DELAY_S = 8.0
MIN_PASSWORD_CHARS = 8
TIMEOUT_S = 10.0
NAME_PATTERN = re.compile(r"^[A-Za-z0-9._-]{2,40}$")

#: what each role may do; every role has the permissions of the roles before it
PERMISSIONS = {
    "viewer": {"browse", "download"},
    "analyst": {"browse", "download", "save_selection"},
    "admin": {"browse", "download", "save_selection", "import", "undo", "manage_users"},
}

_SCHEMA = """
CREATE TABLE IF NOT EXISTS users (
    name TEXT PRIMARY KEY,
    role TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    created_at TEXT NOT NULL,
    failures INTEGER NOT NULL DEFAULT 0,
    locked_until TEXT
);
CREATE TABLE IF NOT EXISTS audit (
    id INTEGER PRIMARY KEY AUTOINCREMENT,
    at TEXT NOT NULL,
    user TEXT NOT NULL,
    action TEXT NOT NULL,
    detail TEXT NOT NULL DEFAULT ''
);
"""


class AccountError(ValueError):
    """A refused account operation (unknown role, bad name, short password, unknown user)."""


@dataclass(frozen=True)
class User:
    name: str
    role: str

    def can(self, permission: str) -> bool:
        return permission in PERMISSIONS.get(self.role, set())


@dataclass(frozen=True)
class LoginResult:
    """Outcome of one login attempt: `user` when it succeeded; else why (`wrong`, `locked`)."""

    user: User | None
    reason: str = ""                      # '' | 'wrong' | 'locked'
    locked_until: dt.datetime | None = None
    delay_s: float = 0.0                  # the wait this attempt took (slow-down)


def accounts_path(db_path: Path | str) -> Path:
    """The accounts file of a database: `<db>.accounts.sqlite`."""
    return Path(str(db_path) + ".accounts.sqlite")


def _now() -> dt.datetime:
    return dt.datetime.now().replace(microsecond=0)


def _connect(path: Path) -> sqlite3.Connection:
    path.parent.mkdir(parents=True, exist_ok=True)
    con = sqlite3.connect(str(path), timeout=TIMEOUT_S)
    con.executescript(_SCHEMA)
    try:
        path.chmod(0o600)  # password hashes: readable by the service account only
    except OSError:
        pass
    return con


def _hasher():
    from argon2 import PasswordHasher

    return PasswordHasher()


def delay_for(failures: int) -> float:
    """Seconds an attempt waits after `failures` wrong passwords in a row (0 before SLOW_AFTER)."""
    if failures < SLOW_AFTER:
        return 0.0
    return min(2.0 ** (failures - SLOW_AFTER), MAX_DELAY_S)


def check_name(name: str) -> str:
    name = str(name or "").strip()
    if not NAME_PATTERN.match(name):
        raise AccountError(f"nama pengguna '{name[:40]}' tidak sah: 2-40 huruf, angka, titik, garis bawah atau "
                           "tanda hubung")
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise AccountError(f"peran '{role}' tidak dikenal; pilih {', '.join(ROLES)}")
    return role


def add_user(db_path: Path, name: str, role: str, password: str, by: str = "cli") -> User:
    """Create an account (or replace the role and password of an existing one); audited as `user_add`."""
    name, role = check_name(name), check_role(role)
    if len(password or "") < MIN_PASSWORD_CHARS:
        raise AccountError(f"kata sandi terlalu pendek: minimal {MIN_PASSWORD_CHARS} karakter")
    digest = _hasher().hash(password)
    con = _connect(accounts_path(db_path))
    try:
        with con:
            existed = con.execute("SELECT 1 FROM users WHERE name = ?", (name,)).fetchone() is not None
            con.execute(
                "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?) "
                "ON CONFLICT (name) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash, "
                "failures = 0, locked_until = NULL",
                (name, role, digest, _now().isoformat(sep=" ")),
            )
            _audit(con, by, "user_change" if existed else "user_add", f"{name} ({role})")
    finally:
        con.close()
    return User(name, role)


def remove_user(db_path: Path, name: str, by: str = "cli") -> None:
    """Delete an account; AccountError when there is none. Audited as `user_remove`."""
    path = accounts_path(db_path)
    if not path.exists():
        raise AccountError(f"pengguna '{name}' tidak ada")
    con = _connect(path)
    try:
        with con:
            if con.execute("DELETE FROM users WHERE name = ?", (name,)).rowcount == 0:
                raise AccountError(f"pengguna '{name}' tidak ada")
            _audit(con, by, "user_remove", name)
    finally:
        con.close()


def list_users(db_path: Path) -> pd.DataFrame:
    """name, role, created_at, failures, locked_until of every account (no hashes), by name."""
    path = accounts_path(db_path)
    if not path.exists():
        return pd.DataFrame(columns=["name", "role", "created_at", "failures", "locked_until"])
    con = _connect(path)
    try:
        return pd.read_sql_query(
            "SELECT name, role, created_at, failures, locked_until FROM users ORDER BY name", con)
    finally:
        con.close()


def has_accounts(db_path: Path) -> bool:
    """True when at least one account exists (the dashboard then asks everyone to log in)."""
    return not list_users(db_path).empty


def has_admin(db_path: Path) -> bool:
    users = list_users(db_path)
    return bool((users["role"] == "admin").any())


def login(db_path: Path, name: str, password: str, sleep: Callable[[float], None] = time.sleep,
          now: Callable[[], dt.datetime] = _now) -> LoginResult:
    """Check a name and password. Wrong passwords slow down, then lock the account (module docstring).

    An unknown name is answered like a wrong password (and takes the same hashing time), so names cannot
    be probed.
    """
    from argon2.exceptions import InvalidHashError, VerificationError

    path = accounts_path(db_path)
    hasher = _hasher()
    if not path.exists():
        return LoginResult(None, "wrong")
    con = _connect(path)
    try:
        row = con.execute("SELECT role, password_hash, failures, locked_until FROM users WHERE name = ?",
                          (str(name),)).fetchone()
        if row is None:
            try:
                hasher.verify(hasher.hash("x" * MIN_PASSWORD_CHARS), str(password) + "?")
            except VerificationError:
                pass
            return LoginResult(None, "wrong")
        role, digest, failures, locked_until = row
        current = now()
        if locked_until and dt.datetime.fromisoformat(locked_until) > current:
            return LoginResult(None, "locked", dt.datetime.fromisoformat(locked_until))
        wait = delay_for(failures)
        if wait:
            sleep(wait)
        try:
            hasher.verify(digest, str(password))
        except (VerificationError, InvalidHashError):
            failures += 1
            until = current + dt.timedelta(minutes=LOCK_MINUTES) if failures >= LOCK_AFTER else None
            with con:
                con.execute("UPDATE users SET failures = ?, locked_until = ? WHERE name = ?",
                            (0 if until else failures, until.isoformat(sep=" ") if until else None, name))
                if until:
                    _audit(con, name, "user_locked", f"{LOCK_AFTER} kata sandi salah")
            return LoginResult(None, "locked" if until else "wrong", until, wait)
        with con:
            con.execute("UPDATE users SET failures = 0, locked_until = NULL WHERE name = ?", (name,))
        return LoginResult(User(name, role), "", None, wait)
    finally:
        con.close()


# --- audit ---------------------------------------------------------------------------------------------

AUDITED = ("import", "remove_file", "undo", "selection_save", "selection_delete", "user_add", "user_change",
           "user_remove", "user_locked")


def _audit(con: sqlite3.Connection, user: str, action: str, detail: str) -> None:
    con.execute("INSERT INTO audit (at, user, action, detail) VALUES (?, ?, ?, ?)",
                (_now().isoformat(sep=" "), str(user), action, str(detail)[:2000]))


def audit(db_path: Path, user: str, action: str, detail: str = "") -> None:
    """Record one change (import, undo, selection save/delete, user change) with its user and time."""
    con = _connect(accounts_path(db_path))
    try:
        with con:
            _audit(con, user, action, detail)
    finally:
        con.close()


def audit_log(db_path: Path, limit: int = 500) -> pd.DataFrame:
    """at, user, action, detail of the latest `limit` audit records, newest first."""
    path = accounts_path(db_path)
    if not path.exists():
        return pd.DataFrame(columns=["at", "user", "action", "detail"])
    con = _connect(path)
    try:
        return pd.read_sql_query("SELECT at, user, action, detail FROM audit ORDER BY id DESC LIMIT ?", con,
                                 params=(int(limit),))
    finally:
        con.close()
