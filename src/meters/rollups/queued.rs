//! The events of queued blocks (not yet folded into the rollups by the roller), counted the way
//! the rollups will count them: what readers add to the rollups in the same snapshot.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};

use super::tail_memory::{QueuedActivity, Tail};
use super::{overflow, repo};
use crate::db::Conn;
use crate::error::AppError;
use crate::metering::Counted;
use crate::meters::model::Meter;

/// The events of queued blocks that some meters count, per meter and UTC hour, all customers
/// together: what the hour rollups (and a unique count's hour values) will hold once the roller
/// has run. Read once in a snapshot, it answers every all-customer read of whole hours and days
/// in that snapshot (a page's chart, its month and its all-time figures) in memory, instead of
/// one statement over the tail each.
#[derive(Debug, Default)]
pub struct QueuedHours {
    /// Per meter id, its hours in time order.
    by_meter: HashMap<String, Vec<(DateTime<Utc>, Counted)>>,
    /// Every queued event per customer and UTC day ([`Tail::activity`]), from the same read of
    /// the tail; `None` when the tail is too long to hold.
    activity: Option<Vec<QueuedActivity>>,
}

impl QueuedHours {
    /// The queued events per customer and UTC day of the snapshot this was read in, for the
    /// event and customer counters; `None` when the tail was too long to hold (they count it
    /// in SQL).
    pub fn activity(&self) -> Option<&[QueuedActivity]> {
        self.activity.as_deref()
    }

    /// Whether this holds `meter`'s tail (it was read for it).
    pub fn has(&self, meter: &Meter) -> bool {
        self.by_meter.contains_key(&meter.row.id)
    }

    /// Adds what `meter`'s queued events in `[from, to)` (whole hours) count to `counted`.
    pub fn add_to(
        &self,
        meter: &Meter,
        from: DateTime<Utc>,
        to: DateTime<Utc>,
        counted: &mut Counted,
    ) -> Result<(), AppError> {
        let hours = self.by_meter.get(&meter.row.id).map(Vec::as_slice).unwrap_or(&[]);
        let first = hours.partition_point(|(h, _)| *h < from);
        for (_, c) in hours[first..].iter().take_while(|(h, _)| *h < to) {
            counted.merge(c).map_err(|_| overflow())?;
        }
        Ok(())
    }
}

/// The queued tail of `meters` per UTC hour, all customers together, and of every customer
/// per UTC day ([`QueuedHours`]): from memory ([`super::tail_memory`]), or aggregated in SQL
/// (one statement, and one more when a meter is a unique count) when the tail is too long to
/// hold.
pub fn queued_meter_hours(conn: &mut Conn, meters: &[Meter]) -> Result<QueuedHours, AppError> {
    let refs: Vec<&Meter> = meters.iter().collect();
    let mut activity = None;
    let hours = match Tail::read(conn)? {
        Some(tail) => {
            activity = Some(tail.activity());
            tail.hours(&refs)?
        }
        None => {
            let (cells, values) = repo::queued_hours(conn, &refs)?;
            let mut hours: BTreeMap<(usize, DateTime<Utc>), Counted> = BTreeMap::new();
            for (k, hour, cell) in cells {
                let c = hours.entry((k, hour)).or_default();
                c.cell = c.cell.merge(&cell).map_err(|_| overflow())?;
            }
            for (k, hour, value) in values {
                hours.entry((k, hour)).or_default().values.insert(value);
            }
            hours
        }
    };
    let mut by_meter: HashMap<String, Vec<(DateTime<Utc>, Counted)>> =
        meters.iter().map(|m| (m.row.id.clone(), Vec::new())).collect();
    for ((k, hour), c) in hours {
        if let Some(v) = by_meter.get_mut(&meters[k].row.id) {
            v.push((hour, c));
        }
    }
    Ok(QueuedHours { by_meter, activity })
}
