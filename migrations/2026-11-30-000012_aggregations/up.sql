-- Aggregations min, avg and unique_count.
--
-- min is mergeable like max: a value_min beside value_max at every grain. Rows from before this
-- migration have none: no meter could take the minimum before it, and changing a meter's
-- aggregation rebuilds its rows from the events. avg needs nothing new: a meter that reads a
-- number counts only events that carry one, so value_sum ÷ event_count is its average.
--
-- unique_count is not a mergeable number: the distinct values themselves are kept, as presence
-- rows per meter, customer and UTC hour / UTC day / billing cycle, and per meter and UTC day
-- for all customers. The roller adds them with the rollups; rebuilds and recounts recompute
-- them from the events. A range's count is a count of distinct values over the pieces that
-- cover it, the raw edge events and the queued ones. Only unique_count meters have rows here.
-- Scale-out: the per-customer tables carry customer_id in their key and nothing refers to them.

ALTER TABLE meters DROP CONSTRAINT meters_aggregation_check;
ALTER TABLE meters ADD CONSTRAINT meters_aggregation_check
    CHECK (aggregation IN ('count', 'sum', 'max', 'min', 'avg', 'last', 'unique_count'));

ALTER TABLE rollups ADD COLUMN value_min NUMERIC;
ALTER TABLE rollups_daily ADD COLUMN value_min NUMERIC;
ALTER TABLE meter_days ADD COLUMN value_min NUMERIC;
ALTER TABLE cycle_rollups ADD COLUMN value_min NUMERIC;

-- The value a unique count counts (src/metering/numeric.rs, proven equal to its Rust twin).
CREATE OR REPLACE FUNCTION md_distinct(v jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
        SELECT CASE
            WHEN md_num(v) IS NOT NULL THEN trim_scale(md_num(v))::text
            ELSE md_text(v)
        END
    $$;

CREATE TABLE rollup_values (
    meter_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    hour TIMESTAMPTZ NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (meter_id, customer_id, hour, value)
);

CREATE TABLE rollup_values_daily (
    meter_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    day TIMESTAMPTZ NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (meter_id, customer_id, day, value)
);

CREATE TABLE meter_day_values (
    meter_id TEXT NOT NULL,
    day TIMESTAMPTZ NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (meter_id, day, value)
);

CREATE TABLE cycle_values (
    meter_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    anchor TIMESTAMPTZ NOT NULL,
    months SMALLINT NOT NULL,
    period_start TIMESTAMPTZ NOT NULL,
    value TEXT NOT NULL,
    PRIMARY KEY (meter_id, customer_id, anchor, months, period_start, value)
);
