-- Usage events, their hourly rollups per meter and customer, and CSV uploads.
--
-- Citus plan: events, voided_events and rollups are keyed so that they can be distributed by
-- customer_id; no foreign key points into them.

-- An archived meter counts the events received before it was archived; unarchiving rebuilds it.
ALTER TABLE meters ADD COLUMN archived_at TIMESTAMPTZ;

CREATE TABLE uploads (
    id BIGSERIAL PRIMARY KEY,
    meter_id TEXT NOT NULL REFERENCES meters (id),
    file_name TEXT NOT NULL,
    size_bytes INTEGER NOT NULL,
    sha256 TEXT NOT NULL,
    operator_id BIGINT REFERENCES operators (id) ON DELETE SET NULL,
    api_key_id BIGINT REFERENCES api_keys (id) ON DELETE SET NULL,
    -- dry_run: checked and kept for a one-click commit, nothing ingested.
    status TEXT NOT NULL CHECK (status IN ('dry_run', 'processing', 'succeeded', 'partially_failed', 'failed', 'rolled_back')),
    rows_total INTEGER NOT NULL DEFAULT 0,
    rows_accepted INTEGER NOT NULL DEFAULT 0,
    rows_duplicate INTEGER NOT NULL DEFAULT 0,
    rows_rejected INTEGER NOT NULL DEFAULT 0,
    -- The file as uploaded: for the error file, dry-run commits and reconciliation.
    content BYTEA NOT NULL,
    failure TEXT,
    -- {"header": [...], "gains": [per meter and customer: events and quantity added, or that
    -- a dry run would add]}
    summary JSONB NOT NULL DEFAULT '{}'::jsonb,
    -- A corrected error file uploaded from this upload's page.
    fixes_upload_id BIGINT REFERENCES uploads (id),
    committed_upload_id BIGINT REFERENCES uploads (id),
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    finished_at TIMESTAMPTZ,
    rolled_back_at TIMESTAMPTZ
);
CREATE INDEX uploads_created_idx ON uploads (created_at DESC, id DESC);
CREATE INDEX uploads_sha256_idx ON uploads (sha256);
CREATE INDEX uploads_fixes_idx ON uploads (fixes_upload_id) WHERE fixes_upload_id IS NOT NULL;
CREATE INDEX uploads_meter_idx ON uploads (meter_id, created_at DESC);

CREATE TABLE upload_rejects (
    upload_id BIGINT NOT NULL REFERENCES uploads (id) ON DELETE CASCADE,
    row_number INTEGER NOT NULL,
    cells JSONB NOT NULL,
    code TEXT NOT NULL,
    error TEXT NOT NULL,
    PRIMARY KEY (upload_id, row_number)
);

CREATE TABLE events (
    event_id TEXT PRIMARY KEY,
    -- Receipt order: breaks ties for `last` between events with the same timestamp.
    seq BIGSERIAL NOT NULL UNIQUE,
    customer_id TEXT NOT NULL,
    event_name TEXT NOT NULL,
    ts TIMESTAMPTZ NOT NULL,
    metadata JSONB NOT NULL DEFAULT '{}'::jsonb,
    received_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    -- Lineage: which key, operator, or upload row it came from.
    source TEXT NOT NULL CHECK (source IN ('api', 'manual', 'upload')),
    api_key_id BIGINT,
    operator_id BIGINT,
    upload_id BIGINT,
    upload_row INTEGER
);
CREATE INDEX events_name_customer_ts_idx ON events (event_name, customer_id, ts);
CREATE INDEX events_customer_ts_idx ON events (customer_id, ts DESC, seq DESC);
CREATE INDEX events_ts_idx ON events (ts DESC, seq DESC);
CREATE INDEX events_upload_idx ON events (upload_id) WHERE upload_id IS NOT NULL;

-- Events of rolled-back uploads: kept for the record, no longer counted, ids free again.
CREATE TABLE voided_events (
    event_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    customer_id TEXT NOT NULL,
    event_name TEXT NOT NULL,
    ts TIMESTAMPTZ NOT NULL,
    metadata JSONB NOT NULL,
    received_at TIMESTAMPTZ NOT NULL,
    source TEXT NOT NULL,
    api_key_id BIGINT,
    operator_id BIGINT,
    upload_id BIGINT,
    upload_row INTEGER,
    voided_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (upload_id, seq)
);

-- Mergeable aggregates of the events each meter counts, at three grains, kept in step in the
-- ingest transaction: per meter, customer and UTC hour; per meter, customer and UTC day; per
-- meter and UTC day (all customers). A range is read from whole days, whole hours at the day
-- edges, and raw events only in the partial hours at its very edges.
CREATE TABLE rollups (
    meter_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    hour TIMESTAMPTZ NOT NULL,
    event_count BIGINT NOT NULL,
    value_sum NUMERIC NOT NULL,
    value_max NUMERIC,
    last_value NUMERIC,
    last_ts TIMESTAMPTZ,
    last_seq BIGINT,
    latest_ts TIMESTAMPTZ,
    PRIMARY KEY (meter_id, customer_id, hour)
);

CREATE TABLE rollups_daily (
    meter_id TEXT NOT NULL,
    customer_id TEXT NOT NULL,
    day TIMESTAMPTZ NOT NULL,
    event_count BIGINT NOT NULL,
    value_sum NUMERIC NOT NULL,
    value_max NUMERIC,
    last_value NUMERIC,
    last_ts TIMESTAMPTZ,
    last_seq BIGINT,
    latest_ts TIMESTAMPTZ,
    PRIMARY KEY (meter_id, customer_id, day)
);

CREATE TABLE meter_days (
    meter_id TEXT NOT NULL,
    day TIMESTAMPTZ NOT NULL,
    event_count BIGINT NOT NULL,
    value_sum NUMERIC NOT NULL,
    value_max NUMERIC,
    last_value NUMERIC,
    last_ts TIMESTAMPTZ,
    last_seq BIGINT,
    latest_ts TIMESTAMPTZ,
    PRIMARY KEY (meter_id, day)
);

-- Every stored event, counted or not: per UTC day, and per customer.
CREATE TABLE activity_days (
    day TIMESTAMPTZ PRIMARY KEY,
    events BIGINT NOT NULL
);

CREATE TABLE customer_activity (
    customer_id TEXT PRIMARY KEY,
    events BIGINT NOT NULL,
    first_ts TIMESTAMPTZ NOT NULL,
    last_ts TIMESTAMPTZ NOT NULL
);
CREATE INDEX customer_activity_last_ts_idx ON customer_activity (last_ts);
