//! The active meters the overview and the dashboard show, kept by the process with the meters'
//! version they were read at (`meters_version`, which moves in the same transaction as every
//! change to `meters`, whoever makes it). A view whose session statement read that same version
//! takes them as kept, without reading the meters again: they are then exactly what its session's
//! snapshot held, as the customers table takes its products
//! ([`crate::analytics::customers::kept_products`]). Any other version (or none) reads them and
//! the version in the view's snapshot.

use std::sync::Arc;

use crate::db::Conn;
use crate::error::AppError;
use crate::kept::AtVersion;
use crate::meters;
use crate::meters::model::{Meter, MeterStatus};

/// Active meters shown at most.
pub const MAX_METERS: i64 = 200;

/// The active meters last read, with the version they were read at.
#[derive(Default)]
pub struct KeptMeters(AtVersion<Vec<Meter>>);

impl KeptMeters {
    /// The active meters at version `seen` (as the request's session statement read it). Called
    /// inside the view's snapshot (a repeatable-read transaction), so that the version and the
    /// meters read on a miss agree.
    pub fn active(&self, conn: &mut Conn, seen: Option<i64>) -> Result<Arc<Vec<Meter>>, AppError> {
        self.0
            .at_or_read(seen, || Ok((meters::repo::version(conn)?, active(conn)?)))
    }
}

/// The active meters, newest first, at most [`MAX_METERS`].
fn active(conn: &mut Conn) -> Result<Vec<Meter>, AppError> {
    meters::repo::list(
        conn,
        Some(MeterStatus::Active),
        &crate::paging::Seek::Start,
        MAX_METERS,
    )?
    .into_iter()
    .map(Meter::from_row)
    .collect::<Result<_, _>>()
    .map_err(AppError::internal)
}
