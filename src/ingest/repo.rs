//! Queries the ingest pipeline makes: which customers exist, which meters listen, which ids
//! are taken; claiming ids, the bulk insert of events and queuing their block for the roller.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Int4, Nullable, Text, Timestamptz};

use super::model::{Checked, Source};
use crate::db::Conn;
use crate::db::schema::{customers, event_ids, meters};
use crate::meters::model::{MeterRow, MeterStatus};

/// The ids among `ids` that are customers.
pub fn existing_customers(conn: &mut Conn, ids: &[String]) -> QueryResult<Vec<String>> {
    customers::table
        .filter(customers::id.eq_any(ids))
        .select(customers::id)
        .load(conn)
}

/// A digest of what the pipeline reads from a `meters` row (timestamps as epochs, so that it
/// does not depend on the session's time zone).
pub const METER_DIGEST: &str = "md5(row(meters.id, meters.name, meters.event_name, \
     meters.aggregation, meters.aggregation_key, meters.filter, meters.status, \
     meters.definition_version, extract(epoch FROM meters.archived_at), \
     extract(epoch FROM meters.updated_at))::text)";

/// The active meters listening to these event names, each with its [`METER_DIGEST`]. Not
/// locked: an ingest only checks its events against them; the roller counts the events with
/// the definitions of its own time, and a definition change rebuilds from the stored events.
pub fn listening_meters_with_digest(
    conn: &mut Conn,
    names: &[String],
) -> QueryResult<Vec<(MeterRow, String)>> {
    meters::table
        .filter(meters::status.eq(MeterStatus::Active.as_str()))
        .filter(meters::event_name.eq_any(names))
        .order(meters::id.asc())
        .select((MeterRow::as_select(), diesel::dsl::sql::<Text>(METER_DIGEST)))
        .load(conn)
}

/// Every event name an active meter listens to (for "did you mean").
pub fn active_event_names(conn: &mut Conn) -> QueryResult<Vec<String>> {
    meters::table
        .filter(meters::status.eq(MeterStatus::Active.as_str()))
        .select(meters::event_name)
        .distinct()
        .load(conn)
}

/// The ids among `ids` already taken (by a stored event, or a voided one whose id stays taken).
pub fn existing_event_ids(conn: &mut Conn, ids: &[String]) -> QueryResult<Vec<String>> {
    event_ids::table
        .filter(event_ids::event_id.eq_any(ids))
        .select(event_ids::event_id)
        .load(conn)
}

/// Receipt numbers are given out in blocks of [`BLOCK_SIZE`]: one sequence value per
/// batch, its events numbered from it in the order they arrived. `seq >> BLOCK_BITS` names the
/// block, which the rollup queue holds until the roller has counted it.
pub const BLOCK_BITS: u32 = 20;
pub const BLOCK_SIZE: i64 = 1 << BLOCK_BITS;
// `store_batch`'s SQL names the block as `first_seq >> 20`.
const _: () = assert!(BLOCK_BITS == 20);

#[derive(QueryableByName)]
struct Stored {
    #[diesel(sql_type = Nullable<BigInt>)]
    first_seq: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    event_id: Option<String>,
}

/// What a batch was checked against when it came from the process's memory
/// (`ingest::catalog`): the store re-checks it in its own snapshot.
#[derive(Debug, Clone, Default)]
pub struct Guard {
    /// Customers taken to exist (distinct).
    pub customers: Vec<String>,
    /// The batch's event names (distinct), and the [`METER_DIGEST`]s of the active meters
    /// taken to listen to them.
    pub names: Vec<String>,
    pub digests: Vec<String>,
}

/// What [`store_batch`] did: the batch's first receipt number (event `i` of the batch has
/// `first_seq + i`) and the ids it stored (the others were taken already).
pub struct StoredBatch {
    pub first_seq: i64,
    pub stored: Vec<String>,
}

/// Stores a batch in ONE statement (one round trip, atomic on its own): with a `guard`, first
/// re-checks it (every customer exists, the active meters of its names are exactly those
/// digests) and stores nothing if it fails (`None`: the caller looks up again); then takes a
/// fresh block of receipt numbers, claims the ids (sorted, so that concurrent batches lock ids
/// in the same order; a concurrent batch holding one of them makes this wait until it commits —
/// then the id is a duplicate — or rolls back — then it is ours), inserts the events whose ids
/// it claimed and queues the block for the roller (a data-modifying `WITH` runs whether or not
/// the final select reads it). Arrays, so the bind count stays fixed at any batch size.
/// `events` are in arrival order and hold distinct ids.
pub fn store_batch(
    conn: &mut Conn,
    events: &[&Checked],
    source: &Source,
    guard: Option<&Guard>,
) -> QueryResult<Option<StoredBatch>> {
    let ids: Vec<&str> = events.iter().map(|e| e.event_id.as_str()).collect();
    let customers: Vec<&str> = events.iter().map(|e| e.customer_id.as_str()).collect();
    let names: Vec<&str> = events.iter().map(|e| e.event_name.as_str()).collect();
    let stamps: Vec<DateTime<Utc>> = events.iter().map(|e| e.timestamp).collect();
    // JSON text, cast to jsonb by the server: no copy of each event's metadata on the way.
    let metadata: Vec<String> = events
        .iter()
        .map(|e| serde_json::to_string(&e.metadata).unwrap_or_default())
        .collect();
    let rows: Vec<Option<i32>> = events.iter().map(|e| e.upload_row).collect();
    let unchecked = Guard::default();
    let g = guard.unwrap_or(&unchecked);
    let stored: Vec<Stored> = diesel::sql_query(format!(
        "WITH ok AS MATERIALIZED (
             SELECT NOT $11 OR (
                 (SELECT count(*) FROM customers WHERE id = ANY($12::text[])) = cardinality($12::text[])
                 AND ARRAY(SELECT {METER_DIGEST} FROM meters
                           WHERE meters.status = 'active' AND meters.event_name = ANY($13::text[])
                           ORDER BY 1)
                     = ARRAY(SELECT unnest($14::text[]) ORDER BY 1)) AS ok),
         block AS MATERIALIZED (SELECT nextval('events_seq_seq') AS first_seq FROM ok WHERE ok),
         input AS MATERIALIZED (
             SELECT t.event_id, b.first_seq + t.ord - 1 AS seq, t.customer_id,
                    t.event_name, t.ts, t.metadata, t.upload_row
             FROM block b,
                  unnest($1::text[], $2::text[], $3::text[], $4::timestamptz[], $5::text[], $6::int4[])
                  WITH ORDINALITY AS t(event_id, customer_id, event_name, ts, metadata, upload_row, ord)),
         claimed AS (
             INSERT INTO event_ids (event_id, customer_id)
             SELECT event_id, customer_id FROM input ORDER BY event_id
             ON CONFLICT (event_id) DO NOTHING
             RETURNING event_id),
         inserted AS (
             INSERT INTO events (event_id, seq, customer_id, event_name, ts, metadata, upload_row,
                                 source, api_key_id, operator_id, upload_id)
             SELECT i.event_id, i.seq, i.customer_id, i.event_name, i.ts, i.metadata::jsonb,
                    i.upload_row, $7, $8, $9, $10
             FROM input i JOIN claimed c ON c.event_id = i.event_id
             RETURNING 1),
         queued AS (
             INSERT INTO rollup_queue (block, events)
             SELECT (SELECT first_seq FROM block) >> 20, count(*)::int4 FROM inserted
             HAVING count(*) > 0
             RETURNING 1)
         SELECT (SELECT first_seq FROM block) AS first_seq, c.event_id
         FROM (SELECT 1) one LEFT JOIN claimed c ON true"
    ))
    .bind::<Array<Text>, _>(ids)
    .bind::<Array<Text>, _>(customers)
    .bind::<Array<Text>, _>(names)
    .bind::<Array<Timestamptz>, _>(stamps)
    .bind::<Array<Text>, _>(metadata)
    .bind::<Array<Nullable<Int4>>, _>(rows)
    .bind::<Text, _>(source.kind())
    .bind::<Nullable<BigInt>, _>(source.api_key_id())
    .bind::<Nullable<BigInt>, _>(source.operator_id())
    .bind::<Nullable<BigInt>, _>(source.upload_id())
    .bind::<Bool, _>(guard.is_some())
    .bind::<Array<Text>, _>(&g.customers)
    .bind::<Array<Text>, _>(&g.names)
    .bind::<Array<Text>, _>(&g.digests)
    .load(conn)?;
    let Some(first_seq) = stored.first().and_then(|r| r.first_seq) else {
        return Ok(None);
    };
    Ok(Some(StoredBatch {
        first_seq,
        stored: stored.into_iter().filter_map(|r| r.event_id).collect(),
    }))
}
