-- service_targets: one row per accepted target per period (see pipelines/services.py for the columns).
-- {risk_columns} and {service_columns} are generated from the packages file's validated codes:
-- one BOOLEAN risk_<marker> column per risk marker and one status column per service.
CREATE OR REPLACE TABLE service_targets AS
WITH risk AS (
    SELECT a.file_index, a.source_row,
           {risk_columns}
           TRUE AS _present
    FROM _svc_accepted a
    LEFT JOIN _svc_cells c ON c.file_index = a.file_index AND c.source_row = a.source_row
    GROUP BY ALL
), status AS (
    SELECT s.target_id, s.target_type, s.period,
           count(*) FILTER (WHERE s.status <> 'not_applicable') AS n_applicable,
           count(*) FILTER (WHERE s.status = 'received') AS n_received,
           count(*) FILTER (WHERE s.status = 'unrecorded') AS n_unrecorded
           {service_columns}
    FROM service_status s
    GROUP BY ALL
)
SELECT a.target_id, a.target_type, a.kode, a.posyandu, a.period, a.age_months,
       r.* EXCLUDE (file_index, source_row, _present),
       s.n_applicable, s.n_received, s.n_unrecorded,
       s.n_applicable > 0 AND s.n_received = s.n_applicable AS complete,
       a.source_file, a.source_row,
       s.* EXCLUDE (target_id, target_type, period, n_applicable, n_received, n_unrecorded)
FROM _svc_accepted a
JOIN risk r ON r.file_index = a.file_index AND r.source_row = a.source_row
JOIN status s ON s.target_id = a.target_id AND s.target_type = a.target_type AND s.period = a.period
ORDER BY a.kode, a.period, a.target_type, a.target_id;
