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

-- who_round2(x, f): x rounded to 2 decimals as R (>= 4.0) round(x, 2) does, given f = floor(abs(x) * 100):
-- of the neighbours f/100 and (f+1)/100 of abs(x) the nearer in double arithmetic, a tie to the even one;
-- then the sign of x. (When abs(x)*100 is a whole number both give f/100.)
CREATE OR REPLACE MACRO who_round2(x, f) AS
    sign(x) * CASE
        WHEN (f + 1) / 100 - abs(x) < abs(x) - f / 100
          OR ((f + 1) / 100 - abs(x) = abs(x) - f / 100 AND fmod(f, 2) = 1)
        THEN (f + 1) / 100
        ELSE f / 100 END;
