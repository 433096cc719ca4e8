ALTER TABLE events DROP CONSTRAINT events_pkey;
ALTER TABLE events ADD PRIMARY KEY (customer_id, event_id);
ALTER TABLE event_ids DROP COLUMN seq;
