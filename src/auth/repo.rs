//! All queries on operators, sessions, login attempts and API keys.

use chrono::{DateTime, Utc};
use diesel::dsl::{count_star, min};
use diesel::prelude::*;

use super::model::{ApiKeyRow, OperatorRow, Role};
use crate::db::Conn;
use crate::db::functions::lower;
use crate::db::schema::{api_keys, login_attempts, operators, sessions};
use crate::db::statement::Statement;

// --- operators -------------------------------------------------------------------------

pub fn count_operators(conn: &mut Conn) -> QueryResult<i64> {
    operators::table.select(count_star()).first(conn)
}

pub fn find_operator(conn: &mut Conn, id: i64) -> QueryResult<Option<OperatorRow>> {
    operators::table
        .find(id)
        .select(OperatorRow::as_select())
        .first(conn)
        .optional()
}

pub fn find_operator_by_email(conn: &mut Conn, email: &str) -> QueryResult<Option<OperatorRow>> {
    operators::table
        .filter(lower(operators::email).eq(email.to_lowercase()))
        .select(OperatorRow::as_select())
        .first(conn)
        .optional()
}

pub fn insert_operator(
    conn: &mut Conn,
    email: &str,
    password_hash: &str,
    role: Role,
    must_change_password: bool,
) -> QueryResult<OperatorRow> {
    diesel::insert_into(operators::table)
        .values((
            operators::email.eq(email),
            operators::password_hash.eq(password_hash),
            operators::role.eq(role.as_str()),
            operators::must_change_password.eq(must_change_password),
        ))
        .returning(OperatorRow::as_returning())
        .get_result(conn)
}

/// Every operator, oldest first. Operator lists are short (a team, not a customer base).
pub fn list_operators(conn: &mut Conn) -> QueryResult<Vec<OperatorRow>> {
    operators::table
        .order(operators::id.asc())
        .limit(1000)
        .select(OperatorRow::as_select())
        .load(conn)
}

pub fn count_enabled_admins(conn: &mut Conn) -> QueryResult<i64> {
    operators::table
        .filter(operators::role.eq(Role::Admin.as_str()))
        .filter(operators::disabled_at.is_null())
        .select(count_star())
        .first(conn)
}

pub fn set_role(conn: &mut Conn, id: i64, role: Role) -> QueryResult<usize> {
    diesel::update(operators::table.find(id))
        .set((
            operators::role.eq(role.as_str()),
            operators::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
}

pub fn set_disabled(conn: &mut Conn, id: i64, disabled_at: Option<DateTime<Utc>>) -> QueryResult<usize> {
    diesel::update(operators::table.find(id))
        .set((
            operators::disabled_at.eq(disabled_at),
            operators::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
}

pub fn set_password(conn: &mut Conn, id: i64, password_hash: &str, must_change: bool) -> QueryResult<usize> {
    diesel::update(operators::table.find(id))
        .set((
            operators::password_hash.eq(password_hash),
            operators::must_change_password.eq(must_change),
            operators::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
}

// --- sessions --------------------------------------------------------------------------

pub fn insert_session(
    conn: &mut Conn,
    token_hash: &[u8],
    operator_id: i64,
    expires_at: DateTime<Utc>,
) -> QueryResult<usize> {
    diesel::insert_into(sessions::table)
        .values((
            sessions::token_hash.eq(token_hash),
            sessions::operator_id.eq(operator_id),
            sessions::expires_at.eq(expires_at),
        ))
        .execute(conn)
}

/// A live session as the gate reads it: when it was last seen, its enabled operator, and the
/// organisation's time zone (what the operator's pages use when they chose none).
#[derive(QueryableByName)]
pub struct LiveSession {
    #[diesel(sql_type = diesel::sql_types::Timestamptz)]
    pub last_seen_at: DateTime<Utc>,
    #[diesel(embed)]
    pub operator: OperatorRow,
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Text>)]
    pub organisation_zone: Option<String>,
    /// The operator's saved preferences, by key (`None` when there are none).
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Jsonb>)]
    pub prefs: Option<serde_json::Value>,
    /// The meters' version (`meters_version`) in the same snapshot.
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Int8>)]
    pub meters_version: Option<i64>,
    /// The products' version (`products_version`) in the same snapshot.
    #[diesel(sql_type = diesel::sql_types::Nullable<diesel::sql_types::Int8>)]
    pub products_version: Option<i64>,
}

/// The live session for `token_hash` (not expired, not idle past `idle_since`) and its
/// enabled operator, with the session's last-seen time, the organisation's zone, the
/// operator's saved preferences (a page that shows them reads no more) and the meters' and
/// products' versions (a page that lists the meters or prices with the products reads them only
/// when they changed): one statement, kept
/// prepared (it runs before every page; planned each time, it cost more than most pages'
/// reads).
pub fn find_live_session(
    conn: &mut Conn,
    token_hash: &[u8],
    idle_since: DateTime<Utc>,
) -> QueryResult<Option<LiveSession>> {
    Statement::new(
        "SELECT s.last_seen_at, o.id, o.email, o.password_hash, o.role, o.must_change_password,
                o.disabled_at, o.created_at, o.updated_at, o.language, o.time_zone,
                (SELECT i.time_zone FROM installation i LIMIT 1) AS organisation_zone,
                (SELECT jsonb_object_agg(p.key, p.value) FROM operator_prefs p
                 WHERE p.operator_id = o.id) AS prefs,
                (SELECT v.n FROM meters_version v) AS meters_version,
                (SELECT v.n FROM products_version v) AS products_version
         FROM sessions s JOIN operators o ON o.id = s.operator_id
         WHERE s.token_hash = ",
    )
    .bind_bytes(token_hash)
    .sql(" AND s.expires_at > now() AND s.last_seen_at > ")
    .bind_opt_timestamp(Some(idle_since))
    .sql(" AND o.disabled_at IS NULL")
    .get_result(conn)
    .optional()
}

pub fn touch_session(conn: &mut Conn, token_hash: &[u8]) -> QueryResult<usize> {
    diesel::update(sessions::table.find(token_hash))
        .set(sessions::last_seen_at.eq(diesel::dsl::now))
        .execute(conn)
}

pub fn delete_session(conn: &mut Conn, token_hash: &[u8]) -> QueryResult<usize> {
    diesel::delete(sessions::table.find(token_hash)).execute(conn)
}

/// Ends every session of an operator, except `keep` (the one making the change).
pub fn delete_sessions_of(conn: &mut Conn, operator_id: i64, keep: Option<&[u8]>) -> QueryResult<usize> {
    let mine = sessions::table.filter(sessions::operator_id.eq(operator_id));
    match keep {
        Some(hash) => diesel::delete(mine.filter(sessions::token_hash.ne(hash))).execute(conn),
        None => diesel::delete(mine).execute(conn),
    }
}

pub fn purge_dead_sessions(conn: &mut Conn, idle_since: DateTime<Utc>) -> QueryResult<usize> {
    diesel::delete(
        sessions::table.filter(
            sessions::expires_at
                .le(diesel::dsl::now)
                .or(sessions::last_seen_at.le(idle_since)),
        ),
    )
    .execute(conn)
}

// --- login attempts --------------------------------------------------------------------

/// Serialises sign-in attempts for one (email, address) until the transaction ends, so that
/// counting the recent failures and recording a new attempt happen as one step.
pub fn lock_login_key(conn: &mut Conn, email: &str, ip: &str) -> QueryResult<()> {
    diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 727275))")
        .bind::<diesel::sql_types::Text, _>(format!("{}|{ip}", email.to_lowercase()))
        .execute(conn)
        .map(|_| ())
}

/// Records an attempt; returns its id.
pub fn record_login_attempt(conn: &mut Conn, email: &str, ip: &str, succeeded: bool) -> QueryResult<i64> {
    diesel::insert_into(login_attempts::table)
        .values((
            login_attempts::email.eq(email.to_lowercase()),
            login_attempts::ip.eq(ip),
            login_attempts::succeeded.eq(succeeded),
        ))
        .returning(login_attempts::id)
        .get_result(conn)
}

/// Marks an attempt recorded as failed (before its password was checked) as a success.
pub fn mark_login_succeeded(conn: &mut Conn, id: i64) -> QueryResult<usize> {
    diesel::update(login_attempts::table.find(id))
        .set(login_attempts::succeeded.eq(true))
        .execute(conn)
}

/// Failed attempts for (email, ip) since `since` and after the last success, with the
/// time of the oldest of them.
pub fn recent_failures(
    conn: &mut Conn,
    email: &str,
    ip: &str,
    since: DateTime<Utc>,
) -> QueryResult<(i64, Option<DateTime<Utc>>)> {
    let email = email.to_lowercase();
    let last_success: Option<DateTime<Utc>> = login_attempts::table
        .filter(lower(login_attempts::email).eq(&email))
        .filter(login_attempts::ip.eq(ip))
        .filter(login_attempts::succeeded.eq(true))
        .filter(login_attempts::attempted_at.gt(since))
        .select(diesel::dsl::max(login_attempts::attempted_at))
        .first(conn)?;
    let since = last_success.map_or(since, |t| t.max(since));
    login_attempts::table
        .filter(lower(login_attempts::email).eq(&email))
        .filter(login_attempts::ip.eq(ip))
        .filter(login_attempts::succeeded.eq(false))
        .filter(login_attempts::attempted_at.gt(since))
        .select((count_star(), min(login_attempts::attempted_at)))
        .first(conn)
}

pub fn purge_login_attempts(conn: &mut Conn, before: DateTime<Utc>) -> QueryResult<usize> {
    diesel::delete(login_attempts::table.filter(login_attempts::attempted_at.lt(before))).execute(conn)
}

// --- API keys --------------------------------------------------------------------------

pub fn insert_api_key(
    conn: &mut Conn,
    name: &str,
    prefix: &str,
    key_hash: &[u8],
    created_by: Option<i64>,
) -> QueryResult<ApiKeyRow> {
    diesel::insert_into(api_keys::table)
        .values((
            api_keys::name.eq(name),
            api_keys::prefix.eq(prefix),
            api_keys::key_hash.eq(key_hash),
            api_keys::created_by.eq(created_by),
        ))
        .returning(ApiKeyRow::as_returning())
        .get_result(conn)
}

/// The unrevoked key with this hash; marks it used (at most once a minute, to spare writes).
pub fn use_api_key(conn: &mut Conn, key_hash: &[u8]) -> QueryResult<Option<ApiKeyRow>> {
    let key = api_keys::table
        .filter(api_keys::key_hash.eq(key_hash))
        .filter(api_keys::revoked_at.is_null())
        .select(ApiKeyRow::as_select())
        .first(conn)
        .optional()?;
    if let Some(k) = &key {
        let stale = chrono::Utc::now() - chrono::Duration::minutes(1);
        if k.last_used_at.is_none_or(|t| t < stale) {
            diesel::update(api_keys::table.find(k.id))
                .set(api_keys::last_used_at.eq(diesel::dsl::now))
                .execute(conn)?;
        }
    }
    Ok(key)
}

pub fn list_api_keys(conn: &mut Conn) -> QueryResult<Vec<(ApiKeyRow, Option<String>)>> {
    api_keys::table
        .left_join(operators::table)
        .order(api_keys::id.desc())
        .limit(1000)
        .select((ApiKeyRow::as_select(), operators::email.nullable()))
        .load(conn)
}

pub fn revoke_api_key(conn: &mut Conn, id: i64) -> QueryResult<Option<ApiKeyRow>> {
    diesel::update(api_keys::table.find(id).filter(api_keys::revoked_at.is_null()))
        .set(api_keys::revoked_at.eq(diesel::dsl::now))
        .returning(ApiKeyRow::as_returning())
        .get_result(conn)
        .optional()
}

pub fn find_api_key(conn: &mut Conn, id: i64) -> QueryResult<Option<ApiKeyRow>> {
    api_keys::table
        .find(id)
        .select(ApiKeyRow::as_select())
        .first(conn)
        .optional()
}

// --- operator preferences --------------------------------------------------------------

pub fn set_pref(conn: &mut Conn, operator_id: i64, key: &str, value: &serde_json::Value) -> QueryResult<()> {
    use crate::db::schema::operator_prefs;
    diesel::insert_into(operator_prefs::table)
        .values((
            operator_prefs::operator_id.eq(operator_id),
            operator_prefs::key.eq(key),
            operator_prefs::value.eq(value),
        ))
        .on_conflict((operator_prefs::operator_id, operator_prefs::key))
        .do_update()
        .set((
            operator_prefs::value.eq(value),
            operator_prefs::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Stores an operator's language and time zone (`None`: not chosen).
pub fn set_preferences(
    conn: &mut Conn,
    id: i64,
    language: Option<&str>,
    time_zone: Option<&str>,
) -> QueryResult<usize> {
    diesel::update(operators::table.find(id))
        .set((
            operators::language.eq(language),
            operators::time_zone.eq(time_zone),
            operators::updated_at.eq(diesel::dsl::now),
        ))
        .execute(conn)
}
