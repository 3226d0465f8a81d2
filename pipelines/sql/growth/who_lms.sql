-- who_lms: the WHO LMS tables (who_lhfa, who_wfa, who_bmi, who_wfl, who_wfh; see who_tables.py) as two
-- lookup tables numbered by one small integer, and those as one row of lists, one list per column, which
-- zscores.sql indexes (the one row joined to every record keeps the records in their order, which a join
-- on the lookup tables does not).
--
-- who_lms_age, row ai = who_age_row(sex, age_days) (zscore_macros.sql):
--   h_l, h_m, h_s  length/height-for-age (cm);  w_l, w_m, w_s  weight-for-age (kg);
--   b_l, b_m, b_s  BMI-for-age (kg/m2).
-- who_lms_wflh, row fi = who_wflh_row(table, sex, mm) numbering the 0.1 cm rows (mm = length in mm) of
--   weight-for-length 45.0..110.0 cm (table 1) and weight-for-height 65.0..120.0 cm (table 2): l, m, s (kg). After the last row of each table and sex (110.0 / 120.0 cm) one more row repeats it: a
--   length of exactly 110.0 cm interpolates with the row above at weight 0, so the value is the row itself
--   (no length inside the table reaches two rows beyond its end: see zscores.sql).
-- pipelines.who_growth.prepare checks the row counts and that L = 1 in the whole length/height-for-age table.
CREATE OR REPLACE TABLE who_lms_age AS
SELECT who_age_row(h.sex, h.age_days) AS ai,
       h.l::DOUBLE AS h_l, h.m::DOUBLE AS h_m, h.s::DOUBLE AS h_s,
       w.l::DOUBLE AS w_l, w.m::DOUBLE AS w_m, w.s::DOUBLE AS w_s,
       b.l::DOUBLE AS b_l, b.m::DOUBLE AS b_m, b.s::DOUBLE AS b_s
FROM who_lhfa h
JOIN who_wfa w ON w.sex = h.sex AND w.age_days = h.age_days
JOIN who_bmi b ON b.sex = h.sex AND b.age_days = h.age_days;

CREATE OR REPLACE TABLE who_lms_wflh AS
WITH r AS (
    SELECT 0 AS part, sex, round(length_cm * 10)::INTEGER AS mm, l::DOUBLE AS l, m::DOUBLE AS m, s::DOUBLE AS s
    FROM who_wfl
    UNION ALL
    SELECT 1, sex, round(height_cm * 10)::INTEGER, l::DOUBLE, m::DOUBLE, s::DOUBLE FROM who_wfh
), padded AS (
    SELECT * FROM r
    UNION ALL  -- the last row of each table and sex once more, one 0.1 cm step up
    SELECT part, sex, mm + 1, l, m, s FROM r WHERE mm = CASE part WHEN 0 THEN 1100 ELSE 1200 END
)
SELECT who_wflh_row(part + 1, sex, mm) AS fi, l, m, s FROM padded;

-- who_lms_lists: one row, each LMS column above as a list (element i = row ai of who_lms_age, h_m ... b_s, or
-- row fi of who_lms_wflh, f_l, f_m, f_s). zscores.sql joins this single row to every record (a cross product
-- keeps the records' order, as a projection does) and indexes the lists: an index of 0 gives NULL.
CREATE OR REPLACE TABLE who_lms_lists AS
SELECT a.*, f.* FROM
    (SELECT list(h_m ORDER BY ai) AS h_m, list(h_s ORDER BY ai) AS h_s, list(w_l ORDER BY ai) AS w_l,
            list(w_m ORDER BY ai) AS w_m, list(w_s ORDER BY ai) AS w_s, list(b_l ORDER BY ai) AS b_l,
            list(b_m ORDER BY ai) AS b_m, list(b_s ORDER BY ai) AS b_s FROM who_lms_age) a,
    (SELECT list(l ORDER BY fi) AS f_l, list(m ORDER BY fi) AS f_m, list(s ORDER BY fi) AS f_s FROM who_lms_wflh) f;
