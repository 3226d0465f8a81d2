"""Post-stratification and the gap decomposition on hand-built children whose structure and coverage are known.

Kota Uji: Desa A and Desa B (kecamatan Barat), Desa C (kecamatan Timur); sasaran 120, 120 and 60 children
0-59 months in 2025; boys' share set to 0.5 so that every cell's target is a whole number:
per sex, band 0-5 / 6-11 / 12-23 / 24-59 = 6 / 6 / 12 / 36 in A and B, 3 / 3 / 6 / 18 in C.
Measured in 2025-08, per sex:        0-5      6-11     12-23    24-59
    Desa A  children (stunted)      2 (0)    2 (0)    4 (1)    2 (1)
    Desa B                          1 (0)    1 (0)    2 (1)    1 (1)
    Desa C  nobody measured
e-PPGBM rate: 8 / 30 = 26.67 %.
Age x sex structure (desa pooled): rates 0, 0, 1/3, 2/3 on targets 15, 15, 30, 90 per sex -> 140 / 300 = 46.67 %.
Post-stratified (desa x age x sex): A 21 + B 42 + C (borrows the pooled rates: 14) per sex -> 154 / 300 = 51.33 %.
"""
from __future__ import annotations

import math

import pandas as pd
import pytest

from pipelines.reconcile import build_reconcile
from pipelines.reconcile import decompose as dec
from pipelines.reconcile import poststrat as ps
from pipelines.reconcile.survey import SurveyFigure
from pipelines.settings import Settings
from reconcile_fixture import Child, reconcile_db

A, B, C = "99.72.01.1001", "99.72.01.1002", "99.72.02.1003"
BIRTH = {"0-5": "2025-05-10", "6-11": "2024-12-10", "12-23": "2024-02-10", "24-59": "2022-08-01"}
DATE = "2025-08-15"
STUNTED, NORMAL = -2.5, 0.0


def _children() -> list[Child]:
    plan = {A: {"0-5": (2, 0), "6-11": (2, 0), "12-23": (4, 1), "24-59": (2, 1)},
            B: {"0-5": (1, 0), "6-11": (1, 0), "12-23": (2, 1), "24-59": (1, 1)}}
    out = []
    for kode, bands in plan.items():
        for sex in (1, 2):
            for band, (n, k) in bands.items():
                for i in range(n):
                    out.append(Child(f"{kode}-{sex}-{band}-{i}", kode, sex, BIRTH[band],
                                     [(DATE, STUNTED if i < k else NORMAL)]))
    return out


@pytest.fixture(scope="module")
def tables():
    con = reconcile_db(_children(), {A: 120, B: 120, C: 60})
    build_reconcile(con, Settings())
    cells = con.execute("SELECT * FROM reconcile_cells WHERE span = 'period' AND period = '2025-08'").df()
    year = con.execute("SELECT * FROM reconcile_cells WHERE span = 'year' AND period = '2025'").df()
    places = con.execute("SELECT kode, kecamatan_kode FROM kelurahan").df()
    targets = ps.split_sasaran(con.execute("SELECT kode, target_children FROM sasaran").df(), male_share=0.5)
    yield cells, year, places, targets
    con.close()


def test_cells_count_the_children_per_desa_age_band_and_sex(tables):
    cells = tables[0].set_index(["kode", "age_band", "sex"])
    assert cells.loc[(A, "12-23", 1), ["measured", "valid_haz", "stunted"]].tolist() == [4, 4, 1]
    assert cells.loc[(B, "24-59", 2), ["measured", "valid_haz", "stunted"]].tolist() == [1, 1, 1]
    assert cells["measured"].sum() == 30 and cells["stunted"].sum() == 8
    assert C not in cells.index.get_level_values("kode")


def test_sasaran_split_uniform_by_month_and_by_the_stated_sex_share():
    t = ps.split_sasaran(pd.DataFrame({"kode": [A], "target_children": [120]}), male_share=0.512)
    band = t.groupby("age_band")["target"].sum()
    assert band.to_dict() == pytest.approx({"0-5": 12, "6-11": 12, "12-23": 24, "24-59": 72})
    assert t.loc[t["sex"] == 1, "target"].sum() == pytest.approx(120 * 0.512)
    given = pd.DataFrame({"kode": [A], "target_children": [100], "target_0_5": [10], "target_6_11": [20],
                          "target_12_23": [30], "target_24_59": [40]})
    banded = ps.split_sasaran(given, male_share=0.5).groupby("age_band")["target"].sum()
    assert banded.to_dict() == pytest.approx({"0-5": 10, "6-11": 20, "12-23": 30, "24-59": 40})


def test_post_stratified_rate_is_exact(tables):
    cells, _, places, targets = tables
    assert ps.crude(cells).value == pytest.approx(8 / 30)
    assert ps.standardise_age_sex(cells, targets).value == pytest.approx(140 / 300)
    e = ps.poststratify(cells, targets, places)
    assert e.value == pytest.approx(154 / 300)
    assert e.imputed_share == pytest.approx(60 / 300)          # Desa C borrowed every cell
    assert e.n == 30 and e.target == pytest.approx(300)
    assert e.ci_low < e.value < e.ci_high
    # Barat alone (A and B): (42 + 84) / 240
    assert ps.poststratify(cells, targets, places, area={A, B}).value == pytest.approx(126 / 240)
    desa = ps.desa_rates(cells, targets, places).set_index("kode")
    assert desa.loc[A, "value"] == pytest.approx(42 / 120)
    assert desa.loc[B, "value"] == pytest.approx(84 / 120)
    assert desa.loc[C, "value"] == pytest.approx(28 / 60) and desa.loc[C, "imputed_share"] == 1.0


def test_unmeasured_worse_sensitivity_is_exact(tables):
    cells, _, places, targets = tables
    # Desa A, band 24-59, boys: coverage 2 / 36, rate 1/2; with rr = 2 the unmeasured 34/36 are stunted at 100 %
    e = ps.poststratify(cells, targets, places, area={A}, rr=2.0)
    per_sex = 0 + 0 + 12 * (4 / 12 * 0.25 + 8 / 12 * 0.5) + 36 * (2 / 36 * 0.5 + 34 / 36 * 1.0)
    assert e.value == pytest.approx(2 * per_sex / 120)


def test_decomposition_terms_are_exact_and_add_up_to_the_gap(tables):
    cells, year, places, targets = tables
    survey = SurveyFigure("Survei Uji", 2025, "kabupaten", "99.72", 0.60, 0.55, 0.65, 0.025)
    d = dec.decompose(cells, year, targets, places, survey, rr=(1.5, 2.0))
    assert d.terms["structure"] == pytest.approx(140 / 300 - 8 / 30)
    assert d.terms["coverage"] == pytest.approx(154 / 300 - 140 / 300)
    assert d.terms["quality"] == pytest.approx(0.0)             # SD of HAZ 1.12, inside the expected range: nothing to remove
    assert d.terms["period"] == pytest.approx(0.0)              # one period in the survey's year
    assert d.terms["residual"] == pytest.approx(0.60 - 154 / 300)
    assert sum(d.terms.values()) == pytest.approx(d.gap) and d.gap == pytest.approx(0.60 - 8 / 30)
    assert dec.explained(d) == pytest.approx(d.gap)
    assert d.sensitivity[2.0] > d.sensitivity[1.5] > d.terms["coverage"]
    rows = d.rows().set_index("term")
    assert rows.loc["coverage", "high"] == pytest.approx(d.sensitivity[2.0])
    assert rows.loc["residual", "low"] == pytest.approx(d.terms["residual"] - (d.sensitivity[2.0] - d.terms["coverage"]))


def test_a_kecamatan_is_decomposed_against_the_kabupaten_figure(tables):
    """Kecamatan Barat (A and B): its own steps, the kabupaten figure as the end; the terms still add up."""
    cells, year, places, targets = tables
    survey = SurveyFigure("Survei Uji", 2025, "kabupaten", "99.72", 0.60, 0.55, 0.65, 0.025)
    d = dec.decompose(cells, year, targets, places, survey, area={A, B})
    assert d.estimates["E0"].value == pytest.approx(8 / 30)            # every measured child lives in Barat
    # pooled rates 0, 0, 1/3, 2/3 on Barat's targets 12, 12, 24, 72 per sex -> 56 / 120
    assert d.estimates["E1"].value == pytest.approx(56 / 120)
    assert d.terms["coverage"] == pytest.approx(126 / 240 - 56 / 120)
    assert d.terms["quality"] == pytest.approx(0.0) and d.terms["period"] == pytest.approx(0.0)
    assert d.terms["residual"] == pytest.approx(0.60 - 126 / 240)
    assert sum(d.terms.values()) == pytest.approx(d.gap) and d.gap == pytest.approx(0.60 - 8 / 30)


def test_period_term_uses_the_survey_year_and_age_range(tables):
    cells, year, places, targets = tables
    survey = SurveyFigure("Survei Uji", 2025, "kabupaten", "99.72", 0.60, 0.55, 0.65, 0.025, age_min=24, age_max=59)
    d = dec.decompose(cells, year, targets, places, survey)
    # 24-59 months only: A 36 x 1/2, B 36 x 1, C 18 x 2/3 (borrowed) -> (18 + 36 + 12) per sex / 90 per sex
    assert d.estimates["E4"].value == pytest.approx(66 / 90)
    assert d.terms["period"] == pytest.approx(66 / 90 - 154 / 300)
    assert sum(d.terms.values()) == pytest.approx(d.gap)
    missing = dec.decompose(cells, None, targets, places, survey)
    assert math.isnan(missing.terms["period"]) and missing.terms["residual"] == pytest.approx(0.60 - 154 / 300)
    assert dec.explained(missing) == pytest.approx(missing.gap)


def test_sd_inflation_alone_moves_the_rate():
    # four children with HAZ -2.6, -2.1, 2.1, 2.6: SD 2.73 > 1.95; brought to 1.95 both stunted ones cross -2
    kids = [Child(f"k{i}", A, 1, BIRTH["24-59"], [(DATE, z)]) for i, z in enumerate((-2.6, -2.1, 2.1, 2.6))]
    con = reconcile_db(kids, {A: 100})
    build_reconcile(con, Settings())
    row = con.execute("SELECT sum(stunted), sum(stunted_sd_adjusted) FROM reconcile_cells WHERE span = 'period'").fetchone()
    assert row == (2, 0)
