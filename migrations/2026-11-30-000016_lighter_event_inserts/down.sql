CREATE INDEX IF NOT EXISTS events_name_customer_ts_idx ON events (event_name, customer_id, ts);
