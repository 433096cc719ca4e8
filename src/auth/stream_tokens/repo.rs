//! Queries on meter event sessions (`meter_event_sessions`).

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::Conn;
use crate::db::schema::{api_keys, meter_event_sessions};

/// A session as stored (its token only as a hash).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = meter_event_sessions)]
pub struct SessionRow {
    pub id: String,
    pub api_key_id: i64,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
}

pub fn insert(
    conn: &mut Conn,
    id: &str,
    token_hash: &[u8],
    api_key_id: i64,
    created_at: DateTime<Utc>,
    expires_at: DateTime<Utc>,
) -> QueryResult<SessionRow> {
    diesel::insert_into(meter_event_sessions::table)
        .values((
            meter_event_sessions::id.eq(id),
            meter_event_sessions::token_hash.eq(token_hash),
            meter_event_sessions::api_key_id.eq(api_key_id),
            meter_event_sessions::created_at.eq(created_at),
            meter_event_sessions::expires_at.eq(expires_at),
        ))
        .returning(SessionRow::as_returning())
        .get_result(conn)
}

/// The session of a token hash whose API key is not revoked, with the key's name.
pub fn find_live_key(conn: &mut Conn, token_hash: &[u8]) -> QueryResult<Option<(SessionRow, String)>> {
    meter_event_sessions::table
        .inner_join(api_keys::table)
        .filter(meter_event_sessions::token_hash.eq(token_hash))
        .filter(api_keys::revoked_at.is_null())
        .select((SessionRow::as_select(), api_keys::name))
        .first(conn)
        .optional()
}

/// Forgets sessions that expired before `before` (an expired token answers "expired" for a
/// while, then "unknown").
pub fn delete_expired(conn: &mut Conn, before: DateTime<Utc>) -> QueryResult<usize> {
    diesel::delete(meter_event_sessions::table.filter(meter_event_sessions::expires_at.lt(before)))
        .execute(conn)
}
