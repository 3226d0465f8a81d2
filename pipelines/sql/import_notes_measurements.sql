-- Data-quality notes on accepted e-PPGBM rows (the row is kept; the note says what looked odd).
-- note codes: age_text_mismatch (Usia Saat Ukur disagrees with the dates by more than $age_tolerance_months;
-- the dates are used), unknown_position (Cara Ukur not Terlentang/Berdiri; position treated as unknown),
-- sentinel_value (8888/9999/0 in Berat or Tinggi read as missing), nik_fallback (no valid 16-digit NIK:
-- the child is identified by a keyed hash of name, birth date and sex).
DELETE FROM import_notes WHERE note_code IN ('age_text_mismatch', 'unknown_position', 'sentinel_value', 'nik_fallback');
INSERT INTO import_notes
WITH age_text AS (  -- 'X Tahun - Y Bulan' texts: few distinct values, so each is parsed once
    SELECT age_text,
        CASE WHEN regexp_matches(age_text, '\d+\s*(tahun|thn|bulan|bln|hari)', 'i') THEN
            coalesce(try_cast(regexp_extract(age_text, '(\d+)\s*(tahun|thn)', 1, 'i') AS DOUBLE), 0) * 12
            + coalesce(try_cast(regexp_extract(age_text, '(\d+)\s*(bulan|bln)', 1, 'i') AS DOUBLE), 0)
            + coalesce(try_cast(regexp_extract(age_text, '(\d+)\s*hari', 1, 'i') AS DOUBLE), 0) / 30.4375
        END AS age_text_months
    FROM (SELECT DISTINCT age_text FROM stg_measurements WHERE fail IS NULL AND age_text IS NOT NULL)
)
SELECT source_file, source_row::INTEGER, note_code, detail FROM (
    SELECT m.file_idx, m.source_file, m.source_row, 'age_text_mismatch' AS note_code,
           'Usia Saat Ukur ''' || m.age_text || ''' ≠ ' || floor(m.age_days / 30.4375)::INTEGER
           || ' bulan menurut tanggal (dates win)' AS detail
    FROM stg_measurements m JOIN age_text a ON a.age_text = m.age_text
    WHERE m.fail IS NULL AND abs(a.age_text_months - m.age_days / 30.4375) > $age_tolerance_months
    UNION ALL
    SELECT file_idx, source_file, source_row, 'unknown_position',
           'Cara Ukur ''' || left(measured_raw, 40) || ''' tidak dikenal; posisi dianggap tidak diketahui'
    FROM stg_measurements WHERE fail IS NULL AND measured IS NULL AND measured_raw IS NOT NULL
    UNION ALL
    SELECT file_idx, source_file, source_row, 'sentinel_value',
           'Nilai kode kosong dibaca sebagai tidak diukur: '
           || CASE WHEN is_sentinel(weight_num) THEN 'Berat=' || weight_raw || ' ' ELSE '' END
           || CASE WHEN is_sentinel(height_num) THEN 'Tinggi=' || height_raw ELSE '' END
    FROM stg_measurements WHERE fail IS NULL AND (is_sentinel(weight_num) OR is_sentinel(height_num))
    UNION ALL
    SELECT file_idx, source_file, source_row, 'nik_fallback',
           'NIK kosong/tidak sah: anak dikenali dari nama, tanggal lahir dan jenis kelamin (hash)'
    FROM stg_measurements WHERE fail IS NULL AND nik_ok IS NULL
) ORDER BY file_idx, source_row, note_code;
