-- The roller rewrites the same rollup rows roll after roll: the current hour, day and billing
-- cycle of every customer sending events, and the meters' days. Their counters are in no index,
-- so PostgreSQL can write the new version on the row's own page ("HOT", no index entry) when the
-- page has room; full pages moved every update to another page and added an entry to each of
-- the table's indexes. Leave room on new pages (existing pages keep theirs until rewritten).
ALTER TABLE rollups SET (fillfactor = 70);
ALTER TABLE rollups_daily SET (fillfactor = 70);
ALTER TABLE cycle_rollups SET (fillfactor = 70);
ALTER TABLE meter_days SET (fillfactor = 50);
ALTER TABLE activity_days SET (fillfactor = 50);
