-- The meters' months across customers: each row is the merge of the meter's UTC days in that
-- UTC month (meter_days, every stripe). A read over whole months (all time, a year's monthly
-- bars) merges a row per month instead of one per day: an all-time figure of a year-old meter
-- read 366 day rows, and that grows with the meter's age.
--
-- Whatever writes a meter's days rewrites the months they fall in, in the same transaction and
-- under the roller's lock: the roller, a meter's rebuild, a void's recompute
-- (`rollups::repo::months`).
CREATE TABLE meter_months (
    meter_id TEXT NOT NULL,
    month TIMESTAMPTZ NOT NULL,
    event_count BIGINT NOT NULL,
    value_sum NUMERIC NOT NULL,
    value_max NUMERIC,
    value_min NUMERIC,
    last_value NUMERIC,
    last_ts TIMESTAMPTZ,
    last_seq BIGINT,
    latest_ts TIMESTAMPTZ,
    PRIMARY KEY (meter_id, month)
) WITH (fillfactor = 50);

INSERT INTO meter_months (meter_id, month, event_count, value_sum, value_max, value_min,
                          last_value, last_ts, last_seq, latest_ts)
SELECT meter_id, date_trunc('month', day, 'UTC'),
       sum(event_count)::int8, sum(value_sum), max(value_max), min(value_min),
       (max(ARRAY[extract(epoch FROM last_ts), last_seq::numeric, last_value])
            FILTER (WHERE last_ts IS NOT NULL))[3],
       max(last_ts),
       ((max(ARRAY[extract(epoch FROM last_ts), last_seq::numeric, last_value])
            FILTER (WHERE last_ts IS NOT NULL))[2])::int8,
       max(latest_ts)
FROM meter_days
GROUP BY 1, 2;
