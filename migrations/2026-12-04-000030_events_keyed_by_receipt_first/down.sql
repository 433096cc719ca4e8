CREATE INDEX IF NOT EXISTS events_seq_idx ON events (seq);
ALTER TABLE events DROP CONSTRAINT events_pkey;
ALTER TABLE events ADD CONSTRAINT events_pkey PRIMARY KEY (customer_id, seq);
