-- child_flows: children followed between two consecutive periods (period_from < period_to, adjacent in the
-- list of periods that have measurements), per kelurahan/desa, kecamatan and kabupaten/kota.
-- A child takes part in a period when it has a valid HAZ there (its latest valid HAZ of the period,
-- reconcile_children span 'period'); children are linked by child_id (keyed hash of NIK or name+birth+sex).
-- category (disjoint; counts of children):
--   menetap  stunted (HAZ < -2) in both periods         baru      not stunted, then stunted
--   pulih    stunted, then not stunted                  normal    not stunted in both
--   datang   only in period_to                          datang_lahir  only in period_to, and its age in
--            period_to minus the days between the two periods' first days is below 0 (born after period_from)
--   hilang   only in period_from (tidak diukur lagi)    hilang_umur   only in period_from, and its age in
--            period_from plus those days is above 1826 days (59 months: aged out before period_to)
-- Place: the kelurahan of the later measurement for children seen in period_to, of the earlier otherwise.
CREATE OR REPLACE TABLE child_flows AS
WITH p AS (
    SELECT period, lead(period) OVER (ORDER BY period) AS next_period
    FROM (SELECT DISTINCT period FROM reconcile_children WHERE span = 'period')
), c AS (
    SELECT period, child_id, kode, haz, haz_age_days, measure_date
    FROM reconcile_children WHERE span = 'period' AND haz IS NOT NULL
), pairs AS (
    SELECT p.period AS period_from, p.next_period AS period_to,
        strptime(p.next_period || '-01', '%Y-%m-%d')::DATE - strptime(p.period || '-01', '%Y-%m-%d')::DATE AS gap_days
    FROM p WHERE p.next_period IS NOT NULL
), a AS (
    SELECT pr.period_from, pr.period_to, pr.gap_days, c.* EXCLUDE (period)
    FROM pairs pr JOIN c ON c.period = pr.period_from
), b AS (
    SELECT pr.period_from, pr.period_to, pr.gap_days, c.* EXCLUDE (period)
    FROM pairs pr JOIN c ON c.period = pr.period_to
), linked AS (
    SELECT coalesce(a.period_from, b.period_from) AS period_from, coalesce(a.period_to, b.period_to) AS period_to,
        coalesce(b.kode, a.kode) AS kode,
        CASE
            WHEN a.child_id IS NOT NULL AND b.child_id IS NOT NULL THEN
                CASE WHEN a.haz < -2 AND b.haz < -2 THEN 'menetap'
                     WHEN a.haz >= -2 AND b.haz < -2 THEN 'baru'
                     WHEN a.haz < -2 AND b.haz >= -2 THEN 'pulih'
                     ELSE 'normal' END
            WHEN b.child_id IS NOT NULL THEN
                CASE WHEN b.haz_age_days - b.gap_days < 0 THEN 'datang_lahir' ELSE 'datang' END
            ELSE
                CASE WHEN a.haz_age_days + a.gap_days > 1826 THEN 'hilang_umur' ELSE 'hilang' END
        END AS category
    FROM a FULL OUTER JOIN b ON a.period_from = b.period_from AND a.child_id = b.child_id
), placed AS (
    SELECT l.*, k.kecamatan_kode, k.kabupaten_kode FROM linked l JOIN kelurahan k ON k.kode = l.kode
)
SELECT 'kelurahan' AS level, kode, period_from, period_to, category, count(*)::BIGINT AS children
FROM placed GROUP BY ALL
UNION ALL
SELECT 'kecamatan', kecamatan_kode, period_from, period_to, category, count(*)::BIGINT FROM placed GROUP BY ALL
UNION ALL
SELECT 'kabupaten', kabupaten_kode, period_from, period_to, category, count(*)::BIGINT FROM placed GROUP BY ALL
ORDER BY 1, 2, 3, 5;
