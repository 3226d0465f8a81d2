-- growth_counts (temporary): numerator and denominator per kelurahan, period and growth indicator, from
-- growth_children (each child once: its latest valid z of the period; z*100 = p % 8192 - 4096).
--   stunting HAZ < -2, severe_stunting HAZ < -3, underweight WAZ < -2,
--   wasting WHZ < -2, severe_wasting WHZ < -3, overweight WHZ > 2; denominator: children with a valid z.
CREATE OR REPLACE TEMP TABLE growth_counts AS
WITH h AS (
    SELECT p_haz // 8192 AS ki, period, count_if(p_haz % 8192 - 4096 < -200) AS stunting,
           count_if(p_haz % 8192 - 4096 < -300) AS severe_stunting, count(*) AS n
    FROM growth_children WHERE p_haz IS NOT NULL GROUP BY ALL
), w AS (
    SELECT p_waz // 8192 AS ki, period, count_if(p_waz % 8192 - 4096 < -200) AS underweight, count(*) AS n
    FROM growth_children WHERE p_waz IS NOT NULL GROUP BY ALL
), f AS (
    SELECT p_whz // 8192 AS ki, period, count_if(p_whz % 8192 - 4096 < -200) AS wasting,
           count_if(p_whz % 8192 - 4096 < -300) AS severe_wasting,
           count_if(p_whz % 8192 - 4096 > 200) AS overweight, count(*) AS n
    FROM growth_children WHERE p_whz IS NOT NULL GROUP BY ALL
), u AS (
    SELECT ki, period, 'stunting' AS indicator, stunting AS numerator, n AS denominator FROM h
    UNION ALL SELECT ki, period, 'severe_stunting', severe_stunting, n FROM h
    UNION ALL SELECT ki, period, 'underweight', underweight, n FROM w
    UNION ALL SELECT ki, period, 'wasting', wasting, n FROM f
    UNION ALL SELECT ki, period, 'severe_wasting', severe_wasting, n FROM f
    UNION ALL SELECT ki, period, 'overweight', overweight, n FROM f
)
SELECT k.kode, u.period, u.indicator, u.numerator::BIGINT AS numerator, u.denominator::BIGINT AS denominator
FROM u JOIN growth_kel k ON k.ki = u.ki;
