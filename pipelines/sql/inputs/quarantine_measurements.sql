-- Refused e-PPGBM rows into quarantine (kind 'measurement'), one record per refused row.
-- Input: TEMP stg_measurements, TEMP stg_m_files(file_idx, source_file), TEMP stg_headers(file_idx, col, header),
-- TEMP stg_reasons(reason_code, reason). `value` (fail.value, stage_measurements.sql) is the raw cell of the
-- failing column, except identifying columns (nik) which are never copied.
DELETE FROM quarantine WHERE kind = 'measurement';
INSERT INTO quarantine
SELECT 'measurement', f.source_file, m.source_row::INTEGER,
       coalesce(h.header, m.fail.col), m.fail.value, m.fail.code, r.reason, m.fail.hint
FROM stg_measurements m
JOIN stg_m_files f ON f.file_idx = m.file_idx
LEFT JOIN stg_headers h ON h.file_idx = m.file_idx AND h.col = m.fail.col
LEFT JOIN stg_reasons r ON r.reason_code = m.fail.code
WHERE m.fail IS NOT NULL
ORDER BY m.file_idx, m.source_row;
