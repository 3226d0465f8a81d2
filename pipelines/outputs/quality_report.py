"""Laporan kualitas data (Aksi 6, sistem manajemen data) as a Word document, per kabupaten/kota or per puskesmas.

Choice: DOCX (python-docx), not PDF: the TPPS pastes its tables into the Aksi 6 report (Tabel 6.4) and edits
the "what to do" lines for its own kader; a DOCX opens in Word and LibreOffice and its tables stay tables.

Contents: title (area, period), a summary, the standard and threshold of every check, the area's TEAM and SMART
figures with their thresholds, the puskesmas grades, the posyandu grades worst first with their reasons, what to
do for each problem found, and two charts (last digit of height and weight; SD of HAZ per posyandu against the
DHS range). Only aggregates: no child, no name, no NIK.

    peta-stunting export kualitas --db data/kab.duckdb --period 2025-08 laporan.docx
    peta-stunting export kualitas --db data/kab.duckdb --period 2025-08 --puskesmas "Puskesmas Karangrejo" pkm.docx
    peta-stunting export kualitas --db data/kab.duckdb --period 2025-08 --per-puskesmas laporan/
"""
from __future__ import annotations

import datetime as dt
import io
import re
from pathlib import Path

import duckdb
import pandas as pd

from pipelines import readmodel
from pipelines.present import format as fmt
from pipelines.present.glossary import text
from pipelines.quality import words
from pipelines.quality.standards import GRADE_MIN_N, SMART_MIN_N

CHART_DPI = 150


class ReportError(ValueError):
    """A report that cannot be made (no quality tables, unknown period or puskesmas): the message says why."""


def _has(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = ?", [table]).fetchone()[0] > 0


def _posyandu_grades(con, period: str, puskesmas: str | None) -> pd.DataFrame:
    pkm = "p.puskesmas" if "puskesmas" in {r[0] for r in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = 'posyandu'").fetchall()} else "NULL::VARCHAR"
    # a build without a posyandu list has no posyandu table: an empty stand-in keeps the query whole
    posyandu = "posyandu" if _has(con, "posyandu") else (
        "(SELECT NULL::VARCHAR AS posyandu_id, NULL::VARCHAR AS nama, NULL::VARCHAR AS kode WHERE false)")
    frame = con.execute(
        f"""
        SELECT g.unit, coalesce(p.nama, g.unit) AS nama, k.nama AS kelurahan, {pkm} AS puskesmas, g.grade,
               g.severity, g.children, g.reasons, g.smart_score, c.sd_haz, c.dps_height
        FROM quality_grades g
        JOIN quality_checks c USING (level, unit, period)
        LEFT JOIN {posyandu} p ON p.posyandu_id = g.unit
        LEFT JOIN kelurahan k ON k.kode = p.kode
        WHERE g.level = 'posyandu' AND g.period = ?
        ORDER BY g.severity DESC, len(g.reasons) DESC, g.children DESC, g.unit
        """, [period]).df()
    if puskesmas is not None:
        # posyandu of the puskesmas; without a Puskesmas column, those whose rows came from its export file
        if frame["puskesmas"].notna().any():
            frame = frame[frame["puskesmas"] == puskesmas]
        else:
            units = {r[0] for r in con.execute(
                "SELECT DISTINCT posyandu_id FROM measurements WHERE source_file = ? AND period = ?",
                [puskesmas, period]).fetchall()}
            frame = frame[frame["unit"].isin(units)]
    return frame


def _checks_row(con, level: str, unit: str, period: str) -> pd.Series | None:
    frame = con.execute("SELECT * FROM quality_checks WHERE level = ? AND unit = ? AND period = ?",
                        [level, unit, period]).df()
    return None if frame.empty else frame.iloc[0]


def _figures(row: pd.Series, lang: str, ranges: dict[str, tuple[float, float]]) -> list[tuple[str, str, str]]:
    """(check, value, threshold) rows of the area's TEAM and SMART figures."""
    n = lambda v, d=2: fmt.number(v, d, lang)  # noqa: E731
    p = lambda v: fmt.percent(v, 1, lang)  # noqa: E731
    rows = [
        (text("col_children", lang), fmt.number(row["children"], 0, lang), "–"),
        (text("qcol_complete_height", lang), p(row["complete_height"]), "100 %"),
        (text("qcol_sex_ratio", lang), f"{n(row['sex_ratio'])} (p = {n(row['sex_p'], 3)})", "p > 0,1" if lang == "id" else "p > 0.1"),
        (text("qcol_age_ratio", lang), f"{n(row['age_ratio'])} (p = {n(row['age_p'], 3)})", n(0.85)),
        (text("qcol_dps_height", lang), n(row["dps_height"], 1), "< 8 · ≥ 20"),
        (text("qcol_dps_weight", lang), n(row["dps_weight"], 1), "< 8 · ≥ 20"),
        (text("qcol_flagged", lang), p(max(row["flagged_haz"] or 0, row["flagged_waz"] or 0, row["flagged_whz"] or 0)),
         "< 1 %"),
    ]
    for z, key in (("haz", "qcol_sd_haz"), ("waz", "qcol_sd_waz"), ("whz", "qcol_sd_whz")):
        lo, hi = ranges[z]
        rows.append((text(key, lang), n(row[f"sd_{z}"]), f"{n(lo)}–{n(hi)}"))
    rows += [
        (text("qcol_skew_haz", lang), n(row["skew_haz"]), "|skew| ≤ 0,5" if lang == "id" else "|skew| ≤ 0.5"),
        (text("qcol_kurt_haz", lang), n(row["kurt_haz"]), "2–4"),
        (text("qcol_wrong_position", lang), p(row["wrong_position"]), "< 20 %"),
        (text("qcol_zeros", lang), p(row["zeros"]), "< 1 %"),
        (text("qcol_smart", lang),
         fmt.DASH if pd.isna(row["smart_score"]) else
         f"{fmt.number(row['smart_score'], 0, lang)} ({words.smart_text(row['smart_grade'], lang)})",
         f"0–9 · ≥ 25 (n ≥ {SMART_MIN_N})"),
    ]
    return rows


def _digits_chart(row: pd.Series, lang: str) -> bytes:
    from matplotlib.figure import Figure

    fig = Figure(figsize=(6.0, 2.6), dpi=CHART_DPI)
    ax = fig.add_subplot(1, 1, 1)
    digits = list(range(10))
    h = [row[f"height_d{d}"] for d in digits]
    w = [row[f"weight_d{d}"] for d in digits]
    ax.bar([d - 0.2 for d in digits], h, width=0.4, label=text("height", lang), color="#2c7fb8")
    ax.bar([d + 0.2 for d in digits], w, width=0.4, label=text("weight", lang), color="#fdae61")
    ax.axhline(row["height_n"] / 10, color="#444444", linewidth=0.8, linestyle=":")
    ax.set_xticks(digits)
    ax.set_xlabel(text("digit", lang))
    ax.set_title(text("digits_title", lang), fontsize=10)
    ax.legend(fontsize=8, frameon=False)
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    return buf.getvalue()


def _sd_chart(posyandu: pd.DataFrame, lang: str, haz_range: tuple[float, float]) -> bytes | None:
    from matplotlib.figure import Figure

    shown = posyandu[posyandu["children"] >= GRADE_MIN_N].dropna(subset=["sd_haz"]).sort_values("sd_haz")
    if shown.empty:
        return None
    fig = Figure(figsize=(6.0, 2.6), dpi=CHART_DPI)
    ax = fig.add_subplot(1, 1, 1)
    lo, hi = haz_range
    ax.axhspan(lo, hi, color="#d9f0d3", zorder=0)
    colours = [("#ca0020" if g == "bermasalah" else "#4d4d4d") for g in shown["grade"]]
    ax.bar(range(len(shown)), shown["sd_haz"], color=colours, width=0.8)
    ax.set_xticks([])
    ax.set_ylabel(text("qcol_sd_haz", lang))
    ax.set_xlabel(text("qlevel_posyandu", lang))
    for spine in ("top", "right"):
        ax.spines[spine].set_visible(False)
    buf = io.BytesIO()
    fig.savefig(buf, format="png", bbox_inches="tight")
    return buf.getvalue()


def _table(doc, header: list[str], rows: list[list[str]]) -> None:
    table = doc.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    for cell, label in zip(table.rows[0].cells, header):
        cell.text = label
        for run in cell.paragraphs[0].runs:
            run.bold = True
    for values in rows:
        cells = table.add_row().cells
        for cell, value in zip(cells, values):
            cell.text = str(value)


def write_quality_report(con: duckdb.DuckDBPyConnection, out: Path, period: str, puskesmas: str | None = None,
                         lang: str = "id", db_name: str = "") -> Path:
    """Write the report of the kabupaten/kota (or of one puskesmas) for `period` to `out` (.docx)."""
    from docx import Document
    from docx.shared import Cm

    if not (_has(con, "quality_grades") and _has(con, "quality_checks")):
        raise ReportError("Basis data belum punya tabel kualitas data: bangun ulang dengan peta-stunting build "
                          "(the database has no quality tables: rebuild it)")
    periods = [r[0] for r in con.execute("SELECT DISTINCT period FROM quality_checks ORDER BY 1").fetchall()]
    if period not in periods:
        raise ReportError(f"Periode {period} tidak ada; tersedia: {', '.join(periods) or '-'} "
                          f"(period not in the database)")
    kab = con.execute("SELECT kode, nama FROM kabupaten ORDER BY kode LIMIT 1").fetchone() if _has(con, "kabupaten") else None
    if puskesmas is not None:
        known = [r[0] for r in con.execute(
            "SELECT DISTINCT unit FROM quality_checks WHERE level = 'puskesmas' ORDER BY 1").fetchall()]
        if puskesmas not in known:
            raise ReportError(f"Puskesmas '{puskesmas}' tidak dikenal; pilih salah satu: {', '.join(known)} "
                              f"(unknown puskesmas)")
        level, unit, area = "puskesmas", puskesmas, puskesmas
    else:
        row = con.execute("SELECT unit FROM quality_checks WHERE level = 'kabupaten' AND period = ? ORDER BY unit"
                          " LIMIT 1", [period]).fetchone()
        level, unit = "kabupaten", (row[0] if row else (kab[0] if kab else ""))
        area = kab[1] if kab else unit
    figures = _checks_row(con, level, unit, period)
    ranges = readmodel.sd_expected(con)
    posyandu = _posyandu_grades(con, period, puskesmas)
    pkm = con.execute("SELECT unit, grade, children, reasons, smart_score, smart_grade FROM quality_grades"
                      " WHERE level = 'puskesmas' AND period = ? AND (? IS NULL OR unit = ?)"
                      " ORDER BY severity DESC, unit", [period, puskesmas, puskesmas]).df()

    doc = Document()
    for section in doc.sections:
        section.left_margin = section.right_margin = Cm(2)
    period_text = fmt.period_words(period, lang)
    doc.add_heading(text("qreport_title", lang), level=0)
    doc.add_paragraph(text("qreport_subtitle", lang, area=area, period=period_text))
    doc.add_heading(text("qreport_summary", lang), level=1)
    if figures is None:
        doc.add_paragraph(text("qreport_no_data", lang, area=area, period=period_text))
    else:
        doc.add_paragraph(text(
            "qreport_summary_text", lang, children=fmt.number(figures["children"], 0, lang),
            bad_pos=fmt.number((posyandu["grade"] == "bermasalah").sum(), 0, lang),
            n_pos=fmt.number(len(posyandu), 0, lang),
            bad_pkm=fmt.number((pkm["grade"] == "bermasalah").sum(), 0, lang), n_pkm=fmt.number(len(pkm), 0, lang)))

    doc.add_heading(text("qreport_standards", lang), level=1)
    for key in ("qstd_completeness", "qstd_sex_ratio", "qstd_age_ratio", "qstd_digits", "qstd_flags", "qstd_sd",
                "qstd_shape", "qstd_smart", "qstd_routine", "qstd_grade"):
        doc.add_paragraph(text(key, lang, n=SMART_MIN_N if key == "qstd_smart" else GRADE_MIN_N,
                               ranges=words.ranges_text(ranges, lang)), style="List Bullet")

    if figures is not None:
        doc.add_heading(text("qreport_checks", lang), level=1)
        _table(doc, [text("qreport_check", lang), text("qreport_value", lang), text("qreport_threshold", lang)],
               [list(r) for r in _figures(figures, lang, ranges)])

    doc.add_heading(text("qreport_pkm_grades", lang), level=1)
    _table(doc, [text("qcol_puskesmas", lang), text("qcol_grade", lang), text("col_children", lang),
                 text("qcol_reasons", lang), text("qcol_smart", lang)],
           [[r.unit, words.grade_text(r.grade, lang), fmt.number(r.children, 0, lang),
             words.reasons_text(r.reasons, lang) or fmt.DASH,
             fmt.DASH if pd.isna(r.smart_score) else fmt.number(r.smart_score, 0, lang)]
            for r in pkm.itertuples()])

    doc.add_heading(text("qreport_grades", lang), level=1)
    _table(doc, [text("qlevel_posyandu", lang), text("kelurahan", lang), text("qcol_grade", lang),
                 text("col_children", lang), text("qcol_reasons", lang)],
           [[r.nama, r.kelurahan or fmt.DASH, words.grade_text(r.grade, lang), fmt.number(r.children, 0, lang),
             words.reasons_text(r.reasons, lang) or fmt.DASH] for r in posyandu.itertuples()])

    doc.add_heading(text("qreport_todo", lang), level=1)
    found: dict[str, set[str]] = {}
    for frame in (pkm, posyandu):
        for name, reasons in zip(frame["unit"] if "nama" not in frame else frame["nama"], frame["reasons"]):
            for reason in reasons:
                found.setdefault(reason["code"], set()).add(str(name))
    if not found:
        doc.add_paragraph(text("qreport_none_problem", lang))
    for code, names in sorted(found.items()):
        para = doc.add_paragraph(style="List Bullet")
        para.add_run(text(f"qname_{code}", lang) + ": ").bold = True
        para.add_run(words.todo_text(code, lang) + f" ({', '.join(sorted(names)[:8])}{' …' if len(names) > 8 else ''})")

    doc.add_heading(text("qreport_charts", lang), level=1)
    if figures is not None:
        doc.add_picture(io.BytesIO(_digits_chart(figures, lang)), width=Cm(15))
    sd_png = _sd_chart(posyandu, lang, ranges["haz"])
    if sd_png:
        doc.add_picture(io.BytesIO(sd_png), width=Cm(15))
    doc.add_paragraph(text("qreport_footer", lang, db=db_name or "-", date=fmt.date_words(dt.date.today(), lang)))
    out = Path(out)
    out.parent.mkdir(parents=True, exist_ok=True)
    doc.save(str(out))
    return out


def _slug(name: str) -> str:
    return re.sub(r"[^a-z0-9]+", "_", name.lower()).strip("_") or "puskesmas"


def write_quality_reports(db: Path, out: Path, period: str, puskesmas: str | None = None,
                          per_puskesmas: bool = False, lang: str = "id") -> list[Path]:
    """The command's work: one report to `out`, or with `per_puskesmas` the kabupaten/kota's and one per
    puskesmas into the folder `out`. Returns the files written."""
    db = Path(db)
    if not db.is_file():
        raise ReportError(f"Basis data {db} tidak ada (database not found)")
    with duckdb.connect(str(db), read_only=True) as con:
        if not per_puskesmas:
            return [write_quality_report(con, out, period, puskesmas, lang, db.name)]
        out = Path(out)
        written = [write_quality_report(con, out / f"kualitas_data_{period}.docx", period, None, lang, db.name)]
        units = [r[0] for r in con.execute("SELECT DISTINCT unit FROM quality_checks WHERE level = 'puskesmas'"
                                           " AND period = ? ORDER BY 1", [period]).fetchall()]
        for unit in units:
            written.append(write_quality_report(con, out / f"kualitas_data_{period}_{_slug(unit)}.docx", period, unit,
                                                lang, db.name))
        return written
