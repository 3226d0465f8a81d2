"""The build lock with real processes: a second build is refused naming the first (or waits), a lock left by a
killed process is recognised as stale, and the files a killed build left behind are removed by the next."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from pathlib import Path

import pytest

from pipelines import buildlock

HOLDER = r"""
import sys
from pathlib import Path
from pipelines import buildlock
db = Path(sys.argv[1])
with buildlock.hold(db, by="peta-stunting build"):
    # what a build writes before its swap: the file, its WAL and its spill folder
    (db.parent / f".{db.name}.building-{__import__('os').getpid()}").write_bytes(b"half")
    (db.parent / f".{db.name}.building-{__import__('os').getpid()}.wal").write_bytes(b"wal")
    (db.parent / f".{db.name}.building-{__import__('os').getpid()}.tmp").mkdir()
    print("held", flush=True)
    sys.stdin.readline()
print("released", flush=True)
"""


def _start_holder(db: Path) -> subprocess.Popen:
    process = subprocess.Popen([sys.executable, "-c", HOLDER, str(db)], stdin=subprocess.PIPE,
                               stdout=subprocess.PIPE, text=True)
    assert process.stdout.readline().strip() == "held"
    return process


def test_second_build_is_refused_naming_who_builds_since_when(tmp_path):
    db = tmp_path / "kab.duckdb"
    holder = _start_holder(db)
    try:
        with pytest.raises(buildlock.BuildBusy) as info:
            with buildlock.hold(db):
                pass
        message = str(info.value)
        since = info.value.holder.since.strftime("%H:%M")
        assert f"sedang dibangun sejak {since} oleh peta-stunting build" in message
        assert f"proses {holder.pid}" in message and str(db) in message and "--wait" in message
        current, alive = buildlock.status(db)
        assert alive and current.pid == holder.pid
    finally:
        holder.communicate("\n", timeout=30)
    assert buildlock.status(db) == (None, False)  # released cleanly: nothing stale


def test_waiting_build_runs_after_the_first_one_ends(tmp_path):
    db = tmp_path / "kab.duckdb"
    holder = _start_holder(db)

    def finish_first():
        holder.stdin.write("\n")
        holder.stdin.flush()

    threading.Timer(0.5, finish_first).start()
    with buildlock.hold(db, wait=True) as lease:
        assert holder.wait(timeout=60) == 0  # the first build had finished when the second got the lock
        assert lease.stale is None
    with pytest.raises(buildlock.BuildBusy):
        holder = _start_holder(db)
        try:
            with buildlock.hold(db, wait=0.5):  # a bounded wait gives up with the same message
                pass
        finally:
            holder.communicate("\n", timeout=30)


def test_killed_holder_leaves_a_stale_lock_that_the_next_build_reports_and_cleans(tmp_path):
    db = tmp_path / "kab.duckdb"
    holder = _start_holder(db)
    left = buildlock.orphans(db)
    assert len(left) == 3
    holder.send_signal(signal.SIGKILL)
    holder.wait(timeout=30)
    stale, alive = buildlock.status(db)
    assert stale.pid == holder.pid and not alive  # recognised as dead, not as a running build
    with buildlock.hold(db) as lease:
        assert lease.stale.pid == holder.pid
        assert sorted(lease.removed) == left
        assert buildlock.orphans(db) == []
    assert buildlock.status(db) == (None, False)


def test_lock_is_reentrant_in_one_thread_and_exclusive_between_threads(tmp_path):
    db = tmp_path / "kab.duckdb"
    refused = []

    def other_session():
        try:
            with buildlock.hold(db, by="halaman Impor Data"):
                pass
        except buildlock.BuildBusy as exc:
            refused.append(exc.holder.by)

    with buildlock.hold(db, by="halaman Impor Data") as outer:
        with buildlock.hold(db) as inner:  # build_database inside the page's own lock
            assert inner is outer
        thread = threading.Thread(target=other_session)
        thread.start()
        thread.join()
    assert refused == ["halaman Impor Data"]


def test_cli_build_refused_while_another_runs_prints_one_sentence(tmp_path):
    db = tmp_path / "kab.duckdb"
    holder = _start_holder(db)
    try:
        run = subprocess.run([sys.executable, "-m", "pipelines.cli", "build", "--boundaries", str(tmp_path / "x.geojson"),
                              "--db", str(db)], capture_output=True, text=True, timeout=120)
    finally:
        holder.communicate("\n", timeout=30)
    assert run.returncode == 2
    assert "Traceback" not in run.stderr
    assert run.stderr.startswith("Gagal: Basis data") and "sedang dibangun sejak" in run.stderr
    assert len(run.stderr.strip().splitlines()) == 1
    assert os.path.exists(buildlock.lock_path(db))
