-- _svc_places (TEMP view): each kelurahan with the areas it rolls up to, as the growth indicators do:
-- kelurahan.kecamatan_kode / kabupaten_kode when the table has them, else the first 8 / 5 characters of
-- the Kemendagri code ({kecamatan} and {kabupaten} are one of these two fixed expressions).
CREATE OR REPLACE TEMP VIEW _svc_places AS
SELECT DISTINCT kode, 'kelurahan' AS level, kode AS area FROM kelurahan
UNION ALL
SELECT DISTINCT kode, 'kecamatan', {kecamatan} FROM kelurahan WHERE {kecamatan} IS NOT NULL
UNION ALL
SELECT DISTINCT kode, 'kabupaten', {kabupaten} FROM kelurahan WHERE {kabupaten} IS NOT NULL;
