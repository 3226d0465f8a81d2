-- The measurements table: accepted e-PPGBM rows (no names, no NIK: child_id is a keyed hash), born with their
-- WHO z-scores (age_days, haz, waz, whz, baz, flag_*: the macro who_zscores, zscores.sql), so the table is
-- written once (at province scale a separate pass rewrote 25 M rows).
-- Input: TEMP stg_measurements (stage_measurements.sql), TEMP stg_m_files(file_idx, source_file); the
-- z-score macros and lookup tables (pipelines.who_growth.prepare).
-- measurement_id = (file index + 1) * 10^10 + spreadsheet row: unique, stable for the same inputs, no sort needed.
-- period ('YYYY-MM'): written here with the row (macro round_period, macros.sql; $round_month from the settings'
-- rounds), so no later step rewrites the table.
CREATE OR REPLACE TEMP VIEW stg_m_accepted AS
SELECT
    ((file_idx + 1)::BIGINT * 10000000000 + source_row)::BIGINT AS measurement_id,
    child_id,
    sex::TINYINT AS sex,
    birth_date,
    measure_date,
    weight_kg::DOUBLE AS weight_kg,
    height_cm::DOUBLE AS height_cm,
    measured,
    kode,
    posyandu_id::VARCHAR AS posyandu_id,
    f.source_file,
    source_row::INTEGER AS source_row,
    export_haz::DOUBLE AS export_haz,
    export_waz::DOUBLE AS export_waz,
    export_whz::DOUBLE AS export_whz
FROM stg_measurements m
JOIN stg_m_files f USING (file_idx)
WHERE m.fail IS NULL;

CREATE OR REPLACE TABLE measurements AS
SELECT *, round_period(measure_date, $round_month) AS period FROM who_zscores('stg_m_accepted');
