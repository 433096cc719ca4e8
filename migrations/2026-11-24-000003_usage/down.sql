DROP TABLE rollups;
DROP TABLE voided_events;
DROP TABLE events;
DROP TABLE upload_rejects;
DROP TABLE uploads;
ALTER TABLE meters DROP COLUMN archived_at;
