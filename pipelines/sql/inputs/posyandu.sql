-- The posyandu table from a validated register (TEMP stg_posyandu). Coordinates that are unreadable or
-- outside Indonesia are kept as NULL (the posyandu stays; an import note says why).
CREATE OR REPLACE TABLE posyandu AS
SELECT posyandu_id::VARCHAR AS posyandu_id, nama, kode,
       CASE WHEN coord_note IS NULL THEN lon_num END::DOUBLE AS lon,
       CASE WHEN coord_note IS NULL THEN lat_num END::DOUBLE AS lat,
       puskesmas
FROM stg_posyandu WHERE fail IS NULL ORDER BY source_row;
