-- Customers with stored events, counted by the UTC day of their last event. The overview's
-- active customers (ever, and since the start of a month) read a row per day from here instead
-- of every customer's activity row, which grows with the customers. The statement that writes
-- customer_activity keeps it (the roller, under its lock).
CREATE TABLE activity_last_days (
    day TIMESTAMPTZ PRIMARY KEY,
    customers BIGINT NOT NULL
) WITH (fillfactor = 50);

INSERT INTO activity_last_days (day, customers)
SELECT date_trunc('day', last_ts, 'UTC'), count(*)
FROM customer_activity WHERE events > 0
GROUP BY 1;
