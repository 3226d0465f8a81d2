-- Parse and validate staged e-PPGBM rows. Input: TEMP stg_measurements_raw (VARCHAR columns named as in
-- pipelines/aliases.py MEASUREMENT_ALIASES + source_row, source_file, file_idx), TEMP stg_places
-- (resolve_places.sql), TEMP stg_posyandu_ref(posyandu_id, n_nama, kode) (empty when no register).
-- Output: TEMP stg_measurements: one row per input row, typed values, child_id and the first failing rule.
-- Parameters: $hash_key, $h_min, $h_max (cm), $w_min, $w_max (kg), $max_age_days, $has_posyandu.

CREATE OR REPLACE TEMP TABLE stg_m_parsed AS
SELECT
    r.file_idx, r.source_file, r.source_row,
    r.sex AS sex_raw,
    CASE upper(trim(r.sex))
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
    CASE WHEN lower(trim(r.measured)) IN ('terlentang', 'telentang', 'berbaring', 'l', 'lying', 'recumbent', 'length', 'pb')
             THEN 'L'
         WHEN lower(trim(r.measured)) IN ('berdiri', 'h', 'standing', 'height', 'tb') THEN 'H' END AS measured,
    r.measured AS measured_raw,
    -- NIK: digits only after dropping spaces and a leading apostrophe (Excel text marker); 16 digits, not all 0
    CASE WHEN regexp_full_match(regexp_replace(coalesce(r.nik, ''), '[\s''`]', '', 'g'), '\d{16}')
              AND regexp_replace(r.nik, '[\s''`]', '', 'g') <> '0000000000000000'
         THEN regexp_replace(r.nik, '[\s''`]', '', 'g') END AS nik_ok,
    nullif(norm_place(r.nama), '') AS name_key,
    r.desa, r.kecamatan,
    r.posyandu AS posyandu_raw,
    nullif(norm_place(r.posyandu), '') AS posyandu_key,
    r.age_text,
    CASE WHEN regexp_matches(coalesce(r.age_text, ''), '\d+\s*(tahun|thn|bulan|bln|hari)', 'i') THEN
        coalesce(try_cast(regexp_extract(r.age_text, '(\d+)\s*(tahun|thn)', 1, 'i') AS DOUBLE), 0) * 12
        + coalesce(try_cast(regexp_extract(r.age_text, '(\d+)\s*(bulan|bln)', 1, 'i') AS DOUBLE), 0)
        + coalesce(try_cast(regexp_extract(r.age_text, '(\d+)\s*hari', 1, 'i') AS DOUBLE), 0) / 30.4375
    END AS age_text_months,
    CASE WHEN abs(parse_num(r.export_haz)) <= 20 THEN parse_num(r.export_haz) END AS export_haz,
    CASE WHEN abs(parse_num(r.export_waz)) <= 20 THEN parse_num(r.export_waz) END AS export_waz,
    CASE WHEN abs(parse_num(r.export_whz)) <= 20 THEN parse_num(r.export_whz) END AS export_whz
FROM stg_measurements_raw r;

CREATE OR REPLACE TEMP TABLE stg_m_typed AS
SELECT
    p.*,
    CASE WHEN NOT is_sentinel(p.weight_num) THEN p.weight_num END AS weight_kg,
    CASE WHEN NOT is_sentinel(p.height_num) THEN p.height_num END AS height_cm,
    (p.measure_date - p.birth_date) AS age_days,
    CASE WHEN p.nik_ok IS NOT NULL THEN left(sha256($hash_key || ':' || p.nik_ok), 32)
         WHEN p.name_key IS NOT NULL AND p.birth_date IS NOT NULL AND p.sex IS NOT NULL
         THEN left(sha256($hash_key || ':' || 'nama:' || p.name_key || '|' || p.birth_date::VARCHAR || '|' || p.sex::VARCHAR), 32)
    END AS child_id,
    pl.kode, pl.place_reason, pl.place_hint,
    py.posyandu_id, py.posyandu_reason, py.posyandu_hint
FROM stg_m_parsed p
LEFT JOIN stg_places pl
       ON pl.desa IS NOT DISTINCT FROM p.desa AND pl.kecamatan IS NOT DISTINCT FROM p.kecamatan
LEFT JOIN (
    -- posyandu: by normalised name (or its code) within the resolved kelurahan, only when a register exists
    SELECT q.kode, q.posyandu_raw,
           CASE WHEN count(DISTINCT r.posyandu_id) = 1 THEN min(r.posyandu_id) END AS posyandu_id,
           CASE WHEN count(DISTINCT r.posyandu_id) <> 1 THEN 'unknown_posyandu' END AS posyandu_reason,
           CASE WHEN count(DISTINCT r.posyandu_id) > 1
                THEN 'Ada ' || count(DISTINCT r.posyandu_id) || ' posyandu bernama sama di kelurahan ini (duplicate names in register)'
                ELSE 'Tidak ada di daftar posyandu kelurahan ini (not in the posyandu register for this kelurahan)' END AS posyandu_hint
    FROM (SELECT DISTINCT pl2.kode, p2.posyandu_raw, p2.posyandu_key
          FROM stg_m_parsed p2
          JOIN stg_places pl2 ON pl2.desa IS NOT DISTINCT FROM p2.desa AND pl2.kecamatan IS NOT DISTINCT FROM p2.kecamatan
          WHERE $has_posyandu AND pl2.kode IS NOT NULL AND p2.posyandu_key IS NOT NULL) q
    LEFT JOIN stg_posyandu_ref r
           ON r.kode = q.kode AND (r.n_nama = q.posyandu_key OR r.posyandu_id = trim(q.posyandu_raw))
    GROUP BY q.kode, q.posyandu_raw
) py ON py.kode = pl.kode AND py.posyandu_raw = p.posyandu_raw;

-- The first failing rule, in this order (docs: pipelines/readers.py VALIDATION_ORDER).
CREATE OR REPLACE TEMP TABLE stg_m_checked AS
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
FROM stg_m_typed t;

-- Duplicates among otherwise valid rows: same child, measurement date and posyandu (or kelurahan + posyandu
-- name when there is no register). The first by file order, then row, is kept.
CREATE OR REPLACE TEMP TABLE stg_measurements AS
WITH valid AS (
    SELECT file_idx, source_row,
           row_number() OVER w AS k,
           first_value(source_file) OVER w AS first_file,
           first_value(source_row) OVER w AS first_row
    FROM stg_m_checked
    WHERE fail IS NULL
    WINDOW w AS (PARTITION BY child_id, measure_date,
                 coalesce(posyandu_id, kode || '|' || coalesce(posyandu_key, '')) ORDER BY file_idx, source_row)
)
SELECT c.* REPLACE (
    CASE WHEN v.k > 1 THEN {'code': 'duplicate', 'col': 'measure_date',
         'hint': 'Sama dengan baris ' || v.first_row || ' di ' || v.first_file || ' (same child, date and posyandu)'}
         ELSE c.fail END AS fail)
FROM stg_m_checked c
LEFT JOIN valid v ON v.file_idx = c.file_idx AND v.source_row = c.source_row;
