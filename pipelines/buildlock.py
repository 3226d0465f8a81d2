"""One build at a time per database file, shared by `peta-stunting build` and the browser's Impor Data page.

The lock is `flock` on `.<db name>.lock` beside the database. The kernel releases it when its holder dies
(even by `kill -9`), so a lock can never outlive its process; the file also holds who builds and since when
(JSON), so a refused build can say "sedang dibangun sejak HH:MM oleh ...". Content left in the file without
a held lock is the trace of a dead build (a *stale* lock): the next holder reports it and removes the files
that build left behind (`.<db name>.building-<pid>`, its `.wal` and its `.tmp/` spill folder). While the lock
is held no other build can be writing, so every such file is an orphan.

The lock is re-entrant within one thread (a page that holds it around a whole import may call
`build_database`, which takes it again), and exclusive between threads and processes (two browser sessions
in one Streamlit process are refused like two terminals).
"""
from __future__ import annotations

import datetime as dt
import fcntl
import getpass
import json
import os
import shutil
import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pipelines.present.glossary import text

#: seconds between two attempts while waiting for another build
POLL_SECONDS = 0.2
#: a holder that has not written its name yet (or a status probe) is retried this long before refusing
SETTLE_SECONDS = 2.0


def lock_path(db_path: Path) -> Path:
    """The lock file of a database: `data/kab.duckdb` -> `data/.kab.duckdb.lock`."""
    db_path = Path(db_path)
    return db_path.parent / f".{db_path.name}.lock"


def building_glob(db_path: Path) -> str:
    """Glob pattern (in the database's folder) of the files builds write before their swap."""
    return f".{Path(db_path).name}.building-*"


@dataclass(frozen=True)
class Holder:
    """Who holds (or held) a database's lock."""

    pid: int
    since: dt.datetime
    by: str        # what builds: "peta-stunting build", "halaman Impor Data", ...
    user: str = ""
    host: str = ""

    def words(self, lang: str = "id") -> str:
        """`peta-stunting build (pengguna budi, proses 1234)`."""
        return text("lock_holder", lang, by=self.by, user=self.user or "?", pid=self.pid)

    def to_json(self) -> str:
        return json.dumps({"pid": self.pid, "since": self.since.isoformat(timespec="seconds"), "by": self.by,
                           "user": self.user, "host": self.host})

    @classmethod
    def from_text(cls, content: str) -> "Holder | None":
        try:
            data = json.loads(content)
            return cls(int(data["pid"]), dt.datetime.fromisoformat(data["since"]), str(data.get("by", "")),
                       str(data.get("user", "")), str(data.get("host", "")))
        except (ValueError, KeyError, TypeError):
            return None


class BuildBusy(RuntimeError):
    """Another build holds this database's lock (and the caller did not wait, or waited too long)."""

    def __init__(self, db_path: Path, holder: Holder | None, lang: str = "id"):
        self.db_path = Path(db_path)
        self.holder = holder
        super().__init__(busy_message(self.db_path, holder, lang))


def busy_message(db_path: Path, holder: Holder | None, lang: str = "id") -> str:
    """One sentence: which database, since when and by whom it is being built, and what to do."""
    if holder is None:
        return text("lock_busy_unknown", lang, path=str(db_path))
    return text("lock_busy", lang, path=str(db_path), since=holder.since.strftime("%H:%M"), who=holder.words(lang))


@dataclass
class Lease:
    """A held lock: what was found and cleaned when it was taken."""

    db_path: Path
    holder: Holder
    stale: Holder | None = None                          # a dead build's lock record, found and replaced
    removed: list[Path] = field(default_factory=list)    # orphan building files / spill folders removed
    waited_seconds: float = 0.0


_held: dict[str, tuple[int, Lease]] = {}  # lock path -> (thread id, lease): re-entry by the same thread
_held_guard = threading.Lock()


def _read_holder(fd: int) -> Holder | None:
    os.lseek(fd, 0, os.SEEK_SET)
    content = os.read(fd, 4096).decode("utf-8", "replace").strip()
    return Holder.from_text(content) if content else None


def _write_holder(fd: int, holder: Holder | None) -> None:
    os.ftruncate(fd, 0)
    if holder is not None:
        os.pwrite(fd, holder.to_json().encode("utf-8"), 0)
    os.fsync(fd)


def status(db_path: Path) -> tuple[Holder | None, bool]:
    """(holder, alive) without taking the lock for long: alive=True while a build runs; a holder with
    alive=False is a stale record of a build that died. (None, False) when nothing builds and nothing is left."""
    path = lock_path(db_path)
    if not path.exists():
        return None, False
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return None, False
    try:
        holder = _read_holder(fd)
        try:
            fcntl.flock(fd, fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return holder, True
        fcntl.flock(fd, fcntl.LOCK_UN)
        return holder, False
    finally:
        os.close(fd)


def orphans(db_path: Path) -> list[Path]:
    """Building files, their WAL files and spill folders beside a database (orphans unless a build runs)."""
    db_path = Path(db_path)
    if not db_path.parent.is_dir():
        return []
    return sorted(db_path.parent.glob(building_glob(db_path)))


def _remove(paths: list[Path]) -> list[Path]:
    removed = []
    for path in paths:
        try:
            if path.is_dir():
                shutil.rmtree(path)
            else:
                path.unlink()
            removed.append(path)
        except FileNotFoundError:
            continue
    return removed


@contextmanager
def hold(db_path: Path, by: str = "peta-stunting build", wait: bool | float = False) -> Iterator[Lease]:
    """Hold the build lock of `db_path` for the block.

    `wait`: False refuses at once with BuildBusy when another build holds it; True waits as long as it takes;
    a number waits at most that many seconds. On entry, a dead build's record is reported (`Lease.stale`) and
    its building files are removed (`Lease.removed`).
    """
    db_path = Path(db_path)
    path = lock_path(db_path)
    key = str(path.resolve()) if path.parent.exists() else str(path.absolute())
    me = threading.get_ident()
    with _held_guard:
        owner = _held.get(key)
    if owner is not None and owner[0] == me:
        yield owner[1]  # re-entry by the thread that holds it
        return

    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    started = time.monotonic()
    try:
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                break
            except BlockingIOError:
                holder = _read_holder(fd)
                waited = time.monotonic() - started
                settling = holder is None and waited < SETTLE_SECONDS
                patient = wait is True or (wait and waited < float(wait))
                if not (settling or patient):
                    raise BuildBusy(db_path, holder) from None
                time.sleep(POLL_SECONDS)
        stale = _read_holder(fd)
        holder = Holder(os.getpid(), dt.datetime.now().replace(microsecond=0), by, _user(), socket.gethostname())
        _write_holder(fd, holder)
        lease = Lease(db_path, holder, stale=stale, waited_seconds=round(time.monotonic() - started, 1))
        lease.removed = _remove(orphans(db_path))
        with _held_guard:
            _held[key] = (me, lease)
        try:
            yield lease
        finally:
            with _held_guard:
                _held.pop(key, None)
            try:
                _write_holder(fd, None)
            except OSError:
                pass  # a full disk must not hide the build's own outcome; the flock still goes with the fd
    finally:
        os.close(fd)  # releases the flock


def _user() -> str:
    try:
        return getpass.getuser()
    except (KeyError, OSError):
        return ""
