-- reconcile_children (temporary): one row per child and span, for the dua-angka tables.
--   span 'period': the child's measurements of one period (period = 'YYYY-MM');
--   span 'year':   the child's measurements of one calendar year of the period (period = 'YYYY'),
--                  so a survey year can be compared with every round of that year, each child once.
-- The measurements are those measured_children.sql chooses (the one rule for a child measured in a period:
-- which rows count, its latest of the period, its latest with a valid HAZ); a year's latest is the latest
-- (macro latest_key) of its periods' (the periods of a year partition it).
-- kode, sex, age_days (days), measure_date: of the child's latest measurement of the span (any kind);
-- haz: the child's latest valid (non-NULL, unflagged) HAZ of the span, NULL when none;
-- haz_age_days: age (days) at that measurement. Ages are within 0..1826 days (the import's limit).
CREATE OR REPLACE TEMP TABLE reconcile_children AS
WITH m AS (
    SELECT m.child_id, m.period, c.latest, m.kode, m.sex, m.age_days, m.measure_date,
        CASE WHEN c.latest_haz THEN m.haz END AS vhaz,
        latest_key(m.measure_date, m.measurement_id) AS latest_key
    FROM measured_children c JOIN measurements m USING (measurement_id)
), spans AS (
    SELECT 'period' AS span, period AS span_period, * EXCLUDE (period) FROM m
    UNION ALL
    SELECT 'year', left(period, 4), * EXCLUDE (period) FROM m
)
SELECT span, span_period AS period, child_id,
    arg_max(kode, latest_key) FILTER (WHERE latest) AS kode,
    arg_max(sex, latest_key) FILTER (WHERE latest) AS sex,
    arg_max(age_days, latest_key) FILTER (WHERE latest) AS age_days,
    arg_max(measure_date, latest_key) FILTER (WHERE latest) AS measure_date,
    arg_max(vhaz, latest_key) FILTER (WHERE vhaz IS NOT NULL) AS haz,
    arg_max(age_days, latest_key) FILTER (WHERE vhaz IS NOT NULL) AS haz_age_days
FROM spans
GROUP BY span, span_period, child_id;
