-- periods: the column `period` ('YYYY-MM') on measurements, from measure_date (NULL when it is NULL).
-- $round_month is a 12-element list: for calendar month m (1..12) the month of the round it belongs to
-- (the same month by default), in the same year. Adds the column when absent.
ALTER TABLE measurements ADD COLUMN IF NOT EXISTS period VARCHAR;
UPDATE measurements SET period =
    left(make_date(year(measure_date), list_extract($round_month::INTEGER[], month(measure_date)), 1)::VARCHAR, 7);
