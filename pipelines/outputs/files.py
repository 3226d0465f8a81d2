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
    """Lokus selection workbook, CSV and HTML map (newest saved selection of the period, else default weights)."""
    from pipelines.lokus.current import current_selection
    from pipelines.outputs.lokus_html import lokus_html

    period = check_period(con, period)
    result = current_selection(con, period)
    ctx = document.context(con, period, lang, logo=logo)
    name = result.saved_name or ""
    kwargs = dict(ctx=ctx, lights=result.lights, name=name, created_at=result.saved_at or "")
    return [_write(out / f"lokus_{period}.xlsx", exports.selection_xlsx(result.selection, result.method, **kwargs)),
            _write(out / f"lokus_{period}.csv", exports.selection_csv(result.selection, result.method,
                                                                       csv_format=csv_format, **kwargs)),
            _write(out / f"lokus_{period}.html", lokus_html(con, result.selection, ctx, name=name))]


def write_publication_tables(con: duckdb.DuckDBPyConnection, period: str | None, out: Path, *, lang: str = "id",
                             csv_format: str | None = None, logo: Path | None = None) -> list[Path]:
    """The Aksi 7 tables (XLSX per desa/kelurahan and kecamatan, CSV per desa/kelurahan)."""
    period = check_period(con, period)
    ctx = document.context(con, period, lang, logo=logo)
    return [_write(out / f"publikasi_aksi7_{period}.xlsx", exports.publication_xlsx(con, period, ctx)),
            _write(out / f"publikasi_aksi7_{period}.csv", exports.publication_csv(con, period, ctx, csv_format))]


def write_publication(con: duckdb.DuckDBPyConnection, period: str | None, out: Path, *, lang: str = "id",
                      csv_format: str | None = None, logo: Path | None = None) -> list[Path]:
    """Publikasi Aksi 7: the A4 PDF, the XLSX and the CSV."""
    from pipelines.outputs import aksi7

    period = check_period(con, period)
    ctx = document.context(con, period, lang, logo=logo)
    pdf = _write(out / f"publikasi_aksi7_{period}.pdf", aksi7.aksi7_pdf(con, period, ctx))
    return [pdf, *write_publication_tables(con, period, out, lang=lang, csv_format=csv_format, logo=logo)]


def write_aksi1(con: duckdb.DuckDBPyConnection, period: str | None, out: Path, *, lang: str = "id",
                csv_format: str | None = None, logo: Path | None = None) -> list[Path]:
    """Paket Aksi 1: the editable DOCX, the XLSX and the lokus map PNG."""
    from pipelines.outputs import aksi1

    period = check_period(con, period)
    ctx = document.context(con, period, lang, logo=logo)
    return [_write(out / name, data) for name, data in aksi1.aksi1_files(con, period, ctx).items()]


def write_scorecards(con: duckdb.DuckDBPyConnection, period: str | None, out: Path, *, lang: str = "id",
                     csv_format: str | None = None, logo: Path | None = None, desa: str | None = None) -> list[Path]:
    """Scorecard Konvergensi Desa: one desa's PDF (`desa` = its code) or the ZIP of every desa."""
    from pipelines.outputs import scorecard

    period = check_period(con, period)
    ctx = document.context(con, period, lang, logo=logo)
    if desa:
        nama = con.execute("SELECT nama FROM kelurahan WHERE kode = ?", [desa]).fetchall()
        if not nama:
            raise ValueError(f"kode desa/kelurahan {desa} tidak ada di basis data")
        return [_write(out / scorecard.file_name(desa, nama[0][0], period), scorecard.scorecard_pdf(con, desa, period, ctx))]
    return [_write(out / f"scorecard_konvergensi_desa_{period}.zip", scorecard.scorecards_zip(con, period, ctx))]


def write_profile(con: duckdb.DuckDBPyConnection, period: str | None, out: Path, *, lang: str = "id",
                  csv_format: str | None = None, logo: Path | None = None, desa: str | None = None) -> list[Path]:
    """Profil desa/kelurahan PDF (default: the desa with the most stunted children in the period)."""
    from pipelines.outputs import profile_pdf

    period = check_period(con, period)
    if not desa:
        from pipelines.indicators import catalogue

        desa = con.execute("SELECT kode FROM indicators WHERE level = 'kelurahan' AND indicator = ?"
                           " AND period = ? ORDER BY numerator DESC, kode LIMIT 1",
                           [catalogue.HEADLINE, period]).fetchall()[0][0]
    ctx = document.context(con, period, lang, logo=logo)
    return [_write(out / f"profil_{desa}_{period}.pdf", profile_pdf.profile_pdf(con, desa, period, ctx))]


def write_slides(con: duckdb.DuckDBPyConnection, period: str | None, out: Path, *, lang: str = "id",
                 csv_format: str | None = None, logo: Path | None = None,
                 indicators: list[str] | None = None) -> list[Path]:
    """The panel deck: one PNG (1920 × 1080) per slide in `slides_<period>/` and one PDF."""
    from pipelines.outputs import slides

    period = check_period(con, period)
    chosen = tuple(indicators) if indicators else slides.DEFAULT_INDICATORS
    deck = slides.build_slides(con, period, lang=lang, indicators=chosen, logo=logo)
    pngs = slides.export_pngs(deck, out / f"slides_{period}")
    return [*pngs, slides.export_pdf(deck, out / f"slides_{period}.pdf")]


def write_samples(con: duckdb.DuckDBPyConnection, period: str | None, out: Path, *, lang: str = "id",
                  csv_format: str | None = None, logo: Path | None = None) -> list[Path]:
    """Every document for one period, for looking at (the README links the demo's)."""
    options = dict(lang=lang, csv_format=csv_format, logo=logo)
    period = check_period(con, period)
    written: list[Path] = []
    for writer in (write_aksi1, write_publication, write_lokus, write_scorecards, write_profile, write_slides):
        written += writer(con, period, out, **options)
    return written
