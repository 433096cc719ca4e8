-- Customers, meters, usage-based products (meters with prices), subscriptions, and the
-- functions compiled meter filters use (mirroring src/metering/numeric.rs).

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE TABLE customers (
    id TEXT PRIMARY KEY CHECK (id ~ '^[A-Za-z0-9_.:-]{1,255}$'),
    email TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX customers_created_idx ON customers (created_at DESC, id DESC);
-- Search by any part of id, email or name.
CREATE INDEX customers_search_idx ON customers
    USING gin ((lower(id || ' ' || email || ' ' || name)) gin_trgm_ops);
-- Inlined by the planner, so the trigram index above serves it.
CREATE FUNCTION md_customer_matches(id text, email text, name text, pattern text) RETURNS boolean
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$ SELECT lower(id || ' ' || email || ' ' || name) LIKE pattern $$;

CREATE TABLE meters (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    event_name TEXT NOT NULL,
    aggregation TEXT NOT NULL CHECK (aggregation IN ('count', 'sum', 'max', 'last')),
    aggregation_key TEXT,
    unit TEXT NOT NULL,
    filter JSONB,
    status TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived')),
    -- Bumped whenever what the meter counts changes (event name, aggregation, key, filter).
    definition_version INTEGER NOT NULL DEFAULT 1,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK ((aggregation = 'count') = (aggregation_key IS NULL))
);
CREATE INDEX meters_created_idx ON meters (created_at DESC, id DESC);
CREATE INDEX meters_active_event_name_idx ON meters (event_name) WHERE status = 'active';

CREATE TABLE products (
    id TEXT PRIMARY KEY,
    name TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    currency TEXT NOT NULL CHECK (currency ~ '^[A-Z]{3}$'),
    billing_interval TEXT NOT NULL DEFAULT 'monthly' CHECK (billing_interval IN ('monthly', 'yearly')),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now()
);
CREATE INDEX products_created_idx ON products (created_at DESC, id DESC);

-- NUMERIC(28, 12): at most 16 integer and 12 fractional digits, so every value fits Decimal.
CREATE TABLE product_meters (
    product_id TEXT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    meter_id TEXT NOT NULL REFERENCES meters (id),
    position SMALLINT NOT NULL CHECK (position BETWEEN 0 AND 9),
    price_per_unit NUMERIC(28, 12) NOT NULL CHECK (price_per_unit >= 0),
    free_threshold NUMERIC(28, 12) NOT NULL DEFAULT 0 CHECK (free_threshold >= 0),
    PRIMARY KEY (product_id, meter_id),
    UNIQUE (product_id, position)
);
CREATE INDEX product_meters_meter_idx ON product_meters (meter_id);

CREATE TABLE subscriptions (
    id TEXT PRIMARY KEY,
    customer_id TEXT NOT NULL REFERENCES customers (id),
    product_id TEXT NOT NULL REFERENCES products (id),
    start_at TIMESTAMPTZ NOT NULL,
    end_at TIMESTAMPTZ,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CHECK (end_at IS NULL OR end_at > start_at)
);
CREATE INDEX subscriptions_customer_idx ON subscriptions (customer_id, start_at DESC);
CREATE INDEX subscriptions_product_idx ON subscriptions (product_id);

CREATE OR REPLACE FUNCTION md_num(v jsonb) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
        SELECT CASE
            WHEN jsonb_typeof(v) IN ('number', 'string')
                 AND (v #>> '{}') ~ '^-?[0-9]{1,16}([.][0-9]{1,12})?$'
            THEN (v #>> '{}')::numeric
        END
    $$;

CREATE OR REPLACE FUNCTION md_text(v jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
        SELECT CASE
            WHEN jsonb_typeof(v) IN ('string', 'number', 'boolean') THEN v #>> '{}'
        END
    $$;
