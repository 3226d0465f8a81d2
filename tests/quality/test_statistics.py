"""The data-quality statistics against hand-computed values and the published examples of SMART's R code.

Hand computations are written out in each test. Published examples: the rating vectors of mwana's own
tests (tests/testthat/test-quality_raters.R: SD, p-value, skewness/kurtosis, flagged % and overall-score
bands), and nipnTK's definitions (digitPreference, ageRatioTest, sexRatioTest: prop.test with Yates'
correction; skewKurt). The WHO Anthro Survey Analyser's skewness/kurtosis are R moments::skewness/kurtosis.
"""
from __future__ import annotations

import math

import duckdb
import pytest

from pipelines.sqlfiles import run_sql


@pytest.fixture(scope="module")
def con():
    connection = duckdb.connect()
    run_sql(connection, "quality_macros")
    yield connection
    connection.close()


def one(con, sql: str, *params):
    return con.execute(sql, list(params)).fetchone()[0]


def sums(values: list[float]) -> tuple:
    return (len(values), *[sum(v ** k for v in values) for k in range(1, 5)])


def test_skewness_and_kurtosis_are_the_moment_estimators_anthro_and_smart_use(con):
    # x = 1, 2, 3, 4, 10: mean 4, deviations -3 -2 -1 0 6
    # m2 = (9+4+1+0+36)/5 = 10, m3 = (-27-8-1+0+216)/5 = 36, m4 = (81+16+1+0+1296)/5 = 278.8
    n, s1, s2, s3, s4 = sums([1, 2, 3, 4, 10])
    skew = one(con, "SELECT q_skewness(?, ?, ?, ?)", n, s1, s2, s3)
    kurt = one(con, "SELECT q_kurtosis(?, ?, ?, ?, ?)", n, s1, s2, s3, s4)
    assert skew == pytest.approx(36 / 10 ** 1.5, abs=1e-12)           # 1.138420 (moments::skewness, nipnTK s)
    assert kurt == pytest.approx(278.8 / 100, abs=1e-12)              # 2.788 (moments::kurtosis, normal = 3)
    # SMART's excess kurtosis (nipnTK skewKurt k) is the same minus 3: -0.212
    assert kurt - 3 == pytest.approx(-0.212, abs=1e-12)


def test_no_spread_gives_no_shape_statistic(con):
    n, s1, s2, s3, s4 = sums([0.5, 0.5, 0.5, 0.5])
    assert one(con, "SELECT q_skewness(?, ?, ?, ?)", n, s1, s2, s3) is None
    assert one(con, "SELECT q_kurtosis(?, ?, ?, ?, ?)", n, s1, s2, s3, s4) is None


def test_digit_preference_score_by_hand(con):
    # 200 heights: last digit 0 x 52, 5 x 36, each other digit x 14; expected 20 each
    # chi2 = 32^2/20 + 16^2/20 + 8 * 6^2/20 = 51.2 + 12.8 + 14.4 = 78.4; DPS = 100 * sqrt(78.4 / (200 * 9))
    counts = [52, 14, 14, 14, 14, 36, 14, 14, 14, 14]
    x2 = sum((c - 20) ** 2 / 20 for c in counts)
    assert x2 == pytest.approx(78.4)
    dps = one(con, "SELECT q_dps(?, ?)", x2, 200)
    assert dps == pytest.approx(20.8700, abs=5e-5)
    assert one(con, "SELECT q_pts_dps(?)", dps) == 10          # SMART: >= 20 problematic
    # a perfectly uniform last digit scores 0
    assert one(con, "SELECT q_dps(0.0, 500)") == 0


def test_age_ratio_test_as_nipnTK_computes_it(con):
    # 40 children 6-29 months, 60 aged 30-59; expected ratio 0.85 -> expected proportion 0.85/1.85 = 0.459459
    # prop.test with Yates: (|40 - 45.9459| - 0.5)^2 / (100 * 0.459459 * 0.540541) = 29.6582 / 24.8356 = 1.19418
    p = 0.85 / 1.85
    x2 = one(con, "SELECT q_prop_x2(40, 100, ?)", p)
    assert x2 == pytest.approx((abs(40 - 100 * p) - 0.5) ** 2 / (100 * p * (1 - p)), abs=1e-12)
    assert x2 == pytest.approx(1.19418, abs=5e-5)
    p_value = one(con, "SELECT q_chi2_1df_p(?)", x2)
    assert p_value == pytest.approx(math.erfc(math.sqrt(x2 / 2)), abs=2e-7)   # 0.2745
    assert one(con, "SELECT q_pts_ratio(?)", x2) == 0


def test_sex_ratio_test_as_nipnTK_computes_it(con):
    # 60 boys, 40 girls: (|60 - 50| - 0.5)^2 / (100 * 0.25) = 90.25 / 25 = 3.61, p = 0.0574 -> "Good", 2 points
    x2 = one(con, "SELECT q_prop_x2(60, 100, 0.5)")
    assert x2 == pytest.approx(3.61)
    assert one(con, "SELECT q_chi2_1df_p(?)", x2) == pytest.approx(0.05743, abs=5e-5)
    assert one(con, "SELECT q_pts_ratio(?)", x2) == 2
    # Yates' correction never overshoots: k = n p gives 0
    assert one(con, "SELECT q_prop_x2(50, 100, 0.5)") == 0


# --- mwana's published rating examples (tests/testthat/test-quality_raters.R) --------------------------------

BAND_POINTS = {"Excellent": 0, "Good": 5, "Acceptable": 10, "Problematic": 20}


def test_sd_bands_match_mwana_examples(con):
    stds = [1.253, 1.037, 0.876, 0.861, 0.8, 1.083, 1.5, 0.922, 1.269, 0.797, 0.880, 0.853, 1.041, 1.247, 0.9]
    expected = ["Problematic", "Excellent", "Good", "Good", "Problematic", "Excellent", "Problematic", "Excellent",
                "Problematic", "Problematic", "Good", "Good", "Excellent", "Problematic", "Good"]
    got = [one(con, "SELECT q_pts_sd(?)", s) for s in stds]
    assert got == [BAND_POINTS[e] for e in expected]


def test_flagged_share_bands_match_mwana_examples(con):
    props = [0.0, 0.0, 0.01, 0.015, 0.2, 0.015, 0.016, 0.017, 0.05, 0.06, 0.03, 0.03, 0.04, 0.000001, 0]
    expected = ["Excellent", "Excellent", "Excellent", "Excellent", "Problematic", "Excellent", "Excellent",
                "Excellent", "Good", "Acceptable", "Good", "Good", "Good", "Excellent", "Excellent"]
    got = [one(con, "SELECT q_pts_flagged(?)", p) for p in props]
    assert got == [BAND_POINTS[e] for e in expected]


def test_ratio_test_bands_match_mwana_examples(con):
    from scipy.stats import chi2

    pvals = [0, 0, 0.01, 0.011, 0.2, 0.015, 0.016, 0.017, 0.05, 0.06, 0.03, 0.03, 0.04, 0.000001, 0.07]
    expected = ["Problematic", "Problematic", "Acceptable", "Acceptable", "Excellent", "Acceptable", "Acceptable",
                "Acceptable", "Acceptable", "Good", "Acceptable", "Acceptable", "Acceptable", "Problematic", "Good"]
    points = {"Excellent": 0, "Good": 2, "Acceptable": 4, "Problematic": 10}
    # the bands are applied to the chi2 statistic; p = 0.05 exactly is "Acceptable" (p > 0.05 is "Good"), so the
    # statistic of a p on a band edge is taken a hair above the critical value
    got = [one(con, "SELECT q_pts_ratio(?)", 1e9 if p == 0 else float(chi2.isf(p, 1)) * (1 + 1e-12)) for p in pvals]
    assert got == [points[e] for e in expected]


def test_skew_kurtosis_bands_match_mwana_examples(con):
    values = [0.1 + 0.09 * i for i in range(9)]        # seq(0.1, 0.9, 0.09)
    expected = ["Excellent", "Excellent", "Good", "Good", "Acceptable", "Acceptable", "Problematic", "Problematic",
                "Problematic"]
    points = {"Excellent": 0, "Good": 1, "Acceptable": 3, "Problematic": 5}
    assert [one(con, "SELECT q_pts_shape(?)", v) for v in values] == [points[e] for e in expected]
    # graded on absolute values: a negative excess kurtosis of -0.65 is as problematic as +0.65
    assert one(con, "SELECT q_pts_shape(-0.65)") == 5


def test_overall_grade_matches_mwana_examples(con):
    scores = [29, 17, 11, 5, 13, 14, 19, 26]
    expected = ["problematic", "acceptable", "good", "excellent", "good", "good", "acceptable", "problematic"]
    assert [one(con, "SELECT q_smart_grade(?)", s) for s in scores] == expected


def test_permenkes_classes_for_the_export_status(con):
    assert [one(con, "SELECT q_class_haz(?)", z) for z in (-3.01, -3.0, -2.01, -2.0, 3.0, 3.01)] == [0, 1, 1, 2, 2, 3]
    assert [one(con, "SELECT q_class_whz(?)", z) for z in (-2.5, 0.0, 1.5, 2.5, 3.5)] == [1, 2, 3, 4, 5]
