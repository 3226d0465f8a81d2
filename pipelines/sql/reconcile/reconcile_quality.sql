-- reconcile_quality: the measurement-quality signals that bear on HAZ, per period, for the kabupaten/kota and
-- each kecamatan (level, kode). From the measurement rows of the period (WHO-UNICEF 2019 counts rows):
--   rows, children (distinct child_id);
--   mean_haz, sd_haz: mean and sample SD of the valid (unflagged) HAZ;
--   dps_height: digit preference score of the decimal digit of length/height (0.1 cm),
--               100 * sqrt(chi2 / (N * 9)), chi2 against a uniform digit (SMART; 0 = no preference);
--   height_digit0: share of lengths/heights ending in .0;
--   wrong_position: share of rows with a known position measured lying from 731 days or standing below
--               731 days (WHO: length below 24 months, height from 24 months);
--   birth_heaping: share of children whose birth date falls on the 1st or the 15th, divided by the expected
--               share 24 / 365.25 (1 = no heaping; 3 = three times as many as expected).
CREATE OR REPLACE TABLE reconcile_quality AS
WITH m AS (
    SELECT m.period, m.child_id, m.birth_date, m.measured, m.age_days, k.kecamatan_kode, k.kabupaten_kode,
        CASE WHEN m.haz IS NOT NULL AND NOT coalesce(m.flag_haz, false) THEN m.haz END AS vhaz,
        CAST(round(m.height_cm * 10) AS BIGINT) % 10 AS digit
    FROM measurements m JOIN kelurahan k ON k.kode = m.kode
    WHERE m.period IS NOT NULL
), lv AS (
    SELECT 'kabupaten' AS level, kabupaten_kode AS kode, * FROM m
    UNION ALL
    SELECT 'kecamatan', kecamatan_kode, * FROM m
), digits AS (
    SELECT level, kode, period, digit, count(*) AS n FROM lv WHERE digit IS NOT NULL GROUP BY ALL
), dps AS (
    SELECT d.level, d.kode, d.period,
        100 * sqrt(sum(power(coalesce(x.n, 0) - t.total / 10.0, 2) / (t.total / 10.0)) / (t.total * 9)) AS dps_height
    FROM (SELECT level, kode, period, sum(n) AS total FROM digits GROUP BY ALL) t
    JOIN (SELECT DISTINCT level, kode, period FROM digits) d USING (level, kode, period)
    CROSS JOIN range(10) r(digit)
    LEFT JOIN digits x ON x.level = d.level AND x.kode = d.kode AND x.period = d.period AND x.digit = r.digit
    GROUP BY d.level, d.kode, d.period, t.total
), births AS (
    SELECT level, kode, period,
        avg(CASE WHEN day(birth_date) IN (1, 15) THEN 1.0 ELSE 0.0 END) / (24 / 365.25) AS birth_heaping
    FROM (SELECT DISTINCT level, kode, period, child_id, birth_date FROM lv WHERE birth_date IS NOT NULL)
    GROUP BY ALL
)
SELECT lv.level, lv.kode, lv.period,
    count(*)::BIGINT AS rows,
    count(DISTINCT lv.child_id)::BIGINT AS children,
    avg(lv.vhaz) AS mean_haz,
    stddev_samp(lv.vhaz) AS sd_haz,
    any_value(dps.dps_height) AS dps_height,
    avg(CASE WHEN lv.digit = 0 THEN 1.0 WHEN lv.digit IS NOT NULL THEN 0.0 END) AS height_digit0,
    avg(CASE WHEN lv.measured = 'L' AND lv.age_days >= 731 THEN 1.0
             WHEN lv.measured = 'H' AND lv.age_days < 731 THEN 1.0
             WHEN lv.measured IN ('L', 'H') AND lv.age_days IS NOT NULL THEN 0.0 END) AS wrong_position,
    any_value(births.birth_heaping) AS birth_heaping
FROM lv
LEFT JOIN dps USING (level, kode, period)
LEFT JOIN births USING (level, kode, period)
WHERE lv.kode IS NOT NULL
GROUP BY lv.level, lv.kode, lv.period
ORDER BY 1, 2, 3;
