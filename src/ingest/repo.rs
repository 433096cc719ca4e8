//! Queries the ingest pipeline makes: which customers exist, which meters listen (locked for
//! the transaction), which ids are taken, and the bulk insert of events.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Int4, Nullable, Text, Timestamptz};

use super::model::{Checked, Source};
use crate::db::Conn;
use crate::db::schema::{customers, events, meters};
use crate::meters::model::{MeterRow, MeterStatus};

/// The ids among `ids` that are customers.
pub fn existing_customers(conn: &mut Conn, ids: &[String]) -> QueryResult<Vec<String>> {
    customers::table
        .filter(customers::id.eq_any(ids))
        .select(customers::id)
        .load(conn)
}

/// The active meters listening to these event names, locked against definition changes until
/// the transaction ends (a concurrent edit waits, then rebuilds with these events in).
pub fn listening_meters_locked(conn: &mut Conn, names: &[String]) -> QueryResult<Vec<MeterRow>> {
    meters::table
        .filter(meters::status.eq(MeterStatus::Active.as_str()))
        .filter(meters::event_name.eq_any(names))
        .order(meters::id.asc())
        .select(MeterRow::as_select())
        .for_share()
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

/// The ids among `ids` already stored.
pub fn existing_event_ids(conn: &mut Conn, ids: &[String]) -> QueryResult<Vec<String>> {
    events::table
        .filter(events::event_id.eq_any(ids))
        .select(events::event_id)
        .load(conn)
}

#[derive(QueryableByName)]
struct Seq {
    #[diesel(sql_type = BigInt)]
    seq: i64,
}

/// `n` receipt sequence numbers, increasing, in the order the events arrived.
pub fn next_seqs(conn: &mut Conn, n: usize) -> QueryResult<Vec<i64>> {
    let rows: Vec<Seq> =
        diesel::sql_query("SELECT nextval('events_seq_seq') AS seq FROM generate_series(1, $1) ORDER BY 1")
            .bind::<BigInt, _>(n as i64)
            .load(conn)?;
    Ok(rows.into_iter().map(|r| r.seq).collect())
}

#[derive(QueryableByName)]
struct Inserted {
    #[diesel(sql_type = Text)]
    event_id: String,
}

/// Inserts the events in one statement (arrays, so the bind count stays fixed at any batch
/// size); ids already taken are skipped. Returns the ids actually inserted. Rows go in sorted
/// by event_id so that concurrent batches lock ids in the same order.
pub fn insert_events(
    conn: &mut Conn,
    batch: &[(&Checked, i64)],
    source: &Source,
) -> QueryResult<Vec<String>> {
    if batch.is_empty() {
        return Ok(Vec::new());
    }
    let mut sorted: Vec<&(&Checked, i64)> = batch.iter().collect();
    sorted.sort_by(|a, b| a.0.event_id.cmp(&b.0.event_id));
    let ids: Vec<&str> = sorted.iter().map(|(e, _)| e.event_id.as_str()).collect();
    let seqs: Vec<i64> = sorted.iter().map(|(_, s)| *s).collect();
    let customers: Vec<&str> = sorted.iter().map(|(e, _)| e.customer_id.as_str()).collect();
    let names: Vec<&str> = sorted.iter().map(|(e, _)| e.event_name.as_str()).collect();
    let stamps: Vec<DateTime<Utc>> = sorted.iter().map(|(e, _)| e.timestamp).collect();
    // JSON text, cast to jsonb by the server: no copy of each event's metadata on the way.
    let metadata: Vec<String> = sorted
        .iter()
        .map(|(e, _)| serde_json::to_string(&e.metadata).unwrap_or_default())
        .collect();
    let rows: Vec<Option<i32>> = sorted.iter().map(|(e, _)| e.upload_row).collect();
    let inserted: Vec<Inserted> = diesel::sql_query(
        "INSERT INTO events (event_id, seq, customer_id, event_name, ts, metadata, upload_row,
                             source, api_key_id, operator_id, upload_id)
         SELECT t.*, $8, $9, $10, $11
         FROM unnest($1::text[], $2::int8[], $3::text[], $4::text[], $5::timestamptz[], $6::text[]::jsonb[], $7::int4[])
              AS t(event_id, seq, customer_id, event_name, ts, metadata, upload_row)
         ON CONFLICT (event_id) DO NOTHING
         RETURNING event_id",
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
    .load(conn)?;
    Ok(inserted.into_iter().map(|r| r.event_id).collect())
}
