-- reconcile_age_months: children measured per completed month of age (0..59) and sex, per period, for the
-- kabupaten/kota and each kecamatan (level, kode); from reconcile_children (span 'period'), each child once
-- at its latest measurement of the period. Compared on the page with the expected population by month.
CREATE OR REPLACE TABLE reconcile_age_months AS
WITH c AS (
    SELECT c.period, k.kecamatan_kode, k.kabupaten_kode, least(floor(c.age_days / 30.4375), 59)::INTEGER AS age_month,
        c.sex::INTEGER AS sex
    FROM reconcile_children c JOIN kelurahan k ON k.kode = c.kode WHERE c.span = 'period'
)
SELECT 'kabupaten' AS level, kabupaten_kode AS kode, period, age_month, sex, count(*)::BIGINT AS children
FROM c GROUP BY ALL
UNION ALL
SELECT 'kecamatan', kecamatan_kode, period, age_month, sex, count(*)::BIGINT FROM c GROUP BY ALL
ORDER BY 1, 2, 3, 4, 5;
