//! All queries on meters.

use diesel::prelude::*;

use super::model::{MeterRow, MeterStatus, ValidMeter};
use super::payload_keys::PayloadKeys;
use crate::db::Conn;
use crate::db::schema::meters;
use crate::metering::Filter;
use crate::paging::{Keyset, Seek};

pub fn insert(conn: &mut Conn, id: &str, m: &ValidMeter) -> QueryResult<MeterRow> {
    let d = &m.definition;
    diesel::insert_into(meters::table)
        .values((
            meters::id.eq(id),
            meters::name.eq(&m.name),
            meters::description.eq(&m.description),
            meters::event_name.eq(&d.event_name),
            meters::aggregation.eq(d.aggregation.kind().as_str()),
            meters::aggregation_key.eq(d.aggregation.key()),
            meters::unit.eq(&m.unit),
            meters::filter.eq(d.filter.as_ref().map(Filter::to_json)),
        ))
        .returning(MeterRow::as_returning())
        .get_result(conn)
}

/// The meters' version (`meters_version`: moves in the same transaction as every change to
/// `meters`); `None` only if its row is gone.
pub fn version(conn: &mut Conn) -> QueryResult<Option<i64>> {
    use crate::db::schema::meters_version;
    meters_version::table
        .select(meters_version::n)
        .first(conn)
        .optional()
}

pub fn find(conn: &mut Conn, id: &str) -> QueryResult<Option<MeterRow>> {
    meters::table
        .find(id)
        .select(MeterRow::as_select())
        .first(conn)
        .optional()
}

/// Locks the meter row for the rest of the transaction (definition changes, archiving).
pub fn find_for_update(conn: &mut Conn, id: &str) -> QueryResult<Option<MeterRow>> {
    meters::table
        .find(id)
        .select(MeterRow::as_select())
        .for_update()
        .first(conn)
        .optional()
}

/// Saves every field; bumps `definition_version` when what the meter counts changed.
pub fn update(conn: &mut Conn, id: &str, m: &ValidMeter, definition_changed: bool) -> QueryResult<MeterRow> {
    let d = &m.definition;
    let bump = if definition_changed { 1 } else { 0 };
    diesel::update(meters::table.find(id))
        .set((
            meters::name.eq(&m.name),
            meters::description.eq(&m.description),
            meters::event_name.eq(&d.event_name),
            meters::aggregation.eq(d.aggregation.kind().as_str()),
            meters::aggregation_key.eq(d.aggregation.key()),
            meters::unit.eq(&m.unit),
            meters::filter.eq(d.filter.as_ref().map(Filter::to_json)),
            meters::definition_version.eq(meters::definition_version + bump),
            meters::updated_at.eq(diesel::dsl::now),
        ))
        .returning(MeterRow::as_returning())
        .get_result(conn)
}

/// Archives (stamping the moment) or reactivates a meter.
pub fn set_archived(conn: &mut Conn, id: &str, archived: bool) -> QueryResult<MeterRow> {
    let (status, archived_at) = if archived {
        (MeterStatus::Archived, Some(chrono::Utc::now()))
    } else {
        (MeterStatus::Active, None)
    };
    diesel::update(meters::table.find(id))
        .set((
            meters::status.eq(status.as_str()),
            meters::archived_at.eq(archived_at),
            meters::updated_at.eq(diesel::dsl::now),
        ))
        .returning(MeterRow::as_returning())
        .get_result(conn)
}

/// Newest first, `limit` rows from `seek`, optionally only meters with this status.
pub fn list(
    conn: &mut Conn,
    status: Option<MeterStatus>,
    seek: &Seek,
    limit: i64,
) -> QueryResult<Vec<MeterRow>> {
    let mut q = meters::table.select(MeterRow::as_select()).into_boxed();
    if let Some(s) = status {
        q = q.filter(meters::status.eq(s.as_str()));
    }
    if let Some(c) = seek.cursor() {
        q = q.filter(
            meters::created_at.lt(c.created_at).or(meters::created_at
                .eq(c.created_at)
                .and(meters::id.lt(c.id.clone()))),
        );
    }
    q.order((meters::created_at.desc(), meters::id.desc()))
        .offset(seek.offset())
        .limit(limit)
        .load(conn)
}

/// The active meters listening to an event name (exact, case-sensitive).
pub fn active_for_event(conn: &mut Conn, event_name: &str) -> QueryResult<Vec<MeterRow>> {
    meters::table
        .filter(meters::status.eq(MeterStatus::Active.as_str()))
        .filter(meters::event_name.eq(event_name))
        .select(MeterRow::as_select())
        .load(conn)
}

/// Every meter (active or archived) of an event name.
pub fn all_for_event(conn: &mut Conn, event_name: &str) -> QueryResult<Vec<MeterRow>> {
    meters::table
        .filter(meters::event_name.eq(event_name))
        .select(MeterRow::as_select())
        .load(conn)
}

/// A stored event: name, customer, timestamp, metadata.
pub type StoredEvent = (String, String, chrono::DateTime<chrono::Utc>, serde_json::Value);

/// A stored event's name, customer, timestamp and metadata (for the test bench).
pub fn stored_event(conn: &mut Conn, event_id: &str) -> QueryResult<Option<StoredEvent>> {
    use crate::db::schema::events;
    crate::db::lookup::event_by_id(event_id)
        .select((
            events::event_name,
            events::customer_id,
            events::ts,
            events::metadata,
        ))
        .first(conn)
        .optional()
}

/// Sets where Stripe's meter events carry the customer and (for a count meter) the value.
pub fn set_payload_keys(
    conn: &mut Conn,
    id: &str,
    customer_key: &str,
    value_key: Option<&str>,
) -> QueryResult<()> {
    diesel::update(meters::table.find(id))
        .set((
            meters::customer_key.eq(customer_key),
            meters::value_key.eq(value_key),
        ))
        .execute(conn)
        .map(|_| ())
}

/// The payload keys of these meters.
pub fn payload_keys(conn: &mut Conn, ids: &[String]) -> QueryResult<Vec<PayloadKeys>> {
    meters::table
        .filter(meters::id.eq_any(ids))
        .select(PayloadKeys::as_select())
        .load(conn)
}

/// The distinct customer keys of the active meters listening to an event name.
pub fn customer_keys_for_event(conn: &mut Conn, event_name: &str) -> QueryResult<Vec<String>> {
    meters::table
        .filter(meters::status.eq(MeterStatus::Active.as_str()))
        .filter(meters::event_name.eq(event_name))
        .select(meters::customer_key)
        .distinct()
        .order(meters::customer_key.asc())
        .load(conn)
}

/// Newest first: `limit` meters (optionally only with `status`), from where `keyset` says.
pub fn list_keyset(
    conn: &mut Conn,
    status: Option<MeterStatus>,
    keyset: &Keyset,
    limit: i64,
) -> QueryResult<Vec<MeterRow>> {
    match keyset {
        Keyset::First => list(conn, status, &Seek::Start, limit),
        Keyset::After(c) => list(conn, status, &Seek::After(c.clone()), limit),
        Keyset::Before(c) => {
            let mut q = meters::table.select(MeterRow::as_select()).into_boxed();
            if let Some(s) = status {
                q = q.filter(meters::status.eq(s.as_str()));
            }
            let mut rows: Vec<MeterRow> = q
                .filter(
                    meters::created_at.gt(c.created_at).or(meters::created_at
                        .eq(c.created_at)
                        .and(meters::id.gt(c.id.clone()))),
                )
                .order((meters::created_at.asc(), meters::id.asc()))
                .limit(limit)
                .load(conn)?;
            rows.reverse();
            Ok(rows)
        }
    }
}
