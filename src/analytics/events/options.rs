//! The meters in the events filter's select, kept by the process with the meters' version they
//! were read at (`meters_version`, which moves in the same transaction as every change to
//! `meters`, whoever makes it). A view whose session statement read that same version shows
//! them without reading the meters again: the meters are then exactly what its session's
//! snapshot held. Any other version (or none) reads them, with the version, in one statement.

use std::sync::Arc;

use diesel::QueryResult;

use super::model::MeterOption;
use super::repo;
use crate::db::Conn;
use crate::kept::AtVersion;

/// Meters in the select at most.
pub const MAX_METER_OPTIONS: i64 = 500;

/// The options last read, with the version they were read at.
#[derive(Default)]
pub struct KeptOptions(AtVersion<Vec<MeterOption>>);

impl KeptOptions {
    /// The options at version `seen` (as the request's session statement read it).
    pub fn at(&self, conn: &mut Conn, seen: Option<i64>) -> QueryResult<Arc<Vec<MeterOption>>> {
        self.0
            .at_or_read(seen, || repo::meter_options(conn, MAX_METER_OPTIONS))
    }
}
