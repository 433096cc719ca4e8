-- Per-operator settings that follow them across devices (e.g. the customers table's columns).
CREATE TABLE operator_prefs (
    operator_id BIGINT NOT NULL REFERENCES operators (id) ON DELETE CASCADE,
    key TEXT NOT NULL,
    value JSONB NOT NULL,
    updated_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (operator_id, key)
);
