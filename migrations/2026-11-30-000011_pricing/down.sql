-- Back to a price per unit. A line priced by package or tiers has none: rather than invent one,
-- refuse, naming what to change first.
DO $$
BEGIN
    IF EXISTS (SELECT 1 FROM product_meters WHERE price ->> 'model' <> 'per_unit') THEN
        RAISE EXCEPTION 'some product lines are priced by package or tiers, which a price per unit cannot express; change them to per_unit before reverting this migration';
    END IF;
END
$$;

ALTER TABLE product_meters ADD COLUMN price_per_unit NUMERIC(28, 12);

UPDATE product_meters SET price_per_unit = (price ->> 'unit_price')::numeric;

ALTER TABLE product_meters
    ALTER COLUMN price_per_unit SET NOT NULL,
    ADD CONSTRAINT product_meters_price_per_unit_check CHECK (price_per_unit >= 0),
    DROP CONSTRAINT product_meters_price_model,
    DROP COLUMN price;
