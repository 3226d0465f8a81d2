-- Parse and validate staged e-PPGBM rows in one pass. Input: TEMP view stg_measurements_raw (VARCHAR columns
-- named as in pipelines/aliases.py MEASUREMENT_ALIASES + source_row, file_idx; source_file may be absent),
-- TEMP stg_m_lookup (match_posyandu.sql: kelurahan and posyandu per distinct place cells) and TEMP
-- stg_m_files(file_idx, source_file).
-- Output: TEMP stg_measurements: one row per input row, typed values, child_id and `fail`, the first failing
-- rule as {code, col, hint, value} (NULL = accepted; value = the raw cell quoted in quarantine), plus the
-- data-quality notes of the row (import_notes_measurements.sql). Rule order: pipelines/readers.py VALIDATION_ORDER.
-- Parameters: $hash_key, $h_min, $h_max (cm), $w_min, $w_max (kg), $max_age_days, $age_tolerance_months,
-- $column_count_hint (the hint of a row with more cells than its header: no cell of it is kept).
--
-- Memory and speed (issue 9): stg_m_checked holds typed values only -- no raw text cells, no file name per
-- row -- so at province scale (25 M rows) it stays a fraction of the staged text and every later pass
-- (duplicates, measurements, quarantine, notes, counts) reads a narrow table. The raw cells a quarantine
-- record or a note quotes are built here, only on the rows that fail or get a note.

-- 'X Tahun - Y Bulan' texts: few distinct values, so each is parsed once
CREATE OR REPLACE TEMP TABLE stg_m_age_text AS
SELECT age_text,
    CASE WHEN regexp_matches(age_text, '\d+\s*(tahun|thn|bulan|bln|hari)', 'i') THEN
        coalesce(try_cast(regexp_extract(age_text, '(\d+)\s*(tahun|thn)', 1, 'i') AS DOUBLE), 0) * 12
        + coalesce(try_cast(regexp_extract(age_text, '(\d+)\s*(bulan|bln)', 1, 'i') AS DOUBLE), 0)
        + coalesce(try_cast(regexp_extract(age_text, '(\d+)\s*hari', 1, 'i') AS DOUBLE), 0) / 30.4375
    END AS age_text_months
FROM (SELECT DISTINCT age_text FROM stg_measurements_raw WHERE age_text IS NOT NULL);

CREATE OR REPLACE TEMP TABLE stg_m_checked AS
WITH parsed AS (
    SELECT
        r.file_idx, r.source_row,
        r.sex AS sex_raw,
        CASE upper(r.sex)
            WHEN 'L' THEN 1 WHEN '1' THEN 1 WHEN 'M' THEN 1 WHEN 'LK' THEN 1 WHEN 'LAKI-LAKI' THEN 1
            WHEN 'LAKI LAKI' THEN 1 WHEN 'LAKI' THEN 1 WHEN 'MALE' THEN 1
            WHEN 'P' THEN 2 WHEN '2' THEN 2 WHEN 'F' THEN 2 WHEN 'PR' THEN 2 WHEN 'PEREMPUAN' THEN 2
            WHEN 'W' THEN 2 WHEN 'WANITA' THEN 2 WHEN 'FEMALE' THEN 2
        END::TINYINT AS sex,
        r.birth_date AS birth_raw,
        date_in_bounds(parse_date_any(r.birth_date)) AS birth_date,
        r.measure_date AS measure_raw,
        date_in_bounds(parse_date_any(r.measure_date)) AS measure_date,
        r.weight_kg AS weight_raw, parse_num(r.weight_kg) AS weight_num,
        r.height_cm AS height_raw, parse_num(r.height_cm) AS height_num,
        CASE lower(r.measured)
            WHEN 'terlentang' THEN 'L' WHEN 'telentang' THEN 'L' WHEN 'berbaring' THEN 'L' WHEN 'l' THEN 'L'
            WHEN 'lying' THEN 'L' WHEN 'recumbent' THEN 'L' WHEN 'length' THEN 'L' WHEN 'pb' THEN 'L'
            WHEN 'berdiri' THEN 'H' WHEN 'h' THEN 'H' WHEN 'standing' THEN 'H' WHEN 'height' THEN 'H' WHEN 'tb' THEN 'H'
        END AS measured,
        r.measured AS measured_raw,
        -- NIK repaired: spaces, an Excel text apostrophe and a '.0' that a float left dropped; valid = 16 digits,
        -- not all zeros. Anything else that is not empty (3.52E+15, 15 digits) is damaged: note invalid_nik
        CASE WHEN regexp_full_match(r.nik, '\d{16}') THEN r.nik
             ELSE regexp_replace(regexp_replace(coalesce(r.nik, ''), '[\s''`]', '', 'g'), '\.0*$', '') END AS nik_clean,
        CASE WHEN regexp_full_match(nik_clean, '\d{16}') AND nik_clean <> '0000000000000000' THEN nik_clean END AS nik_ok,
        CASE WHEN nik_ok IS NULL THEN CASE WHEN nullif(trim(r.nik), '') IS NULL THEN 'missing' ELSE 'invalid' END
             WHEN right(nik_ok, 1) = '0' THEN 'zero_tail'  -- maybe Excel's 15 significant digits (…890 for …891)
             ELSE 'ok' END AS nik_state,
        coalesce(r.column_count_bad, false) AS column_count_bad,
        r.nama,
        r.desa, r.posyandu AS posyandu_raw,
        r.age_text, a.age_text_months,
        CASE WHEN abs(parse_num(r.export_haz)) <= 20 THEN parse_num(r.export_haz) END AS export_haz,
        CASE WHEN abs(parse_num(r.export_waz)) <= 20 THEN parse_num(r.export_waz) END AS export_waz,
        CASE WHEN abs(parse_num(r.export_whz)) <= 20 THEN parse_num(r.export_whz) END AS export_whz,
        l.kode, l.place_reason, l.place_hint, l.posyandu_key, l.posyandu_id, l.posyandu_reason, l.posyandu_hint
    FROM stg_measurements_raw r
    LEFT JOIN stg_m_lookup l
      ON l.desa_k = coalesce(r.desa, '') AND l.kecamatan_k = coalesce(r.kecamatan, '')
     AND l.posyandu_k = coalesce(r.posyandu, '')
    LEFT JOIN stg_m_age_text a ON a.age_text = r.age_text
),
typed AS (
    SELECT p.* EXCLUDE (nama),
        CASE WHEN NOT is_sentinel(p.weight_num) THEN p.weight_num END AS weight_kg,
        CASE WHEN NOT is_sentinel(p.height_num) THEN p.height_num END AS height_cm,
        (p.measure_date - p.birth_date) AS age_days,
        -- keyed hash (pipelines.privacy.hash_id_sql); without a valid NIK: normalised name + birth date + sex
        CASE WHEN p.nik_ok IS NOT NULL THEN left(sha256($hash_key || ':' || p.nik_ok), 32)
             WHEN nullif(norm_place(p.nama), '') IS NOT NULL AND p.birth_date IS NOT NULL AND p.sex IS NOT NULL
             THEN left(sha256($hash_key || ':' || 'nama:' || norm_place(p.nama) || '|' || p.birth_date::VARCHAR
                              || '|' || p.sex::VARCHAR), 32)
        END AS child_id,
        -- name + birth date + sex and the NIK's first 15 digits as 64-bit hashes: links a damaged NIK to the
        -- child's clean rows below (TEMP only; never written to the database)
        CASE WHEN nullif(norm_place(p.nama), '') IS NOT NULL AND p.birth_date IS NOT NULL AND p.sex IS NOT NULL
             THEN hash(norm_place(p.nama), p.birth_date, p.sex) END AS name_h,
        CASE WHEN p.nik_ok IS NOT NULL THEN hash(left(p.nik_ok, 15)) END AS nik15_h
    FROM parsed p
),
checked AS (
    SELECT t.*,
        CASE
            WHEN t.column_count_bad THEN {'code': 'column_count', 'col': NULL::VARCHAR, 'hint': $column_count_hint}
            WHEN t.sex IS NULL THEN {'code': 'unknown_sex', 'col': 'sex', 'hint': 'Isi L atau P (use L or P)'}
            WHEN t.birth_raw IS NULL THEN {'code': 'missing_value', 'col': 'birth_date', 'hint': NULL::VARCHAR}
            WHEN t.birth_date IS NULL THEN {'code': 'unparseable_date', 'col': 'birth_date', 'hint': 'Gunakan dd/mm/yyyy (e.g. 05/03/2022)'}
            WHEN t.measure_raw IS NULL THEN {'code': 'missing_value', 'col': 'measure_date', 'hint': NULL::VARCHAR}
            WHEN t.measure_date IS NULL THEN {'code': 'unparseable_date', 'col': 'measure_date', 'hint': 'Gunakan dd/mm/yyyy (e.g. 05/03/2024)'}
            WHEN t.age_days < 0 THEN {'code': 'birth_after_measurement', 'col': 'birth_date',
                 'hint': 'Lahir ' || strftime(t.birth_date, '%d/%m/%Y') || ', diukur ' || strftime(t.measure_date, '%d/%m/%Y')}
            WHEN t.age_days > $max_age_days THEN {'code': 'age_over_59_months', 'col': 'birth_date',
                 'hint': 'Umur ' || floor(t.age_days / 30.4375)::INTEGER || ' bulan (' || t.age_days || ' hari)'}
            WHEN t.weight_raw IS NOT NULL AND t.weight_num IS NULL THEN {'code': 'invalid_number', 'col': 'weight_kg', 'hint': 'Contoh: 12,5 (kg)'}
            WHEN t.height_raw IS NOT NULL AND t.height_num IS NULL THEN {'code': 'invalid_number', 'col': 'height_cm', 'hint': 'Contoh: 85,3 (cm)'}
            WHEN t.weight_kg IS NULL AND t.height_cm IS NULL THEN {'code': 'missing_value', 'col': 'weight_kg',
                 'hint': $hint_no_weight_height}
            WHEN NOT (coalesce(t.weight_kg BETWEEN $w_min AND $w_max, true) AND coalesce(t.height_cm BETWEEN $h_min AND $h_max, true))
                 AND t.weight_kg BETWEEN $h_min AND $h_max AND t.height_cm BETWEEN $w_min AND $w_max
                 THEN {'code': 'height_weight_swapped', 'col': 'weight_kg',
                       'hint': replace(replace($hint_swapped, '{weight}', t.weight_kg::VARCHAR), '{height}', t.height_cm::VARCHAR)}
            WHEN NOT coalesce(t.height_cm BETWEEN $h_min AND $h_max, true) THEN {'code': 'height_out_of_range', 'col': 'height_cm',
                 'hint': CASE WHEN t.height_cm / 10 BETWEEN $h_min AND $h_max THEN $hint_millimetres
                              WHEN t.height_cm * 100 BETWEEN $h_min AND $h_max THEN $hint_metres
                              ELSE 'Rentang yang mungkin ' || $h_min || '-' || $h_max || ' cm' END}
            WHEN NOT coalesce(t.weight_kg BETWEEN $w_min AND $w_max, true) THEN {'code': 'weight_out_of_range', 'col': 'weight_kg',
                 'hint': CASE WHEN t.weight_kg / 1000 BETWEEN $w_min AND $w_max THEN $hint_grams
                              ELSE 'Rentang yang mungkin ' || $w_min || '-' || $w_max || ' kg' END}
            WHEN t.child_id IS NULL THEN {'code': 'missing_value', 'col': 'nik',
                 'hint': $hint_no_child_id}
            WHEN t.place_reason IS NOT NULL THEN {'code': t.place_reason, 'col': 'desa', 'hint': t.place_hint}
            WHEN t.posyandu_reason IS NOT NULL THEN {'code': t.posyandu_reason, 'col': 'posyandu', 'hint': t.posyandu_hint}
        END AS fail
    FROM typed t
)
SELECT file_idx, source_row, child_id, sex, birth_date, measure_date, weight_kg, height_cm, measured, kode,
    posyandu_id, posyandu_key, export_haz, export_waz, export_whz, age_days, name_h, nik15_h, nik_state,
    -- the duplicate key's hash (valid rows only); stage 2 below compares the keys themselves
    CASE WHEN fail IS NULL THEN hash(child_id, measure_date, coalesce(posyandu_id, kode || '|' || coalesce(posyandu_key, ''))) END AS dup_hash,
    -- the raw cell of the failing column for the quarantine record (identifying columns never copied)
    CASE WHEN fail IS NOT NULL THEN struct_insert(fail, value := left(CASE fail.col
            WHEN 'sex' THEN sex_raw
            WHEN 'birth_date' THEN birth_raw
            WHEN 'measure_date' THEN measure_raw
            WHEN 'weight_kg' THEN CASE WHEN fail.code = 'height_weight_swapped'
                                       THEN weight_raw || ' / ' || height_raw ELSE weight_raw END
            WHEN 'height_cm' THEN height_raw
            WHEN 'desa' THEN desa
            WHEN 'posyandu' THEN posyandu_raw
            ELSE NULL END, 200)) END AS fail,
    -- notes (import_notes_measurements.sql), on the rows that get them
    CASE WHEN abs(age_text_months - age_days / 30.4375) > $age_tolerance_months
         THEN 'Usia Saat Ukur ''' || age_text || ''' ≠ ' || floor(age_days / 30.4375)::INTEGER
              || ' bulan menurut tanggal (dates win)' END AS note_age_text,
    CASE WHEN measured IS NULL AND measured_raw IS NOT NULL
         THEN 'Cara Ukur ''' || left(measured_raw, 40) || ''' tidak dikenal; posisi dianggap tidak diketahui' END AS note_position,
    CASE WHEN is_sentinel(weight_num) OR is_sentinel(height_num)
         THEN 'Nilai kode kosong dibaca sebagai tidak diukur: '
              || CASE WHEN is_sentinel(weight_num) THEN 'Berat=' || weight_raw || ' ' ELSE '' END
              || CASE WHEN is_sentinel(height_num) THEN 'Tinggi=' || height_raw ELSE '' END END AS note_sentinel,
    nik_state = 'missing' AS note_nik_fallback,
    nik_state = 'invalid' AS note_invalid_nik
FROM checked;

-- A damaged NIK never changes who the child is (issue 16): a row whose NIK is damaged (3.52E+15, digits lost)
-- takes the child id of the clean rows with the same name, birth date and sex when they name one child; a
-- 16-digit NIK ending in 0 whose first 15 digits equal a clean NIK of the same name, birth date and sex is
-- that NIK with its last digit lost to Excel's 15 significant digits. Only the few suspect groups are read.
CREATE OR REPLACE TEMP TABLE stg_m_links AS
WITH suspects AS (
    SELECT DISTINCT name_h FROM stg_m_checked WHERE nik_state IN ('invalid', 'zero_tail') AND name_h IS NOT NULL
), clean AS (
    SELECT c.name_h, c.child_id, c.nik15_h, c.nik_state FROM stg_m_checked c
    WHERE c.nik_state IN ('ok', 'zero_tail') AND c.name_h IN (SELECT name_h FROM suspects) AND c.fail IS NULL
), unique_child AS (  -- per name group: its one clean child (NIKs not ending in 0 first)
    SELECT name_h, coalesce(CASE WHEN count(DISTINCT child_id) FILTER (WHERE nik_state = 'ok') = 1
                                 THEN min(child_id) FILTER (WHERE nik_state = 'ok') END,
                            CASE WHEN count(DISTINCT child_id) FILTER (WHERE nik_state = 'ok') = 0
                                  AND count(DISTINCT child_id) = 1 THEN min(child_id) END) AS child_id
    FROM clean GROUP BY name_h
), zero_tail AS (   -- a NIK ending in 0 with the 15 digits of a clean NIK not ending in 0
    SELECT name_h, nik15_h, min(child_id) AS child_id FROM clean WHERE nik_state = 'ok'
    GROUP BY name_h, nik15_h HAVING count(DISTINCT child_id) = 1
)
SELECT c.file_idx, c.source_row,
       CASE c.nik_state WHEN 'invalid' THEN u.child_id ELSE z.child_id END AS child_id
FROM stg_m_checked c
LEFT JOIN unique_child u ON u.name_h = c.name_h
LEFT JOIN zero_tail z ON z.name_h = c.name_h AND z.nik15_h = c.nik15_h
WHERE c.nik_state IN ('invalid', 'zero_tail') AND c.name_h IN (SELECT name_h FROM suspects)
  AND CASE c.nik_state WHEN 'invalid' THEN u.child_id ELSE z.child_id END IS NOT NULL;

UPDATE stg_m_checked c SET
    child_id = l.child_id,
    dup_hash = CASE WHEN c.fail IS NULL
                    THEN hash(l.child_id, c.measure_date, coalesce(c.posyandu_id, c.kode || '|' || coalesce(c.posyandu_key, ''))) END,
    note_invalid_nik = true
FROM stg_m_links l
WHERE l.file_idx = c.file_idx AND l.source_row = c.source_row;

-- Duplicates among otherwise valid rows: same child, measurement date and posyandu (or kelurahan + posyandu
-- name when there is no register). The first by file order, then row, is kept. With $newer_wins (builds from
-- the input store, files listed oldest import first) the copy in the latest file is kept instead, and an older
-- file's copy is `superseded` (recorded, not a quarantine error); a repeat within one file stays a duplicate. The window runs on a narrow
-- projection; stg_measurements is a view adding the `duplicate` verdict to stg_m_checked.
-- At province scale a window over every row is the slowest step of the import, so only rows whose key hash
-- occurs more than once (a few %) go through it; the window then compares the keys themselves, so a hash
-- collision cannot make two different measurements duplicates. The raw date cell a duplicate's quarantine
-- record quotes is read back from the staged text for those rows only.
CREATE OR REPLACE TEMP TABLE stg_m_dup_hashes AS
SELECT dup_hash AS h FROM stg_m_checked WHERE dup_hash IS NOT NULL GROUP BY dup_hash HAVING count(*) > 1;

CREATE OR REPLACE TEMP TABLE stg_m_dups AS
WITH d AS (
    SELECT file_idx, source_row, first_row, first_idx FROM (
        SELECT file_idx, source_row,
               row_number() OVER w AS k,
               first_value(source_row) OVER w AS first_row,
               first_value(file_idx) OVER w AS first_idx
        FROM stg_m_checked
        WHERE dup_hash IN (SELECT h FROM stg_m_dup_hashes)
        WINDOW w AS (PARTITION BY child_id, measure_date, coalesce(posyandu_id, kode || '|' || coalesce(posyandu_key, ''))
                     ORDER BY CASE WHEN $newer_wins THEN -file_idx ELSE file_idx END, source_row)
    ) WHERE k > 1
)
SELECT d.file_idx, d.source_row,
       {'code': CASE WHEN $newer_wins AND d.first_idx <> d.file_idx THEN 'superseded' ELSE 'duplicate' END,
        'col': 'measure_date',
        'hint': CASE WHEN $newer_wins AND d.first_idx <> d.file_idx
                     THEN 'Diganti oleh baris ' || d.first_row || ' di ' || f.source_file || ' (impor lebih baru)'
                     ELSE 'Sama dengan baris ' || d.first_row || ' di ' || f.source_file || ' (same child, date and posyandu)' END,
        'value': left(r.measure_date, 200)} AS fail,
       d.first_idx, d.first_row
FROM d
JOIN stg_m_files f ON f.file_idx = d.first_idx
JOIN stg_measurements_raw r ON r.file_idx = d.file_idx AND r.source_row = d.source_row;

CREATE OR REPLACE TEMP VIEW stg_measurements AS
SELECT c.* REPLACE (coalesce(d.fail, c.fail) AS fail)
FROM stg_m_checked c
LEFT JOIN stg_m_dups d ON d.file_idx = c.file_idx AND d.source_row = c.source_row;
