//! The rollup queue: the roller's lock, queued blocks, and the stored events in them.

use std::sync::atomic::{AtomicBool, Ordering};

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text, Timestamptz};

use crate::db::Conn;
use crate::db::statement::Statement;

/// Receipt numbers are given out in blocks of `1 << BLOCK_BITS`: one sequence value per stored
/// batch (`ingest::repo::store_batch`), its events numbered from it in the order they arrived.
/// `seq >> BLOCK_BITS` names the block, which the queue holds until the roller has counted it.
pub const BLOCK_BITS: u32 = 20;

/// The roller's advisory lock (one roller at a time across instances; rebuilds, rollbacks
/// and voids take it too).
const ROLLER_LOCK: i64 = 727_276;

/// Takes the roller's lock for this transaction if it is free.
pub fn try_lock_roller(conn: &mut Conn) -> QueryResult<bool> {
    #[derive(QueryableByName)]
    struct Got {
        #[diesel(sql_type = diesel::sql_types::Bool)]
        got: bool,
    }
    let row: Got = diesel::sql_query("SELECT pg_try_advisory_xact_lock($1) AS got")
        .bind::<BigInt, _>(ROLLER_LOCK)
        .get_result(conn)?;
    Ok(row.got)
}

/// Waits for the roller's lock; held until this transaction ends.
pub fn lock_roller(conn: &mut Conn) -> QueryResult<()> {
    diesel::sql_query("SELECT pg_advisory_xact_lock($1)")
        .bind::<BigInt, _>(ROLLER_LOCK)
        .execute(conn)
        .map(|_| ())
}

/// Unqueues blocks the roller has folded in.
pub fn unqueue(conn: &mut Conn, blocks: &[i64]) -> QueryResult<()> {
    use crate::db::schema::rollup_queue;
    diesel::delete(rollup_queue::table.filter(rollup_queue::block.eq_any(blocks)))
        .execute(conn)
        .map(|_| ())
}

/// A stored event of a queued block.
#[derive(QueryableByName, Debug, Clone)]
pub struct QueuedEvent {
    #[diesel(sql_type = Text)]
    pub customer_id: String,
    #[diesel(sql_type = Text)]
    pub event_name: String,
    #[diesel(sql_type = Timestamptz)]
    pub ts: DateTime<Utc>,
    #[diesel(sql_type = BigInt)]
    pub seq: i64,
    #[diesel(sql_type = diesel::sql_types::Jsonb)]
    pub metadata: serde_json::Value,
    #[diesel(sql_type = Timestamptz)]
    pub received_at: DateTime<Utc>,
}

/// The events of the given queued blocks, optionally only those with one of `names`, in
/// receipt order. Found by receipt number: one range scan of `events`' key (led by `seq`) from
/// the first block's first number to the last block's last.
pub fn queued_events(
    conn: &mut Conn,
    blocks: &[i64],
    names: Option<&[String]>,
) -> QueryResult<Vec<QueuedEvent>> {
    let bits = BLOCK_BITS;
    let (Some(lo), Some(hi)) = (blocks.iter().min(), blocks.iter().max()) else {
        return Ok(Vec::new());
    };
    let mut s = Statement::new(
        "SELECT e.customer_id, e.event_name, e.ts, e.seq, e.metadata, e.received_at
         FROM events e WHERE e.seq >= ",
    )
    .bind_i64(lo << bits)
    .sql(" AND e.seq < ")
    .bind_i64((hi + 1) << bits)
    .sql(&format!(" AND (e.seq >> {bits}) = ANY("))
    .bind_i64_array(blocks.to_vec())
    .sql(")");
    if let Some(n) = names {
        s = s
            .sql(" AND e.event_name = ANY(")
            .bind_text_array(n.to_vec())
            .sql(")");
    }
    s.sql(" ORDER BY e.seq").load(conn)
}

/// How much is queued and for how long: the roller's cue ([`super::super::roller`]).
#[derive(QueryableByName, Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueueTiming {
    /// Queued blocks.
    #[diesel(sql_type = BigInt)]
    pub blocks: i64,
    /// The events in them.
    #[diesel(sql_type = BigInt)]
    pub events: i64,
    /// Milliseconds since the oldest and the newest queued block were queued (0 when none is).
    #[diesel(sql_type = BigInt)]
    pub oldest_ms: i64,
    #[diesel(sql_type = BigInt)]
    pub newest_ms: i64,
}

/// The queue's [`QueueTiming`], by the database's clock (which stamped `queued_at`).
pub fn queue_timing(conn: &mut Conn) -> QueryResult<QueueTiming> {
    diesel::sql_query(
        "SELECT count(*)::int8 AS blocks, COALESCE(sum(events), 0)::int8 AS events,
                COALESCE((extract(epoch FROM clock_timestamp() - min(queued_at)) * 1000)::int8, 0) AS oldest_ms,
                COALESCE((extract(epoch FROM clock_timestamp() - max(queued_at)) * 1000)::int8, 0) AS newest_ms
         FROM rollup_queue",
    )
    .get_result(conn)
}

/// Whether this process has read the queued tail since [`take_tail_read`] last asked.
static TAIL_READ: AtomicBool = AtomicBool::new(false);

/// Whether a reader of this process has read the queued tail since the last call (and forgets
/// it): the roller keeps the queue short while readers pay for its length ([`super::super::roller`]).
pub fn take_tail_read() -> bool {
    TAIL_READ.swap(false, Ordering::Relaxed)
}

/// Notes that a reader read the queued tail ([`take_tail_read`]).
pub fn note_tail_read() {
    TAIL_READ.store(true, Ordering::Relaxed);
}

/// A queued block as this snapshot sees it. `version` is its row's version (`xmin`, the
/// transaction that wrote it last): the ingest that queued it, or a void or rollback that removed
/// some of its events and updated its count in the same transaction. So the same
/// (`database`, `block`, `version`) always stands for the same events.
#[derive(QueryableByName, Debug, Clone, Copy, PartialEq, Eq)]
pub struct QueuedBlock {
    /// The database's oid: blocks of different databases never share a key.
    #[diesel(sql_type = BigInt)]
    pub database: i64,
    #[diesel(sql_type = BigInt)]
    pub block: i64,
    #[diesel(sql_type = diesel::sql_types::Integer)]
    pub events: i32,
    #[diesel(sql_type = BigInt)]
    pub version: i64,
}

/// The connection's database oid (what [`QueuedBlock::database`] holds).
pub fn database_oid(conn: &mut Conn) -> QueryResult<i64> {
    #[derive(QueryableByName)]
    struct Oid {
        #[diesel(sql_type = BigInt)]
        oid: i64,
    }
    let row: Oid =
        Statement::new("SELECT oid::int8 AS oid FROM pg_database WHERE datname = current_database()")
            .get_result(conn)?;
    Ok(row.oid)
}

/// A [`QueuedBlock`]'s columns, selected from `rollup_queue q`.
pub const QUEUED_BLOCK_COLUMNS: &str = "(SELECT oid::int8 FROM pg_database WHERE datname = current_database()) AS database, \
     q.block, q.events, q.xmin::text::int8 AS version";

/// The queued blocks with their counts and versions, in block order: every one, or the oldest
/// `limit`. Every page view asks, mostly of an empty queue: kept prepared ([`Statement`]), so it
/// is not parsed and planned each time.
pub fn queued_block_versions(conn: &mut Conn, limit: Option<i64>) -> QueryResult<Vec<QueuedBlock>> {
    let s = Statement::new("SELECT ")
        .sql(QUEUED_BLOCK_COLUMNS)
        .sql(" FROM rollup_queue q ORDER BY q.block");
    match limit {
        Some(n) => s.sql(" LIMIT ").bind_i64(n),
        None => s,
    }
    .load(conn)
}

/// A data-modifying CTE, `requeued AS (…)`, for a statement that deletes stored events and names
/// them `gone` (with their `seq`): each queued block they were in counts fewer events, and its
/// row changes version in the same transaction, so a process that holds the block's events reads
/// them again ([`QueuedBlock`]).
pub fn requeued_cte() -> String {
    format!(
        "requeued AS (
            UPDATE rollup_queue q SET events = q.events - g.n
            FROM (SELECT seq >> {} AS block, count(*)::int4 AS n FROM gone GROUP BY 1) g
            WHERE q.block = g.block)",
        BLOCK_BITS
    )
}

/// A FROM item: the stored events of every queued block (the events the roller has not
/// counted yet), in the statement's snapshot, found by one range scan of `events`' key (led
/// by `seq`) between the first and the last queued block. For statements that add them to the
/// rollups or the activity counters in the same snapshot; building one notes that the tail is
/// read ([`take_tail_read`]).
pub fn queued_events_sql() -> String {
    note_tail_read();
    let bits = BLOCK_BITS;
    format!(
        "(SELECT e.* FROM events e
          WHERE e.seq >= (SELECT COALESCE(min(block), 0) FROM rollup_queue) << {bits}
            AND e.seq < (SELECT COALESCE(max(block) + 1, 0) FROM rollup_queue) << {bits}
            AND (e.seq >> {bits}) IN (SELECT block FROM rollup_queue))"
    )
}

/// The SQL condition (on an `events` row aliased `e`) that keeps events of queued blocks out of
/// a recount from the events: those are the roller's to count.
pub(super) fn not_queued() -> String {
    format!(
        " AND NOT EXISTS (SELECT 1 FROM rollup_queue q WHERE q.block = e.seq >> {})",
        BLOCK_BITS
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn building_the_tail_notes_a_read_and_taking_it_forgets() {
        // Only the roller's loop takes the note, and in this test binary nothing else builds a
        // tail statement (the tests that read the database run in binaries of their own).
        let _ = queued_events_sql();
        assert!(take_tail_read());
        assert!(!take_tail_read());
        let _ = queued_events_sql();
        assert!(take_tail_read());
    }
}
