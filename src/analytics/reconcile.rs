//! Reconciliation: does what came in match what is billed? Per upload in a period — rows in,
//! accepted, duplicates, rejected by reason, the value in the file against the value the
//! meter aggregates from it now — and per meter, events received against events counted.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;
use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use serde::Deserialize;

use crate::analytics::overview::month_of;
use crate::csv_cell::safe_cell;
use crate::db::{self, Conn};
use crate::error::{AppError, AppResult};
use crate::metering::money::quantity_text;
use crate::metering::{parse_timestamp, rfc3339};
use crate::meters::model::Meter;
use crate::state::AppState;
use crate::uploads::repo as uploads;
use crate::validation::FieldErrors;
use crate::web::chrome::{PageCtx, Viewer, render};
use crate::web::extract::Query;
use crate::web::filters;

/// Uploads listed at most per period.
const MAX_UPLOADS: i64 = 500;

/// One upload, reconciled.
#[derive(Debug, Clone)]
pub struct UploadLine {
    pub id: i64,
    pub file_name: String,
    pub meter_name: String,
    pub unit: String,
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
            status: u.status_words(),
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
    let meters: Vec<Meter> = crate::meters::repo::list(conn, None, None, 200)?
        .into_iter()
        .map(Meter::from_row)
        .collect::<Result<_, _>>()
        .map_err(AppError::internal)?;
    let mut out = Vec::new();
    for m in meters {
        let cell = crate::rollups::meter_total(conn, &m, from, to)?;
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

#[derive(Deserialize, Default)]
pub struct PeriodQuery {
    from: Option<String>,
    to: Option<String>,
}

fn period(q: &PeriodQuery) -> Result<(DateTime<Utc>, DateTime<Utc>), FieldErrors> {
    let (default_from, default_to) = month_of(Utc::now());
    let mut errors = FieldErrors::new();
    let mut read = |field: &str, v: &Option<String>, default| match v
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => default,
        Some(s) => parse_timestamp(s).unwrap_or_else(|m| {
            errors.add(field, m);
            default
        }),
    };
    let (from, to) = (read("from", &q.from, default_from), read("to", &q.to, default_to));
    if to <= from {
        errors.add("to", "The end must be after the start.");
    }
    errors.into_result((from, to))
}

#[derive(Template, WebTemplate)]
#[template(path = "analytics/reconciliation.html")]
pub struct Page {
    pub ctx: PageCtx,
    pub from: DateTime<Utc>,
    pub to: DateTime<Utc>,
    pub query: String,
    pub errors: FieldErrors,
    pub uploads: Vec<UploadLine>,
    pub meters: Vec<MeterLine>,
}

fn q_string(from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    serde_urlencoded::to_string([("from", rfc3339(from)), ("to", rfc3339(to))]).unwrap_or_default()
}

pub async fn page(state: web::Data<AppState>, ctx: Viewer, q: Query<PeriodQuery>) -> AppResult<HttpResponse> {
    let (range, errors) = match period(&q) {
        Ok(r) => (r, FieldErrors::new()),
        Err(e) => (month_of(Utc::now()), e),
    };
    let (from, to) = range;
    let (upload_lines, meter_lines) = db::run(&state.pool, move |c| {
        let u = upload_lines(c, from, to)?;
        let m = meter_lines(c, from, to, &u)?;
        Ok::<_, AppError>((u, m))
    })
    .await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render(
        status,
        &Page {
            ctx: ctx.0,
            from,
            to,
            query: q_string(from, to),
            errors,
            uploads: upload_lines,
            meters: meter_lines,
        },
    )
}

/// The per-upload table as CSV.
pub async fn export(
    state: web::Data<AppState>,
    _ctx: Viewer,
    q: Query<PeriodQuery>,
) -> AppResult<HttpResponse> {
    let (from, to) = period(&q).map_err(AppError::from)?;
    let lines = db::run(&state.pool, move |c| upload_lines(c, from, to)).await?;
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let header = [
        "upload_id",
        "file_name",
        "meter",
        "status",
        "uploaded_at",
        "rows",
        "accepted",
        "duplicates",
        "rejected",
        "rejected_by_reason",
        "value_in_file",
        "value_aggregated",
        "events_aggregated",
        "difference",
    ];
    let write = |w: &mut csv::Writer<Vec<u8>>, cells: Vec<String>| {
        w.write_record(cells.iter().map(|c| safe_cell(c).into_owned()))
            .map_err(AppError::internal)
    };
    write(&mut w, header.iter().map(|h| h.to_string()).collect())?;
    for l in &lines {
        write(
            &mut w,
            vec![
                l.id.to_string(),
                l.file_name.clone(),
                l.meter_name.clone(),
                l.status.clone(),
                rfc3339(l.created_at),
                l.rows.to_string(),
                l.accepted.to_string(),
                l.duplicates.to_string(),
                l.rejected.to_string(),
                l.reasons_text(),
                l.value_in_file.map(quantity_text).unwrap_or_default(),
                quantity_text(l.value_aggregated),
                l.events_aggregated.to_string(),
                l.difference().map(quantity_text).unwrap_or_default(),
            ],
        )?;
    }
    let bytes = w.into_inner().map_err(AppError::internal)?;
    Ok(crate::web::download::csv_download(
        &format!(
            "reconciliation-{}-{}.csv",
            from.format("%Y-%m-%d"),
            to.format("%Y-%m-%d")
        ),
        bytes,
    ))
}
