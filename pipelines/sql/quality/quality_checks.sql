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

-- conditional aggregates as f(CASE WHEN c THEN x END): half the time of FILTER clauses here
CREATE OR REPLACE TEMP TABLE quality_agg AS
WITH u AS (
    SELECT r.*, (r.is_latest AND r.age_months BETWEEN 6 AND 59 AND r.whz IS NOT NULL) AS smart_row,
           abs(r.whz - mu.smart_mean) > 3 AS smart_flag
    FROM quality_unit_rows r
    LEFT JOIN quality_unit_means mu USING (level, unit, period)
)
SELECT level, unit, period,
    count(CASE WHEN is_latest THEN 1 END) AS children,
    count(*) AS measurements,
    avg(CASE WHEN is_latest THEN (weight_kg IS NOT NULL)::INTEGER END) AS complete_weight,
    avg(CASE WHEN is_latest THEN (height_cm IS NOT NULL)::INTEGER END) AS complete_height,
    avg(CASE WHEN is_latest THEN (measured IS NOT NULL)::INTEGER END) AS complete_position,
    avg(CASE WHEN is_latest THEN (NOT nik_missing)::INTEGER END) AS complete_nik,
    count(CASE WHEN is_latest AND sex = 1 THEN 1 END) AS boys,
    count(CASE WHEN is_latest AND sex = 2 THEN 1 END) AS girls,
    count(CASE WHEN is_latest AND age_months BETWEEN 6 AND 29 THEN 1 END) AS age_6_29,
    count(CASE WHEN is_latest AND age_months BETWEEN 30 AND 59 THEN 1 END) AS age_30_59,
    avg(CASE WHEN is_latest AND birth_date IS NOT NULL THEN (day(birth_date) IN (1, 15))::INTEGER END) AS birth_day_1_15,
    count(CASE WHEN is_latest THEN height_digit END) AS height_n,
    {height_digits},
    count(CASE WHEN is_latest THEN weight_digit END) AS weight_n,
    {weight_digits},
    {zscore_sums},
    count(CASE WHEN smart_row THEN 1 END) AS smart_n,
    avg(CASE WHEN smart_row THEN smart_flag::INTEGER END) AS smart_flagged,
    count(CASE WHEN smart_row AND NOT smart_flag THEN 1 END) AS smart_n_valid,
    sum(CASE WHEN smart_row AND NOT smart_flag THEN whz END) AS smart_s1,
    sum(CASE WHEN smart_row AND NOT smart_flag THEN whz ^ 2 END) AS smart_s2,
    sum(CASE WHEN smart_row AND NOT smart_flag THEN whz ^ 3 END) AS smart_s3,
    sum(CASE WHEN smart_row AND NOT smart_flag THEN whz ^ 4 END) AS smart_s4,
    stddev_samp(CASE WHEN smart_row AND NOT smart_flag THEN whz END) AS smart_sd,
    count(CASE WHEN is_latest THEN standing_young END) AS standing_young_n,
    avg(CASE WHEN is_latest THEN standing_young::INTEGER END) AS standing_young,
    count(CASE WHEN is_latest THEN lying_old END) AS lying_old_n,
    avg(CASE WHEN is_latest THEN lying_old::INTEGER END) AS lying_old,
    count(CASE WHEN height_pair THEN 1 END) AS height_pairs,
    avg(CASE WHEN height_pair THEN height_decrease::INTEGER END) AS height_decrease,
    count(CASE WHEN weight_pair THEN 1 END) AS weight_pairs,
    avg(CASE WHEN weight_pair THEN weight_drop::INTEGER END) AS weight_drop,
    avg(zero_note::INTEGER) AS zeros,
    count(CASE WHEN export_haz IS NOT NULL AND haz IS NOT NULL AND NOT flag_haz THEN 1 END) AS export_n_haz,
    avg(CASE WHEN export_haz IS NOT NULL AND haz IS NOT NULL AND NOT flag_haz
             THEN (q_class_haz(export_haz) <> q_class_haz(haz))::INTEGER END)
        AS export_mismatch_haz,
    count(CASE WHEN export_waz IS NOT NULL AND waz IS NOT NULL AND NOT flag_waz THEN 1 END) AS export_n_waz,
    avg(CASE WHEN export_waz IS NOT NULL AND waz IS NOT NULL AND NOT flag_waz
             THEN (q_class_waz(export_waz) <> q_class_waz(waz))::INTEGER END)
        AS export_mismatch_waz,
    count(CASE WHEN export_whz IS NOT NULL AND whz IS NOT NULL AND NOT flag_whz THEN 1 END) AS export_n_whz,
    avg(CASE WHEN export_whz IS NOT NULL AND whz IS NOT NULL AND NOT flag_whz
             THEN (q_class_whz(export_whz) <> q_class_whz(whz))::INTEGER END)
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
