-- zscore_file: the query the `peta-stunting zscore` command writes to its output (pipelines.growth.zscore_file
-- COPYs it, streamed: no join, no sort, so the records keep the file's order). Reads the view zscore_parsed
-- (zscore_parsed.sql). Fill: {strict} (true: WHO anthro's rules, false: the build's).
-- Gives the file's cells, age_days, haz, waz, whz, baz, flag_* (who_zscores, zscores.sql) and problem: why
-- the row could not be read, or why a readable row has no z-score at all (NULL otherwise).
-- (A query, not a view or macro: DuckDB binds a view or macro when it is created and again in the query that
-- reads it, ~0.015 s each time.)
SELECT * EXCLUDE (problem, sex, birth_date, measure_date, weight_kg, height_cm, measured,
                  age_days, haz, waz, whz, baz, flag_haz, flag_waz, flag_whz, flag_baz),
    age_days, haz, waz, whz, baz, flag_haz, flag_waz, flag_whz, flag_baz,
    coalesce(problem,
        CASE WHEN age_days < 0 THEN 'measure_date is before birth_date'
             WHEN age_days > 1826 THEN 'age over 1826 days (60 months): no z-scores'
             WHEN haz IS NULL AND waz IS NULL AND whz IS NULL AND baz IS NULL
             THEN 'not enough data for any z-score' END) AS problem
FROM who_zscores('zscore_parsed', strict := {strict})
