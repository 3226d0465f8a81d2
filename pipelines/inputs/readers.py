"""Import e-PPGBM exports, posyandu registers and sasaran files into DuckDB, with validation and quarantine.

Each loader stages its files as text (`pipelines.inputs.tabular`), then parses and validates every row in SQL
(`pipelines/sql/stage_*.sql`) and writes its table plus one `quarantine` record per refused row, so for
every file: rows read = rows accepted + rows quarantined. Nothing here commits or rolls back: the caller
wraps an import in one transaction. Staging tables are TEMP tables, dropped at the end; names, NIK,
addresses and RT/RW never reach a table of the database file.

Measurement validation order (the first failing rule decides the reason, `VALIDATION_ORDER`):
 1. `unknown_sex`: JK not L/P (also 1/2, M/F, Laki-laki/Perempuan) or empty
 2. Tgl Lahir empty (`missing_value`) or unreadable (`unparseable_date`); dates are dd/mm/yyyy
    (also - or . separators), ISO yyyy-mm-dd or Excel serial numbers, years 1900-2100
 3. Tanggal Pengukuran empty / unreadable, as above
 4. `birth_after_measurement`; 5. `age_over_59_months` (age > 1826 days)
 6. Berat / Tinggi not a number (`invalid_number`); sentinels 0, 8888, 9999 (and 888, 999, -1...)
    mean "not measured"; 7. both Berat and Tinggi missing (`missing_value`) — one of them is enough
 8. `height_weight_swapped` (weight in the height range and height in the weight range, not both valid)
 9. `height_out_of_range` (38-130 cm; hint mm or m), 10. `weight_out_of_range` (0.5-40 kg; hint grams)
 11. no identity: no valid 16-digit NIK and no name (`missing_value` on NIK)
 12. Desa/Kel: empty (`missing_value`), `unknown_kelurahan`, `ambiguous_kelurahan`
 13. `unknown_posyandu` (only when a posyandu register with rows is loaded; an empty Posyandu cell is kept
     with posyandu_id NULL)
 14. `duplicate`: same child_id, measurement date and posyandu (or kelurahan + posyandu name without a
     register) as an earlier row, by file order then row — re-imports and overlapping exports count once.

Child identity: child_id = keyed hash of the 16-digit NIK (`pipelines.privacy.hash_id`); spaces, apostrophes
and a trailing '.0' are repaired first. Without a NIK: keyed hash of 'nama:' + normalised name + birth date +
sex (note `nik_fallback`); the name itself is never stored. A damaged NIK (3.52E+15, digits lost to Excel) gets
note `invalid_nik` and the child id of the clean rows with the same name, birth date and sex when they name
one child, so a damaged copy of an export never counts a child twice. Usia Saat Ukur is only cross-checked against the dates (note `age_text_mismatch`).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable, Sequence

import duckdb

from . import aliases as A
from pipelines.growth import who_growth
from pipelines.growth.measured import write_measured_children
from pipelines.inputs.quarantine import write_import_notes, write_quarantine
from .reasons import REASONS, reason_text
from pipelines.present.glossary import LABELS, text
from pipelines.present.messages import said
from pipelines.settings import Settings
from pipelines.sqlfiles import install_macros, quote_ident, run_sql, table_exists

from .tabular import FileError, StagedFile, file_sha256, is_parquet, stage_file

__all__ = ["FileReport", "FileError", "load_measurements", "load_posyandu", "load_sasaran", "format_report"]

HEIGHT_RANGE_CM = (38.0, 130.0)  # physically possible length/height of a child 0-59 months
WEIGHT_RANGE_KG = (0.5, 40.0)
MAX_AGE_DAYS = 1826  # WHO: z-scores while age in days / 30.4375 < 60
AGE_TEXT_TOLERANCE_MONTHS = 1.5  # Usia Saat Ukur vs dates: larger gaps get a note
LON_RANGE = (94.0, 142.0)  # Indonesia, degrees WGS84
LAT_RANGE = (-11.0, 6.0)
YEAR_RANGE = (2000, 2100)
SASARAN_MAX = 1_000_000  # target children in one kelurahan (bound on typed numbers)

VALIDATION_ORDER = (
    "unknown_sex", "missing_value", "unparseable_date", "birth_after_measurement", "age_over_59_months",
    "invalid_number", "height_weight_swapped", "height_out_of_range", "weight_out_of_range",
    "unknown_kelurahan", "ambiguous_kelurahan", "unknown_posyandu", "duplicate",
)

NOTE_CODES = ("age_text_mismatch", "unknown_position", "sentinel_value", "nik_fallback", "invalid_nik")
POSYANDU_NOTE_CODES = ("invalid_coordinates",)

QUARANTINE_HINTS = ("no_weight_height", "swapped", "millimetres", "metres", "grams", "no_child_id")


def note_text(code: str, lang: str = "id") -> str:
    """The words for an import note code (glossary `note_<code>`); an unknown code as itself."""
    key = f"note_{code}"
    return text(key, lang) if key in LABELS else code


@dataclass
class FileReport:
    """Outcome of importing one file: counts (rows), quarantined rows by reason code, sha256 of the bytes."""

    file_name: str
    kind: str
    rows_read: int
    rows_accepted: int
    rows_quarantined: int
    by_reason: dict[str, int]
    sha256: str
    notes: dict[str, int] = field(default_factory=dict)  # import_notes on kept rows, by note code
    rows_superseded: int = 0  # rows a newer file of the input store holds again (not quarantined)
    encoding: str | None = None   # a CSV's text encoding ("UTF-8", "Windows-1252", "UTF-16 LE", ...)
    refused: str | None = None    # why the whole file was refused (what to do); its rows were not read


def refused_report(name: str, kind: str, path: Path, error: Exception) -> FileReport:
    """The report of a file refused as a whole: no rows, the message naming it and what to do."""
    try:
        sha = file_sha256(path)
    except OSError:
        sha = ""
    return FileReport(name, kind, 0, 0, 0, {}, sha, refused=str(error))




def _require_kelurahan(con) -> None:
    if not table_exists(con, "kelurahan"):
        raise said(FileError, "ferr_boundaries_first")


def _prepare(con, kind: str) -> None:
    """Temp macros and the reason texts of one input kind."""
    run_sql(con, "import_macros")
    con.execute("CREATE OR REPLACE TEMP TABLE stg_reasons (reason_code VARCHAR, reason VARCHAR)")
    con.executemany("INSERT INTO stg_reasons VALUES (?, ?)", [(c, reason_text(c, kind=kind)) for c in REASONS])
    con.execute("CREATE OR REPLACE TEMP TABLE stg_headers (file_idx INTEGER, col VARCHAR, header VARCHAR)")


def _record_headers(con, file_idx: int, staged: StagedFile, labels: dict[str, str]) -> None:
    rows = [(file_idx, col, staged.matched.get(col, labels.get(col, col))) for col in labels]
    con.executemany("INSERT INTO stg_headers VALUES (?, ?, ?)", rows)


def _resolve_places(con, source: str) -> None:
    """stg_places for the distinct (place cell, kecamatan) pairs of `source` (a SELECT yielding desa, kecamatan)."""
    con.execute(f"CREATE OR REPLACE TEMP TABLE stg_place_pairs AS SELECT DISTINCT desa, kecamatan FROM ({source})")
    run_sql(con, "resolve_places")
    _suggest_places(con)


SUGGESTIONS = 3            # closest names offered for an unknown desa name
SUGGESTION_CUTOFF = 70     # rapidfuzz WRatio, 0-100: below it a name is not offered
SUGGESTION_PAIRS_MAX = 5000  # unknown (desa, kecamatan) pairs given suggestions; the rest keep the plain reason


def _suggest_places(con) -> None:
    """Hint of an unknown desa name: the closest names in its kecamatan (all kelurahan when the kecamatan is not
    known), e.g. 'Sukamju' -> 'Sukamaju'. Few distinct pairs are unknown, so this runs in Python (rapidfuzz)."""
    unknown = con.execute(
        "SELECT desa, kecamatan, norm_place(desa), norm_place(kecamatan) FROM stg_places "
        "WHERE place_reason = 'unknown_kelurahan' AND place_hint IS NULL AND NOT looks_like_code(desa) "
        f"LIMIT {SUGGESTION_PAIRS_MAX}").fetchall()
    if not unknown:
        return
    from rapidfuzz import fuzz, process

    places = con.execute("SELECT nama, kecamatan_nama, norm_place(nama), norm_place(kecamatan_nama) FROM kelurahan "
                         "WHERE nama IS NOT NULL").fetchall()
    by_kecamatan: dict[str, list[tuple[str, str]]] = {}
    for nama, kecamatan, n_nama, n_kec in places:
        by_kecamatan.setdefault(n_kec, []).append((n_nama, nama))
    everywhere = [(n, f"{nama} ({kec})") for nama, kec, n, _ in places]
    updates = []
    for desa, kecamatan, n_desa, n_kec in unknown:
        known_kecamatan = bool(n_kec) and n_kec in by_kecamatan
        candidates = by_kecamatan[n_kec] if known_kecamatan else everywhere
        found = process.extract(n_desa, [n for n, _ in candidates], scorer=fuzz.WRatio, limit=SUGGESTIONS,
                                score_cutoff=SUGGESTION_CUTOFF)
        if not found:
            continue
        names = ", ".join(dict.fromkeys(candidates[i][1] for _, _, i in found))
        key = "hint_closest_in_kecamatan" if known_kecamatan else "hint_closest"
        updates.append((text(key, names=names, kecamatan=kecamatan or ""), desa, kecamatan))
    if updates:
        con.executemany("UPDATE stg_places SET place_hint = ? WHERE desa IS NOT DISTINCT FROM ? "
                        "AND kecamatan IS NOT DISTINCT FROM ?", updates)


def _drop(con, names: Iterable[str], views: Iterable[str] = ()) -> None:
    """Drop staging tables `names` and views `views` (and the measurement import's views); in an aborted
    transaction they vanish with the rollback, so errors are ignored (the original error must reach the caller)."""
    statements = [f"DROP VIEW IF EXISTS temp.{quote_ident(v)}"
                  for v in ("stg_measurements", "stg_m_accepted", *views)] + [
        f"DROP TABLE IF EXISTS temp.{quote_ident(n)}" for n in names]
    for statement in statements:
        try:
            con.execute(statement)
        except Exception:  # noqa: BLE001 - transaction aborted: nothing to clean
            return


def _unique_names(files: Sequence[Path]) -> list[str]:
    """File names for messages: the base name, made unique when two different paths share it."""
    names: list[str] = []
    seen: dict[str, Path] = {}
    for p in files:
        n = Path(p).name
        if n in seen and Path(seen[n]).resolve() != Path(p).resolve():
            k = 2
            while f"{n} ({k})" in seen:
                k += 1
            n = f"{n} ({k})"
        seen.setdefault(n, Path(p))
        names.append(n)
    return names


_M_TEMPS = ("stg_m_text", "stg_m_files", "stg_m_lookup", "stg_m_age_text", "stg_m_checked", "stg_m_links",
            "stg_m_dup_hashes", "stg_m_dups", "stg_m_noted", "stg_place_pairs", "stg_places", "stg_kel",
            "stg_posyandu_ref", "stg_headers", "stg_reasons", "quarantine_measurements", "import_notes_measurements")


def load_measurements(con, files: list[Path], hash_key: str, settings: Settings | None = None,
                      newer_wins: bool = False) -> list[FileReport]:
    """Import e-PPGBM exports (CSV/XLSX/Parquet) into `measurements`, with their WHO z-scores
    (pipelines.growth.who_growth) and their period (`settings.rounds`, default calendar months); refused rows
    into `quarantine`.

    `newer_wins` (builds from the input store, `files` oldest import first): a measurement held by several
    files is kept from the last of them; the older copies go to table `superseded`, not to the quarantine.

    Needs table `kelurahan(kode, nama, kecamatan_kode, kecamatan_nama, ...)`; uses `posyandu(posyandu_id,
    nama, kode, ...)` when it exists with rows. Replaces `measurements`, this kind's quarantine records
    and its import notes. Returns one FileReport per file, refused files first (`FileReport.refused`: the
    message naming the file and what to do; the other files still import). Raises FileError when every file is
    refused (nothing would import).
    """
    if not hash_key:
        raise ValueError("hash_key is required (pipelines.privacy.load_or_create_key)")
    _require_kelurahan(con)
    files = [Path(f) for f in files]
    names = _unique_names(files)
    _prepare(con, "measurement")
    cols = list(A.MEASUREMENT_ALIASES)
    parquet_views: list[str] = []
    try:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE stg_m_text ("
            + ", ".join(f"{quote_ident(c)} VARCHAR" for c in cols)
            + ", source_row BIGINT, source_file VARCHAR, column_count_bad BOOLEAN, file_idx INTEGER)"
        )
        shas: list[str] = []
        refused: dict[int, FileReport] = {}
        encodings: dict[int, str | None] = {}
        for idx, (path, name) in enumerate(zip(files, names)):
            # CSV/XLSX rows are copied as text into stg_m_text; a Parquet file is read in place through a view
            # (at province scale the copy was 25 M rows of text, 10 s and GBs of spill)
            view = f"stg_m_file{idx}" if is_parquet(path) else None
            try:
                staged = stage_file(con, path, view or "stg_m_text", A.MEASUREMENT_ALIASES, A.MEASUREMENT_REQUIRED,
                                    name, A.MEASUREMENT_LABELS, extra={"file_idx": idx}, append=view is None,
                                    as_view=view is not None)
            except FileError as exc:
                # one unreadable export must not stop the other puskesmas: it is refused by name, the rest imports
                con.execute("DELETE FROM stg_m_text WHERE file_idx = $i", {"i": idx})  # an XLSX read halfway
                refused[idx] = refused_report(name, "measurement", path, exc)
                shas.append(refused[idx].sha256)
                continue
            if view:
                parquet_views.append(view)
            encodings[idx] = staged.encoding
            _record_headers(con, idx, staged, A.MEASUREMENT_LABELS)
            shas.append(file_sha256(path))
        if refused and len(refused) == len(files):  # nothing would import: the import fails, naming every file
            raise FileError("\n".join(r.refused for r in refused.values()))
        con.execute("CREATE OR REPLACE TEMP VIEW stg_measurements_raw AS "
                    + " UNION ALL BY NAME ".join(f"SELECT * FROM {v}" for v in ["stg_m_text", *parquet_views]))
        con.execute("CREATE OR REPLACE TEMP TABLE stg_m_files (file_idx INTEGER, source_file VARCHAR)")
        if names:  # a build without e-PPGBM exports (boundaries, registers) still writes empty tables
            con.executemany("INSERT INTO stg_m_files VALUES (?, ?)", list(enumerate(names)))

        has_posyandu = table_exists(con, "posyandu") and con.execute("SELECT count(*) FROM posyandu").fetchone()[0] > 0
        if has_posyandu:
            con.execute("CREATE OR REPLACE TEMP TABLE stg_posyandu_ref AS "
                        "SELECT posyandu_id::VARCHAR AS posyandu_id, norm_place(nama) AS n_nama, kode::VARCHAR AS kode FROM posyandu")
        else:
            con.execute("CREATE OR REPLACE TEMP TABLE stg_posyandu_ref (posyandu_id VARCHAR, n_nama VARCHAR, kode VARCHAR)")
        try:  # the steps that read the staged rows, i.e. a Parquet file's data pages for the first time
            _resolve_places(con, "SELECT desa, kecamatan FROM stg_measurements_raw")
            run_sql(con, "match_posyandu", {"has_posyandu": has_posyandu})
            run_sql(con, "stage_measurements", {
                "hash_key": hash_key,
                "h_min": HEIGHT_RANGE_CM[0], "h_max": HEIGHT_RANGE_CM[1],
                "w_min": WEIGHT_RANGE_KG[0], "w_max": WEIGHT_RANGE_KG[1],
                "max_age_days": MAX_AGE_DAYS, "age_tolerance_months": AGE_TEXT_TOLERANCE_MONTHS,
                "column_count_hint": text("hint_column_count"),
                # the hints a quarantined row keeps, from the glossary (templates filled in by the SQL)
                **{f"hint_{k}": text(f"qhint_{k}") for k in QUARANTINE_HINTS},
                "newer_wins": bool(newer_wins),
            })
        except duckdb.Error as exc:
            _refuse_unreadable_parquet(con, exc, files, names)
            raise
        # every later step reads the narrow stg_m_checked: free the staged text (GBs at province scale) now,
        # before the writes, instead of letting DuckDB spill it
        con.execute("DROP VIEW temp.stg_measurements_raw")
        con.execute("DROP TABLE temp.stg_m_text")
        who_growth.prepare(con)
        install_macros(con)
        run_sql(con, "measurements", {"round_month": [r for _, r in (settings or Settings()).round_table()]})
        write_measured_children(con)
        run_sql(con, "quarantine_measurements")
        write_quarantine(con, "measurement", "quarantine_measurements")
        run_sql(con, "superseded")
        run_sql(con, "import_notes_measurements")
        write_import_notes(con, NOTE_CODES, "import_notes_measurements")
        reports = _reports(con, "stg_measurements", "measurement", names, shas, with_file_idx=True,
                           note_codes=NOTE_CODES)
        for idx, report in enumerate(reports):
            report.encoding = encodings.get(idx)
        # refused files first: the report and the preview start with what did not import
        return [refused[i] for i in sorted(refused)] + [r for i, r in enumerate(reports) if i not in refused]
    finally:
        _drop(con, _M_TEMPS, views=("stg_measurements_raw", *parquet_views))


def _refuse_unreadable_parquet(con, exc: Exception, files: Sequence[Path], names: Sequence[str]) -> None:
    """After a DuckDB error while reading the staged rows: raise FileError naming the Parquet file whose rows
    cannot be read (a damaged data page shows only when the rows are read, after the file was accepted by its
    header). Each file is read again on a cursor of its own, as the import's transaction is aborted by then.
    Returns when every Parquet file reads."""
    cursor = con.cursor()
    try:
        for path, name in zip(files, names):
            if not is_parquet(path):
                continue
            try:
                # every value decoded (a count alone may read only the validity of a column)
                cursor.execute("SELECT max(length(COLUMNS(*)::VARCHAR)) FROM read_parquet($p)",
                               {"p": str(path)}).fetchall()
            except duckdb.Error as own:
                first = str(own).strip().splitlines()[0] if str(own).strip() else type(own).__name__
                raise said(FileError, "ferr_unreadable_parquet", name=name,
                           detail=first.replace(str(path), name)) from exc
    finally:
        cursor.close()


def _reports(con, table: str, kind: str, names: list[str], shas: list[str], with_file_idx: bool,
             note_codes: Sequence[str]) -> list[FileReport]:
    """Per-file counts from a validated staging table (fail IS NULL = accepted)."""
    idx = "file_idx" if with_file_idx else "0"
    totals = {i: (r, a) for i, r, a in con.execute(
        f"SELECT {idx} AS i, count(*), count(*) FILTER (WHERE fail IS NULL) FROM {table} GROUP BY i").fetchall()}
    reasons: dict[int, dict[str, int]] = {}
    superseded: dict[int, int] = {}
    for i, code, n in con.execute(
            f"SELECT {idx} AS i, fail.code, count(*) FROM {table} WHERE fail IS NOT NULL GROUP BY ALL ORDER BY 1, 3 DESC, 2").fetchall():
        if code == "superseded":  # a newer file holds the same measurement: no error of this file
            superseded[i] = n
            continue
        reasons.setdefault(i, {})[code] = n
    notes: dict[str, dict[str, int]] = {}
    if note_codes:
        for f, code, n in con.execute(
                "SELECT source_file, note_code, count(*) FROM import_notes WHERE list_contains($codes, note_code) "
                "GROUP BY ALL ORDER BY 1, 3 DESC", {"codes": list(note_codes)}).fetchall():
            notes.setdefault(f, {})[code] = n
    out = []
    for i, (name, sha) in enumerate(zip(names, shas)):
        read, accepted = totals.get(i, (0, 0))
        out.append(FileReport(name, kind, read, accepted, read - accepted - superseded.get(i, 0), reasons.get(i, {}),
                              sha, notes.get(name, {}) if names.count(name) == 1 or i == names.index(name) else {},
                              superseded.get(i, 0)))
    return out


def load_posyandu(con, path: Path, hash_key: str | None = None) -> FileReport:
    """Import a posyandu register into `posyandu(posyandu_id, nama, kode, lon, lat, puskesmas)`.

    The kelurahan is `Kode Desa/Kel` (or the `Desa/Kel` name within `Kecamatan`); unknown/ambiguous ones
    and nameless rows are quarantined (kind 'posyandu'); a repeated Kode Posyandu is a `duplicate`.
    Without Kode Posyandu the id is '<kode>/<normalised name>'. Coordinates outside lon 94..142 /
    lat -11..6 degrees or unreadable: the posyandu is kept with NULL lon/lat and an import note
    `invalid_coordinates` (the register is still right about its kelurahan). `hash_key` is unused.
    """
    _require_kelurahan(con)
    path = Path(path)
    _prepare(con, "posyandu")
    temps = ("stg_posyandu_raw", "stg_posyandu_typed", "stg_posyandu_checked", "stg_posyandu", "stg_place_pairs",
             "stg_places", "stg_kel", "stg_headers", "stg_reasons", "quarantine_posyandu", "import_notes_posyandu")
    try:
        staged = stage_file(con, path, "stg_posyandu_raw", A.POSYANDU_ALIASES, A.POSYANDU_REQUIRED, path.name,
                            A.POSYANDU_LABELS)
        if "kode" not in staged.matched and "desa" not in staged.matched:
            raise said(FileError, "ferr_missing_place_code", name=path.name, wanted="'Kode Desa/Kel' / 'Desa/Kel'")
        _record_headers(con, 0, staged, A.POSYANDU_LABELS)
        _resolve_places(con, "SELECT coalesce(kode, desa) AS desa, kecamatan FROM stg_posyandu_raw")
        run_sql(con, "stage_posyandu", {"lon_min": LON_RANGE[0], "lon_max": LON_RANGE[1],
                                                 "lat_min": LAT_RANGE[0], "lat_max": LAT_RANGE[1]})
        run_sql(con, "posyandu")
        run_sql(con, "quarantine_posyandu")
        write_quarantine(con, "posyandu", "quarantine_posyandu")
        run_sql(con, "import_notes_posyandu")
        write_import_notes(con, POSYANDU_NOTE_CODES, "import_notes_posyandu")
        return _reports(con, "stg_posyandu", "posyandu", [path.name], [file_sha256(path)], False,
                        POSYANDU_NOTE_CODES)[0]
    finally:
        _drop(con, temps)


def load_sasaran(con, path: Path) -> FileReport:
    """Import target children 0-59 months per kelurahan and year into `sasaran(kode, year, target_children)`.

    `Kode Desa/Kel` (or `Desa/Kel` within `Kecamatan`) must be a known kelurahan; Tahun a year 2000-2100;
    Sasaran Balita a whole number 0-1,000,000; a repeated (kelurahan, year) is a `duplicate`.
    """
    _require_kelurahan(con)
    path = Path(path)
    _prepare(con, "sasaran")
    temps = ("stg_sasaran_raw", "stg_sasaran_checked", "stg_sasaran", "stg_place_pairs", "stg_places", "stg_kel",
             "stg_headers", "stg_reasons", "quarantine_sasaran")
    try:
        staged = stage_file(con, path, "stg_sasaran_raw", A.SASARAN_ALIASES, A.SASARAN_REQUIRED, path.name,
                            A.SASARAN_LABELS)
        if "kode" not in staged.matched and "desa" not in staged.matched:
            raise said(FileError, "ferr_missing_place_code", name=path.name, wanted="'Kode Desa/Kel'")
        _record_headers(con, 0, staged, A.SASARAN_LABELS)
        _resolve_places(con, "SELECT coalesce(kode, desa) AS desa, kecamatan FROM stg_sasaran_raw")
        run_sql(con, "stage_sasaran", {"year_min": YEAR_RANGE[0], "year_max": YEAR_RANGE[1],
                                                "target_max": SASARAN_MAX})
        run_sql(con, "sasaran")
        run_sql(con, "quarantine_sasaran")
        write_quarantine(con, "sasaran", "quarantine_sasaran")
        return _reports(con, "stg_sasaran", "sasaran", [path.name], [file_sha256(path)], False, ())[0]
    finally:
        _drop(con, temps)


def format_report(reports: Sequence[FileReport]) -> str:
    """The import summary, per file: rows read, accepted, quarantined by reason (Indonesian), notes."""
    lines: list[str] = []
    for r in sorted(reports, key=lambda r: r.refused is None):  # refused files first
        if r.refused is not None:
            lines.append(f"DITOLAK {r.file_name} ({r.kind}): {r.refused}")
            continue
        encoding = f", {r.encoding}" if r.encoding else ""
        lines.append(f"{r.file_name} ({r.kind}{encoding}): {r.rows_read} baris dibaca, {r.rows_accepted} diterima, "
                     f"{r.rows_quarantined} dikarantina"
                     + (f", {r.rows_superseded} diganti impor lebih baru" if r.rows_superseded else ""))
        for code, n in sorted(r.by_reason.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  - {reason_text(code, kind=r.kind)} [{code}]: {n}")
        for code, n in sorted(r.notes.items(), key=lambda kv: (-kv[1], kv[0])):
            lines.append(f"  * {text('report_note')}: {note_text(code)} [{code}]: {n}")
    if len(reports) > 1:
        read = sum(r.rows_read for r in reports)
        acc = sum(r.rows_accepted for r in reports)
        sup = sum(r.rows_superseded for r in reports)
        lines.append(f"Total: {read} baris dibaca, {acc} diterima, {read - acc - sup} dikarantina"
                     + (f", {sup} diganti impor lebih baru" if sup else ""))
    return "\n".join(lines)
