-- Charts and "this month" in the operator's time zone read a local day (Asia/Kolkata:
-- 18:30–18:30 UTC) for all customers from the hourly cells. The primary keys lead with
-- (meter_id, customer_id): without these, such a read walks every hourly row of the meter.
CREATE INDEX rollups_meter_hour_idx ON rollups (meter_id, hour);
CREATE INDEX rollup_values_meter_hour_idx ON rollup_values (meter_id, hour, value);
