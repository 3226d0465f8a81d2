-- service_bottleneck: per kelurahan / kecamatan / kabupaten and period, how many targets without complete
-- access lack each service (applicable and not received; unrecorded counts as lacking when
-- $unrecorded = 'missing', and with 'exclude' targets with any unrecorded service are left out).
-- rank 1 = the service whose absence blocks the most targets (ties: package order). Only targets_blocked > 0.
CREATE OR REPLACE TABLE service_bottleneck AS
WITH per_target AS (
    SELECT target_id, target_type, period,
           count(*) FILTER (WHERE status = 'unrecorded') AS n_unrecorded
    FROM service_status
    GROUP BY ALL
    HAVING count(*) FILTER (WHERE status NOT IN ('received', 'not_applicable')) > 0  -- lacks complete access
),
blocked AS (
    SELECT l.level, l.area AS kode, s.period, s.service, count(*) AS targets_blocked
    FROM service_status s
    JOIN per_target t USING (target_id, target_type, period)
    JOIN _svc_places l ON l.kode = s.kode
    WHERE s.status IN ('not_received', 'unrecorded')
      AND ($unrecorded = 'missing' OR t.n_unrecorded = 0)
    GROUP BY ALL
)
SELECT b.level, b.kode, b.period, b.service, b.targets_blocked,
       row_number() OVER (PARTITION BY b.level, b.kode, b.period
                          ORDER BY b.targets_blocked DESC, o.ordinal, b.service) AS rank
FROM blocked b
JOIN (SELECT service, min(ordinal) AS ordinal FROM service_packages GROUP BY ALL) o USING (service)
ORDER BY b.level, b.kode, b.period, rank;
