-- quarantine_posyandu (TEMP): the refused posyandu rows (kind 'posyandu'), in the quarantine's columns plus
-- file_idx; quarantine.sql writes them into `quarantine`. Input: TEMP stg_posyandu, stg_headers, stg_reasons.
CREATE OR REPLACE TEMP TABLE quarantine_posyandu AS
SELECT 0 AS file_idx, 'posyandu' AS kind, p.source_file, p.source_row::INTEGER AS source_row,
       coalesce(h.header, p.fail.col) AS column_name,
       left(CASE p.fail.col WHEN 'kode' THEN p.place_raw WHEN 'desa' THEN p.place_raw
                            WHEN 'posyandu_id' THEN p.posyandu_id END, 200) AS value,
       p.fail.code AS reason_code, r.reason, p.fail.hint AS hint
FROM stg_posyandu p
LEFT JOIN stg_headers h ON h.file_idx = 0 AND h.col = p.fail.col
LEFT JOIN stg_reasons r ON r.reason_code = p.fail.code
WHERE p.fail IS NOT NULL;
