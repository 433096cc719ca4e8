-- Single-event corrections, and what the Stripe and CloudEvents surfaces need stored.

-- 1. Lineage names the surface an event came through: Stripe's meter events, or CloudEvents.
ALTER TABLE events DROP CONSTRAINT events_source_check;
ALTER TABLE events ADD CONSTRAINT events_source_check
    CHECK (source IN ('api', 'manual', 'upload', 'stripe', 'cloudevents'));

-- 2. An event voided on its own (a correction, or a Stripe cancel adjustment) keeps the reason
--    given, and its id stays taken in event_ids; an upload's rollback leaves the reason null and
--    frees its ids. voided_at is when it stopped counting: later statements look voids up by it.
ALTER TABLE voided_events ADD COLUMN reason TEXT;
CREATE INDEX voided_events_voided_at_idx ON voided_events (voided_at);

-- 3. How Stripe's meter events map onto a meter: the payload key naming the customer
--    (customer_mapping.event_payload_key), and for count meters, which read no value, the value
--    key a Stripe client gave (value_settings.event_payload_key; null shows Stripe's default,
--    "value"). Meters that read a value use their aggregation key.
ALTER TABLE meters ADD COLUMN customer_key TEXT NOT NULL DEFAULT 'stripe_customer_id'
    CHECK (length(customer_key) BETWEEN 1 AND 100);
ALTER TABLE meters ADD COLUMN value_key TEXT CHECK (length(value_key) BETWEEN 1 AND 100);

-- 4. Stripe's meter event sessions: short-lived tokens for the v2 meter event stream, stored
--    hashed, tied to the API key that made them (revoking or deleting the key ends them).
CREATE TABLE meter_event_sessions (
    id TEXT PRIMARY KEY,
    token_hash BYTEA NOT NULL UNIQUE,
    api_key_id BIGINT NOT NULL REFERENCES api_keys (id) ON DELETE CASCADE,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    expires_at TIMESTAMPTZ NOT NULL,
    CHECK (expires_at > created_at)
);
CREATE INDEX meter_event_sessions_expires_idx ON meter_event_sessions (expires_at);
CREATE INDEX meter_event_sessions_key_idx ON meter_event_sessions (api_key_id);
