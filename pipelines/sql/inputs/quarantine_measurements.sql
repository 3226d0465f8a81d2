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
WHERE m.fail IS NOT NULL AND m.fail.code <> 'superseded'
ORDER BY m.file_idx, m.source_row;

-- Rows an import from the input store replaced by a newer file's copy of the same measurement (same child,
-- date and posyandu): kept apart from the quarantine, they are no error of the file.
CREATE TABLE IF NOT EXISTS superseded (source_file VARCHAR, source_row INTEGER, kept_file VARCHAR, kept_row INTEGER);
DELETE FROM superseded;
INSERT INTO superseded
SELECT f.source_file, m.source_row::INTEGER, k.source_file, d.first_row::INTEGER
FROM stg_measurements m
JOIN stg_m_files f ON f.file_idx = m.file_idx
JOIN stg_m_dups d ON d.file_idx = m.file_idx AND d.source_row = m.source_row
JOIN stg_m_files k ON k.file_idx = d.first_idx
WHERE m.fail.code = 'superseded'
ORDER BY m.file_idx, m.source_row;
