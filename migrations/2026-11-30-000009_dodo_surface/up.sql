-- What the Dodo Payments surface of the API needs (SPEC "Compatibility surfaces").

-- One business id per installation: Dodo's `business_id` (and a subscription's `brand_id`) on
-- every customer, meter and event. Generated once, here, so every instance of one database
-- answers the same id; it never changes.
CREATE TABLE installation (
    singleton BOOLEAN PRIMARY KEY DEFAULT TRUE CHECK (singleton),
    business_id TEXT NOT NULL CHECK (business_id ~ '^bus_[A-Za-z0-9]{16}$'),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
INSERT INTO installation (business_id)
SELECT 'bus_' || string_agg(
           substr('0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz',
                  1 + floor(random() * 62)::int, 1), '')
FROM generate_series(1, 16);

-- A customer's metadata (flat, the rules of event metadata), phone number and preferred
-- locale, as Dodo's customers have them.
ALTER TABLE customers
    ADD COLUMN metadata JSONB NOT NULL DEFAULT '{}'::jsonb CHECK (jsonb_typeof(metadata) = 'object'),
    ADD COLUMN phone_number TEXT,
    ADD COLUMN preferred_locale TEXT;

-- The list's filters: email is exact (stored lowercase), name is a case-insensitive part.
CREATE INDEX customers_email_idx ON customers (email);
CREATE INDEX customers_name_idx ON customers USING gin (lower(name) gin_trgm_ops);
