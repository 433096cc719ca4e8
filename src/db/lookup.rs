//! Look-ups every area needs and none owns.

use diesel::pg::Pg;
use diesel::prelude::*;

use super::Conn;
use super::schema::{event_ids, events};

/// Where a taken event id was stored: its customer and receipt number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventKey {
    pub customer_id: String,
    /// The stored event's, or for an id voided on its own its voided copy's. `None` only for an
    /// id claimed without one (the migration that added the column filled it in for every id
    /// with a stored or voided event).
    pub seq: Option<i64>,
}

/// Where a taken event id (stored, or voided on its own) was stored, if anywhere. `events` is
/// keyed by (seq, customer_id), so a look-up by id alone starts here.
pub fn event_key(conn: &mut Conn, event_id: &str) -> QueryResult<Option<EventKey>> {
    event_ids::table
        .find(event_id)
        .select((event_ids::customer_id, event_ids::seq))
        .first::<(String, Option<i64>)>(conn)
        .optional()
        .map(|found| found.map(|(customer_id, seq)| EventKey { customer_id, seq }))
}

/// The stored event with this id, as a query to select from: found through `event_ids` (its
/// customer and receipt number), then by `events`' key, in one statement.
pub fn event_by_id(event_id: &str) -> events::BoxedQuery<'static, Pg> {
    let key = || event_ids::table.find(event_id.to_string());
    events::table
        .filter(
            events::customer_id
                .nullable()
                .eq(key().select(event_ids::customer_id).single_value()),
        )
        .filter(
            events::seq
                .nullable()
                .eq(key().select(event_ids::seq).single_value()),
        )
        .filter(events::event_id.eq(event_id.to_string()))
        .into_boxed()
}
