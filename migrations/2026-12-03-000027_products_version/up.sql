-- Like meters_version, for what prices a subscription: a counter that moves in the same
-- transaction as every change to `products`, `product_meters` or `meters`. The customers table
-- keeps the products it priced with the version read alongside them, and a view whose session
-- read that same version prices with them instead of reading the products again.
CREATE TABLE products_version (
    only_row BOOLEAN PRIMARY KEY DEFAULT true CHECK (only_row),
    n BIGINT NOT NULL
);
INSERT INTO products_version (only_row, n) VALUES (true, 0);

CREATE FUNCTION md_products_changed() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    UPDATE products_version SET n = n + 1;
    RETURN NULL;
END $$;

CREATE TRIGGER products_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON products
    FOR EACH STATEMENT EXECUTE FUNCTION md_products_changed();
CREATE TRIGGER products_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON product_meters
    FOR EACH STATEMENT EXECUTE FUNCTION md_products_changed();
CREATE TRIGGER products_changed AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON meters
    FOR EACH STATEMENT EXECUTE FUNCTION md_products_changed();
