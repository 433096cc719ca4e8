//! The table the metering_sql tests store event metadata in, and a filter's compiled SQL run
//! against it through [`Predicate`] (the production path).

use diesel::prelude::*;
use diesel::{PgConnection, RunQueryDsl};
use meterdesk::db::predicate::Predicate;
use meterdesk::metering::Filter;
use serde_json::{Map, Value};

diesel::table! {
    prop_events (id) {
        id -> Int4,
        metadata -> Jsonb,
    }
}

pub(crate) const COLUMN: &str = "prop_events.metadata";

pub(crate) fn create_table(conn: &mut PgConnection) {
    diesel::sql_query("CREATE TABLE prop_events (id int PRIMARY KEY, metadata jsonb NOT NULL)")
        .execute(conn)
        .unwrap();
}

/// Replaces the table's rows with `events`, ids 1, 2, ….
pub(crate) fn store(conn: &mut PgConnection, events: &[Map<String, Value>]) -> QueryResult<()> {
    diesel::delete(prop_events::table).execute(conn)?;
    if events.is_empty() {
        return Ok(());
    }
    let rows: Vec<_> = events
        .iter()
        .zip(1..)
        .map(|(metadata, id)| {
            (
                prop_events::id.eq(id),
                prop_events::metadata.eq(Value::Object(metadata.clone())),
            )
        })
        .collect();
    diesel::insert_into(prop_events::table)
        .values(&rows)
        .execute(conn)?;
    Ok(())
}

/// The ids of the stored events the compiled filter selects.
pub(crate) fn sql_selects(conn: &mut PgConnection, filter: &Filter) -> QueryResult<Vec<i32>> {
    prop_events::table
        .filter(Predicate(filter.to_sql(COLUMN)))
        .select(prop_events::id)
        .order(prop_events::id)
        .load(conn)
}
