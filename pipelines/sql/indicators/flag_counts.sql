-- flag_counts: implausible z-scores left out of the growth indicators, per level (kelurahan, kecamatan,
-- kabupaten), kode, period and indicator: flagged = number of measurements of the period in that place
-- whose z-score for the indicator is flagged (HAZ for stunting and severe_stunting, WAZ for underweight,
-- WHZ for wasting, severe_wasting and overweight). Only rows with flagged > 0. Measurements without a
-- kode known in `kelurahan` or without a period are not counted.
CREATE OR REPLACE TABLE flag_counts AS
WITH m AS (
    SELECT m.period, m.kode, k.kecamatan_kode, k.kabupaten_kode,
        count_if(m.flag_haz) AS f_haz, count_if(m.flag_waz) AS f_waz, count_if(m.flag_whz) AS f_whz
    FROM measurements m JOIN kelurahan k ON k.kode = m.kode
    WHERE m.period IS NOT NULL AND (m.flag_haz OR m.flag_waz OR m.flag_whz)
    GROUP BY m.period, m.kode, k.kecamatan_kode, k.kabupaten_kode
), lv AS (
    SELECT 'kelurahan' AS level, kode, period, f_haz, f_waz, f_whz FROM m
    UNION ALL
    SELECT 'kecamatan', kecamatan_kode, period, sum(f_haz), sum(f_waz), sum(f_whz)
    FROM m WHERE kecamatan_kode IS NOT NULL GROUP BY kecamatan_kode, period
    UNION ALL
    SELECT 'kabupaten', kabupaten_kode, period, sum(f_haz), sum(f_waz), sum(f_whz)
    FROM m WHERE kabupaten_kode IS NOT NULL GROUP BY kabupaten_kode, period
), u AS (
    SELECT level, kode, period, 'stunting' AS indicator, f_haz AS flagged FROM lv
    UNION ALL SELECT level, kode, period, 'severe_stunting', f_haz FROM lv
    UNION ALL SELECT level, kode, period, 'underweight', f_waz FROM lv
    UNION ALL SELECT level, kode, period, 'wasting', f_whz FROM lv
    UNION ALL SELECT level, kode, period, 'severe_wasting', f_whz FROM lv
    UNION ALL SELECT level, kode, period, 'overweight', f_whz FROM lv
)
SELECT level, kode, period, indicator, flagged::BIGINT AS flagged FROM u WHERE flagged > 0
ORDER BY level, kode, period, indicator;
