"""The standards the data-quality checks follow, and every threshold they use: one place.

Sources (see /shared/DESIGN.md, "Data quality"):
- WHO-UNICEF (2019) *Recommendations for data collection, analysis and reporting on anthropometric indicators
  in children under 5* ("TEAM"): seven checks used together without a single score. Skewness and kurtosis
  as the WHO Anthro Survey Analyser computes them (R `moments::skewness` = m3 / m2^1.5 and
  `moments::kurtosis` = m4 / m2^2, moment estimators, normal = 3), on z-scores without the WHO flags.
  Expected SDs: 5th-95th percentile over 51 DHS surveys (Mei & Grummer-Strawn 2007).
- SMART plausibility check as coded in the R packages nipnTK (`digitPreference`, `ageRatioTest`,
  `sexRatioTest`, `skewKurt`) and mwana (`check_plausibility_wfhz`, its raters and scorers): WHZ of children
  6-59 months, SMART flags = WHZ outside the unit's mean +- 3; SD, skewness and *excess* kurtosis (normal = 0)
  on the unflagged WHZ; age and sex ratio tests are `prop.test` chi-squared tests with Yates' continuity
  correction; digit preference score (WHO MONICA) = 100 * sqrt(chi2 / (N * (10 - 1))) on the last digit.
- Routine e-PPGBM checks (this project): tolerances stated below, each with its reason.

The grade of a posyandu or puskesmas (`quality_grades`) is this project's, not WHO's nor SMART's: a unit is
*bermasalah* (problematic) when at least one rule below marked "problem" fires, *perhatian* (needs
attention) when only "attention" rules fire, else *baik*. Every rule names its threshold and minimum n, so
that a small posyandu is never graded on chance alone.
"""
from __future__ import annotations

# --- WHO-UNICEF (TEAM) -----------------------------------------------------------------------------------
#: expected SD ranges of unflagged z-scores (5th-95th percentile of 51 DHS surveys, Mei & Grummer-Strawn 2007).
#: The one place these numbers are written: `Settings.haz_sd_expected` defaults to the HAZ range (a TOML may
#: override it for a build; `sd_ranges` gives the ranges a build used), Dua Angka reads the same setting.
SD_RANGE: dict[str, tuple[float, float]] = {"haz": (1.35, 1.95), "waz": (1.17, 1.46), "whz": (1.08, 1.50)}
#: % of z-scores outside the WHO flags above which WHO-UNICEF say data "may indicate problems"
WHO_FLAGGED_ATTENTION = 0.01
#: WHO normality limits: |skewness| above, kurtosis (normal = 3) outside
SKEW_LIMIT = 0.5
KURTOSIS_RANGE = (2.0, 4.0)
#: day-of-month heaping of birth dates: days 1 and 15 expected 24 / 365.25 of births
BIRTH_DAY_EXPECTED = 24 / 365.25

# --- SMART plausibility (nipnTK / mwana) -----------------------------------------------------------------
#: the SMART score is computed only on at least this many children 6-59 months with a WHZ. Below it the score
#: measures sample size, not quality: with uniform last digits the DPS alone averages 100/sqrt(n) (10 at
#: n = 100, 13 at n = 60: already "Good"/"Acceptable"), and the standard error of the excess kurtosis is
#: about sqrt(24/n) (0.49 at n = 100), so chance alone earns penalty points.
SMART_MIN_N = 100
SMART_EXPECTED_AGE_RATIO = 0.85     # children 6-29 months / 30-59 months
SMART_GRADES = ("excellent", "good", "acceptable", "problematic")
#: chi-squared (1 df) critical values of p = 0.1, 0.05, 0.001: the age/sex ratio bands p > 0.1 / > 0.05 / > 0.001
CHI2_1DF = (2.705543454095, 3.841458820694, 10.827566170663)

# --- grade rules (this project) ----------------------------------------------------------------------------
#: minimum children behind a statistic before a rule may fire on it
GRADE_MIN_N = 30
#: a digit preference score graded "problematic" by SMART (>= 20) counts only when the last-digit chi-squared
#: test (9 df) is beyond chance even among hundreds of posyandu tested at once: chi2 > 39.34 (p < 0.00001)
DPS_PROBLEM = 20.0
DPS_ATTENTION = 12.0
CHI2_9DF_STRICT = 39.340653733868
#: measured in the wrong position: the larger of the share of children 9-23 months measured standing and the
#: share of children 24-59 months measured lying (position known), judged on at least POSITION_MIN_N children of
#: that age group (a habit shows in nearly every child of one group; chance alone rarely reaches 20 %)
WRONG_POSITION_PROBLEM = 0.40
WRONG_POSITION_ATTENTION = 0.20
POSITION_MIN_N = 20
#: codes for "not measured" (0, 8888, 9999, -1...) in weight or height: a habit of the puskesmas that enters
#: e-PPGBM, graded at puskesmas level (every posyandu it enters would otherwise share the verdict)
ZEROS_PROBLEM = 0.05
ZEROS_ATTENTION = 0.01
#: length/height falling between two visits of a child by more than this (cm, lying-equivalent: standing + 0.7);
#: twice the 0.5 cm a trained pair's repeated length may differ, and above the 0.7 cm position adjustment
HEIGHT_DECREASE_TOLERANCE_CM = 1.0
#: weight dropping between two visits by more than this share
WEIGHT_DROP_SHARE = 0.10
#: shares of repeat visits with a falling height / a >10 % weight drop that call for attention
HEIGHT_DECREASE_ATTENTION = 0.10
WEIGHT_DROP_ATTENTION = 0.10
#: e-PPGBM's own category (from its ZS columns) differing from the recomputed one (Permenkes 2/2020 classes)
EXPORT_MISMATCH_ATTENTION = 0.05
#: birth dates on the 1st or 15th: this many times the expected share, beyond chance (prop.test chi2 > 10.83,
#: p < 0.001), calls for attention
BIRTH_DAY_ATTENTION_RATIO = 2.0
#: a desa's data are problematic when at least this share of its children were measured at a posyandu or
#: entered by a puskesmas graded bermasalah
DESA_PROBLEM_SHARE = 0.25

#: a posyandu whose point lies more than this from its declared kelurahan is listed as far from it (m)
PLACEMENT_FAR_M = 1000

GRADES = ("baik", "perhatian", "bermasalah")


def sd_ranges(haz: tuple[float, float] | None = None) -> dict[str, tuple[float, float]]:
    """Expected SD range per z-score, with the HAZ range of a build's settings (`Settings.haz_sd_expected`)
    in place of the published one when given."""
    ranges = dict(SD_RANGE)
    if haz is not None:
        ranges["haz"] = (float(haz[0]), float(haz[1]))
    return ranges


def sql_params(haz_sd_expected: tuple[float, float] | None = None) -> dict[str, float]:
    """The thresholds as `$name` parameters of the quality SQL files (`haz_sd_expected`: the build's HAZ range,
    `Settings.haz_sd_expected`; None = the published one)."""
    ranges = sd_ranges(haz_sd_expected)
    return {
        "sd_haz_hi": ranges["haz"][1], "sd_waz_hi": ranges["waz"][1], "sd_whz_hi": ranges["whz"][1],
        "who_flagged_attention": WHO_FLAGGED_ATTENTION,
        "smart_min_n": SMART_MIN_N, "min_n": GRADE_MIN_N,
        "dps_problem": DPS_PROBLEM, "dps_attention": DPS_ATTENTION, "chi2_9df_strict": CHI2_9DF_STRICT,
        "wrong_position_problem": WRONG_POSITION_PROBLEM, "wrong_position_attention": WRONG_POSITION_ATTENTION,
        "position_min_n": POSITION_MIN_N,
        "zeros_problem": ZEROS_PROBLEM, "zeros_attention": ZEROS_ATTENTION,
        "height_tolerance_cm": HEIGHT_DECREASE_TOLERANCE_CM, "weight_drop_share": WEIGHT_DROP_SHARE,
        "height_decrease_attention": HEIGHT_DECREASE_ATTENTION, "weight_drop_attention": WEIGHT_DROP_ATTENTION,
        "export_mismatch_attention": EXPORT_MISMATCH_ATTENTION,
        "birth_day_expected": BIRTH_DAY_EXPECTED, "birth_day_attention_ratio": BIRTH_DAY_ATTENTION_RATIO,
        "age_ratio_expected": SMART_EXPECTED_AGE_RATIO,
        "desa_problem_share": DESA_PROBLEM_SHARE,
    }
