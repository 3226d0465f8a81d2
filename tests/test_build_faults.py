"""Faults around the swap, with real build processes: `kill -9` at several points of a build (between steps,
just before and just after the atomic rename) and two builds started at once. The served database is always a
complete one, the newer import is never silently lost, and the next build leaves no orphan file."""
from __future__ import annotations

import os
import signal
import subprocess
from pathlib import Path

import duckdb
import pytest

from pipelines import buildlock
from pipelines.build import FAULT_ENV, BuildInputs
from pipelines.privacy import key_path_for

from test_safe_rebuild import _build_command, _digest


def _inputs(demo_build, which: int = 0) -> BuildInputs:
    files = demo_build.files
    csvs = [p for p in files.measurements if p.suffix == ".csv"]
    return BuildInputs(boundaries=files.boundaries, posyandu=files.posyandu, measurements=[csvs[which]])


@pytest.fixture()
def served_db(demo_build, tmp_path) -> Path:
    db = tmp_path / "kota.duckdb"
    db.write_bytes(demo_build.db.read_bytes())
    key_path_for(db).write_bytes(key_path_for(demo_build.db).read_bytes())
    return db


def _complete(db: Path) -> tuple[str, list[str]]:
    """(built_at, measurement files) of a database that opens and has indicators: a complete one."""
    with duckdb.connect(str(db), read_only=True) as con:
        assert con.execute("SELECT count(*) FROM indicators WHERE indicator = 'stunting'").fetchone()[0] > 0
        built = con.execute("SELECT value FROM meta WHERE key = 'built_at'").fetchone()[0]
        files = [r[0] for r in con.execute(
            "SELECT file_name FROM sources WHERE kind = 'measurement' ORDER BY file_name").fetchall()]
    return built, files


def _kill_at_step(command: list[str], step: int) -> None:
    """Start a build and kill it (SIGKILL) as soon as it announces step `step` ('[step/total] label')."""
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True)
    for line in process.stdout:
        if line.startswith(f"[{step}/"):
            process.send_signal(signal.SIGKILL)
            break
    process.wait(timeout=120)
    assert process.returncode == -signal.SIGKILL, f"the build ended before step {step}"


def test_build_killed_at_every_point_keeps_a_complete_database_and_the_next_build_cleans_up(demo_build, served_db):
    command = _build_command(_inputs(demo_build, 1), served_db)
    old_digest = _digest(served_db)
    for step in (2, 3, 5):  # posyandu, e-PPGBM import, "Menyimpan" (checkpoint and close)
        _kill_at_step(command, step)
        assert _digest(served_db) == old_digest
        _complete(served_db)
        stale, alive = buildlock.status(served_db)
        assert stale is not None and not alive  # the dead build's lock is recognised as stale
    assert buildlock.orphans(served_db), "a killed build leaves its building file"

    # killed just after the rename: the new file serves, complete
    env = dict(os.environ, **{FAULT_ENV: "after_swap"})
    run = subprocess.run(command, env=env, capture_output=True, timeout=300)
    assert run.returncode == -signal.SIGKILL
    assert _digest(served_db) != old_digest
    assert _complete(served_db)[1] == [_inputs(demo_build, 1).measurements[0].name]
    swapped_digest = _digest(served_db)

    # killed after the building file is complete, just before the rename: the served file stays as it was
    env = dict(os.environ, **{FAULT_ENV: "before_swap"})
    run = subprocess.run(command, env=env, capture_output=True, timeout=300)
    assert run.returncode == -signal.SIGKILL
    assert _digest(served_db) == swapped_digest
    _complete(served_db)
    assert buildlock.orphans(served_db), "the complete but unswapped building file is left"

    # the next build reports the dead one, removes every file the killed builds left, and serves its own
    run = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    assert "terhenti tanpa selesai" in run.stdout and "Berkas sisa pembangunan yang terhenti dihapus" in run.stdout
    assert buildlock.orphans(served_db) == []
    assert buildlock.status(served_db) == (None, False)
    _complete(served_db)


def test_two_builds_at_once_one_is_refused_by_name_never_silently_lost(demo_build, served_db):
    command = _build_command(_inputs(demo_build, 0), served_db)
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    second = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    outcomes = [(p.wait(timeout=300), p.stdout.read(), p.stderr.read()) for p in (first, second)]
    codes = sorted(code for code, _, _ in outcomes)
    assert codes == [0, 2], outcomes
    refused = next(err for code, _, err in outcomes if code == 2)
    assert "sedang dibangun sejak" in refused and "Traceback" not in refused
    done = next(out for code, out, _ in outcomes if code == 0)
    assert "Selesai" in done
    _complete(served_db)
    assert buildlock.orphans(served_db) == []


def test_a_waiting_build_runs_after_the_first_and_its_newer_import_is_served(demo_build, served_db):
    older, newer = _inputs(demo_build, 0), _inputs(demo_build, 1)
    first = subprocess.Popen(_build_command(older, served_db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    for line in first.stdout:  # the first holds the lock once it announces a step
        if line.startswith("[1/"):
            break
    second = subprocess.run(_build_command(newer, served_db) + ["--wait"], capture_output=True, text=True,
                            timeout=600)
    rest, err = first.communicate(timeout=300)
    assert first.returncode == 0, err
    assert second.returncode == 0, second.stderr
    assert "Menunggu: basis data" in second.stdout
    assert _complete(served_db)[1] == [newer.measurements[0].name]  # the later import is the one served
    assert buildlock.orphans(served_db) == []
