// @generated automatically by Diesel CLI.

diesel::table! {
    activity_days (day, stripe) {
        day -> Timestamptz,
        events -> Int8,
        stripe -> Int2,
    }
}

diesel::table! {
    activity_last_days (day) {
        day -> Timestamptz,
        customers -> Int8,
    }
}

diesel::table! {
    api_keys (id) {
        id -> Int8,
        name -> Text,
        prefix -> Text,
        key_hash -> Bytea,
        created_by -> Nullable<Int8>,
        created_at -> Timestamptz,
        last_used_at -> Nullable<Timestamptz>,
        revoked_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    audit_log (id) {
        id -> Int8,
        at -> Timestamptz,
        actor_operator_id -> Nullable<Int8>,
        actor -> Text,
        action -> Text,
        target_type -> Text,
        target_id -> Text,
        details -> Jsonb,
    }
}

diesel::table! {
    customer_activity (customer_id, stripe) {
        customer_id -> Text,
        events -> Int8,
        first_ts -> Timestamptz,
        last_ts -> Timestamptz,
        stripe -> Int2,
    }
}

diesel::table! {
    customers (id) {
        id -> Text,
        email -> Text,
        name -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        metadata -> Jsonb,
        phone_number -> Nullable<Text>,
        preferred_locale -> Nullable<Text>,
    }
}

diesel::table! {
    cycle_cells_version (only_row) {
        only_row -> Bool,
        n -> Int8,
    }
}

diesel::table! {
    cycle_rebuilds (meter_id) {
        meter_id -> Text,
    }
}

diesel::table! {
    cycle_rollups (meter_id, customer_id, anchor, months, period_start) {
        meter_id -> Text,
        customer_id -> Text,
        anchor -> Timestamptz,
        months -> Int2,
        period_start -> Timestamptz,
        event_count -> Int8,
        value_sum -> Numeric,
        value_max -> Nullable<Numeric>,
        last_value -> Nullable<Numeric>,
        last_ts -> Nullable<Timestamptz>,
        last_seq -> Nullable<Int8>,
        latest_ts -> Nullable<Timestamptz>,
        value_min -> Nullable<Numeric>,
    }
}

diesel::table! {
    cycle_values (meter_id, customer_id, anchor, months, period_start, value) {
        meter_id -> Text,
        customer_id -> Text,
        anchor -> Timestamptz,
        months -> Int2,
        period_start -> Timestamptz,
        value -> Text,
    }
}

diesel::table! {
    event_ids (event_id) {
        event_id -> Text,
        customer_id -> Text,
        seq -> Nullable<Int8>,
    }
}

diesel::table! {
    events (seq, customer_id) {
        event_id -> Text,
        seq -> Int8,
        customer_id -> Text,
        event_name -> Text,
        ts -> Timestamptz,
        metadata -> Jsonb,
        received_at -> Timestamptz,
        source -> Text,
        api_key_id -> Nullable<Int8>,
        operator_id -> Nullable<Int8>,
        upload_id -> Nullable<Int8>,
        upload_row -> Nullable<Int4>,
    }
}

diesel::table! {
    installation (singleton) {
        singleton -> Bool,
        business_id -> Text,
        created_at -> Timestamptz,
        time_zone -> Text,
    }
}

diesel::table! {
    login_attempts (id) {
        id -> Int8,
        email -> Text,
        ip -> Text,
        succeeded -> Bool,
        attempted_at -> Timestamptz,
    }
}

diesel::table! {
    meter_days (meter_id, day, stripe) {
        meter_id -> Text,
        day -> Timestamptz,
        event_count -> Int8,
        value_sum -> Numeric,
        value_max -> Nullable<Numeric>,
        last_value -> Nullable<Numeric>,
        last_ts -> Nullable<Timestamptz>,
        last_seq -> Nullable<Int8>,
        latest_ts -> Nullable<Timestamptz>,
        stripe -> Int2,
        value_min -> Nullable<Numeric>,
    }
}

diesel::table! {
    meter_day_values (meter_id, day, value) {
        meter_id -> Text,
        day -> Timestamptz,
        value -> Text,
    }
}

diesel::table! {
    meter_event_sessions (id) {
        id -> Text,
        token_hash -> Bytea,
        api_key_id -> Int8,
        created_at -> Timestamptz,
        expires_at -> Timestamptz,
    }
}

diesel::table! {
    meter_hours (meter_id, hour, stripe) {
        meter_id -> Text,
        hour -> Timestamptz,
        stripe -> Int2,
        event_count -> Int8,
        value_sum -> Numeric,
        value_max -> Nullable<Numeric>,
        value_min -> Nullable<Numeric>,
        last_value -> Nullable<Numeric>,
        last_ts -> Nullable<Timestamptz>,
        last_seq -> Nullable<Int8>,
        latest_ts -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    meter_months (meter_id, month) {
        meter_id -> Text,
        month -> Timestamptz,
        event_count -> Int8,
        value_sum -> Numeric,
        value_max -> Nullable<Numeric>,
        value_min -> Nullable<Numeric>,
        last_value -> Nullable<Numeric>,
        last_ts -> Nullable<Timestamptz>,
        last_seq -> Nullable<Int8>,
        latest_ts -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    meters (id) {
        id -> Text,
        name -> Text,
        description -> Text,
        event_name -> Text,
        aggregation -> Text,
        aggregation_key -> Nullable<Text>,
        unit -> Text,
        filter -> Nullable<Jsonb>,
        status -> Text,
        definition_version -> Int4,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        archived_at -> Nullable<Timestamptz>,
        customer_key -> Text,
        value_key -> Nullable<Text>,
    }
}

diesel::table! {
    meters_version (only_row) {
        only_row -> Bool,
        n -> Int8,
    }
}

diesel::table! {
    operator_prefs (operator_id, key) {
        operator_id -> Int8,
        key -> Text,
        value -> Jsonb,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    operators (id) {
        id -> Int8,
        email -> Text,
        password_hash -> Text,
        role -> Text,
        must_change_password -> Bool,
        disabled_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
        language -> Nullable<Text>,
        time_zone -> Nullable<Text>,
    }
}

diesel::table! {
    product_meters (product_id, meter_id) {
        product_id -> Text,
        meter_id -> Text,
        position -> Int2,
        free_threshold -> Numeric,
        price -> Jsonb,
    }
}

diesel::table! {
    products (id) {
        id -> Text,
        name -> Text,
        description -> Text,
        currency -> Text,
        billing_interval -> Text,
        created_at -> Timestamptz,
        updated_at -> Timestamptz,
    }
}

diesel::table! {
    products_version (only_row) {
        only_row -> Bool,
        n -> Int8,
    }
}

diesel::table! {
    rollup_values (meter_id, customer_id, hour, value) {
        meter_id -> Text,
        customer_id -> Text,
        hour -> Timestamptz,
        value -> Text,
    }
}

diesel::table! {
    rollup_values_daily (meter_id, customer_id, day, value) {
        meter_id -> Text,
        customer_id -> Text,
        day -> Timestamptz,
        value -> Text,
    }
}

diesel::table! {
    rollups (meter_id, customer_id, hour) {
        meter_id -> Text,
        customer_id -> Text,
        hour -> Timestamptz,
        event_count -> Int8,
        value_sum -> Numeric,
        value_max -> Nullable<Numeric>,
        last_value -> Nullable<Numeric>,
        last_ts -> Nullable<Timestamptz>,
        last_seq -> Nullable<Int8>,
        latest_ts -> Nullable<Timestamptz>,
        value_min -> Nullable<Numeric>,
    }
}

diesel::table! {
    rollups_daily (meter_id, customer_id, day) {
        meter_id -> Text,
        customer_id -> Text,
        day -> Timestamptz,
        event_count -> Int8,
        value_sum -> Numeric,
        value_max -> Nullable<Numeric>,
        last_value -> Nullable<Numeric>,
        last_ts -> Nullable<Timestamptz>,
        last_seq -> Nullable<Int8>,
        latest_ts -> Nullable<Timestamptz>,
        value_min -> Nullable<Numeric>,
    }
}

diesel::table! {
    rollup_queue (block) {
        block -> Int8,
        events -> Int4,
        queued_at -> Timestamptz,
    }
}

diesel::table! {
    sessions (token_hash) {
        token_hash -> Bytea,
        operator_id -> Int8,
        created_at -> Timestamptz,
        last_seen_at -> Timestamptz,
        expires_at -> Timestamptz,
    }
}

diesel::table! {
    statement_lines (statement_id, position) {
        statement_id -> Text,
        position -> Int4,
        kind -> Text,
        meter_id -> Text,
        meter_name -> Text,
        unit -> Text,
        quantity -> Numeric,
        amount -> Numeric,
        free_threshold -> Nullable<Numeric>,
        chargeable -> Nullable<Numeric>,
        price -> Nullable<Jsonb>,
        for_period_start -> Nullable<Timestamptz>,
        for_period_end -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    statements (id) {
        id -> Text,
        subscription_id -> Text,
        customer_id -> Text,
        product_id -> Text,
        period_start -> Timestamptz,
        period_end -> Timestamptz,
        closed_at -> Timestamptz,
        currency -> Text,
        total -> Numeric,
    }
}

diesel::table! {
    subscriptions (id) {
        id -> Text,
        customer_id -> Text,
        product_id -> Text,
        start_at -> Timestamptz,
        end_at -> Nullable<Timestamptz>,
        created_at -> Timestamptz,
    }
}

diesel::table! {
    upload_rejects (upload_id, row_number) {
        upload_id -> Int8,
        row_number -> Int4,
        cells -> Jsonb,
        code -> Text,
        error -> Text,
    }
}

diesel::table! {
    uploads (id) {
        id -> Int8,
        meter_id -> Text,
        file_name -> Text,
        size_bytes -> Int4,
        sha256 -> Text,
        operator_id -> Nullable<Int8>,
        api_key_id -> Nullable<Int8>,
        status -> Text,
        rows_total -> Int4,
        rows_accepted -> Int4,
        rows_duplicate -> Int4,
        rows_rejected -> Int4,
        content -> Bytea,
        failure -> Nullable<Text>,
        summary -> Jsonb,
        fixes_upload_id -> Nullable<Int8>,
        committed_upload_id -> Nullable<Int8>,
        created_at -> Timestamptz,
        finished_at -> Nullable<Timestamptz>,
        rolled_back_at -> Nullable<Timestamptz>,
    }
}

diesel::table! {
    voided_events (customer_id, seq) {
        event_id -> Text,
        seq -> Int8,
        customer_id -> Text,
        event_name -> Text,
        ts -> Timestamptz,
        metadata -> Jsonb,
        received_at -> Timestamptz,
        source -> Text,
        api_key_id -> Nullable<Int8>,
        operator_id -> Nullable<Int8>,
        upload_id -> Nullable<Int8>,
        upload_row -> Nullable<Int4>,
        voided_at -> Timestamptz,
        reason -> Nullable<Text>,
    }
}

diesel::joinable!(api_keys -> operators (created_by));
diesel::joinable!(audit_log -> operators (actor_operator_id));
diesel::joinable!(meter_event_sessions -> api_keys (api_key_id));
diesel::joinable!(operator_prefs -> operators (operator_id));
diesel::joinable!(product_meters -> meters (meter_id));
diesel::joinable!(product_meters -> products (product_id));
diesel::joinable!(sessions -> operators (operator_id));
diesel::joinable!(statement_lines -> statements (statement_id));
diesel::joinable!(statements -> subscriptions (subscription_id));
diesel::joinable!(subscriptions -> customers (customer_id));
diesel::joinable!(subscriptions -> products (product_id));
diesel::joinable!(upload_rejects -> uploads (upload_id));
diesel::joinable!(uploads -> api_keys (api_key_id));
diesel::joinable!(uploads -> meters (meter_id));
diesel::joinable!(uploads -> operators (operator_id));

diesel::allow_tables_to_appear_in_same_query!(
    activity_days,
    activity_last_days,
    api_keys,
    audit_log,
    customer_activity,
    customers,
    cycle_cells_version,
    cycle_rebuilds,
    cycle_rollups,
    cycle_values,
    event_ids,
    events,
    installation,
    login_attempts,
    meter_day_values,
    meter_days,
    meter_event_sessions,
    meter_hours,
    meter_months,
    meters,
    meters_version,
    operator_prefs,
    operators,
    product_meters,
    products,
    products_version,
    rollup_queue,
    rollup_values,
    rollup_values_daily,
    rollups,
    rollups_daily,
    sessions,
    statement_lines,
    statements,
    subscriptions,
    upload_rejects,
    uploads,
    voided_events,
);
