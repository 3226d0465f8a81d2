"""The two tables every import reports into, each with one writer: `quarantine` (refused rows,
pipelines/sql/inputs/quarantine.sql) and `import_notes` (notes on kept rows, import_notes.sql).

A loader stages its kind's records in a TEMP table named after the SQL file that writes it (`STAGED`), then
calls `write_quarantine` / `write_import_notes`: that kind's earlier records are replaced, the others stay.
"""
from __future__ import annotations

from collections.abc import Sequence

import duckdb

from pipelines.sqlfiles import run_sql

#: the TEMP tables loaders stage their records in (each written by the .sql file of the same name)
STAGED = {
    "quarantine": ("quarantine_measurements", "quarantine_posyandu", "quarantine_sasaran", "quarantine_services"),
    "import_notes": ("import_notes_measurements", "import_notes_posyandu"),
}


def _staged(table: str, staged: str) -> str:
    if staged not in STAGED[table]:  # a fixed name filled into the SQL, never user input
        raise ValueError(f"{staged} is not a staged {table} table")
    return staged


def write_quarantine(con: duckdb.DuckDBPyConnection, kind: str, staged: str) -> None:
    """Replace the quarantine records of `kind` ('measurement', 'posyandu', 'sasaran', 'service') with the
    rows of the TEMP table `staged`."""
    run_sql(con, "quarantine", {"kind": kind}, fill={"staged": _staged("quarantine", staged)})


def write_import_notes(con: duckdb.DuckDBPyConnection, codes: Sequence[str], staged: str) -> None:
    """Replace the import notes with a code in `codes` (the ones this loader gives) with the rows of `staged`."""
    run_sql(con, "import_notes", {"codes": list(codes)}, fill={"staged": _staged("import_notes", staged)})
