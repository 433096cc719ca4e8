DROP TABLE audit_log;
DROP TABLE api_keys;
DROP TABLE login_attempts;
DROP TABLE sessions;
DROP TABLE operators;
