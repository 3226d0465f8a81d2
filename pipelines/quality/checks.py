"""Data-quality checks and grades per posyandu, puskesmas, kecamatan and kabupaten/kota and period.

Choice: the tables are written at build time (a build step after the growth indicators), not computed on
read: the checks read every measurement (windows over each child's visits, the import's notes and
quarantine), which a dashboard rerun should not repeat, and the Peta filter and the lokus ranking need the
grades at once. Tables (docs/architecture.md):

- `quality_checks`  the WHO-UNICEF (TEAM), SMART and routine e-PPGBM statistics per level, unit and period
- `quality_grades`  a grade (baik / perhatian / bermasalah / kurang_data) per level, unit and period with
                    its reasons (codes, severity, value), rules in `pipelines.quality.standards`
- `quality_desa`    per kelurahan/desa and period: the share of its children measured at a posyandu or
                    entered by a puskesmas graded bermasalah, and whether that makes its data problematic

SQL: pipelines/sql/quality/ (quality_macros, quality_rows, quality_checks, quality_grades, quality_desa).
"""
from __future__ import annotations

import duckdb

from pipelines.quality.standards import sql_params
from pipelines.settings import Settings
from pipelines.sqlfiles import run_sql

ZSCORES = ("haz", "waz", "whz")
LEVELS = ("posyandu", "puskesmas", "kecamatan", "kabupaten")
TABLES = ("quality_checks", "quality_grades", "quality_desa")
#: grade rules in the order their reasons are listed (columns rule_<code> of quality_grades.sql)
RULE_CODES = (
    "sd_haz_high", "sd_whz_high", "sd_waz_high", "dps_height", "dps_weight", "wrong_position", "zeros",
    "smart_problematic", "who_flagged", "export_mismatch", "height_decrease", "weight_drop", "birth_day_heaping",
    "over_59",
)


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    return con.execute("SELECT count(*) FROM duckdb_tables() WHERE table_name = $n", {"n": name}).fetchone()[0] > 0


def _columns(con: duckdb.DuckDBPyConnection, table: str) -> set[str]:
    return {r[0] for r in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = $t", {"t": table}).fetchall()}


def _fills() -> dict[str, str]:
    """SQL fragments built from fixed names only (digits 0-9, the three z-scores)."""
    digits = {what: ",\n    ".join(
        f"count(CASE WHEN is_latest AND {what}_digit = {d} THEN 1 END) AS {what}_d{d}" for d in range(10))
        for what in ("height", "weight")}
    digit_x2 = ",\n        ".join(
        "(" + " + ".join(f"power({what}_d{d} - {what}_n / 10.0, 2)" for d in range(10))
        + f") / nullif({what}_n / 10.0, 0) AS {what}_x2" for what in ("height", "weight"))
    sums, moments, sum_cols = [], [], []
    for z in ZSCORES:
        valid = f"is_latest AND {z} IS NOT NULL AND NOT flag_{z}"
        sums += [
            f"count(CASE WHEN is_latest AND {z} IS NOT NULL THEN 1 END) AS n_{z}",
            f"avg(CASE WHEN is_latest AND {z} IS NOT NULL THEN flag_{z}::INTEGER END) AS flagged_{z}",
            f"count(CASE WHEN {valid} THEN 1 END) AS n_{z}_valid",
            f"avg(CASE WHEN {valid} THEN {z} END) AS mean_{z}",
            f"stddev_samp(CASE WHEN {valid} THEN {z} END) AS sd_{z}",
            *[f"sum(CASE WHEN {valid} THEN {z} ^ {k} END) AS s{k}_{z}" for k in range(1, 5)],
        ]
        moments += [
            f"q_skewness(n_{z}_valid, s1_{z}, s2_{z}, s3_{z}) AS skew_{z}",
            f"q_kurtosis(n_{z}_valid, s1_{z}, s2_{z}, s3_{z}, s4_{z}) AS kurt_{z}",
        ]
        sum_cols += [f"s{k}_{z}" for k in range(1, 5)]
    return {
        "height_digits": digits["height"], "weight_digits": digits["weight"], "digit_x2": digit_x2,
        "zscore_sums": ",\n    ".join(sums), "zscore_moments": ",\n        ".join(moments),
        "sum_columns": ", ".join(sum_cols + ["height_x2", "weight_x2"]),
    }


def build_quality(con: duckdb.DuckDBPyConnection, settings: Settings | None = None) -> None:
    """(Re)write quality_checks, quality_grades and quality_desa from `measurements` (with `period`),
    `measured_children` (pipelines.growth.measured), `kelurahan`, and where present `posyandu` (its Puskesmas column), `import_notes` and `quarantine`.
    `settings.haz_sd_expected` is the HAZ range the rule sd_haz_high uses (the same one Dua Angka uses)."""
    settings = settings or Settings()
    run_sql(con, "quality_macros")
    if _has_table(con, "posyandu") and "puskesmas" in _columns(con, "posyandu"):
        con.execute("CREATE OR REPLACE TEMP VIEW quality_posyandu AS SELECT posyandu_id, puskesmas FROM posyandu")
    elif _has_table(con, "posyandu"):
        con.execute("CREATE OR REPLACE TEMP VIEW quality_posyandu AS"
                    " SELECT posyandu_id, NULL::VARCHAR AS puskesmas FROM posyandu")
    else:
        con.execute("CREATE OR REPLACE TEMP VIEW quality_posyandu AS"
                    " SELECT NULL::VARCHAR AS posyandu_id, NULL::VARCHAR AS puskesmas WHERE false")
    # a database built before the import kept notes or a quarantine reads as "none recorded"
    if not _has_table(con, "import_notes"):
        con.execute("CREATE TEMP TABLE import_notes (source_file VARCHAR, source_row INTEGER, note_code VARCHAR,"
                    " detail VARCHAR)")
    if not _has_table(con, "quarantine"):
        con.execute("CREATE TEMP TABLE quarantine (kind VARCHAR, source_file VARCHAR, source_row INTEGER,"
                    " column_name VARCHAR, value VARCHAR, reason_code VARCHAR, reason VARCHAR, hint VARCHAR)")
    params = sql_params(settings.haz_sd_expected)
    run_sql(con, "quality_rows", params)
    run_sql(con, "quality_checks", params, fill=_fills())
    run_sql(con, "quality_grades", params, fill={
        "severities": ", ".join(f"coalesce(rule_{code}.severity, 0)" for code in RULE_CODES),
        "reason_items": "\n            || ".join(
            f"CASE WHEN rule_{code} IS NULL THEN [] ELSE [rule_{code}] END" for code in RULE_CODES),
    })
    run_sql(con, "quality_desa", params)
    for temp in ("quality_unit_rows", "quality_unit_means", "quality_agg", "quality_over59", "quality_rows"):
        con.execute(f"DROP TABLE IF EXISTS {temp}")
    con.execute("DROP VIEW IF EXISTS quality_posyandu")
