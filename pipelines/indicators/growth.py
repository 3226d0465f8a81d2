"""Growth indicators per kelurahan, kecamatan and kabupaten/kota and period, with 95 % Wilson intervals.

Reads `measurements` (z-score columns from pipelines.growth.who_growth, child_id, kode, measure_date),
`kelurahan` (kode, kecamatan_kode, kabupaten_kode) and, when present, `sasaran` (kode, year,
target_children). Writes the column `period` on measurements, the growth rows of `indicators` and the
table `flag_counts`. Each child counts once per period and indicator: its latest measurement of the
period with a valid (non-NULL, unflagged) z for that indicator. SQL: pipelines/sql/periods.sql,
growth_children.sql, growth_counts.sql, coverage_counts.sql, indicators_growth.sql, flag_counts.sql.
"""
from __future__ import annotations

from pipelines.settings import Settings
from pipelines.sqlfiles import install_macros, run_sql

#: indicators this module writes (other rows of `indicators` are left alone)
GROWTH_INDICATORS: tuple[str, ...] = (
    "stunting", "severe_stunting", "underweight", "wasting", "severe_wasting", "overweight", "coverage",
)


def _has_table(con, name: str) -> bool:
    return con.execute(
        "SELECT count(*) FROM duckdb_tables() WHERE table_name = $n AND schema_name = current_schema()",
        {"n": name},
    ).fetchone()[0] > 0


def assign_periods(con, settings: Settings) -> None:
    """(Re)write measurements.period = 'YYYY-MM' of measure_date, months mapped to their round's month."""
    round_month = [r for _, r in sorted(settings.round_table())]
    run_sql(con, "periods", {"round_month": round_month})


def build_growth_indicators(con, settings: Settings | None = None) -> None:
    """Assign periods and (re)build the growth rows of `indicators` and the table `flag_counts`."""
    settings = settings or Settings()
    install_macros(con)
    assign_periods(con, settings)
    run_sql(con, "growth_children")
    run_sql(con, "growth_counts")
    if _has_table(con, "sasaran"):
        run_sql(con, "coverage_counts")
    run_sql(con, "indicators_growth")
    run_sql(con, "flag_counts")
    con.execute("DROP TABLE IF EXISTS growth_children")
    con.execute("DROP TABLE IF EXISTS growth_counts")
    con.execute("DROP TABLE IF EXISTS growth_kel")
