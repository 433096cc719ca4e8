-- Usage per billing cycle, kept by the roller: per meter, customer and cycle of each billing
-- scheme the customer's subscriptions use (anchor = the subscription's start, every `months`
-- months). A cycle's usage is then one row plus the customer's queued events, instead of whole
-- days, whole hours and raw events at two edges: pages price a cycle per line in one statement.

-- The start of cycle n of a scheme: the anchor plus n·months months, the day clamped to the
-- month's last day and the time of day kept, in UTC (src/metering/cycles.rs, proven equal).
CREATE FUNCTION md_nth_cycle_start(anchor timestamptz, months integer, n integer) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT ((anchor AT TIME ZONE 'UTC') + make_interval(months => months * n)) AT TIME ZONE 'UTC' $$;

-- The start of the cycle containing ts (ts ≥ anchor).
CREATE FUNCTION md_cycle_start(anchor timestamptz, months integer, ts timestamptz) RETURNS timestamptz
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
        SELECT CASE
                 WHEN md_nth_cycle_start(anchor, months, d.n) > ts THEN md_nth_cycle_start(anchor, months, d.n - 1)
                 ELSE md_nth_cycle_start(anchor, months, d.n)
               END
        FROM (SELECT (((extract(year FROM ts AT TIME ZONE 'UTC') - extract(year FROM anchor AT TIME ZONE 'UTC')) * 12
                      + extract(month FROM ts AT TIME ZONE 'UTC') - extract(month FROM anchor AT TIME ZONE 'UTC'))::int
                      / months) AS n) d
    $$;

-- The billing schemes in use: one per customer, anchor and cycle length.
CREATE VIEW billing_schemes AS
SELECT DISTINCT s.customer_id, s.start_at AS anchor,
       CASE p.billing_interval WHEN 'yearly' THEN 12 ELSE 1 END::int2 AS months
FROM subscriptions s JOIN products p ON p.id = s.product_id;

CREATE TABLE cycle_rollups (
    meter_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    anchor TIMESTAMPTZ NOT NULL,
    months SMALLINT NOT NULL,
    period_start TIMESTAMPTZ NOT NULL,
    event_count BIGINT NOT NULL,
    value_sum NUMERIC NOT NULL,
    value_max NUMERIC,
    last_value NUMERIC,
    last_ts TIMESTAMPTZ,
    last_seq BIGINT,
    latest_ts TIMESTAMPTZ,
    PRIMARY KEY (meter_id, customer_id, anchor, months, period_start)
);
CREATE INDEX cycle_rollups_customer_idx ON cycle_rollups (customer_id, anchor, months);

-- Meters whose cycle cells the roller must (re)build from the events: every meter now, since
-- filters compile to SQL in the application, not here. Until then reads of their cycles take
-- the slower path (days, hours and raw edges).
CREATE TABLE cycle_rebuilds (
    meter_id TEXT PRIMARY KEY
);
INSERT INTO cycle_rebuilds (meter_id) SELECT id FROM meters;
