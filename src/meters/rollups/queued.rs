//! The events of queued blocks (not yet folded into the rollups by the roller), counted the way
//! the rollups will count them: what readers add to the rollups in the same snapshot.

use std::collections::BTreeMap;

use chrono::{DateTime, Utc};

use super::{add_counted, day_of, repo};
use crate::db::Conn;
use crate::error::AppError;
use crate::metering::Counted;
use crate::meters::model::Meter;

/// The events of queued blocks that these meters count, per meter and UTC day, in `[from, to)`
/// (or ever): what the day rollups (and a unique count's day values) will hold once the roller
/// has run.
pub fn queued_meter_days(
    conn: &mut Conn,
    meters: &[Meter],
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
) -> Result<Vec<(String, DateTime<Utc>, Counted)>, AppError> {
    let mut names: Vec<String> = meters.iter().map(|m| m.row.event_name.clone()).collect();
    names.sort();
    names.dedup();
    if names.is_empty() {
        return Ok(Vec::new());
    }
    let empty = serde_json::Map::new();
    let mut cells: BTreeMap<(String, DateTime<Utc>), Counted> = BTreeMap::new();
    for e in repo::queued_events(conn, None, Some(&names))? {
        if from.is_some_and(|f| e.ts < f) || to.is_some_and(|t| e.ts >= t) {
            continue;
        }
        let md = e.metadata.as_object().unwrap_or(&empty);
        for m in meters.iter().filter(|m| m.row.event_name == e.event_name) {
            let cell = cells.entry((m.row.id.clone(), day_of(e.ts))).or_default();
            add_counted(cell, m, e.ts, e.seq, e.received_at, md)?;
        }
    }
    Ok(cells.into_iter().map(|((m, d), c)| (m, d, c)).collect())
}
