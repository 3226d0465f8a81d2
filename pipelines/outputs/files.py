"""Write each document to files: what `peta-stunting export <document>` runs (and `export samples`, all of them).

Every writer takes an open (read-only) DuckDB connection, the period (`YYYY-MM`; None = the newest with
stunting data), an output folder, the language, the CSV format and an optional logo, and returns the paths
it wrote. File names carry the document and the period (`lokus_2025-08.xlsx`).
"""
from __future__ import annotations

from pathlib import Path

import duckdb

from pipelines.outputs import document, exports


def newest_period(con: duckdb.DuckDBPyConnection) -> str:
    from pipelines.lokus.ranking import query_periods

    periods = query_periods(con)
    if not periods:
        raise ValueError("basis data belum berisi indikator stunting; jalankan 'peta-stunting build' dulu")
    return periods[0]


def check_period(con: duckdb.DuckDBPyConnection, period: str | None) -> str:
    """`period` when the database has it, else the newest; a clear error for an unknown one."""
    from pipelines.lokus.ranking import query_periods

    if period is None:
        return newest_period(con)
    periods = query_periods(con)
    if period not in periods:
        raise ValueError(f"periode {period} tidak ada di basis data (ada: {', '.join(sorted(periods)) or 'tidak ada'})")
    return period


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def write_lokus(con: duckdb.DuckDBPyConnection, period: str | None, out: Path, *, lang: str = "id",
                csv_format: str | None = None, logo: Path | None = None) -> list[Path]:
    """Lokus selection workbook and CSV (newest saved selection of the period, else default weights)."""
    from pipelines.lokus.current import current_selection

    period = check_period(con, period)
    result = current_selection(con, period)
    ctx = document.context(con, period, lang, logo=logo)
    name = result.saved_name or ""
    kwargs = dict(ctx=ctx, lights=result.lights, name=name, created_at=result.saved_at or "")
    return [_write(out / f"lokus_{period}.xlsx", exports.selection_xlsx(result.selection, result.method, **kwargs)),
            _write(out / f"lokus_{period}.csv", exports.selection_csv(result.selection, result.method,
                                                                       csv_format=csv_format, **kwargs))]


def write_publication_tables(con: duckdb.DuckDBPyConnection, period: str | None, out: Path, *, lang: str = "id",
                             csv_format: str | None = None, logo: Path | None = None) -> list[Path]:
    """The Aksi 7 tables (XLSX per desa/kelurahan and kecamatan, CSV per desa/kelurahan)."""
    period = check_period(con, period)
    ctx = document.context(con, period, lang, logo=logo)
    return [_write(out / f"publikasi_aksi7_{period}.xlsx", exports.publication_xlsx(con, period, ctx)),
            _write(out / f"publikasi_aksi7_{period}.csv", exports.publication_csv(con, period, ctx, csv_format))]
