-- The roller and every read that adds the queued tail find the events of queued blocks by
-- receipt number. A BRIN index on `seq` returns every range it has not summarized yet, and
-- ranges are summarized only by autovacuum (a work item per filled range, at most 256 queued
-- per database, run every naptime; the rest wait for the next VACUUM of `events`): under live
-- traffic most new ranges stay unsummarized, so each roll and each page read scanned the heap
-- of every event stored since the last summary, and the planner often chose a sequential scan
-- of the whole table instead. A B-tree finds exactly the queued events; its inserts are the
-- cheapest kind (receipt numbers only grow, into the right-most leaf).
CREATE INDEX IF NOT EXISTS events_seq_idx ON events (seq);
DROP INDEX IF EXISTS events_seq_brin;
