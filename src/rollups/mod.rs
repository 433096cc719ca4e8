//! Hourly rollups of what each meter counts, and usage over any time range from them.
//!
//! Usage for `[start, end)` = the rollup rows of the whole UTC hours inside the range, merged
//! with the raw events of the partial hours at its edges — so a billing cycle that starts at
//! 10:37:12 is exact to the second, while a month reads ~720 rows instead of every event.

pub mod repo;

use chrono::{DateTime, Duration, DurationRound, Utc};

use crate::db::Conn;
use crate::error::AppError;
use crate::metering::Cell;
use crate::meters::model::Meter;

/// The UTC hour an instant falls in.
pub fn hour_of(t: DateTime<Utc>) -> DateTime<Utc> {
    t.duration_trunc(Duration::hours(1)).unwrap_or(t)
}

fn ceil_hour(t: DateTime<Utc>) -> DateTime<Utc> {
    let h = hour_of(t);
    if h == t { h } else { h + Duration::hours(1) }
}

fn overflow() -> AppError {
    AppError::internal("usage exceeds the range of a decimal")
}

/// Adds raw events to a cell, reading each one's value as the meter does.
fn add_events(
    cell: &mut Cell,
    meter: &Meter,
    rows: Vec<(DateTime<Utc>, i64, serde_json::Value)>,
) -> Result<(), AppError> {
    for (ts, seq, metadata) in rows {
        let empty = serde_json::Map::new();
        let md = metadata.as_object().unwrap_or(&empty);
        // Values that are missing or not numbers were refused at ingest; an event that still
        // has one (stored before this meter existed) is not counted, as in the rollups.
        if let Ok(value) = meter.aggregation.read_value(md) {
            cell.add(ts, seq, value).map_err(|_| overflow())?;
        }
    }
    Ok(())
}

/// What a meter counted for a customer in `[start, end)`.
pub fn usage(
    conn: &mut Conn,
    meter: &Meter,
    customer_id: &str,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Cell, AppError> {
    usage_of(conn, meter, Some(customer_id), start, end)
}

/// What a meter counted for all customers together in `[start, end)`.
pub fn meter_total(
    conn: &mut Conn,
    meter: &Meter,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Cell, AppError> {
    usage_of(conn, meter, None, start, end)
}

fn usage_of(
    conn: &mut Conn,
    meter: &Meter,
    customer_id: Option<&str>,
    start: DateTime<Utc>,
    end: DateTime<Utc>,
) -> Result<Cell, AppError> {
    let mut cell = Cell::default();
    if end <= start {
        return Ok(cell);
    }
    let (first_hour, last_hour) = (ceil_hour(start), hour_of(end));
    if first_hour >= last_hour {
        let rows = repo::counted_events(conn, meter, customer_id, start, end)?;
        add_events(&mut cell, meter, rows)?;
        return Ok(cell);
    }
    cell = repo::merged_hours(conn, &meter.row.id, customer_id, first_hour, last_hour)?;
    let head = repo::counted_events(conn, meter, customer_id, start, first_hour)?;
    let tail = repo::counted_events(conn, meter, customer_id, last_hour, end)?;
    add_events(&mut cell, meter, head)?;
    add_events(&mut cell, meter, tail)?;
    Ok(cell)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn hours_truncate_and_round_up() {
        let t = Utc
            .with_ymd_and_hms(2024, 1, 31, 10, 37, 12)
            .single()
            .unwrap_or_default();
        assert_eq!(
            hour_of(t),
            Utc.with_ymd_and_hms(2024, 1, 31, 10, 0, 0)
                .single()
                .unwrap_or_default()
        );
        assert_eq!(
            ceil_hour(t),
            Utc.with_ymd_and_hms(2024, 1, 31, 11, 0, 0)
                .single()
                .unwrap_or_default()
        );
        let h = Utc
            .with_ymd_and_hms(2024, 1, 31, 10, 0, 0)
            .single()
            .unwrap_or_default();
        assert_eq!(ceil_hour(h), h);
    }
}
