-- A product line's price is a pricing model (SPEC "Pricing models"): per_unit, package,
-- graduated or volume, kept as the price JSON the API takes and src/billing/json.rs reads and
-- writes. Existing lines become per_unit at their price per unit.
--
-- The price per unit column goes rather than staying as a mirror of per_unit lines: the price
-- has one home, a line priced by tiers has no price per unit, and every reader goes through
-- the parsed price (a reader left on the old column fails to compile instead of pricing a
-- tiered line as if it were per unit). The API still answers `price_per_unit` for per_unit
-- lines, from the price.
ALTER TABLE product_meters ADD COLUMN price JSONB;

UPDATE product_meters
   SET price = jsonb_build_object('model', 'per_unit', 'unit_price', trim_scale(price_per_unit)::text);

-- The full rules (amounts ≥ 0, ascending tiers, …) are the application's; the database keeps
-- out what is not a price at all.
ALTER TABLE product_meters
    ALTER COLUMN price SET NOT NULL,
    ADD CONSTRAINT product_meters_price_model CHECK (
        jsonb_typeof(price) = 'object'
        AND price ->> 'model' IN ('per_unit', 'package', 'graduated', 'volume')
    ),
    DROP COLUMN price_per_unit;
