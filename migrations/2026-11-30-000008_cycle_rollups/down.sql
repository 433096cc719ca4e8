DROP TABLE cycle_rebuilds;
DROP TABLE cycle_rollups;
DROP VIEW billing_schemes;
DROP FUNCTION md_cycle_start(timestamptz, integer, timestamptz);
DROP FUNCTION md_nth_cycle_start(timestamptz, integer, integer);
