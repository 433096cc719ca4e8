DROP TABLE activity_last_days;
