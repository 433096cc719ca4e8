DROP INDEX cycle_rollups_customer_idx;
CREATE INDEX cycle_rollups_customer_idx ON cycle_rollups (customer_id, anchor, months);
