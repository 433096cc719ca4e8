-- Fold the stripes back into one row each before restoring the single-row keys.
ALTER TABLE events ADD CONSTRAINT events_seq_key UNIQUE (seq);

CREATE TEMP TABLE ca AS
SELECT customer_id, sum(events)::BIGINT AS events, min(first_ts) AS first_ts, max(last_ts) AS last_ts
FROM customer_activity GROUP BY customer_id;
DELETE FROM customer_activity;
ALTER TABLE customer_activity DROP CONSTRAINT customer_activity_pkey;
ALTER TABLE customer_activity DROP COLUMN stripe;
INSERT INTO customer_activity (customer_id, events, first_ts, last_ts) SELECT * FROM ca;
ALTER TABLE customer_activity ADD PRIMARY KEY (customer_id);
DROP TABLE ca;

CREATE TEMP TABLE ad AS SELECT day, sum(events)::BIGINT AS events FROM activity_days GROUP BY day;
DELETE FROM activity_days;
ALTER TABLE activity_days DROP CONSTRAINT activity_days_pkey;
ALTER TABLE activity_days DROP COLUMN stripe;
INSERT INTO activity_days (day, events) SELECT * FROM ad;
ALTER TABLE activity_days ADD PRIMARY KEY (day);
DROP TABLE ad;

CREATE TEMP TABLE md AS
SELECT meter_id, day,
       sum(event_count)::BIGINT AS event_count,
       sum(value_sum) AS value_sum,
       max(value_max) AS value_max,
       (array_agg(last_value ORDER BY last_ts DESC NULLS LAST, last_seq DESC NULLS LAST))[1] AS last_value,
       max(last_ts) AS last_ts,
       (array_agg(last_seq ORDER BY last_ts DESC NULLS LAST, last_seq DESC NULLS LAST))[1] AS last_seq,
       max(latest_ts) AS latest_ts
FROM meter_days GROUP BY meter_id, day;
DELETE FROM meter_days;
ALTER TABLE meter_days DROP CONSTRAINT meter_days_pkey;
ALTER TABLE meter_days DROP COLUMN stripe;
INSERT INTO meter_days (meter_id, day, event_count, value_sum, value_max, last_value, last_ts, last_seq, latest_ts)
SELECT * FROM md;
ALTER TABLE meter_days ADD PRIMARY KEY (meter_id, day);
DROP TABLE md;
