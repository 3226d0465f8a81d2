-- quarantine: the rows an import refused, one record per refused row; this file is its only writer.
-- Each loader stages its kind's records in a TEMP table named after the file that writes it
-- (quarantine_measurements, quarantine_posyandu, quarantine_sasaran, quarantine_services: the quarantine's
-- columns plus file_idx for the order); pipelines.inputs.quarantine runs this file with that table filled in
-- below and $kind: the kind's earlier records are replaced (a re-run gives the same table), the other kinds' stay.
CREATE TABLE IF NOT EXISTS quarantine (
    kind VARCHAR,          -- measurement / posyandu / sasaran / service
    source_file VARCHAR,
    source_row INTEGER,    -- spreadsheet row number (header = row 1)
    column_name VARCHAR,   -- the column as written in the file
    value VARCHAR,         -- the offending value (never a name, NIK or address)
    reason_code VARCHAR,   -- English code, pipelines/reasons.py
    reason VARCHAR,        -- Indonesian message
    hint VARCHAR           -- how to fix it, Indonesian (English)
);
DELETE FROM quarantine WHERE kind = $kind;
INSERT INTO quarantine
SELECT kind, source_file, source_row, column_name, value, reason_code, reason, hint
FROM {staged}
ORDER BY file_idx, source_row;
