CREATE INDEX IF NOT EXISTS events_ts_idx ON events (ts DESC, seq DESC);
