-- quarantine_services (TEMP): the refused register rows (kind $kind, 'service'), one record per row (its
-- first problem), in the quarantine's columns plus file_idx; quarantine.sql writes them into `quarantine`.
-- Input: the TEMP tables of service_staging.sql (_svc_problem, _svc_parsed) and the registered frames
-- _svc_headers_df, _svc_reasons_df (pipelines/services/registers.py).
CREATE OR REPLACE TEMP TABLE quarantine_services AS
SELECT q.file_index AS file_idx, $kind AS kind, p.source_file, q.source_row,
       coalesce(h.header, q.column_key) AS column_name, q.value, q.reason_code, r.reason, q.hint
FROM _svc_problem q
JOIN _svc_parsed p USING (file_index, source_row)
LEFT JOIN _svc_headers_df h ON h.file_index = q.file_index AND h.column_key = q.column_key
LEFT JOIN _svc_reasons_df r ON r.reason_code = q.reason_code;
