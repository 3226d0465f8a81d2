-- The sasaran table: target children 0-59 months per kelurahan (Kemendagri code) and year.
CREATE OR REPLACE TABLE sasaran AS
SELECT kode, year_num::INTEGER AS year, target_num::INTEGER AS target_children
FROM stg_sasaran WHERE fail IS NULL ORDER BY source_row;
