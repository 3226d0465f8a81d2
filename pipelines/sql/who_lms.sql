-- who_lms_lists: the WHO LMS tables (who_lhfa, who_wfa, who_bmi, who_wfl, who_wfh; see who_tables.py) as
-- one row of lists, so that the z-score macro looks values up by position (a projection that keeps the
-- row order and needs no hash join). Lists are 1-based in DuckDB.
--   h_* length/height-for-age (cm), w_* weight-for-age (kg), b_* BMI-for-age (kg/m2):
--       position (sex - 1) * 1827 + age_days + 1, age_days 0..1826, sex 1..2 (3654 values).
--   f_* weight-for-length (kg), 0.1 cm rows: position (sex - 1) * 651 + (mm - 450) + 1, mm 450..1100;
--       weight-for-height: position 1302 + (sex - 1) * 551 + (mm - 650) + 1, mm 650..1200 (2404 values).
-- pipelines.who_growth.prepare checks the list lengths.
CREATE OR REPLACE TABLE who_lms_lists AS
WITH age AS (
    SELECT h.sex, h.age_days,
           h.l::DOUBLE AS h_l, h.m::DOUBLE AS h_m, h.s::DOUBLE AS h_s,
           w.l::DOUBLE AS w_l, w.m::DOUBLE AS w_m, w.s::DOUBLE AS w_s,
           b.l::DOUBLE AS b_l, b.m::DOUBLE AS b_m, b.s::DOUBLE AS b_s
    FROM who_lhfa h
    JOIN who_wfa w ON w.sex = h.sex AND w.age_days = h.age_days
    JOIN who_bmi b ON b.sex = h.sex AND b.age_days = h.age_days
), wflh AS (
    SELECT 0 AS part, sex, round(length_cm * 10)::INTEGER AS mm, l::DOUBLE AS l, m::DOUBLE AS m, s::DOUBLE AS s
    FROM who_wfl
    UNION ALL
    SELECT 1, sex, round(height_cm * 10)::INTEGER, l::DOUBLE, m::DOUBLE, s::DOUBLE FROM who_wfh
), a AS (
    SELECT list(h_l ORDER BY sex, age_days) AS h_l, list(h_m ORDER BY sex, age_days) AS h_m,
           list(h_s ORDER BY sex, age_days) AS h_s,
           list(w_l ORDER BY sex, age_days) AS w_l, list(w_m ORDER BY sex, age_days) AS w_m,
           list(w_s ORDER BY sex, age_days) AS w_s,
           list(b_l ORDER BY sex, age_days) AS b_l, list(b_m ORDER BY sex, age_days) AS b_m,
           list(b_s ORDER BY sex, age_days) AS b_s,
           list(age_days ORDER BY sex, age_days) AS age_index
    FROM age
), f AS (
    SELECT list(l ORDER BY part, sex, mm) AS f_l, list(m ORDER BY part, sex, mm) AS f_m,
           list(s ORDER BY part, sex, mm) AS f_s, list(mm ORDER BY part, sex, mm) AS f_index
    FROM wflh
)
SELECT * FROM a, f;
