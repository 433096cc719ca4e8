//! The 10 M-event database B4 and B5 read: customers, three meters (a count, a sum of `tokens`,
//! and a sum of `tokens` filtered on `model = large`), one monthly product pricing all three and
//! a subscription per customer — all made through the API — then the events `COPY`ed straight
//! into `events`, every meter's rollups rebuilt with the library's `rollups::repo::rebuild`, and
//! the activity counters filled with `INSERT … SELECT … GROUP BY`.
//!
//! What was loaded (and how long it took) is kept in `bench.meta`, so that a kept database can
//! be reused by a later run (`--keep-db` / `--reuse-db`).

use std::io::Write;
use std::sync::Mutex;
use std::sync::mpsc::sync_channel;
use std::time::Instant;

use anyhow::{Context, Result, anyhow, bail, ensure};
use chrono::{DateTime, Duration, DurationRound, Timelike, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Text};
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::api::Api;
use crate::data::{self, Event, Rng};
use crate::env::{BenchDb, scalar};

pub const EVENT_NAME: &str = data::EVENT_NAME;
const REGIONS: [&str; 4] = ["eu", "us", "ap", "sa"];
const MODELS: [&str; 3] = ["small", "medium", "large"];
/// The filtered meter counts the tokens of events whose `model` is this.
pub const FILTER_MODEL: &str = "large";
/// The operator the page benchmarks sign in as.
pub const OPERATOR_EMAIL: &str = "bench@bench.example";
pub const OPERATOR_PASSWORD: &str = "bench-password-0001";
/// Bumped when the dataset's shape changes, so that an older kept database is not reused.
const META_VERSION: u32 = 1;

// Only the columns the load writes; the rest take their defaults (seq, received_at …).
diesel::table! {
    events (event_id) {
        event_id -> Text,
        customer_id -> Text,
        event_name -> Text,
        ts -> Timestamptz,
        metadata -> Jsonb,
        source -> Text,
    }
}

/// What the events are. Event `n` depends only on (seed, n), so the data is the same however
/// it is produced.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq)]
pub struct Spec {
    pub events: u64,
    pub customers: u64,
    pub days: f64,
    pub seed: u64,
    /// Timestamps fall in `[end − days, end)`, whole seconds.
    pub end: DateTime<Utc>,
}

impl Spec {
    pub fn span_secs(&self) -> u64 {
        (self.days * 86_400.0).round().max(3_600.0) as u64
    }

    pub fn start(&self) -> DateTime<Utc> {
        self.end - Duration::seconds(self.span_secs() as i64)
    }

    /// The heavy customers (`cus_0000` …, 1 %) get a fifth of all events: 20 × the others' rate.
    pub fn heavy(&self) -> u64 {
        (self.customers / 100).max(1)
    }

    pub fn event(&self, n: u64) -> Event {
        let mut rng = Rng::new(self.seed ^ n.wrapping_mul(0xD1B5_4A32_D192_ED03));
        let ts = self.end - Duration::seconds((rng.below(self.span_secs()) + 1) as i64);
        let customer = if rng.below(5) == 0 {
            rng.below(self.heavy())
        } else {
            rng.below(self.customers)
        };
        // Skewed like real usage: many small calls, a few large ones (as benches/ingest).
        let tokens = match rng.below(10) {
            0 => 1000 + rng.below(7000),
            1..=3 => 200 + rng.below(800),
            _ => 1 + rng.below(200),
        };
        Event {
            id: format!("ev-{n}"),
            customer: data::customer_id(customer),
            ts,
            tokens,
            region: REGIONS[rng.below(REGIONS.len() as u64) as usize],
            model: MODELS[rng.below(MODELS.len() as u64) as usize],
            bad: None,
        }
    }

    /// Customer `c`'s subscription start: a random second of a random day early in the data, so
    /// that the first cycle lies inside it and cycle edges fall inside hours and days (10:37:12).
    pub fn anchor(&self, c: u64) -> DateTime<Utc> {
        let mut rng = Rng::new(self.seed ^ 0x5EED_0000_0000_0000 ^ c.wrapping_mul(0x9E37_79B9_7F4A_7C15));
        let window = (self.span_secs() as i64 - 33 * 86_400).max(86_400);
        let offset = 86_400.min(self.span_secs() as i64 / 4) + rng.below(window as u64) as i64;
        let t = self.start() + Duration::seconds(offset);
        if t.minute() == 0 && t.second() == 0 {
            t + Duration::seconds(37)
        } else {
            t
        }
    }
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Meters {
    pub count: String,
    pub sum: String,
    pub filtered: String,
}

impl Meters {
    /// In the product's order (the order the app reads them for a subscription).
    pub fn all(&self) -> [(&'static str, &str); 3] {
        [
            ("count", self.count.as_str()),
            ("sum", self.sum.as_str()),
            ("filtered", self.filtered.as_str()),
        ]
    }
}

/// How long each part of the load took, in seconds.
#[derive(Debug, Clone, Serialize, Deserialize, Default)]
pub struct LoadTimes {
    /// Customers, meters, the product and the subscriptions, through the API.
    pub api_setup_s: f64,
    pub drop_indexes_s: f64,
    pub copy_s: f64,
    pub copy_rows_per_s: f64,
    /// Re-creating the events table's indexes and unique constraints.
    pub indexes_s: f64,
    /// How many were dropped and re-created.
    #[serde(default)]
    pub indexes: usize,
    /// Rollups of every meter and the activity counters, two at a time.
    pub rollups_and_activity_s: f64,
    /// Each rebuild / fill on its own: (what, seconds).
    pub jobs: Vec<(String, f64)>,
    pub vacuum_analyze_s: f64,
    pub total_s: f64,
}

#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Meta {
    pub version: u32,
    pub complete: bool,
    pub spec: Spec,
    pub meters: Meters,
    pub product: String,
    pub loaded_at: DateTime<Utc>,
    pub load: LoadTimes,
}

/// One table's size after the load.
#[derive(Debug, Clone, Serialize)]
pub struct TableSize {
    pub table: String,
    pub rows: i64,
    pub heap_bytes: i64,
    pub index_bytes: i64,
    pub total_bytes: i64,
}

#[derive(QueryableByName)]
struct TextRow {
    #[diesel(sql_type = Text)]
    name: String,
}

/// The dataset recorded in `bench.meta`, if any.
pub fn read_meta(conn: &mut PgConnection) -> Result<Option<Meta>> {
    let exists = scalar(
        conn,
        "SELECT count(*)::int8 AS n FROM pg_class c JOIN pg_namespace s ON s.oid = c.relnamespace
         WHERE s.nspname = 'bench' AND c.relname = 'meta'",
    )? > 0;
    if !exists {
        return Ok(None);
    }
    let rows: Vec<TextRow> =
        diesel::sql_query("SELECT value::text AS name FROM bench.meta WHERE id = 1").load(conn)?;
    match rows.first() {
        None => Ok(None),
        Some(r) => {
            let meta: Meta = serde_json::from_str(&r.name).context("reading bench.meta")?;
            Ok(Some(meta))
        }
    }
}

fn write_meta(conn: &mut PgConnection, meta: &Meta) -> Result<()> {
    diesel::sql_query(
        "INSERT INTO bench.meta (id, value) VALUES (1, $1::jsonb)
         ON CONFLICT (id) DO UPDATE SET value = EXCLUDED.value",
    )
    .bind::<Text, _>(serde_json::to_string(meta)?)
    .execute(conn)?;
    Ok(())
}

/// Customers, meters, the product and a subscription per customer, through the API.
pub async fn create_catalog(api: &Api, spec: &Spec) -> Result<(Meters, String)> {
    api.create_customers(spec.customers, 8).await?;
    let count = api
        .create_meter("Bench calls", EVENT_NAME, json!({"type": "count"}), "calls")
        .await?;
    let sum = api
        .create_meter(
            "Bench tokens",
            EVENT_NAME,
            json!({"type": "sum", "key": "tokens"}),
            "tokens",
        )
        .await?;
    let (status, v) = api
        .post_json(
            "/api/v1/meters",
            &json!({
                "name": "Bench large-model tokens",
                "event_name": EVENT_NAME,
                "aggregation": {"type": "sum", "key": "tokens"},
                "measurement_unit": "tokens",
                "filter": {"conjunction": "and", "clauses": [
                    {"key": "model", "operator": "equals", "value": FILTER_MODEL}
                ]},
            }),
        )
        .await?;
    ensure!(status == 201, "creating the filtered meter: HTTP {status} {v}");
    let filtered = v["id"]
        .as_str()
        .ok_or_else(|| anyhow!("meter without id: {v}"))?
        .to_string();
    let (status, v) = api
        .post_json(
            "/api/v1/products",
            &json!({
                "name": "Bench LLM plan",
                "currency": "USD",
                "billing_interval": "monthly",
                "meters": [
                    {"meter_id": count, "price_per_unit": "0.001", "free_threshold": "1000"},
                    {"meter_id": sum, "price_per_unit": "0.00002", "free_threshold": "100000"},
                    {"meter_id": filtered, "price_per_unit": "0.0001", "free_threshold": "0"},
                ],
            }),
        )
        .await?;
    ensure!(status == 201, "creating the product: HTTP {status} {v}");
    let product = v["id"]
        .as_str()
        .ok_or_else(|| anyhow!("product without id: {v}"))?
        .to_string();
    // A subscription per customer, 8 requests in flight.
    let next = std::sync::Arc::new(std::sync::atomic::AtomicU64::new(0));
    let mut tasks = Vec::new();
    for _ in 0..8 {
        let (api, next, spec, product) = (api.clone(), next.clone(), spec.clone(), product.clone());
        tasks.push(tokio::spawn(async move {
            loop {
                let c = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if c >= spec.customers {
                    return Ok::<_, anyhow::Error>(());
                }
                let body = json!({
                    "customer_id": data::customer_id(c),
                    "product_id": product,
                    "start": spec.anchor(c).to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
                });
                let (status, v) = api.post_json("/api/v1/subscriptions", &body).await?;
                ensure!(status == 201, "creating a subscription: HTTP {status} {v}");
            }
        }));
    }
    for t in tasks {
        t.await??;
    }
    Ok((Meters { count, sum, filtered }, product))
}

/// The events table's indexes and unique constraints, to drop before the COPY and re-create
/// after it (the standard bulk load: building an index once is much faster than 10 M inserts
/// into seven of them). Re-created with the same names and definitions, then compared.
struct EventIndexes {
    /// (name, `pg_get_constraintdef`)
    constraints: Vec<(String, String)>,
    /// (name, `CREATE INDEX …`)
    indexes: Vec<(String, String)>,
}

#[derive(QueryableByName)]
struct NameDef {
    #[diesel(sql_type = Text)]
    name: String,
    #[diesel(sql_type = Text)]
    def: String,
}

fn event_indexes(conn: &mut PgConnection) -> Result<EventIndexes> {
    let constraints: Vec<NameDef> = diesel::sql_query(
        "SELECT conname::text AS name, pg_get_constraintdef(oid) AS def FROM pg_constraint
         WHERE conrelid = 'public.events'::regclass AND contype IN ('p', 'u', 'x') ORDER BY conname",
    )
    .load(conn)?;
    let indexes: Vec<NameDef> = diesel::sql_query(
        "SELECT i.relname::text AS name, pg_get_indexdef(i.oid) AS def
         FROM pg_index x JOIN pg_class i ON i.oid = x.indexrelid
         WHERE x.indrelid = 'public.events'::regclass
           AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid)
         ORDER BY i.relname",
    )
    .load(conn)?;
    Ok(EventIndexes {
        constraints: constraints.into_iter().map(|r| (r.name, r.def)).collect(),
        indexes: indexes.into_iter().map(|r| (r.name, r.def)).collect(),
    })
}

fn quote_ident(s: &str) -> String {
    format!("\"{}\"", s.replace('"', "\"\""))
}

/// Everything after the catalog: COPY, indexes, rollups, activity counters, VACUUM ANALYZE.
pub fn load(db: &BenchDb, spec: &Spec, meters: &Meters, times: &mut LoadTimes) -> Result<()> {
    let mut conn = db.conn()?;
    for sql in [
        "SET maintenance_work_mem = '1GB'",
        "SET work_mem = '256MB'",
        "SET synchronous_commit = off",
    ] {
        diesel::sql_query(sql).execute(&mut conn)?;
    }
    ensure!(
        scalar(&mut conn, "SELECT count(*)::int8 AS n FROM events")? == 0,
        "the events table is not empty before the load"
    );

    let t = Instant::now();
    let before = event_indexes(&mut conn)?;
    conn.transaction::<_, anyhow::Error, _>(|c| {
        for (name, _) in &before.constraints {
            diesel::sql_query(format!(
                "ALTER TABLE events DROP CONSTRAINT {}",
                quote_ident(name)
            ))
            .execute(c)?;
        }
        for (name, _) in &before.indexes {
            diesel::sql_query(format!("DROP INDEX {}", quote_ident(name))).execute(c)?;
        }
        Ok(())
    })?;
    times.drop_indexes_s = t.elapsed().as_secs_f64();
    times.indexes = before.indexes.len() + before.constraints.len();
    eprintln!(
        "  dropped {} index(es) and {} constraint(s) of events for the load",
        before.indexes.len(),
        before.constraints.len()
    );

    // COPY … FREEZE in the transaction that (re)creates the table's contents: rows are written
    // frozen and all-visible, so neither VACUUM nor the first reads rewrite them.
    let t = Instant::now();
    let (tx, rx) = sync_channel::<(u64, Vec<u8>)>(8);
    let gen_spec = spec.clone();
    let generator = std::thread::spawn(move || -> Result<()> {
        let mut buf = Vec::with_capacity(1 << 20);
        let mut rows = 0u64;
        for n in 0..gen_spec.events {
            gen_spec.event(n).write_copy(&mut buf)?;
            rows += 1;
            if buf.len() >= (1 << 20) - 512 {
                let full = std::mem::replace(&mut buf, Vec::with_capacity(1 << 20));
                if tx.send((rows, full)).is_err() {
                    return Ok(());
                }
                rows = 0;
            }
        }
        if !buf.is_empty() {
            let _ = tx.send((rows, buf));
        }
        Ok(())
    });
    let progress_every = (spec.events / 10).max(1);
    let copied = conn.transaction::<_, anyhow::Error, _>(|c| {
        diesel::sql_query("TRUNCATE events").execute(c)?;
        let rows = diesel::copy_from(events::table)
            .from_raw_data(
                (
                    events::event_id,
                    events::customer_id,
                    events::event_name,
                    events::ts,
                    events::metadata,
                    events::source,
                ),
                |w: &mut dyn Write| {
                    let (mut sent, mut next_note) = (0u64, progress_every);
                    for (rows, chunk) in rx.iter() {
                        w.write_all(&chunk)
                            .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))?;
                        sent += rows;
                        if sent >= next_note {
                            eprintln!(
                                "  copied {sent} events ({:.0} rows/s)",
                                sent as f64 / t.elapsed().as_secs_f64()
                            );
                            next_note += progress_every;
                        }
                    }
                    Ok::<_, diesel::result::Error>(())
                },
            )
            .with_freeze(true)
            .execute(c)
            .context("COPY events FROM STDIN (FREEZE)")?;
        Ok(rows)
    })?;
    generator
        .join()
        .map_err(|_| anyhow!("the event generator panicked"))??;
    times.copy_s = t.elapsed().as_secs_f64();
    times.copy_rows_per_s = copied as f64 / times.copy_s.max(1e-9);
    ensure!(
        copied as u64 == spec.events,
        "COPY stored {copied} rows, expected {}",
        spec.events
    );
    eprintln!(
        "  COPY: {copied} events in {:.1} s ({:.0} rows/s)",
        times.copy_s, times.copy_rows_per_s
    );

    let t = Instant::now();
    for (name, def) in &before.indexes {
        let s = Instant::now();
        diesel::sql_query(def.as_str())
            .execute(&mut conn)
            .with_context(|| format!("re-creating {name}"))?;
        eprintln!("  index {name}: {:.1} s", s.elapsed().as_secs_f64());
    }
    for (name, def) in &before.constraints {
        let s = Instant::now();
        diesel::sql_query(format!(
            "ALTER TABLE events ADD CONSTRAINT {} {def}",
            quote_ident(name)
        ))
        .execute(&mut conn)
        .with_context(|| format!("re-creating {name}"))?;
        eprintln!("  constraint {name}: {:.1} s", s.elapsed().as_secs_f64());
    }
    let after = event_indexes(&mut conn)?;
    ensure!(
        after.indexes == before.indexes && after.constraints == before.constraints,
        "the events table's indexes differ after re-creating them"
    );
    times.indexes_s = t.elapsed().as_secs_f64();

    // Every meter's rollups (the library's rebuild, as when a meter's definition changes) and
    // the two activity counters, two at a time (2 cores).
    let t = Instant::now();
    let mut jobs: Vec<(String, Job)> = meters
        .all()
        .iter()
        .map(|(kind, id)| (format!("rebuild {kind} meter"), Job::Rebuild(id.to_string())))
        .collect();
    jobs.push((
        "activity_days".into(),
        Job::Sql(
            "INSERT INTO activity_days (day, events)
             SELECT date_trunc('day', ts, 'UTC'), count(*) FROM events GROUP BY 1",
        ),
    ));
    jobs.push((
        "customer_activity".into(),
        Job::Sql(
            "WITH c AS (
               INSERT INTO customer_activity (customer_id, events, first_ts, last_ts)
               SELECT customer_id, count(*), min(ts), max(ts) FROM events GROUP BY 1
               RETURNING events, last_ts)
             INSERT INTO activity_last_days (day, customers)
             SELECT date_trunc('day', last_ts, 'UTC'), count(*) FROM c WHERE events > 0 GROUP BY 1",
        ),
    ));
    diesel::sql_query("TRUNCATE activity_days, customer_activity, activity_last_days").execute(&mut conn)?;
    let queue = Mutex::new(jobs.into_iter());
    let done: Mutex<Vec<(String, f64)>> = Mutex::new(Vec::new());
    std::thread::scope(|s| -> Result<()> {
        let workers: Vec<_> = (0..2)
            .map(|_| {
                s.spawn(|| -> Result<()> {
                    let mut c = db.conn()?;
                    diesel::sql_query("SET work_mem = '512MB'").execute(&mut c)?;
                    loop {
                        let Some((what, job)) = queue.lock().map_err(|_| anyhow!("poisoned"))?.next() else {
                            return Ok(());
                        };
                        let s = Instant::now();
                        job.run(&mut c).with_context(|| what.clone())?;
                        let secs = s.elapsed().as_secs_f64();
                        eprintln!("  {what}: {secs:.1} s");
                        done.lock().map_err(|_| anyhow!("poisoned"))?.push((what, secs));
                    }
                })
            })
            .collect();
        for w in workers {
            w.join().map_err(|_| anyhow!("a load worker panicked"))??;
        }
        Ok(())
    })?;
    times.jobs = done.into_inner().map_err(|_| anyhow!("poisoned"))?;
    times.rollups_and_activity_s = t.elapsed().as_secs_f64();

    // The billing cycles that ended, closed into statements as a serving process's closer does
    // at its start (the default grace: an hour). Left to the server, its first round closed a
    // year of cycles (7,124 statements, about a minute of PostgreSQL's time) while B5 measured.
    let t = Instant::now();
    let closed = meterdesk::statements::close_until(&mut conn, Utc::now() - Duration::minutes(60))
        .map_err(|e| anyhow!("closing the ended billing cycles: {e:?}"))?;
    let secs = t.elapsed().as_secs_f64();
    eprintln!("  {} ended billing cycles closed: {secs:.1} s", closed.len());
    times.jobs.push(("close ended cycles".into(), secs));

    let t = Instant::now();
    diesel::sql_query("VACUUM (ANALYZE)").execute(&mut conn)?;
    times.vacuum_analyze_s = t.elapsed().as_secs_f64();
    eprintln!("  VACUUM (ANALYZE): {:.1} s", times.vacuum_analyze_s);
    let _ = diesel::sql_query("CHECKPOINT").execute(&mut conn);
    Ok(())
}

enum Job {
    Rebuild(String),
    Sql(&'static str),
}

impl Job {
    fn run(&self, conn: &mut PgConnection) -> Result<()> {
        match self {
            Job::Rebuild(id) => {
                let meter = meterdesk::meters::service::get(conn, id).map_err(|e| anyhow!("{e:?}"))?;
                conn.transaction(|c| meterdesk::meters::rollups::repo::rebuild(c, &meter))?;
            }
            Job::Sql(sql) => {
                diesel::sql_query(*sql).execute(conn)?;
            }
        }
        Ok(())
    }
}

/// Creates `bench.meta` (incomplete until [`finish`]).
pub fn start_meta(conn: &mut PgConnection, spec: &Spec, meters: &Meters, product: &str) -> Result<Meta> {
    diesel::sql_query("CREATE SCHEMA IF NOT EXISTS bench").execute(conn)?;
    diesel::sql_query("CREATE TABLE IF NOT EXISTS bench.meta (id int PRIMARY KEY, value jsonb NOT NULL)")
        .execute(conn)?;
    let meta = Meta {
        version: META_VERSION,
        complete: false,
        spec: spec.clone(),
        meters: meters.clone(),
        product: product.to_string(),
        loaded_at: Utc::now(),
        load: LoadTimes::default(),
    };
    write_meta(conn, &meta)?;
    Ok(meta)
}

pub fn finish(conn: &mut PgConnection, meta: &mut Meta) -> Result<()> {
    meta.complete = true;
    write_meta(conn, meta)
}

/// Checks that a kept database holds a complete load of this benchmark's current shape.
pub fn usable(meta: &Meta, name: &str) -> Result<()> {
    if meta.version != META_VERSION {
        bail!(
            "database {name} was loaded by another version of this benchmark (dataset version {}, now {META_VERSION}); drop it or use another name",
            meta.version
        );
    }
    if !meta.complete {
        bail!(
            "database {name} holds an incomplete load (an earlier run stopped during it); drop it (DROP DATABASE {name}) or use another name"
        );
    }
    Ok(())
}

/// Rows and bytes of the tables the pages read.
pub fn sizes(conn: &mut PgConnection) -> Result<Vec<TableSize>> {
    #[derive(QueryableByName)]
    struct Row {
        #[diesel(sql_type = BigInt)]
        heap: i64,
        #[diesel(sql_type = BigInt)]
        idx: i64,
        #[diesel(sql_type = BigInt)]
        total: i64,
    }
    let mut out = Vec::new();
    for table in [
        "events",
        "rollups",
        "rollups_daily",
        "meter_days",
        "activity_days",
        "customer_activity",
        "subscriptions",
        "customers",
    ] {
        let rows = scalar(conn, &format!("SELECT count(*)::int8 AS n FROM {table}"))?;
        let r: Vec<Row> = diesel::sql_query(format!(
            "SELECT pg_relation_size('{table}')::int8 AS heap, pg_indexes_size('{table}')::int8 AS idx,
                    pg_total_relation_size('{table}')::int8 AS total"
        ))
        .load(conn)?;
        let r = r.first().ok_or_else(|| anyhow!("no size for {table}"))?;
        out.push(TableSize {
            table: table.to_string(),
            rows,
            heap_bytes: r.heap,
            index_bytes: r.idx,
            total_bytes: r.total,
        });
    }
    Ok(out)
}

/// Now, to the second (the end of the generated timestamps).
pub fn now_secs() -> DateTime<Utc> {
    let now = Utc::now();
    now.duration_trunc(Duration::seconds(1)).unwrap_or(now)
}
