//! Voiding one event (a correction): it stops counting everywhere, is kept in `voided_events`
//! with the reason and the time, and its id stays taken, so a resend is a duplicate — unlike an
//! upload's rollback, which frees its ids for a corrected file.
//!
//! Under the roller's lock (`meters::rollups::roller`): the event is either counted already —
//! then every rollup cell it was in is recounted from the events that remain (hourly, daily,
//! meter-day and cycle cells) and the activity counters lose it — or still in a queued block,
//! which the roller now never sees it in. The audit row commits with the void.

mod repo;

use chrono::{DateTime, Utc};
use diesel::Connection;
use serde_json::json;

use crate::audit::{self, Actor};
use crate::db::Conn;
use crate::error::AppError;
use crate::metering::rfc3339;
use crate::meters::model::Meter;
use crate::meters::rollups::{self, hour_of};

/// The longest reason kept, in characters.
pub const MAX_REASON_CHARS: usize = 500;

/// What to void.
#[derive(Debug, Clone)]
pub struct VoidRequest<'a> {
    pub event_id: &'a str,
    /// Why, in the operator's or the client's words (kept with the event and in the audit log).
    pub reason: &'a str,
    /// Void only if the event has this name (Stripe's adjustments name it); a mismatch voids
    /// nothing.
    pub event_name: Option<&'a str>,
}

/// An event that no longer counts.
#[derive(Debug, Clone)]
pub struct VoidedEvent {
    pub event_id: String,
    pub customer_id: String,
    pub event_name: String,
    pub timestamp: DateTime<Utc>,
    pub metadata: serde_json::Map<String, serde_json::Value>,
    pub received_at: DateTime<Utc>,
    /// The lineage kind it came with (`api`, `manual`, `upload`, `stripe`, `cloudevents`).
    pub source: String,
    pub voided_at: DateTime<Utc>,
    pub reason: String,
}

/// Why nothing was voided.
#[derive(Debug, thiserror::Error)]
pub enum VoidError {
    #[error("No event with the id {event_id:?} is stored. Ids are matched exactly.")]
    NotFound { event_id: String },
    #[error("The event {event_id:?} was voided already, at {}; it no longer counts.", rfc3339(*voided_at))]
    AlreadyVoided {
        event_id: String,
        voided_at: DateTime<Utc>,
    },
    #[error("The event {event_id:?} has the event name {actual:?}, not {expected:?}; nothing was voided.")]
    WrongEventName {
        event_id: String,
        expected: String,
        actual: String,
    },
    #[error("{0}")]
    InvalidReason(String),
    #[error(transparent)]
    Other(#[from] AppError),
}

impl From<diesel::result::Error> for VoidError {
    fn from(e: diesel::result::Error) -> Self {
        VoidError::Other(e.into())
    }
}

impl From<VoidError> for AppError {
    fn from(e: VoidError) -> Self {
        match e {
            VoidError::NotFound { .. } => AppError::NotFound(e.to_string()),
            VoidError::AlreadyVoided { .. } => AppError::Conflict(e.to_string()),
            VoidError::WrongEventName { .. } => AppError::validation("event_name", e.to_string()),
            VoidError::InvalidReason(m) => AppError::validation("reason", m),
            VoidError::Other(e) => e,
        }
    }
}

/// The reason, trimmed: 1 to [`MAX_REASON_CHARS`] characters of prose.
fn check_reason(raw: &str) -> Result<String, VoidError> {
    let reason = raw.trim();
    if reason.is_empty() {
        return Err(VoidError::InvalidReason(
            "Say why the event is voided (for example \"sent twice by a retry\"): the reason is kept with the event and in the audit log.".into(),
        ));
    }
    if reason.chars().count() > MAX_REASON_CHARS {
        return Err(VoidError::InvalidReason(format!(
            "The reason has {} characters; at most {MAX_REASON_CHARS}.",
            reason.chars().count()
        )));
    }
    crate::text::prose(reason).map_err(|e| VoidError::InvalidReason(e.for_field("reason")))?;
    Ok(reason.to_string())
}

/// Voids one stored event, in one transaction with its recount and its audit row.
pub fn void(conn: &mut Conn, actor: &Actor, request: &VoidRequest<'_>) -> Result<VoidedEvent, VoidError> {
    let reason = check_reason(request.reason)?;
    let event_id = request.event_id;
    conn.transaction(|conn| {
        let not_found = || VoidError::NotFound {
            event_id: event_id.to_string(),
        };
        let key = crate::db::lookup::event_key(conn, event_id)?.ok_or_else(not_found)?;
        let customer_id = key.customer_id.as_str();
        // No roll while the event leaves: it is either counted already (its cells are
        // recounted below) or still queued (then the roller will never see it).
        rollups::roller::lock(conn)?;
        let Some(moved) = repo::move_to_voided(conn, &key, event_id, &reason)? else {
            // The id is taken but no event holds it: it was voided on its own before.
            return Err(match repo::voided_at(conn, customer_id, event_id)? {
                Some(voided_at) => VoidError::AlreadyVoided {
                    event_id: event_id.to_string(),
                    voided_at,
                },
                None => not_found(),
            });
        };
        if let Some(expected) = request.event_name {
            if moved.event_name != expected {
                // Returning the error rolls the move back.
                return Err(VoidError::WrongEventName {
                    event_id: event_id.to_string(),
                    expected: expected.to_string(),
                    actual: moved.event_name,
                });
            }
        }
        if !moved.queued {
            recount(conn, &moved.customer_id, &moved.event_name, moved.ts)?;
        }
        audit::record(
            conn,
            actor,
            "event.void",
            "event",
            event_id,
            json!({
                "reason": reason,
                "customer_id": moved.customer_id,
                "event_name": moved.event_name,
                "timestamp": rfc3339(moved.ts),
                "metadata": moved.metadata,
                "source": moved.source,
            }),
        )?;
        Ok(VoidedEvent {
            event_id: moved.event_id,
            customer_id: moved.customer_id,
            event_name: moved.event_name,
            timestamp: moved.ts,
            metadata: moved.metadata.as_object().cloned().unwrap_or_default(),
            received_at: moved.received_at,
            source: moved.source,
            voided_at: moved.voided_at,
            reason,
        })
    })
}

/// Takes a counted event out: the activity counters lose it, and every meter of its name
/// recounts the (customer, hour) cell it was in, with the days and cycles above it.
fn recount(conn: &mut Conn, customer_id: &str, event_name: &str, ts: DateTime<Utc>) -> Result<(), AppError> {
    let hour = hour_of(ts);
    rollups::remove_activity(conn, &[(customer_id.to_string(), hour, 1)])?;
    let cell = [(customer_id.to_string(), hour)];
    for row in crate::meters::repo::all_for_event(conn, event_name)? {
        let meter = Meter::from_row(row).map_err(AppError::internal)?;
        rollups::repo::recompute(conn, &meter, &cell)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reasons_are_required_bounded_and_prose() {
        assert!(matches!(check_reason("  "), Err(VoidError::InvalidReason(_))));
        assert_eq!(check_reason(" sent twice\n").ok().as_deref(), Some("sent twice"));
        assert!(check_reason(&"x".repeat(MAX_REASON_CHARS)).is_ok());
        assert!(check_reason(&"x".repeat(MAX_REASON_CHARS + 1)).is_err());
        assert!(check_reason("bell\u{7}").is_err());
    }
}
