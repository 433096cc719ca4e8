DROP FUNCTION md_text(jsonb);
DROP FUNCTION md_num(jsonb);
DROP TABLE subscriptions;
DROP TABLE product_meters;
DROP TABLE products;
DROP TABLE meters;
DROP FUNCTION md_customer_matches(text, text, text, text);
DROP TABLE customers;
DROP EXTENSION IF EXISTS pg_trgm;
