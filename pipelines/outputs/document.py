"""What every document shares: the title block (kabupaten/kota, period in words, source in words, build date,
method), report-ready tables (XLSX with Indonesian headers, percent number formats, frozen header, widths;
CSV in the reader's locale), and the small helpers the PDF/DOCX writers use (logo, Wilson interval).

A table is a `Table`: a frame plus one `Col` per column saying its header (words for users, never a column
name) and its kind:
- `text`, `int` (whole numbers, '#,##0'), `num1` / `num2` / `num3` (decimals);
- `pct`: a share 0..1 stored as the number and shown with Excel's percent format with one decimal ('0.0%'),
  so '0,397' reads '39,7%' in an Indonesian Excel and stays a number to compute with; in CSV the share is
  written as a percent number (39,7) and the header says '(%)';
- `pp`: a difference of shares, written as percentage points (+3,1);
- `bool`: 'Ya' / 'Tidak' ('Yes' / 'No').
Text cells are neutralised against spreadsheet formulas (`neutralise`) and written
as strings; XLSX never holds a formula.
"""
from __future__ import annotations

import csv
import datetime as dt
import io
import math
from dataclasses import dataclass, field
from pathlib import Path
from typing import Sequence

import duckdb
import numpy as np
import pandas as pd

from pipelines.present import format as fmt
from pipelines.present.glossary import text
from pipelines.settings import Settings

KINDS = ("text", "int", "num1", "num2", "num3", "pct", "pp", "bool")
XLSX_FORMATS = {"int": "#,##0", "num1": "0.0", "num2": "0.00", "num3": "0.000", "pct": "0.0%",
                "pp": "+0.0;-0.0;0.0"}
HEADER_FILL = "DDE4EE"
TITLE_ROWS_MAX = 12
LIGHT_FILLS = {"red": "F4A6A6", "yellow": "FBE08A", "green": "A8D5A2"}   # traffic light, as Pemilihan Lokus
Z95 = 1.959963984540054


@dataclass(frozen=True)
class Col:
    """One column of a report table: `key` in the frame, `header` (words), `kind` (see module docstring)."""

    key: str
    header: str
    kind: str = "text"
    width: float | None = None     # characters; None = from the content

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"unknown column kind {self.kind!r}")


@dataclass
class Table:
    """A titled table: `frame` holds the values (shares 0..1 for pct), `columns` which of them and how.

    `fills` (optional) has the same index as `frame` and, per column key, a traffic-light colour name
    ('red' / 'yellow' / 'green' / '') that colours the cell (the Aksi 1 priority matrix).
    """

    sheet: str
    title: str
    frame: pd.DataFrame
    columns: list[Col]
    notes: list[str] = field(default_factory=list)
    fills: pd.DataFrame | None = None


@dataclass(frozen=True)
class DocContext:
    """The title block every output carries. Dates are already words ('2 Desember 2026')."""

    kabupaten: str
    period: str | None
    period_text: str
    source: str
    built: str
    printed: str
    lang: str = "id"
    method: str = ""
    logo: Path | None = None
    small_n: int = Settings.small_n

    def lines(self, method: str | None = None) -> list[tuple[str, str]]:
        """(label, value) pairs of the title block, in order."""
        rows = [(text("doc_kabupaten", self.lang), self.kabupaten),
                (text("doc_period", self.lang), self.period_text),
                (text("doc_source", self.lang), self.source),
                (text("doc_built", self.lang), text("doc_built_value", self.lang, built=self.built, printed=self.printed))]
        method = self.method if method is None else method
        if method:
            rows.append((text("doc_method", self.lang), method))
        return rows

    def footer(self) -> str:
        """One line for the foot of a page or slide: kabupaten · period · source · dates."""
        return text("doc_footer", self.lang, kabupaten=self.kabupaten, period=self.period_text, source=self.source,
                    built=self.built, printed=self.printed)


# --- context from the database -------------------------------------------------------------------------------

def _tables(con: duckdb.DuckDBPyConnection) -> set[str]:
    return {r[0] for r in con.execute("SELECT table_name FROM information_schema.tables").fetchall()}


def kabupaten_name(con: duckdb.DuckDBPyConnection) -> str:
    """Name(s) of the kabupaten/kota in the database ('Kota Contoh (fiktif)')."""
    tables = _tables(con)
    if "kabupaten" in tables:
        names = [r[0] for r in con.execute("SELECT nama FROM kabupaten ORDER BY kode").fetchall() if r[0]]
        if names:
            return ", ".join(names)
    if "kelurahan" in tables:
        names = [r[0] for r in con.execute("SELECT DISTINCT kabupaten_nama FROM kelurahan ORDER BY 1").fetchall() if r[0]]
        if names:
            return ", ".join(names)
    return fmt.DASH


def meta_value(con: duckdb.DuckDBPyConnection, key: str) -> str | None:
    if "meta" not in _tables(con):
        return None
    rows = con.execute("SELECT value FROM meta WHERE key = ?", [key]).fetchall()
    return rows[0][0] if rows else None


def small_n_setting(con: duckdb.DuckDBPyConnection, default: int = Settings.small_n) -> int:
    """The small-number threshold (children) the database was built with (meta `small_n`)."""
    value = meta_value(con, "small_n")
    return int(value) if value and str(value).isdigit() else default


def source_words(con: duckdb.DuckDBPyConnection, lang: str = "id") -> str:
    """The inputs as a person names them, the same line as the dashboard's ('e-PPGBM, 10 puskesmas, Agustus
    2025 · register 1000 HPK, 3 berkas · daftar posyandu'): `readmodel.sources_summary`."""
    from pipelines import readmodel

    line = readmodel.sources_summary(con, lang)
    return text("doc_source_unknown", lang) if line == fmt.DASH else line


def context(con: duckdb.DuckDBPyConnection, period: str | None, lang: str = "id", *, method: str = "",
            logo: Path | str | None = None, today: dt.date | None = None, small_n: int | None = None) -> DocContext:
    """The title block of a document about `period` made from the database behind `con`."""
    built = meta_value(con, "built_at")
    logo_path = Path(logo) if logo else None
    if logo_path is not None and not logo_path.is_file():
        raise FileNotFoundError(f"berkas logo {logo_path} tidak ada")
    return DocContext(
        kabupaten=kabupaten_name(con), period=period, period_text=fmt.period_words(period, lang),
        source=source_words(con, lang), built=fmt.date_words(built, lang) if built else fmt.DASH,
        printed=fmt.date_words(today or dt.date.today(), lang), lang=lang, method=method, logo=logo_path,
        small_n=small_n if small_n is not None else small_n_setting(con),
    )


def blank_context(period: str | None = None, lang: str = "id", **kwargs) -> DocContext:
    """A title block without a database (tests, tables made from frames alone)."""
    today = fmt.date_words(dt.date.today(), lang)
    values = dict(kabupaten=fmt.DASH, period=period, period_text=fmt.period_words(period, lang),
                  source=text("doc_source_unknown", lang), built=fmt.DASH, printed=today, lang=lang)
    values.update(kwargs)
    return DocContext(**values)


# --- numbers ----------------------------------------------------------------------------------------------------

def wilson(k: float, n: float) -> tuple[float, float]:
    """95 % Wilson interval of k/n as shares (NaN when n is 0 or missing); the SQL macro's formula."""
    if n is None or k is None or not n or (isinstance(n, float) and math.isnan(n)) or (isinstance(k, float) and math.isnan(k)):
        return float("nan"), float("nan")
    p = k / n
    centre = p + Z95 * Z95 / (2 * n)
    half = Z95 * math.sqrt(p * (1 - p) / n + Z95 * Z95 / (4 * n * n))
    denominator = 1 + Z95 * Z95 / n
    return max(0.0, (centre - half) / denominator), min(1.0, (centre + half) / denominator)


def yes_no(value, lang: str = "id") -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)) or value is pd.NA:
        return ""
    return text("doc_yes", lang) if bool(value) else text("doc_no", lang)


def _plain(value):
    """A numpy/pandas scalar as a Python value; NaN/NA as None."""
    if value is None or value is pd.NA or value is pd.NaT:
        return None
    if isinstance(value, (np.bool_, bool)):
        return bool(value)
    if isinstance(value, np.integer):
        return int(value)
    if isinstance(value, (np.floating, float)):
        return None if math.isnan(float(value)) else float(value)
    return value


FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value: object) -> object:
    """The value, with a leading apostrophe when it is text starting with a formula character (OWASP "CSV
    injection": Excel/LibreOffice then show it as text and never run it)."""
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


def _neutral(value: str) -> str:
    return neutralise(value)


def cell_value(value, kind: str, lang: str = "id"):
    """The value as an XLSX cell holds it (share for pct, points for pp, 'Ya'/'Tidak' for bool)."""
    value = _plain(value)
    if value is None:
        return None
    if kind == "bool":
        return yes_no(value, lang)
    if kind == "text":
        return _neutral(str(value))
    if kind == "int":
        return int(round(float(value)))
    if kind == "pp":
        return round(float(value) * 100, 1)
    if kind == "pct":
        return float(value)
    return float(value)


def csv_value(value, kind: str, lang: str = "id", decimal: str = ",") -> str:
    """The value as CSV text: percent numbers with one decimal, the chosen decimal mark, no thousands mark."""
    value = _plain(value)
    if value is None:
        return ""
    if kind == "bool":
        return yes_no(value, lang)
    if kind == "text":
        return _neutral(str(value))
    if kind == "int":
        return str(int(round(float(value))))
    digits = {"num1": 1, "num2": 2, "num3": 3, "pct": 1, "pp": 1}[kind]
    number = float(value) * (100 if kind in ("pct", "pp") else 1)
    out = f"{number:{'+' if kind == 'pp' else ''}.{digits}f}"
    return out.replace(".", decimal)


def csv_header(col: Col, lang: str = "id") -> str:
    """CSV header: a pct column says '(%)', a pp column '(poin persen)' since CSV has no number format."""
    if col.kind == "pct" and "(%)" not in col.header:
        return f"{col.header} (%)"
    if col.kind == "pp" and "poin" not in col.header and "point" not in col.header:
        return f"{col.header} ({text('percentage_points', lang)})"
    return col.header


# --- XLSX --------------------------------------------------------------------------------------------------------

def _width(col: Col, values: Sequence[str]) -> float:
    if col.width:
        return col.width
    longest = max((len(v) for v in values), default=0)
    header_words = max((len(w) for w in col.header.split()), default=4)
    return float(min(48, max(8, longest + 2, header_words + 2, min(len(col.header), 18) + 2)))


def write_sheet(book, table: Table, ctx: DocContext) -> None:
    """Add `table` as a sheet: title block, notes, header row (frozen), values with number formats."""
    from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
    from openpyxl.utils import get_column_letter

    sheet = book.create_sheet(title=_sheet_name(table.sheet, book.sheetnames))
    sheet.cell(row=1, column=1, value=_neutral(table.title)).font = Font(bold=True, size=14)
    row = 2
    for label, value in ctx.lines():
        sheet.cell(row=row, column=1, value=_neutral(label)).font = Font(bold=True)
        sheet.cell(row=row, column=2, value=_neutral(value))
        row += 1
    for note in table.notes:
        cell = sheet.cell(row=row, column=1, value=_neutral(note))
        cell.font = Font(italic=True)
        row += 1
    if ctx.logo is not None:
        _logo_into_sheet(sheet, ctx.logo, max(len(table.columns), 6) + 1)
    header_row = row + 1
    thin = Side(style="thin", color="A0A0A0")
    for c, col in enumerate(table.columns, start=1):
        cell = sheet.cell(row=header_row, column=c, value=_neutral(col.header))
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor=HEADER_FILL)
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        cell.border = Border(bottom=thin, top=thin, left=thin, right=thin)
    frame = table.frame.reset_index(drop=True)
    fills = table.fills.reset_index(drop=True) if table.fills is not None else None
    shown: dict[str, list[str]] = {col.key: [] for col in table.columns}
    for i in range(len(frame)):
        r = header_row + 1 + i
        for c, col in enumerate(table.columns, start=1):
            raw = frame.at[i, col.key] if col.key in frame.columns else None
            value = cell_value(raw, col.kind, ctx.lang)
            cell = sheet.cell(row=r, column=c, value=value)
            if isinstance(value, str):
                cell.data_type = "s"   # text, never a formula
            elif col.kind in XLSX_FORMATS:
                cell.number_format = XLSX_FORMATS[col.kind]
            if fills is not None and col.key in fills.columns:
                colour = LIGHT_FILLS.get(str(fills.at[i, col.key]))
                if colour:
                    cell.fill = PatternFill("solid", fgColor=colour)
            shown[col.key].append(csv_value(raw, col.kind, ctx.lang))
    for c, col in enumerate(table.columns, start=1):
        sheet.column_dimensions[get_column_letter(c)].width = _width(col, shown[col.key])
    sheet.column_dimensions["A"].width = max(sheet.column_dimensions["A"].width or 0, 16)
    sheet.row_dimensions[header_row].height = 15 * min(4, max(1, max((len(c.header) // 16 + 1 for c in table.columns), default=1)))
    sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
    if len(frame):
        sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(len(table.columns))}{header_row + len(frame)}"
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.header_row = header_row      # for callers and tests (not saved)


def _sheet_name(name: str, taken: list[str]) -> str:
    clean = "".join(ch for ch in str(name) if ch not in "[]:*?/\\")[:31] or "Tabel"
    candidate, number = clean, 2
    while candidate in taken:
        suffix = f" ({number})"
        candidate, number = clean[: 31 - len(suffix)] + suffix, number + 1
    return candidate


def _logo_into_sheet(sheet, logo: Path, column: int) -> None:
    from openpyxl.drawing.image import Image as XLImage
    from openpyxl.utils import get_column_letter

    image = XLImage(str(logo))
    ratio = 60 / max(image.height, 1)
    image.height, image.width = 60, int(image.width * ratio)
    sheet.add_image(image, f"{get_column_letter(column)}1")


def xlsx_bytes(tables: Sequence[Table], ctx: DocContext) -> bytes:
    """A workbook with one sheet per table (title block on each)."""
    from openpyxl import Workbook

    book = Workbook()
    book.remove(book.active)
    for table in tables:
        write_sheet(book, table, ctx)
    book.properties.title = tables[0].title if tables else ""
    book.properties.creator = "peta-stunting"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


# --- CSV -------------------------------------------------------------------------------------------------------

def csv_locale(choice: str | None, lang: str = "id") -> dict[str, str]:
    """`sep` and `decimal` of a CSV: choice 'id' (`;` and decimal comma), 'en' (`,` and dot), None = by language."""
    return fmt.csv_options(choice or lang)


def csv_bytes(table: Table, ctx: DocContext, csv_format: str | None = None, *, title_block: bool = True) -> bytes:
    """The table as CSV (UTF-8 with BOM), title block lines first, then one empty line, header and rows.

    `csv_format`: 'id' (`;`, decimal comma: Excel in an Indonesian locale) or 'en' (`,`, dot); default by
    the context's language.
    """
    options = csv_locale(csv_format, ctx.lang)
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=options["sep"], lineterminator="\r\n")
    if title_block:
        writer.writerow([_neutral(table.title)])
        for label, value in ctx.lines():
            writer.writerow([_neutral(f"{label}: {value}")])
        for note in table.notes:
            writer.writerow([_neutral(note)])
        writer.writerow([])
    writer.writerow([_neutral(csv_header(col, ctx.lang)) for col in table.columns])
    frame = table.frame.reset_index(drop=True)
    for i in range(len(frame)):
        writer.writerow([csv_value(frame.at[i, col.key] if col.key in frame.columns else None, col.kind, ctx.lang,
                                   options["decimal"]) for col in table.columns])
    return buffer.getvalue().encode("utf-8-sig")


def read_csv_table(data: bytes) -> pd.DataFrame:
    """A CSV written by `csv_bytes` read back as text: the title block skipped, separator detected."""
    content = data.decode("utf-8-sig")
    lines = content.splitlines()
    start = lines.index("") + 1 if "" in lines else 0
    body = "\n".join(lines[start:])
    sep = ";" if lines[start].count(";") >= lines[start].count(",") else ","
    return pd.read_csv(io.StringIO(body), sep=sep, dtype=str, keep_default_na=False)
