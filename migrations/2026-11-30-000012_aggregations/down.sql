DROP TABLE cycle_values;
DROP TABLE meter_day_values;
DROP TABLE rollup_values_daily;
DROP TABLE rollup_values;
DROP FUNCTION md_distinct(jsonb);

ALTER TABLE cycle_rollups DROP COLUMN value_min;
ALTER TABLE meter_days DROP COLUMN value_min;
ALTER TABLE rollups_daily DROP COLUMN value_min;
ALTER TABLE rollups DROP COLUMN value_min;

-- Fails while a meter uses min, avg or unique_count: change or delete those meters first.
ALTER TABLE meters DROP CONSTRAINT meters_aggregation_check;
ALTER TABLE meters ADD CONSTRAINT meters_aggregation_check
    CHECK (aggregation IN ('count', 'sum', 'max', 'last'));
