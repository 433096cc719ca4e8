-- Cycle close (SPEC "Cycle close and statements"): each ended billing cycle of a subscription is
-- frozen once into a statement. The UNIQUE (subscription_id, period_start) makes that exactly
-- one per cycle whatever number of servers close at once; rows never change once inserted.
CREATE TABLE statements (
    id TEXT PRIMARY KEY,
    subscription_id TEXT NOT NULL REFERENCES subscriptions (id),
    customer_id TEXT NOT NULL,
    product_id TEXT NOT NULL,
    period_start TIMESTAMPTZ NOT NULL,
    period_end TIMESTAMPTZ NOT NULL,
    closed_at TIMESTAMPTZ NOT NULL,
    currency TEXT NOT NULL,
    total NUMERIC NOT NULL,
    UNIQUE (subscription_id, period_start),
    CHECK (period_end > period_start)
);
CREATE INDEX statements_customer_idx ON statements (customer_id, period_start DESC);

-- A statement's lines, in order. `usage`: one per product line, as priced at close
-- (quantity = consumed, amount = charge). `adjustment`: the change since it was billed in an
-- earlier closed cycle (for_period_*) of one meter (quantity = consumed delta, amount = charge
-- delta). What a cycle has been billed for a meter is the sum of its usage line and of every
-- adjustment for it.
CREATE TABLE statement_lines (
    statement_id TEXT NOT NULL REFERENCES statements (id) ON DELETE CASCADE,
    position INT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('usage', 'adjustment')),
    meter_id TEXT NOT NULL,
    meter_name TEXT NOT NULL,
    unit TEXT NOT NULL,
    quantity NUMERIC NOT NULL,
    amount NUMERIC NOT NULL,
    free_threshold NUMERIC,
    chargeable NUMERIC,
    price JSONB,
    for_period_start TIMESTAMPTZ,
    for_period_end TIMESTAMPTZ,
    PRIMARY KEY (statement_id, position),
    CHECK (
        (kind = 'usage' AND free_threshold IS NOT NULL AND chargeable IS NOT NULL
            AND price IS NOT NULL AND for_period_start IS NULL AND for_period_end IS NULL)
        OR (kind = 'adjustment' AND free_threshold IS NULL AND chargeable IS NULL
            AND price IS NULL AND for_period_start IS NOT NULL AND for_period_end IS NOT NULL)
    )
);
CREATE INDEX statement_lines_for_idx ON statement_lines (meter_id, for_period_start)
    WHERE kind = 'adjustment';

-- Frozen: an update is refused.
CREATE FUNCTION md_statement_frozen() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'a closed statement never changes (%)', TG_TABLE_NAME;
END;
$$;
CREATE TRIGGER statements_frozen BEFORE UPDATE ON statements
    FOR EACH ROW EXECUTE FUNCTION md_statement_frozen();
CREATE TRIGGER statement_lines_frozen BEFORE UPDATE ON statement_lines
    FOR EACH ROW EXECUTE FUNCTION md_statement_frozen();
