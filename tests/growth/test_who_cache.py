"""The `zscore` command's prepared WHO database, kept between runs (pipelines.growth.who_cache): built once,
opened read-only, rebuilt when anything it is made of changes, and never the cause of a different result or a
failed run."""
from __future__ import annotations

import os
import shutil
import subprocess
import sys

import duckdb
import pytest

from pipelines.growth import who_cache
from pipelines.growth.zscore_file import zscore_file

CHILDREN = ("id,sex,birth_date,measure_date,weight_kg,height_cm,measured,catatan\n"
            "1,1,2020-01-01,2020-07-01,7.5,66.0,L,\"RT 1, RW 2\"\n"
            "2,P,01/03/2019,2021-03-01,0,85.2,H,\n"
            "3,X,2020-01-01,2020-07-01,7.5,66.0,L,tidak terbaca\n")


def _zscores(tmp_path, name: str) -> bytes:
    src = tmp_path / "anak.csv"
    src.write_text(CHILDREN, encoding="utf-8")
    zscore_file(src, tmp_path / name)
    return (tmp_path / name).read_bytes()


def _cached(folder):
    return sorted(p.name for p in folder.iterdir())


def test_built_once_then_reused_with_the_same_result(tmp_path, monkeypatch):
    monkeypatch.setenv(who_cache.CACHE_ENV, "")
    without = _zscores(tmp_path, "tanpa.csv")
    folder = tmp_path / "cache"
    monkeypatch.setenv(who_cache.CACHE_ENV, str(folder))
    assert _zscores(tmp_path, "pertama.csv") == without
    (built,) = folder.iterdir()
    assert built.name.startswith("who-") and built.suffix == ".duckdb"
    stamp = built.stat().st_mtime_ns
    assert _zscores(tmp_path, "kedua.csv") == without
    assert _cached(folder) == [built.name] and built.stat().st_mtime_ns == stamp  # opened, not rebuilt


def test_a_changed_source_gives_a_new_file(tmp_path, monkeypatch):
    sql = tmp_path / "sql"
    shutil.copytree(who_cache.SQL_DIR, sql)
    before = who_cache._key(("zscore_file_macros",))
    monkeypatch.setattr(who_cache, "SQL_DIR", sql)
    assert who_cache._key(("zscore_file_macros",)) == before
    zscores = sql / "growth" / "zscores.sql"
    zscores.write_text(zscores.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert who_cache._key(("zscore_file_macros",)) != before
    assert who_cache._key(()) != who_cache._key(("zscore_file_macros",))


def test_older_files_are_removed_when_a_new_one_is_built(tmp_path, monkeypatch):
    folder = tmp_path / "cache"
    folder.mkdir()
    (folder / "who-0123456789abcdef0123.duckdb").write_bytes(b"made by an older version")
    monkeypatch.setenv(who_cache.CACHE_ENV, str(folder))
    _zscores(tmp_path, "hasil.csv")
    assert len(_cached(folder)) == 1 and "who-0123456789abcdef0123.duckdb" not in _cached(folder)


@pytest.mark.parametrize("kept", [0.0, 0.01, 0.34, 0.67, 0.95])
def test_a_damaged_file_gives_the_same_result_and_is_built_again(tmp_path, monkeypatch, kept):
    monkeypatch.setenv(who_cache.CACHE_ENV, "")
    expected = _zscores(tmp_path, "tanpa.csv")
    folder = tmp_path / "cache"
    monkeypatch.setenv(who_cache.CACHE_ENV, str(folder))
    _zscores(tmp_path, "pertama.csv")
    (built,) = folder.iterdir()
    good = built.read_bytes()
    built.write_bytes(good[: int(len(good) * kept)])  # cut short, as by a full disk
    assert _zscores(tmp_path, "rusak.csv") == expected
    if built.exists():  # what is left of it still holds every list the command reads
        with duckdb.connect(str(built), read_only=True) as con:
            assert con.execute("SELECT len(h_m), len(f_s) FROM who_lms_lists").fetchone() == (3654, 2408)
    # removed otherwise; built again by the next run
    assert _zscores(tmp_path, "lagi.csv") == expected
    assert built.is_file()


def test_a_folder_that_cannot_be_made_is_no_cache(tmp_path, monkeypatch):
    blocker = tmp_path / "berkas"
    blocker.write_text("a file where the cache folder would be", encoding="utf-8")
    monkeypatch.setenv(who_cache.CACHE_ENV, "")
    expected = _zscores(tmp_path, "tanpa.csv")
    monkeypatch.setenv(who_cache.CACHE_ENV, str(blocker / "cache"))
    assert _zscores(tmp_path, "hasil.csv") == expected


def test_runs_started_at_once_each_get_the_right_result(tmp_path, monkeypatch):
    src = tmp_path / "anak.csv"
    src.write_text(CHILDREN, encoding="utf-8")
    monkeypatch.setenv(who_cache.CACHE_ENV, "")
    expected = _zscores(tmp_path, "tanpa.csv")
    env = dict(os.environ, **{who_cache.CACHE_ENV: str(tmp_path / "cache")})
    runs = [subprocess.Popen([sys.executable, "-m", "pipelines.cli", "zscore", str(src), str(tmp_path / f"hasil{i}.csv")],
                             env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for i in range(3)]
    for run in runs:
        assert run.wait(timeout=120) == 0, run.stderr.read().decode()
    assert [(tmp_path / f"hasil{i}.csv").read_bytes() for i in range(3)] == [expected] * 3
    assert len(_cached(tmp_path / "cache")) == 1  # one file, no temporary one left behind
