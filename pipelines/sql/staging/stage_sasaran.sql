-- Parse and validate a staged sasaran file (target children 0-59 months per kelurahan and year).
-- Input: TEMP stg_sasaran_raw (SASARAN_ALIASES columns + source_row, source_file), TEMP stg_places.
-- The optional age-band columns (target_0_5 ... target_24_59) are checked only where a cell is filled.
-- Parameters: $year_min, $year_max, $target_max.
CREATE OR REPLACE TEMP TABLE stg_sasaran_checked AS
SELECT r.source_file, r.source_row, coalesce(r.kode, r.desa) AS place_raw, r.kode AS kode_cell,
       r.year AS year_raw, r.target_children AS target_raw,
       pl.kode,
       parse_num(r.year) AS year_num, parse_num(r.target_children) AS target_num,
       r.target_0_5 AS t05_raw, r.target_6_11 AS t611_raw, r.target_12_23 AS t1223_raw, r.target_24_59 AS t2459_raw,
       parse_num(r.target_0_5) AS t05_num, parse_num(r.target_6_11) AS t611_num,
       parse_num(r.target_12_23) AS t1223_num, parse_num(r.target_24_59) AS t2459_num,
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
            WHEN r.target_0_5 IS NOT NULL AND (parse_num(r.target_0_5) IS NULL OR parse_num(r.target_0_5) <> round(parse_num(r.target_0_5))
                 OR NOT parse_num(r.target_0_5) BETWEEN 0 AND $target_max)
                 THEN {'code': 'invalid_number', 'col': 'target_0_5', 'hint': 'Bilangan bulat 0-' || $target_max || ' (whole number)'}
            WHEN r.target_6_11 IS NOT NULL AND (parse_num(r.target_6_11) IS NULL OR parse_num(r.target_6_11) <> round(parse_num(r.target_6_11))
                 OR NOT parse_num(r.target_6_11) BETWEEN 0 AND $target_max)
                 THEN {'code': 'invalid_number', 'col': 'target_6_11', 'hint': 'Bilangan bulat 0-' || $target_max || ' (whole number)'}
            WHEN r.target_12_23 IS NOT NULL AND (parse_num(r.target_12_23) IS NULL OR parse_num(r.target_12_23) <> round(parse_num(r.target_12_23))
                 OR NOT parse_num(r.target_12_23) BETWEEN 0 AND $target_max)
                 THEN {'code': 'invalid_number', 'col': 'target_12_23', 'hint': 'Bilangan bulat 0-' || $target_max || ' (whole number)'}
            WHEN r.target_24_59 IS NOT NULL AND (parse_num(r.target_24_59) IS NULL OR parse_num(r.target_24_59) <> round(parse_num(r.target_24_59))
                 OR NOT parse_num(r.target_24_59) BETWEEN 0 AND $target_max)
                 THEN {'code': 'invalid_number', 'col': 'target_24_59', 'hint': 'Bilangan bulat 0-' || $target_max || ' (whole number)'}
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
