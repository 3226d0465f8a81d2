"""The one rule for "a child measured in a period": which measurement of a child counts in each period.

`write_measured_children` writes the table `measured_children` (pipelines/sql/growth/measured_children.sql)
from `measurements` and `kelurahan`, once per build, right after the measurements are written (their import,
pipelines/inputs/readers.py). The growth indicators, the data-quality checks, Dua Angka and the read model's
posyandu counts read it instead of choosing again: the rows with a child, a period and a known kelurahan; per child and period its latest
measurement (latest date, then the row read last) and its latest with a valid HAZ, WAZ and WHZ.
Whoever writes `measurements` otherwise (a test's own rows) calls it after them.
"""
from __future__ import annotations

import duckdb

from pipelines.sqlfiles import install_macros, run_sql


def write_measured_children(con: duckdb.DuckDBPyConnection) -> None:
    """(Re)write `measured_children(measurement_id, latest, latest_haz, latest_waz, latest_whz)`."""
    install_macros(con)  # latest_key
    run_sql(con, "measured_children")
