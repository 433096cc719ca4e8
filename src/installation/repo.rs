//! Queries on the installation's single row.

use diesel::prelude::*;

use crate::db::Conn;
use crate::db::schema::installation;

/// The business id the migration generated.
pub fn business_id(conn: &mut Conn) -> QueryResult<String> {
    installation::table.select(installation::business_id).first(conn)
}

/// The organisation's time zone (an IANA name).
pub fn time_zone(conn: &mut Conn) -> QueryResult<String> {
    installation::table.select(installation::time_zone).first(conn)
}

/// Stores the organisation's time zone.
pub fn set_time_zone(conn: &mut Conn, zone: &str) -> QueryResult<usize> {
    diesel::update(installation::table)
        .set(installation::time_zone.eq(zone))
        .execute(conn)
}
