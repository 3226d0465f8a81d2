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

Managing accounts (`add_user`, `set_role`, `set_password`, `unlock`, `remove_user`) is the same for the CLI
(`peta-stunting user ...`) and the dashboard's Pengguna page: every change is audited with who made it, and none
may leave the accounts without an admin (the last admin cannot be removed or given another role), because then
nobody could manage users or import from the dashboard. Refusals are `AccountError`s whose words are glossary keys
(`pipelines/present/labels/users.py`), so the terminal prints Indonesian and a page its reader's language.

Without any account the dashboard runs open (one person on this machine, e.g. `make demo`); the CLI refuses
to listen beyond 127.0.0.1 until an admin exists (`pipelines.cli`).
"""
from __future__ import annotations

import datetime as dt
import re
import sqlite3
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from pipelines.present.messages import said

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
    locked_until TEXT,
    last_login TEXT
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
    _add_missing_columns(con)
    try:
        path.chmod(0o600)  # password hashes: readable by the service account only
    except OSError:
        pass
    return con


def _add_missing_columns(con: sqlite3.Connection) -> None:
    """Accounts files written before `last_login` existed get the column (empty: never recorded)."""
    if "last_login" in {row[1] for row in con.execute("PRAGMA table_info(users)")}:
        return
    try:
        with con:
            con.execute("ALTER TABLE users ADD COLUMN last_login TEXT")
    except sqlite3.OperationalError as exc:  # another process added it in between
        if "duplicate column" not in str(exc).lower():
            raise


@contextmanager
def _changing(db_path: Path, name: str, create: bool = False) -> Iterator[sqlite3.Connection]:
    """One write transaction on the accounts file, about the account `name`, taken before reading: the checks
    (the user exists, an admin remains) and the change see the same rows even when two admins act at once.
    Without an accounts file there is no such user, unless `create` (the first account makes the file)."""
    path = accounts_path(db_path)
    if not create and not path.exists():
        raise said(AccountError, "acc_unknown_user", name=str(name)[:40])
    con = _connect(path)
    try:
        con.execute("BEGIN IMMEDIATE")
        yield con
        con.commit()
    except BaseException:
        con.rollback()
        raise
    finally:
        con.close()


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
        raise said(AccountError, "acc_bad_name", name=name[:40])
    return name


def check_role(role: str) -> str:
    if role not in ROLES:
        raise said(AccountError, "acc_bad_role", role=str(role)[:40], roles=", ".join(ROLES))
    return role


def check_password(password: str, repeat: str | None = None) -> str:
    """The password rules of every form and prompt: at least MIN_PASSWORD_CHARS characters, and the same twice
    when it was typed twice (`repeat`)."""
    password = password or ""
    if len(password) < MIN_PASSWORD_CHARS:
        raise said(AccountError, "acc_short_password", n=MIN_PASSWORD_CHARS)
    if repeat is not None and repeat != password:
        raise said(AccountError, "acc_passwords_differ")
    return password


def _role_of(con: sqlite3.Connection, name: str) -> str:
    """The role of `name`; AccountError when there is no such account."""
    row = con.execute("SELECT role FROM users WHERE name = ?", (str(name),)).fetchone()
    if row is None:
        raise said(AccountError, "acc_unknown_user", name=str(name)[:40])
    return row[0]


def _keep_an_admin(con: sqlite3.Connection, name: str, role: str, then: str | None) -> None:
    """Refuse a change that leaves no admin: `name` (now `role`) is the only admin and would become `then`
    (None: removed)."""
    if role != "admin" or then == "admin":
        return
    admins = con.execute("SELECT count(*) FROM users WHERE role = 'admin'").fetchone()[0]
    if admins <= 1:
        raise said(AccountError, "acc_last_admin_remove" if then is None else "acc_last_admin_demote", name=name)


def add_user(db_path: Path, name: str, role: str, password: str, by: str = "cli", repeat: str | None = None,
             replace: bool = True) -> User:
    """Create an account; audited as `user_add`. An existing name gets the new role and password (`user_change`)
    when `replace`, else AccountError (the dashboard's form adds, it never overwrites)."""
    name, role, password = check_name(name), check_role(role), check_password(password, repeat)
    digest = _hasher().hash(password)
    with _changing(db_path, name, create=True) as con:
        row = con.execute("SELECT role FROM users WHERE name = ?", (name,)).fetchone()
        if row is not None:
            if not replace:
                raise said(AccountError, "acc_exists", name=name)
            _keep_an_admin(con, name, row[0], role)
        con.execute(
            "INSERT INTO users (name, role, password_hash, created_at) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (name) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash, "
            "failures = 0, locked_until = NULL",
            (name, role, digest, _now().isoformat(sep=" ")),
        )
        _audit(con, by, "user_change" if row is not None else "user_add", f"{name} ({role})")
    return User(name, role)


def remove_user(db_path: Path, name: str, by: str = "cli") -> None:
    """Delete an account; AccountError when there is none or it is the last admin. Audited as `user_remove`."""
    with _changing(db_path, name) as con:
        _keep_an_admin(con, name, _role_of(con, name), None)
        con.execute("DELETE FROM users WHERE name = ?", (name,))
        _audit(con, by, "user_remove", name)


def set_role(db_path: Path, name: str, role: str, by: str = "cli") -> User:
    """Give an account another role; AccountError for an unknown user or role, or when it would leave no admin.
    Audited as `user_role` ("name: old -> new"); the same role again changes and records nothing."""
    role = check_role(role)
    with _changing(db_path, name) as con:
        old = _role_of(con, name)
        if old != role:
            _keep_an_admin(con, name, old, role)
            con.execute("UPDATE users SET role = ? WHERE name = ?", (role, name))
            _audit(con, by, "user_role", f"{name}: {old} -> {role}")
    return User(name, role)


def set_password(db_path: Path, name: str, password: str, by: str = "cli", repeat: str | None = None) -> None:
    """Give an account a new password (same rules as a new account); it also ends a lock and the count of wrong
    passwords, since the old password no longer matters. Audited as `user_password` (never the password)."""
    digest = _hasher().hash(check_password(password, repeat))
    with _changing(db_path, name) as con:
        _role_of(con, name)
        con.execute("UPDATE users SET password_hash = ?, failures = 0, locked_until = NULL WHERE name = ?",
                    (digest, name))
        _audit(con, by, "user_password", name)


def unlock(db_path: Path, name: str, by: str = "cli") -> None:
    """End an account's lock and its count of wrong passwords now (instead of after LOCK_MINUTES). Audited as
    `user_unlock`."""
    with _changing(db_path, name) as con:
        _role_of(con, name)
        con.execute("UPDATE users SET failures = 0, locked_until = NULL WHERE name = ?", (name,))
        _audit(con, by, "user_unlock", name)


def find_user(db_path: Path, name: str) -> User | None:
    """The account `name` as the file says now (its current role), or None when there is none."""
    path = accounts_path(db_path)
    if not path.exists():
        return None
    con = _connect(path)
    try:
        row = con.execute("SELECT role FROM users WHERE name = ?", (str(name),)).fetchone()
    finally:
        con.close()
    return User(str(name), row[0]) if row else None


USER_COLUMNS = ["name", "role", "created_at", "failures", "locked_until", "last_login", "locked"]


def list_users(db_path: Path, now: Callable[[], dt.datetime] = _now) -> pd.DataFrame:
    """name, role, created_at, failures, locked_until, last_login (empty: never recorded) and locked (the lock
    has not ended at `now()`) of every account, by name; never the hashes."""
    path = accounts_path(db_path)
    if not path.exists():
        return pd.DataFrame(columns=USER_COLUMNS)
    con = _connect(path)
    try:
        users = pd.read_sql_query(
            "SELECT name, role, created_at, failures, locked_until, last_login FROM users ORDER BY name", con)
    finally:
        con.close()
    current = now()
    users["locked"] = [isinstance(until, str) and bool(until) and dt.datetime.fromisoformat(until) > current
                       for until in users["locked_until"]]
    return users


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
            con.execute("UPDATE users SET failures = 0, locked_until = NULL, last_login = ? WHERE name = ?",
                        (current.isoformat(sep=" "), name))
        return LoginResult(User(name, role), "", None, wait)
    finally:
        con.close()


# --- audit ---------------------------------------------------------------------------------------------

AUDITED = ("import", "remove_file", "undo", "selection_save", "selection_delete", "user_add", "user_change",
           "user_remove", "user_locked", "user_role", "user_password", "user_unlock")


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
