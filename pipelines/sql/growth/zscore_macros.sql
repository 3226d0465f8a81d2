-- zscore_macros: scalar helpers of the z-score macro (zscores.sql) and the lookup tables (who_lms.sql), as in
-- WHO's R package anthro.
--
-- who_sd_line(l, m, s, k): the value of the k SD line of an LMS row, m * (1 + l*s*k)^(1/l) (kg, cm, kg/m2).
CREATE OR REPLACE MACRO who_sd_line(l, m, s, k) AS m * power(1 + l * s * k, 1 / l);

-- who_restricted(z, y, l, m, s): anthro's compute_zscore_adjusted. z is the plain LMS z of value y;
-- beyond +-3 it is replaced by 3 + (y - SD3pos) / (SD3pos - SD2pos), or -3 + (y - SD3neg) / (SD2neg -
-- SD3neg). Only rows beyond +-3 evaluate the powers. Weight-for-age and BMI-for-age use the SD lines
-- stored in who_lms_age instead (who_restricted_sd); weight-for-length/height interpolates L, M, S per
-- record, so it computes them here.
CREATE OR REPLACE MACRO who_restricted(z, y, l, m, s) AS
    CASE WHEN abs(z) > 3 THEN
        CASE WHEN z > 3 THEN 3 + (y - who_sd_line(l, m, s, 3)) / (who_sd_line(l, m, s, 3) - who_sd_line(l, m, s, 2))
             ELSE -3 + (y - who_sd_line(l, m, s, -3)) / (who_sd_line(l, m, s, -2) - who_sd_line(l, m, s, -3)) END
         ELSE z END;

-- who_restricted_sd(z, y, p3, p2, n2, n3): the same rule with the SD lines +3, +2, -2, -3 given.
-- (One comparison for the rows within +-3, nearly all: a NULL z gives NULL; NaN compares above 3 in DuckDB,
-- in both forms.)
CREATE OR REPLACE MACRO who_restricted_sd(z, y, p3, p2, n2, n3) AS
    CASE WHEN abs(z) > 3 THEN CASE WHEN z > 3 THEN 3 + (y - p3) / (p3 - p2) ELSE -3 + (y - n3) / (n2 - n3) END
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
