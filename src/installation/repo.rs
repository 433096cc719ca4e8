//! Queries on the installation's single row.

use diesel::prelude::*;

use crate::db::Conn;
use crate::db::schema::installation;

/// The business id the migration generated.
pub fn business_id(conn: &mut Conn) -> QueryResult<String> {
    installation::table.select(installation::business_id).first(conn)
}
