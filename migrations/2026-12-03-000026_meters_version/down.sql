DROP TRIGGER meters_changed ON meters;
DROP FUNCTION md_meters_changed();
DROP TABLE meters_version;
