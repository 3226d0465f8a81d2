"""Survey figures ("angka survei"): a small table of survey estimates of stunting prevalence (SSGI, SKI...).

One row per figure: source (e.g. `SSGI 2024`), year of fieldwork, level (kabupaten/kota or provinsi) and its
Kemendagri code (`PP.KK` or `PP`), prevalence (%), its 95 % interval (%) or standard error (percentage
points), the age range it covers (completed months, default 0-59) and whether it is fictional (the demo's
figure is, and says so everywhere it is shown).

Where figures come from, and where they are kept:
- a CSV/XLSX file given to the build (`peta-stunting build --survey FILE`, template:
  `peta-stunting template survei FILE`): copied into the table `survey_figures` of the database, rebuilt
  with every build like every other input (the file path is kept in `meta.inputs`);
- typed in the dashboard (page Dua Angka): kept in a CSV beside the database, `<db>.survei.csv`, with the
  template's own headers. The database is replaced at every rebuild and opened read-only by the dashboard,
  so a figure typed there is never written into it; the side file survives rebuilds and can itself be
  given to `--survey` elsewhere. `figures(con, db_path)` returns both, each with its origin.

Shares are stored 0..1 (prevalence, ci_low, ci_high, se); files and forms use per cent.
"""
from __future__ import annotations

import csv
import io
import math
import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import pandas as pd

from pipelines.inputs.errors import InputError
from pipelines.present.messages import Words, said

Z95 = 1.959964
MAX_ROWS = 5_000
MAX_BYTES = 5 * 1024 * 1024
MAX_TEXT = 120

#: column key -> (template header, accepted headers, normalised)
COLUMNS: dict[str, tuple[str, tuple[str, ...]]] = {
    "source": ("Sumber", ("sumber", "source", "survei", "nama survei")),
    "year": ("Tahun", ("tahun", "year", "tahun survei")),
    "level": ("Tingkat", ("tingkat", "level", "tingkat wilayah")),
    "kode": ("Kode Wilayah", ("kode wilayah", "kode", "kode kabupaten/kota", "kode kab/kota", "kode provinsi")),
    "prevalence": ("Prevalensi Stunting (%)", ("prevalensi stunting (%)", "prevalensi (%)", "prevalensi", "prevalensi stunting", "prevalence")),
    "ci_low": ("Batas Bawah 95% (%)", ("batas bawah 95% (%)", "batas bawah (%)", "batas bawah", "ci bawah", "ci_low")),
    "ci_high": ("Batas Atas 95% (%)", ("batas atas 95% (%)", "batas atas (%)", "batas atas", "ci atas", "ci_high")),
    "se": ("SE (%)", ("se (%)", "se", "standard error", "galat baku")),
    "age_min": ("Usia Min (bulan)", ("usia min (bulan)", "usia min", "umur min", "age_min")),
    "age_max": ("Usia Maks (bulan)", ("usia maks (bulan)", "usia maks", "umur maks", "age_max")),
    "fictional": ("Fiktif", ("fiktif", "fictional")),
    "note": ("Catatan", ("catatan", "note", "keterangan")),
}
HEADERS = [header for header, _ in COLUMNS.values()]
REQUIRED = ("source", "year", "level", "kode", "prevalence")
LEVELS = {"kabupaten": "kabupaten", "kota": "kabupaten", "kabupaten/kota": "kabupaten", "kab/kota": "kabupaten",
          "kab": "kabupaten", "kabkota": "kabupaten", "provinsi": "provinsi", "prov": "provinsi", "province": "provinsi"}
YES = {"ya", "y", "1", "true", "yes", "fiktif"}
NO = {"tidak", "t", "0", "false", "no", ""}
TABLE_COLUMNS = ("source", "year", "level", "kode", "prevalence", "ci_low", "ci_high", "se", "age_min", "age_max",
                 "fictional", "note", "origin")


class SurveyFileError(InputError, ValueError):
    """A refused survey file or form entry; the message names the file, column and row and what to do."""


@dataclass(frozen=True)
class SurveyFigure:
    """One survey estimate. Shares 0..1; ages in completed months (inclusive)."""

    source: str
    year: int
    level: str              # 'kabupaten' or 'provinsi'
    kode: str               # 'PP.KK' or 'PP'
    prevalence: float
    ci_low: float
    ci_high: float
    se: float
    age_min: int = 0
    age_max: int = 59
    fictional: bool = False
    note: str = ""
    origin: str = ""        # 'file:<name>' or 'dasbor'

    @property
    def label(self) -> str:
        return f"{self.source}{' (FIKTIF)' if self.fictional and 'FIKTIF' not in self.source.upper() else ''}"


def _key(text: object) -> str:
    return re.sub(r"\s+", " ", str(text).replace("\ufeff", "").strip().lower())


def _percent(text: str) -> float | None:
    """'21,6' / '21.6' / '21,6 %' -> 21.6; '' -> None; ValueError for anything else."""
    s = str(text).strip().replace("%", "").replace("\xa0", "").replace(" ", "")
    if s == "" or s.lower() == "nan":
        return None
    if "," in s:
        s = s.replace(".", "").replace(",", ".")
    value = float(s)
    if not math.isfinite(value):
        raise ValueError(s)
    return value


def _kode(text: str, level: str) -> str:
    """'99.71' / '9971' / '99' -> Kemendagri dotted form; ValueError when it does not fit the level."""
    digits = re.sub(r"\D", "", str(text))
    if level == "kabupaten" and len(digits) == 4:
        return f"{digits[:2]}.{digits[2:]}"
    if level == "provinsi" and len(digits) == 2:
        return digits
    raise ValueError(text)


def figure_from_cells(cells: dict[str, str], where: str | Words, origin: str) -> SurveyFigure:
    """Validate one row (column key -> cell text) into a SurveyFigure; SurveyFileError says what is wrong."""
    def fail(column: str, what: str, **params) -> SurveyFileError:
        return said(SurveyFileError, "srv_cell", where=where, column=COLUMNS[column][0], what=Words(what, **params))

    get = {k: str(cells.get(k, "") or "").strip() for k in COLUMNS}
    for column in REQUIRED:
        if not get[column]:
            raise fail(column, "srv_empty_cell")
    source = get["source"]
    if len(source) > MAX_TEXT:
        raise fail("source", "srv_too_long", n=MAX_TEXT)
    try:
        year = int(float(get["year"]))
    except ValueError:
        raise fail("year", "srv_not_year", value=get["year"][:20]) from None
    if not 2000 <= year <= 2100:
        raise fail("year", "srv_year_range", value=year)
    level = LEVELS.get(_key(get["level"]))
    if level is None:
        raise fail("level", "srv_unknown_level", value=get["level"][:30])
    try:
        kode = _kode(get["kode"], level)
    except ValueError:
        raise fail("kode", f"srv_code_{level}", value=get["kode"][:20]) from None
    numbers: dict[str, float | None] = {}
    for column in ("prevalence", "ci_low", "ci_high", "se"):
        try:
            numbers[column] = _percent(get[column])
        except ValueError:
            raise fail(column, "srv_not_percent", value=get[column][:20]) from None
        if numbers[column] is not None and not 0 <= numbers[column] <= 100:
            raise fail(column, "srv_percent_range", value=f"{numbers[column]:g}")
    p = numbers["prevalence"]
    if not 1 <= p < 100:
        raise fail("prevalence", "srv_prevalence_share", value=f"{p:g}")
    low, high, se = numbers["ci_low"], numbers["ci_high"], numbers["se"]
    if (low is None) != (high is None):
        raise fail("ci_high" if high is None else "ci_low", "srv_both_bounds")
    if low is None and se is None:
        raise fail("se", "srv_no_uncertainty")
    if low is not None and not low <= p <= high:
        raise fail("ci_low", "srv_interval_misses", low=f"{low:g}", high=f"{high:g}", p=f"{p:g}")
    if se is not None and se <= 0:
        raise fail("se", "srv_se_positive")
    if low is None:
        low, high = max(0.0, p - Z95 * se), min(100.0, p + Z95 * se)
    if se is None:
        se = (high - low) / (2 * Z95)
    ages = {}
    for column, default in (("age_min", 0), ("age_max", 59)):
        try:
            ages[column] = int(float(get[column])) if get[column] else default
        except ValueError:
            raise fail(column, "srv_not_months", value=get[column][:20]) from None
        if not 0 <= ages[column] <= 59:
            raise fail(column, "srv_months_range", value=ages[column])
    if ages["age_min"] > ages["age_max"]:
        raise fail("age_max", "srv_age_order")
    flag = _key(get["fictional"])
    if flag not in YES | NO:
        raise fail("fictional", "srv_yes_no", value=get["fictional"][:20])
    note = get["note"][:MAX_TEXT * 4]
    return SurveyFigure(source, year, level, kode, p / 100, low / 100, high / 100, se / 100, ages["age_min"],
                        ages["age_max"], flag in YES, note, origin)


def _rows_of(data: bytes, name: str) -> list[list[str]]:
    """The rows of a CSV (`,`/`;`/tab) or XLSX file as text cells, header first."""
    if name.lower().endswith((".xlsx", ".xlsm")):
        try:
            frame = pd.read_excel(io.BytesIO(data), header=None, dtype=str, keep_default_na=False)
        except Exception as exc:  # noqa: BLE001 - any unreadable workbook gets the same message
            raise said(SurveyFileError, "srv_unreadable_xlsx", name=name, detail=type(exc).__name__) from None
        return [["" if v is None else str(v) for v in row] for row in frame.itertuples(index=False)]
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    if "\x00" in text:
        raise said(SurveyFileError, "srv_not_text", name=name)
    lines = text.splitlines()
    if not lines:
        return []
    delimiter = max((";", ",", "\t"), key=lines[0].count)
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def read_figures(data: bytes, name: str, origin: str | None = None) -> list[SurveyFigure]:
    """Every figure of a survey file (CSV/XLSX bytes); SurveyFileError for the first problem, with file,
    column and spreadsheet row (header = row 1). A (source, kode) pair given twice is refused."""
    if len(data) > MAX_BYTES:
        raise said(SurveyFileError, "srv_too_large", name=name, mb=MAX_BYTES // 1024 // 1024)
    rows = _rows_of(data, name)
    rows = [r for r in rows if any(str(c).strip() for c in r)]
    if not rows:
        raise said(SurveyFileError, "srv_empty", name=name)
    header = [_key(h) for h in rows[0]]
    position: dict[str, int] = {}
    for column, (label, accepted) in COLUMNS.items():
        for i, h in enumerate(header):
            if h == _key(label) or h in accepted:
                position.setdefault(column, i)
    missing = [COLUMNS[c][0] for c in REQUIRED if c not in position]
    if missing:
        raise said(SurveyFileError, "srv_missing_columns", name=name, columns=", ".join(missing))
    body = rows[1:]
    if len(body) > MAX_ROWS:
        raise said(SurveyFileError, "srv_too_many_rows", name=name, n=MAX_ROWS)
    origin = origin or f"file:{name}"
    figures: list[SurveyFigure] = []
    seen: dict[tuple[str, str], int] = {}
    for number, row in enumerate(rows[1:], start=2):
        cells = {c: (row[i] if i < len(row) else "") for c, i in position.items()}
        figure = figure_from_cells(cells, Words("srv_where_row", name=name, row=number), origin)
        key = (figure.source.lower(), figure.kode)
        if key in seen:
            raise said(SurveyFileError, "srv_duplicate", where=Words("srv_where_row", name=name, row=number),
                       source=figure.source, kode=figure.kode, first=seen[key])
        seen[key] = number
        figures.append(figure)
    if not figures:
        raise said(SurveyFileError, "srv_no_rows", name=name)
    return figures


def figures_frame(figures: list[SurveyFigure]) -> pd.DataFrame:
    """Figures as a table with TABLE_COLUMNS."""
    return pd.DataFrame([{c: getattr(f, c) for c in TABLE_COLUMNS} for f in figures], columns=list(TABLE_COLUMNS))


def frame_figures(frame: pd.DataFrame) -> list[SurveyFigure]:
    """The inverse of figures_frame."""
    out = []
    for row in frame.to_dict("records"):
        out.append(SurveyFigure(
            str(row["source"]), int(row["year"]), str(row["level"]), str(row["kode"]), float(row["prevalence"]),
            float(row["ci_low"]), float(row["ci_high"]), float(row["se"]), int(row["age_min"]), int(row["age_max"]),
            bool(row["fictional"]), "" if row["note"] is None or row["note"] != row["note"] else str(row["note"]),
            str(row["origin"] or "")))
    return out


# --- the build's table ---------------------------------------------------------------------------------

def write_table(con: duckdb.DuckDBPyConnection, figures: list[SurveyFigure]) -> None:
    """(Re)write the table `survey_figures` (TABLE_COLUMNS) with `figures`."""
    con.execute(
        "CREATE OR REPLACE TABLE survey_figures (source VARCHAR, year INTEGER, level VARCHAR, kode VARCHAR,"
        " prevalence DOUBLE, ci_low DOUBLE, ci_high DOUBLE, se DOUBLE, age_min INTEGER, age_max INTEGER,"
        " fictional BOOLEAN, note VARCHAR, origin VARCHAR)")
    if figures:
        con.executemany("INSERT INTO survey_figures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                        [tuple(getattr(f, c) for c in TABLE_COLUMNS) for f in figures])


def load_survey(con: duckdb.DuckDBPyConnection, path: Path):
    """Build step: read a survey file into `survey_figures`; returns a pipelines.inputs.readers.FileReport."""
    from pipelines.inputs.readers import FileReport, file_sha256

    path = Path(path)
    figures = read_figures(path.read_bytes(), path.name)
    write_table(con, figures)
    return FileReport(path.name, "survey", len(figures), len(figures), 0, {}, file_sha256(path))


# --- figures typed in the dashboard: a CSV beside the database ------------------------------------------

def side_file(db_path: Path) -> Path:
    """`data/kab.duckdb` -> `data/kab.duckdb.survei.csv`."""
    return Path(str(db_path) + ".survei.csv")


def typed_figures(db_path: Path) -> list[SurveyFigure]:
    """Figures typed in the dashboard (empty when there are none)."""
    path = side_file(db_path)
    if not path.is_file():
        return []
    return read_figures(path.read_bytes(), path.name, origin="dasbor")


def _cells(figure: SurveyFigure) -> list[str]:
    def pct(v: float) -> str:
        return f"{v * 100:.2f}".rstrip("0").rstrip(".")

    return [figure.source, str(figure.year), "kabupaten/kota" if figure.level == "kabupaten" else "provinsi",
            figure.kode, pct(figure.prevalence), pct(figure.ci_low), pct(figure.ci_high), pct(figure.se),
            str(figure.age_min), str(figure.age_max), "ya" if figure.fictional else "tidak", figure.note]


def save_typed(db_path: Path, figures: list[SurveyFigure]) -> Path:
    """Write the dashboard's figures to the side file (template headers), atomically (temp file + rename)."""
    path = side_file(db_path)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(HEADERS)
    for figure in figures:
        writer.writerow(_cells(figure))
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(buffer.getvalue(), encoding="utf-8")
    tmp.replace(path)
    return path


def add_typed(db_path: Path, figure: SurveyFigure) -> Path:
    """Add one typed figure (replacing one with the same source and code)."""
    kept = [f for f in typed_figures(db_path) if (f.source.lower(), f.kode) != (figure.source.lower(), figure.kode)]
    return save_typed(db_path, [*kept, figure])


def remove_typed(db_path: Path, source: str, kode: str) -> Path:
    kept = [f for f in typed_figures(db_path) if (f.source.lower(), f.kode) != (source.lower(), kode)]
    return save_typed(db_path, kept)


def figures(con: duckdb.DuckDBPyConnection, db_path: Path | None = None) -> list[SurveyFigure]:
    """Every figure: the build's `survey_figures` table, then the dashboard's side file (a typed figure with
    the same source and code as a built one replaces it). `db_path` defaults to the connection's file."""
    out: dict[tuple[str, str], SurveyFigure] = {}
    has = con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = 'survey_figures'").fetchone()[0]
    if has:
        for f in frame_figures(con.execute(f"SELECT {', '.join(TABLE_COLUMNS)} FROM survey_figures").df()):
            out[(f.source.lower(), f.kode)] = f
    path = db_path if db_path is not None else database_file(con)
    if path is not None:
        try:
            for f in typed_figures(path):
                out[(f.source.lower(), f.kode)] = f
        except SurveyFileError:
            pass  # a hand-damaged side file must not take the page down; the page reports it (typed_figures)
    return sorted(out.values(), key=lambda f: (-f.year, f.level, f.source))


def database_file(con: duckdb.DuckDBPyConnection) -> Path | None:
    """The file behind a DuckDB connection (None for an in-memory database)."""
    try:
        rows = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = current_database()").fetchall()
    except duckdb.Error:
        return None
    return Path(rows[0][0]) if rows and rows[0][0] else None


def write_template(path: Path) -> None:
    """An empty survey table with the template's headers, CSV or XLSX (second sheet explains each column)."""
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".csv":
        path.write_text(",".join(HEADERS) + "\n", encoding="utf-8-sig")
        return
    if suffix != ".xlsx":
        raise ValueError(f"{path}: templat harus .csv atau .xlsx (template must be .csv or .xlsx)")
    from openpyxl import Workbook

    explanations = {
        "Sumber": "Nama survei dan tahunnya, mis. SSGI 2024, SKI 2023. Wajib.",
        "Tahun": "Tahun pengumpulan data survei. Wajib.",
        "Tingkat": "kabupaten/kota atau provinsi. Wajib.",
        "Kode Wilayah": "Kode Kemendagri: PP.KK untuk kabupaten/kota (mis. 35.07), PP untuk provinsi. Wajib.",
        "Prevalensi Stunting (%)": "Persen, mis. 21,6. Wajib.",
        "Batas Bawah 95% (%)": "Batas bawah interval kepercayaan 95 %, persen. Isi interval atau SE.",
        "Batas Atas 95% (%)": "Batas atas interval kepercayaan 95 %, persen.",
        "SE (%)": "Galat baku (standard error), poin persen. Boleh kosong bila interval diisi.",
        "Usia Min (bulan)": "Usia termuda yang dicakup survei, bulan penuh (kosong = 0).",
        "Usia Maks (bulan)": "Usia tertua yang dicakup survei, bulan penuh (kosong = 59).",
        "Fiktif": "ya bila angka ini bukan angka survei nyata (contoh, latihan); kosong = tidak.",
        "Catatan": "Keterangan bebas, mis. halaman laporan.",
    }
    wb = Workbook()
    ws = wb.active
    ws.title = "Angka survei"
    ws.append(HEADERS)
    info = wb.create_sheet("Penjelasan")
    info.append(["Kolom", "Penjelasan"])
    for header in HEADERS:
        info.append([header, explanations[header]])
    wb.save(path)
