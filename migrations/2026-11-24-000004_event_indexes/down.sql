DROP INDEX IF EXISTS voided_events_event_id_idx;
DROP INDEX IF EXISTS events_source_ts_idx;
DROP INDEX IF EXISTS events_name_ts_idx;
