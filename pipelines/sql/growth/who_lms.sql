-- who_lms: the WHO LMS tables (who_lhfa, who_wfa, who_bmi, who_wfl, who_wfh; see who_tables.py) as two
-- lookup tables keyed by one small integer, so the z-score macro (zscores.sql) finds a row with a hash join
-- on an INTEGER (much cheaper per row than reading values out of lists). Each table has a key-0 row of
-- NULLs: a measurement that has no row (age unknown or out of range, length outside the table) joins that
-- row and gets NULL z-scores, so the joins are inner joins and no measurement is lost.
--
-- who_lms_age, key ai = (sex - 1) * 1827 + age_days + 1 (age_days 0..1826, sex 1 male / 2 female):
--   h_l, h_m, h_s  length/height-for-age (cm);  w_l, w_m, w_s  weight-for-age (kg);
--   b_l, b_m, b_s  BMI-for-age (kg/m2);
--   w_p3, w_p2, w_n2, w_n3 and b_p3, b_p2, b_n2, b_n3: the SD lines +3, +2, -2, -3 of weight-for-age and
--   BMI-for-age, SDk = M * (1 + L*S*k)^(1/L), used by the restricted rule beyond +-3 SD (anthro computes
--   them with the same expression per record; here once per day of age).
-- who_lms_wflh, key fk = fi * 2 + (step - 1), where fi numbers the 0.1 cm rows
--   weight-for-length 45.0..110.0 cm: fi = (sex - 1) * 651 + (mm - 450) + 1,
--   weight-for-height 65.0..120.0 cm: fi = 1302 + (sex - 1) * 551 + (mm - 650) + 1,
-- and step (1, rarely 2, see zscores.sql) is how many rows up the upper interpolation row lies:
--   l0, m0, s0  the row itself; l1, m1, s1  the row `step` rows up. Beyond the end of its table (110.0 /
--   120.0 cm) l1, m1, s1 repeat the row itself: a length of exactly 110.0 cm interpolates with weight 0,
--   and no length inside the table reaches a step-2 row beyond its end (step 2 happens only where x*10
--   crosses 512 or 1024, i.e. 51.2 and 102.4 cm).
-- who_age_rules, key rk = (pc * 2 + sex - 1) * 1829 + ac, the position and age rules of anthro as a table:
--   pc  position code: 0 unknown, 1 lying (L), 2 standing (H);
--   ac  age code: 0..1826 the age in days, 1827 age unknown, 1828 age outside 0..1826 days (no z-score);
--   ai      the who_lms_age key of the day (0: none);
--   adj     cm added to the length/height: +0.7 standing under 731 days, -0.7 lying from 731 days, else 0
--           (standing under 9 months, 0..273 days, counts as position unknown: no +0.7);
--   lorh    the weight-for-length (1) or -height (2) table: by age when it is known (< 731 days: 1),
--           by the position when the age is unknown, 0 = by the adjusted value (< 87 cm: 1) when both are
--           unknown, NULL = no WHZ (age outside 0..1826 days).
--   Key -1: sex not 1/2, every z-score NULL.
-- pipelines.who_growth.prepare checks the row counts and that L = 1 in the whole length/height-for-age table.
CREATE OR REPLACE TABLE who_lms_age AS
WITH t AS (
    SELECT ((h.sex - 1) * 1827 + h.age_days + 1)::INTEGER AS ai,
           h.l::DOUBLE AS h_l, h.m::DOUBLE AS h_m, h.s::DOUBLE AS h_s,
           w.l::DOUBLE AS w_l, w.m::DOUBLE AS w_m, w.s::DOUBLE AS w_s,
           b.l::DOUBLE AS b_l, b.m::DOUBLE AS b_m, b.s::DOUBLE AS b_s
    FROM who_lhfa h
    JOIN who_wfa w ON w.sex = h.sex AND w.age_days = h.age_days
    JOIN who_bmi b ON b.sex = h.sex AND b.age_days = h.age_days
)
SELECT *,
    who_sd_line(w_l, w_m, w_s, 3) AS w_p3, who_sd_line(w_l, w_m, w_s, 2) AS w_p2,
    who_sd_line(w_l, w_m, w_s, -2) AS w_n2, who_sd_line(w_l, w_m, w_s, -3) AS w_n3,
    who_sd_line(b_l, b_m, b_s, 3) AS b_p3, who_sd_line(b_l, b_m, b_s, 2) AS b_p2,
    who_sd_line(b_l, b_m, b_s, -2) AS b_n2, who_sd_line(b_l, b_m, b_s, -3) AS b_n3
FROM t
UNION ALL
SELECT 0, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL, NULL;

CREATE OR REPLACE TABLE who_lms_wflh AS
WITH r AS (
    SELECT 0 AS part, sex, round(length_cm * 10)::INTEGER AS mm, l::DOUBLE AS l, m::DOUBLE AS m, s::DOUBLE AS s
    FROM who_wfl
    UNION ALL
    SELECT 1, sex, round(height_cm * 10)::INTEGER, l::DOUBLE, m::DOUBLE, s::DOUBLE FROM who_wfh
), k AS (
    SELECT CASE part WHEN 0 THEN (sex - 1) * 651 + (mm - 450) + 1
                     ELSE 1302 + (sex - 1) * 551 + (mm - 650) + 1 END AS fi, *
    FROM r
)
SELECT (lo.fi * 2 + st.step - 1)::INTEGER AS fk, lo.l AS l0, lo.m AS m0, lo.s AS s0,
       coalesce(hi.l, lo.l) AS l1, coalesce(hi.m, lo.m) AS m1, coalesce(hi.s, lo.s) AS s1
FROM k lo CROSS JOIN (VALUES (1), (2)) st(step)
LEFT JOIN k hi ON hi.part = lo.part AND hi.sex = lo.sex AND hi.mm = lo.mm + st.step
UNION ALL
SELECT 0, NULL, NULL, NULL, NULL, NULL, NULL;

CREATE OR REPLACE TABLE who_age_rules AS
WITH k AS (
    SELECT pc, sex, ac,
           -- standing under 9 months counts as position unknown
           CASE WHEN pc = 2 AND ac <= 273 THEN 0 ELSE pc END AS pos
    FROM range(3) p(pc), range(1, 3) s(sex), range(1829) a(ac)
)
SELECT ((pc * 2 + sex - 1) * 1829 + ac)::INTEGER AS rk,
    CASE WHEN ac <= 1826 THEN ((sex - 1) * 1827 + ac + 1)::INTEGER ELSE 0 END AS ai,
    CASE WHEN ac <= 730 AND pos = 2 THEN 0.7 WHEN ac BETWEEN 731 AND 1826 AND pos = 1 THEN -0.7 ELSE 0.0 END::DOUBLE AS adj,
    CASE WHEN ac <= 730 THEN 1 WHEN ac <= 1826 THEN 2 WHEN ac = 1827 THEN pos END::TINYINT AS lorh
FROM k
UNION ALL
SELECT -1, 0, NULL, NULL;
