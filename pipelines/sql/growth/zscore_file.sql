-- zscore_file: the query the `peta-stunting zscore` command writes to its output (pipelines.growth.zscore_file
-- COPYs it, streamed: nothing is materialised, no hash join, no sort, so the records keep the file's order).
-- One query, not views or macros: DuckDB binds a view or macro when it is created and again in the query
-- that reads it.
-- Fill: {input} (zscore_input: the file's cells c0, c1, ... (text for CSV, the file's own types for Parquet),
-- fields (cells in the record), and the six input columns as text: sex_txt, birth_txt, measure_txt,
-- weight_txt, height_txt, measured_txt), {n_columns} (cells of the header), {extra_fields} (cells read
-- beyond them), {strict} (true: WHO anthro's rules, false: the build's).
--
-- zscore_parsed: the typed inputs, and `problem` saying why a row cannot be read (its inputs are then NULL,
-- so it gets no z-score).
-- sex: 1/2, L/P (laki-laki/perempuan), M/F (any case); dates ISO (YYYY-MM-DD) or DD/MM/YYYY (day first,
-- as Indonesian exports write them; D/M also); weight_kg, height_cm numbers (a decimal comma is accepted
-- in any file); measured: L, H or empty.
WITH zscore_input AS (
    {input}
),
-- A cell is read as it is first (nearly all are clean); only a cell that does not read so is trimmed (and
-- upper-cased, or its decimal comma replaced) and read again: the same values as trimming every cell.
p AS (
    SELECT *,
        CASE sex_txt WHEN '1' THEN 1 WHEN '2' THEN 2 WHEN 'L' THEN 1 WHEN 'P' THEN 2 WHEN 'M' THEN 1 WHEN 'F' THEN 2
             ELSE CASE upper(trim(sex_txt)) WHEN '1' THEN 1 WHEN 'L' THEN 1 WHEN 'M' THEN 1
                                            WHEN '2' THEN 2 WHEN 'P' THEN 2 WHEN 'F' THEN 2 END END AS sex_v,
        zscore_file_date(birth_txt) AS birth_v,
        zscore_file_date(measure_txt) AS measure_v,
        coalesce(TRY_CAST(weight_txt AS DOUBLE), TRY_CAST(replace(trim(weight_txt), ',', '.') AS DOUBLE)) AS weight_v,
        coalesce(TRY_CAST(height_txt AS DOUBLE), TRY_CAST(replace(trim(height_txt), ',', '.') AS DOUBLE)) AS height_v,
        CASE measured_txt WHEN 'L' THEN 'L' WHEN 'H' THEN 'H' ELSE nullif(upper(trim(measured_txt)), '') END AS measured_s
    FROM zscore_input
), q AS (
    SELECT *,
        -- nearly every row is readable: those skip the message (the test below is only a short cut, the
        -- message decides: a row it passes has an empty message)
        CASE WHEN fields = {n_columns} AND sex_v IS NOT NULL
                  AND (birth_v IS NOT NULL OR coalesce(trim(birth_txt), '') = '')
                  AND (measure_v IS NOT NULL OR coalesce(trim(measure_txt), '') = '')
                  AND coalesce(isfinite(weight_v), coalesce(trim(weight_txt), '') = '')
                  AND coalesce(isfinite(height_v), coalesce(trim(height_txt), '') = '')
                  AND (measured_s IS NULL OR measured_s IN ('L', 'H'))
             THEN '' ELSE concat_ws('; ',
            CASE WHEN fields <> {n_columns} THEN
                CASE WHEN fields >= {n_columns} + {extra_fields}
                     THEN printf('row has %d or more fields, the header %d', fields, {n_columns})
                     ELSE printf('row has %d fields, the header %d', fields, {n_columns}) END END,
            CASE WHEN sex_v IS NULL THEN 'sex must be 1/2, L/P or M/F' END,
            CASE WHEN birth_v IS NULL THEN
                 CASE WHEN trim(birth_txt) <> '' THEN 'birth_date is not a date (YYYY-MM-DD or DD/MM/YYYY)' END END,
            CASE WHEN measure_v IS NULL THEN
                 CASE WHEN trim(measure_txt) <> '' THEN 'measure_date is not a date (YYYY-MM-DD or DD/MM/YYYY)' END END,
            CASE WHEN weight_v IS NULL THEN CASE WHEN trim(weight_txt) <> '' THEN 'weight_kg is not a number' END
                 WHEN isnan(weight_v) OR isinf(weight_v) THEN 'weight_kg is not a number' END,
            CASE WHEN height_v IS NULL THEN CASE WHEN trim(height_txt) <> '' THEN 'height_cm is not a number' END
                 WHEN isnan(height_v) OR isinf(height_v) THEN 'height_cm is not a number' END,
            CASE WHEN measured_s IS NOT NULL AND measured_s NOT IN ('L', 'H') THEN 'measured must be L, H or empty' END
        ) END AS problem0
    FROM p
), zscore_parsed AS (
    SELECT * EXCLUDE (sex_txt, birth_txt, measure_txt, weight_txt, height_txt, measured_txt, fields,
                      sex_v, measured_s, birth_v, measure_v, weight_v, height_v, problem0),
        nullif(problem0, '') AS problem,
        CASE WHEN problem0 = '' THEN sex_v END::TINYINT AS sex,
        CASE WHEN problem0 = '' THEN birth_v END AS birth_date,
        CASE WHEN problem0 = '' THEN measure_v END AS measure_date,
        CASE WHEN problem0 = '' THEN weight_v END AS weight_kg,
        CASE WHEN problem0 = '' THEN height_v END AS height_cm,
        CASE WHEN problem0 = '' THEN measured_s END AS measured
    FROM q
)
-- the cells, age_days, haz, waz, whz, baz, flag_* (who_zscores, zscores.sql) and problem: why the row could
-- not be read, or why a readable row has no z-score at all (NULL otherwise)
SELECT * EXCLUDE (problem, sex, birth_date, measure_date, weight_kg, height_cm, measured,
                  age_days, haz, waz, whz, baz, flag_haz, flag_waz, flag_whz, flag_baz),
    age_days, haz, waz, whz, baz, flag_haz, flag_waz, flag_whz, flag_baz,
    coalesce(problem,
        CASE WHEN age_days < 0 THEN 'measure_date is before birth_date'
             WHEN age_days > 1826 THEN 'age over 1826 days (60 months): no z-scores'
             WHEN haz IS NULL AND waz IS NULL AND whz IS NULL AND baz IS NULL
             THEN 'not enough data for any z-score' END) AS problem
FROM who_zscores('zscore_parsed', strict := {strict})
