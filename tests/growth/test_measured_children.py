"""A child measured in a period: one rule (pipelines/sql/growth/measured_children.sql), read by every user."""
from __future__ import annotations

import re
from pathlib import Path

import duckdb

from pipelines.growth.measured import write_measured_children

ROOT = Path(__file__).resolve().parents[2]
A, B = "99.72.01.1001", "99.72.01.1002"


def _con(rows) -> duckdb.DuckDBPyConnection:
    con = duckdb.connect()
    con.execute("CREATE TABLE kelurahan (kode VARCHAR)")
    con.execute("INSERT INTO kelurahan VALUES ($a), ($b)", {"a": A, "b": B})
    con.execute("CREATE TABLE measurements (measurement_id BIGINT, child_id VARCHAR, kode VARCHAR, period VARCHAR,"
                " measure_date DATE, haz DOUBLE, flag_haz BOOLEAN, waz DOUBLE, flag_waz BOOLEAN, whz DOUBLE,"
                " flag_whz BOOLEAN)")
    con.executemany("INSERT INTO measurements VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
    write_measured_children(con)
    return con


def _chosen(con) -> dict[int, tuple]:
    return {r[0]: r[1:] for r in con.execute(
        "SELECT measurement_id, latest, latest_haz, latest_waz, latest_whz FROM measured_children").fetchall()}


def test_latest_of_the_period_and_latest_valid_z():
    rows = [
        # child a in February: the 20th is its latest, but its HAZ is flagged: stunting counts the 5th
        (10000000002, "a", A, "2025-02", "2025-02-05", -2.5, False, -1.0, False, -0.5, False),
        (10000000003, "a", B, "2025-02", "2025-02-20", -7.0, True, -1.1, False, None, None),
        # child a in August: one measurement, every score valid
        (10000000004, "a", A, "2025-08", "2025-08-10", -2.1, False, -1.0, False, 0.1, False),
        # child b twice on one date: the row read last (file, then row) counts
        (10000000005, "b", A, "2025-02", "2025-02-10", -1.0, False, -1.0, False, 0.0, False),
        (20000000002, "b", A, "2025-02", "2025-02-10", -3.0, False, -2.0, False, -1.0, False),
        # rows that do not count: no child, no period, a kelurahan not in the boundaries
        (10000000006, None, A, "2025-02", "2025-02-11", -1.0, False, -1.0, False, 0.0, False),
        (10000000007, "c", A, None, "2025-02-11", -1.0, False, -1.0, False, 0.0, False),
        (10000000008, "d", "99.72.09.9999", "2025-02", "2025-02-11", -1.0, False, -1.0, False, 0.0, False),
    ]
    chosen = _chosen(_con(rows))
    assert chosen == {
        10000000002: (False, True, False, True),   # a, Feb 5: the latest valid HAZ and WHZ
        10000000003: (True, False, True, False),   # a, Feb 20: where a was measured; its WAZ
        10000000004: (True, True, True, True),
        20000000002: (True, True, True, True),     # b: the second file's row
    }


def test_a_child_without_a_valid_score_is_still_measured():
    chosen = _chosen(_con([(10000000002, "a", A, "2025-02", "2025-02-05", None, None, 9.0, True, None, None)]))
    assert chosen == {10000000002: (True, False, False, False)}


def _sql(name: str) -> str:
    [path] = (ROOT / "pipelines" / "sql").rglob(f"{name}.sql")
    return "\n".join(line.split("--")[0] for line in path.read_text(encoding="utf-8").splitlines())


def test_every_user_reads_the_one_rule():
    """The growth indicators, the quality checks and Dua Angka read measured_children; the order of a child's
    measurements is written once (macro latest_key), nowhere else in the code."""
    for user in ("growth_children", "quality_rows", "reconcile_children"):
        assert "measured_children" in _sql(user), user
    for py in ("pipelines/readmodel.py", "dashboard/layers.py"):
        assert "measured_children" in (ROOT / py).read_text(encoding="utf-8"), py
    ordering = re.compile(r"measure_date\s+DESC|18446744073709551616|arg_max\([^)]*\(\s*measure_date", re.I)
    found = [str(p.relative_to(ROOT)) for folder in ("pipelines", "dashboard", "geo") for p in (ROOT / folder).rglob("*")
             if p.suffix in (".sql", ".py") and ordering.search(p.read_text(encoding="utf-8"))]
    assert found == ["pipelines/sql/macros.sql"], found
