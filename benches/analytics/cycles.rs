//! B4's cases and its raw-SQL side.
//!
//! A case is one subscription's billing cycle: its past, complete first cycle (both edges inside
//! the data) or the cycle containing the end of the data ("now"). For each, the windows the app
//! reads are computed as `src/meters/rollups/mod.rs` splits a range (whole UTC days from
//! `rollups_daily`, whole hours at the day edges from `rollups`, raw events in the partial hours
//! at the very edges) and stored in `bench.cycle_cases` as the array parameters the app binds.
//!
//! The pgbench script picks a random case, reads its parameters (one primary-key lookup, in
//! place of the app's own lookup of the subscription) and runs the statements
//! `src/meters/rollups/repo.rs` issues for one usage request over all the product's meters — the
//! hourly window read and the daily window read (every meter's windows in one statement each)
//! and the raw edge read (once for the event name; the app then applies each meter's filter to
//! the rows) — with the same text, the same parameter types and, like diesel's `sql_query`,
//! unnamed statements (`-M extended`). Keep [`MERGED`] and the statement texts in step with
//! `read_windows` / `raw_events`; the checks run the script's statements for sample cases and
//! compare with the events themselves.

use std::collections::BTreeMap;
use std::str::FromStr;

use anyhow::{Context, Result, anyhow, ensure};
use chrono::{DateTime, Duration, DurationRound, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Int4, Jsonb, Numeric, Text, Timestamptz};
use meterdesk::metering::{Interval, cycle_containing};
use meterdesk::meters::model::Meter;
use rust_decimal::Decimal;

use crate::dataset::{FILTER_MODEL, Meta};

/// `MERGED` of `src/meters/rollups/repo.rs`.
const MERGED: &str = "r.i, COALESCE(sum(x.event_count), 0)::int8 AS event_count, COALESCE(sum(x.value_sum), 0) AS value_sum,
    max(x.value_max) AS value_max,
    (array_agg(x.last_value ORDER BY x.last_ts DESC, x.last_seq DESC) FILTER (WHERE x.last_ts IS NOT NULL))[1] AS last_value,
    max(x.last_ts) AS last_ts,
    (array_agg(x.last_seq ORDER BY x.last_ts DESC, x.last_seq DESC) FILTER (WHERE x.last_ts IS NOT NULL))[1] AS last_seq,
    max(x.latest_ts) AS latest_ts";

type Window = (DateTime<Utc>, DateTime<Utc>);

#[derive(Debug, Clone)]
pub struct Case {
    /// 1-based, as pgbench's `random(1, N)`.
    pub k: usize,
    pub subscription: String,
    pub customer: String,
    /// "past" (the first, complete cycle) or "current" (the cycle containing the data's end).
    pub kind: &'static str,
    pub at: DateTime<Utc>,
    pub period: Window,
    pub raw: Vec<Window>,
    pub day: Vec<Window>,
    pub hour: Vec<Window>,
}

impl Case {
    /// The app's request for this case.
    pub fn path(&self) -> String {
        format!(
            "/api/v1/subscriptions/{}/usage?at={}",
            self.subscription,
            self.at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
        )
    }
}

fn hour_of(t: DateTime<Utc>) -> DateTime<Utc> {
    t.duration_trunc(Duration::hours(1)).unwrap_or(t)
}

fn day_of(t: DateTime<Utc>) -> DateTime<Utc> {
    t.duration_trunc(Duration::days(1)).unwrap_or(t)
}

fn ceil_to(t: DateTime<Utc>, floor: fn(DateTime<Utc>) -> DateTime<Utc>, step: Duration) -> DateTime<Utc> {
    let f = floor(t);
    if f == t { f } else { f + step }
}

/// `pieces` of `src/meters/rollups/mod.rs`, sorted by where the app reads them: (raw, day, hour).
fn pieces(start: DateTime<Utc>, end: DateTime<Utc>) -> (Vec<Window>, Vec<Window>, Vec<Window>) {
    let (mut raw, mut day, mut hour) = (Vec::new(), Vec::new(), Vec::new());
    if end <= start {
        return (raw, day, hour);
    }
    let (h1, h2) = (ceil_to(start, hour_of, Duration::hours(1)), hour_of(end));
    if h1 >= h2 {
        raw.push((start, end));
        return (raw, day, hour);
    }
    raw.push((start, h1));
    raw.push((h2, end));
    let (d1, d2) = (ceil_to(h1, day_of, Duration::days(1)), day_of(h2));
    if d1 < d2 {
        day.push((d1, d2));
        hour.push((h1, d1));
        hour.push((d2, h2));
    } else {
        hour.push((h1, h2));
    }
    for v in [&mut raw, &mut day, &mut hour] {
        v.retain(|(a, b)| a < b);
    }
    (raw, day, hour)
}

#[derive(QueryableByName)]
struct SubRow {
    #[diesel(sql_type = Text)]
    id: String,
    #[diesel(sql_type = Text)]
    customer_id: String,
    #[diesel(sql_type = Timestamptz)]
    start_at: DateTime<Utc>,
}

/// Two cases per subscription of the bench product.
pub fn cases(conn: &mut PgConnection, meta: &Meta) -> Result<Vec<Case>> {
    let subs: Vec<SubRow> = diesel::sql_query(
        "SELECT id, customer_id, start_at FROM subscriptions WHERE product_id = $1 ORDER BY customer_id, id",
    )
    .bind::<Text, _>(&meta.product)
    .load(conn)?;
    ensure!(!subs.is_empty(), "the bench product has no subscriptions");
    let mut out = Vec::new();
    for s in &subs {
        for (kind, at) in [
            ("past", s.start_at + Duration::days(1)),
            ("current", meta.spec.end),
        ] {
            let Some(period) = cycle_containing(s.start_at, Interval::Monthly, at) else {
                continue;
            };
            let (raw, day, hour) = pieces(period.0, period.1);
            out.push(Case {
                k: out.len() + 1,
                subscription: s.id.clone(),
                customer: s.customer_id.clone(),
                kind,
                at,
                period,
                raw,
                day,
                hour,
            });
        }
    }
    Ok(out)
}

fn ts_literal(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%d %H:%M:%S%.6f+00").to_string()
}

fn array<T>(items: &[T], f: impl Fn(&T) -> String) -> String {
    let inner: Vec<String> = items.iter().map(|x| format!("\"{}\"", f(x))).collect();
    format!("{{{}}}", inner.join(","))
}

/// The meters of the product, in its order: (column suffix, meter).
pub type MeterList = Vec<(String, Meter)>;

/// The values of the script's variables for a case (array literals, as text). As the app
/// batches one request's meters: `h_*` and `d_*` hold every meter's windows (`i` = the meter's
/// index), `r_*` each raw edge window once (read for the event name, filtered per meter after).
pub fn vars(case: &Case, meters: &MeterList) -> BTreeMap<String, String> {
    let mut v = BTreeMap::new();
    v.insert("ev".into(), meters[0].1.row.event_name.clone());
    for (prefix, windows) in [("d", &case.day), ("h", &case.hour)] {
        let per_meter: Vec<(usize, &Meter, &Window)> = meters
            .iter()
            .enumerate()
            .flat_map(|(j, (_, m))| windows.iter().map(move |w| (j, m, w)))
            .collect();
        v.insert(format!("{prefix}_i"), array(&per_meter, |x| x.0.to_string()));
        v.insert(format!("{prefix}_m"), array(&per_meter, |x| x.1.row.id.clone()));
        v.insert(
            format!("{prefix}_c"),
            array(&per_meter, |_| case.customer.clone()),
        );
        v.insert(format!("{prefix}_f"), array(&per_meter, |x| ts_literal(x.2.0)));
        v.insert(format!("{prefix}_t"), array(&per_meter, |x| ts_literal(x.2.1)));
    }
    let idx: Vec<usize> = (0..case.raw.len()).collect();
    v.insert("r_i".into(), array(&idx, |k| k.to_string()));
    v.insert("r_c".into(), array(&case.raw, |_| case.customer.clone()));
    v.insert("r_f".into(), array(&case.raw, |w| ts_literal(w.0)));
    v.insert("r_t".into(), array(&case.raw, |w| ts_literal(w.1)));
    v
}

fn sql_literal(s: &str) -> String {
    format!("'{}'", s.replace('\'', "''"))
}

/// `bench.cycle_cases`: the cases and their parameters, for pgbench's lookup.
pub fn store(conn: &mut PgConnection, cases: &[Case], meters: &MeterList) -> Result<()> {
    let names: Vec<String> = vars(&cases[0], meters).into_keys().collect();
    diesel::sql_query("CREATE SCHEMA IF NOT EXISTS bench").execute(conn)?;
    diesel::sql_query("DROP TABLE IF EXISTS bench.cycle_cases").execute(conn)?;
    diesel::sql_query(format!(
        "CREATE TABLE bench.cycle_cases (k int PRIMARY KEY, subscription_id text NOT NULL, customer_id text NOT NULL,
           kind text NOT NULL, at timestamptz NOT NULL, period_start timestamptz NOT NULL, period_end timestamptz NOT NULL, {})",
        names
            .iter()
            .map(|n| format!("{n} text NOT NULL"))
            .collect::<Vec<_>>()
            .join(", ")
    ))
    .execute(conn)?;
    for chunk in cases.chunks(400) {
        let rows: Vec<String> = chunk
            .iter()
            .map(|c| {
                let v = vars(c, meters);
                let mut cols = vec![
                    c.k.to_string(),
                    sql_literal(&c.subscription),
                    sql_literal(&c.customer),
                    sql_literal(c.kind),
                    sql_literal(&ts_literal(c.at)),
                    sql_literal(&ts_literal(c.period.0)),
                    sql_literal(&ts_literal(c.period.1)),
                ];
                cols.extend(names.iter().map(|n| sql_literal(&v[n])));
                format!("({})", cols.join(", "))
            })
            .collect();
        diesel::sql_query(format!(
            "INSERT INTO bench.cycle_cases (k, subscription_id, customer_id, kind, at, period_start, period_end, {}) VALUES {}",
            names.join(", "),
            rows.join(",\n")
        ))
        .execute(conn)?;
    }
    diesel::sql_query("ANALYZE bench.cycle_cases").execute(conn)?;
    Ok(())
}

/// What one statement of the script reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Read {
    Window,
    Raw,
}

/// The statements of one usage request in the app's order, with `:name` variables: the hourly
/// and the daily windows of every meter (one statement each), then the raw edge events of the
/// event name (one statement; the app applies each meter's filter to the rows in Rust).
pub fn statements(meters: &MeterList) -> Vec<(Read, String)> {
    let mut out = Vec::new();
    for (p, table, bucket) in [("h", "rollups", "hour"), ("d", "rollups_daily", "day")] {
        out.push((
            Read::Window,
            format!(
                "SELECT {MERGED} FROM unnest(:{p}_i::int4[], :{p}_m::text[], :{p}_c::text[], :{p}_f::timestamptz[], :{p}_t::timestamptz[])
                  AS r(i, meter_id, customer_id, t_from, t_to)
             CROSS JOIN LATERAL (SELECT * FROM {table} x
                 WHERE x.meter_id = r.meter_id AND x.customer_id = r.customer_id
                   AND x.{bucket} >= r.t_from AND x.{bucket} < r.t_to OFFSET 0) x
             GROUP BY r.i"
            ),
        ));
    }
    let event_names: std::collections::BTreeSet<&str> =
        meters.iter().map(|(_, m)| m.row.event_name.as_str()).collect();
    debug_assert_eq!(event_names.len(), 1, "the bench meters share one event name");
    out.push((
        Read::Raw,
        "SELECT w.i, e.ts, e.seq, e.metadata, e.received_at FROM unnest(:r_i::int4[], :r_c::text[], :r_f::timestamptz[], :r_t::timestamptz[]) AS w(i, customer_id, t_from, t_to) CROSS JOIN LATERAL (SELECT e.ts, e.seq, e.metadata, e.received_at FROM events e WHERE e.event_name = :ev AND e.ts >= w.t_from AND e.ts < w.t_to AND e.customer_id = w.customer_id OFFSET 0) e".to_string(),
    ));
    out
}

/// The pgbench script: a random case, its parameters, the statements.
pub fn pgbench_script(cases: usize, meters: &MeterList) -> String {
    let names: Vec<String> = vars_names(meters);
    let mut s = format!(
        "-- B4 raw side: one subscription's cycle usage, as the app reads it (see benches/analytics/cycles.rs)\n\\set k random(1, {cases})\nSELECT {} FROM bench.cycle_cases WHERE k = :k \\gset\n",
        names.join(", ")
    );
    for (_, sql) in statements(meters) {
        s.push_str(&sql);
        s.push_str(";\n");
    }
    s
}

/// The lookup alone, to show what it costs.
pub fn lookup_script(cases: usize, meters: &MeterList) -> String {
    format!(
        "\\set k random(1, {cases})\nSELECT {} FROM bench.cycle_cases WHERE k = :k \\gset\n",
        vars_names(meters).join(", ")
    )
}

fn vars_names(_meters: &MeterList) -> Vec<String> {
    let mut names = vec!["ev".to_string()];
    for p in ["d", "h", "r"] {
        for x in ["i", "c", "f", "t"] {
            names.push(format!("{p}_{x}"));
        }
        if p != "r" {
            names.push(format!("{p}_m"));
        }
    }
    names.sort();
    names
}

/// `:name` → its value as a quoted literal (`::` casts are left alone).
pub fn substitute(sql: &str, vars: &BTreeMap<String, String>) -> Result<String> {
    let b = sql.as_bytes();
    let mut out = String::with_capacity(sql.len() + 256);
    let mut i = 0;
    while i < b.len() {
        if b[i] == b':' {
            if b.get(i + 1) == Some(&b':') {
                out.push_str("::");
                i += 2;
                continue;
            }
            let start = i + 1;
            let mut end = start;
            while end < b.len() && (b[end].is_ascii_alphanumeric() || b[end] == b'_') {
                end += 1;
            }
            if end > start {
                let name = &sql[start..end];
                let v = vars.get(name).ok_or_else(|| anyhow!("no value for :{name}"))?;
                out.push_str(&sql_literal(v));
                i = end;
                continue;
            }
        }
        let ch = sql[i..].chars().next().unwrap_or(' ');
        out.push(ch);
        i += ch.len_utf8();
    }
    Ok(out)
}

#[derive(QueryableByName)]
struct WindowCell {
    /// The meter's index.
    #[diesel(sql_type = Int4)]
    i: i32,
    #[diesel(sql_type = BigInt)]
    event_count: i64,
    #[diesel(sql_type = Numeric)]
    value_sum: Decimal,
}

#[derive(QueryableByName)]
struct RawEventRow {
    #[diesel(sql_type = Timestamptz)]
    #[allow(dead_code)]
    ts: DateTime<Utc>,
    #[diesel(sql_type = Jsonb)]
    metadata: serde_json::Value,
}

/// What each meter counted for a case, by the raw side's statements (each meter's filter
/// applied to the raw rows as the app does).
pub fn run_raw(conn: &mut PgConnection, case: &Case, meters: &MeterList) -> Result<Vec<Decimal>> {
    let v = vars(case, meters);
    let mut out = vec![Decimal::ZERO; meters.len()];
    let counts = |j: usize| meters[j].1.aggregation.key().is_none();
    for (read, sql) in statements(meters) {
        let sql = substitute(&sql, &v)?;
        match read {
            Read::Window => {
                let rows: Vec<WindowCell> = diesel::sql_query(&sql).load(conn).context("a window read")?;
                for r in rows {
                    let j = r.i as usize;
                    out[j] += if counts(j) {
                        Decimal::from(r.event_count)
                    } else {
                        r.value_sum
                    };
                }
            }
            Read::Raw => {
                let rows: Vec<RawEventRow> = diesel::sql_query(&sql).load(conn).context("the raw read")?;
                for r in rows {
                    let md = r
                        .metadata
                        .as_object()
                        .ok_or_else(|| anyhow!("metadata not an object"))?;
                    for (j, (_, meter)) in meters.iter().enumerate() {
                        if meter.filter.as_ref().is_some_and(|f| !f.matches(md)) {
                            continue;
                        }
                        out[j] += if counts(j) {
                            Decimal::ONE
                        } else {
                            tokens(&r.metadata)?
                        };
                    }
                }
            }
        }
    }
    Ok(out)
}

fn tokens(md: &serde_json::Value) -> Result<Decimal> {
    let t = &md["tokens"];
    let text = match t {
        serde_json::Value::Number(n) => n.to_string(),
        serde_json::Value::String(s) => s.clone(),
        _ => return Err(anyhow!("event without numeric tokens: {md}")),
    };
    Ok(Decimal::from_str(&text)?)
}

#[derive(QueryableByName)]
struct Truth {
    #[diesel(sql_type = BigInt)]
    n: i64,
    #[diesel(sql_type = Numeric)]
    tokens: Decimal,
    #[diesel(sql_type = Numeric)]
    large: Decimal,
}

/// What the meters count for a case, straight from `events` (count, sum, filtered sum).
pub fn from_events(conn: &mut PgConnection, case: &Case, event_name: &str) -> Result<[Decimal; 3]> {
    let rows: Vec<Truth> = diesel::sql_query(
        "SELECT count(*)::int8 AS n, COALESCE(sum((metadata ->> 'tokens')::numeric), 0) AS tokens,
                COALESCE(sum((metadata ->> 'tokens')::numeric) FILTER (WHERE metadata ->> 'model' = $5), 0) AS large
         FROM events WHERE event_name = $1 AND customer_id = $2 AND ts >= $3 AND ts < $4",
    )
    .bind::<Text, _>(event_name)
    .bind::<Text, _>(&case.customer)
    .bind::<Timestamptz, _>(case.period.0)
    .bind::<Timestamptz, _>(case.period.1)
    .bind::<Text, _>(FILTER_MODEL)
    .load(conn)?;
    let t = rows.first().ok_or_else(|| anyhow!("no row"))?;
    Ok([Decimal::from(t.n), t.tokens, t.large])
}
