-- measured_children: the one rule for "a child measured in a period", written once per build right after
-- `measurements` (pipelines.growth.measured) and kept in the database. Read by the growth indicators
-- (growth_children.sql), the data-quality checks (quality_rows.sql), Dua Angka (reconcile_children.sql) and,
-- from the served database, the posyandu counts (pipelines.readmodel.posyandu_shares, the map's posyandu layer).
--   Which rows count: measurements with a child_id, a period and a kode known in `kelurahan` (accepted rows
--   always have them; the import also keeps ages within 0..1826 days).
--   One measurement per child and period: its latest (macro latest_key, macros.sql: the latest measure_date,
--   on the same date the row read last).
-- One row per measurement chosen for at least one purpose (measurement_id; its child_id and period are on
-- `measurements`: kept narrow, ids and flags only):
--   latest:      the child's latest measurement of the period (any kind): where the child was measured;
--   latest_<z>:  the child's latest measurement of the period with a valid (non-NULL, unflagged) z for that
--                score (haz, waz, whz): the one an indicator on that score counts. Often the same row as latest.
CREATE OR REPLACE TABLE measured_children AS
WITH m AS (
    SELECT m.measurement_id, m.child_id, m.period, latest_key(m.measure_date, m.measurement_id) AS k,
        m.haz IS NOT NULL AND NOT m.flag_haz AS valid_haz,
        m.waz IS NOT NULL AND NOT m.flag_waz AS valid_waz,
        m.whz IS NOT NULL AND NOT m.flag_whz AS valid_whz
    FROM measurements m SEMI JOIN kelurahan k ON k.kode = m.kode
    WHERE m.child_id IS NOT NULL AND m.period IS NOT NULL
), chosen AS (
    SELECT child_id, period,
        arg_max(measurement_id, k) AS id_latest,
        arg_max(measurement_id, k) FILTER (WHERE valid_haz) AS id_haz,
        arg_max(measurement_id, k) FILTER (WHERE valid_waz) AS id_waz,
        arg_max(measurement_id, k) FILTER (WHERE valid_whz) AS id_whz
    FROM m GROUP BY child_id, period
)
SELECT measurement_id,
    measurement_id = id_latest AS latest,
    coalesce(measurement_id = id_haz, false) AS latest_haz,
    coalesce(measurement_id = id_waz, false) AS latest_waz,
    coalesce(measurement_id = id_whz, false) AS latest_whz
FROM (SELECT *, unnest(list_distinct([id_latest, id_haz, id_waz, id_whz])) AS measurement_id FROM chosen);
