//! Analytics → Reconciliation: per upload and per meter, what the files held and what was
//! counted over a period; the per-upload table as CSV.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;
use chrono::{DateTime, Utc};
use serde::Deserialize;

use crate::analytics::overview::month_of;
use crate::analytics::reconcile::{MeterLine, UploadLine, meter_lines, upload_lines};
use crate::csv_cell::safe_cell;
use crate::db;
use crate::error::{AppError, AppResult};
use crate::metering::money::quantity_text;
use crate::metering::{parse_timestamp_in, rfc3339};
use crate::state::AppState;
use crate::tz::Tz;
use crate::validation::FieldErrors;
use crate::web::chrome::{PageCtx, Viewer, render};
use crate::web::download::csv_download;
use crate::web::extract::Query;
use crate::web::locale::Locale;

use super::timestamp_error;

#[derive(Deserialize, Default)]
pub struct PeriodQuery {
    from: Option<String>,
    to: Option<String>,
}

/// The period asked for, its times read in the operator's zone `tz`; this month of `tz` by
/// default.
fn period(q: &PeriodQuery, tz: Tz) -> Result<(DateTime<Utc>, DateTime<Utc>), FieldErrors> {
    let (default_from, default_to) = month_of(Utc::now(), tz);
    let mut errors = FieldErrors::new();
    let mut read = |field: &str, v: &Option<String>, default| match v
        .as_deref()
        .map(str::trim)
        .filter(|s| !s.is_empty())
    {
        None => default,
        Some(s) => parse_timestamp_in(s, tz).unwrap_or_else(|m| {
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

impl Page {
    /// A bound as the form shows it: wall-clock time in the operator's zone, which the form
    /// reads back in that zone (`2026-11-01 00:00`).
    pub fn field(&self, t: &DateTime<Utc>) -> String {
        t.with_timezone(&self.ctx.zone())
            .format("%Y-%m-%d %H:%M")
            .to_string()
    }

    /// "12 calls (3 uploads)".
    pub fn from_uploads(&self, m: &MeterLine) -> String {
        self.ctx.t_args(
            "analytics-reconciliation-from-uploads",
            &[
                ("value", self.ctx.qty(m.uploaded_value).into()),
                ("unit", m.unit.as_str().into()),
                ("count", m.uploads.into()),
            ],
        )
    }

    /// An upload's status in words.
    pub fn status(&self, status: &str) -> String {
        let id = format!("uploads-status-{}", status.replace('_', "-"));
        if self.ctx.has(&id) {
            self.ctx.t(&id)
        } else {
            status.to_string()
        }
    }
}

/// The period's errors in the operator's language (the parser words them in English).
fn period_errors(l: &Locale, q: &PeriodQuery, errors: &FieldErrors, tz: Tz) -> FieldErrors {
    let mut out = FieldErrors::new();
    for (field, english) in errors.iter() {
        let raw = match field.as_str() {
            "from" => q.from.as_deref(),
            "to" => q.to.as_deref(),
            _ => None,
        }
        .unwrap_or("")
        .trim();
        let text = match field.as_str() {
            "from" | "to" if !raw.is_empty() && parse_timestamp_in(raw, tz).is_err() => {
                timestamp_error(l, raw, "meters-timestamp-formats")
            }
            "to" => l.t("analytics-error-end-before-start"),
            _ => english.clone(),
        };
        out.add(field.clone(), text);
    }
    out
}

fn q_string(from: DateTime<Utc>, to: DateTime<Utc>) -> String {
    serde_urlencoded::to_string([("from", rfc3339(from)), ("to", rfc3339(to))]).unwrap_or_default()
}

pub async fn page(state: web::Data<AppState>, ctx: Viewer, q: Query<PeriodQuery>) -> AppResult<HttpResponse> {
    let tz = ctx.zone();
    let (range, errors) = match period(&q, tz) {
        Ok(r) => (r, FieldErrors::new()),
        Err(e) => (month_of(Utc::now(), tz), period_errors(&ctx, &q, &e, tz)),
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
    ctx: Viewer,
    q: Query<PeriodQuery>,
) -> AppResult<HttpResponse> {
    let tz = ctx.zone();
    let (from, to) = period(&q, tz).map_err(AppError::from)?;
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
    Ok(csv_download(
        &format!(
            "reconciliation-{}-{}.csv",
            from.with_timezone(&tz).format("%Y-%m-%d"),
            to.with_timezone(&tz).format("%Y-%m-%d")
        ),
        bytes,
    ))
}
