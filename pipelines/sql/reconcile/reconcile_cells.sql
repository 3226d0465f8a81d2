-- reconcile_cells: children counted per cell = kelurahan/desa x age band x sex, per span and period
-- (span 'period' = one period 'YYYY-MM', span 'year' = one calendar year 'YYYY'; from reconcile_children).
--   age_band: '0-5', '6-11', '12-23', '24-59' completed months (months = floor(age_days / 30.4375)) at the
--             (the CASE is written from pipelines.reconcile.poststrat.AGE_BANDS, the one list of bands)
--             child's latest measurement of the span;
--   measured: children measured (any measurement); valid_haz: children with a valid HAZ;
--   stunted:  children whose latest valid HAZ < -2;
--   stunted_sd_adjusted: the same after removing the excess spread of HAZ: per kabupaten, span and period,
--     with mean mu and SD s of the valid HAZ, z' = mu + (z - mu) * s_t / s, s_t = least(s, $sd_high)
--     (the upper end of the WHO expected SD range), so z' = z when s is not above it; counts children with
--     z' < -2: the rate if measurement error had not widened the distribution. An SD below the range is
--     reported (quality_checks, read by Dua Angka) but not "corrected": a narrow spread is no evidence of a lower rate.
-- Counts only: no child-level row leaves the build.
CREATE OR REPLACE TABLE reconcile_cells AS
WITH c AS (
    SELECT c.*, k.kabupaten_kode,
        {age_band} AS age_band
    FROM reconcile_children c JOIN kelurahan k ON k.kode = c.kode
), spread AS (
    SELECT kabupaten_kode, span, period, avg(haz) AS mu, stddev_samp(haz) AS s
    FROM c WHERE haz IS NOT NULL GROUP BY ALL
), adjusted AS (
    SELECT c.*,
        CASE WHEN s.s > 0 THEN s.mu + (c.haz - s.mu) * least(s.s, $sd_high) / s.s
             ELSE c.haz END AS haz_adjusted
    FROM c LEFT JOIN spread s USING (kabupaten_kode, span, period)
)
SELECT span, period, kode, age_band, sex::INTEGER AS sex,
    count(*)::BIGINT AS measured,
    count(haz)::BIGINT AS valid_haz,
    count_if(haz < -2)::BIGINT AS stunted,
    count_if(haz_adjusted < -2)::BIGINT AS stunted_sd_adjusted
FROM adjusted
GROUP BY ALL
ORDER BY span, period, kode, age_band, sex;
