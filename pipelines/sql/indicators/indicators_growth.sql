-- indicators_growth: the growth indicators (the catalogue's growth indicators and coverage,
-- pipelines/indicators/catalogue.growth_keys), rewritten whole; `indicators` (indicators.sql) unions it with
-- the 1000-HPK rows of indicators_services.
-- Levels: kelurahan (kode = kelurahan code), kecamatan and kabupaten (sums of their kelurahan rows from
-- growth_counts). value = numerator / denominator (coverage may exceed 1 and is not capped);
-- ci_low, ci_high: 95 % Wilson interval (macros.sql), for coverage on min(numerator, denominator).
CREATE OR REPLACE TABLE indicators_growth (
    level VARCHAR, kode VARCHAR, period VARCHAR, indicator VARCHAR,
    numerator BIGINT, denominator BIGINT, value DOUBLE, ci_low DOUBLE, ci_high DOUBLE
);
INSERT INTO indicators_growth BY NAME
WITH levels AS (
    SELECT 'kelurahan' AS level, kode, period, indicator, numerator, denominator FROM growth_counts
    UNION ALL
    SELECT 'kecamatan', k.kecamatan_kode, c.period, c.indicator, sum(c.numerator), sum(c.denominator)
    FROM growth_counts c JOIN kelurahan k ON k.kode = c.kode
    WHERE k.kecamatan_kode IS NOT NULL GROUP BY k.kecamatan_kode, c.period, c.indicator
    UNION ALL
    SELECT 'kabupaten', k.kabupaten_kode, c.period, c.indicator, sum(c.numerator), sum(c.denominator)
    FROM growth_counts c JOIN kelurahan k ON k.kode = c.kode
    WHERE k.kabupaten_kode IS NOT NULL GROUP BY k.kabupaten_kode, c.period, c.indicator
)
SELECT level, kode, period, indicator, numerator::BIGINT AS numerator, denominator::BIGINT AS denominator,
    CASE WHEN denominator > 0 THEN numerator / denominator END AS value,
    wilson_low(least(numerator, denominator), denominator) AS ci_low,
    wilson_high(least(numerator, denominator), denominator) AS ci_high
FROM levels
ORDER BY level, kode, period, indicator;
