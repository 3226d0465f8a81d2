-- The sasaran table: target children 0-59 months per kelurahan (Kemendagri code) and year.
CREATE OR REPLACE TABLE sasaran AS
-- target_0_5 ... target_24_59: optional age bands (months) of the same children, NULL when not given.
SELECT kode, year_num::INTEGER AS year, target_num::INTEGER AS target_children,
       t05_num::INTEGER AS target_0_5, t611_num::INTEGER AS target_6_11,
       t1223_num::INTEGER AS target_12_23, t2459_num::INTEGER AS target_24_59
FROM stg_sasaran WHERE fail IS NULL ORDER BY source_row;
