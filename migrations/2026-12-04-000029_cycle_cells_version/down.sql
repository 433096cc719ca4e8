DROP TRIGGER cycle_cells_changed ON cycle_rebuilds;
DROP TRIGGER cycle_cells_changed ON cycle_rollups;
DROP FUNCTION md_cycle_cells_changed();
DROP TABLE cycle_cells_version;
