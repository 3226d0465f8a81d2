-- zscore_macros: scalar helpers of the z-score macro (zscores.sql) and the lookup tables (who_lms.sql), as in
-- WHO's R package anthro.
--
-- who_sd_line(l, m, s, k): the value of the k SD line of an LMS row, m * (1 + l*s*k)^(1/l) (kg, cm, kg/m2).
CREATE OR REPLACE MACRO who_sd_line(l, m, s, k) AS m * power(1 + l * s * k, 1 / l);

-- who_restricted(z, y, l, m, s): anthro's compute_zscore_adjusted, for weight-for-age, weight-for-length/
-- height and BMI-for-age. z is the plain LMS z of value y; beyond +-3 it is replaced by
-- 3 + (y - SD3pos) / (SD3pos - SD2pos), or -3 + (y - SD3neg) / (SD2neg - SD3neg), the SD lines computed from
-- the record's L, M, S with anthro's expression. Only rows beyond +-3 evaluate the powers (one comparison
-- for the others, nearly all: a NULL z gives NULL; NaN compares above 3 in DuckDB).
CREATE OR REPLACE MACRO who_restricted(z, y, l, m, s) AS
    CASE WHEN abs(z) > 3 THEN
        CASE WHEN z > 3 THEN 3 + (y - who_sd_line(l, m, s, 3)) / (who_sd_line(l, m, s, 3) - who_sd_line(l, m, s, 2))
             ELSE -3 + (y - who_sd_line(l, m, s, -3)) / (who_sd_line(l, m, s, -2) - who_sd_line(l, m, s, -3)) END
         ELSE z END;

-- who_round2(a, f): a >= 0 rounded to 2 decimals as R (>= 4.0) round(a, 2) does, given f = floor(a * 100):
-- of the neighbours f/100 and (f+1)/100 the nearer to a in double arithmetic, an exact tie to the even one.
-- (When a*100 is a whole number R's two candidates are both f/100; so is the nearer one here.)
-- For a signed x use sign(x) * who_round2(abs(x), floor(abs(x) * 100)), as R does.
CREATE OR REPLACE MACRO who_round2(a, f) AS
    CASE WHEN (f + 1) / 100 - a < a - f / 100 THEN (f + 1) / 100
         WHEN (f + 1) / 100 - a > a - f / 100 THEN f / 100
         WHEN fmod(f, 2) = 1 THEN (f + 1) / 100
         ELSE f / 100 END;

-- who_round(z): z rounded to 2 decimals as R's round(z, 2) (sign, then who_round2 of the absolute value);
-- + 0.0 turns -0.0 into 0.0.
CREATE OR REPLACE MACRO who_round(z) AS sign(z) * who_round2(abs(z), floor(abs(z) * 100)) + 0.0;

-- anthro's age and position rules, per record (zscores.sql):
-- who_age_code(age_days): 0..1826 the day of age, 1827 age unknown, 1828 outside 0..1826 days (no z-score;
-- age_days / 30.4375 < 60 <=> age_days <= 1826 for whole days).
CREATE OR REPLACE MACRO who_age_code(age_days) AS
    CASE WHEN age_days BETWEEN 0 AND 1826 THEN age_days WHEN age_days IS NULL THEN 1827 ELSE 1828 END;

-- who_position(pc, age_days): the position code (0 unknown, 1 lying, 2 standing) as anthro uses it:
-- standing under 9 months (age_days / 30.4375 < 9, i.e. 0..273 days) counts as unknown.
CREATE OR REPLACE MACRO who_position(pc, age_days) AS
    CASE WHEN pc = 2 AND age_days BETWEEN 0 AND 273 THEN 0 ELSE pc END;

-- who_age_row(sex, ac): the row of the day in who_lms_age (and in the lists made from it), 1..3654;
-- 0 (no row) for an age code outside 0..1826 or a sex other than 1/2.
CREATE OR REPLACE MACRO who_age_row(sex, ac) AS
    coalesce(CASE WHEN ac BETWEEN 0 AND 1826 AND sex IN (1, 2) THEN (sex - 1) * 1827 + ac + 1 END, 0)::INTEGER;

-- who_adjustment(sex, ac, pos): cm added to the measured length/height: +0.7 standing under 731 days,
-- -0.7 lying from 731 days, else 0 (the measured value exactly); NULL for a sex other than 1/2.
CREATE OR REPLACE MACRO who_adjustment(sex, ac, pos) AS
    CASE WHEN sex IN (1, 2) THEN
        CASE WHEN ac <= 730 AND pos = 2 THEN 0.7::DOUBLE
             WHEN ac BETWEEN 731 AND 1826 AND pos = 1 THEN -0.7::DOUBLE ELSE 0.0::DOUBLE END END;

-- who_wflh_table(sex, ac, pos): weight-for-length (1) or -height (2): by age when it is known (under 731
-- days: 1), by the position when the age is unknown, 0 = by the adjusted value (< 87 cm: 1) when both are
-- unknown; NULL = no WHZ (age outside 0..1826 days, or a sex other than 1/2).
CREATE OR REPLACE MACRO who_wflh_table(sex, ac, pos) AS
    CASE WHEN sex IN (1, 2) THEN
        CASE WHEN ac <= 730 THEN 1 WHEN ac <= 1826 THEN 2 WHEN ac = 1827 THEN pos END END;

-- who_wflh_row(tbl, sex, mm): the row in who_lms_wflh of length mm (0.1 cm units, e.g. 853 for 85.3 cm) in
-- the weight-for-length (tbl 1, 450..1100 mm) or weight-for-height (tbl 2, 650..1200 mm) table; each table
-- and sex has one row more than WHO's (see who_lms.sql), hence 652 and 552.
CREATE OR REPLACE MACRO who_wflh_row(tbl, sex, mm) AS
    (CASE tbl WHEN 1 THEN (sex - 1) * 652 + (mm - 450) + 1
              WHEN 2 THEN 1304 + (sex - 1) * 552 + (mm - 650) + 1 END)::INTEGER;

-- who_interpolate(v0, v1, diff): v0 + diff * (v1 - v0), anthro's interpolation between two 0.1 cm rows.
CREATE OR REPLACE MACRO who_interpolate(v0, v1, diff) AS v0 + diff * (v1 - v0);
