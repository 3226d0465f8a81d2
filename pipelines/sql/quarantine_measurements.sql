-- Refused e-PPGBM rows into quarantine (kind 'measurement'), one record per refused row.
-- Input: TEMP stg_measurements, TEMP stg_headers(file_idx, col, header), TEMP stg_reasons(reason_code, reason).
-- `value` is the raw cell of the failing column, except identifying columns (nik) which are never copied.
DELETE FROM quarantine WHERE kind = 'measurement';
INSERT INTO quarantine
SELECT 'measurement', m.source_file, m.source_row::INTEGER,
       coalesce(h.header, m.fail.col),
       left(CASE m.fail.col
            WHEN 'sex' THEN m.sex_raw
            WHEN 'birth_date' THEN m.birth_raw
            WHEN 'measure_date' THEN m.measure_raw
            WHEN 'weight_kg' THEN CASE WHEN m.fail.code = 'height_weight_swapped'
                                       THEN m.weight_raw || ' / ' || m.height_raw ELSE m.weight_raw END
            WHEN 'height_cm' THEN m.height_raw
            WHEN 'desa' THEN m.desa
            WHEN 'posyandu' THEN m.posyandu_raw
            ELSE NULL END, 200),
       m.fail.code, r.reason, m.fail.hint
FROM stg_measurements m
LEFT JOIN stg_headers h ON h.file_idx = m.file_idx AND h.col = m.fail.col
LEFT JOIN stg_reasons r ON r.reason_code = m.fail.code
WHERE m.fail IS NOT NULL
ORDER BY m.file_idx, m.source_row;
