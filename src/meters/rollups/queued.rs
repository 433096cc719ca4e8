//! The events of queued blocks (not yet folded into the rollups by the roller), counted the way
//! the rollups will count them: what readers add to the rollups in the same snapshot.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::{overflow, repo};
use crate::db::Conn;
use crate::error::AppError;
use crate::metering::Counted;
use crate::meters::model::Meter;

/// The events of queued blocks that these meters count, per meter and UTC day, all customers
/// together: what the day rollups (and a unique count's day values) will hold once the roller
/// has run. Aggregated in SQL.
pub fn queued_meter_days(
    conn: &mut Conn,
    meters: &[Meter],
) -> Result<Vec<(String, DateTime<Utc>, Counted)>, AppError> {
    let refs: Vec<&Meter> = meters.iter().collect();
    let (cells, values) = repo::queued_days(conn, &refs)?;
    let mut out: BTreeMap<(usize, DateTime<Utc>), Counted> = BTreeMap::new();
    for (k, day, cell) in cells {
        let c = out.entry((k, day)).or_default();
        c.cell = c.cell.merge(&cell).map_err(|_| overflow())?;
    }
    for (k, day, value) in values {
        out.entry((k, day)).or_default().values.insert(value);
    }
    Ok(out
        .into_iter()
        .map(|((k, d), c)| (meters[k].row.id.clone(), d, c))
        .collect())
}
