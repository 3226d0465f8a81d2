-- quarantine_sasaran (TEMP): the refused sasaran rows (kind 'sasaran'), in the quarantine's columns plus
-- file_idx; quarantine.sql writes them into `quarantine`. Input: TEMP stg_sasaran, stg_headers, stg_reasons.
CREATE OR REPLACE TEMP TABLE quarantine_sasaran AS
SELECT 0 AS file_idx, 'sasaran' AS kind, s.source_file, s.source_row::INTEGER AS source_row,
       coalesce(h.header, s.fail.col) AS column_name,
       left(CASE s.fail.col WHEN 'kode' THEN s.place_raw WHEN 'desa' THEN s.place_raw
                            WHEN 'year' THEN s.year_raw WHEN 'target_children' THEN s.target_raw
                            WHEN 'target_0_5' THEN s.t05_raw WHEN 'target_6_11' THEN s.t611_raw
                            WHEN 'target_12_23' THEN s.t1223_raw WHEN 'target_24_59' THEN s.t2459_raw END, 200) AS value,
       s.fail.code AS reason_code, r.reason, s.fail.hint AS hint
FROM stg_sasaran s
LEFT JOIN stg_headers h ON h.file_idx = 0 AND h.col = s.fail.col
LEFT JOIN stg_reasons r ON r.reason_code = s.fail.code
WHERE s.fail IS NOT NULL;
