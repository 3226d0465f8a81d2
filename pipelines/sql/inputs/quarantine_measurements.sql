-- quarantine_measurements (TEMP): the refused e-PPGBM rows (kind 'measurement'), one record per refused row,
-- in the quarantine's columns plus file_idx; quarantine.sql writes them into `quarantine`.
-- Input: TEMP stg_measurements, TEMP stg_m_files(file_idx, source_file), TEMP stg_headers(file_idx, col, header),
-- TEMP stg_reasons(reason_code, reason). `value` (fail.value, stage_measurements.sql) is the raw cell of the
-- failing column, except identifying columns (nik) which are never copied. A superseded row (superseded.sql)
-- is no error of its file.
CREATE OR REPLACE TEMP TABLE quarantine_measurements AS
SELECT m.file_idx, 'measurement' AS kind, f.source_file, m.source_row::INTEGER AS source_row,
       coalesce(h.header, m.fail.col) AS column_name, m.fail.value AS value, m.fail.code AS reason_code,
       r.reason, m.fail.hint AS hint
FROM stg_measurements m
JOIN stg_m_files f ON f.file_idx = m.file_idx
LEFT JOIN stg_headers h ON h.file_idx = m.file_idx AND h.col = m.fail.col
LEFT JOIN stg_reasons r ON r.reason_code = m.fail.code
WHERE m.fail IS NOT NULL AND m.fail.code <> 'superseded';
