-- Every writer of the per-customer activity counters now writes stripe 0 (the roller, an
-- upload's rollback, a void): fold rows left in other stripes by earlier versions into it and
-- keep one row per customer, so the overview counts active customers without grouping.
INSERT INTO customer_activity AS t (customer_id, stripe, events, first_ts, last_ts)
SELECT customer_id, 0, sum(events), min(first_ts), max(last_ts)
FROM customer_activity WHERE stripe <> 0 GROUP BY customer_id
ON CONFLICT (customer_id, stripe) DO UPDATE SET events = t.events + EXCLUDED.events,
  first_ts = LEAST(t.first_ts, EXCLUDED.first_ts), last_ts = GREATEST(t.last_ts, EXCLUDED.last_ts);
DELETE FROM customer_activity WHERE stripe <> 0;
ALTER TABLE customer_activity ADD CONSTRAINT customer_activity_one_row CHECK (stripe = 0);
