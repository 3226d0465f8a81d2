"""1000-HPK services: packages, service registers, complete access, tingkat konvergensi, bottlenecks.

Packages
    `pipelines/services/packages.toml` (or the copy `Settings.packages_path` points at) lists the target types
    (`ibu_hamil`, `anak_0_23`, `anak_2_6`, with their age range in months), the risk markers (`kek_risti`,
    `gizi`) and the services of the Scorecard Konvergensi Desa: for each its code (= register column and
    indicator `svc_<code>`), Indonesian label, the target types whose package holds it, an optional age
    window (`from_months`/`to_months`, e.g. `imunisasi_dasar` from 12 months) and an optional risk marker
    (e.g. `kunjungan_rumah_ibu` only for KEK/risti mothers). Codes are checked against `IDENT_PATTERN`
    before they are ever used as a column name in SQL.

Registers (`load_registers`)
    One row per target per period, CSV/XLSX/Parquet read by `pipelines.inputs.tabular.stage_file`. Headers: see
    `write_template` (`Jenis Sasaran, ID Sasaran, Kode Desa/Kel, Posyandu, Periode, Usia (bulan), Tgl Lahir,
    KEK/Risti, Gizi Buruk/Kurang/Stunting`, then one column per service code). Service cells: `ya`/`1` =
    received, `tidak`/`0` = not received, empty = not recorded (case-insensitive). Empty risk cells count as
    `tidak`. Child age: `Usia (bulan)` when filled (what the KPM reported), else whole months from `Tgl Lahir`
    to the last day of the period month. Mothers have no age (their age columns are ignored).

    A row is quarantined (kind `service`, one entry per row: its first problem in this order) for:
    empty/unknown target type (`missing_value`/`unknown_target_type`), empty `ID Sasaran` (`missing_value`),
    empty or bad period (`invalid_period`: accepted `YYYY-MM`, `YYYY/MM`, `YYYY-M` and an ISO date, stored
    `YYYY-MM`), empty/unknown kelurahan code (`unknown_kelurahan`; the code must be in table `kelurahan`),
    child age missing / unreadable / outside the target type's range (`missing_value`, `invalid_number`,
    `unparseable_date`, `age_out_of_range`), a service or used risk-marker cell other than
    ya/tidak/1/0/empty (`invalid_service_value`; only the columns of the row's own package are checked), and
    a second row for the same target type + target id + period (`duplicate`: the first row, in file order
    then row order, is kept). Target ids are stored only as the keyed hash (`pipelines.privacy`).

Tables written
    `service_packages(target_type, service, label, from_months, to_months, risk, ordinal)`: the package rules
    used (one row per service per target type; ordinal = order in the packages file).
    `service_target_types(target_type, label, age_from, age_to)`: the target types and their age ranges.
    `service_status(target_id, target_type, kode, period, service, status)`: one row per accepted target,
    period and service of its package; `status` is `received`, `not_received`, `unrecorded` (cell empty) or
    `not_applicable` (risk marker not set, or age outside the service's window).
    `service_targets`: one row per accepted target per period: `target_id` (keyed hash), `target_type`,
    `kode`, `posyandu`, `period`, `age_months` (NULL for ibu hamil), `risk_<marker>` BOOLEAN per risk marker,
    `n_applicable`, `n_received`, `n_unrecorded`, `complete` (every applicable service received),
    `source_file`, `source_row`, then one VARCHAR column per service code holding the status above
    (`not_applicable` also for services outside the target type's package).
    `service_bottleneck(level, kode, period, service, targets_blocked, rank)`: see `build_service_indicators`.

Indicators (`build_service_indicators`), per kelurahan, kecamatan and kabupaten/kota (from
`kelurahan.kecamatan_kode` / `kabupaten_kode` like the growth indicators; the code's first 8 / 5 characters
when the table lacks them) and period, with 95 % Wilson intervals:
    `hpk_complete_access[_<type>]`  targets with every applicable service received / targets
    `konvergensi[_<type>]`          applicable services received / applicable services (scorecard Tabel 4)
    `svc_<service>`                 targets that received the service / targets to whom it applies
    `hpk_incomplete_records[_<type>]` targets with >= 1 unrecorded applicable service / targets
    Targets with no applicable service in the period count in none of them. `Settings.unrecorded`:
    `missing` (default) counts an unrecorded applicable service as not received; `exclude` drops targets
    with any unrecorded applicable service from the complete-access and konvergensi denominators (and, for
    `svc_<service>`, targets whose cell for that service is empty). `hpk_incomplete_records` ignores the
    setting.
"""
from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from pipelines.present.glossary import text
from pipelines.present.messages import Words, said
from pipelines.privacy import hash_id_sql
from pipelines.inputs.reasons import reasons_frame
from pipelines.settings import Settings, default_packages_path
from pipelines.inputs.tabular import file_sha256
from pipelines.sqlfiles import install_macros, run_sql, table_exists

from pipelines.indicators.combine import combine_indicators
from pipelines.inputs.quarantine import write_quarantine
from pipelines.inputs.readers import FileReport


KIND = "service"
DEFAULT_PACKAGES = default_packages_path()
IDENT_PATTERN = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
UNRECORDED_MODES = ("missing", "exclude")
STAGE_TABLE = "_svc_stage"

# Identification columns of a register: canonical name -> (template header, other accepted headers, help).
ID_COLUMNS: dict[str, tuple[str, list[str], str]] = {
    "target_type": ("Jenis Sasaran", ["Jenis", "Kategori Sasaran"],
                    "Wajib. Salah satu: {types}."),
    "target_id": ("ID Sasaran", ["NIK", "NIK Sasaran", "No Register", "ID", "Nomor Register"],
                  "Wajib. NIK atau nomor register sasaran; disamarkan (hash) saat impor, tidak disimpan."),
    "kode": ("Kode Desa/Kel", ["Kode Desa", "Kode Kelurahan", "Kode Kel", "kode_desa", "Kode Wilayah"],
             "Wajib. Kode Kemendagri kelurahan/desa, contoh 17.71.01.1001."),
    "posyandu": ("Posyandu", ["Nama Posyandu", "Kode Posyandu"], "Nama atau kode posyandu (boleh kosong)."),
    "period": ("Periode", ["Bulan", "Periode (YYYY-MM)", "Bulan Laporan"],
               "Wajib. Bulan laporan, format YYYY-MM, contoh 2025-03."),
    "age_months": ("Usia (bulan)", ["Umur (bulan)", "Usia Bulan", "Umur Bulan", "Usia Anak (bulan)"],
                   "Anak: umur dalam bulan penuh. Boleh kosong bila Tgl Lahir diisi. Kosongkan untuk ibu hamil."),
    "birth_date": ("Tgl Lahir", ["Tanggal Lahir", "Tgl. Lahir"],
                   "Anak: tanggal lahir (YYYY-MM-DD atau DD/MM/YYYY), dipakai bila Usia (bulan) kosong."),
}
REQUIRED_COLUMNS = ("target_type", "target_id", "kode", "period")
RESERVED_NAMES = set(ID_COLUMNS) | {
    "source_row", "source_file", "file_index", "n_applicable", "n_received", "n_unrecorded", "complete",
}

HINTS = {
    "target_type": "Isi salah satu: {types}",
    "target_id": "ID Sasaran (NIK atau nomor register) wajib diisi",
    "period": "Tulis periode sebagai YYYY-MM, contoh 2025-03",
    "kode": "Gunakan kode Kemendagri kelurahan/desa yang ada di peta batas wilayah, contoh 17.71.01.1001",
    "value": "Isi ya, tidak, 1 atau 0, atau biarkan kosong bila tidak tercatat",
}


# --- packages -----------------------------------------------------------------------------------------


@dataclass(frozen=True)
class TargetType:
    code: str
    label: str
    age_from: int | None = None  # months, inclusive; None = the target has no age (ibu hamil)
    age_to: int | None = None


@dataclass(frozen=True)
class RiskMarker:
    code: str
    header: str
    label: str
    aliases: tuple[str, ...] = ()

    @property
    def column(self) -> str:
        """Column name of the marker in staging and in `service_targets`."""
        return f"risk_{self.code}"


@dataclass(frozen=True)
class Service:
    code: str
    label: str
    targets: tuple[str, ...]
    from_months: int | None = None
    to_months: int | None = None
    risk: str | None = None
    aliases: tuple[str, ...] = ()


@dataclass
class Packages:
    """The 1000-HPK package rules of one packages TOML file."""

    target_types: dict[str, TargetType]
    risk_markers: dict[str, RiskMarker]
    services: list[Service]
    source: Path | None = None

    def services_for(self, target_type: str) -> list[Service]:
        return [s for s in self.services if target_type in s.targets]


def _check_ident(name: object, what: str, where: Path) -> str:
    """`name` if it is a safe lower-case identifier, else ValueError naming the file (`what`: a glossary key)."""
    if not isinstance(name, str) or not IDENT_PATTERN.match(name):
        raise said(ValueError, "pkg_bad_ident", where=where, what=Words(what), name=repr(name))
    return name


def _optional_int(value: object, what: str, where: Path) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise said(ValueError, "pkg_not_whole", where=where, what=what)
    return value


def load_packages(path: Path | None = None) -> Packages:
    """Read and validate a packages TOML file (default: the shipped `pipelines/services/packages.toml`)."""
    path = Path(path) if path else DEFAULT_PACKAGES
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    types = {}
    for code, spec in data.get("target_types", {}).items():
        _check_ident(code, "ident_target_type", path)
        age_from = _optional_int(spec.get("age_from"), f"target_types.{code}.age_from", path)
        age_to = _optional_int(spec.get("age_to"), f"target_types.{code}.age_to", path)
        if (age_from is None) != (age_to is None) or (age_from is not None and age_from > age_to):
            raise said(ValueError, "pkg_ages", where=path, code=code)
        types[code] = TargetType(code, str(spec.get("label", code)), age_from, age_to)
    markers = {}
    for code, spec in data.get("risk_markers", {}).items():
        _check_ident(code, "ident_risk_marker", path)
        markers[code] = RiskMarker(code, str(spec.get("header", code)), str(spec.get("label", code)),
                                   tuple(str(a) for a in spec.get("aliases", [])))
    services = [_parse_service(spec, types, markers, path) for spec in data.get("services", [])]
    _check_packages(types, markers, services, path)
    return Packages(types, markers, services, path)


def _parse_service(spec: dict, types: dict, markers: dict, path: Path) -> Service:
    code = _check_ident(spec.get("code"), "ident_service", path)
    targets = tuple(spec.get("targets", []))
    unknown = [t for t in targets if t not in types]
    if not targets or unknown:
        raise said(ValueError, "pkg_targets", where=path, code=code, targets=list(targets), types=list(types))
    risk = spec.get("risk")
    if risk is not None and risk not in markers:
        raise said(ValueError, "pkg_risk", where=path, code=code, risk=repr(risk), markers=list(markers))
    from_m = _optional_int(spec.get("from_months"), f"{code}.from_months", path)
    to_m = _optional_int(spec.get("to_months"), f"{code}.to_months", path)
    if from_m is not None and to_m is not None and from_m > to_m:
        raise said(ValueError, "pkg_months", where=path, code=code)
    return Service(code, str(spec.get("label", code)), targets, from_m, to_m, risk,
                   tuple(str(a) for a in spec.get("aliases", [])))


def _check_packages(types: dict, markers: dict, services: list[Service], path: Path) -> None:
    if not types or not services:
        raise said(ValueError, "pkg_empty", where=path)
    columns = [s.code for s in services] + [m.column for m in markers.values()]
    doubled = sorted({c for c in columns if columns.count(c) > 1})
    if doubled:
        raise said(ValueError, "pkg_duplicate", where=path, codes=doubled)
    clash = sorted(set(columns) & RESERVED_NAMES) + [s.code for s in services if s.code.startswith("risk_")]
    if clash:
        raise said(ValueError, "pkg_reserved", where=path, codes=clash)
    empty = [t for t in types if not any(t in s.targets for s in services)]
    if empty:
        raise said(ValueError, "pkg_type_unused", where=path, types=empty)


def _quote(name: str) -> str:
    """A validated identifier in double quotes (the only way a name reaches SQL text)."""
    if not IDENT_PATTERN.match(name):
        raise ValueError(f"unsafe identifier {name!r}")
    return f'"{name}"'


def _literal(name: str) -> str:
    """A validated identifier as a SQL string literal."""
    if not IDENT_PATTERN.match(name):
        raise ValueError(f"unsafe identifier {name!r}")
    return f"'{name}'"


def register_columns(packages: Packages) -> dict[str, tuple[str, list[str]]]:
    """Every register column: canonical name -> (template header, accepted headers)."""
    columns = {key: (header, [header, *aliases]) for key, (header, aliases, _) in ID_COLUMNS.items()}
    for marker in packages.risk_markers.values():
        columns[marker.column] = (marker.header, [marker.header, *marker.aliases])
    for service in packages.services:
        columns[service.code] = (service.code, [service.code, service.label, *service.aliases])
    return columns


# --- SQL helpers --------------------------------------------------------------------------------------


def _write_package_tables(con, packages: Packages) -> None:
    """Tables `service_packages` and `service_target_types` from the rules."""
    rows = []
    for ordinal, s in enumerate(packages.services, start=1):
        for t in s.targets:
            rows.append((t, s.code, s.label, s.from_months, s.to_months, s.risk, ordinal))
    pkg = pd.DataFrame(rows, columns=["target_type", "service", "label", "from_months", "to_months", "risk", "ordinal"])
    types = pd.DataFrame(
        [(t.code, t.label, t.age_from, t.age_to) for t in packages.target_types.values()],
        columns=["target_type", "label", "age_from", "age_to"],
    )
    for frame in (pkg, types):
        for col in ("from_months", "to_months", "age_from", "age_to"):
            if col in frame:
                frame[col] = frame[col].astype("Int64")
    con.register("_svc_packages_df", pkg)
    con.register("_svc_types_df", types)
    try:
        run_sql(con, "service_packages")
    finally:
        con.unregister("_svc_packages_df")
        con.unregister("_svc_types_df")


# --- registers ----------------------------------------------------------------------------------------


def load_registers(con, files: list[Path], hash_key: str, settings: Settings | None = None) -> list[FileReport]:
    """Import 1000-HPK service registers into `service_targets` / `service_status`; rejects to `quarantine`.

    Requires table `kelurahan(kode, ...)`. Replaces earlier service tables and the earlier `service`
    quarantine rows, so calling it twice gives the same database. Returns one report per file.
    """
    from pipelines.inputs.readers import refused_report
    from pipelines.inputs.tabular import FileError, stage_file

    settings = settings or Settings()
    packages = load_packages(settings.packages_path)
    columns = register_columns(packages)
    files = [Path(p) for p in files]
    _write_package_tables(con, packages)
    _create_raw_table(con, columns)
    headers, reports, refused, indexes = [], [], [], []
    try:
        for index, (path, name) in enumerate(zip(files, _unique_names(files))):
            try:
                staged = stage_file(
                    con, path, STAGE_TABLE,
                    aliases={key: accepted for key, (_, accepted) in columns.items()},
                    required=REQUIRED_COLUMNS,
                    source_file=name,
                    labels={key: header for key, (header, _) in columns.items()},
                )
            except FileError as exc:  # refused by name; the other registers of the import still import
                con.execute(f"DROP TABLE IF EXISTS {STAGE_TABLE}")
                refused.append(refused_report(name, KIND, path, exc))
                continue
            con.execute(
                f"INSERT INTO _svc_raw BY NAME SELECT *, $file_index::INTEGER AS file_index FROM {STAGE_TABLE}",
                {"file_index": index},
            )
            con.execute(f"DROP TABLE IF EXISTS {STAGE_TABLE}")
            headers += [(index, key, staged.matched.get(key, header)) for key, (header, _) in columns.items()]
            reports.append(FileReport(file_name=name, kind=KIND, rows_read=staged.rows, rows_accepted=0,
                                      rows_quarantined=0, by_reason={}, sha256=file_sha256(path),
                                      encoding=staged.encoding))
            indexes.append(index)
        if refused and not reports:  # nothing would import: the import fails, naming every file
            raise FileError("\n".join(r.refused for r in refused))
        _validate(con, packages, headers, hash_key)
        _write_tables(con, packages)
        _fill_reports(con, reports, indexes)
    finally:
        _drop_private(con)  # the TEMP tables hold clear ids
    return refused + reports  # refused files first


def _unique_names(files: list[Path]) -> list[str]:
    """File names for messages: the base name, `name (2)` when two different paths share it."""
    names: list[str] = []
    seen: dict[str, Path] = {}
    for path in files:
        name = path.name
        if name in seen and seen[name].resolve() != path.resolve():
            k = 2
            while f"{name} ({k})" in seen:
                k += 1
            name = f"{name} ({k})"
        seen.setdefault(name, path)
        names.append(name)
    return names


def _create_raw_table(con, columns: dict) -> None:
    """Empty TEMP table `_svc_raw`: one VARCHAR per register column, source_row/source_file/file_index."""
    body = ", ".join(f"{_quote(key)} VARCHAR" for key in columns)
    con.execute(
        f"CREATE OR REPLACE TEMP TABLE _svc_raw ({body}, source_row BIGINT, source_file VARCHAR, "
        "column_count_bad BOOLEAN, file_index INTEGER)"
    )


def _validate(con, packages: Packages, headers: list[tuple], hash_key: str) -> None:
    """Parse and check every staged row: `_svc_parsed`, `_svc_cells`, `_svc_problem`, `_svc_accepted`."""
    if not table_exists(con, "kelurahan"):
        raise said(ValueError, "ferr_boundaries_first")
    checked = [
        (t, s.code, n) for t in packages.target_types for n, s in enumerate(packages.services_for(t), start=1)
    ]
    checked += [
        (t, packages.risk_markers[r].column, 0)
        for t in packages.target_types
        for r in sorted({s.risk for s in packages.services_for(t) if s.risk})
    ]
    frames = {
        "_svc_headers_df": pd.DataFrame(headers, columns=["file_index", "column_key", "header"]),
        "_svc_checked_df": pd.DataFrame(checked, columns=["target_type", "column_key", "ordinal"]),
        "_svc_reasons_df": reasons_frame(KIND),  # a register duplicate: same target, period and ID
    }
    for name, frame in frames.items():
        con.register(name, frame)
    types = ", ".join(packages.target_types)
    try:
        run_sql(
            con, "service_staging",
            params={"hash_key": hash_key, "type_hint": HINTS["target_type"].format(types=types),
                    "id_hint": HINTS["target_id"], "period_hint": HINTS["period"], "kode_hint": HINTS["kode"],
                    "value_hint": HINTS["value"], "kind": KIND, "column_count_hint": text("hint_column_count")},
            fill={"target_hash": hash_id_sql("clear_id")},
        )
        run_sql(con, "quarantine_services", params={"kind": KIND})
        write_quarantine(con, KIND, "quarantine_services")
    finally:
        for name in frames:
            con.unregister(name)


def _write_tables(con, packages: Packages) -> None:
    """`service_status` and the wide `service_targets` from the accepted rows."""
    run_sql(con, "service_status")
    risk_columns = "".join(
        f"coalesce(bool_or(c.flag) FILTER (WHERE c.column_key = {_literal(m.column)}), FALSE) AS {_quote(m.column)}, "
        for m in packages.risk_markers.values()
    )
    service_columns = "".join(
        f", coalesce(max(s.status) FILTER (WHERE s.service = {_literal(s.code)}), 'not_applicable') AS {_quote(s.code)}"
        for s in packages.services
    )
    run_sql(con, "service_targets", fill={"risk_columns": risk_columns, "service_columns": service_columns})


def _fill_reports(con, reports: list[FileReport], indexes: list[int]) -> None:
    """Accepted / quarantined counts per file (`indexes`: each report's file index) and rows by reason."""
    accepted = dict(con.execute("SELECT file_index, count(*) FROM _svc_accepted GROUP BY ALL").fetchall())
    for index, report in zip(indexes, reports):
        report.rows_accepted = int(accepted.get(index, 0))
        by_reason = con.execute(
            "SELECT reason_code, count(*) FROM _svc_problem WHERE file_index = $i GROUP BY ALL ORDER BY 2 DESC, 1",
            {"i": index},
        ).fetchall()
        report.by_reason = {code: int(n) for code, n in by_reason}
        report.rows_quarantined = sum(report.by_reason.values())


def _drop_private(con) -> None:
    """Drop the TEMP tables that hold clear ids or intermediate rows."""
    for table in ("_svc_raw", "_svc_parsed", "_svc_cells", "_svc_problems", "_svc_problem", "_svc_accepted",
                  "quarantine_services", STAGE_TABLE):
        con.execute(f"DROP TABLE IF EXISTS {table}")


# --- indicators ---------------------------------------------------------------------------------------


def build_service_indicators(con, settings: Settings | None = None) -> None:
    """Write the 1000-HPK indicators (`indicators_services`, and with it `indicators`) and `service_bottleneck`.

    `service_bottleneck(level, kode, period, service, targets_blocked, rank)`: per kelurahan, kecamatan and
    kabupaten and period, for each service, the number of targets without complete access that lack it
    (applicable and not received; with `unrecorded = 'missing'` an unrecorded service counts as lacking,
    with `exclude` targets with an unrecorded service are left out). Only services with targets_blocked > 0;
    rank 1 = the bottleneck (ties broken by package order).
    """
    settings = settings or Settings()
    if settings.unrecorded not in UNRECORDED_MODES:
        raise ValueError(f"unrecorded harus 'missing' atau 'exclude', bukan {settings.unrecorded!r}")
    install_macros(con)
    _create_places(con)
    params = {"unrecorded": settings.unrecorded}
    run_sql(con, "indicators_services", params)
    combine_indicators(con)
    run_sql(con, "service_bottleneck", params)
    con.execute("DROP VIEW IF EXISTS _svc_places")


def _create_places(con) -> None:
    """TEMP view `_svc_places(kode, level, area)`: roll-up areas from `kelurahan`'s kecamatan_kode /
    kabupaten_kode columns when present (as the growth indicators do), else from the code's prefix."""
    have = {c for (c,) in con.execute(
        "SELECT column_name FROM information_schema.columns WHERE table_name = 'kelurahan'").fetchall()}
    fill = {
        "kecamatan": "kecamatan_kode" if "kecamatan_kode" in have else "left(kode, 8)",
        "kabupaten": "kabupaten_kode" if "kabupaten_kode" in have else "left(kode, 5)",
    }
    run_sql(con, "service_places", fill=fill)


# --- template -----------------------------------------------------------------------------------------


def write_template(path: Path, packages_path: Path | None = None) -> None:
    """An empty register with Indonesian headers: CSV, or XLSX with a second sheet explaining each column."""
    path = Path(path)
    packages = load_packages(packages_path)
    columns = register_columns(packages)
    headers = [header for header, _ in columns.values()]
    suffix = path.suffix.lower()
    if suffix == ".csv":
        path.write_text(",".join(headers) + "\n", encoding="utf-8-sig")
    elif suffix == ".xlsx":
        _write_xlsx_template(path, headers, _explanations(packages))
    else:
        raise ValueError(f"{path}: templat harus .csv atau .xlsx (template must be .csv or .xlsx)")


def _explanations(packages: Packages) -> list[tuple[str, str, str]]:
    """(header, allowed values, explanation) per register column, in Indonesian."""
    types = ", ".join(f"{t.code} ({t.label})" for t in packages.target_types.values())
    rows = [(header, _allowed(key, packages), help_.format(types=types))
            for key, (header, _, help_) in ID_COLUMNS.items()]
    for marker in packages.risk_markers.values():
        used = [s.code for s in packages.services if s.risk == marker.code]
        rows.append((marker.header, "ya / tidak / kosong (1 / 0 juga diterima)",
                     f"{marker.label}. Bila ya, layanan {', '.join(used)} berlaku. Kosong dianggap tidak."))
    for s in packages.services:
        note = f"{s.label}. Untuk: {', '.join(s.targets)}."
        if s.from_months is not None:
            note += f" Berlaku mulai umur {s.from_months} bulan."
        if s.to_months is not None:
            note += f" Berlaku sampai umur {s.to_months} bulan."
        if s.risk:
            note += f" Hanya bila {packages.risk_markers[s.risk].header} = ya."
        rows.append((s.code, "ya / tidak / kosong (1 / 0 juga diterima)", note + " Kosong = tidak tercatat."))
    return rows


def _allowed(key: str, packages: Packages) -> str:
    """What a register column accepts, in words."""
    return {
        "target_type": " / ".join(packages.target_types),
        "period": "YYYY-MM",
        "age_months": "0, 1, 2, ... (bulan penuh)",
        "birth_date": "YYYY-MM-DD atau DD/MM/YYYY",
    }.get(key, "teks")


def _write_xlsx_template(path: Path, headers: list[str], notes: list[tuple[str, str, str]]) -> None:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.worksheet.datavalidation import DataValidation

    wb = Workbook()
    ws = wb.active
    ws.title = "Register"
    ws.append(headers)
    for cell in ws[1]:
        cell.font = Font(bold=True)
    ws.freeze_panes = "A2"
    yes_no = DataValidation(type="list", formula1='"ya,tidak"', allow_blank=True)
    ws.add_data_validation(yes_no)
    text_columns = {"ID Sasaran", "Kode Desa/Kel", "Periode"}
    for i, header in enumerate(headers, start=1):
        letter = ws.cell(row=1, column=i).column_letter
        ws.column_dimensions[letter].width = max(12, len(header) + 2)
        if header in text_columns:  # keep NIK digits, codes and YYYY-MM as typed (no number/date conversion)
            for row in range(2, 1001):
                ws.cell(row=row, column=i).number_format = "@"
        if i > len(ID_COLUMNS):
            yes_no.add(f"{letter}2:{letter}1000")
    help_ws = wb.create_sheet("Petunjuk")
    help_ws.append(["Kolom", "Isian yang diterima", "Keterangan"])
    for cell in help_ws[1]:
        cell.font = Font(bold=True)
    for row in notes:
        help_ws.append(list(row))
    help_ws.append([])
    help_ws.append(["", "", "Satu baris per sasaran per periode. Isian layanan: ya (atau 1) = diterima, "
                            "tidak (atau 0) = tidak diterima, kosong = tidak tercatat."])
    help_ws.append([])
    help_ws.append(["Usia dari Tgl Lahir", "", text("template_age_rule", "id")])
    for example in ("template_age_example_plain", "template_age_example_month_end", "template_age_example_leap",
                    "template_age_example_unborn"):
        help_ws.append(["", "", text(example, "id")])
    for letter, width in (("A", 28), ("B", 30), ("C", 100)):
        help_ws.column_dimensions[letter].width = width
    wb.save(path)
