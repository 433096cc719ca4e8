ALTER TABLE installation DROP COLUMN time_zone;
ALTER TABLE operators DROP COLUMN time_zone, DROP COLUMN language;
