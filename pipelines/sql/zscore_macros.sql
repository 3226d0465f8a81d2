-- zscore_macros: scalar helpers of the z-score macro (zscores.sql), as in WHO's R package anthro.
--
-- who_restricted(z, y, l, m, s): anthro's compute_zscore_adjusted. z is the plain LMS z of value y;
-- beyond +-3 it is replaced by 3 + (y - SD3pos) / (SD3pos - SD2pos), or -3 + (y - SD3neg) / (SD2neg -
-- SD3neg), with SDk = m * (1 + l*s*k)^(1/l). Only rows beyond +-3 evaluate the powers.
CREATE OR REPLACE MACRO who_restricted(z, y, l, m, s) AS
    CASE WHEN z > 3 THEN 3 + (y - m * power(1 + l * s * 3, 1 / l))
                         / (m * power(1 + l * s * 3, 1 / l) - m * power(1 + l * s * 2, 1 / l))
         WHEN z < -3 THEN -3 + (y - m * power(1 + l * s * -3, 1 / l))
                         / (m * power(1 + l * s * -2, 1 / l) - m * power(1 + l * s * -3, 1 / l))
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
