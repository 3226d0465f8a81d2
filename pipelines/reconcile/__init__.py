"""Dua angka: reconcile the e-PPGBM rate with a survey figure, and follow children between rounds.

Build step `build_reconcile` writes the set-based tables (pipelines/sql/reconcile/): `reconcile_cells`
(children per desa x age band x sex, per period and calendar year), `reconcile_age_months`,
`child_flows` and `weight_2t`. The measurement-quality signals the page shows (SD of HAZ, digit preference,
wrong position, birth-date heaping) are not computed here: they are the data-quality step's
(`quality_checks`, pipelines/quality), read by `report`. The small computations on them live in one module
each: `poststrat` (sasaran split, post-stratified rate), `decompose` (gap in percentage points),
`benchmark` (desa estimates scaled to the survey figure), `flows` (flows and 2T), `survey` (the survey
figures input), and `report` assembles them for the page, the slide and the export.
Method and limits in plain Indonesian: docs/dua-angka.md.
"""
from __future__ import annotations

import duckdb

from pipelines.reconcile.poststrat import AGE_BANDS
from pipelines.settings import Settings
from pipelines.sqlfiles import install_macros, run_sql

TABLES = ("reconcile_cells", "reconcile_age_months", "child_flows", "weight_2t")


def age_band_case(age_days: str) -> str:
    """SQL CASE giving the age band label of `poststrat.AGE_BANDS` (completed months = floor(days / 30.4375))
    for the column `age_days` (a fixed column name, never user input)."""
    months = f"floor({age_days} / 30.4375)"
    arms = " ".join(f"WHEN {months} <= {last} THEN '{label}'" for label, _first, last in AGE_BANDS[:-1])
    return f"CASE {arms} ELSE '{AGE_BANDS[-1][0]}' END"


def build_reconcile(con: duckdb.DuckDBPyConnection, settings: Settings | None = None) -> None:
    """(Re)write the dua-angka tables from `measurements` (with `period`), `measured_children`
    (pipelines.growth.measured) and `kelurahan`."""
    settings = settings or Settings()
    install_macros(con)  # latest_key
    high = settings.haz_sd_expected[1]
    run_sql(con, "reconcile_children")
    run_sql(con, "reconcile_cells", {"sd_high": float(high)}, fill={"age_band": age_band_case("c.age_days")})
    run_sql(con, "reconcile_age_months")
    run_sql(con, "child_flows")
    run_sql(con, "weight_2t")
    con.execute("DROP TABLE IF EXISTS temp.reconcile_children")
