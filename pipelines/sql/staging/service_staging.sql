-- Parse and check staged register rows (TEMP _svc_raw: one VARCHAR per register column, source_row,
-- source_file, file_index). Builds the private TEMP tables _svc_cells, _svc_parsed, _svc_problems,
-- _svc_problem (first problem per rejected row) and _svc_accepted (the rejected rows go to the quarantine
-- through quarantine_services.sql). Clear target ids live only in these TEMP tables; they are dropped afterwards.

-- One row per filled service / risk-marker cell. ya/1 -> TRUE, tidak/0 -> FALSE, anything else -> NULL.
CREATE OR REPLACE TEMP TABLE _svc_cells AS
SELECT file_index, source_row, column_key, raw_value,
       CASE lower(trim(raw_value)) WHEN 'ya' THEN TRUE WHEN '1' THEN TRUE
                                   WHEN 'tidak' THEN FALSE WHEN '0' THEN FALSE END AS flag,
       trim(raw_value) = '' AS blank
FROM (
    UNPIVOT _svc_raw
    ON COLUMNS(* EXCLUDE (target_type, target_id, kode, posyandu, period, age_months, birth_date,
                          source_row, source_file, file_index, column_count_bad))
    INTO NAME column_key VALUE raw_value
);

-- One row per register row, parsed.
CREATE OR REPLACE TEMP TABLE _svc_parsed AS
WITH base AS (
    SELECT file_index, source_file, source_row, coalesce(column_count_bad, false) AS column_count_bad,
           target_type AS raw_type,
           trim(regexp_replace(lower(trim(target_type)), '[^a-z0-9]+', '_', 'g'), '_') AS target_type,
           -- as the e-PPGBM reader does for NIK: spaces, apostrophes (Excel text marker) and backticks dropped,
           -- so a child's target_id equals its measurements.child_id under the same key
           nullif(regexp_replace(target_id, '[\s''`]', '', 'g'), '') AS clear_id,
           nullif(trim(kode), '') AS kode,
           nullif(trim(posyandu), '') AS posyandu,
           period AS raw_period,
           regexp_extract(trim(period), '^(\d{4})[-/](\d{1,2})([-/]\d{1,2}([ T].*)?)?$', 1) AS period_year,
           regexp_extract(trim(period), '^(\d{4})[-/](\d{1,2})([-/]\d{1,2}([ T].*)?)?$', 2) AS period_month,
           age_months AS raw_age,
           try_cast(replace(trim(age_months), ',', '.') AS DOUBLE) AS age_number,
           birth_date AS raw_birth,
           coalesce(
               try_strptime(trim(birth_date), ['%Y-%m-%d', '%d/%m/%Y', '%d-%m-%Y', '%d.%m.%Y', '%Y/%m/%d'])::DATE,
               CASE WHEN regexp_full_match(trim(birth_date), '\d{4,5}')
                    THEN DATE '1899-12-30' + CAST(trim(birth_date) AS INTEGER) END  -- Excel serial day
           ) AS birth
    FROM _svc_raw
), typed AS (
    SELECT b.*,
           CASE WHEN try_cast(period_year AS INTEGER) BETWEEN 1990 AND 2100
                 AND try_cast(period_month AS INTEGER) BETWEEN 1 AND 12
                THEN printf('%04d-%02d', period_year::INTEGER, period_month::INTEGER) END AS period,
           t.target_type IS NOT NULL AS type_known,
           t.age_from, t.age_to,
           b.kode IN (SELECT kode FROM kelurahan) AS kode_known
    FROM base b LEFT JOIN service_target_types t ON t.target_type = b.target_type
)
SELECT *,
       -- age in whole completed months on the last day of the period month; a month is complete on the same
       -- day of a later month, or on its last day when that month is shorter (born 31 January: 1 month on
       -- 29 February; born 29 February 2024: 12 months on 28 February 2025). A birth after the end of the
       -- period month is no target yet (birth_after_period below; date_sub would round it to 0).
       CASE WHEN age_from IS NULL THEN NULL                      -- target type without age (ibu hamil)
            WHEN age_number IS NOT NULL THEN floor(age_number)::INTEGER
            WHEN birth IS NOT NULL AND period IS NOT NULL AND birth <= period_end
                THEN date_sub('month', birth, period_end)::INTEGER
       END AS age_months,
       age_from IS NOT NULL AND birth > period_end AS birth_after_period,
       CASE WHEN clear_id IS NOT NULL THEN {target_hash} END AS target_id
FROM (SELECT *, last_day(strptime(period || '-01', '%Y-%m-%d')::DATE) AS period_end FROM typed);

-- Every problem of every row, with its priority (the first one is reported).
CREATE OR REPLACE TEMP TABLE _svc_problems AS
SELECT file_index, source_row, 0 AS priority, 0 AS sub, NULL::VARCHAR AS column_key, NULL::VARCHAR AS value,
       'column_count' AS reason_code, $column_count_hint AS hint   -- a shifted row: none of its cells is kept
FROM _svc_parsed WHERE column_count_bad
UNION ALL
SELECT file_index, source_row, 1 AS priority, 0 AS sub, 'target_type' AS column_key, raw_type AS value,
       CASE WHEN nullif(trim(raw_type), '') IS NULL THEN 'missing_value' ELSE 'unknown_target_type' END AS reason_code,
       $type_hint AS hint
FROM _svc_parsed WHERE NOT type_known
UNION ALL
SELECT file_index, source_row, 2, 0, 'target_id', NULL, 'missing_value', $id_hint
FROM _svc_parsed WHERE clear_id IS NULL
UNION ALL
SELECT file_index, source_row, 3, 0, 'period', raw_period, 'invalid_period', $period_hint
FROM _svc_parsed WHERE period IS NULL
UNION ALL
SELECT file_index, source_row, 4, 0, 'kode', kode,
       CASE WHEN kode IS NULL THEN 'missing_value' ELSE 'unknown_kelurahan' END, $kode_hint
FROM _svc_parsed WHERE NOT coalesce(kode_known, FALSE)
UNION ALL
SELECT file_index, source_row, 5, 0,
       CASE WHEN raw_age IS NULL AND raw_birth IS NOT NULL THEN 'birth_date' ELSE 'age_months' END,
       coalesce(raw_age, raw_birth),
       CASE WHEN raw_age IS NOT NULL AND age_number IS NULL THEN 'invalid_number'
            WHEN raw_age IS NULL AND raw_birth IS NOT NULL AND birth IS NULL THEN 'unparseable_date'
            WHEN raw_age IS NULL AND raw_birth IS NULL THEN 'missing_value'
            ELSE 'age_out_of_range' END,
       'Umur ' || coalesce(age_months::VARCHAR || ' bulan', 'tidak diketahui') || '; ' || target_type
           || ' harus berumur ' || age_from || '-' || age_to || ' bulan (isi Usia (bulan) atau Tgl Lahir)'
FROM _svc_parsed
WHERE type_known AND age_from IS NOT NULL AND period IS NOT NULL AND NOT coalesce(birth_after_period, false)
  AND (age_months IS NULL OR age_months NOT BETWEEN age_from AND age_to)
UNION ALL
SELECT file_index, source_row, 5, 0, 'birth_date', raw_birth, 'birth_after_period',
       'Lahir ' || strftime(birth, '%d/%m/%Y') || ', sesudah akhir periode ' || period || ' ('
           || strftime(period_end, '%d/%m/%Y') || '): belum menjadi sasaran pada periode ini'
FROM _svc_parsed
WHERE type_known AND birth_after_period
UNION ALL
SELECT p.file_index, p.source_row, 6, k.ordinal, c.column_key, c.raw_value, 'invalid_service_value', $value_hint
FROM _svc_parsed p
JOIN _svc_checked_df k ON k.target_type = p.target_type
JOIN _svc_cells c ON c.file_index = p.file_index AND c.source_row = p.source_row AND c.column_key = k.column_key
WHERE c.flag IS NULL AND NOT c.blank;

-- Second and later rows of the same target (type + keyed id) and period among otherwise valid rows.
INSERT INTO _svc_problems
SELECT file_index, source_row, 7, 0, 'target_id', NULL, 'duplicate',
       'Sasaran dan periode yang sama sudah ada di ' || first_file || ' baris ' || first_row
           || '; baris pertama yang dipakai'
FROM (
    SELECT p.file_index, p.source_row,
           row_number() OVER w AS n,
           first_value(p.source_file) OVER w AS first_file,
           first_value(p.source_row) OVER w AS first_row
    FROM _svc_parsed p ANTI JOIN _svc_problems q USING (file_index, source_row)
    WINDOW w AS (PARTITION BY p.target_type, p.target_id, p.period ORDER BY p.file_index, p.source_row)
)
WHERE n > 1;

CREATE OR REPLACE TEMP TABLE _svc_problem AS
SELECT file_index, source_row,
       arg_min(column_key, (priority, sub)) AS column_key,
       arg_min(value, (priority, sub)) AS value,
       arg_min(reason_code, (priority, sub)) AS reason_code,
       arg_min(hint, (priority, sub)) AS hint
FROM _svc_problems
GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE _svc_accepted AS
SELECT p.* FROM _svc_parsed p ANTI JOIN _svc_problem q USING (file_index, source_row);
