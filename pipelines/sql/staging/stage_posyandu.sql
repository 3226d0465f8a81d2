-- Parse and validate a staged posyandu register. Input: TEMP stg_posyandu_raw (POSYANDU_ALIASES columns +
-- source_row, source_file), TEMP stg_places (place cell = coalesce(kode, desa)).
-- Parameters: $lon_min, $lon_max, $lat_min, $lat_max (degrees WGS84).
-- Output: TEMP stg_posyandu with `fail` (first failing rule) and `coord_note` (coordinates dropped).
CREATE OR REPLACE TEMP TABLE stg_posyandu_typed AS
SELECT r.source_file, r.source_row,
       r.nama AS nama_raw, nullif(trim(r.nama), '') AS nama, nullif(norm_place(r.nama), '') AS n_nama,
       coalesce(r.kode, r.desa) AS place_raw, r.kode AS kode_cell,
       pl.kode, pl.place_reason, pl.place_hint,
       r.puskesmas,
       r.lon AS lon_raw, r.lat AS lat_raw,
       parse_num(r.lon) AS lon_num, parse_num(r.lat) AS lat_num,
       coalesce(nullif(trim(r.posyandu_id), ''), pl.kode || '/' || norm_place(r.nama)) AS posyandu_id
FROM stg_posyandu_raw r
LEFT JOIN stg_places pl ON pl.desa IS NOT DISTINCT FROM coalesce(r.kode, r.desa)
                       AND pl.kecamatan IS NOT DISTINCT FROM r.kecamatan;

CREATE OR REPLACE TEMP TABLE stg_posyandu_checked AS
SELECT t.*,
    CASE WHEN t.nama IS NULL THEN {'code': 'missing_value', 'col': 'nama', 'hint': 'Nama posyandu kosong (empty name)'}
         WHEN t.place_reason IS NOT NULL THEN {'code': t.place_reason,
              'col': CASE WHEN t.kode_cell IS NOT NULL THEN 'kode' ELSE 'desa' END, 'hint': t.place_hint}
    END AS fail,
    CASE WHEN t.lon_raw IS NULL AND t.lat_raw IS NULL THEN NULL
         WHEN t.lon_num BETWEEN $lon_min AND $lon_max AND t.lat_num BETWEEN $lat_min AND $lat_max THEN NULL
         WHEN t.lat_num BETWEEN $lon_min AND $lon_max AND t.lon_num BETWEEN $lat_min AND $lat_max
              THEN 'Longitude/Latitude tampak tertukar (' || t.lon_raw || ', ' || t.lat_raw || '); koordinat dikosongkan'
         ELSE 'Koordinat di luar Indonesia atau tidak terbaca (' || coalesce(t.lon_raw, '') || ', ' || coalesce(t.lat_raw, '')
              || '); koordinat dikosongkan (outside lon ' || $lon_min || '..' || $lon_max || ', lat ' || $lat_min || '..' || $lat_max || ')'
    END AS coord_note
FROM stg_posyandu_typed t;

CREATE OR REPLACE TEMP TABLE stg_posyandu AS
WITH valid AS (
    SELECT source_row, row_number() OVER w AS k, first_value(source_row) OVER w AS first_row
    FROM stg_posyandu_checked WHERE fail IS NULL
    WINDOW w AS (PARTITION BY posyandu_id ORDER BY source_row)
)
SELECT c.* REPLACE (
    CASE WHEN v.k > 1 THEN {'code': 'duplicate', 'col': 'posyandu_id',
         'hint': 'Kode posyandu sama dengan baris ' || v.first_row || ' (same posyandu id)'} ELSE c.fail END AS fail)
FROM stg_posyandu_checked c LEFT JOIN valid v ON v.source_row = c.source_row;
