-- quality_grades: a grade per unit and period with its reasons, from quality_checks.
-- grade: bermasalah (a "problem" rule fired), perhatian (only "attention" rules), baik, or kurang_data (fewer
-- than $min_n children and no rule fired). reasons: LIST of {code, severity (2 problem, 1 attention), value}
-- in rule order; words for each code live in pipelines/present/labels/quality.py. Rules and thresholds:
-- pipelines/quality/standards.py. Codes for "not measured" are graded at puskesmas level and above (a habit of
-- who enters e-PPGBM); at posyandu level they only call for attention.
CREATE OR REPLACE TABLE quality_grades AS
WITH r AS (
    SELECT c.level, c.unit, c.period, c.children, c.smart_score, c.smart_grade,
        CASE WHEN n_haz_valid >= $min_n AND sd_haz > $sd_haz_hi THEN {'code': 'sd_haz_high', 'severity': 2, 'value': sd_haz} END AS rule_sd_haz_high,
        CASE WHEN n_whz_valid >= $min_n AND sd_whz > $sd_whz_hi THEN {'code': 'sd_whz_high', 'severity': 2, 'value': sd_whz} END AS rule_sd_whz_high,
        CASE WHEN n_waz_valid >= $min_n AND sd_waz > $sd_waz_hi THEN {'code': 'sd_waz_high', 'severity': 2, 'value': sd_waz} END AS rule_sd_waz_high,
        CASE WHEN height_n >= $min_n AND dps_height_x2 > $chi2_9df_strict AND dps_height >= $dps_attention
             THEN {'code': 'dps_height', 'severity': CASE WHEN dps_height >= $dps_problem THEN 2 ELSE 1 END,
                   'value': dps_height} END AS rule_dps_height,
        CASE WHEN weight_n >= $min_n AND dps_weight_x2 > $chi2_9df_strict AND dps_weight >= $dps_attention
             THEN {'code': 'dps_weight', 'severity': CASE WHEN dps_weight >= $dps_problem THEN 2 ELSE 1 END,
                   'value': dps_weight} END AS rule_dps_weight,
        CASE WHEN wrong_position >= $wrong_position_attention
             THEN {'code': 'wrong_position', 'severity': CASE WHEN wrong_position >= $wrong_position_problem THEN 2 ELSE 1 END,
                   'value': wrong_position} END AS rule_wrong_position,
        CASE WHEN measurements >= $min_n AND zeros >= $zeros_attention
             THEN {'code': 'zeros', 'severity': CASE WHEN zeros >= $zeros_problem AND level <> 'posyandu' THEN 2 ELSE 1 END,
                   'value': zeros} END AS rule_zeros,
        CASE WHEN smart_grade = 'problematic' THEN {'code': 'smart_problematic', 'severity': 2, 'value': smart_score::DOUBLE} END AS rule_smart_problematic,
        CASE WHEN children >= $min_n AND greatest(flagged_haz, flagged_waz, flagged_whz) > $who_flagged_attention
             THEN {'code': 'who_flagged', 'severity': 1, 'value': greatest(flagged_haz, flagged_waz, flagged_whz)} END AS rule_who_flagged,
        CASE WHEN least(export_n_haz, export_n_waz, export_n_whz) >= $min_n
              AND greatest(export_mismatch_haz, export_mismatch_waz, export_mismatch_whz) > $export_mismatch_attention
             THEN {'code': 'export_mismatch', 'severity': 1,
                   'value': greatest(export_mismatch_haz, export_mismatch_waz, export_mismatch_whz)} END AS rule_export_mismatch,
        CASE WHEN height_pairs >= $min_n AND height_decrease > $height_decrease_attention
             THEN {'code': 'height_decrease', 'severity': 1, 'value': height_decrease} END AS rule_height_decrease,
        CASE WHEN weight_pairs >= $min_n AND weight_drop > $weight_drop_attention
             THEN {'code': 'weight_drop', 'severity': 1, 'value': weight_drop} END AS rule_weight_drop,
        CASE WHEN children >= $min_n AND birth_day_1_15 > $birth_day_attention_ratio * $birth_day_expected
              AND q_prop_x2(round(birth_day_1_15 * children), children, $birth_day_expected) > 10.827566170663
             THEN {'code': 'birth_day_heaping', 'severity': 1, 'value': birth_day_1_15} END AS rule_birth_day_heaping,
        CASE WHEN over_59_import > 0 THEN {'code': 'over_59', 'severity': 1, 'value': over_59_import::DOUBLE} END AS rule_over_59
    FROM quality_checks c
), g AS (
    SELECT level, unit, period, children, smart_score, smart_grade,
        greatest({severities}) AS severity,
        {reason_items} AS reasons
    FROM r
)
SELECT level, unit, period, children, smart_score, smart_grade, severity,
    CASE severity WHEN 2 THEN 'bermasalah' WHEN 1 THEN 'perhatian'
        ELSE CASE WHEN children >= $min_n THEN 'baik' ELSE 'kurang_data' END END AS grade,
    reasons
FROM g
ORDER BY level, unit, period;
