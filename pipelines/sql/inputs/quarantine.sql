-- The quarantine table (rows refused by an import) and import_notes (data-quality notes on kept rows).
-- Created when absent; each loader first removes its own earlier records so a re-run replaces them.
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
CREATE TABLE IF NOT EXISTS import_notes (
    source_file VARCHAR,
    source_row INTEGER,
    note_code VARCHAR,
    detail VARCHAR
);
