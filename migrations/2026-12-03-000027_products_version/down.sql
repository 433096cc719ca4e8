DROP TRIGGER products_changed ON meters;
DROP TRIGGER products_changed ON product_meters;
DROP TRIGGER products_changed ON products;
DROP FUNCTION md_products_changed();
DROP TABLE products_version;
