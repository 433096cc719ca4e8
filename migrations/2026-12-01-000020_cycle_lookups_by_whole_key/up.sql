-- Pages read each billing cycle's cell by its whole key (meter, customer, scheme, period start),
-- one index lookup per cell. The generic plan of that lookup takes (customer_id, anchor, months)
-- for unique, so it chose this index and then filtered every period and meter of the customer's
-- scheme: work that grew with the installation's history (100 rows read per cell with two years
-- of monthly cycles and four meters). With the whole key in it, either index finds the one row;
-- what read the cycles of a customer's scheme still reads a prefix of it.
DROP INDEX cycle_rollups_customer_idx;
CREATE INDEX cycle_rollups_customer_idx ON cycle_rollups (customer_id, anchor, months, period_start, meter_id);
