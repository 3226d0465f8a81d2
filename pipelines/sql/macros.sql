-- Shared SQL macros. Wilson score interval for a binomial proportion, 95 % (z = 1.959964).
-- k = numerator, n = denominator; NULL when n = 0.
CREATE OR REPLACE MACRO wilson_low(k, n) AS
    CASE WHEN n > 0 THEN
        greatest(0.0, ((k::DOUBLE / n) + 1.959964^2 / (2 * n)
          - 1.959964 * sqrt((k::DOUBLE / n) * (1 - k::DOUBLE / n) / n + 1.959964^2 / (4 * n::DOUBLE * n)))
          / (1 + 1.959964^2 / n))
    END;
CREATE OR REPLACE MACRO wilson_high(k, n) AS
    CASE WHEN n > 0 THEN
        least(1.0, ((k::DOUBLE / n) + 1.959964^2 / (2 * n)
          + 1.959964 * sqrt((k::DOUBLE / n) * (1 - k::DOUBLE / n) / n + 1.959964^2 / (4 * n::DOUBLE * n)))
          / (1 + 1.959964^2 / n))
    END;
-- The period ('YYYY-MM') of a measurement date: its month mapped to the month of the round it belongs to, in the
-- same year. round_month is a 12-element list (calendar month m -> round month; m itself by default, see
-- pipelines.settings.Settings.round_table). NULL when d is NULL.
CREATE OR REPLACE MACRO round_period(d, round_month) AS
    left(make_date(year(d), list_extract(round_month::INTEGER[], month(d)), 1)::VARCHAR, 7);
-- The order of a child's measurements ("latest"): the latest measure_date; on the same date the row read last
-- (highest measurement_id: file, then row). One HUGEINT, so arg_max picks the latest row in one pass.
-- Read by measured_children.sql (the child's measurement of a period), reconcile_children.sql (of a year)
-- and weight_2t.sql (of a calendar month).
CREATE OR REPLACE MACRO latest_key(d, id) AS
    (d - DATE '1970-01-01')::HUGEINT * 18446744073709551616 + id;
