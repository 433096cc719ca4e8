//! Queries the ingest pipeline makes: which customers exist, which meters listen, which ids
//! are taken; claiming ids, the bulk insert of events and queuing their block for the roller.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Int4, Nullable, Text, Timestamptz};

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

/// The active meters listening to these event names. Not locked: an ingest only checks its
/// events against them; the roller counts the events with the definitions of its own time, and
/// a definition change rebuilds from the stored events.
pub fn listening_meters(conn: &mut Conn, names: &[String]) -> QueryResult<Vec<MeterRow>> {
    meters::table
        .filter(meters::status.eq(MeterStatus::Active.as_str()))
        .filter(meters::event_name.eq_any(names))
        .order(meters::id.asc())
        .select(MeterRow::as_select())
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

#[derive(QueryableByName)]
struct Seq {
    #[diesel(sql_type = BigInt)]
    seq: i64,
}

/// Receipt numbers are given out in blocks of [`BLOCK_SIZE`]: one sequence value per
/// transaction, its events numbered from it in the order they arrived. `seq >> BLOCK_BITS`
/// names the block, which the rollup queue holds until the roller has counted it.
pub const BLOCK_BITS: u32 = 20;
pub const BLOCK_SIZE: i64 = 1 << BLOCK_BITS;

/// A fresh block: the first receipt number of it.
pub fn reserve_block(conn: &mut Conn) -> QueryResult<i64> {
    let row: Seq = diesel::sql_query("SELECT nextval('events_seq_seq') AS seq").get_result(conn)?;
    Ok(row.seq)
}

#[derive(QueryableByName)]
struct Inserted {
    #[diesel(sql_type = Text)]
    event_id: String,
}

/// Takes the ids of these events, in one statement: returns the ids that were free (now
/// taken by this transaction). Sorted by id, so that concurrent batches lock ids in the same
/// order; a concurrent batch holding one of them makes this wait until it commits (then the
/// id is a duplicate) or rolls back (then it is ours).
pub fn claim_ids(conn: &mut Conn, batch: &[(&Checked, i64)]) -> QueryResult<Vec<String>> {
    if batch.is_empty() {
        return Ok(Vec::new());
    }
    let mut pairs: Vec<(&str, &str)> = batch
        .iter()
        .map(|(e, _)| (e.event_id.as_str(), e.customer_id.as_str()))
        .collect();
    pairs.sort();
    let ids: Vec<&str> = pairs.iter().map(|p| p.0).collect();
    let customers: Vec<&str> = pairs.iter().map(|p| p.1).collect();
    let inserted: Vec<Inserted> = diesel::sql_query(
        "INSERT INTO event_ids (event_id, customer_id)
         SELECT * FROM unnest($1::text[], $2::text[])
         ON CONFLICT (event_id) DO NOTHING
         RETURNING event_id",
    )
    .bind::<Array<Text>, _>(ids)
    .bind::<Array<Text>, _>(customers)
    .load(conn)?;
    Ok(inserted.into_iter().map(|r| r.event_id).collect())
}

/// Inserts the events (whose ids this transaction has claimed) in one statement: arrays, so
/// the bind count stays fixed at any batch size.
pub fn insert_events(conn: &mut Conn, batch: &[(&Checked, i64)], source: &Source) -> QueryResult<()> {
    if batch.is_empty() {
        return Ok(());
    }
    let ids: Vec<&str> = batch.iter().map(|(e, _)| e.event_id.as_str()).collect();
    let seqs: Vec<i64> = batch.iter().map(|(_, s)| *s).collect();
    let customers: Vec<&str> = batch.iter().map(|(e, _)| e.customer_id.as_str()).collect();
    let names: Vec<&str> = batch.iter().map(|(e, _)| e.event_name.as_str()).collect();
    let stamps: Vec<DateTime<Utc>> = batch.iter().map(|(e, _)| e.timestamp).collect();
    // JSON text, cast to jsonb by the server: no copy of each event's metadata on the way.
    let metadata: Vec<String> = batch
        .iter()
        .map(|(e, _)| serde_json::to_string(&e.metadata).unwrap_or_default())
        .collect();
    let rows: Vec<Option<i32>> = batch.iter().map(|(e, _)| e.upload_row).collect();
    diesel::sql_query(
        "INSERT INTO events (event_id, seq, customer_id, event_name, ts, metadata, upload_row,
                             source, api_key_id, operator_id, upload_id)
         SELECT t.*, $8, $9, $10, $11
         FROM unnest($1::text[], $2::int8[], $3::text[], $4::text[], $5::timestamptz[], $6::text[]::jsonb[], $7::int4[])
              AS t(event_id, seq, customer_id, event_name, ts, metadata, upload_row)",
    )
    .bind::<Array<Text>, _>(ids)
    .bind::<Array<BigInt>, _>(seqs)
    .bind::<Array<Text>, _>(customers)
    .bind::<Array<Text>, _>(names)
    .bind::<Array<Timestamptz>, _>(stamps)
    .bind::<Array<Text>, _>(metadata)
    .bind::<Array<Nullable<Int4>>, _>(rows)
    .bind::<Text, _>(source.kind())
    .bind::<Nullable<BigInt>, _>(source.api_key_id())
    .bind::<Nullable<BigInt>, _>(source.operator_id())
    .bind::<Nullable<BigInt>, _>(source.upload_id())
    .execute(conn)
    .map(|_| ())
}

/// Queues a block of stored events for the roller (in the transaction that stored them).
pub fn queue_block(conn: &mut Conn, first_seq: i64, events: usize) -> QueryResult<()> {
    diesel::sql_query("INSERT INTO rollup_queue (block, events) VALUES ($1, $2)")
        .bind::<BigInt, _>(first_seq >> BLOCK_BITS)
        .bind::<Int4, _>(i32::try_from(events).unwrap_or(i32::MAX))
        .execute(conn)
        .map(|_| ())
}
