ALTER TABLE rollups RESET (fillfactor);
ALTER TABLE rollups_daily RESET (fillfactor);
ALTER TABLE cycle_rollups RESET (fillfactor);
ALTER TABLE meter_days RESET (fillfactor);
ALTER TABLE activity_days RESET (fillfactor);
