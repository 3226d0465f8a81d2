-- service_status: one row per accepted target, period and service of its target type's package.
-- status: received (ya/1), not_received (tidak/0), unrecorded (empty cell or no such column),
--         not_applicable (the service's risk marker is not 'ya', or the child's age is outside the
--         service's from_months..to_months window; age windows do not apply to targets without an age).
CREATE OR REPLACE TABLE service_status AS
SELECT a.target_id, a.target_type, a.kode, a.period, p.service,
       CASE
           WHEN p.risk IS NOT NULL AND NOT coalesce(r.flag, FALSE) THEN 'not_applicable'
           WHEN a.age_months IS NOT NULL AND a.age_months < coalesce(p.from_months, a.age_months) THEN 'not_applicable'
           WHEN a.age_months IS NOT NULL AND a.age_months > coalesce(p.to_months, a.age_months) THEN 'not_applicable'
           WHEN c.flag THEN 'received'
           WHEN NOT c.flag THEN 'not_received'
           ELSE 'unrecorded'
       END AS status
FROM _svc_accepted a
JOIN service_packages p ON p.target_type = a.target_type
LEFT JOIN _svc_cells c
       ON c.file_index = a.file_index AND c.source_row = a.source_row AND c.column_key = p.service
LEFT JOIN _svc_cells r
       ON r.file_index = a.file_index AND r.source_row = a.source_row AND r.column_key = 'risk_' || p.risk
ORDER BY a.kode, a.period, a.target_type, a.target_id, p.ordinal;
