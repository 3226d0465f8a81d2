-- quality_rows (TEMP): every accepted measurement with what the quality checks need, one row per measurement,
-- then quality_unit_rows: the same rows once per unit they belong to (posyandu, puskesmas, kecamatan,
-- kabupaten/kota; a NULL unit is left out).
-- Input: measurements (with period), measured_children, kelurahan, posyandu (optional: a TEMP view quality_posyandu stands in),
-- import_notes (sentinel_value, nik_fallback notes of accepted rows).
-- Puskesmas = the posyandu register's Puskesmas; without it, the e-PPGBM export file (one per puskesmas).
-- is_latest: the child's latest measurement of the period (`latest` of measured_children, the one rule the
-- indicators use too): the TEAM and SMART statistics count a child once per period, as the indicators do; the
-- routine checks (zeros, visits, export status) count every measurement.
-- Parameters: $height_tolerance_cm, $weight_drop_share.
CREATE OR REPLACE TEMP TABLE quality_rows AS
WITH notes AS (
    SELECT source_file, source_row,
           bool_or(note_code = 'sentinel_value') AS zero_note,
           bool_or(note_code = 'nik_fallback') AS nik_missing
    FROM import_notes WHERE note_code IN ('sentinel_value', 'nik_fallback')
    GROUP BY source_file, source_row
), base AS (
    SELECT m.measurement_id, m.child_id, m.period, m.sex, m.birth_date, m.measure_date, m.age_days,
           floor(m.age_days / 30.4375)::INTEGER AS age_months,
           m.weight_kg, m.height_cm, m.measured, m.haz, m.waz, m.whz,
           m.flag_haz::BOOLEAN AS flag_haz, m.flag_waz::BOOLEAN AS flag_waz, m.flag_whz::BOOLEAN AS flag_whz,
           m.export_haz, m.export_waz, m.export_whz,
           m.posyandu_id, coalesce(p.puskesmas, m.source_file) AS puskesmas, m.kode, k.kecamatan_kode, k.kabupaten_kode,
           coalesce(n.zero_note, false) AS zero_note, coalesce(n.nik_missing, false) AS nik_missing,
           -- length-equivalent (cm): a standing height is ~0.7 cm less than the lying length (WHO); an unknown
           -- position is taken as the expected one, as the z-scores do
           m.height_cm + CASE WHEN m.measured = 'H' OR (m.measured IS NULL AND m.age_days >= 731) THEN 0.7 ELSE 0 END
               AS length_equiv
    FROM measurements m
    JOIN kelurahan k ON k.kode = m.kode
    LEFT JOIN quality_posyandu p ON p.posyandu_id = m.posyandu_id
    LEFT JOIN notes n ON n.source_file = m.source_file AND n.source_row = m.source_row
    WHERE m.period IS NOT NULL
), heights AS (
    SELECT measurement_id, lag(length_equiv) OVER w AS prev_length
    FROM base WHERE length_equiv IS NOT NULL AND child_id IS NOT NULL
    WINDOW w AS (PARTITION BY child_id ORDER BY measure_date, measurement_id)
), weights AS (
    SELECT measurement_id, lag(weight_kg) OVER w AS prev_weight
    FROM base WHERE weight_kg IS NOT NULL AND child_id IS NOT NULL
    WINDOW w AS (PARTITION BY child_id ORDER BY measure_date, measurement_id)
)
SELECT b.* EXCLUDE (length_equiv),
    coalesce(c.latest, false) AS is_latest,
    CAST(round(b.height_cm * 10) AS BIGINT) % 10 AS height_digit,
    CAST(round(b.weight_kg * 10) AS BIGINT) % 10 AS weight_digit,
    -- wrong position: standing at 274..730 days (9-23 months) or lying from 731 days; below 9 months a standing
    -- record is treated as unknown by WHO, so it is not judged
    CASE WHEN b.measured IS NOT NULL AND b.age_days BETWEEN 274 AND 730 THEN b.measured = 'H' END AS standing_young,
    CASE WHEN b.measured IS NOT NULL AND b.age_days >= 731 THEN b.measured = 'L' END AS lying_old,
    h.prev_length IS NOT NULL AS height_pair,
    b.length_equiv - h.prev_length < -$height_tolerance_cm AS height_decrease,
    w.prev_weight IS NOT NULL AS weight_pair,
    b.weight_kg < (1 - $weight_drop_share) * w.prev_weight AS weight_drop
FROM base b
LEFT JOIN heights h USING (measurement_id)
LEFT JOIN weights w USING (measurement_id)
LEFT JOIN measured_children c USING (measurement_id);

CREATE OR REPLACE TEMP TABLE quality_unit_rows AS
SELECT u.level, u.unit, r.* EXCLUDE (u)
FROM (
    SELECT unnest([{'level': 'posyandu', 'unit': posyandu_id}, {'level': 'puskesmas', 'unit': puskesmas},
                   {'level': 'kecamatan', 'unit': kecamatan_kode}, {'level': 'kabupaten', 'unit': kabupaten_kode}]) AS u,
           *
    FROM quality_rows
) r
WHERE u.unit IS NOT NULL;
