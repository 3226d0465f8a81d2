-- zscore_file: parse the text columns of zscore_input (one row per CSV data row: row_no, the six input
-- columns as text, fields = number of fields read) into zscore_parsed, with `problem` saying why a row
-- cannot be read (its z-scores are then left empty).
-- sex: 1/2, L/P (laki-laki/perempuan), M/F (any case); dates ISO (YYYY-MM-DD); weight_kg, height_cm
-- numbers (a decimal comma is accepted); measured: L, H or empty.
CREATE OR REPLACE TEMP TABLE zscore_parsed AS
WITH t AS (
    SELECT *,
        CASE upper(trim(coalesce(sex_txt, '')))
            WHEN '1' THEN 1 WHEN 'L' THEN 1 WHEN 'M' THEN 1
            WHEN '2' THEN 2 WHEN 'P' THEN 2 WHEN 'F' THEN 2 END AS sex_v,
        nullif(trim(coalesce(birth_txt, '')), '') AS birth_s,
        nullif(trim(coalesce(measure_txt, '')), '') AS measure_s,
        replace(nullif(trim(coalesce(weight_txt, '')), ''), ',', '.') AS weight_s,
        replace(nullif(trim(coalesce(height_txt, '')), ''), ',', '.') AS height_s,
        nullif(upper(trim(coalesce(measured_txt, ''))), '') AS measured_s
    FROM zscore_input
), p AS (
    SELECT *,
        TRY_CAST(birth_s AS DATE) AS birth_v, TRY_CAST(measure_s AS DATE) AS measure_v,
        TRY_CAST(weight_s AS DOUBLE) AS weight_v, TRY_CAST(height_s AS DOUBLE) AS height_v
    FROM t
), q AS (
    SELECT *,
        concat_ws('; ',
            CASE WHEN fields <> $n_columns THEN printf('row has %d fields, the header %d', fields, $n_columns) END,
            CASE WHEN sex_v IS NULL THEN 'sex must be 1/2, L/P or M/F' END,
            CASE WHEN birth_s IS NOT NULL AND (birth_v IS NULL OR NOT regexp_full_match(birth_s, '\d{4}-\d{2}-\d{2}'))
                 THEN 'birth_date is not an ISO date (YYYY-MM-DD)' END,
            CASE WHEN measure_s IS NOT NULL AND (measure_v IS NULL OR NOT regexp_full_match(measure_s, '\d{4}-\d{2}-\d{2}'))
                 THEN 'measure_date is not an ISO date (YYYY-MM-DD)' END,
            CASE WHEN weight_s IS NOT NULL AND (weight_v IS NULL OR isnan(weight_v) OR isinf(weight_v))
                 THEN 'weight_kg is not a number' END,
            CASE WHEN height_s IS NOT NULL AND (height_v IS NULL OR isnan(height_v) OR isinf(height_v))
                 THEN 'height_cm is not a number' END,
            CASE WHEN measured_s IS NOT NULL AND measured_s NOT IN ('L', 'H') THEN 'measured must be L, H or empty' END
        ) AS problem0
    FROM p
)
SELECT row_no, nullif(problem0, '') AS problem,
    CASE WHEN problem0 = '' THEN sex_v END::TINYINT AS sex,
    CASE WHEN problem0 = '' THEN birth_v END AS birth_date,
    CASE WHEN problem0 = '' THEN measure_v END AS measure_date,
    CASE WHEN problem0 = '' THEN weight_v END AS weight_kg,
    CASE WHEN problem0 = '' THEN height_v END AS height_cm,
    CASE WHEN problem0 = '' THEN measured_s END AS measured
FROM q
ORDER BY row_no;
