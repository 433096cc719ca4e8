DROP INDEX voided_events_upload_idx;
ALTER TABLE voided_events DROP CONSTRAINT voided_events_pkey;
DELETE FROM voided_events WHERE upload_id IS NULL;
ALTER TABLE voided_events ALTER COLUMN upload_id SET NOT NULL;
ALTER TABLE voided_events ADD PRIMARY KEY (upload_id, seq);

DROP TABLE rollup_queue;
DROP INDEX events_seq_brin;
ALTER SEQUENCE events_seq_seq INCREMENT BY 1;

ALTER TABLE events DROP CONSTRAINT events_pkey;
ALTER TABLE events ADD PRIMARY KEY (event_id);
DROP TABLE event_ids;
