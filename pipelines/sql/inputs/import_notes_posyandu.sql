-- import_notes_posyandu (TEMP): notes on kept posyandu rows whose coordinates were dropped (note
-- 'invalid_coordinates'), in import_notes' columns plus file_idx; import_notes.sql writes them.
CREATE OR REPLACE TEMP TABLE import_notes_posyandu AS
SELECT 0 AS file_idx, source_file, source_row::INTEGER AS source_row, 'invalid_coordinates' AS note_code,
       coord_note AS detail
FROM stg_posyandu WHERE fail IS NULL AND coord_note IS NOT NULL;
