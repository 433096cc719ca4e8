//! Queries of a single event's void: moving it to `voided_events` (its id stays taken in
//! `event_ids`) and finding an earlier void of the same id.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Bool, Jsonb, Nullable, Text, Timestamptz};

use crate::db::Conn;
use crate::db::lookup::EventKey;
use crate::db::schema::voided_events;

/// The event as it was stored (what the recount and the answer need), now in `voided_events`,
/// and whether it was still in a queued block (then the roller had not counted it, and now
/// never will: it is gone from `events`).
#[derive(QueryableByName, Debug, Clone)]
pub struct Moved {
    #[diesel(sql_type = Text)]
    pub event_id: String,
    #[diesel(sql_type = Text)]
    pub customer_id: String,
    #[diesel(sql_type = Text)]
    pub event_name: String,
    #[diesel(sql_type = Timestamptz)]
    pub ts: DateTime<Utc>,
    #[diesel(sql_type = Jsonb)]
    pub metadata: serde_json::Value,
    #[diesel(sql_type = Timestamptz)]
    pub received_at: DateTime<Utc>,
    #[diesel(sql_type = Text)]
    pub source: String,
    #[diesel(sql_type = Timestamptz)]
    pub voided_at: DateTime<Utc>,
    #[diesel(sql_type = Bool)]
    pub queued: bool,
}

/// Moves the stored event `key` names (with this id) to `voided_events` with the reason, in one
/// statement; `None` when no such event is stored (never was, or voided already). The id stays
/// in `event_ids`. The caller holds the roller's lock, so whether the event's block is still
/// queued cannot change under it.
pub fn move_to_voided(
    conn: &mut Conn,
    key: &EventKey,
    event_id: &str,
    reason: &str,
) -> QueryResult<Option<Moved>> {
    diesel::sql_query(format!(
        "WITH gone AS (
            DELETE FROM events WHERE customer_id = $1 AND seq = $4 AND event_id = $2
            RETURNING event_id, seq, customer_id, event_name, ts, metadata, received_at, source,
                      api_key_id, operator_id, upload_id, upload_row
         ), kept AS (
            INSERT INTO voided_events (event_id, seq, customer_id, event_name, ts, metadata, received_at, source,
                                       api_key_id, operator_id, upload_id, upload_row, reason)
            SELECT gone.*, $3 FROM gone
            RETURNING voided_at
         ), {requeued}
         SELECT gone.*, kept.voided_at,
                EXISTS (SELECT 1 FROM rollup_queue q WHERE q.block = gone.seq >> {bits}) AS queued
         FROM gone, kept",
        bits = crate::meters::rollups::repo::BLOCK_BITS,
        requeued = crate::meters::rollups::repo::requeued_cte()
    ))
    .bind::<Text, _>(&key.customer_id)
    .bind::<Text, _>(event_id)
    .bind::<Text, _>(reason)
    .bind::<Nullable<BigInt>, _>(key.seq)
    .get_result(conn)
    .optional()
}

/// When an id was voided on its own (with a reason), latest first.
pub fn voided_at(conn: &mut Conn, customer_id: &str, event_id: &str) -> QueryResult<Option<DateTime<Utc>>> {
    voided_events::table
        .filter(voided_events::customer_id.eq(customer_id))
        .filter(voided_events::event_id.eq(event_id))
        .filter(voided_events::reason.is_not_null())
        .select(voided_events::voided_at)
        .order(voided_events::voided_at.desc())
        .first(conn)
        .optional()
}
