-- Temporary macros used while importing files (TEMP: they never enter the database file).
-- All inputs are VARCHAR cells from a staging table (pipelines/tabular.py).

-- A date from dd/mm/yyyy (also dd-mm-yyyy, dd.mm.yyyy), ISO yyyy-mm-dd (a time part is ignored) or an
-- Excel serial day number (days since 1899-12-30, 1..73050). NULL when unreadable; date_in_bounds() then
-- keeps 1900..2100 only. The common forms go through one try_strptime; the rest only when that fails.
CREATE OR REPLACE TEMP MACRO parse_date_any(s) AS (
    coalesce(
        try_strptime(s, ['%d/%m/%Y', '%Y-%m-%d', '%d-%m-%Y', '%d.%m.%Y'])::DATE,
        CASE
            WHEN regexp_full_match(s, '\d{4}-\d{1,2}-\d{1,2}[ T].*')
                THEN try_strptime(left(s, 10), '%Y-%m-%d')::DATE
            WHEN regexp_full_match(s, '\d{1,5}(\.\d+)?') AND try_cast(s AS DOUBLE) BETWEEN 1 AND 73050
                THEN DATE '1899-12-30' + floor(try_cast(s AS DOUBLE))::INTEGER
        END)
);
CREATE OR REPLACE TEMP MACRO date_in_bounds(d) AS (
    CASE WHEN d BETWEEN DATE '1900-01-01' AND DATE '2100-12-31' THEN d END
);

-- A number from text: decimal comma or point ('12,5', '12.5'); with both, the dot is a thousands
-- separator ('1.234,5'); a trailing unit 'kg'/'cm' is dropped. NULL when not a plain decimal number
-- (so 'NaN', 'inf', '1e400', '12 1/2' are not numbers) or when |x| >= 1e9. Plain numbers take the fast path.
CREATE OR REPLACE TEMP MACRO num_text(s) AS (
    regexp_replace(
        CASE WHEN s LIKE '%,%' THEN replace(replace(trim(s), '.', ''), ',', '.') ELSE trim(s) END,
        '\s*(kg|cm|gr|g|mm)$', '', 'i')
);
CREATE OR REPLACE TEMP MACRO parse_num_slow(t) AS (
    CASE WHEN regexp_full_match(t, '[+-]?(\d+(\.\d*)?|\.\d+)') AND abs(try_cast(t AS DOUBLE)) < 1e9
         THEN try_cast(t AS DOUBLE) END
);
CREATE OR REPLACE TEMP MACRO parse_num(s) AS (
    CASE WHEN s IS NULL THEN NULL
         WHEN regexp_full_match(s, '-?\d{1,8}([.,]\d+)?') THEN replace(s, ',', '.')::DOUBLE
         ELSE parse_num_slow(num_text(s)) END
);

-- Values e-PPGBM and registers use for "not measured".
CREATE OR REPLACE TEMP MACRO is_sentinel(x) AS (x IN (0, -1, 888, 999, 8888, 9999, 88888, 99999));

-- A place name for matching: lower case, punctuation and repeated spaces removed, a leading
-- 'Kel.'/'Kelurahan'/'Desa'/'Ds.'/'Kec.'/'Kecamatan'/'Posyandu' dropped. Both sides are normalised alike.
CREATE OR REPLACE TEMP MACRO norm_place(s) AS (
    trim(regexp_replace(
        trim(regexp_replace(lower(coalesce(s, '')), '[^a-z0-9]+', ' ', 'g')),
        '^(kelurahan|kel|desa|ds|kecamatan|kec|posyandu|psy|pos) ', ''))
);

-- Kemendagri code: a cell of digits, dots and spaces only is a code; 10 digits become 'PP.KK.CC.DDDD'.
CREATE OR REPLACE TEMP MACRO looks_like_code(s) AS (regexp_full_match(trim(coalesce(s, '')), '[0-9][0-9.\s]*'));
CREATE OR REPLACE TEMP MACRO code_digits(s) AS (regexp_replace(coalesce(s, ''), '[^0-9]', '', 'g'));
CREATE OR REPLACE TEMP MACRO kemendagri_code(s) AS (
    CASE WHEN looks_like_code(s) AND length(code_digits(s)) = 10
         THEN substr(code_digits(s), 1, 2) || '.' || substr(code_digits(s), 3, 2) || '.'
              || substr(code_digits(s), 5, 2) || '.' || substr(code_digits(s), 7, 4) END
);
