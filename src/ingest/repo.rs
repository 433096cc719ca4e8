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
macro_rules! meter_digest {
    () => {
        "md5(row(meters.id, meters.name, meters.event_name, meters.aggregation, \
         meters.aggregation_key, meters.filter, meters.status, meters.definition_version, \
         extract(epoch FROM meters.archived_at), extract(epoch FROM meters.updated_at))::text)"
    };
}
pub const METER_DIGEST: &str = meter_digest!();

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

// `store_batch`'s SQL names the block as `first_seq >> 20`.
const _: () = assert!(crate::meters::rollups::repo::BLOCK_BITS == 20);

#[derive(QueryableByName)]
struct Stored {
    #[diesel(sql_type = Nullable<BigInt>)]
    first_seq: Option<i64>,
    #[diesel(sql_type = Nullable<Text>)]
    event_id: Option<String>,
    #[diesel(sql_type = Nullable<BigInt>)]
    version: Option<i64>,
    #[diesel(sql_type = Timestamptz)]
    received_at: DateTime<Utc>,
    #[diesel(sql_type = BigInt)]
    database: i64,
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
    pub stored: StoredIds,
    /// The queued block as readers of the queue see it, when any event was stored.
    pub queued: Option<QueuedAs>,
}

/// The ids a store wrote: every one it was given (no set is built: most batches hold no taken
/// id), or those listed, the others having been taken already.
#[derive(Debug, Clone)]
pub enum StoredIds {
    All,
    Only(foldhash::HashSet<String>),
}

impl StoredIds {
    /// Whether `id`, one of the ids given to the store, was stored.
    pub fn contains(&self, id: &str) -> bool {
        match self {
            StoredIds::All => true,
            StoredIds::Only(ids) => ids.contains(id),
        }
    }
}

/// A stored batch's block as the rollup queue lists it (`rollups::repo::queued_block_versions`),
/// and the receipt time its events got.
#[derive(Debug, Clone, Copy)]
pub struct QueuedAs {
    pub database: i64,
    pub version: i64,
    pub received_at: DateTime<Utc>,
}

/// Batches of at least this many events write them with `COPY` ([`super::copy`]) after the
/// statement that claims their ids, in one transaction; smaller ones write them in that
/// statement. COPY costs less per row but four more round trips (BEGIN, the COPY's two, COMMIT),
/// each a wait on the server's thread while it shares the CPU:
/// - B1 (1,000-event batches, 4 clients; `scripts/bench --only b1 --batches 1000 --clients 4
///   --rounds 3`, 4 + 4 alternated): API/COPY 0.701, 0.789, 0.661, 0.773 with COPY against
///   0.754, 0.669, 0.711, 0.658 without; with this threshold, 0.851, 0.754, 0.638, 0.659
///   against 0.601, 0.758, 0.686, 0.600. B3 (an upload, 2,000-row chunks, in its transaction):
///   1.27× psql against 1.43×, PostgreSQL CPU 3.70 s against 5.08 s (one run each).
/// - B6's mixed run (100-event batches at 0.5 × COPY, 32 page viewers; `scripts/bench live
///   --only copy,open,mixed --rate 0.5x`): ingest p99 1,094 ms (page cache off) and 4,162 ms
///   (on) with COPY, against 115 ms and 275 ms without; pages served 102 and 153/s against
///   139 and 219/s.
/// - For 100-event batches COPY saves nothing (measured later): B6's closed loop and mixed run
///   (`scripts/bench live --rounds 1 --only closed,mixed --clients 64`, one build reading the
///   threshold from the environment, 1 against 500, 2 + 2 alternated) stored 70,512 and 68,250
///   events/s against 69,500 and 68,800 with PostgreSQL CPU 1.72 and 1.76 s per 100,000 events
///   against 1.71 and 1.76, mixed p99s alike: what a small batch costs beyond its rows lies in
///   the request, the statement and the commit, not in how the rows go in.
pub const COPY_FROM: usize = 500;

/// Groups of concurrent batches (`ingest::together`) of at least this many events write them
/// with COPY too. A group's rows are many, and its round trips are made once for all of its
/// batches, with the others waiting in line holding no connection: B6's closed loop with 64
/// clients (groups of about 600 events; `scripts/bench live --rounds 1 --only copy,closed
/// --clients 64`, one build reading the threshold from the environment, alternated) stored
/// 84,938 and 84,412 events/s with 300 against 80,350 and 83,075 without COPY, PostgreSQL's CPU
/// per 100,000 events 1.33 and 1.34 s against 1.44 and 1.38 s; the open loop and the mixed run
/// at 30,000 events/s (smaller groups) alike (ingest p99 12 / 52 / 96 ms against 14 / 61 / 82 ms).
pub const GROUP_COPY_FROM: usize = 300;

/// Stores a batch: with a `guard`, first re-checks it (every customer exists, the active meters
/// of its names are exactly those digests) and stores nothing if it fails (`None`: the caller
/// looks up again); then takes a fresh block of receipt numbers, claims the ids (sorted, so
/// that concurrent batches lock ids in the same order; a concurrent batch holding one of them
/// makes this wait until it commits — then the id is a duplicate — or rolls back — then it is
/// ours), writes the events whose ids it claimed and queues the block for the roller. All of
/// that is ONE statement (one round trip, atomic on its own; a data-modifying `WITH` runs
/// whether or not the final select reads it), or, from [`COPY_FROM`] events, that statement
/// without the events and a COPY of them, in one transaction. Arrays, so the bind count stays
/// fixed at any batch size. `events` are in arrival order and hold distinct ids.
///
/// Outside a caller's transaction the batch is first stored as if every id were new ([`Claim::All`]:
/// plain inserts); if one is taken, that statement fails on `event_ids`' key, stores nothing, and
/// the batch is stored again claiming only the free ids ([`Claim::Free`]: `ON CONFLICT DO
/// NOTHING`). Most batches hold no taken id, and a plain insert into `event_ids` cost about 60 %
/// of one with `ON CONFLICT` (100,000 rows: 410–490 ms against 680–900 ms, alternated); a
/// re-sent batch fails on its first id. Inside a caller's transaction (an upload's chunks) the
/// first form runs under a savepoint, so that its failure is rolled back to it and not the
/// caller's work; the second form then runs in the caller's transaction.
///
/// The customers are re-checked as an anti join of the batch's ids against `customers`, which
/// the planner can answer with a probe of the primary key per id (or, for a small table, with a
/// hash of it). As `count(*) … WHERE id = ANY(…)` its kept generic plan scanned every customer
/// and compared each with every id of the batch: 18 of a 1000-event batch's 104 ms with 1000
/// customers.
pub fn store_batch(
    conn: &mut Conn,
    events: &[&Checked],
    source: &Source,
    guard: Option<&Guard>,
) -> QueryResult<Option<StoredBatch>> {
    store(conn, events, source, guard, events.len() >= COPY_FROM)
}

/// [`store_batch`] for a group of concurrent batches (`ingest::together`), checked against
/// memory: the one statement, or from [`GROUP_COPY_FROM`] events that statement and a COPY of
/// the events (its batches arrive in requests of at most [`COPY_FROM`] - 1 events).
pub fn store_group(
    conn: &mut Conn,
    events: &[&Checked],
    source: &Source,
    guard: &Guard,
) -> QueryResult<Option<StoredBatch>> {
    store(conn, events, source, Some(guard), events.len() >= GROUP_COPY_FROM)
}

fn store(
    conn: &mut Conn,
    events: &[&Checked],
    source: &Source,
    guard: Option<&Guard>,
    copy: bool,
) -> QueryResult<Option<StoredBatch>> {
    // The statement's own events: none when they are copied.
    let written = if copy { &[][..] } else { events };
    let unchecked = Guard::default();
    let columns = StoreColumns {
        ids: events.iter().map(|e| e.event_id.as_str()).collect(),
        customers: events.iter().map(|e| e.customer_id.as_str()).collect(),
        // JSON text, turned into jsonb by the server: no copy of each event's metadata on the way.
        metadata: events
            .iter()
            .map(|e| serde_json::to_string(&e.metadata).unwrap_or_default())
            .collect(),
        names: written.iter().map(|e| e.event_name.as_str()).collect(),
        stamps: written.iter().map(|e| e.timestamp).collect(),
        rows: written.iter().map(|e| e.upload_row).collect(),
        source_kind: source.kind(),
        api_key_id: source.api_key_id(),
        operator_id: source.operator_id(),
        upload_id: source.upload_id(),
        checked: guard.is_some(),
        guard: guard.unwrap_or(&unchecked),
    };
    let store = |conn: &mut Conn, claim| {
        let rows: Vec<Stored> = StoreQuery {
            claim,
            copy,
            columns: &columns,
        }
        .load(conn)?;
        let stored = match claim {
            Claim::All => done(rows, |_| StoredIds::All),
            Claim::Free => done(rows, |rows| {
                StoredIds::Only(rows.into_iter().filter_map(|r| r.event_id).collect())
            }),
        };
        if let (true, Some(batch)) = (copy, &stored) {
            super::copy::copy_events(conn, events, &columns.metadata, source, batch.first_seq, |id| {
                batch.stored.contains(id)
            })?;
        }
        Ok(stored)
    };
    if crate::db::in_transaction(conn)? {
        // A nested transaction is a savepoint.
        return match conn.transaction(|conn| store(conn, Claim::All)) {
            Err(e) if taken_id(&e) => store(conn, Claim::Free),
            stored => stored,
        };
    }
    // On its own: the copied form's two statements in a transaction of their own.
    let attempt = |conn: &mut Conn, claim| {
        if copy {
            conn.transaction(|conn| store(conn, claim))
        } else {
            store(conn, claim)
        }
    };
    match attempt(conn, Claim::All) {
        Err(e) if taken_id(&e) => attempt(conn, Claim::Free),
        stored => stored,
    }
}

/// Whether `e` is an insert into `event_ids` that found its id taken.
fn taken_id(e: &diesel::result::Error) -> bool {
    matches!(
        e,
        diesel::result::Error::DatabaseError(diesel::result::DatabaseErrorKind::UniqueViolation, info)
            if info.constraint_name() == Some("event_ids_pkey")
    )
}

/// The batch [`store_batch`]'s rows describe (`None`: the guard failed), its stored ids as
/// `stored_ids` reads them.
fn done(rows: Vec<Stored>, stored_ids: impl FnOnce(Vec<Stored>) -> StoredIds) -> Option<StoredBatch> {
    let first = rows.first()?;
    let first_seq = first.first_seq?;
    let queued = first.version.map(|version| QueuedAs {
        database: first.database,
        version,
        received_at: first.received_at,
    });
    Some(StoredBatch {
        first_seq,
        stored: stored_ids(rows),
        queued,
    })
}

/// Which of a batch's ids [`store_batch`]'s statement claims.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Claim {
    /// Every id, by plain inserts: the statement fails on `event_ids_pkey` if one is taken.
    All,
    /// The ids not taken (`ON CONFLICT DO NOTHING`); the statement returns those it claimed.
    Free,
}

/// [`store_batch`]'s statement with its values. Its text never changes for a [`Claim`] and
/// `copy` (the values come first, in `p`), so diesel keeps each form prepared per connection and
/// PostgreSQL parses and plans it once per connection instead of once per batch.
struct StoreQuery<'a> {
    claim: Claim,
    /// The events are copied after the statement (it claims ids and queues the block only).
    copy: bool,
    columns: &'a StoreColumns<'a>,
}

/// The values of [`StoreQuery`] (and of the COPY after it).
struct StoreColumns<'a> {
    ids: Vec<&'a str>,
    customers: Vec<&'a str>,
    metadata: Vec<String>,
    /// The events' other values, when the statement writes them (empty when they are copied).
    names: Vec<&'a str>,
    stamps: Vec<DateTime<Utc>>,
    rows: Vec<Option<i32>>,
    source_kind: &'a str,
    api_key_id: Option<i64>,
    operator_id: Option<i64>,
    upload_id: Option<i64>,
    checked: bool,
    guard: &'a Guard,
}

/// The guard and the block: what every form starts from.
const STORE_HEAD: &str = concat!(
    "),
 ok AS MATERIALIZED (
     SELECT NOT p.checked OR (
         NOT EXISTS (SELECT FROM unnest(p.known) k(id)
                     WHERE NOT EXISTS (SELECT FROM customers c WHERE c.id = k.id))
         AND ARRAY(SELECT ",
    meter_digest!(),
    "
                   FROM meters WHERE meters.status = 'active' AND meters.event_name = ANY(p.listened)
                   ORDER BY 1)
             = ARRAY(SELECT unnest(p.digests) ORDER BY 1)) AS ok
     FROM p),
 block AS MATERIALIZED (SELECT nextval('events_seq_seq') AS first_seq FROM ok WHERE ok),"
);

/// The batch's rows, with their events (written by the statement).
const INPUT_EVENTS: &str = "
 input AS MATERIALIZED (
     SELECT t.event_id, b.first_seq + t.ord - 1 AS seq, t.customer_id,
            t.event_name, t.ts, t.metadata, t.upload_row
     FROM block b, p,
          unnest(p.ids, p.customers, p.names, p.stamps, p.metadata, p.upload_rows)
          WITH ORDINALITY AS t(event_id, customer_id, event_name, ts, metadata, upload_row, ord)),";

/// The batch's ids only (its events are copied after the statement).
const INPUT_IDS: &str = "
 input AS MATERIALIZED (
     SELECT t.event_id, b.first_seq + t.ord - 1 AS seq, t.customer_id
     FROM block b, p, unnest(p.ids, p.customers) WITH ORDINALITY AS t(event_id, customer_id, ord)),";

/// [`Claim::All`]'s claim: every id.
const CLAIM_ALL: &str = "
 claimed AS (
     INSERT INTO event_ids (event_id, customer_id, seq)
     SELECT event_id, customer_id, seq FROM input ORDER BY event_id),";

/// [`Claim::All`]'s events: every row, no join with what was claimed.
const INSERT_ALL: &str = "
 inserted AS (
     INSERT INTO events (event_id, seq, customer_id, event_name, ts, metadata, upload_row,
                         source, api_key_id, operator_id, upload_id)
     SELECT i.event_id, i.seq, i.customer_id, i.event_name, i.ts, i.metadata::jsonb,
            i.upload_row, p.source, p.api_key_id, p.operator_id, p.upload_id
     FROM p, input i),";

/// [`Claim::All`]'s queue row and result: one row.
const QUEUE_ALL: &str = "
 queued AS (
     INSERT INTO rollup_queue (block, events)
     SELECT b.first_seq >> 20, (SELECT count(*)::int4 FROM input) FROM block b
     WHERE EXISTS (SELECT FROM input)
     RETURNING xmin::text::int8 AS version)
 SELECT (SELECT first_seq FROM block) AS first_seq, NULL::text AS event_id,
        (SELECT version FROM queued) AS version, now() AS received_at,
        (SELECT oid::int8 FROM pg_database WHERE datname = current_database()) AS database";

/// [`Claim::Free`]'s claim: the ids not taken.
const CLAIM_FREE: &str = "
 claimed AS (
     INSERT INTO event_ids (event_id, customer_id, seq)
     SELECT event_id, customer_id, seq FROM input ORDER BY event_id
     ON CONFLICT (event_id) DO NOTHING
     RETURNING event_id),";

/// [`Claim::Free`]'s events: the rows whose ids it claimed.
const INSERT_FREE: &str = "
 inserted AS (
     INSERT INTO events (event_id, seq, customer_id, event_name, ts, metadata, upload_row,
                         source, api_key_id, operator_id, upload_id)
     SELECT i.event_id, i.seq, i.customer_id, i.event_name, i.ts, i.metadata::jsonb,
            i.upload_row, p.source, p.api_key_id, p.operator_id, p.upload_id
     FROM p, input i JOIN claimed c ON c.event_id = i.event_id),";

/// [`Claim::Free`]'s queue row and result: a row per claimed id (or one).
const QUEUE_FREE: &str = "
 queued AS (
     INSERT INTO rollup_queue (block, events)
     SELECT (SELECT first_seq FROM block) >> 20, count(*)::int4 FROM claimed
     HAVING count(*) > 0
     RETURNING xmin::text::int8 AS version)
 SELECT (SELECT first_seq FROM block) AS first_seq, c.event_id,
        (SELECT version FROM queued) AS version, now() AS received_at,
        (SELECT oid::int8 FROM pg_database WHERE datname = current_database()) AS database
 FROM (SELECT 1) one LEFT JOIN claimed c ON true";

impl diesel::query_builder::QueryFragment<diesel::pg::Pg> for StoreQuery<'_> {
    fn walk_ast<'b>(
        &'b self,
        mut out: diesel::query_builder::AstPass<'_, 'b, diesel::pg::Pg>,
    ) -> QueryResult<()> {
        let c = self.columns;
        out.push_sql("WITH p AS MATERIALIZED (SELECT ");
        out.push_bind_param::<Array<Text>, _>(&c.ids)?;
        out.push_sql("::text[] AS ids, ");
        out.push_bind_param::<Array<Text>, _>(&c.customers)?;
        out.push_sql("::text[] AS customers, ");
        if !self.copy {
            self.walk_events(&mut out)?;
        }
        out.push_bind_param::<Bool, _>(&c.checked)?;
        out.push_sql("::bool AS checked, ");
        out.push_bind_param::<Array<Text>, _>(&c.guard.customers)?;
        out.push_sql("::text[] AS known, ");
        out.push_bind_param::<Array<Text>, _>(&c.guard.names)?;
        out.push_sql("::text[] AS listened, ");
        out.push_bind_param::<Array<Text>, _>(&c.guard.digests)?;
        out.push_sql("::text[] AS digests");
        out.push_sql(STORE_HEAD);
        let (claim, insert, queue) = match self.claim {
            Claim::All => (CLAIM_ALL, INSERT_ALL, QUEUE_ALL),
            Claim::Free => (CLAIM_FREE, INSERT_FREE, QUEUE_FREE),
        };
        out.push_sql(if self.copy { INPUT_IDS } else { INPUT_EVENTS });
        out.push_sql(claim);
        if !self.copy {
            out.push_sql(insert);
        }
        out.push_sql(queue);
        Ok(())
    }
}

impl<'a> StoreQuery<'a> {
    /// The values of the events the statement writes itself (not when they are copied).
    fn walk_events<'b>(
        &'b self,
        out: &mut diesel::query_builder::AstPass<'_, 'b, diesel::pg::Pg>,
    ) -> QueryResult<()>
    where
        'a: 'b,
    {
        let c = self.columns;
        out.push_bind_param::<Array<Text>, _>(&c.names)?;
        out.push_sql("::text[] AS names, ");
        out.push_bind_param::<Array<Timestamptz>, _>(&c.stamps)?;
        out.push_sql("::timestamptz[] AS stamps, ");
        out.push_bind_param::<Array<Text>, _>(&c.metadata)?;
        out.push_sql("::text[] AS metadata, ");
        out.push_bind_param::<Array<Nullable<Int4>>, _>(&c.rows)?;
        out.push_sql("::int4[] AS upload_rows, ");
        out.push_bind_param::<Text, _>(&c.source_kind)?;
        out.push_sql("::text AS source, ");
        out.push_bind_param::<Nullable<BigInt>, _>(&c.api_key_id)?;
        out.push_sql("::int8 AS api_key_id, ");
        out.push_bind_param::<Nullable<BigInt>, _>(&c.operator_id)?;
        out.push_sql("::int8 AS operator_id, ");
        out.push_bind_param::<Nullable<BigInt>, _>(&c.upload_id)?;
        out.push_sql("::int8 AS upload_id, ");
        Ok(())
    }
}

impl diesel::query_builder::QueryId for StoreQuery<'_> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl diesel::query_builder::Query for StoreQuery<'_> {
    type SqlType = diesel::sql_types::Untyped;
}

impl<Conn> RunQueryDsl<Conn> for StoreQuery<'_> {}
