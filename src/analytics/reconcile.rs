//! Reconciliation: does what came in match what is billed? Per upload in a period — rows in,
//! accepted, duplicates, rejected by reason, the value in the file against the value the
//! meter aggregates from it now — and per meter, events received against events counted.

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;

use crate::db::Conn;
use crate::error::AppError;
use crate::meters::model::Meter;
use crate::uploads::repo as uploads;

/// Uploads listed at most per period.
const MAX_UPLOADS: i64 = 500;

/// One upload, reconciled.
#[derive(Debug, Clone)]
pub struct UploadLine {
    pub id: i64,
    pub file_name: String,
    pub meter_name: String,
    pub unit: String,
    /// The upload's status code (`partially_failed`); pages put it in words.
    pub status: String,
    pub created_at: DateTime<Utc>,
    pub rows: i32,
    pub accepted: i32,
    pub duplicates: i32,
    pub rejected: i32,
    /// (reason code, rows)
    pub reasons: Vec<(String, i64)>,
    pub value_in_file: Option<Decimal>,
    pub value_aggregated: Decimal,
    pub events_aggregated: i64,
}

impl UploadLine {
    /// In file − aggregated: what rejects, duplicates, filters or a rollback left out.
    pub fn difference(&self) -> Option<Decimal> {
        self.value_in_file.map(|v| v - self.value_aggregated)
    }

    pub fn reasons_text(&self) -> String {
        self.reasons
            .iter()
            .map(|(c, n)| format!("{c} × {n}"))
            .collect::<Vec<_>>()
            .join(", ")
    }
}

/// One meter over the period.
#[derive(Debug, Clone)]
pub struct MeterLine {
    pub id: String,
    pub name: String,
    pub unit: String,
    pub events_counted: i64,
    pub quantity: Decimal,
    pub uploads: usize,
    pub uploaded_value: Decimal,
}

pub fn upload_lines(
    conn: &mut Conn,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<Vec<UploadLine>, AppError> {
    let mut meters: HashMap<String, Meter> = HashMap::new();
    let mut out = Vec::new();
    for item in uploads::made_between(conn, from, to, MAX_UPLOADS)? {
        let u = &item.upload;
        if !meters.contains_key(&u.meter_id) {
            meters.insert(
                u.meter_id.clone(),
                crate::meters::service::get(conn, &u.meter_id)?,
            );
        }
        let Some(meter) = meters.get(&u.meter_id) else {
            continue;
        };
        let agg = uploads::aggregated_from_upload(conn, u.id, meter)?;
        out.push(UploadLine {
            id: u.id,
            file_name: u.file_name.clone(),
            meter_name: item.meter_name.clone(),
            unit: meter.row.unit.clone(),
            status: u.status.clone(),
            created_at: u.created_at,
            rows: u.rows_total,
            accepted: u.rows_accepted,
            duplicates: u.rows_duplicate,
            rejected: u.rows_rejected,
            reasons: uploads::reject_reasons(conn, u.id)?,
            value_in_file: u.value_in_file().and_then(|v| v.parse().ok()),
            value_aggregated: agg.value,
            events_aggregated: agg.events,
        });
    }
    Ok(out)
}

pub fn meter_lines(
    conn: &mut Conn,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    uploads: &[UploadLine],
) -> Result<Vec<MeterLine>, AppError> {
    let meters: Vec<Meter> = crate::meters::repo::list(conn, None, &crate::paging::Seek::Start, 200)?
        .into_iter()
        .map(Meter::from_row)
        .collect::<Result<_, _>>()
        .map_err(AppError::internal)?;
    let mut out = Vec::new();
    for m in meters {
        let cell = crate::meters::rollups::meter_total(conn, &m, from, to)?;
        let mine: Vec<&UploadLine> = uploads.iter().filter(|u| u.meter_name == m.row.name).collect();
        out.push(MeterLine {
            id: m.row.id.clone(),
            name: m.row.name.clone(),
            unit: m.row.unit.clone(),
            events_counted: cell.count,
            quantity: cell.quantity(m.aggregation.kind()),
            uploads: mine.len(),
            uploaded_value: mine.iter().map(|u| u.value_aggregated).sum(),
        });
    }
    Ok(out)
}
