//! Look-ups every area needs and none owns.

use diesel::prelude::*;

use super::Conn;
use super::schema::event_ids;

/// The customer of a taken event id (stored, or voided on its own), if any. `events` is keyed
/// by (customer_id, event_id), so a look-up by id alone starts here.
pub fn event_customer(conn: &mut Conn, event_id: &str) -> QueryResult<Option<String>> {
    event_ids::table
        .find(event_id)
        .select(event_ids::customer_id)
        .first(conn)
        .optional()
}
