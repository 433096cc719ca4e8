DROP INDEX customers_name_idx;
DROP INDEX customers_email_idx;
ALTER TABLE customers DROP COLUMN preferred_locale, DROP COLUMN phone_number, DROP COLUMN metadata;
DROP TABLE installation;
