-- Refused posyandu rows (kind 'posyandu') and notes on dropped coordinates (note 'invalid_coordinates').
DELETE FROM quarantine WHERE kind = 'posyandu';
INSERT INTO quarantine
SELECT 'posyandu', p.source_file, p.source_row::INTEGER, coalesce(h.header, p.fail.col),
       left(CASE p.fail.col WHEN 'kode' THEN p.place_raw WHEN 'desa' THEN p.place_raw
                            WHEN 'posyandu_id' THEN p.posyandu_id END, 200),
       p.fail.code, r.reason, p.fail.hint
FROM stg_posyandu p
LEFT JOIN stg_headers h ON h.file_idx = 0 AND h.col = p.fail.col
LEFT JOIN stg_reasons r ON r.reason_code = p.fail.code
WHERE p.fail IS NOT NULL ORDER BY p.source_row;
DELETE FROM import_notes WHERE note_code = 'invalid_coordinates';
INSERT INTO import_notes
SELECT source_file, source_row::INTEGER, 'invalid_coordinates', coord_note
FROM stg_posyandu WHERE fail IS NULL AND coord_note IS NOT NULL ORDER BY source_row;
