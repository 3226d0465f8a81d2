"""Read-only access to the database the dashboard shows.

The dashboard never writes. Each script run opens the file read-only; a rebuild swaps in a new file
atomically, so a run sees either the old database or the new one, never a half-built one. Query
results are cached per file version (inode, mtime, size), so a swapped-in file is picked up at the
next rerun without a restart.
"""
from __future__ import annotations

import os
from contextlib import contextmanager
from pathlib import Path

import duckdb
import pandas as pd
import streamlit as st

DB_ENV = "PETA_STUNTING_DB"


def db_path() -> Path:
    """The database file: $PETA_STUNTING_DB, else data/demo.duckdb."""
    return Path(os.environ.get(DB_ENV, "data/demo.duckdb"))


def db_version() -> str | None:
    """Identity of the file now at `db_path()`, or None when there is none."""
    try:
        info = os.stat(db_path())
    except FileNotFoundError:
        return None
    return f"{info.st_ino}-{info.st_mtime_ns}-{info.st_size}"


@contextmanager
def connect():
    con = duckdb.connect(str(db_path()), read_only=True)
    try:
        yield con
    finally:
        con.close()


@st.cache_data(max_entries=256, show_spinner=False)
def _query(version: str, sql: str, params: tuple) -> pd.DataFrame:
    with connect() as con:
        return con.execute(sql, list(params)).df()


def query(sql: str, *params) -> pd.DataFrame:
    """Run a read-only query on the current database version (cached per version)."""
    return _query(db_version() or "", sql, tuple(params))


# --- named queries -------------------------------------------------------------------------------

def periods() -> list[str]:
    """Periods (YYYY-MM) that have indicators, newest first."""
    return query("SELECT DISTINCT period FROM indicators ORDER BY period DESC")["period"].tolist()


def indicator_names() -> list[str]:
    return query("SELECT DISTINCT indicator FROM indicators ORDER BY indicator")["indicator"].tolist()


def kecamatan_list() -> pd.DataFrame:
    return query("SELECT kode, nama FROM kecamatan ORDER BY nama")


def kelurahan_indicator(indicator: str, period: str) -> pd.DataFrame:
    """Every kelurahan with its value for one indicator and period (NULL value where not measured)."""
    return query(
        """
        SELECT k.kode, k.nama, k.kecamatan_kode, k.kecamatan_nama, k.geojson,
               i.numerator, i.denominator, i.value, i.ci_low, i.ci_high
        FROM kelurahan k
        LEFT JOIN indicators i
          ON i.kode = k.kode AND i.level = 'kelurahan' AND i.indicator = ? AND i.period = ?
        ORDER BY k.kode
        """,
        indicator,
        period,
    )


def sources() -> pd.DataFrame:
    return query("SELECT file_name, kind, imported_at FROM sources ORDER BY kind, file_name")


def meta() -> dict[str, str]:
    return dict(query("SELECT key, value FROM meta").itertuples(index=False, name=None))
