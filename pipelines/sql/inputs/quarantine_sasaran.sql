-- Refused sasaran rows (kind 'sasaran').
DELETE FROM quarantine WHERE kind = 'sasaran';
INSERT INTO quarantine
SELECT 'sasaran', s.source_file, s.source_row::INTEGER, coalesce(h.header, s.fail.col),
       left(CASE s.fail.col WHEN 'kode' THEN s.place_raw WHEN 'desa' THEN s.place_raw
                            WHEN 'year' THEN s.year_raw WHEN 'target_children' THEN s.target_raw
                            WHEN 'target_0_5' THEN s.t05_raw WHEN 'target_6_11' THEN s.t611_raw
                            WHEN 'target_12_23' THEN s.t1223_raw WHEN 'target_24_59' THEN s.t2459_raw END, 200),
       s.fail.code, r.reason, s.fail.hint
FROM stg_sasaran s
LEFT JOIN stg_headers h ON h.file_idx = 0 AND h.col = s.fail.col
LEFT JOIN stg_reasons r ON r.reason_code = s.fail.code
WHERE s.fail IS NOT NULL ORDER BY s.source_row;
