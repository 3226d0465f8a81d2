"""The table `indicators`: the union of the indicator parts a build wrote, written by one SQL file.

Each family of indicators writes its own table (`indicators_growth` from pipelines/indicators/growth.py,
`indicators_services` from pipelines/services/registers.py); `combine_indicators` rewrites `indicators`
from the parts that exist (pipelines/sql/indicators/indicators.sql), so rebuilding one family leaves the
other's rows as they were and `indicators` has exactly one writer.
"""
from __future__ import annotations

import duckdb

from pipelines.sqlfiles import run_sql, table_exists

#: the tables `indicators` unions, in build order (each written by the SQL file of the same name)
PARTS = ("indicators_growth", "indicators_services")

_EMPTY = ("SELECT NULL::VARCHAR AS level, NULL::VARCHAR AS kode, NULL::VARCHAR AS period, NULL::VARCHAR AS indicator,"
          " NULL::BIGINT AS numerator, NULL::BIGINT AS denominator, NULL::DOUBLE AS value, NULL::DOUBLE AS ci_low,"
          " NULL::DOUBLE AS ci_high WHERE false")


def combine_indicators(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)write `indicators` as the union of the parts present (an empty table when there are none)."""
    parts = [f"SELECT * FROM {name}" for name in PARTS if table_exists(con, name)] or [_EMPTY]
    run_sql(con, "indicators", fill={"parts": " UNION ALL BY NAME ".join(parts)})
