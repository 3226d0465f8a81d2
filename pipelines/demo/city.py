"""The fictional demo city "Kota Contoh (fiktif)": generate its input files, in the real formats, from a seed.

    files = generate_demo(Path("data/demo"), seed=2024)
    build_database(files.build_inputs(), Path("data/demo.duckdb"))

The demo is never a special case in the import: this module only writes files a real kabupaten/kota
would bring (docs/architecture.md, "Input file formats"). What the generator aimed for is written beside
them, in `_truth/`, so tests can compare the import's results with it.

Layout under out_dir:
    inputs/kota_contoh_fiktif_kelurahan.geojson        kelurahan polygons (EPSG:4326)
    inputs/kota_contoh_fiktif_posyandu.csv             posyandu list
    inputs/kota_contoh_fiktif_sasaran_balita.csv       target children 0-59 months per kelurahan and year
    inputs/eppgbm/kota_contoh_fiktif_eppgbm_pkm_*.csv|xlsx   one e-PPGBM export per puskesmas
    inputs/layanan_1000hpk/kota_contoh_fiktif_1000hpk_*.csv|xlsx   1000-HPK service registers
    _truth/prevalence.csv          kode, period, stunting_expected, wasting_expected (0..1)
    _truth/dirty_rows.csv          file, row, reason_code, kind (row: header = 1, first data row = 2)
    _truth/posyandu_outside.csv    posyandu_id, kode_declared, kode_actual ('' = outside every kelurahan), lon, lat
    _truth/quality_faults.csv      level, unit, fault: the planted data-quality faults (pipelines.demo.quality_faults)
    _truth/services_expected.csv   kode, period, service_yes_base (base chance that a service was received)
    _truth/manifest.json           the file list (read back by demo_files)

Every file is byte-identical for the same seed (XLSX zips carry fixed dates and properties).
"""
from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from pipelines.demo import children as dc
from pipelines.demo import dua_angka as dua
from pipelines.demo import eppgbm as de
from pipelines.demo import places as dp
from pipelines.demo import quality_faults as qf
from pipelines.demo import services as ds

PREFIX = "kota_contoh_fiktif"
N_CHILDREN = 20_400              # children born in the window; about 20,000 get measured at least once
CHILDREN_PER_POSYANDU = 85
FIXED_TIME = dt.datetime(2025, 9, 1, 0, 0, 0)   # XLSX properties and zip entry dates


@dataclass
class DemoFiles:
    """Paths of one generated demo (inputs and truth)."""

    root: Path
    boundaries: Path
    posyandu: Path
    sasaran: Path
    measurements: list[Path] = field(default_factory=list)
    services: list[Path] = field(default_factory=list)
    survey: Path | None = None               # fictional survey figure (pipelines.demo.dua_angka)
    truth_dua_angka: Path | None = None
    truth_prevalence: Path | None = None
    truth_dirty: Path | None = None
    truth_posyandu_outside: Path | None = None
    truth_services: Path | None = None
    truth_quality_faults: Path | None = None
    manifest: Path | None = None

    def inputs(self) -> list[Path]:
        """Every input file (not the truth)."""
        return [self.boundaries, self.posyandu, self.sasaran, *self.measurements, *self.services,
                *([self.survey] if self.survey else [])]

    def complete(self) -> bool:
        """True when the manifest and every file it names exist."""
        paths = self.inputs() + [self.survey, self.truth_prevalence, self.truth_dirty, self.truth_posyandu_outside,
                                 self.truth_dua_angka, self.truth_quality_faults]
        return bool(self.measurements) and all(p is not None and Path(p).is_file() for p in paths)

    def newest_mtime(self) -> float:
        """Latest modification time (seconds since epoch) among the input files; 0 when none exist."""
        return max((p.stat().st_mtime for p in self.inputs() if p.is_file()), default=0.0)

    def build_inputs(self):
        """The files as pipelines.build.BuildInputs, ready for build_database."""
        from pipelines.build import BuildInputs

        return BuildInputs(boundaries=self.boundaries, measurements=list(self.measurements),
                           posyandu=self.posyandu, sasaran=self.sasaran, services=list(self.services),
                           survey=self.survey)


def _layout(out_dir: Path) -> DemoFiles:
    """The fixed paths of a demo under out_dir (lists empty)."""
    inputs, truth = out_dir / "inputs", out_dir / "_truth"
    return DemoFiles(
        root=out_dir,
        boundaries=inputs / f"{PREFIX}_kelurahan.geojson",
        posyandu=inputs / f"{PREFIX}_posyandu.csv",
        sasaran=inputs / f"{PREFIX}_sasaran_balita.csv",
        survey=inputs / f"{PREFIX}_survei_FIKTIF.csv",
        truth_dua_angka=truth / "dua_angka.json",
        truth_prevalence=truth / "prevalence.csv",
        truth_dirty=truth / "dirty_rows.csv",
        truth_posyandu_outside=truth / "posyandu_outside.csv",
        truth_services=truth / "services_expected.csv",
        truth_quality_faults=truth / "quality_faults.csv",
        manifest=truth / "manifest.json",
    )


def demo_files(out_dir: Path) -> DemoFiles:
    """The demo files under out_dir as listed by its manifest, without generating anything (lists are
    empty and complete() is False when no demo was generated there)."""
    files = _layout(Path(out_dir))
    if files.manifest.is_file():
        listed = json.loads(files.manifest.read_text(encoding="utf-8"))
        files.measurements = [files.root / p for p in listed["measurements"]]
        files.services = [files.root / p for p in listed["services"]]
    return files


# ---------------------------------------------------------------- generation

def generate_demo(out_dir: Path, seed: int = 2024) -> DemoFiles:
    """Generate the demo city's input files and truth under out_dir; same bytes for the same seed.

    About 60 kelurahan in 8 kecamatan, ~250 posyandu, ~20,000 children measured over four rounds
    (2024-02, 2024-08, 2025-02, 2025-08; ~57,000 e-PPGBM rows in one file per puskesmas, ~2 % dirty),
    sasaran per kelurahan and year, and 1000-HPK registers (~26,000 rows). Takes ~2 s of CPU.
    """
    out_dir = Path(out_dir)
    rng = np.random.default_rng(seed)
    files = _layout(out_dir)
    _clean_previous(files)
    for d in (out_dir / "inputs" / "eppgbm", out_dir / "inputs" / "layanan_1000hpk", out_dir / "_truth"):
        d.mkdir(parents=True, exist_ok=True)

    places = dp.make_places(rng)
    kel = places.kelurahan
    stunting, wasting = dc.prevalence_fields(kel["cx_km"].to_numpy(), kel["cy_km"].to_numpy(), rng)
    children_per_kel = rng.multinomial(N_CHILDREN, _normalise(rng.lognormal(0, 0.3, len(kel))))
    n_pos = np.clip(np.round(children_per_kel / CHILDREN_PER_POSYANDU), 2, 8).astype(int)
    posyandu, outside = dp.make_posyandu(places, n_pos, rng)
    posyandu["kel"] = np.repeat(np.arange(len(kel)), n_pos)
    children_per_pos = np.concatenate([rng.multinomial(c, rng.dirichlet(np.full(n, 4.0)))
                                       for c, n in zip(children_per_kel, n_pos)])
    children = dc.make_children(posyandu, posyandu["kel"].to_numpy(), kel["kode_kecamatan"].to_numpy()[posyandu["kel"]],
                                children_per_pos, rng)
    s_unit = (stunting[:, 0] - stunting[:, 0].min()) / np.ptp(stunting[:, 0])
    attendance = np.clip(0.95 - 0.10 * s_unit + rng.normal(0, 0.02, len(kel)), 0.75, 0.97)
    m = dc.make_measurements(children, len(posyandu), stunting, wasting, attendance, rng)
    faults = qf.choose(posyandu, children_per_pos, set(outside["posyandu_id"]) if len(outside) else set())

    _write_geojson(dp.kelurahan_geojson(places), files.boundaries)
    _write_posyandu(posyandu, files.posyandu)
    sasaran = _write_sasaran(m, kel, files.sasaran, rng, s_unit)
    _plant_dua_angka(files, m, kel, stunting, sasaran)
    truth_m = _write_measurements(m, children, posyandu, files, rng, faults, qf.rng_for(seed))
    qf.write_truth(faults, files.truth_quality_faults)
    reg, base = ds.make_registers(m, children, posyandu, kel, stunting, rng)
    truth_s = _write_registers(reg, set(kel["kode"]), files, rng)
    _write_truth(files, kel, stunting, wasting, base, outside, pd.concat([truth_m, truth_s], ignore_index=True))
    files.manifest.write_text(json.dumps({
        "seed": seed, "fictional": True, "kota": dp.KOTA_NAME, "kode": dp.KOTA_CODE,
        "measurements": [p.relative_to(out_dir).as_posix() for p in files.measurements],
        "services": [p.relative_to(out_dir).as_posix() for p in files.services],
    }, indent=2) + "\n", encoding="utf-8")
    return files


def _normalise(w: np.ndarray) -> np.ndarray:
    """Weights scaled to sum 1."""
    return w / w.sum()


def _clean_previous(files: DemoFiles) -> None:
    """Remove files a previous generation listed in its manifest (only ours), so no stale export lingers."""
    old = demo_files(files.root)
    for p in [*old.measurements, *old.services]:
        if p.is_file() and p.name.startswith(PREFIX):
            p.unlink()


def _slug(text: str) -> str:
    """'Puskesmas Bukit Asri II' -> 'pkm_bukit_asri_ii'."""
    return re.sub(r"[^a-z0-9]+", "_", text.lower().replace("puskesmas", "pkm")).strip("_")


# ---------------------------------------------------------------- formatting helpers

def _fmt_num(values, decimals: int, comma: bool = False) -> np.ndarray:
    """Numbers as text with fixed decimals ('' for NaN), decimal comma when asked."""
    v = pd.to_numeric(pd.Series(values), errors="coerce").to_numpy(dtype=float).tolist()
    text = ["" if x != x else f"{x:.{decimals}f}" for x in v]
    if comma:
        text = [t.replace(".", ",") for t in text]
    return np.array(text, dtype=object)


def _fmt_date(values, style: str) -> np.ndarray:
    """Dates as text: style 'iso' (YYYY-MM-DD) or 'dmy' (dd/mm/yyyy); '' for NaT."""
    d = pd.Series(pd.to_datetime(values))
    text = d.dt.strftime("%Y-%m-%d" if style == "iso" else "%d/%m/%Y")
    return text.fillna("").to_numpy()


EPPGBM_DECIMALS = {"BB Lahir": 2, "TB Lahir": 1, "Berat": 1, "Tinggi": 1, "LiLA": 1, "ZS BB/U": 2,
                   "ZS TB/U": 2, "ZS BB/TB": 2, "PMT Diterima (kg)": 1}
EPPGBM_DATES = ["Tgl Lahir", "Tanggal Pengukuran"]


def _as_text(frame: pd.DataFrame, decimals: dict[str, int], dates: list[str], date_style: str,
             comma: bool) -> pd.DataFrame:
    """A typed table as all-text columns for CSV."""
    out = frame.copy()
    for col, dec in decimals.items():
        out[col] = _fmt_num(out[col], dec, comma)
    for col in dates:
        out[col] = _fmt_date(out[col], date_style)
    return out.fillna("").astype(str)


def _write_csv(text: pd.DataFrame, path: Path, sep: str = ",", bom: bool = False, crlf: bool = False) -> None:
    """Write an all-text table as CSV (minimal quoting), deterministic bytes."""
    buf = io.StringIO()
    text.to_csv(buf, sep=sep, index=False, lineterminator="\r\n" if crlf else "\n")
    path.write_bytes(("\ufeff" if bom else "").encode("utf-8") + buf.getvalue().encode("utf-8"))


def _write_xlsx(frame: pd.DataFrame, path: Path, sheet: str, title: str, real_dates: list[str],
                text_dates: list[str]) -> None:
    """Write a typed table as XLSX: real_dates as Excel dates (dd/mm/yyyy), text_dates as 'dd/mm/yyyy'
    text, NaN/''/None as empty cells, numbers as numbers, the rest as text.

    openpyxl makes the package (properties, styles with the date format); the sheet's rows are then
    written directly as SpreadsheetML (inline strings), because openpyxl's cell writer needs ~30 s for
    the demo's ~700,000 cells. Zip dates are fixed so the bytes are identical on every run.
    """
    from openpyxl import Workbook

    wb = Workbook()
    wb.properties.creator = "peta-stunting (data demo FIKTIF)"
    wb.properties.title = title
    wb.properties.description = "Data fiktif Kota Contoh untuk demo; bukan data nyata."
    wb.properties.created = FIXED_TIME
    wb.properties.modified = FIXED_TIME
    ws = wb.active
    ws.title = sheet
    probe = ws.cell(row=1, column=1, value=FIXED_TIME)
    probe.number_format = "dd/mm/yyyy"
    buf = io.BytesIO()
    wb.save(buf)
    with zipfile.ZipFile(buf) as zin:
        entries = {info.filename: zin.read(info.filename) for info in zin.infolist()}
    sheet_name = "xl/worksheets/sheet1.xml"
    xml = entries[sheet_name].decode("utf-8")
    date_style = re.search(r'<c r="A1"[^>]* s="(\d+)"', xml).group(1)
    rows = _sheet_rows(frame, real_dates, text_dates, date_style)
    last = f"{_column_letter(len(frame.columns))}{len(frame) + 1}"
    xml = re.sub(r"<dimension ref=\"[^\"]*\"\s*/>", f'<dimension ref="A1:{last}"/>', xml)
    xml = re.sub(r"<sheetData>.*</sheetData>|<sheetData\s*/>", lambda _: f"<sheetData>{rows}</sheetData>", xml,
                 flags=re.S)
    entries[sheet_name] = xml.encode("utf-8")
    _write_zip(entries, path)


def _column_letter(n: int) -> str:
    """1 -> 'A', 27 -> 'AA'."""
    out = ""
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


def _xml_escape(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def _cell(ref: str, value) -> str:
    """One SpreadsheetML cell: number, inline string, or '' (empty cell omitted)."""
    if value is None or (isinstance(value, float) and np.isnan(value)) or value is pd.NaT:
        return ""
    if isinstance(value, (bool, np.bool_)):
        value = str(value)
    if isinstance(value, (int, np.integer)):
        return f'<c r="{ref}"><v>{int(value)}</v></c>'
    if isinstance(value, (float, np.floating)):
        return f'<c r="{ref}"><v>{float(value)!r}</v></c>'
    text = str(value)
    if text == "":
        return ""
    return f'<c r="{ref}" t="inlineStr"><is><t>{_xml_escape(text)}</t></is></c>'


EXCEL_EPOCH = np.datetime64("1899-12-30")


def _date_cell(ref: str, value, style: str) -> str:
    """A date as an Excel serial day number with the date style; a string stays an inline string."""
    if isinstance(value, str) or value is None:
        return _cell(ref, value)
    if pd.isna(value):
        return ""
    days = int((np.datetime64(value, "D") - EXCEL_EPOCH).astype(int))
    return f'<c r="{ref}" s="{style}"><v>{days}</v></c>'


def _sheet_rows(frame: pd.DataFrame, real_dates: list[str], text_dates: list[str], date_style: str) -> str:
    """The <row> elements of a sheet: header in row 1, data from row 2."""
    n = len(frame)
    row_no = np.arange(2, n + 2).astype(str)
    header = "".join(_cell(f"{_column_letter(i + 1)}1", c) for i, c in enumerate(frame.columns))
    body = pd.Series([""] * n, dtype=object)
    for i, col in enumerate(frame.columns):
        letter = _column_letter(i + 1)
        refs = [letter + r for r in row_no]
        if col in real_dates:   # dates as Excel serial days; text mixed in stays text
            cells = [_date_cell(ref, v, date_style) for ref, v in zip(refs, frame[col].to_numpy(dtype=object))]
        elif col in text_dates:
            cells = [_cell(ref, v) for ref, v in zip(refs, _fmt_date(frame[col], "dmy"))]
        else:
            cells = [_cell(ref, v) for ref, v in zip(refs, frame[col].to_numpy(dtype=object))]
        body = body + pd.Series(cells, dtype=object)
    rows = '<row r="1">' + header + "</row>"
    return rows + "".join(f'<row r="{r}">{cells}</row>' for r, cells in zip(row_no, body))


def _write_zip(entries: dict[str, bytes], path: Path) -> None:
    """Write the XLSX zip with fixed entry dates and fixed created/modified properties (same bytes)."""
    stamp = FIXED_TIME.strftime("%Y-%m-%dT%H:%M:%SZ").encode()
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zout:
        for name, data in entries.items():
            if name == "docProps/core.xml":
                data = re.sub(rb"(<dcterms:modified[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
                data = re.sub(rb"(<dcterms:created[^>]*>)[^<]*", rb"\g<1>" + stamp, data)
            info = zipfile.ZipInfo(name, date_time=FIXED_TIME.timetuple()[:6])
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zout.writestr(info, data)
    path.write_bytes(buf.getvalue())


# ---------------------------------------------------------------- writers

def _write_geojson(collection: dict, path: Path) -> None:
    """GeoJSON, one feature per line (like the shared boundary files)."""
    head = {k: v for k, v in collection.items() if k != "features"}
    lines = ["{"] + [f"{json.dumps(k)}: {json.dumps(v, ensure_ascii=False)}," for k, v in head.items()]
    lines.append('"features": [')
    feats = [json.dumps(f, ensure_ascii=False, separators=(",", ":")) for f in collection["features"]]
    lines.append(",\n".join(feats))
    lines += ["]", "}"]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_posyandu(pos: pd.DataFrame, path: Path) -> None:
    """Posyandu list CSV (comma, coordinates WGS84 with 6 decimals, empty when unknown)."""
    out = pd.DataFrame({
        "Kode Posyandu": pos["posyandu_id"], "Nama Posyandu": pos["nama"], "Kode Desa/Kel": pos["kode"],
        "Desa/Kel": pos["kel_nama"], "Kecamatan": pos["kecamatan"], "Puskesmas": pos["puskesmas"],
        "Longitude": _fmt_num(pos["lon"], 6), "Latitude": _fmt_num(pos["lat"], 6),
    })
    _write_csv(out, path)


def _write_sasaran(m: pd.DataFrame, kel: pd.DataFrame, path: Path, rng: np.random.Generator,
                   stunting_rank: np.ndarray) -> pd.DataFrame:
    """Sasaran CSV: per kelurahan and year, target children 0-59 months = the larger round's measured count
    divided by a coverage that falls where stunting is high (pipelines.demo.dua_angka, ~69-95 %), rounded up.
    Returns kode, year, sasaran."""
    year = np.array([dc.ROUNDS[r][0] for r in m["round"]])
    counts = m.assign(year=year).groupby(["kel", "year", "round"]).size().groupby(["kel", "year"]).max()
    years = sorted({y for y, _ in dc.ROUNDS})
    coverage = dua.sasaran_coverage(stunting_rank, len(years), rng)
    rows = []
    for k in range(len(kel)):
        for j, y in enumerate(years):
            measured = int(counts.get((k, y), 0))
            rows.append((kel["kode"].iloc[k], y, int(np.ceil(measured / coverage[k, j]))))
    frame = pd.DataFrame(rows, columns=["Kode Desa/Kel", "Tahun", "Sasaran Balita"])
    _write_csv(frame.astype(str), path)
    return frame.rename(columns={"Kode Desa/Kel": "kode", "Tahun": "year", "Sasaran Balita": "sasaran"})


def _plant_dua_angka(files: DemoFiles, m: pd.DataFrame, kel: pd.DataFrame, stunting: np.ndarray,
                     sasaran: pd.DataFrame) -> None:
    """The Dua Angka plant (pipelines.demo.dua_angka): unmeasured children more often stunted, a fictional
    survey figure; the measurements are not changed."""
    measured = m.groupby(["kel", "round"])["child"].nunique().reset_index(name="children")
    measured["kode"] = kel["kode"].to_numpy()[measured["kel"]]
    measured["period"] = [dc.PERIODS[r] for r in measured["round"]]
    n_k, n_r = stunting.shape
    aimed = pd.DataFrame({"kode": np.repeat(kel["kode"].to_numpy(), n_r), "period": np.tile(dc.PERIODS, n_k),
                          "stunting_expected": stunting.ravel()})
    desa = dua.population_truth(measured[["kode", "period", "children"]], sasaran, aimed)
    both = aimed.merge(measured, on=["kode", "period"])
    rate = {p: float(np.average(g["stunting_expected"], weights=g["children"])) for p, g in both.groupby("period")}
    dua.write_plant(files.truth_dua_angka.parent, files.survey, desa, dp.KOTA_CODE, dp.KOTA_NAME, rate)


TEXT_BIRTH_DATE_SHARE = 0.15   # in the XLSX export, some children's birth dates are 'dd/mm/yyyy' text


def _flavours(sizes: dict[str, int]) -> dict[str, str]:
    """File flavour per puskesmas: the smallest export is XLSX (openpyxl reads ~100,000 cells a second, so
    one workbook keeps the demo build quick); the others alternate CSV comma + ISO dates and CSV semicolon
    + decimal comma + dd/mm/yyyy + BOM (sorted by name)."""
    smallest = min(sizes, key=lambda k: (sizes[k], k))
    others = sorted(k for k in sizes if k != smallest)
    out = {k: ("csv_iso", "csv_id")[i % 2] for i, k in enumerate(others)}
    out[smallest] = "xlsx"
    return out


def _write_measurements(m: pd.DataFrame, children: pd.DataFrame, posyandu: pd.DataFrame, files: DemoFiles,
                        rng: np.random.Generator, faults: qf.QualityFaults,
                        fault_rng: np.random.Generator) -> pd.DataFrame:
    """One e-PPGBM export per puskesmas in a mix of flavours, with the planted data-quality faults (their own
    random stream: the rest of the demo draws the same numbers as without them); returns the dirty-row truth."""
    table = de.eppgbm_table(m, children, posyandu, rng)
    table = qf.plant_posyandu_faults(table, faults, fault_rng)
    per_pkm, truth = de.split_and_dirty(table, rng)
    qf.plant_zeros(per_pkm, truth, faults, fault_rng)
    flavours = _flavours({k: len(v) for k, v in per_pkm.items()})
    folder = files.root / "inputs" / "eppgbm"
    names = {}
    for pkm, frame in sorted(per_pkm.items()):
        flavour = flavours[pkm]
        stem = f"{PREFIX}_eppgbm_{_slug(pkm)}"
        if flavour == "csv_iso":
            path = folder / f"{stem}.csv"
            _write_csv(_as_text(frame, EPPGBM_DECIMALS, EPPGBM_DATES, "iso", False), path)
        elif flavour == "csv_id":
            path = folder / f"{stem}.csv"
            _write_csv(_as_text(frame, EPPGBM_DECIMALS, EPPGBM_DATES, "dmy", True), path, sep=";", bom=True, crlf=True)
        else:
            path = folder / f"{stem}.xlsx"
            typed = frame.copy()
            typed["Tgl Lahir"] = typed["Tgl Lahir"].astype(object)
            hand = (typed["NIK"].astype("int64") % 97 < 97 * TEXT_BIRTH_DATE_SHARE).to_numpy()  # per child
            typed.loc[hand, "Tgl Lahir"] = _fmt_date(frame.loc[hand, "Tgl Lahir"], "dmy")
            _write_xlsx(typed, path, "Data Balita", f"Ekspor e-PPGBM {pkm} - Kota Contoh (FIKTIF)", EPPGBM_DATES, [])
        names[pkm] = path
        files.measurements.append(path)
    truth["file"] = truth["puskesmas"].map(lambda p: names[p].name)
    truth["kind"] = "measurement"
    return truth[["file", "row", "reason_code", "kind"]]


XLSX_REGISTER_KEC = 8    # this kecamatan's KPM sends its register as one XLSX with 1/0 values


def _write_registers(reg: pd.DataFrame, known_kode: set[str], files: DemoFiles, rng: np.random.Generator) -> pd.DataFrame:
    """1000-HPK registers: one CSV per year (all kecamatan but one) and one XLSX for the remaining
    kecamatan (services as 1/0). Returns the dirty-row truth."""
    folder = files.root / "inputs" / "layanan_1000hpk"
    kec_xlsx = f"{dp.KOTA_CODE}.{XLSX_REGISTER_KEC:02d}"
    kec_name = dp.KECAMATAN_NAMES[XLSX_REGISTER_KEC - 1]
    year = reg["Periode"].str[:4]
    parts: dict[str, pd.DataFrame] = {}
    for y in sorted(year.unique()):
        parts[f"{PREFIX}_1000hpk_{y}.csv"] = reg[(year == y).to_numpy() & (reg["_kec"] != kec_xlsx).to_numpy()]
    parts[f"{PREFIX}_1000hpk_kec_{_slug(kec_name)}_2024-2025.xlsx"] = reg[reg["_kec"] == kec_xlsx]
    parts = {k: v.drop(columns=["_kel", "_round", "_kec"]).reset_index(drop=True) for k, v in parts.items()}
    truth = ds.dirty_registers(parts, known_kode, rng)
    for name, frame in parts.items():
        path = folder / name
        if name.endswith(".csv"):
            _write_csv(_as_text(frame, {"Usia (bulan)": 0}, ["Tgl Lahir"], "iso", False), path)
        else:
            typed = frame.copy()
            for svc in ds.SERVICE_COLUMNS:
                typed[svc] = typed[svc].map(lambda v: {"ya": 1, "tidak": 0, "": None}.get(v, v))
            typed["Usia (bulan)"] = typed["Usia (bulan)"].astype(object).where(typed["Usia (bulan)"].notna(), None)
            _write_xlsx(typed, path, "Register 1000 HPK", f"Register 1000 HPK Kec. {kec_name} - Kota Contoh (FIKTIF)",
                        ["Tgl Lahir"], [])
        files.services.append(path)
    truth["file"] = truth["file_key"]
    truth["kind"] = "service"
    return truth[["file", "row", "reason_code", "kind"]]


def _write_truth(files: DemoFiles, kel: pd.DataFrame, stunting: np.ndarray, wasting: np.ndarray,
                 base: np.ndarray, outside: pd.DataFrame, dirty: pd.DataFrame) -> None:
    """The truth files (what the generator aimed for)."""
    n_k, n_r = stunting.shape
    kode = np.repeat(kel["kode"].to_numpy(), n_r)
    period = np.tile(dc.PERIODS, n_k)
    prev = pd.DataFrame({"kode": kode, "period": period,
                         "stunting_expected": _fmt_num(stunting.ravel(), 6),
                         "wasting_expected": _fmt_num(wasting.ravel(), 6)})
    _write_csv(prev, files.truth_prevalence)
    svc = pd.DataFrame({"kode": kode, "period": period, "service_yes_base": _fmt_num(base.ravel(), 6)})
    _write_csv(svc, files.truth_services)
    dirty = dirty.sort_values(["kind", "file", "row"], kind="stable")
    _write_csv(dirty.astype(str), files.truth_dirty)
    out = outside.copy()
    out["lon"] = _fmt_num(out["lon"], 6)
    out["lat"] = _fmt_num(out["lat"], 6)
    _write_csv(out.astype(str), files.truth_posyandu_outside)
