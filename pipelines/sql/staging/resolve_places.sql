-- Resolve each distinct (desa, kecamatan) pair of a staged file to a kelurahan code.
-- Input: TEMP table stg_place_pairs(desa VARCHAR, kecamatan VARCHAR); table kelurahan(kode, nama, kecamatan_nama).
-- Output: TEMP table stg_places(desa, kecamatan, kode, place_reason, place_hint).
-- Rules: a cell of digits/dots is a Kemendagri code (10 digits, dotted or not) and must exist in kelurahan.
-- Otherwise it is a name, matched after norm_place() within the kecamatan named in `kecamatan`;
-- with no kecamatan given, the name must be unique among all loaded kelurahan.
-- No match -> unknown_kelurahan, several -> ambiguous_kelurahan.
CREATE OR REPLACE TEMP TABLE stg_kel AS
SELECT kode::VARCHAR AS kode, norm_place(nama) AS n_nama, norm_place(kecamatan_nama) AS n_kec FROM kelurahan;

CREATE OR REPLACE TEMP TABLE stg_places AS
WITH p AS (
    SELECT desa, kecamatan,
           looks_like_code(desa) AS is_code,
           kemendagri_code(desa) AS code,
           norm_place(desa) AS n_desa,
           norm_place(kecamatan) AS n_kec
    FROM stg_place_pairs
),
by_kec AS (SELECT n_kec, n_nama, count(*) AS n, min(kode) AS kode FROM stg_kel GROUP BY ALL),
by_name AS (SELECT n_nama, count(*) AS n, min(kode) AS kode, string_agg(DISTINCT n_kec, ', ' ORDER BY n_kec) AS kecs
            FROM stg_kel GROUP BY ALL),
kecs AS (SELECT DISTINCT n_kec FROM stg_kel)
SELECT p.desa, p.kecamatan,
       CASE WHEN p.is_code THEN kc.kode
            WHEN p.n_kec <> '' THEN CASE WHEN bk.n = 1 THEN bk.kode END
            ELSE CASE WHEN bn.n = 1 THEN bn.kode END END AS kode,
       CASE WHEN p.n_desa = '' AND NOT p.is_code THEN 'missing_value'
            WHEN p.is_code THEN CASE WHEN kc.kode IS NULL THEN 'unknown_kelurahan' END
            WHEN p.n_kec <> '' THEN CASE WHEN bk.n > 1 THEN 'ambiguous_kelurahan'
                                         WHEN bk.n IS NULL THEN 'unknown_kelurahan' END
            ELSE CASE WHEN bn.n > 1 THEN 'ambiguous_kelurahan'
                      WHEN bn.n IS NULL THEN 'unknown_kelurahan' END END AS place_reason,
       CASE WHEN p.is_code AND p.code IS NULL
                THEN 'Kode kelurahan harus 10 angka, mis. 17.71.01.1001 (code must have 10 digits)'
            WHEN p.is_code THEN 'Kode tidak ada di data batas wilayah (code not in the boundary data)'
            WHEN p.n_kec <> '' AND bk.n > 1 THEN 'Ada ' || bk.n || ' kelurahan bernama sama di kecamatan ini; gunakan kode'
            WHEN p.n_kec <> '' AND bk.n IS NULL AND kecs.n_kec IS NULL
                THEN 'Kecamatan ''' || p.kecamatan || ''' tidak dikenal (unknown kecamatan)'
            WHEN p.n_kec <> '' AND bk.n IS NULL AND bn.n IS NOT NULL
                THEN 'Nama ini ada di kecamatan lain: ' || bn.kecs || ' (name exists in another kecamatan)'
            WHEN p.n_kec = '' AND bn.n > 1
                THEN 'Nama ada di beberapa kecamatan (' || bn.kecs || '); isi kolom Kec atau gunakan kode'
            WHEN p.n_desa = '' AND NOT p.is_code THEN 'Kolom kelurahan/desa kosong (empty)'
       END AS place_hint
FROM p
LEFT JOIN (SELECT DISTINCT kode FROM stg_kel) kc ON kc.kode = p.code
LEFT JOIN by_kec bk ON bk.n_kec = p.n_kec AND bk.n_nama = p.n_desa
LEFT JOIN by_name bn ON bn.n_nama = p.n_desa
LEFT JOIN kecs ON kecs.n_kec = p.n_kec;
