"""Safe rebuilds with real processes: a killed build, a failed build, a reader during a swap, two builds on one
database file, a connection held across a swap, and the dashboard's pages rerunning while a build swaps."""
from __future__ import annotations

import hashlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import duckdb

from pipelines.present.format import datetime_words
import pytest

from paths import APP

from pipelines.build import BuildInputs, build_database
from pipelines.privacy import key_path_for as key_path


def _digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _build_command(inputs: BuildInputs, db: Path) -> list[str]:
    # --force: these builds shrink the demo on purpose (one export); the refusal has its own tests (test_cli_store)
    command = [sys.executable, "-m", "pipelines.cli", "build", "--force", "--boundaries", str(inputs.boundaries),
               "--db", str(db)]
    command += ["--measurements", *map(str, inputs.measurements)]
    if inputs.posyandu:
        command += ["--posyandu", str(inputs.posyandu)]
    if inputs.sasaran:
        command += ["--sasaran", str(inputs.sasaran)]
    if inputs.services:
        command += ["--services", *map(str, inputs.services)]
    return command


@pytest.fixture()
def served_db(demo_build, tmp_path) -> Path:
    """A copy of the demo database, as a running dashboard would serve it."""
    db = tmp_path / "kota.duckdb"
    db.write_bytes(demo_build.db.read_bytes())
    key_path(db).write_bytes(key_path(demo_build.db).read_bytes())  # same key: same child ids
    return db


def test_build_killed_midway_leaves_old_database_serving(demo_build, served_db):
    before = _digest(served_db)
    process = subprocess.Popen(_build_command(demo_build.files.build_inputs(), served_db),
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 60
    building = None
    while time.time() < deadline and building is None:
        candidates = list(served_db.parent.glob(f".{served_db.name}.building-*"))
        building = candidates[0] if candidates else None
        time.sleep(0.02)
    assert building is not None, "the build never started writing its temporary file"
    time.sleep(0.3)  # well inside the import
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL
    assert _digest(served_db) == before
    with duckdb.connect(str(served_db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM indicators").fetchall()[0][0] > 0


def test_failed_build_leaves_old_database_unchanged(demo_build, served_db, tmp_path):
    before = _digest(served_db)
    broken = tmp_path / "rusak.csv"
    broken.write_text("bukan,file,eppgbm\n1,2,3\n", encoding="utf-8")
    inputs = demo_build.files.build_inputs()
    inputs.measurements = [broken]
    with pytest.raises(Exception) as info:
        build_database(inputs, served_db)
    assert "rusak.csv" in str(info.value)
    assert _digest(served_db) == before
    assert not list(served_db.parent.glob(f".{served_db.name}.building-*"))


def _small_inputs(demo_build) -> BuildInputs:
    """Boundaries, posyandu and one e-PPGBM export of the demo: a real build of a few seconds."""
    files = demo_build.files
    return BuildInputs(boundaries=files.boundaries, posyandu=files.posyandu,
                       measurements=[next(p for p in files.measurements if p.suffix == ".csv")])


READER = r"""
import os, sys, time, duckdb
path, stop_file, seconds = sys.argv[1], sys.argv[2], float(sys.argv[3])
reads = errors = 0
versions = set()
end = time.time() + seconds
stop_seen = None
# read until the test says the build is done (stop file), then one more second, or until the deadline
while time.time() < end and (stop_seen is None or time.time() < stop_seen + 1.0):
    if stop_seen is None and os.path.exists(stop_file):
        stop_seen = time.time()
    try:
        con = duckdb.connect(path, read_only=True)
        built = con.execute("SELECT value FROM meta WHERE key = 'built_at'").fetchall()[0][0]
        n = con.execute("SELECT count(*) FROM indicators WHERE indicator = 'stunting'").fetchall()[0][0]
        con.close()
        assert n > 0
        versions.add(built)
        reads += 1
    except Exception as exc:  # noqa: BLE001 - counted and reported
        errors += 1
        print("ERROR", repr(exc), file=sys.stderr)
print(reads, errors, len(versions))
"""


def test_reader_process_never_sees_a_half_built_database(demo_build, served_db, tmp_path):
    stop_file = tmp_path / "build-done"
    reader = subprocess.Popen([sys.executable, "-c", READER, str(served_db), str(stop_file), "300"],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    time.sleep(1.0)
    subprocess.run(_build_command(_small_inputs(demo_build), served_db), check=True,
                   stdout=subprocess.DEVNULL, timeout=300)
    stop_file.touch()
    out, err = reader.communicate(timeout=330)
    reads, errors, versions = map(int, out.split())
    assert errors == 0, err
    assert reads > 10
    assert versions == 2, "the reader should have seen the old database and then the new one"


def _meta_built_at(db: Path) -> str:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT value FROM meta WHERE key = 'built_at'").fetchall()[0][0]


def test_two_builds_on_one_database_file_both_finish_and_one_wins(demo_build, served_db):
    """Two build processes at once on the same file: each writes its own temp file (named by pid) and swaps;
    the file served afterwards is one complete database, and no temp file is left."""
    before = _digest(served_db)
    command = _build_command(_small_inputs(demo_build), served_db)
    first = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    second = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    for process in (first, second):
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err.decode()
    assert _digest(served_db) != before
    with duckdb.connect(str(served_db), read_only=True) as con:
        read, accepted, quarantined = con.execute(
            "SELECT sum(rows_read), sum(rows_accepted), sum(rows_quarantined) FROM sources WHERE kind = 'measurement'"
        ).fetchall()[0]
        assert read == accepted + quarantined > 0
        assert con.execute("SELECT count(*) FROM measurements").fetchall()[0][0] == accepted
        assert con.execute("SELECT count(*) FROM quarantine WHERE kind = 'measurement'").fetchall()[0][0] == quarantined
        assert con.execute("SELECT count(*) FROM indicators WHERE indicator = 'stunting'").fetchall()[0][0] > 0
    assert not list(served_db.parent.glob(f".{served_db.name}.building-*"))


HOLDER = r"""
import sys, time, duckdb
path = sys.argv[1]
con = duckdb.connect(path, read_only=True)
first = con.execute("SELECT value FROM meta WHERE key = 'built_at'").fetchall()[0][0]
print("open", flush=True)
sys.stdin.readline()  # the build swaps a new file in meanwhile
again = con.execute("SELECT value FROM meta WHERE key = 'built_at'").fetchall()[0][0]
n = con.execute("SELECT count(*) FROM indicators").fetchall()[0][0]
con.close()
fresh = duckdb.connect(path, read_only=True)
new = fresh.execute("SELECT value FROM meta WHERE key = 'built_at'").fetchall()[0][0]
print(first == again, n > 0, new != first, flush=True)
"""


def test_open_connection_keeps_reading_the_old_file_through_a_swap(demo_build, served_db):
    """A reader process holding a connection across the swap keeps its (old) file; a new connection gets the new."""
    holder = subprocess.Popen([sys.executable, "-c", HOLDER, str(served_db)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    assert holder.stdout.readline().strip() == "open"
    time.sleep(1.1)  # built_at has one-second resolution
    subprocess.run(_build_command(_small_inputs(demo_build), served_db), check=True,
                   stdout=subprocess.DEVNULL, timeout=300)
    out, err = holder.communicate("go\n", timeout=60)
    assert out.split() == ["True", "True", "True"], err


def test_dashboard_pages_run_while_a_build_swaps_and_pick_up_the_new_file(demo_build, served_db, monkeypatch):
    """The dashboard's own code (AppTest on the map page) reruns again and again while a build process swaps the
    file: no run fails, and the page shows the new database afterwards without a restart."""
    from streamlit.testing.v1 import AppTest

    from dashboard import data

    app = str(APP)
    monkeypatch.setenv("PETA_STUNTING_DB", str(served_db))
    old_version = data.db_version()
    old_built = _meta_built_at(served_db)
    at = AppTest.from_file(app, default_timeout=120)
    at.run()
    assert not at.exception, at.exception
    time.sleep(1.1)
    build = subprocess.Popen(_build_command(_small_inputs(demo_build), served_db),
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    runs = 0
    deadline = time.time() + 300
    while build.poll() is None and time.time() < deadline:
        at.run()
        assert not at.exception, at.exception
        assert at.get("deck_gl_json_chart"), "the map must render during the rebuild"
        runs += 1
    _, err = build.communicate(timeout=60)
    assert build.returncode == 0, err.decode()
    assert runs >= 2
    assert data.db_version() != old_version and _meta_built_at(served_db) != old_built
    at.run()
    assert not at.exception, at.exception
    with duckdb.connect(str(served_db), read_only=True) as con:
        imported = datetime_words(str(con.execute("SELECT max(imported_at) FROM sources").fetchall()[0][0]))
    assert any(imported in c.value for c in at.caption), "the page should show the new build's import time"
