"""WHO 2006 growth z-scores (HAZ, WAZ, WHZ, BAZ) computed inside DuckDB, exact to WHO's R package anthro.

The arithmetic lives in `pipelines/sql/growth/zscores.sql` (a table macro `who_zscores`, helpers in `zscore_macros.sql`)
and the LMS lookup tables in `pipelines/sql/growth/who_lms.sql`; this module only validates the table name and runs them. Units: age in days,
weight in kg, length/height in cm, BMI in kg/m2. The rules are listed in `zscores.sql` and docs/architecture.md.
"""
from __future__ import annotations

import re

from pipelines.sqlfiles import quote_ident, run_sql
from pipelines.growth.who_tables import TABLES, load_who_tables

#: columns add_zscores adds (replaced when they already exist)
ZSCORE_COLUMNS: tuple[str, ...] = (
    "age_days", "haz", "waz", "whz", "baz", "flag_haz", "flag_waz", "flag_whz", "flag_baz",
)
#: columns add_zscores reads
INPUT_COLUMNS: tuple[str, ...] = ("sex", "birth_date", "measure_date", "weight_kg", "height_cm", "measured")
_PLAIN_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")

def _existing_tables(con) -> set[str]:
    rows = con.execute("SELECT table_name FROM duckdb_tables() WHERE schema_name = current_schema()").fetchall()
    return {r[0] for r in rows}


def prepare(con) -> None:
    """Make sure the WHO tables, the lookup tables, their lists and the z-score macros exist in `con`."""
    existing = _existing_tables(con)
    if not set(TABLES) <= existing:
        load_who_tables(con)
        existing |= set(TABLES)
    run_sql(con, "zscore_macros")
    # the lookup tables: absent, or made before 2026-12 (who_lms_wflh keyed otherwise, no lists)
    if not ({"who_lms_age", "who_lms_wflh", "who_lms_lists"} <= existing and con.execute(
            "SELECT count(*) FROM duckdb_columns() WHERE schema_name = current_schema() AND "
            "table_name = 'who_lms_wflh' AND column_name = 'fi'").fetchone()[0]):
        con.execute("DROP TABLE IF EXISTS who_age_rules")
        run_sql(con, "who_lms")
    n_age, max_age, n_len, max_len, haz_l_not_1 = con.execute(
        "SELECT (SELECT count(h_m) FROM who_lms_age), (SELECT max(ai) FROM who_lms_age), "
        "(SELECT count(m) FROM who_lms_wflh), (SELECT max(fi) FROM who_lms_wflh), "
        "(SELECT count(*) FROM who_lms_age WHERE h_l <> 1)").fetchone()
    # every row present and numbered 1..n without a gap: the lists in zscores.sql are indexed by the number
    if (n_age, max_age, n_len, max_len) != (2 * 1827, 2 * 1827, 2 * (652 + 552), 2 * (652 + 552)):
        raise RuntimeError("WHO tables are not the complete 0..1826 d / 45-110 cm / 65-120 cm tables")
    if haz_l_not_1:  # zscores.sql computes HAZ as (y/M - 1) / S, WHO's table has L = 1 throughout
        raise RuntimeError("length/height-for-age table has L other than 1")
    run_sql(con, "zscores")


def add_zscores(con, table: str = "measurements") -> None:
    """Add age_days, haz, waz, whz, baz (2 decimals) and flag_* (BOOLEAN) to `table`, in place.

    Reads sex (1/2), birth_date, measure_date (DATE), weight_kg (kg), height_cm (cm), measured ('L'/'H'/NULL);
    every other column is kept unchanged. Existing z-score columns are replaced. The table is rewritten
    (CREATE OR REPLACE), so constraints, indexes and the physical row order are not kept.
    """
    if not isinstance(table, str) or not _PLAIN_NAME.fullmatch(table):
        raise ValueError(f"not a plain table name: {table!r}")
    ident = quote_ident(table)
    prepare(con)
    cols = [r[0] for r in con.execute(
        "SELECT column_name FROM duckdb_columns() WHERE table_name = $t AND schema_name = current_schema()",
        {"t": table}).fetchall()]
    if not cols:
        raise ValueError(f"table {table!r} does not exist")
    missing = [c for c in INPUT_COLUMNS if c not in cols]
    if missing:
        raise ValueError(f"table {table!r} lacks column(s) {', '.join(missing)}")
    for col in ZSCORE_COLUMNS:
        if col in cols:
            con.execute(f"ALTER TABLE {ident} DROP COLUMN {quote_ident(col)}")
    con.execute(f"CREATE OR REPLACE TABLE {ident} AS SELECT * FROM who_zscores($t)", {"t": table})
