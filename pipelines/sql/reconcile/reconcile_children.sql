-- reconcile_children (temporary): one row per child and span, for the dua-angka tables.
--   span 'period': the child's measurements of one period (period = 'YYYY-MM');
--   span 'year':   the child's measurements of one calendar year of the period (period = 'YYYY'),
--                  so a survey year can be compared with every round of that year, each child once.
-- kode, sex, age_days (days), measure_date: of the child's latest measurement of the span (any kind);
-- haz: the child's latest valid (non-NULL, unflagged) HAZ of the span, NULL when none;
-- haz_age_days: age (days) at that measurement. Rows without child_id, known kode or period, or with an age
-- outside 0..1826 days are left out. "Latest" = latest measure_date, then highest measurement_id.
CREATE OR REPLACE TEMP TABLE reconcile_children AS
WITH m AS (
    SELECT m.child_id, m.period, m.kode, m.sex, m.age_days, m.measure_date,
        CASE WHEN m.haz IS NOT NULL AND NOT coalesce(m.flag_haz, false) THEN m.haz END AS vhaz,
        (m.measure_date - DATE '1970-01-01')::HUGEINT * 18446744073709551616 + m.measurement_id AS latest_key
    FROM measurements m JOIN kelurahan k ON k.kode = m.kode
    WHERE m.child_id IS NOT NULL AND m.period IS NOT NULL AND m.age_days BETWEEN 0 AND 1826
), spans AS (
    SELECT 'period' AS span, period AS span_period, * EXCLUDE (period) FROM m
    UNION ALL
    SELECT 'year', left(period, 4), * EXCLUDE (period) FROM m
)
SELECT span, span_period AS period, child_id,
    arg_max(kode, latest_key) AS kode,
    arg_max(sex, latest_key) AS sex,
    arg_max(age_days, latest_key) AS age_days,
    arg_max(measure_date, latest_key) AS measure_date,
    arg_max(vhaz, latest_key) FILTER (WHERE vhaz IS NOT NULL) AS haz,
    arg_max(age_days, latest_key) FILTER (WHERE vhaz IS NOT NULL) AS haz_age_days
FROM spans
GROUP BY span, span_period, child_id;
