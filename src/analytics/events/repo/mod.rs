//! All queries of the events pages. Every one is bounded (LIMIT, or an aggregate over one event
//! name in a time window) and served by an index; see the `event_indexes` and
//! `events_by_name_and_source` migrations.

use chrono::{DateTime, Utc};
use diesel::dsl::{count, count_star, max, min, not};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Bool, Nullable, Text, Timestamptz};

use super::model::{
    EventRow, ExclusionCount, KeyRef, ListRow, MeterOption, NameGroup, NameRow, UploadRef, VoidedRow,
};
use crate::db::Conn;
use crate::db::event_pairs;
use crate::db::predicate::Predicate;
use crate::db::row_compare::RowCompare;
use crate::db::schema::{api_keys, customers, events, meters, operators, uploads, voided_events};
use crate::db::statement::Statement;
use crate::metering::SqlPredicate;
use crate::meters::model::{MeterRow, MeterStatus};

mod merged;

use merged::Merged;

/// The events a meter counts: its event name, its filter, and for an archived meter only those
/// received until it was archived.
#[derive(Debug, Clone)]
pub struct MeterScope {
    pub event_name: String,
    pub predicate: Option<SqlPredicate>,
    pub received_until: Option<DateTime<Utc>>,
}

impl MeterScope {
    /// The events `meter` counts.
    pub fn of(meter: &crate::meters::model::Meter) -> MeterScope {
        MeterScope {
            event_name: meter.row.event_name.clone(),
            predicate: meter.filter.as_ref().map(|f| f.to_sql("events.metadata")),
            received_until: (!meter.is_active()).then_some(meter.row.archived_at).flatten(),
        }
    }
}

/// The events table's filters, all optional, joined with AND.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    pub meter: Option<MeterScope>,
    pub event_name: Option<String>,
    pub customer_id: Option<String>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    pub source: Option<&'static str>,
}

/// Newest first by (ts, seq), `limit` rows strictly after the key `after`.
///
/// The key condition is written `ts <= $t AND (ts, seq) < ($t, $s)`: PostgreSQL turns both into
/// index conditions, so a page deep down costs what the first one costs.
pub fn list(
    conn: &mut Conn,
    f: &ListFilter,
    after: Option<(DateTime<Utc>, i64)>,
    limit: i64,
) -> QueryResult<Vec<ListRow>> {
    page(f, after, 0, limit)
        .select(ListRow::as_select())
        .order((events::ts.desc(), events::seq.desc()))
        .limit(limit)
        .load(conn)
}

/// The same list with every field (metadata included), from a keyset key or after skipping
/// `offset` rows (the API's numbered pages).
pub fn list_full(
    conn: &mut Conn,
    f: &ListFilter,
    after: Option<(DateTime<Utc>, i64)>,
    offset: i64,
    limit: i64,
) -> QueryResult<Vec<EventRow>> {
    page(f, after, offset, limit)
        .select(EventRow::as_select())
        .order((events::ts.desc(), events::seq.desc()))
        .limit(limit)
        .load(conn)
}

/// The events of rows `offset..offset + limit` of the filter's list (newest first by (ts, seq)),
/// as a query to select from and order, in one statement: a customer's through
/// `events_customer_ts_idx`, any other list merged from `events_name_source_ts_idx`
/// ([`merged`]).
fn page(
    f: &ListFilter,
    after: Option<(DateTime<Utc>, i64)>,
    offset: i64,
    limit: i64,
) -> events::BoxedQuery<'static, Pg> {
    if f.customer_id.is_some() {
        return filtered(f, after).offset(offset);
    }
    let meter_name = f.meter.as_ref().map(|m| m.event_name.clone());
    if meter_name.is_some() && f.event_name.is_some() && meter_name != f.event_name {
        // A meter of another event name: nothing is both.
        return events::table
            .filter(diesel::dsl::sql::<Bool>("false"))
            .into_boxed();
    }
    let merged = Merged {
        event_name: meter_name.or_else(|| f.event_name.clone()),
        sources: match f.source {
            Some(s) => vec![s],
            None => event_pairs::ALL.to_vec(),
        },
        predicate: f.meter.as_ref().and_then(|m| m.predicate.clone()).map(Predicate),
        received_until: f.meter.as_ref().and_then(|m| m.received_until),
        from: f.from,
        to: f.to,
        after,
        offset,
        limit,
        depth: offset.saturating_add(limit),
    };
    events::table.filter(merged).into_boxed()
}

/// The events the filter keeps, strictly after the key `after` (a customer's list: through
/// `events_customer_ts_idx`).
fn filtered(f: &ListFilter, after: Option<(DateTime<Utc>, i64)>) -> events::BoxedQuery<'static, Pg> {
    let mut q = events::table.into_boxed();
    if let Some(m) = &f.meter {
        q = q.filter(events::event_name.eq(m.event_name.clone()));
        if let Some(p) = &m.predicate {
            q = q.filter(Predicate(p.clone()));
        }
        if let Some(until) = m.received_until {
            q = q.filter(events::received_at.le(until));
        }
    }
    if let Some(name) = &f.event_name {
        q = q.filter(events::event_name.eq(name.clone()));
    }
    if let Some(c) = &f.customer_id {
        q = q.filter(events::customer_id.eq(c.clone()));
    }
    if let Some(t) = f.from {
        q = q.filter(events::ts.ge(t));
    }
    if let Some(t) = f.to {
        q = q.filter(events::ts.lt(t));
    }
    if let Some(s) = f.source {
        q = q.filter(events::source.eq(s));
    }
    if let Some((ts, seq)) = after {
        q = q
            .filter(events::ts.le(ts))
            .filter(RowCompare::<Timestamptz, BigInt, _, _>::before(
                "(events.ts, events.seq)",
                ts,
                seq,
            ));
    }
    q
}

/// Meters for the filter's select (active first, then archived; by name), and the meters'
/// version (`meters_version`) in the same snapshot: `None` only if its row is gone.
pub fn meter_options(conn: &mut Conn, limit: i64) -> QueryResult<(Option<i64>, Vec<MeterOption>)> {
    type Row = (
        Option<i64>,
        Option<String>,
        Option<String>,
        Option<String>,
        Option<String>,
    );
    // One row even without meters, so that the version comes back anyway.
    let rows: Vec<Row> = Statement::new(
        "SELECT v.n, m.id, m.name, m.event_name, m.status
         FROM (SELECT 1) one
         LEFT JOIN meters_version v ON true
         LEFT JOIN LATERAL (SELECT id, name, event_name, status FROM meters
                            ORDER BY status, name, id LIMIT ",
    )
    .bind_i64(limit)
    .sql(") m ON true")
    .typed::<(
        Nullable<BigInt>,
        Nullable<Text>,
        Nullable<Text>,
        Nullable<Text>,
        Nullable<Text>,
    )>()
    .load(conn)?;
    let version = rows.first().and_then(|r| r.0);
    let options = rows
        .into_iter()
        .filter_map(|(_, id, name, event_name, status)| {
            Some(MeterOption {
                id: id?,
                name: name?,
                event_name: event_name?,
                status: status?,
            })
        })
        .collect();
    Ok((version, options))
}

pub fn customer_exists(conn: &mut Conn, id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(customers::table.find(id))).get_result(conn)
}

pub fn customer_name(conn: &mut Conn, id: &str) -> QueryResult<Option<String>> {
    customers::table
        .find(id)
        .select(customers::name)
        .first(conn)
        .optional()
}

pub fn find_event(conn: &mut Conn, event_id: &str) -> QueryResult<Option<EventRow>> {
    crate::db::lookup::event_by_id(event_id)
        .select(EventRow::as_select())
        .first(conn)
        .optional()
}

/// Voided copies of an event id (an id is free again once its upload is rolled back, so it may
/// have been voided more than once), latest first.
pub fn find_voided(conn: &mut Conn, event_id: &str, limit: i64) -> QueryResult<Vec<VoidedRow>> {
    voided_events::table
        .filter(voided_events::event_id.eq(event_id))
        .select(VoidedRow::as_select())
        .order((voided_events::voided_at.desc(), voided_events::seq.desc()))
        .limit(limit)
        .load(conn)
}

/// Every meter listening to an event name: active first, then archived; oldest first.
pub fn meters_for_event(conn: &mut Conn, event_name: &str, limit: i64) -> QueryResult<Vec<MeterRow>> {
    meters::table
        .filter(meters::event_name.eq(event_name))
        .select(MeterRow::as_select())
        .order((meters::status.asc(), meters::created_at.asc(), meters::id.asc()))
        .limit(limit)
        .load(conn)
}

/// The event names meters listen to, with the meter's status: active first.
pub fn meter_event_names(conn: &mut Conn, limit: i64) -> QueryResult<Vec<(String, String)>> {
    meters::table
        .select((meters::event_name, meters::status))
        .distinct()
        .order((meters::status.asc(), meters::event_name.asc()))
        .limit(limit)
        .load(conn)
}

/// The active meters (for the troubleshooting view).
pub fn active_meters(conn: &mut Conn, limit: i64) -> QueryResult<Vec<MeterRow>> {
    meters::table
        .filter(meters::status.eq(MeterStatus::Active.as_str()))
        .select(MeterRow::as_select())
        .order((
            meters::event_name.asc(),
            meters::created_at.asc(),
            meters::id.asc(),
        ))
        .limit(limit)
        .load(conn)
}

/// The archived meters of some event names: (event name, meter id, meter name).
pub fn archived_meters_of(conn: &mut Conn, names: &[String]) -> QueryResult<Vec<(String, String, String)>> {
    meters::table
        .filter(meters::status.eq(MeterStatus::Archived.as_str()))
        .filter(meters::event_name.eq_any(names))
        .select((meters::event_name, meters::id, meters::name))
        .order((meters::event_name.asc(), meters::name.asc()))
        .limit(500)
        .load(conn)
}

pub fn api_key(conn: &mut Conn, id: i64) -> QueryResult<Option<KeyRef>> {
    Ok(api_keys::table
        .find(id)
        .select((api_keys::id, api_keys::name, api_keys::revoked_at))
        .first::<(i64, String, Option<DateTime<Utc>>)>(conn)
        .optional()?
        .map(|(id, name, revoked_at)| KeyRef {
            id,
            name,
            revoked: revoked_at.is_some(),
        }))
}

pub fn operator_email(conn: &mut Conn, id: i64) -> QueryResult<Option<String>> {
    operators::table
        .find(id)
        .select(operators::email)
        .first(conn)
        .optional()
}

/// An upload with who made it.
pub fn upload(conn: &mut Conn, id: i64) -> QueryResult<Option<UploadRef>> {
    let row = uploads::table
        .find(id)
        .select((
            uploads::id,
            uploads::file_name,
            uploads::created_at,
            uploads::rolled_back_at,
            uploads::operator_id,
            uploads::api_key_id,
        ))
        .first::<(
            i64,
            String,
            DateTime<Utc>,
            Option<DateTime<Utc>>,
            Option<i64>,
            Option<i64>,
        )>(conn)
        .optional()?;
    let Some((id, file_name, created_at, rolled_back_at, operator_id, api_key_id)) = row else {
        return Ok(None);
    };
    let by_email = match operator_id {
        Some(o) => operator_email(conn, o)?,
        None => None,
    };
    let by_key = match api_key_id {
        Some(k) => api_key(conn, k)?,
        None => None,
    };
    Ok(Some(UploadRef {
        id,
        file_name,
        created_at,
        rolled_back_at,
        by_email,
        by_key,
    }))
}

/// The distinct event names of all stored events, alphabetically, at most `limit`: a loose
/// index scan on `events_name_source_ts_idx` (one index probe per name, however many events).
pub fn distinct_event_names(conn: &mut Conn, limit: i64) -> QueryResult<Vec<String>> {
    // The recursion runs only as far as the LIMIT reads (PostgreSQL evaluates a recursive
    // query's rows as they are fetched), and gives the names in order.
    let rows: Vec<NameRow> = diesel::sql_query(format!(
        "SELECT n.event_name FROM {} n LIMIT $1",
        event_pairs::EVERY_NAME
    ))
    .bind::<BigInt, _>(limit)
    .load(conn)?;
    Ok(rows.into_iter().map(|r| r.event_name).collect())
}

/// Per event name (among `names`), the events with a timestamp since `since`: how many, first
/// and last, how many customers, and the latest one's id. Most events first, at most `limit`.
pub fn name_groups(
    conn: &mut Conn,
    names: &[String],
    since: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<NameGroup>> {
    if names.is_empty() {
        return Ok(Vec::new());
    }
    // Each name's latest event: the latest of each source's, read from the index.
    diesel::sql_query(format!(
        "SELECT g.event_name, g.events, g.first_ts, g.last_ts, g.customers, x.event_id AS example_id
         FROM (SELECT e.event_name, count(*) AS events, min(e.ts) AS first_ts, max(e.ts) AS last_ts,
                      count(DISTINCT e.customer_id) AS customers
               FROM events e WHERE e.event_name = ANY($1){sources} AND e.ts >= $2
               GROUP BY e.event_name) g
         CROSS JOIN LATERAL (
               SELECT l.event_id FROM unnest({all}) k(source)
               CROSS JOIN LATERAL (
                     SELECT e.event_id, e.ts, e.seq FROM events e
                     WHERE e.event_name = g.event_name AND e.source = k.source AND e.ts >= $2
                     ORDER BY e.ts DESC, e.seq DESC LIMIT 1) l
               ORDER BY l.ts DESC, l.seq DESC LIMIT 1) x
         ORDER BY g.events DESC, g.event_name
         LIMIT $3",
        sources = event_pairs::any_source("e"),
        all = event_pairs::array(),
    ))
    .bind::<Array<Text>, _>(names)
    .bind::<Timestamptz, _>(since)
    .bind::<BigInt, _>(limit)
    .load(conn)
}

/// Of the events named `event_name` since `since`: how many in all, and how many (of how many
/// customers, first and last) the predicate excludes.
pub fn exclusion_count(
    conn: &mut Conn,
    event_name: &str,
    predicate: &SqlPredicate,
    since: DateTime<Utc>,
) -> QueryResult<ExclusionCount> {
    let total: i64 = events::table
        .filter(events::event_name.eq(event_name))
        .filter(every_source())
        .filter(events::ts.ge(since))
        .count()
        .get_result(conn)?;
    let (excluded, customers, first_ts, last_ts) = events::table
        .filter(events::event_name.eq(event_name))
        .filter(every_source())
        .filter(events::ts.ge(since))
        .filter(not(Predicate(predicate.clone())))
        .select((
            count_star(),
            count(events::customer_id).aggregate_distinct(),
            min(events::ts),
            max(events::ts),
        ))
        .get_result::<(i64, i64, Option<DateTime<Utc>>, Option<DateTime<Utc>>)>(conn)?;
    Ok(ExclusionCount {
        total,
        excluded,
        customers,
        first_ts,
        last_ts,
    })
}

/// The latest event named `event_name` since `since` that the predicate excludes: the latest
/// of each source's, each read in the index's order.
pub fn latest_excluded(
    conn: &mut Conn,
    event_name: &str,
    predicate: &SqlPredicate,
    since: DateTime<Utc>,
) -> QueryResult<Option<String>> {
    let mut latest: Option<(DateTime<Utc>, i64, String)> = None;
    for source in event_pairs::ALL {
        let found = events::table
            .filter(events::event_name.eq(event_name))
            .filter(events::source.eq(source))
            .filter(events::ts.ge(since))
            .filter(not(Predicate(predicate.clone())))
            .select((events::ts, events::seq, events::event_id))
            .order((events::ts.desc(), events::seq.desc()))
            .first::<(DateTime<Utc>, i64, String)>(conn)
            .optional()?;
        if let Some(f) = found
            && latest.as_ref().is_none_or(|l| (f.0, f.1) > (l.0, l.1))
        {
            latest = Some(f);
        }
    }
    Ok(latest.map(|l| l.2))
}

/// `events.source = ANY(every source)`: true of every event; with an event name and a time
/// range, PostgreSQL scans the range once per source (see [`event_pairs`]).
fn every_source() -> diesel::expression::SqlLiteral<Bool> {
    diesel::dsl::sql::<Bool>(&event_pairs::source_is_any("events.source"))
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use diesel::prelude::*;

    use super::{ListFilter, ListRow, filtered};
    use crate::db::row_compare::kept_prepared;
    use crate::db::schema::events;

    #[test]
    fn a_deep_page_of_events_is_a_prepared_statement() {
        let ts = Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap();
        let f = ListFilter {
            customer_id: Some("cus_1".into()),
            from: Some(ts - chrono::Duration::days(30)),
            to: Some(ts),
            source: Some("api"),
            ..Default::default()
        };
        let q = filtered(&f, Some((ts, 42)))
            .select(ListRow::as_select())
            .order((events::ts.desc(), events::seq.desc()))
            .limit(51);
        assert!(kept_prepared(&q));
    }

    #[test]
    fn a_merged_page_is_planned_at_each_view() {
        let f = ListFilter {
            event_name: Some("api_call".into()),
            ..Default::default()
        };
        let q = super::page(&f, None, 0, 51)
            .select(ListRow::as_select())
            .order((events::ts.desc(), events::seq.desc()));
        assert!(!kept_prepared(&q));
    }
}
