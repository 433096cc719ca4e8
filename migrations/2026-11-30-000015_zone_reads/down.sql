DROP INDEX rollup_values_meter_hour_idx;
DROP INDEX rollups_meter_hour_idx;
