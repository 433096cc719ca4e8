-- One index orders each (event name, source) pair's events by time, instead of one per event
-- name and one per source: every stored event writes one index entry fewer.
--
-- Reads by event name and time range name every source (`db::event_sources::any_source`), so
-- PostgreSQL scans the range once per source; lists in time order merge the pairs'
-- scans (`analytics::events::repo::merged`: an event name's sources, a source's event names,
-- or every pair, the names found by a loose scan of this index); the distinct event names are
-- that loose scan.
--
-- B6 (`scripts/bench live --rounds 1 --only copy,closed,open --clients 4,64`, this change as
-- `--sql` against none, alternated, 2 runs each): PostgreSQL CPU per 100,000 events in the
-- closed loop of 64 clients 2.39-2.52 s against 2.82-2.96 s, events/s 47,875-50,862 against
-- 41,112-44,975, WAL per event 766-807 bytes against 891-936 (open loop).
--
-- IF NOT EXISTS: on a large live table, create the new index first with CREATE INDEX
-- CONCURRENTLY (same name); this migration then only drops the two it replaces.
CREATE INDEX IF NOT EXISTS events_name_source_ts_idx ON events (event_name, source, ts DESC, seq DESC);
DROP INDEX IF EXISTS events_name_ts_idx;
DROP INDEX IF EXISTS events_source_ts_idx;
