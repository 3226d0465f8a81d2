-- Parse and validate a staged sasaran file (target children 0-59 months per kelurahan and year).
-- Input: TEMP stg_sasaran_raw (SASARAN_ALIASES columns + source_row, source_file), TEMP stg_places.
-- Parameters: $year_min, $year_max, $target_max.
CREATE OR REPLACE TEMP TABLE stg_sasaran_checked AS
SELECT r.source_file, r.source_row, coalesce(r.kode, r.desa) AS place_raw, r.kode AS kode_cell,
       r.year AS year_raw, r.target_children AS target_raw,
       pl.kode,
       parse_num(r.year) AS year_num, parse_num(r.target_children) AS target_num,
       CASE WHEN pl.place_reason IS NOT NULL THEN {'code': pl.place_reason,
                 'col': CASE WHEN r.kode IS NOT NULL THEN 'kode' ELSE 'desa' END, 'hint': pl.place_hint}
            WHEN r.year IS NULL THEN {'code': 'missing_value', 'col': 'year', 'hint': NULL::VARCHAR}
            WHEN parse_num(r.year) IS NULL OR parse_num(r.year) <> round(parse_num(r.year))
                 OR NOT parse_num(r.year) BETWEEN $year_min AND $year_max
                 THEN {'code': 'invalid_number', 'col': 'year', 'hint': 'Tahun ' || $year_min || '-' || $year_max}
            WHEN r.target_children IS NULL THEN {'code': 'missing_value', 'col': 'target_children', 'hint': NULL::VARCHAR}
            WHEN parse_num(r.target_children) IS NULL OR parse_num(r.target_children) <> round(parse_num(r.target_children))
                 OR NOT parse_num(r.target_children) BETWEEN 0 AND $target_max
                 THEN {'code': 'invalid_number', 'col': 'target_children',
                       'hint': 'Bilangan bulat 0-' || $target_max || ' (whole number)'}
       END AS fail
FROM stg_sasaran_raw r
LEFT JOIN stg_places pl ON pl.desa IS NOT DISTINCT FROM coalesce(r.kode, r.desa)
                       AND pl.kecamatan IS NOT DISTINCT FROM r.kecamatan;

CREATE OR REPLACE TEMP TABLE stg_sasaran AS
WITH valid AS (
    SELECT source_row, row_number() OVER w AS k, first_value(source_row) OVER w AS first_row
    FROM stg_sasaran_checked WHERE fail IS NULL
    WINDOW w AS (PARTITION BY kode, year_num ORDER BY source_row)
)
SELECT c.* REPLACE (
    CASE WHEN v.k > 1 THEN {'code': 'duplicate', 'col': 'kode',
         'hint': 'Kelurahan dan tahun sama dengan baris ' || v.first_row} ELSE c.fail END AS fail)
FROM stg_sasaran_checked c LEFT JOIN valid v ON v.source_row = c.source_row;
