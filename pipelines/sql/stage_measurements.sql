-- Parse and validate staged e-PPGBM rows in one pass. Input: TEMP stg_measurements_raw (VARCHAR columns
-- named as in pipelines/aliases.py MEASUREMENT_ALIASES + source_row, source_file, file_idx) and TEMP
-- stg_m_lookup (match_posyandu.sql: kelurahan and posyandu per distinct place cells).
-- Output: TEMP stg_measurements: one row per input row, typed values, child_id and `fail`, the first failing
-- rule as {code, col, hint} (NULL = accepted). Rule order: pipelines/readers.py VALIDATION_ORDER.
-- Parameters: $hash_key, $h_min, $h_max (cm), $w_min, $w_max (kg), $max_age_days.

CREATE OR REPLACE TEMP TABLE stg_m_checked AS
WITH parsed AS (
    SELECT
        r.file_idx, r.source_file, r.source_row,
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
        -- NIK: 16 digits (spaces and an Excel text apostrophe dropped), not all zeros
        CASE WHEN regexp_full_match(r.nik, '\d{16}') THEN nullif(r.nik, '0000000000000000')
             WHEN regexp_full_match(regexp_replace(coalesce(r.nik, ''), '[\s''`]', '', 'g'), '\d{16}')
             THEN nullif(regexp_replace(r.nik, '[\s''`]', '', 'g'), '0000000000000000') END AS nik_ok,
        r.nama,
        r.desa, r.posyandu AS posyandu_raw,
        r.age_text,  -- parsed once per distinct text in import_notes_measurements.sql
        CASE WHEN abs(parse_num(r.export_haz)) <= 20 THEN parse_num(r.export_haz) END AS export_haz,
        CASE WHEN abs(parse_num(r.export_waz)) <= 20 THEN parse_num(r.export_waz) END AS export_waz,
        CASE WHEN abs(parse_num(r.export_whz)) <= 20 THEN parse_num(r.export_whz) END AS export_whz,
        l.kode, l.place_reason, l.place_hint, l.posyandu_key, l.posyandu_id, l.posyandu_reason, l.posyandu_hint
    FROM stg_measurements_raw r
    LEFT JOIN stg_m_lookup l
      ON l.desa_k = coalesce(r.desa, '') AND l.kecamatan_k = coalesce(r.kecamatan, '')
     AND l.posyandu_k = coalesce(r.posyandu, '')
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
        END AS child_id
    FROM parsed p
)
SELECT t.*,
    CASE
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
             'hint': 'Berat dan tinggi kosong atau berisi kode kosong (8888/9999/0) (no weight and no height)'}
        WHEN NOT (coalesce(t.weight_kg BETWEEN $w_min AND $w_max, true) AND coalesce(t.height_cm BETWEEN $h_min AND $h_max, true))
             AND t.weight_kg BETWEEN $h_min AND $h_max AND t.height_cm BETWEEN $w_min AND $w_max
             THEN {'code': 'height_weight_swapped', 'col': 'weight_kg',
                   'hint': 'Berat ' || t.weight_kg || ' dan tinggi ' || t.height_cm || ' tampak tertukar (swap columns?)'}
        WHEN NOT coalesce(t.height_cm BETWEEN $h_min AND $h_max, true) THEN {'code': 'height_out_of_range', 'col': 'height_cm',
             'hint': CASE WHEN t.height_cm / 10 BETWEEN $h_min AND $h_max THEN 'Tampaknya dalam milimeter; isi dalam cm (looks like millimetres)'
                          WHEN t.height_cm * 100 BETWEEN $h_min AND $h_max THEN 'Tampaknya dalam meter; isi dalam cm (looks like metres)'
                          ELSE 'Rentang yang mungkin ' || $h_min || '-' || $h_max || ' cm' END}
        WHEN NOT coalesce(t.weight_kg BETWEEN $w_min AND $w_max, true) THEN {'code': 'weight_out_of_range', 'col': 'weight_kg',
             'hint': CASE WHEN t.weight_kg / 1000 BETWEEN $w_min AND $w_max THEN 'Tampaknya dalam gram; isi dalam kg (looks like grams)'
                          ELSE 'Rentang yang mungkin ' || $w_min || '-' || $w_max || ' kg' END}
        WHEN t.child_id IS NULL THEN {'code': 'missing_value', 'col': 'nik',
             'hint': 'NIK tidak sah dan nama kosong: anak tidak dapat dikenali (no valid NIK and no name)'}
        WHEN t.place_reason IS NOT NULL THEN {'code': t.place_reason, 'col': 'desa', 'hint': t.place_hint}
        WHEN t.posyandu_reason IS NOT NULL THEN {'code': t.posyandu_reason, 'col': 'posyandu', 'hint': t.posyandu_hint}
    END AS fail
FROM typed t;

-- Duplicates among otherwise valid rows: same child, measurement date and posyandu (or kelurahan + posyandu
-- name when there is no register). The first by file order, then row, is kept. The window runs on a narrow
-- projection; stg_measurements is a view adding the `duplicate` verdict to stg_m_checked.
-- At province scale a window over every row is the slowest step of the import, so only rows whose key hash
-- occurs more than once (a few %) go through it; the window then compares the keys themselves, so a hash
-- collision cannot make two different measurements duplicates.
CREATE OR REPLACE TEMP TABLE stg_m_dup_hashes AS
SELECT h FROM (
    SELECT hash(child_id, measure_date, coalesce(posyandu_id, kode || '|' || coalesce(posyandu_key, ''))) AS h
    FROM stg_m_checked WHERE fail IS NULL
) GROUP BY h HAVING count(*) > 1;

CREATE OR REPLACE TEMP TABLE stg_m_dups AS
SELECT file_idx, source_row, first_row, first_file FROM (
    SELECT file_idx, source_row,
           row_number() OVER w AS k,
           first_value(source_row) OVER w AS first_row,
           first_value(source_file) OVER w AS first_file
    FROM stg_m_checked
    WHERE fail IS NULL
      AND hash(child_id, measure_date, coalesce(posyandu_id, kode || '|' || coalesce(posyandu_key, '')))
          IN (SELECT h FROM stg_m_dup_hashes)
    WINDOW w AS (PARTITION BY child_id, measure_date, coalesce(posyandu_id, kode || '|' || coalesce(posyandu_key, ''))
                 ORDER BY file_idx, source_row)
) WHERE k > 1;

CREATE OR REPLACE TEMP VIEW stg_measurements AS
SELECT c.* REPLACE (
    CASE WHEN d.source_row IS NOT NULL
         THEN {'code': 'duplicate', 'col': 'measure_date',
               'hint': 'Sama dengan baris ' || d.first_row || ' di ' || d.first_file || ' (same child, date and posyandu)'}
         ELSE c.fail END AS fail)
FROM stg_m_checked c
LEFT JOIN stg_m_dups d ON d.file_idx = c.file_idx AND d.source_row = c.source_row;
