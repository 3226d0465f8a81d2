-- indicators_services: the 1000-HPK indicators per kelurahan / kecamatan / kabupaten (_svc_places) and
-- period, rewritten whole; `indicators` (indicators.sql) unions them with indicators_growth.
-- $unrecorded = 'missing': an unrecorded applicable service counts as not received;
--              'exclude': targets with any unrecorded applicable service leave the complete-access and
--              konvergensi denominators (and svc_<service> leaves out targets whose cell is empty).
-- Targets with no applicable service in the period count nowhere.
CREATE OR REPLACE TABLE indicators_services (
    level VARCHAR, kode VARCHAR, period VARCHAR, indicator VARCHAR,
    numerator BIGINT, denominator BIGINT, value DOUBLE, ci_low DOUBLE, ci_high DOUBLE
);

INSERT INTO indicators_services (level, kode, period, indicator, numerator, denominator, value, ci_low, ci_high)
WITH per_target AS (
    SELECT target_id, target_type, kode, period,
           count(*) FILTER (WHERE status <> 'not_applicable') AS n_applicable,
           count(*) FILTER (WHERE status = 'received') AS n_received,
           count(*) FILTER (WHERE status = 'unrecorded') AS n_unrecorded
    FROM service_status
    GROUP BY ALL
    HAVING count(*) FILTER (WHERE status <> 'not_applicable') > 0
),
targets AS (
    SELECT l.level, l.area, t.period, t.target_type,
           t.n_applicable, t.n_received, t.n_unrecorded,
           $unrecorded = 'missing' OR t.n_unrecorded = 0 AS counted,
           t.n_received = t.n_applicable AS complete
    FROM per_target t JOIN _svc_places l ON l.kode = t.kode
),
target_rates AS (
    SELECT level, area, period, target_type,
           count(*) FILTER (WHERE counted AND complete) AS access_k,
           count(*) FILTER (WHERE counted) AS access_n,
           coalesce(sum(n_received) FILTER (WHERE counted), 0) AS konv_k,
           coalesce(sum(n_applicable) FILTER (WHERE counted), 0) AS konv_n,
           count(*) FILTER (WHERE n_unrecorded > 0) AS incomplete_k,
           count(*) AS incomplete_n
    FROM targets
    GROUP BY GROUPING SETS ((level, area, period), (level, area, period, target_type))
),
service_rates AS (
    SELECT l.level, l.area, s.period, s.service,
           count(*) FILTER (WHERE s.status = 'received') AS k,
           count(*) FILTER (WHERE $unrecorded = 'missing' OR s.status <> 'unrecorded') AS n
    FROM service_status s JOIN _svc_places l ON l.kode = s.kode
    WHERE s.status <> 'not_applicable'
    GROUP BY ALL
),
rates AS (
    SELECT level, area, period, 'hpk_complete_access' || coalesce('_' || target_type, '') AS indicator,
           access_k AS k, access_n AS n FROM target_rates
    UNION ALL
    SELECT level, area, period, 'konvergensi' || coalesce('_' || target_type, ''), konv_k, konv_n FROM target_rates
    UNION ALL
    SELECT level, area, period, 'hpk_incomplete_records' || coalesce('_' || target_type, ''), incomplete_k, incomplete_n
    FROM target_rates
    UNION ALL
    SELECT level, area, period, 'svc_' || service, k, n FROM service_rates
)
SELECT level, area, period, indicator, k, n, k::DOUBLE / n, wilson_low(k, n), wilson_high(k, n)
FROM rates
WHERE n > 0
ORDER BY level, area, period, indicator;
