"""`peta-stunting import`, `history`, `undo` and the refusing `build`, as a team runs them on the demo city."""
from __future__ import annotations

import subprocess

import duckdb

from dashboard_server import ROOT, cli_command
from store_fixture import corrected, export_of, other_kabupaten, served_copy


def run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([*cli_command(), *map(str, args)], capture_output=True, text=True, cwd=ROOT, timeout=600)


def stunting(db) -> list[tuple]:
    with duckdb.connect(str(db), read_only=True) as con:
        return con.execute("SELECT * FROM indicators WHERE indicator = 'stunting' ORDER BY ALL").fetchall()


def test_import_asks_before_replacing_then_history_and_undo(demo_build, tmp_path):
    db = served_copy(demo_build, tmp_path / "served")
    before, original = stunting(db), db.read_bytes()
    fixed = corrected(export_of(demo_build), tmp_path / "pkm_pelabuhan_revisi.csv")

    asked = run("import", "--db", db, fixed, "--user", "sari")
    assert asked.returncode == 2 and "Traceback" not in asked.stderr
    assert "puskesmas dan periode yang sama" in asked.stderr and "--replace" in asked.stderr
    assert db.read_bytes() == original

    done = run("import", "--db", db, fixed, "--replace", "--user", "sari")
    assert done.returncode == 0, done.stderr
    assert "1 berkas ditambah, 1 diganti" in done.stdout
    assert stunting(db) != before

    history = run("history", "--db", db, "--files")
    assert history.returncode == 0
    lines = history.stdout.splitlines()
    assert "sari" in lines[0] and "import +1 ~1 -0" in lines[0] and "stunting" in lines[0]
    assert "build" in lines[1]
    assert "pkm_pelabuhan_revisi.csv" in history.stdout and "Puskesmas Pelabuhan" in history.stdout

    undone = run("undo", "--db", db, "--user", "sari")
    assert undone.returncode == 0 and "dikembalikan ke build #1" in undone.stdout
    assert db.read_bytes() == original and stunting(db) == before
    assert run("history", "--db", db).stdout.splitlines()[0].split()[4:6] == ["undo", "->"]
    # the first build has nothing before it
    again = run("undo", "--db", db)
    assert again.returncode == 2 and "tidak ada build sebelumnya" in again.stderr


def test_build_with_another_kabupatens_boundaries_is_refused_unless_forced(demo_build, tmp_path):
    db = served_copy(demo_build, tmp_path / "served")
    original = db.read_bytes()
    files = demo_build.files
    wrong = other_kabupaten(demo_build, tmp_path / "kab_lain.geojson")
    args = ["build", "--boundaries", wrong, "--measurements", *files.measurements[:2], "--db", db]
    refused = run(*args)
    assert refused.returncode == 2 and "Traceback" not in refused.stderr
    assert "baris cocok dengan batas wilayah: apakah berkas batas wilayah milik kabupaten lain?" in refused.stderr
    assert "Basis data lama tetap dipakai" in refused.stderr and "--force" in refused.stderr
    assert db.read_bytes() == original
    assert not list(db.parent.glob(".kota.duckdb.pending-*")) and not list(db.parent.glob(".kota.duckdb.building-*"))
    forced = run(*args, "--force")
    assert forced.returncode == 0, forced.stderr
    assert stunting(db) == []
    assert run("undo", "--db", db).returncode == 0 and db.read_bytes() == original


def test_import_without_a_database_says_what_to_do(tmp_path):
    result = run("import", "--db", tmp_path / "baru.duckdb", tmp_path / "x.csv")
    assert result.returncode == 2 and "peta-stunting build" in result.stderr
