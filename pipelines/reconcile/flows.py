"""Flows of children between two rounds, and the posyandu "2T", from the build's tables.

`child_flows` (pipelines/sql/reconcile/child_flows.sql) counts, per place and pair of consecutive periods,
the children in each category (CATEGORIES; a child takes part in a period when it has a valid HAZ there):
menetap (stunted in both), baru (newly stunted), pulih (no longer stunted), normal (stunted in neither),
datang / datang_lahir (only in the later round; born after the first), hilang / hilang_umur (only in the
earlier round; aged out). Shares are of all children in the place's flow (the sum of the categories).

Incidence of new stunting (a lokus criterion): baru / (baru + normal), the share of the children not
stunted in the first round and measured again who are stunted in the second (share 0..1); recovery:
pulih / (pulih + menetap).

`weight_2t` counts per calendar month the children weighed three months in a row (eligible) and those
whose weight did not increase twice in a row (two_t); 2T share = two_t / eligible.
Counts only: no list of children ever leaves these functions.
"""
from __future__ import annotations

import duckdb
import pandas as pd

LINKED = ("menetap", "baru", "pulih", "normal")
ONE_ROUND = ("datang", "datang_lahir", "hilang", "hilang_umur")
CATEGORIES = LINKED + ONE_ROUND


def _has(con: duckdb.DuckDBPyConnection, table: str) -> bool:
    return bool(con.execute("SELECT count(*) FROM information_schema.tables WHERE table_name = ?", [table]).fetchone()[0])


def period_pairs(con: duckdb.DuckDBPyConnection) -> list[tuple[str, str]]:
    """(period_from, period_to) pairs with flows, newest first."""
    if not _has(con, "child_flows"):
        return []
    rows = con.execute("SELECT DISTINCT period_from, period_to FROM child_flows ORDER BY period_to DESC").fetchall()
    return [(a, b) for a, b in rows]


def flow_counts(con: duckdb.DuckDBPyConnection, level: str, period_from: str, period_to: str) -> pd.DataFrame:
    """One row per place of `level` with a column per category (children), from child_flows."""
    frame = con.execute(
        "SELECT kode, category, children FROM child_flows WHERE level = ? AND period_from = ? AND period_to = ?",
        [level, period_from, period_to]).df()
    return wide(frame)


def wide(frame: pd.DataFrame) -> pd.DataFrame:
    """kode, category, children rows -> kode, one column per category (0 where absent), total, shares
    (share_<category>), incidence and recovery (module docstring; NaN when the denominator is 0)."""
    table = frame.pivot_table(index="kode", columns="category", values="children", aggfunc="sum", fill_value=0)
    table = table.reindex(columns=list(CATEGORIES), fill_value=0).astype("int64")
    table["total"] = table[list(CATEGORIES)].sum(axis=1)
    for category in CATEGORIES:
        table[f"share_{category}"] = table[category] / table["total"].where(table["total"] > 0)
    at_risk = table["baru"] + table["normal"]
    table["at_risk"] = at_risk
    table["incidence"] = table["baru"] / at_risk.where(at_risk > 0)
    stunted_before = table["pulih"] + table["menetap"]
    table["recovery"] = table["pulih"] / stunted_before.where(stunted_before > 0)
    return table.reset_index()


def two_t(con: duckdb.DuckDBPyConnection, level: str, month: str | None = None) -> pd.DataFrame:
    """kode, month, eligible, two_t, share from weight_2t (empty where no monthly data exist)."""
    if not _has(con, "weight_2t"):
        return pd.DataFrame(columns=["kode", "month", "eligible", "two_t", "share"])
    frame = con.execute(
        "SELECT kode, month, eligible, two_t FROM weight_2t WHERE level = ? AND (? IS NULL OR month = ?)"
        " ORDER BY month, kode", [level, month, month]).df()
    frame["share"] = frame["two_t"] / frame["eligible"].where(frame["eligible"] > 0)
    return frame
