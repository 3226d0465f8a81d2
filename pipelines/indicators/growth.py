"""Growth indicators per kelurahan, kecamatan and kabupaten/kota and period, with 95 % Wilson intervals.

Reads `measurements` (z-score columns and `period`, written by the measurement import), `kelurahan` (kode,
kecamatan_kode, kabupaten_kode) and, when present, `sasaran` (kode, year, target_children). Writes
`indicators_growth` (unioned into `indicators` by pipelines/indicators/combine.py) and the table `flag_counts`. Each child counts once per period and indicator: its
latest measurement of the period with a valid (non-NULL, unflagged) z for that indicator, as the table
`measured_children` (pipelines.growth.measured, written with the measurements) chose it. Which indicators,
their z columns, cut-offs and flag columns come from the catalogue (`pipelines/indicators/catalogue.py`);
the SQL (pipelines/sql/indicators/growth_children.sql, growth_counts.sql, coverage_counts.sql,
indicators_growth.sql, flag_counts.sql) gets them as generated `count_if`s.
"""
from __future__ import annotations

import duckdb

from pipelines.indicators import catalogue
from pipelines.indicators.combine import combine_indicators
from pipelines.settings import Settings
from pipelines.sqlfiles import install_macros, run_sql, table_exists


def _z_columns() -> list[tuple[str, str]]:
    """(z column, flag column) of the growth indicators, in catalogue order, each once."""
    seen: dict[str, str] = {}
    for ind in catalogue.GROWTH:
        seen.setdefault(ind.z_column, ind.flag_column)
    return list(seen.items())


def growth_sql_fill() -> dict[str, str]:
    """SQL fragments for growth_children.sql, growth_counts.sql (but its coverage line), flag_counts.sql and
    indicators_growth.sql, generated from the catalogue (identifiers and cut-offs from the catalogue only, never
    user input)."""
    zs = _z_columns()
    latest = ",\n    ".join(
        f"max(k.ki * 8192 + 4096 + (m.{z} * 100)::BIGINT) FILTER (WHERE c.latest_{z}) AS p_{z}" for z, _ in zs)
    per_z, union = [], []
    for z, conditions in catalogue.growth_count_columns().items():
        zc = f"(p_{z} % 8192 - 4096)"
        counts = ", ".join(f"count_if({cond.replace('zc', zc)}) AS {key}" for key, cond in conditions)
        per_z.append(f"c_{z} AS (SELECT p_{z} // 8192 AS ki, period, {counts}, count(*) AS n "
                     f"FROM growth_children WHERE p_{z} IS NOT NULL GROUP BY ALL)")
        union += [f"SELECT ki, period, '{key}' AS indicator, {key} AS numerator, n AS denominator FROM c_{z}"
                  for key, _ in conditions]
    flags = {z: flag for z, flag in zs}
    flag_union = [f"SELECT level, kode, period, '{ind.key}' AS indicator, f_{ind.z_column} AS flagged FROM lv"
                  for ind in catalogue.GROWTH]
    return {
        "latest": latest,
        "per_z": ",\n".join(per_z),
        "union": "\n    UNION ALL ".join(union),
        "counts": ", ".join(f"count_if(m.{flag}) AS f_{z}" for z, flag in flags.items()),
        "any_flag": " OR ".join(f"m.{flag}" for flag in flags.values()),
        "plain": ", ".join(f"f_{z}" for z in flags),
        "sums": ", ".join(f"sum(f_{z}) AS f_{z}" for z in flags),
        "flag_union": "\n    UNION ALL ".join(flag_union),
    }


def build_growth_indicators(con: duckdb.DuckDBPyConnection, settings: Settings | None = None) -> None:
    """(Re)build `indicators_growth` (and with it `indicators`) and the table `flag_counts` (periods are on
    measurements)."""
    install_macros(con)
    fill = growth_sql_fill()
    run_sql(con, "growth_children", fill=fill)
    coverage = table_exists(con, "sasaran")
    if coverage:
        run_sql(con, "coverage_counts")
    run_sql(con, "growth_counts", fill=fill | {"coverage": (
        "UNION ALL SELECT kode, period, indicator, numerator, denominator FROM coverage_counts" if coverage else "")})
    run_sql(con, "indicators_growth", fill=fill)
    combine_indicators(con)
    run_sql(con, "flag_counts", fill=fill | {"union": fill["flag_union"]})
    con.execute("DROP TABLE IF EXISTS growth_children")
    con.execute("DROP TABLE IF EXISTS growth_counts")
    con.execute("DROP TABLE IF EXISTS coverage_counts")
    con.execute("DROP TABLE IF EXISTS growth_kel")
