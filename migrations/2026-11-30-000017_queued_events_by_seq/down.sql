CREATE INDEX IF NOT EXISTS events_seq_brin ON events USING brin (seq) WITH (pages_per_range = 16, autosummarize = on);
DROP INDEX IF EXISTS events_seq_idx;
