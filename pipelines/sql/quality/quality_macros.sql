-- Statistics of the data-quality checks as SQL macros (TEMP: they never enter the database file).
-- Sources and thresholds: pipelines/quality/standards.py.

-- Central moments from the raw power sums of n values (s1 = sum x, s2 = sum x^2, ...). z-scores lie within
-- +-6, so the cancellation of the raw-sum form costs nothing visible in double precision.
CREATE OR REPLACE TEMP MACRO q_m2(n, s1, s2) AS (s2 / n - power(s1 / n, 2));
CREATE OR REPLACE TEMP MACRO q_m3(n, s1, s2, s3) AS (s3 / n - 3 * (s1 / n) * (s2 / n) + 2 * power(s1 / n, 3));
CREATE OR REPLACE TEMP MACRO q_m4(n, s1, s2, s3, s4) AS (
    s4 / n - 4 * (s1 / n) * (s3 / n) + 6 * power(s1 / n, 2) * (s2 / n) - 3 * power(s1 / n, 4));
-- Skewness m3 / m2^1.5 (R moments::skewness, used by the WHO Anthro Survey Analyser; nipnTK skewKurt's s is
-- the same estimator). NULL below 3 values or with no spread.
CREATE OR REPLACE TEMP MACRO q_skewness(n, s1, s2, s3) AS (
    CASE WHEN n >= 3 AND q_m2(n, s1, s2) > 1e-12 THEN q_m3(n, s1, s2, s3) / power(q_m2(n, s1, s2), 1.5) END);
-- Kurtosis m4 / m2^2, normal = 3 (R moments::kurtosis, WHO Anthro Survey Analyser). SMART's (nipnTK skewKurt k)
-- is this minus 3 (excess kurtosis, normal = 0).
CREATE OR REPLACE TEMP MACRO q_kurtosis(n, s1, s2, s3, s4) AS (
    CASE WHEN n >= 4 AND q_m2(n, s1, s2) > 1e-12 THEN q_m4(n, s1, s2, s3, s4) / power(q_m2(n, s1, s2), 2) END);

-- Chi-squared statistic of R's prop.test(k, n, p) (one proportion, Yates' continuity correction, as nipnTK's
-- sexRatioTest and ageRatioTest call it): (|k - n p| - min(0.5, |k - n p|))^2 / (n p (1 - p)).
CREATE OR REPLACE TEMP MACRO q_prop_x2(k, n, p) AS (
    CASE WHEN n > 0 THEN power(abs(k - n * p) - least(0.5, abs(k - n * p)), 2) / (n * p * (1 - p)) END);
-- Upper tail of chi-squared with 1 df: erfc(sqrt(x2 / 2)), Abramowitz & Stegun 7.1.26 (|error| < 1.5e-7).
-- Shown to users; the SMART bands compare x2 with exact critical values instead (standards.CHI2_1DF).
CREATE OR REPLACE TEMP MACRO q_erfc(x) AS (
    (0.254829592 * (1 / (1 + 0.3275911 * x)) - 0.284496736 * power(1 / (1 + 0.3275911 * x), 2)
     + 1.421413741 * power(1 / (1 + 0.3275911 * x), 3) - 1.453152027 * power(1 / (1 + 0.3275911 * x), 4)
     + 1.061405429 * power(1 / (1 + 0.3275911 * x), 5)) * exp(-x * x));
CREATE OR REPLACE TEMP MACRO q_chi2_1df_p(x2) AS (CASE WHEN x2 IS NOT NULL THEN least(1.0, q_erfc(sqrt(x2 / 2))) END);

-- Digit preference score (WHO MONICA, nipnTK digitPreference): 100 * sqrt(chi2 / (N * 9)), chi2 of the ten
-- last-digit counts against a uniform digit. Input: chi2 and N.
CREATE OR REPLACE TEMP MACRO q_dps(x2, n) AS (CASE WHEN n > 0 THEN 100 * sqrt(x2 / (n * 9)) END);

-- SMART penalty points (mwana raters and scorers).
-- flagged share (WHZ): [0, 2.5 %] 0, (2.5, 5] 5, (5, 7.5] 10, above 20
CREATE OR REPLACE TEMP MACRO q_pts_flagged(p) AS (
    CASE WHEN p IS NULL THEN NULL WHEN p <= 0.025 THEN 0 WHEN p <= 0.05 THEN 5 WHEN p <= 0.075 THEN 10 ELSE 20 END);
-- SD of WHZ: 0.9 < sd < 1.1 -> 0, 0.85 < sd < 1.15 -> 5, 0.8 < sd < 1.2 -> 10, else 20 (open intervals, as mwana)
CREATE OR REPLACE TEMP MACRO q_pts_sd(sd) AS (
    CASE WHEN sd IS NULL THEN NULL WHEN sd > 0.9 AND sd < 1.1 THEN 0 WHEN sd > 0.85 AND sd < 1.15 THEN 5
         WHEN sd > 0.8 AND sd < 1.2 THEN 10 ELSE 20 END);
-- age or sex ratio test by its chi2 (1 df): p > 0.1 -> 0, p > 0.05 -> 2, p > 0.001 -> 4, else 10
CREATE OR REPLACE TEMP MACRO q_pts_ratio(x2) AS (
    CASE WHEN x2 IS NULL THEN NULL WHEN x2 < 2.705543454095 THEN 0 WHEN x2 < 3.841458820694 THEN 2
         WHEN x2 < 10.827566170663 THEN 4 ELSE 10 END);
-- digit preference score: < 8 -> 0, < 12 -> 2, < 20 -> 4, else 10
CREATE OR REPLACE TEMP MACRO q_pts_dps(dps) AS (
    CASE WHEN dps IS NULL THEN NULL WHEN dps < 8 THEN 0 WHEN dps < 12 THEN 2 WHEN dps < 20 THEN 4 ELSE 10 END);
-- |skewness| or |excess kurtosis|: < 0.2 -> 0, < 0.4 -> 1, < 0.6 -> 3, else 5
CREATE OR REPLACE TEMP MACRO q_pts_shape(x) AS (
    CASE WHEN x IS NULL THEN NULL WHEN abs(x) < 0.2 THEN 0 WHEN abs(x) < 0.4 THEN 1 WHEN abs(x) < 0.6 THEN 3 ELSE 5 END);
-- overall: 0-9 excellent, 10-14 good, 15-24 acceptable, 25+ problematic
CREATE OR REPLACE TEMP MACRO q_smart_grade(score) AS (
    CASE WHEN score IS NULL THEN NULL WHEN score <= 9 THEN 'excellent' WHEN score <= 14 THEN 'good'
         WHEN score <= 24 THEN 'acceptable' ELSE 'problematic' END);

-- Permenkes 2/2020 classes of a z-score, for comparing e-PPGBM's status with the recomputed one.
CREATE OR REPLACE TEMP MACRO q_class_haz(z) AS (CASE WHEN z < -3 THEN 0 WHEN z < -2 THEN 1 WHEN z <= 3 THEN 2 ELSE 3 END);
CREATE OR REPLACE TEMP MACRO q_class_waz(z) AS (CASE WHEN z < -3 THEN 0 WHEN z < -2 THEN 1 WHEN z <= 1 THEN 2 ELSE 3 END);
CREATE OR REPLACE TEMP MACRO q_class_whz(z) AS (
    CASE WHEN z < -3 THEN 0 WHEN z < -2 THEN 1 WHEN z <= 1 THEN 2 WHEN z <= 2 THEN 3 WHEN z <= 3 THEN 4 ELSE 5 END);
