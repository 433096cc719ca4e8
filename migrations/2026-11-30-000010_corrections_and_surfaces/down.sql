DROP TABLE meter_event_sessions;
ALTER TABLE meters DROP COLUMN value_key;
ALTER TABLE meters DROP COLUMN customer_key;
DROP INDEX voided_events_voided_at_idx;
ALTER TABLE voided_events DROP COLUMN reason;
-- Events that came through the Stripe surface or as CloudEvents were API calls too.
ALTER TABLE events DROP CONSTRAINT events_source_check;
UPDATE events SET source = 'api' WHERE source IN ('stripe', 'cloudevents');
ALTER TABLE events ADD CONSTRAINT events_source_check CHECK (source IN ('api', 'manual', 'upload'));
