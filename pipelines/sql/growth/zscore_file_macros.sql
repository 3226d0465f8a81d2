-- zscore_file_macros: scalar helpers of the `peta-stunting zscore` command (zscore_file.sql and the COPY
-- that pipelines.growth.zscore_file writes).
--
-- zscore_file_date(s): the DATE written as YYYY-MM-DD (ISO) or DD/MM/YYYY (day first; D/M/YYYY too), blanks
-- around it ignored; NULL when s is neither or no such day exists (2021-02-30). The patterns are checked
-- first: strptime alone would take '1/2/19' as the year 19 (and a failing cast costs more than the check).
-- Two short cuts take nearly every cell: an ISO date without blanks (one GLOB, one cast) and a DD/MM/YYYY
-- date that strftime writes back exactly as it is (then it has no blanks, two-digit day and month and a
-- four-digit year, so the full rule, zscore_file_date_trimmed, gives the same day); any other cell is
-- trimmed and takes the full rule.
CREATE OR REPLACE MACRO zscore_file_iso(s) AS s GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]';
CREATE OR REPLACE MACRO zscore_file_date_trimmed(t) AS
    CASE WHEN zscore_file_iso(t) THEN TRY_CAST(t AS DATE)
         WHEN regexp_full_match(t, '\d{1,2}/\d{1,2}/\d{4}') THEN try_strptime(t, '%d/%m/%Y')::DATE END;
CREATE OR REPLACE MACRO zscore_file_date(s) AS
    CASE WHEN zscore_file_iso(s) THEN TRY_CAST(s AS DATE)
         WHEN strlen(s) = 10 AND strftime(try_strptime(s, '%d/%m/%Y'), '%d/%m/%Y') = s
         THEN try_strptime(s, '%d/%m/%Y')::DATE
         ELSE zscore_file_date_trimmed(trim(s)) END;

-- zscore_file_z(z): a z-score (already rounded to 2 decimals) as text with exactly 2 decimals, as Python's
-- f"{z:.2f}" writes it; +/-Inf as R writes them (WHO anthro gives BAZ = Inf for a length of 0, see
-- zscores.sql); NULL stays NULL. The DECIMAL cast is exact for values rounded to 2 decimals and much
-- faster than printf, which only takes what the cast cannot (beyond DECIMAL(18,2), Inf, NaN, NULL).
CREATE OR REPLACE MACRO zscore_file_z(z) AS
    coalesce(TRY_CAST(TRY_CAST(z AS DECIMAL(18, 2)) AS VARCHAR),
             CASE WHEN isinf(z) THEN CASE WHEN z > 0 THEN 'Inf' ELSE '-Inf' END ELSE printf('%.2f', z) END);
