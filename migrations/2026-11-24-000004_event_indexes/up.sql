-- Indexes for Analytics → Events and the troubleshooting view. Each filter combination of the
-- events table pages by (ts DESC, seq DESC) through an index:
--   no filter / time range only      events_ts_idx            (ts DESC, seq DESC)       [usage]
--   customer (+ range)               events_customer_ts_idx   (customer_id, ts DESC, …) [usage]
--   event name or meter (+ range)    events_name_ts_idx       (event_name, ts DESC, seq DESC)
--   name + customer                  events_name_customer_ts_idx, scanned backward, then an
--                                    incremental sort on seq within equal timestamps [usage]
--   source (+ range)                 events_source_ts_idx     (source, ts DESC, seq DESC)
-- events_name_ts_idx also serves the loose index scan over distinct event names and the
-- per-name counts in a time window of the unmatched view.
--
-- IF NOT EXISTS: on a large live table, create these first with CREATE INDEX CONCURRENTLY
-- (same names) and this migration only records them.
CREATE INDEX IF NOT EXISTS events_name_ts_idx ON events (event_name, ts DESC, seq DESC);
CREATE INDEX IF NOT EXISTS events_source_ts_idx ON events (source, ts DESC, seq DESC);

-- An event page looks up an id that is no longer in `events` among the voided ones.
CREATE INDEX IF NOT EXISTS voided_events_event_id_idx ON voided_events (event_id);
