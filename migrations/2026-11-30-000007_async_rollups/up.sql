-- Ingest without hot rows, and keys that Citus can distribute by customer_id.
--
-- 1. Event ids are deduplicated in `event_ids` (keyed by event_id alone, so distributable by
--    it), and `events` is keyed by (customer_id, event_id).
-- 2. An ingest transaction no longer touches the rollups: it stores its events under a block of
--    receipt numbers (`seq`) and queues the block in `rollup_queue`, in the same transaction. A
--    background roller folds queued blocks into the rollups and unqueues them in one
--    transaction, so every committed event is either in the rollups or in a queued block —
--    never both, never neither. Readers add the queued events to what the rollups say.

CREATE TABLE event_ids (
    event_id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL
);
INSERT INTO event_ids (event_id, customer_id) SELECT event_id, customer_id FROM events;

ALTER TABLE events DROP CONSTRAINT events_pkey;
ALTER TABLE events ADD PRIMARY KEY (customer_id, event_id);

-- A transaction takes one value of the sequence and numbers its events from it: blocks of
-- 2^20 receipt numbers, so that `seq >> 20` names the block (and the transaction) an event
-- came in with. Existing numbers stay below the first block.
ALTER SEQUENCE events_seq_seq INCREMENT BY 1048576;
SELECT setval('events_seq_seq', (COALESCE((SELECT max(seq) FROM events), 0) / 1048576 + 1) * 1048576, false);

-- The newest rows of `events` are the queued ones; a BRIN index on seq finds them without a
-- B-tree to maintain on every insert.
CREATE INDEX events_seq_brin ON events USING brin (seq) WITH (pages_per_range = 16, autosummarize = on);

CREATE TABLE rollup_queue (
    block BIGINT PRIMARY KEY,
    events INTEGER NOT NULL,
    queued_at TIMESTAMPTZ NOT NULL DEFAULT now()
);

-- Voided events: keyed by customer, like events (an upload's rollback and, later, single voids).
ALTER TABLE voided_events DROP CONSTRAINT voided_events_pkey;
ALTER TABLE voided_events ALTER COLUMN upload_id DROP NOT NULL;
ALTER TABLE voided_events ADD PRIMARY KEY (customer_id, seq);
CREATE INDEX voided_events_upload_idx ON voided_events (upload_id) WHERE upload_id IS NOT NULL;
