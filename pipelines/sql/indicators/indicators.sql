-- indicators: every indicator value of the database, the one table the read model, the dashboard and the
-- documents read. The union of the parts the build wrote: {parts} lists indicators_growth
-- (pipelines/indicators/growth.py) and indicators_services (pipelines/services/registers.py) when they exist
-- (pipelines/indicators/combine.py). Columns: level (kelurahan/kecamatan/kabupaten), kode, period
-- (YYYY-MM), indicator (catalogue key), numerator, denominator, value (share 0..1; coverage may exceed 1),
-- ci_low, ci_high (95 % Wilson interval).
CREATE OR REPLACE TABLE indicators AS
SELECT level, kode, period, indicator, numerator, denominator, value, ci_low, ci_high
FROM ({parts}) AS parts
ORDER BY level, kode, period, indicator;
