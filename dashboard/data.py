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

from pipelines import readmodel

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


#: DuckDB's file header: the main header and two database headers of 4 KiB each, before the first block
_DUCKDB_HEADER_BYTES = 3 * 4096
#: tables every page reads; without them the file is not a peta-stunting database
REQUIRED_TABLES = ("kelurahan", "meta")


def database_problem() -> tuple[str, dict] | None:
    """What keeps the database file from being served, as (glossary key, parameters) of one Indonesian
    sentence naming the path and what to do; None when it can be served or does not exist (pages say so).

    Checked at the start of every script run, but computed once per file version (inode, mtime, size), so the
    check runs at start and again whenever a new file is swapped in."""
    version = db_version()
    if version is None:
        return None
    return _database_problem(version, str(db_path().resolve()))


def database_outdated() -> bool:
    """True when the served database was built by an earlier version (its layout is not this version's): pages
    still work, but tables added since are missing until a rebuild."""
    from pipelines.build import DATABASE_LAYOUT

    return db_version() is not None and meta().get("layout") != DATABASE_LAYOUT


@st.cache_data(max_entries=16, show_spinner=False)
def _database_problem(version: str, path: str) -> tuple[str, dict] | None:
    return check_database(Path(path))


def check_database(path: Path) -> tuple[str, dict] | None:
    """The checks of `database_problem` on one file (no cache): empty, not DuckDB, unreadable (permissions),
    truncated (shorter than its own block count says), or without the tables every page reads."""
    params = {"path": str(path)}
    try:
        size = os.stat(path).st_size
    except FileNotFoundError:
        return None
    except OSError as exc:
        return "db_unreadable", dict(params, error=exc.strerror or type(exc).__name__)
    if size == 0:
        return "db_empty", params
    if not os.access(path, os.R_OK):
        return "db_permission", params
    try:
        con = duckdb.connect(str(path), read_only=True)
    except duckdb.Error as exc:
        text = str(exc)
        if "ermission denied" in text:
            return "db_permission", params
        if "not a valid DuckDB database" in text or "Could not read enough bytes" in text or "corrupt" in text.lower():
            return "db_corrupt", params
        return "db_unreadable", dict(params, error=text.splitlines()[0][:160].replace(str(path), path.name))
    try:
        blocks, block_size = con.execute("SELECT total_blocks, block_size FROM pragma_database_size()").fetchone()
        expected = _DUCKDB_HEADER_BYTES + int(blocks) * int(block_size)
        if size < expected:
            return "db_truncated", dict(params, size=f"{size:,}".replace(",", "."),
                                        expected=f"{expected:,}".replace(",", "."))
        found = {name for (name,) in con.execute(
            "SELECT table_name FROM information_schema.tables WHERE list_contains($names, table_name)",
            {"names": list(REQUIRED_TABLES)}).fetchall()}
        if set(REQUIRED_TABLES) - found:
            return "db_not_ours", params
        con.execute("SELECT count(*) FROM kelurahan").fetchone()
    except duckdb.Error:
        return "db_corrupt", params
    finally:
        con.close()
    return None


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


@st.cache_data(max_entries=256, show_spinner=False)
def _read(version: str, name: str, args: tuple):
    with connect() as con:
        return getattr(readmodel, name)(con, *args)


def read(name: str, *args):
    """`pipelines.readmodel.<name>(con, *args)` on the current database version (cached per version)."""
    return _read(db_version() or "", name, tuple(args))


# --- named queries -------------------------------------------------------------------------------
# Each returns a DataFrame (or plain values); parameters are bound, never formatted into the SQL text.

def table_exists(name: str) -> bool:
    return read("table_exists", name)


def refused_files() -> pd.DataFrame:
    """Files the last build refused as a whole (the others imported): file_name, kind, message."""
    if not table_exists("refused_files"):
        return pd.DataFrame(columns=["file_name", "kind", "message"])
    return query("SELECT file_name, kind, message FROM refused_files ORDER BY kind, file_name")


def boundary_findings() -> pd.DataFrame:
    """What reading the boundary file repaired, dropped or found twice (`boundary_report` checks with a count)."""
    if not table_exists("boundary_report"):
        return pd.DataFrame(columns=["check", "count", "detail"])
    return query("SELECT \"check\", count, detail FROM boundary_report "
                 "WHERE count > 0 AND \"check\" NOT IN ('features_read', 'features_kept')")


def missing_inputs() -> list[str]:
    """The kinds of data this build has none of: 'measurements' (no e-PPGBM rows), 'services' (no 1000-HPK
    register rows). A build from boundaries alone, or boundaries and registers, is valid; pages say so."""
    missing = []
    for kind, table in (("measurements", "measurements"), ("services", "service_targets")):
        if not table_exists(table) or query(f"SELECT count(*) AS n FROM {table}")["n"].iloc[0] == 0:
            missing.append(kind)
    return missing


def periods() -> list[str]:
    """Periods (YYYY-MM) that have indicators, newest first."""
    return read("periods")


def comparison_period(period: str) -> str | None:
    """The period `period` is compared with (the read model's one rule)."""
    return readmodel.comparison_period(periods(), period)


def indicator_names() -> list[str]:
    """Indicator keys in the database, in catalogue order (stunting first)."""
    return read("indicator_names")


def place_kind() -> str:
    """'desa', 'kelurahan' or 'desa/kelurahan' for the loaded places (the general word when unreadable)."""
    try:
        return read("place_kind")
    except duckdb.Error:
        return "desa/kelurahan"


def sources_summary(lang: str) -> str:
    return read("sources_summary", lang)


def kecamatan_list() -> pd.DataFrame:
    return query("SELECT kode, nama FROM kecamatan ORDER BY nama")


def kelurahan_list() -> pd.DataFrame:
    """Every kelurahan: code, name, kecamatan, centroid."""
    return query(
        """
        SELECT kode, nama, kecamatan_kode, kecamatan_nama, centroid_lon, centroid_lat
        FROM kelurahan ORDER BY kecamatan_nama, nama, kode
        """
    )


def kelurahan_indicator(indicator: str, period: str) -> pd.DataFrame:
    """Every kelurahan with its value for one indicator and period (NULL value where not measured)."""
    return query(
        """
        SELECT k.kode, k.nama, k.kecamatan_kode, k.kecamatan_nama, k.centroid_lon, k.centroid_lat,
               i.numerator, i.denominator, i.value, i.ci_low, i.ci_high
        FROM kelurahan k
        LEFT JOIN indicators i
          ON i.kode = k.kode AND i.level = 'kelurahan' AND i.indicator = ? AND i.period = ?
        ORDER BY k.kode
        """,
        indicator,
        period,
    )


def kelurahan_change(indicator: str, period_from: str, period_to: str) -> pd.DataFrame:
    """Every kelurahan with the change of one indicator from `period_from` to `period_to` (value = difference)."""
    return query(
        """
        SELECT k.kode, k.nama, k.kecamatan_kode, k.kecamatan_nama, k.centroid_lon, k.centroid_lat,
               b.numerator, b.denominator, b.value - a.value AS value,
               a.value AS value_from, b.value AS value_to, a.denominator AS denominator_from,
               b.ci_low, b.ci_high
        FROM kelurahan k
        LEFT JOIN indicators a
          ON a.kode = k.kode AND a.level = 'kelurahan' AND a.indicator = ? AND a.period = ?
        LEFT JOIN indicators b
          ON b.kode = k.kode AND b.level = 'kelurahan' AND b.indicator = ? AND b.period = ?
        ORDER BY k.kode
        """,
        indicator, period_from, indicator, period_to,
    )


def kecamatan_shapes() -> pd.DataFrame:
    """Kecamatan outlines (GeoJSON text) with a label point (mean of its kelurahan centroids)."""
    return query(
        """
        SELECT c.kode, c.nama, c.geojson, avg(k.centroid_lon) AS label_lon, avg(k.centroid_lat) AS label_lat
        FROM kecamatan c LEFT JOIN kelurahan k ON k.kecamatan_kode = c.kode
        GROUP BY c.kode, c.nama, c.geojson ORDER BY c.kode
        """
    )


def map_bounds() -> tuple[float, float, float, float]:
    row = query("SELECT min(centroid_lon), min(centroid_lat), max(centroid_lon), max(centroid_lat) FROM kelurahan").iloc[0]
    return tuple(float(v) for v in row)


def posyandu_children(period: str) -> pd.DataFrame:
    """Posyandu with coordinates and the children measured there in `period` (and how many stunted; the read
    model's one definition)."""
    return read("posyandu_shares", period, None, True)


def geometries_version() -> str:
    return db_version() or ""


@st.cache_resource(max_entries=4, show_spinner=False)
def _kelurahan_geometries(version: str) -> dict[str, dict]:
    """kode -> parsed GeoJSON geometry, parsed once per database version (shared, treat as read-only)."""
    import json

    frame = query("SELECT kode, geojson FROM kelurahan WHERE geojson IS NOT NULL")
    return {kode: json.loads(text) for kode, text in zip(frame["kode"], frame["geojson"])}


def kelurahan_geometries() -> dict[str, dict]:
    return _kelurahan_geometries(geometries_version())


def sources() -> pd.DataFrame:
    return query("SELECT file_name, kind, imported_at FROM sources ORDER BY kind, file_name")


def meta() -> dict[str, str]:
    return read("meta")


def small_n() -> int:
    """Rates on fewer children than this are marked (the build's setting, else the Settings default)."""
    return read("small_n")


def sd_expected() -> dict[str, tuple[float, float]]:
    """Expected SD range per z-score the build graded with (`readmodel.sd_expected`)."""
    return read("sd_expected")


# --- kelurahan profile -----------------------------------------------------------------------------

def kelurahan_indicators(kode: str) -> pd.DataFrame:
    """All indicators of one kelurahan for every period, with its rank in the kabupaten and in its kecamatan
    (rank 1 = highest value among kelurahan with a value for that indicator and period)."""
    return query(
        """
        WITH ranked AS (
            SELECT i.*, k.kecamatan_kode,
                   rank() OVER (PARTITION BY i.indicator, i.period ORDER BY i.value DESC) AS rank_kabupaten,
                   count(*) OVER (PARTITION BY i.indicator, i.period) AS n_kabupaten,
                   rank() OVER (PARTITION BY i.indicator, i.period, k.kecamatan_kode ORDER BY i.value DESC) AS rank_kecamatan,
                   count(*) OVER (PARTITION BY i.indicator, i.period, k.kecamatan_kode) AS n_kecamatan
            FROM indicators i JOIN kelurahan k ON k.kode = i.kode
            WHERE i.level = 'kelurahan' AND i.value IS NOT NULL
        )
        SELECT indicator, period, numerator, denominator, value, ci_low, ci_high,
               rank_kabupaten, n_kabupaten, rank_kecamatan, n_kecamatan
        FROM ranked WHERE kode = ? ORDER BY indicator, period
        """,
        kode,
    )


def area_trend(kode: str, kecamatan_kode: str, kabupaten_kode: str, indicator: str) -> pd.DataFrame:
    """One indicator over periods for a kelurahan, its kecamatan and its kabupaten (level, period, value)."""
    return query(
        """
        SELECT level, period, value, ci_low, ci_high FROM indicators
        WHERE indicator = ? AND ((level = 'kelurahan' AND kode = ?) OR (level = 'kecamatan' AND kode = ?)
                                 OR (level = 'kabupaten' AND kode = ?))
        ORDER BY period, level
        """,
        indicator, kode, kecamatan_kode, kabupaten_kode,
    )


def kelurahan_info(kode: str) -> pd.DataFrame:
    return query(
        "SELECT kode, nama, jenis, kecamatan_kode, kecamatan_nama, kabupaten_kode, kabupaten_nama FROM kelurahan WHERE kode = ?",
        kode,
    )


def posyandu_of_kelurahan(kode: str, period: str) -> pd.DataFrame:
    """Posyandu declared in a kelurahan with children measured, with a valid HAZ and stunted in `period`
    (the read model's one definition of a stunted child of a posyandu)."""
    return read("posyandu_shares", period, kode)


def service_coverage(kode: str, period: str) -> pd.DataFrame:
    """Each 1000-HPK service's coverage (svc_*) in one kelurahan and period, lowest first."""
    return query(
        """
        SELECT substr(indicator, 5) AS service, numerator, denominator, value, ci_low, ci_high
        FROM indicators
        WHERE level = 'kelurahan' AND kode = ? AND period = ? AND starts_with(indicator, 'svc_')
        ORDER BY value, service
        """,
        kode, period,
    )


def service_bottleneck(kode: str, period: str) -> pd.DataFrame:
    """Services whose absence blocks complete access in one kelurahan and period, most blocking first.

    Reads `service_bottleneck(level, kode, period, service, targets_blocked, rank)`; empty when absent.
    """
    if not table_exists("service_bottleneck"):
        return pd.DataFrame(columns=["service", "targets_blocked", "rank"])
    return query(
        """
        SELECT service, targets_blocked, rank FROM service_bottleneck
        WHERE level = 'kelurahan' AND kode = ? AND period = ? ORDER BY rank
        """,
        kode, period,
    )


# --- data quality ------------------------------------------------------------------------------------

_QUALITY_GROUPS = {"kelurahan": "m.kode", "posyandu": "m.posyandu_id"}


def quality_summary(group: str, period: str | None) -> pd.DataFrame:
    """WHO Anthro-style checks per kelurahan or per posyandu for one period (None = all periods).

    Columns: key, children, measurements, implausible (share of rows with any flag), sd_haz/sd_waz/sd_whz
    (unflagged z-scores), missing_position (share), height_terminal0 / weight_terminal0 (share with decimal
    digit 0), dps_height / dps_weight (digit preference score, 0 = no preference), age_heaping (observed
    share of ages at whole years ÷ expected 1/12).
    """
    key = _QUALITY_GROUPS[group]
    return query(
        f"""
        WITH m AS (
            SELECT *, CAST(round(height_cm * 10) AS BIGINT) % 10 AS height_digit,
                      CAST(round(weight_kg * 10) AS BIGINT) % 10 AS weight_digit,
                      floor(age_days / 30.4375) AS age_months
            FROM measurements WHERE (? IS NULL OR period = ?)
        ), digits AS (
            SELECT {key} AS key, 'height' AS what, height_digit AS digit, count(*) AS n FROM m
            WHERE height_digit IS NOT NULL GROUP BY ALL
            UNION ALL
            SELECT {key}, 'weight', weight_digit, count(*) FROM m WHERE weight_digit IS NOT NULL GROUP BY ALL
        ), digit_totals AS (
            SELECT key, what, sum(n) AS total FROM digits GROUP BY ALL
        ), dps AS (
            -- digit preference score: 100 * sqrt(chi2 / (N * (10 - 1))), chi2 against a uniform last digit
            SELECT d.key, d.what,
                   100 * sqrt((sum(power(coalesce(x.n, 0) - t.total / 10.0, 2) / (t.total / 10.0))) / (t.total * 9)) AS dps
            FROM (SELECT DISTINCT key, what FROM digits) d
            JOIN digit_totals t USING (key, what)
            CROSS JOIN range(10) r(digit)
            LEFT JOIN digits x ON x.key = d.key AND x.what = d.what AND x.digit = r.digit
            GROUP BY d.key, d.what, t.total
        )
        SELECT {key} AS key,
               count(DISTINCT child_id) AS children,
               count(*) AS measurements,
               avg(CASE WHEN coalesce(flag_haz, 0) + coalesce(flag_waz, 0) + coalesce(flag_whz, 0) > 0 THEN 1.0 ELSE 0.0 END)
                   AS implausible,
               stddev_samp(haz) FILTER (flag_haz = 0) AS sd_haz,
               stddev_samp(waz) FILTER (flag_waz = 0) AS sd_waz,
               stddev_samp(whz) FILTER (flag_whz = 0) AS sd_whz,
               avg(CASE WHEN measured IS NULL THEN 1.0 ELSE 0.0 END) AS missing_position,
               avg(CASE WHEN height_digit = 0 THEN 1.0 ELSE 0.0 END) AS height_terminal0,
               avg(CASE WHEN weight_digit = 0 THEN 1.0 ELSE 0.0 END) AS weight_terminal0,
               any_value(hd.dps) AS dps_height,
               any_value(wd.dps) AS dps_weight,
               avg(CASE WHEN age_months >= 12 AND age_months % 12 = 0 THEN 1.0 ELSE 0.0 END)
                   FILTER (age_months >= 6) * 12 AS age_heaping
        FROM m
        LEFT JOIN dps hd ON hd.key = {key} AND hd.what = 'height'
        LEFT JOIN dps wd ON wd.key = {key} AND wd.what = 'weight'
        GROUP BY {key}
        ORDER BY key
        """,
        period, period,
    )


def terminal_digits(period: str | None, kode: str | None) -> pd.DataFrame:
    """Distribution of the decimal digit of height and weight (digit, height, weight counts)."""
    return query(
        """
        WITH m AS (SELECT * FROM measurements WHERE (? IS NULL OR period = ?) AND (? IS NULL OR kode = ?))
        SELECT r.digit,
               (SELECT count(*) FROM m WHERE CAST(round(height_cm * 10) AS BIGINT) % 10 = r.digit) AS height,
               (SELECT count(*) FROM m WHERE CAST(round(weight_kg * 10) AS BIGINT) % 10 = r.digit) AS weight
        FROM range(10) r(digit) ORDER BY r.digit
        """,
        period, period, kode, kode,
    )


def age_distribution(period: str | None, kode: str | None) -> pd.DataFrame:
    """Children measured per completed month of age (0..59)."""
    return query(
        """
        SELECT CAST(floor(age_days / 30.4375) AS INTEGER) AS age_months, count(*) AS measurements
        FROM measurements
        WHERE age_days IS NOT NULL AND age_days >= 0 AND age_days < 1827
          AND (? IS NULL OR period = ?) AND (? IS NULL OR kode = ?)
        GROUP BY ALL ORDER BY age_months
        """,
        period, period, kode, kode,
    )


def posyandu_names() -> pd.DataFrame:
    if not table_exists("posyandu"):
        return pd.DataFrame(columns=["posyandu_id", "nama", "kode"])
    return query("SELECT posyandu_id, nama, kode FROM posyandu ORDER BY posyandu_id")


def quarantine_counts() -> pd.DataFrame:
    """Quarantined rows per kind and reason code."""
    if not table_exists("quarantine"):
        return pd.DataFrame(columns=["kind", "reason_code", "rows"])
    return query("SELECT kind, reason_code, count(*) AS rows FROM quarantine GROUP BY ALL ORDER BY rows DESC, kind, reason_code")


def quarantine_rows() -> pd.DataFrame:
    """The quarantined rows as stored (the quarantine table holds no names and no NIK; nothing is joined)."""
    return query(
        "SELECT kind, source_file, source_row, column_name, value, reason_code, reason, hint FROM quarantine"
        " ORDER BY kind, source_file, source_row"
    )


def posyandu_reconciliation() -> pd.DataFrame:
    """Posyandu whose point is outside their declared kelurahan (or outside all / without coordinates)."""
    if not table_exists("posyandu_reconciliation"):
        return pd.DataFrame(columns=["posyandu_id", "nama", "kode_declared", "kode_spatial", "status", "distance_m"])
    return query(
        """
        SELECT r.posyandu_id, r.nama, r.kode_declared, kd.nama AS nama_declared, r.kode_spatial,
               ks.nama AS nama_spatial, r.status, r.distance_m, p.lon, p.lat
        FROM posyandu_reconciliation r
        LEFT JOIN posyandu p ON p.posyandu_id = r.posyandu_id
        LEFT JOIN kelurahan kd ON kd.kode = r.kode_declared
        LEFT JOIN kelurahan ks ON ks.kode = r.kode_spatial
        ORDER BY r.status, r.posyandu_id
        """
    )


# --- data quality grades (pipelines/quality; tables written by the build) ------------------------------------

def quality_ready() -> bool:
    """True when the database carries the quality tables (built by a build from issue 20 on)."""
    return table_exists("quality_grades") and table_exists("quality_checks")


def quality_grades(level: str, period: str) -> pd.DataFrame:
    """Grades of one level (posyandu/puskesmas/kecamatan/kabupaten) in one period, worst first, with names:
    nama, and for posyandu its kelurahan (kode, kelurahan), kecamatan_kode, puskesmas, lon, lat."""
    if not quality_ready():
        return pd.DataFrame(columns=["level", "unit", "period", "children", "grade", "severity", "reasons", "nama"])
    has_pkm = query("SELECT count(*) AS n FROM information_schema.columns WHERE table_name = 'posyandu'"
                    " AND column_name = 'puskesmas'")["n"].iloc[0] > 0
    pkm = "p.puskesmas" if has_pkm else "NULL::VARCHAR"
    # a build without a posyandu list has no posyandu table: an empty stand-in keeps the query whole
    posyandu = "posyandu" if table_exists("posyandu") else (
        "(SELECT NULL::VARCHAR AS posyandu_id, NULL::VARCHAR AS nama, NULL::VARCHAR AS kode, NULL::DOUBLE AS lon,"
        " NULL::DOUBLE AS lat WHERE false)")
    frame = query(
        f"""
        SELECT g.*, CASE g.level WHEN 'posyandu' THEN p.nama WHEN 'kecamatan' THEN c.nama
                                 WHEN 'kabupaten' THEN b.nama ELSE g.unit END AS nama,
               p.kode, k.nama AS kelurahan, coalesce(k.kecamatan_kode, c.kode) AS kecamatan_kode,
               {pkm} AS puskesmas, p.lon, p.lat,
               len(g.reasons) AS n_reasons
        FROM quality_grades g
        LEFT JOIN {posyandu} p ON g.level = 'posyandu' AND p.posyandu_id = g.unit
        LEFT JOIN kelurahan k ON k.kode = p.kode
        LEFT JOIN kecamatan c ON g.level = 'kecamatan' AND c.kode = g.unit
        LEFT JOIN kabupaten b ON g.level = 'kabupaten' AND b.kode = g.unit
        WHERE g.level = ? AND g.period = ?
        ORDER BY g.severity DESC, len(g.reasons) DESC, coalesce(g.smart_score, -1) DESC, g.children DESC, g.unit
        """,
        level, period,
    )
    return frame


def quality_checks(level: str, period: str) -> pd.DataFrame:
    """The TEAM, SMART and routine statistics of one level and period (quality_checks rows)."""
    if not quality_ready():
        return pd.DataFrame()
    return query("SELECT * FROM quality_checks WHERE level = ? AND period = ? ORDER BY unit", level, period)


def quality_desa(period: str) -> pd.DataFrame:
    """Per kelurahan: children, share measured at a bermasalah posyandu/puskesmas, problem flag, units."""
    if not table_exists("quality_desa"):
        return pd.DataFrame(columns=["kode", "period", "children", "children_problem", "share_problem", "problem",
                                     "units"])
    return query("SELECT * FROM quality_desa WHERE period = ? ORDER BY kode", period)


def coverage_by_period(period: str | None) -> pd.DataFrame:
    """Measurement coverage per kelurahan and period (indicator `coverage`: children measured in the period ÷ the
    year's sasaran), one row per kelurahan and period; all periods when `period` is None. Never summed across
    periods (that would count a child once per period against one year's target)."""
    return query(
        """
        WITH p AS (SELECT DISTINCT period FROM indicators WHERE (? IS NULL OR period = ?))
        SELECT k.kode, k.nama, k.kecamatan_kode, k.kecamatan_nama, p.period,
               coalesce(i.numerator, 0) AS children, i.denominator AS target_children, i.value AS coverage
        FROM kelurahan k CROSS JOIN p
        LEFT JOIN indicators i ON i.kode = k.kode AND i.level = 'kelurahan' AND i.indicator = 'coverage'
             AND i.period = p.period
        ORDER BY k.kecamatan_nama, k.nama, k.kode, p.period DESC
        """,
        period, period,
    )


def birth_month_distribution(period: str | None, kode: str | None) -> pd.DataFrame:
    """Children measured per calendar month of birth (1..12)."""
    return query(
        """
        SELECT month(birth_date) AS month, count(DISTINCT child_id) AS children FROM measurements
        WHERE birth_date IS NOT NULL AND (? IS NULL OR period = ?) AND (? IS NULL OR kode = ?)
        GROUP BY ALL ORDER BY month
        """,
        period, period, kode, kode,
    )


def age_year_distribution(period: str | None, kode: str | None) -> pd.DataFrame:
    """Measurements per completed year of age (0..4)."""
    return query(
        """
        SELECT CAST(floor(age_days / 365.25) AS INTEGER) AS age_years, count(*) AS measurements FROM measurements
        WHERE age_days IS NOT NULL AND age_days BETWEEN 0 AND 1826 AND (? IS NULL OR period = ?)
          AND (? IS NULL OR kode = ?)
        GROUP BY ALL ORDER BY age_years
        """,
        period, period, kode, kode,
    )
