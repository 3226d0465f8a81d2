-- superseded: rows an import from the input store replaced by a newer file's copy of the same measurement
-- (same child, date and posyandu): kept apart from the quarantine, they are no error of the file.
-- Input: TEMP stg_measurements, stg_m_files, stg_m_dups (stage_measurements.sql).
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
