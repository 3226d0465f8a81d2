-- import_notes: data-quality notes on kept rows (the row is imported; the note says what looked odd); this
-- file is its only writer. Each loader stages its notes in a TEMP table named after the file that writes it
-- (import_notes_measurements, import_notes_posyandu: the notes' columns plus file_idx for the order);
-- pipelines.inputs.quarantine runs this file with that table filled in below and $codes, the note codes that
-- loader gives: their earlier notes are replaced, the other loaders' stay.
CREATE TABLE IF NOT EXISTS import_notes (
    source_file VARCHAR,
    source_row INTEGER,
    note_code VARCHAR,
    detail VARCHAR
);
DELETE FROM import_notes WHERE list_contains($codes, note_code);
INSERT INTO import_notes
SELECT source_file, source_row, note_code, detail
FROM {staged}
ORDER BY file_idx, source_row, note_code;
