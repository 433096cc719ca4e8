CREATE INDEX rollups_meter_hour_idx ON rollups (meter_id, hour);
DROP TABLE meter_hours;
