-- weight_2t: the posyandu "2T" - a child's weight not increasing (T, tidak naik: weight <= the previous
-- month's) at two consecutive monthly weighings - counted per calendar month of measurement (month =
-- 'YYYY-MM', whatever the period setting), per posyandu, kelurahan/desa, kecamatan and kabupaten/kota.
--   eligible: children weighed in this month and in each of the two months before it (three consecutive
--             calendar months; the child's latest weight of each month: macro latest_key, macros.sql);
--   two_t:    of those, children with w(m-1) <= w(m-2) and w(m) <= w(m-1) (kg).
-- The KMS rule "naik" also asks for a minimum gain for age (KBM); it is not applied here: T = no gain at all.
-- Rows only where eligible > 0, i.e. where monthly data exist. Place: the posyandu and kelurahan of month m.
CREATE OR REPLACE TABLE weight_2t AS
WITH w AS (
    SELECT m.child_id, strftime(m.measure_date, '%Y-%m') AS month,
        (year(m.measure_date) * 12 + month(m.measure_date) - 1)::INTEGER AS month_no,
        arg_max(m.weight_kg, latest_key(m.measure_date, m.measurement_id)) AS weight_kg,
        arg_max(m.kode, latest_key(m.measure_date, m.measurement_id)) AS kode,
        arg_max(m.posyandu_id, latest_key(m.measure_date, m.measurement_id)) AS posyandu_id
    FROM measurements m
    WHERE m.child_id IS NOT NULL AND m.weight_kg IS NOT NULL AND m.measure_date IS NOT NULL
    GROUP BY m.child_id, month, month_no
), seq AS (
    SELECT w.*,
        lag(weight_kg, 1) OVER win AS w1, lag(month_no, 1) OVER win AS m1,
        lag(weight_kg, 2) OVER win AS w2, lag(month_no, 2) OVER win AS m2
    FROM w WINDOW win AS (PARTITION BY child_id ORDER BY month_no)
), judged AS (
    SELECT s.month, s.kode, s.posyandu_id, k.kecamatan_kode, k.kabupaten_kode,
        (s.w1 <= s.w2 AND s.weight_kg <= s.w1) AS two_t
    FROM seq s JOIN kelurahan k ON k.kode = s.kode
    WHERE s.m1 = s.month_no - 1 AND s.m2 = s.month_no - 2
)
SELECT 'posyandu' AS level, posyandu_id AS kode, month, count(*)::BIGINT AS eligible, count_if(two_t)::BIGINT AS two_t
FROM judged WHERE posyandu_id IS NOT NULL GROUP BY ALL
UNION ALL
SELECT 'kelurahan', kode, month, count(*)::BIGINT, count_if(two_t)::BIGINT FROM judged GROUP BY ALL
UNION ALL
SELECT 'kecamatan', kecamatan_kode, month, count(*)::BIGINT, count_if(two_t)::BIGINT FROM judged GROUP BY ALL
UNION ALL
SELECT 'kabupaten', kabupaten_kode, month, count(*)::BIGINT, count_if(two_t)::BIGINT FROM judged GROUP BY ALL
ORDER BY 1, 2, 3;
