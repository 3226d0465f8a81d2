-- zscores: WHO 2006 z-scores as DuckDB macros, following WHO's R package anthro (anthro_zscores,
-- R/z-score-*.R, R/utils.R). Needs the table who_lms_lists (who_lms.sql) and the scalar macros of
-- zscore_macros.sql.
--
-- who_zscores(tbl, strict := false): every row and column of table `tbl` (a name, bind it as a parameter),
-- in its order (every step is a projection, and the LMS values come from the lists of the one-row table
-- who_lms_lists, joined to every record by a cross product, which DuckDB runs in order; no hash join), plus
--   age_days INTEGER (measure_date - birth_date, days; also outside 0..1826),
--   haz, waz, whz, baz DOUBLE (rounded to 2 decimals), flag_haz, flag_waz, flag_whz, flag_baz BOOLEAN
--   (NULL where the z is NULL).
-- Inputs: sex (1 male, 2 female), birth_date, measure_date (DATE), weight_kg (kg), height_cm (cm),
--   measured ('L' lying / 'H' standing / NULL unknown; case and blanks ignored, other values = unknown).
-- Rules, as anthro applies them:
--   * z only for age_days >= 0 and age_days / 30.4375 < 60 (0..1826 d); negative age: no z at all.
--   * standing below 9 months (age_days / 30.4375 < 9, i.e. <= 273 d): position treated as unknown.
--   * +0.7 cm when standing and age < 731 d, -0.7 cm when lying and age >= 731 d; otherwise unchanged.
--   * HAZ, WAZ, BAZ: LMS of the whole day of age; BMI = weight / (adjusted length/height in m)^2.
--   * WHZ: table 'L' below 731 d, 'H' from 731 d; age unknown: by position, else adjusted value < 87 cm
--     -> 'L'; range 45..110 ('L') / 65..120 ('H') on the adjusted value, else NULL; L, M, S interpolated
--     between the rows trunc(x*10)/10 and trunc(x*10 + 1)/10 with weight (x - low) / 0.1 (in double
--     arithmetic trunc(x*10 + 1) can be two rows up, e.g. x*10 = 1023.9999999999999; so is it here).
--   * z = ((y/M)^L - 1) / (S*L); for WAZ, WHZ, BAZ beyond +-3 the restricted rule with
--     SDk = M * (1 + L*S*k)^(1/L); z rounded like R's round(z, 2); flags on the rounded z:
--     HAZ < -6 or > 6, WAZ < -6 or > 5, WHZ < -5 or > 5, BAZ < -5 or > 5.
--   * sex other than 1/2 gives NULL.
-- Weight and length/height of 0 or below, two rule sets (`strict`, a constant):
--   strict := false (the build, e-PPGBM): weight <= 0 means "not weighed" (e-PPGBM writes 0 for it) and
--     length/height <= 0 "not measured": every z-score that uses it is NULL.
--   strict := true (the `peta-stunting zscore` command): exactly what WHO's R anthro returns. anthro sets
--     a measure <= 0 to NA only for the age-based indicators (HAZ, WAZ, BAZ: length/height, weight, BMI
--     <= 0), not for weight-for-length/height, and computes BMI = weight / (adjusted length/100)^2 from
--     any length. Hence: weight 0 with a length in range gets a WHZ (((0/M)^L - 1)/(S*L) is -Inf, the
--     restricted rule gives -3 + (0 - SD3neg)/(SD2neg - SD3neg), always flagged); a negative weight gives
--     NaN in anthro, NULL here; an adjusted length of 0 with a weight gives BMI = Inf and BAZ = +Inf
--     (flagged); a negative adjusted length gives a BMI from its square and an ordinary BAZ.
--   Both agree for every weight > 0 and adjusted length > 0.
CREATE OR REPLACE MACRO who_zscores(tbl, strict := false) AS TABLE
WITH a AS (
    SELECT t.*,
           (t.measure_date::DATE - t.birth_date::DATE)::INTEGER AS __who_age,
           CASE WHEN TRY_CAST(t.sex AS INTEGER) IN (1, 2) THEN TRY_CAST(t.sex AS INTEGER) END AS __who_sex,
           CASE WHEN t.weight_kg::DOUBLE > 0 THEN t.weight_kg::DOUBLE END AS __who_w,
           -- the weight for WHZ: anthro (strict) keeps a weight of 0 there, the build does not
           CASE WHEN strict THEN CASE WHEN t.weight_kg::DOUBLE >= 0 THEN t.weight_kg::DOUBLE END
                ELSE CASE WHEN t.weight_kg::DOUBLE > 0 THEN t.weight_kg::DOUBLE END END AS __who_fw,
           t.height_cm::DOUBLE AS __who_h,
           -- position code: 0 unknown, 1 lying, 2 standing
           coalesce(CASE t.measured WHEN 'L' THEN 1 WHEN 'H' THEN 2
                    ELSE CASE upper(trim(t.measured)) WHEN 'L' THEN 1 WHEN 'H' THEN 2 END END, 0) AS __who_pc
    FROM query_table(tbl) t
), b AS (
    SELECT *,
        who_age_code(__who_age) AS __who_ac,
        who_position(__who_pc, __who_age) AS __who_pos
    FROM a
), c AS (
    SELECT *,
        who_age_row(__who_sex, __who_ac) AS __who_ai,
        who_wflh_table(__who_sex, __who_ac, __who_pos) AS __who_lorh0,
        __who_h + who_adjustment(__who_sex, __who_ac, __who_pos) AS __who_clen
    FROM b
), d AS (
    SELECT *,
        -- weight-for-length (1) or -height (2) table; age and position unknown: by the adjusted value
        CASE WHEN __who_lorh0 = 0 THEN CASE WHEN __who_clen < 87 THEN 1 WHEN __who_clen >= 87 THEN 2 END
             ELSE __who_lorh0 END AS __who_lorh,
        trunc(__who_clen * 10) AS __who_t10
    FROM c
), e AS (
    SELECT *,
        -- the 0.1 cm row of the length (fi, 0 = none: outside 45..110 / 65..120 cm) and the row up to
        -- interpolate with: the next one, or two up where trunc(x*10 + 1) jumps two rows (see above)
        coalesce(CASE WHEN (__who_lorh = 1 AND __who_clen >= 45 AND __who_clen <= 110)
                        OR (__who_lorh = 2 AND __who_clen >= 65 AND __who_clen <= 120)
                      THEN who_wflh_row(__who_lorh, __who_sex, __who_t10::INTEGER) END, 0) AS __who_fi,
        CASE WHEN trunc(__who_clen * 10 + 1) - __who_t10 > 1.5 THEN 2 ELSE 1 END AS __who_step,
        -- interpolation weight; <= 0 takes the lower row (anthro: diff > 0 interpolates). greatest() skips
        -- NULL, so a missing length gives 0 here, but then __who_fi is 0 and L, M, S come out NULL.
        greatest((__who_clen - __who_t10 / 10) / 0.1, 0) AS __who_diff,
        CASE WHEN __who_clen > 0 THEN __who_clen END AS __who_hy
    FROM d
), g AS (
    SELECT e.*,
        -- L, M, S of the day, and of the two 0.1 cm rows of weight-for-length/height (index 0: NULL)
        x.h_m[__who_ai] AS __who_hm, x.h_s[__who_ai] AS __who_hs,
        x.w_l[__who_ai] AS __who_wl, x.w_m[__who_ai] AS __who_wm,
        x.w_s[__who_ai] AS __who_ws, x.b_l[__who_ai] AS __who_bl,
        x.b_m[__who_ai] AS __who_bm, x.b_s[__who_ai] AS __who_bs,
        x.f_l[__who_fi] AS __who_fl0, x.f_l[__who_fi + __who_step] AS __who_fl1,
        x.f_m[__who_fi] AS __who_fm0, x.f_m[__who_fi + __who_step] AS __who_fm1,
        x.f_s[__who_fi] AS __who_fs0, x.f_s[__who_fi + __who_step] AS __who_fs1,
        -- BMI from the adjusted length: > 0 only (build), any length (strict: anthro's cbmi; 0 gives +Inf)
        __who_w / CASE WHEN strict THEN (__who_clen / 100) * (__who_clen / 100)
                       ELSE (__who_hy / 100) * (__who_hy / 100) END AS __who_by
    FROM e CROSS JOIN who_lms_lists x
), h AS (
    -- weight-for-length/height L, M, S interpolated between the 0.1 cm rows (weight 0: the lower row
    -- exactly, as v0 + 0 * (v1 - v0) = v0)
    SELECT *,
        who_interpolate(__who_fl0, __who_fl1, __who_diff) AS __who_fl,
        who_interpolate(__who_fm0, __who_fm1, __who_diff) AS __who_fm,
        who_interpolate(__who_fs0, __who_fs1, __who_diff) AS __who_fs
    FROM g
), i AS (
    SELECT *,
        -- L = 1 in the whole length/height-for-age table (checked by pipelines.who_growth.prepare), and
        -- x^1 = x exactly (as in R)
        (__who_hy / __who_hm - 1) / __who_hs AS __who_hz,
        (power(__who_w / __who_wm, __who_wl) - 1) / (__who_ws * __who_wl) AS __who_wz,
        (power(__who_by / __who_bm, __who_bl) - 1) / (__who_bs * __who_bl) AS __who_bz,
        (power(__who_fw / __who_fm, __who_fl) - 1) / (__who_fs * __who_fl) AS __who_fz
    FROM h
), j AS (
    -- the restricted rule in a step of its own: who_round repeats its argument, which should be a column
    SELECT *,
        who_restricted(__who_wz, __who_w, __who_wl, __who_wm, __who_ws) AS __who_wr,
        who_restricted(__who_fz, __who_fw, __who_fl, __who_fm, __who_fs) AS __who_fr,
        who_restricted(__who_bz, __who_by, __who_bl, __who_bm, __who_bs) AS __who_br
    FROM i
), k AS (
    SELECT *,
        who_round(__who_hz) AS haz,
        who_round(__who_wr) AS waz,
        who_round(__who_fr) AS whz,
        who_round(__who_br) AS baz
    FROM j
)
SELECT * EXCLUDE (
        __who_age, __who_sex, __who_w, __who_fw, __who_h, __who_pc, __who_ac, __who_pos, __who_ai, __who_lorh0,
        __who_clen, __who_lorh, __who_t10, __who_fi, __who_step, __who_diff, __who_hy, __who_by,
        __who_hm, __who_hs, __who_wl, __who_wm, __who_ws, __who_bl, __who_bm, __who_bs, __who_fl0, __who_fl1, __who_fm0, __who_fm1, __who_fs0, __who_fs1, __who_fl, __who_fm, __who_fs,
        __who_hz, __who_wz, __who_bz, __who_fz, __who_wr, __who_fr, __who_br, haz, waz, whz, baz),
    __who_age AS age_days,
    haz, waz, whz, baz,
    -- NULL where the z is NULL
    haz < -6 OR haz > 6 AS flag_haz,
    waz < -6 OR waz > 5 AS flag_waz,
    whz < -5 OR whz > 5 AS flag_whz,
    baz < -5 OR baz > 5 AS flag_baz
FROM k;
