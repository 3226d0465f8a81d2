-- One lookup row per distinct (Desa/Kel, Kec, Posyandu) cell triple of the staged e-PPGBM rows: the
-- kelurahan (stg_places) and, when a posyandu register with rows is loaded ($has_posyandu), the posyandu
-- matched by normalised name (or its Kode Posyandu) within that kelurahan. Few distinct triples, so the
-- regex work is done once per place, not once per row.
-- Output: TEMP stg_m_lookup(desa, kecamatan, posyandu, kode, place_reason, place_hint, posyandu_key,
--         posyandu_id, posyandu_reason, posyandu_hint); join keys are coalesce(cell, '').
CREATE OR REPLACE TEMP TABLE stg_m_lookup AS
WITH t AS (
    SELECT DISTINCT r.desa, r.kecamatan, r.posyandu FROM stg_measurements_raw r
),
p AS (
    SELECT t.*, pl.kode, pl.place_reason, pl.place_hint, nullif(norm_place(t.posyandu), '') AS posyandu_key
    FROM t LEFT JOIN stg_places pl
      ON coalesce(pl.desa, '') = coalesce(t.desa, '') AND coalesce(pl.kecamatan, '') = coalesce(t.kecamatan, '')
),
m AS (
    SELECT p.desa, p.kecamatan, p.posyandu, count(DISTINCT r.posyandu_id) AS n, min(r.posyandu_id) AS posyandu_id
    FROM p LEFT JOIN stg_posyandu_ref r
      ON r.kode = p.kode AND (r.n_nama = p.posyandu_key OR r.posyandu_id = p.posyandu)
    WHERE $has_posyandu AND p.kode IS NOT NULL AND p.posyandu_key IS NOT NULL
    GROUP BY ALL
)
SELECT coalesce(p.desa, '') AS desa_k, coalesce(p.kecamatan, '') AS kecamatan_k, coalesce(p.posyandu, '') AS posyandu_k,
       p.kode, p.place_reason, p.place_hint, p.posyandu_key,
       CASE WHEN m.n = 1 THEN m.posyandu_id END AS posyandu_id,
       CASE WHEN m.n <> 1 THEN 'unknown_posyandu' END AS posyandu_reason,
       CASE WHEN m.n > 1 THEN 'Ada ' || m.n || ' posyandu bernama sama di kelurahan ini (duplicate names in register)'
            WHEN m.n = 0 THEN 'Tidak ada di daftar posyandu kelurahan ini (not in the posyandu register for this kelurahan)'
       END AS posyandu_hint
FROM p LEFT JOIN m
  ON coalesce(m.desa, '') = coalesce(p.desa, '') AND coalesce(m.kecamatan, '') = coalesce(p.kecamatan, '')
 AND coalesce(m.posyandu, '') = coalesce(p.posyandu, '');
