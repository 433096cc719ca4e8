CREATE INDEX IF NOT EXISTS events_name_ts_idx ON events (event_name, ts DESC, seq DESC);
CREATE INDEX IF NOT EXISTS events_source_ts_idx ON events (source, ts DESC, seq DESC);
DROP INDEX IF EXISTS events_name_source_ts_idx;
