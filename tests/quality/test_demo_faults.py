"""The demo city's planted data-quality faults (pipelines.demo.quality_faults) are found by the grades, and
nothing else is graded bermasalah: two posyandu that measure badly, one puskesmas that enters 0 for
"not measured"."""
from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from pipelines.quality.standards import SD_RANGE


@pytest.fixture(scope="module")
def con(demo_build):
    with duckdb.connect(str(demo_build.db), read_only=True) as connection:
        yield connection


@pytest.fixture(scope="module")
def planted(demo_build) -> pd.DataFrame:
    return pd.read_csv(demo_build.files.truth_quality_faults)


def problematic(con, level: str) -> dict[str, set[str]]:
    rows = con.execute("SELECT period, unit FROM quality_grades WHERE level = ? AND grade = 'bermasalah'",
                       [level]).fetchall()
    out: dict[str, set[str]] = {}
    for period, unit in rows:
        out.setdefault(period, set()).add(unit)
    return out


def test_the_grades_find_exactly_the_planted_posyandu_and_puskesmas(con, planted):
    periods = [p for (p,) in con.execute("SELECT DISTINCT period FROM measurements ORDER BY 1").fetchall()]
    bad_posyandu = set(planted.loc[planted["level"] == "posyandu", "unit"])
    bad_puskesmas = set(planted.loc[planted["level"] == "puskesmas", "unit"])
    assert len(bad_posyandu) == 2 and len(bad_puskesmas) == 1
    found_posyandu, found_puskesmas = problematic(con, "posyandu"), problematic(con, "puskesmas")
    for period in periods:
        assert found_posyandu.get(period, set()) == bad_posyandu, period
        assert found_puskesmas.get(period, set()) == bad_puskesmas, period


def test_each_fault_is_named_in_the_reasons(con, planted):
    reasons = {
        (unit, period): {r["code"] for r in rs if r["severity"] == 2}
        for unit, period, rs in con.execute(
            "SELECT unit, period, reasons FROM quality_grades WHERE grade = 'bermasalah'").fetchall()
    }
    for unit, fault in zip(planted["unit"], planted["fault"]):
        mine = [codes for (u, _), codes in reasons.items() if u == unit]
        assert len(mine) == 4, unit
        for codes in mine:
            if fault == "heaping_and_sd":
                assert {"dps_height", "dps_weight", "sd_haz_high"} <= codes
            elif fault == "position_and_sd":
                assert {"wrong_position", "sd_haz_high"} <= codes
            else:
                assert codes == {"zeros"}


def test_inflated_haz_sd_and_heaping_as_numbers(con, planted):
    heaping = planted.loc[planted["fault"] == "heaping_and_sd", "unit"].iloc[0]
    rows = con.execute("SELECT sd_haz, height_whole + height_half, dps_height FROM quality_checks"
                       " WHERE level = 'posyandu' AND unit = ?", [heaping]).fetchall()
    for sd_haz, on_0_or_5, dps in rows:
        assert sd_haz > SD_RANGE["haz"][1]
        assert on_0_or_5 > 0.8 and dps >= 20
    city = con.execute("SELECT max(sd_haz), max(dps_height) FROM quality_checks WHERE level = 'kabupaten'").fetchone()
    assert city[0] < SD_RANGE["haz"][1] and city[1] < 8       # one posyandu does not spoil the city's figures


def test_problematic_desa_are_those_of_the_planted_units(con, planted):
    units = set(planted["unit"])
    rows = con.execute("SELECT kode, period, units FROM quality_desa WHERE problem").fetchall()
    assert rows, "the planted faults mark some desa"
    for kode, period, behind in rows:
        assert set(behind) & units, (kode, period)
