-- import_notes_measurements (TEMP): data-quality notes on accepted e-PPGBM rows (the row is kept; the note says
-- what looked odd), in import_notes' columns plus file_idx; import_notes.sql writes them into `import_notes`
-- (replacing the notes with these codes: pipelines.inputs.readers.NOTE_CODES).
-- note codes: age_text_mismatch (Usia Saat Ukur disagrees with the dates by more than $age_tolerance_months;
-- the dates are used), unknown_position (Cara Ukur not Terlentang/Berdiri; position treated as unknown),
-- sentinel_value (8888/9999/0 in Berat or Tinggi read as missing), nik_fallback (no valid 16-digit NIK:
-- the child is identified by a keyed hash of name, birth date and sex), invalid_nik (a damaged NIK: scientific
-- notation, digits lost; the child is linked by name, birth date and sex to its clean rows). Input: TEMP stg_measurements, TEMP stg_m_files.
-- The notes and their texts are computed with the row in stage_measurements.sql; here only accepted rows
-- (not duplicates) keep theirs.
CREATE OR REPLACE TEMP TABLE stg_m_noted AS
SELECT file_idx, source_row, note_age_text, note_position, note_sentinel, note_nik_fallback, note_invalid_nik
FROM stg_measurements
WHERE fail IS NULL
  AND (note_age_text IS NOT NULL OR note_position IS NOT NULL OR note_sentinel IS NOT NULL OR note_nik_fallback
       OR note_invalid_nik);

CREATE OR REPLACE TEMP TABLE import_notes_measurements AS
SELECT n.file_idx, f.source_file, n.source_row::INTEGER AS source_row, n.note_code, n.detail FROM (
    SELECT file_idx, source_row, 'age_text_mismatch' AS note_code, note_age_text AS detail
    FROM stg_m_noted WHERE note_age_text IS NOT NULL
    UNION ALL
    SELECT file_idx, source_row, 'unknown_position', note_position FROM stg_m_noted WHERE note_position IS NOT NULL
    UNION ALL
    SELECT file_idx, source_row, 'sentinel_value', note_sentinel FROM stg_m_noted WHERE note_sentinel IS NOT NULL
    UNION ALL
    SELECT file_idx, source_row, 'nik_fallback',
           'NIK kosong/tidak sah: anak dikenali dari nama, tanggal lahir dan jenis kelamin (hash)'
    FROM stg_m_noted WHERE note_nik_fallback
    UNION ALL
    SELECT file_idx, source_row, 'invalid_nik',
           'NIK rusak (notasi ilmiah atau digit hilang, mis. oleh Excel): anak dikenali dari nama, tanggal lahir dan '
           || 'jenis kelamin (hash); simpan kolom NIK sebagai teks di Excel'
    FROM stg_m_noted WHERE note_invalid_nik
) n
JOIN stg_m_files f ON f.file_idx = n.file_idx;
