-- quality_checks: the WHO-UNICEF (TEAM), SMART and routine e-PPGBM checks per unit and period.
-- One row per (level, unit, period); level = posyandu | puskesmas | kecamatan | kabupaten.
-- Input: TEMP quality_unit_rows (quality_rows.sql), quarantine. Macros: quality_macros.sql.
-- Shares are 0..1; SD, skewness and kurtosis of z-scores; DPS 0..100. Column groups:
--   children (distinct children, latest measurement of the period), measurements (all rows)
--   complete_*: share of children with the variable recorded (nik: a valid NIK, not the name fallback)
--   boys, girls, sex_x2, sex_p: prop.test of boys among boys + girls against 0.5 (nipnTK sexRatioTest)
--   age_6_29, age_30_59, age_ratio, age_x2, age_p: nipnTK ageRatioTest (expected ratio $age_ratio_expected)
--   birth_day_1_15: share of birth dates on the 1st or 15th (expected $birth_day_expected)
--   height_n, height_d0..height_d9, dps_height, dps_height_x2, height_whole (.0), height_half (.5); weight alike
--   n_<z>, flagged_<z>: z-scores present, share outside the WHO flags
--   n_<z>_valid, mean_<z>, sd_<z>, skew_<z>, kurt_<z> (normal = 3): unflagged z-scores (WHO Anthro)
--   smart_n, smart_flagged, smart_sd, smart_skew, smart_exkurt (normal = 0), smart_pts_* and smart_score,
--   smart_grade: WHZ of children 6-59 months (NULL score and grade below $smart_min_n children)
--   standing_young(_n): share of children 9-23 months measured standing; lying_old(_n): 24-59 months lying;
--   wrong_position: the larger of the two where its group has $position_min_n children; height_pairs, height_decrease, weight_pairs, weight_drop, zeros (share of
--   measurements), export_n_<z>, export_mismatch_<z>, over_59_import (rows refused for age > 59 months in the
--   puskesmas' export files, whole import; puskesmas and kabupaten rows only)
CREATE OR REPLACE TEMP TABLE quality_unit_means AS
SELECT level, unit, period, avg(whz) AS smart_mean
FROM quality_unit_rows
WHERE is_latest AND age_months BETWEEN 6 AND 59 AND whz IS NOT NULL
GROUP BY level, unit, period;

CREATE OR REPLACE TEMP TABLE quality_agg AS
WITH u AS (
    SELECT r.*, (r.is_latest AND r.age_months BETWEEN 6 AND 59 AND r.whz IS NOT NULL) AS smart_row,
           abs(r.whz - mu.smart_mean) > 3 AS smart_flag
    FROM quality_unit_rows r
    LEFT JOIN quality_unit_means mu USING (level, unit, period)
)
SELECT level, unit, period,
    count(*) FILTER (is_latest) AS children,
    count(*) AS measurements,
    avg((weight_kg IS NOT NULL)::INTEGER) FILTER (is_latest) AS complete_weight,
    avg((height_cm IS NOT NULL)::INTEGER) FILTER (is_latest) AS complete_height,
    avg((measured IS NOT NULL)::INTEGER) FILTER (is_latest) AS complete_position,
    avg((NOT nik_missing)::INTEGER) FILTER (is_latest) AS complete_nik,
    count(*) FILTER (is_latest AND sex = 1) AS boys,
    count(*) FILTER (is_latest AND sex = 2) AS girls,
    count(*) FILTER (is_latest AND age_months BETWEEN 6 AND 29) AS age_6_29,
    count(*) FILTER (is_latest AND age_months BETWEEN 30 AND 59) AS age_30_59,
    avg((day(birth_date) IN (1, 15))::INTEGER) FILTER (is_latest AND birth_date IS NOT NULL) AS birth_day_1_15,
    count(height_digit) FILTER (is_latest) AS height_n,
    {height_digits},
    count(weight_digit) FILTER (is_latest) AS weight_n,
    {weight_digits},
    {zscore_sums},
    count(*) FILTER (smart_row) AS smart_n,
    avg(smart_flag::INTEGER) FILTER (smart_row) AS smart_flagged,
    count(*) FILTER (smart_row AND NOT smart_flag) AS smart_n_valid,
    sum(whz) FILTER (smart_row AND NOT smart_flag) AS smart_s1,
    sum(whz ^ 2) FILTER (smart_row AND NOT smart_flag) AS smart_s2,
    sum(whz ^ 3) FILTER (smart_row AND NOT smart_flag) AS smart_s3,
    sum(whz ^ 4) FILTER (smart_row AND NOT smart_flag) AS smart_s4,
    stddev_samp(whz) FILTER (smart_row AND NOT smart_flag) AS smart_sd,
    count(standing_young) FILTER (is_latest) AS standing_young_n,
    avg(standing_young::INTEGER) FILTER (is_latest) AS standing_young,
    count(lying_old) FILTER (is_latest) AS lying_old_n,
    avg(lying_old::INTEGER) FILTER (is_latest) AS lying_old,
    count(*) FILTER (height_pair) AS height_pairs,
    avg(height_decrease::INTEGER) FILTER (height_pair) AS height_decrease,
    count(*) FILTER (weight_pair) AS weight_pairs,
    avg(weight_drop::INTEGER) FILTER (weight_pair) AS weight_drop,
    avg(zero_note::INTEGER) AS zeros,
    count(*) FILTER (export_haz IS NOT NULL AND haz IS NOT NULL AND NOT flag_haz) AS export_n_haz,
    avg((q_class_haz(export_haz) <> q_class_haz(haz))::INTEGER) FILTER (export_haz IS NOT NULL AND haz IS NOT NULL AND NOT flag_haz)
        AS export_mismatch_haz,
    count(*) FILTER (export_waz IS NOT NULL AND waz IS NOT NULL AND NOT flag_waz) AS export_n_waz,
    avg((q_class_waz(export_waz) <> q_class_waz(waz))::INTEGER) FILTER (export_waz IS NOT NULL AND waz IS NOT NULL AND NOT flag_waz)
        AS export_mismatch_waz,
    count(*) FILTER (export_whz IS NOT NULL AND whz IS NOT NULL AND NOT flag_whz) AS export_n_whz,
    avg((q_class_whz(export_whz) <> q_class_whz(whz))::INTEGER) FILTER (export_whz IS NOT NULL AND whz IS NOT NULL AND NOT flag_whz)
        AS export_mismatch_whz
FROM u
GROUP BY level, unit, period;

-- rows refused for age > 59 months, per export file, attributed to the puskesmas most of the file's accepted
-- rows belong to (quarantined rows carry no posyandu)
CREATE OR REPLACE TEMP TABLE quality_over59 AS
WITH refused AS (
    SELECT source_file, count(*) AS rows_refused FROM quarantine
    WHERE kind = 'measurement' AND reason_code = 'age_over_59_months' GROUP BY source_file
), owner AS (
    SELECT source_file, arg_max(puskesmas, n) AS puskesmas, any_value(kabupaten_kode) AS kabupaten_kode FROM (
        SELECT m.source_file, r.puskesmas, r.kabupaten_kode, count(*) AS n
        FROM quality_rows r JOIN measurements m USING (measurement_id) GROUP BY ALL
    ) GROUP BY source_file
)
SELECT 'puskesmas' AS level, o.puskesmas AS unit, sum(f.rows_refused) AS rows_refused
FROM refused f JOIN owner o USING (source_file) GROUP BY ALL
UNION ALL
SELECT 'kabupaten', o.kabupaten_kode, sum(f.rows_refused)
FROM refused f JOIN owner o USING (source_file) GROUP BY ALL;

CREATE OR REPLACE TABLE quality_checks AS
WITH s AS (
    SELECT a.*,
        boys::DOUBLE / nullif(girls, 0) AS sex_ratio,
        q_prop_x2(boys, boys + girls, 0.5) AS sex_x2,
        age_6_29::DOUBLE / nullif(age_30_59, 0) AS age_ratio,
        q_prop_x2(age_6_29, age_6_29 + age_30_59, $age_ratio_expected / ($age_ratio_expected + 1)) AS age_x2,
        {digit_x2},
        height_d0::DOUBLE / nullif(height_n, 0) AS height_whole,
        height_d5::DOUBLE / nullif(height_n, 0) AS height_half,
        weight_d0::DOUBLE / nullif(weight_n, 0) AS weight_whole,
        weight_d5::DOUBLE / nullif(weight_n, 0) AS weight_half,
        {zscore_moments},
        q_skewness(smart_n_valid, smart_s1, smart_s2, smart_s3) AS smart_skew,
        q_kurtosis(smart_n_valid, smart_s1, smart_s2, smart_s3, smart_s4) - 3 AS smart_exkurt,
        coalesce(o.rows_refused, CASE WHEN a.level IN ('puskesmas', 'kabupaten') THEN 0 END) AS over_59_import
    FROM quality_agg a
    LEFT JOIN quality_over59 o ON o.level = a.level AND o.unit = a.unit
), p AS (
    SELECT s.*,
        q_chi2_1df_p(sex_x2) AS sex_p,
        q_chi2_1df_p(age_x2) AS age_p,
        q_dps(height_x2, height_n) AS dps_height,
        q_dps(weight_x2, weight_n) AS dps_weight,
        q_pts_flagged(smart_flagged) AS smart_pts_flagged,
        q_pts_sd(smart_sd) AS smart_pts_sd,
        q_pts_ratio(sex_x2) AS smart_pts_sex,
        q_pts_ratio(age_x2) AS smart_pts_age
    FROM s
), q AS (
    SELECT p.*,
        q_pts_dps(dps_weight) AS smart_pts_dps_weight,
        q_pts_dps(dps_height) AS smart_pts_dps_height,
        q_pts_shape(smart_skew) AS smart_pts_skew,
        q_pts_shape(smart_exkurt) AS smart_pts_kurt
    FROM p
)
SELECT q.* EXCLUDE (smart_s1, smart_s2, smart_s3, smart_s4, {sum_columns}),
    height_x2 AS dps_height_x2, weight_x2 AS dps_weight_x2,
    greatest(CASE WHEN standing_young_n >= $position_min_n THEN standing_young END,
             CASE WHEN lying_old_n >= $position_min_n THEN lying_old END) AS wrong_position,
    CASE WHEN smart_n >= $smart_min_n THEN smart_pts_flagged + smart_pts_sd + smart_pts_sex + smart_pts_age
         + smart_pts_dps_weight + smart_pts_dps_height + smart_pts_skew + smart_pts_kurt END AS smart_score,
    q_smart_grade(CASE WHEN smart_n >= $smart_min_n THEN smart_pts_flagged + smart_pts_sd + smart_pts_sex
         + smart_pts_age + smart_pts_dps_weight + smart_pts_dps_height + smart_pts_skew + smart_pts_kurt END) AS smart_grade
FROM q
ORDER BY level, unit, period;
