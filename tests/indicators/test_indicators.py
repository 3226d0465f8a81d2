"""Growth indicators on a small hand-built measurements + kelurahan table."""
from __future__ import annotations

import math

import duckdb
import pytest

from pipelines.growth.measured import write_measured_children
from pipelines.indicators.growth import build_growth_indicators
from pipelines.settings import Settings
from pipelines.sqlfiles import install_macros

KEL = [  # kode, kecamatan_kode, kabupaten_kode
    ("99.71.01.1001", "99.71.01", "99.71"),
    ("99.71.01.1002", "99.71.01", "99.71"),
    ("99.71.02.1001", "99.71.02", "99.71"),
]
A, B, C = (k[0] for k in KEL)

# child, kode, date, haz, flag_haz, waz, flag_waz, whz, flag_whz
ROWS = [
    ("c1", A, "2024-01-05", -2.5, False, -1.0, False, 0.0, False),
    ("c1", A, "2024-01-20", -1.0, False, -2.5, False, -2.1, False),   # latest: counts (not the -2.5 HAZ)
    ("c2", A, "2024-01-10", -3.2, False, -3.1, False, -3.5, False),
    ("c3", A, "2024-01-11", 0.5, False, 0.1, False, 2.5, False),
    ("c4", A, "2024-01-03", -2.2, False, -0.5, False, 0.3, False),
    ("c4", A, "2024-01-25", 7.1, True, -0.4, False, None, None),      # flagged HAZ, no WHZ: earlier counts
    ("c5", A, "2024-01-12", 6.5, True, 5.5, True, 5.2, True),         # only flagged values: not counted
    ("c6", B, "2024-01-15", -2.01, False, -2.0, False, -2.0, False),  # thresholds are strict
    ("c7", C, "2024-01-15", -4.0, False, -1.0, False, 0.0, False),
    ("c1", A, "2024-02-02", -2.6, False, -1.0, False, 0.0, False),    # next month
    ("c8", B, "2024-02-15", None, None, None, None, None, None),      # measured, nothing valid
]


def _con(with_sasaran: bool = False, settings: Settings | None = None) -> duckdb.DuckDBPyConnection:
    """The hand-built tables; `period` filled by the import's rule (macro round_period, the settings' rounds)."""
    con = duckdb.connect()
    install_macros(con)
    con.execute("CREATE TABLE kelurahan (kode VARCHAR, nama VARCHAR, kecamatan_kode VARCHAR, kabupaten_kode VARCHAR)")
    con.executemany("INSERT INTO kelurahan VALUES (?, 'x', ?, ?)", KEL)
    con.execute("CREATE TABLE measurements (measurement_id INTEGER, child_id VARCHAR, kode VARCHAR, "
                "posyandu_id VARCHAR, measure_date DATE, haz DOUBLE, flag_haz BOOLEAN, waz DOUBLE, "
                "flag_waz BOOLEAN, whz DOUBLE, flag_whz BOOLEAN, baz DOUBLE, flag_baz BOOLEAN)")
    con.executemany("INSERT INTO measurements VALUES (?, ?, ?, 'P1', ?, ?, ?, ?, ?, ?, ?, NULL, NULL)",
                    [(i, *r) for i, r in enumerate(ROWS)])
    con.execute("ALTER TABLE measurements ADD COLUMN period VARCHAR")
    con.execute("UPDATE measurements SET period = round_period(measure_date, $r)",
                {"r": [r for _, r in (settings or Settings()).round_table()]})
    write_measured_children(con)  # as the import does right after the measurements
    if with_sasaran:
        con.execute("CREATE TABLE sasaran (kode VARCHAR, year INTEGER, target_children INTEGER)")
        con.executemany("INSERT INTO sasaran VALUES (?, 2024, ?)", [(A, 10), (B, 1), (C, 4)])
    return con


def _get(con, level, kode, period, indicator):
    return con.execute(
        "SELECT numerator, denominator, value, ci_low, ci_high FROM indicators "
        "WHERE level = $l AND kode = $k AND period = $p AND indicator = $i",
        {"l": level, "k": kode, "p": period, "i": indicator}).fetchone()


def wilson(k: int, n: int) -> tuple[float, float]:
    z = 1.959964
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def test_kelurahan_prevalence_latest_valid_and_wilson():
    con = _con()
    build_growth_indicators(con, Settings())
    # HAZ in A, 2024-01: c1 -1.0 (latest), c2 -3.2, c3 0.5, c4 -2.2 (its latest is flagged); c5 excluded
    num, den, value, lo, hi = _get(con, "kelurahan", A, "2024-01", "stunting")
    assert (num, den) == (2, 4) and value == 0.5
    assert (lo, hi) == pytest.approx(wilson(2, 4), abs=1e-9)
    assert _get(con, "kelurahan", A, "2024-01", "severe_stunting")[:2] == (1, 4)
    # WAZ: c1 -2.5 (latest), c2 -3.1, c3, c4 -0.4 -> 2 / 4
    assert _get(con, "kelurahan", A, "2024-01", "underweight")[:2] == (2, 4)
    # WHZ: c1 -2.1, c2 -3.5, c3 2.5, c4 0.3 (latest has no WHZ)
    assert _get(con, "kelurahan", A, "2024-01", "wasting")[:2] == (2, 4)
    assert _get(con, "kelurahan", A, "2024-01", "severe_wasting")[:2] == (1, 4)
    assert _get(con, "kelurahan", A, "2024-01", "overweight")[:2] == (1, 4)
    # strict thresholds: -2.01 is stunted, WAZ/WHZ -2.0 are not
    assert _get(con, "kelurahan", B, "2024-01", "stunting")[:2] == (1, 1)
    assert _get(con, "kelurahan", B, "2024-01", "underweight")[:2] == (0, 1)
    assert _get(con, "kelurahan", B, "2024-01", "wasting")[:2] == (0, 1)
    # next month on its own
    assert _get(con, "kelurahan", A, "2024-02", "stunting")[:2] == (1, 1)
    # nothing valid: no row (no denominator)
    assert _get(con, "kelurahan", B, "2024-02", "stunting") is None
    assert con.execute("SELECT count(*) FROM indicators WHERE denominator = 0").fetchone()[0] == 0


def test_rollups_add_up():
    con = _con()
    build_growth_indicators(con, Settings())
    assert _get(con, "kecamatan", "99.71.01", "2024-01", "stunting")[:2] == (3, 5)   # A 2/4 + B 1/1
    assert _get(con, "kecamatan", "99.71.02", "2024-01", "stunting")[:2] == (1, 1)
    num, den, value, lo, hi = _get(con, "kabupaten", "99.71", "2024-01", "stunting")
    assert (num, den) == (4, 6) and value == pytest.approx(4 / 6)
    assert (lo, hi) == pytest.approx(wilson(4, 6), abs=1e-9)
    sums = con.execute("""
        SELECT i.indicator, i.period, sum(i.numerator), sum(i.denominator) FROM indicators i
        WHERE level = 'kelurahan' GROUP BY ALL
        EXCEPT
        SELECT indicator, period, numerator, denominator FROM indicators WHERE level = 'kabupaten'
    """).fetchall()
    assert sums == []


def test_flag_counts():
    con = _con()
    build_growth_indicators(con, Settings())
    rows = dict(((r[0], r[1]), r[2]) for r in con.execute(
        "SELECT level, indicator, flagged FROM flag_counts WHERE kode IN ($a, '99.71.01', '99.71') "
        "AND period = '2024-01'", {"a": A}).fetchall())
    assert rows[("kelurahan", "stunting")] == 2          # c4's second and c5's HAZ
    assert rows[("kelurahan", "severe_stunting")] == 2
    assert rows[("kelurahan", "underweight")] == 1       # c5
    assert rows[("kelurahan", "wasting")] == 1
    assert rows[("kecamatan", "stunting")] == 2 and rows[("kabupaten", "overweight")] == 1
    assert con.execute("SELECT min(flagged) FROM flag_counts").fetchone()[0] > 0


def test_rounds_mapping_and_period_column():
    settings = Settings(rounds={m: (2 if m <= 6 else 8) for m in range(1, 13)})
    con = _con(settings=settings)
    build_growth_indicators(con, settings)
    periods = {r[0] for r in con.execute("SELECT DISTINCT period FROM measurements").fetchall()}
    assert periods == {"2024-02"}
    # c1 is counted once in the February round, with its latest valid HAZ (-2.6 on 2 February)
    num, den = _get(con, "kelurahan", A, "2024-02", "stunting")[:2]
    assert (num, den) == (3, 4)   # c1 -2.6, c2 -3.2, c3 0.5, c4 -2.2
    assert _get(con, "kelurahan", A, "2024-01", "stunting") is None


def test_coverage_from_sasaran():
    con = _con(with_sasaran=True)
    build_growth_indicators(con, Settings())
    num, den, value, lo, hi = _get(con, "kelurahan", A, "2024-01", "coverage")
    assert (num, den, value) == (5, 10, 0.5)            # c1..c5 measured (c5 only with flagged values)
    assert (lo, hi) == pytest.approx(wilson(5, 10), abs=1e-9)
    num, den, value, lo, hi = _get(con, "kelurahan", B, "2024-02", "coverage")
    assert (num, den, value) == (1, 1, 1.0)
    assert _get(con, "kelurahan", C, "2024-02", "coverage")[:3] == (0, 4, 0.0)   # nobody measured
    assert _get(con, "kabupaten", "99.71", "2024-01", "coverage")[:2] == (7, 15)


def test_coverage_above_one_is_not_capped():
    con = _con(with_sasaran=True)
    con.execute("UPDATE sasaran SET target_children = 2 WHERE kode = $a", {"a": A})
    build_growth_indicators(con, Settings())
    num, den, value, lo, hi = _get(con, "kelurahan", A, "2024-01", "coverage")
    assert (num, den, value) == (5, 2, 2.5)
    assert (lo, hi) == pytest.approx(wilson(2, 2), abs=1e-9) and hi <= 1.0


def test_other_indicators_kept_and_rebuild_is_idempotent():
    con = _con()
    con.execute("CREATE TABLE indicators_services (level VARCHAR, kode VARCHAR, period VARCHAR, indicator VARCHAR, "
                "numerator BIGINT, denominator BIGINT, value DOUBLE, ci_low DOUBLE, ci_high DOUBLE)")
    con.execute("INSERT INTO indicators_services VALUES ('kelurahan', $a, '2024-01', 'svc_anc_4x', 3, 4, 0.75, 0.3, 0.95)",
                {"a": A})
    build_growth_indicators(con, Settings())
    first = con.execute("SELECT * FROM indicators ORDER BY ALL").fetchall()
    build_growth_indicators(con, Settings())
    assert con.execute("SELECT * FROM indicators ORDER BY ALL").fetchall() == first
    assert con.execute("SELECT count(*) FROM indicators WHERE indicator = 'svc_anc_4x'").fetchone()[0] == 1
    assert con.execute("SELECT count(*) FROM measurements").fetchone()[0] == len(ROWS)
