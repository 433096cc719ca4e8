// @generated automatically by Diesel CLI.

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
    login_attempts (id) {
        id -> Int8,
        email -> Text,
        ip -> Text,
        succeeded -> Bool,
        attempted_at -> Timestamptz,
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

diesel::joinable!(api_keys -> operators (created_by));
diesel::joinable!(audit_log -> operators (actor_operator_id));
diesel::joinable!(sessions -> operators (operator_id));

diesel::allow_tables_to_appear_in_same_query!(api_keys, audit_log, login_attempts, operators, sessions,);
