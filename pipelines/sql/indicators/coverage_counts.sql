-- coverage_counts (temporary): the indicator `coverage` per kelurahan and period, in growth_counts' columns;
-- growth_counts.sql adds these rows to its own (run only when table `sasaran` exists, before growth_counts).
-- numerator = distinct children measured in the kelurahan and period (a child measured in two kelurahan
-- counts where it was measured last); denominator = sasaran.target_children of the kelurahan for the
-- period's year (summed if listed twice). Rows for every kelurahan with a known target (> 0) and every
-- period of that year that has measurements, so 0 % is shown where nobody was measured.
CREATE OR REPLACE TEMP TABLE coverage_counts AS
WITH measured AS (
    SELECT k.kode, c.period, count(*) AS children
    FROM growth_children c JOIN growth_kel k ON k.ki = c.ki_any GROUP BY k.kode, c.period
), periods AS (
    SELECT DISTINCT period, left(period, 4)::INTEGER AS year FROM growth_children
), targets AS (
    SELECT kode, year::INTEGER AS year, sum(target_children) AS target
    FROM sasaran WHERE target_children IS NOT NULL GROUP BY kode, year::INTEGER HAVING sum(target_children) > 0
)
SELECT t.kode, p.period, 'coverage' AS indicator, coalesce(m.children, 0)::BIGINT AS numerator,
    round(t.target)::BIGINT AS denominator
FROM targets t
JOIN kelurahan k ON k.kode = t.kode
JOIN periods p ON p.year = t.year
LEFT JOIN measured m ON m.kode = t.kode AND m.period = p.period;
