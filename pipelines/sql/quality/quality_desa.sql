-- quality_desa: per kelurahan/desa and period, how many of its children (latest measurement of the period)
-- were measured at a posyandu, or entered by a puskesmas, graded bermasalah in that period; `problem` when
-- that share reaches $desa_problem_share. The Peta filter and the lokus ranking read it.
-- units: the bermasalah posyandu and puskesmas behind it (posyandu ids and puskesmas names).
-- Input: TEMP quality_rows, quality_grades.
CREATE OR REPLACE TABLE quality_desa AS
WITH c AS (
    SELECT r.kode, r.period, r.posyandu_id, r.puskesmas,
           gp.grade = 'bermasalah' AS pos_bad, gk.grade = 'bermasalah' AS pkm_bad
    FROM quality_rows r
    LEFT JOIN quality_grades gp ON gp.level = 'posyandu' AND gp.unit = r.posyandu_id AND gp.period = r.period
    LEFT JOIN quality_grades gk ON gk.level = 'puskesmas' AND gk.unit = r.puskesmas AND gk.period = r.period
    WHERE r.is_latest
)
SELECT kode, period, count(*) AS children,
    count(*) FILTER (coalesce(pos_bad, false) OR coalesce(pkm_bad, false)) AS children_problem,
    count(*) FILTER (coalesce(pos_bad, false) OR coalesce(pkm_bad, false))::DOUBLE / count(*) AS share_problem,
    count(*) FILTER (coalesce(pos_bad, false) OR coalesce(pkm_bad, false))::DOUBLE / count(*) >= $desa_problem_share AS problem,
    list_sort(list_distinct(list_concat(
        list(posyandu_id) FILTER (coalesce(pos_bad, false)),
        list(puskesmas) FILTER (coalesce(pkm_bad, false))))) AS units
FROM c
GROUP BY kode, period
ORDER BY kode, period;
