-- growth_children (temporary): one row per child and period (rows without child_id, a kode known in
-- `kelurahan`, or period are left out), built for speed with integers:
--   growth_kel: kelurahan kode -> ki (1..n).
--   ki_any: kelurahan of the child's latest measurement of the period (any kind; for coverage);
--   p_haz, p_waz, p_whz: the child's latest measurement of the period with a valid (non-NULL, unflagged)
--   z for that score, packed as ki * 8192 + 4096 + z*100 (z has 2 decimals and |z| <= 6 when unflagged);
--   NULL when the child has no valid z of that score in the period.
-- "Latest" = the latest measure_date; on the same date the row read last (highest measurement_id: file, row).
CREATE OR REPLACE TEMP TABLE growth_kel AS
SELECT kode, kecamatan_kode, kabupaten_kode, (row_number() OVER (ORDER BY kode))::BIGINT AS ki
FROM kelurahan;

CREATE OR REPLACE TEMP TABLE growth_children AS
WITH m AS (
    SELECT m.child_id, m.period, k.ki,
        CASE WHEN m.haz IS NOT NULL AND NOT m.flag_haz THEN k.ki * 8192 + 4096 + (m.haz * 100)::BIGINT END AS ph,
        CASE WHEN m.waz IS NOT NULL AND NOT m.flag_waz THEN k.ki * 8192 + 4096 + (m.waz * 100)::BIGINT END AS pw,
        CASE WHEN m.whz IS NOT NULL AND NOT m.flag_whz THEN k.ki * 8192 + 4096 + (m.whz * 100)::BIGINT END AS pf,
        (m.measure_date - DATE '1970-01-01')::HUGEINT * 18446744073709551616 + m.measurement_id AS latest_key
    FROM measurements m JOIN growth_kel k ON k.kode = m.kode
    WHERE m.child_id IS NOT NULL AND m.period IS NOT NULL
)
SELECT period, child_id,
    arg_max(ki, latest_key) AS ki_any,
    arg_max(ph, latest_key) FILTER (WHERE ph IS NOT NULL) AS p_haz,
    arg_max(pw, latest_key) FILTER (WHERE pw IS NOT NULL) AS p_waz,
    arg_max(pf, latest_key) FILTER (WHERE pf IS NOT NULL) AS p_whz
FROM m
GROUP BY period, child_id;
