//! Short-lived bearer tokens for Stripe's v2 meter event stream ("meter event sessions"): made
//! with an API key, good for [`LIFETIME_MINUTES`], stored hashed, and tied to the key — a
//! revoked key ends its tokens, and events sent with a token name the key in their lineage.

mod repo;

use chrono::{DateTime, Duration, Utc};

pub use repo::SessionRow;

use crate::crypto;
use crate::db::Conn;
use crate::error::AppError;

/// How long a token is good for (Stripe's sessions last 15 minutes).
pub const LIFETIME_MINUTES: i64 = 15;
/// How long an expired token is still recognised as expired (rather than unknown).
pub const REMEMBERED_HOURS: i64 = 24;

/// A new session and its token, shown once.
#[derive(Debug, Clone)]
pub struct NewSession {
    pub session: SessionRow,
    pub token: String,
}

/// What a presented token turned out to be.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TokenCheck {
    /// Good: the API key it was made with.
    Valid { api_key_id: i64, key_name: String },
    /// Was good until `expired_at`: make a new session.
    Expired { expired_at: DateTime<Utc> },
    /// Never issued, forgotten, or its API key is revoked.
    Unknown,
}

/// Makes a session for an API key, valid from `now` for [`LIFETIME_MINUTES`].
pub fn create(conn: &mut Conn, api_key_id: i64, now: DateTime<Utc>) -> Result<NewSession, AppError> {
    repo::delete_expired(conn, now - Duration::hours(REMEMBERED_HOURS))?;
    let token = format!("mest_{}", crypto::random_hex(32));
    let session = repo::insert(
        conn,
        &crate::ids::new_id("mes"),
        &crypto::sha256(token.as_bytes()),
        api_key_id,
        now,
        now + Duration::minutes(LIFETIME_MINUTES),
    )?;
    Ok(NewSession { session, token })
}

/// Looks a presented token up, as of `now`.
pub fn check(conn: &mut Conn, token: &str, now: DateTime<Utc>) -> Result<TokenCheck, AppError> {
    Ok(
        match repo::find_live_key(conn, &crypto::sha256(token.as_bytes()))? {
            None => TokenCheck::Unknown,
            Some((s, _)) if s.expires_at <= now => TokenCheck::Expired {
                expired_at: s.expires_at,
            },
            Some((s, key_name)) => TokenCheck::Valid {
                api_key_id: s.api_key_id,
                key_name,
            },
        },
    )
}
