//! Analytics → Customers: the usage table for a billing period, its columns, its exports.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{DateTime, Duration, Utc};
use serde::Deserialize;

use super::billing::{self, Period};
use super::columns::{self, Column, PREF_KEY};
use super::export;
use super::pages::{CustomersPage, RenderedRows};
use super::repo::LineCursor;
use crate::auth::model::ApiClient;
use crate::auth::repo as prefs;
use crate::db;
use crate::error::{ApiResult, AppError, AppResult};
use crate::metering::parse_timestamp;
use crate::state::AppState;
use crate::validation::FieldErrors;
use crate::web::chrome::{Viewer, redirect, render};
use crate::web::download::csv_stream;
use crate::web::extract::{Form, Query};

pub const PAGE_SUBSCRIPTIONS: i64 = 50;

/// One page of the table's lines, as computed (see [`crate::analytics::cache`]).
#[derive(Default)]
pub struct TableData {
    pub lines: Vec<billing::Line>,
    pub next: Option<String>,
    pub rendered: RenderedRows,
}

/// The longest custom range.
pub const MAX_RANGE_DAYS: i64 = 400;

#[derive(Deserialize, Default, Clone)]
pub struct PeriodQuery {
    #[serde(default)]
    at: Option<String>,
    #[serde(default)]
    period_start: Option<String>,
    #[serde(default)]
    period_end: Option<String>,
    #[serde(default)]
    after: Option<String>,
}

fn filled(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The period a query asks for: a custom range when both ends are given, else the billing
/// cycle containing `at` (default now).
pub fn parse_period(q: &PeriodQuery) -> Result<Period, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut read = |field: &str, v: &str| match parse_timestamp(v) {
        Ok(t) => Some(t),
        Err(m) => {
            errors.add(field, m);
            None
        }
    };
    let period = match (filled(&q.period_start), filled(&q.period_end)) {
        (Some(s), Some(e)) => {
            let (s, e) = (read("period_start", s), read("period_end", e));
            match (s, e) {
                (Some(s), Some(e)) if e <= s => {
                    errors.add("period_end", "The end must be after the start.");
                    None
                }
                (Some(s), Some(e)) if e - s > Duration::days(MAX_RANGE_DAYS) => {
                    errors.add(
                        "period_end",
                        format!("A range covers at most {MAX_RANGE_DAYS} days."),
                    );
                    None
                }
                (Some(s), Some(e)) => Some(Period::Range(s, e)),
                _ => None,
            }
        }
        (Some(_), None) => {
            errors.add(
                "period_end",
                "Give the end of the range too, or leave both empty.",
            );
            None
        }
        (None, Some(_)) => {
            errors.add(
                "period_start",
                "Give the start of the range too, or leave both empty.",
            );
            None
        }
        (None, None) => match filled(&q.at) {
            Some(at) => read("at", at).map(Period::CycleAt),
            None => Some(Period::CycleAt(Utc::now())),
        },
    };
    match period {
        Some(p) if errors.is_empty() => Ok(p),
        _ => Err(errors),
    }
}

fn period_query(q: &PeriodQuery) -> String {
    let mut pairs: Vec<(&str, &str)> = Vec::new();
    for (k, v) in [
        ("at", &q.at),
        ("period_start", &q.period_start),
        ("period_end", &q.period_end),
    ] {
        if let Some(v) = filled(v) {
            pairs.push((k, v));
        }
    }
    serde_urlencoded::to_string(pairs).unwrap_or_default()
}

fn saved_columns(conn: &mut db::Conn, operator_id: i64) -> Result<Vec<Column>, AppError> {
    Ok(columns::chosen(
        prefs::get_pref(conn, operator_id, PREF_KEY)?.as_ref(),
    ))
}

fn iso_input(t: DateTime<Utc>) -> String {
    t.format("%Y-%m-%dT%H:%M").to_string()
}

pub async fn table(
    state: web::Data<AppState>,
    ctx: Viewer,
    q: Query<PeriodQuery>,
) -> AppResult<HttpResponse> {
    let q = q.into_inner();
    let period = parse_period(&q);
    let after = q.after.as_deref().and_then(LineCursor::decode);
    let first_page = after.is_none();
    let operator_id = ctx.op.id;
    let columns = db::run(&state.pool, move |c| saved_columns(c, operator_id)).await?;
    let data = match period {
        Ok(p) => {
            // The current cycle is keyed as such, not by the instant of this view.
            let key = format!(
                "{}|{}|{}|{}",
                filled(&q.at).unwrap_or("now"),
                filled(&q.period_start).unwrap_or(""),
                filled(&q.period_end).unwrap_or(""),
                q.after.as_deref().unwrap_or("")
            );
            let pool = state.pool.clone();
            state
                .customers_cache
                .get(
                    key,
                    &state.writes,
                    state.config.page_cache(),
                    move || async move {
                        db::run(&pool, move |c| {
                            let page = billing::lines(c, p, after.as_ref(), PAGE_SUBSCRIPTIONS)?;
                            Ok::<_, AppError>(TableData {
                                lines: page.lines,
                                next: page.next.map(|n| n.encode()),
                                rendered: RenderedRows::default(),
                            })
                        })
                        .await
                        .map_err(AppError::from)
                    },
                )
                .await?
        }
        Err(_) => Default::default(),
    };
    let rows = data
        .rendered
        .get(&data.lines, &columns)
        .map_err(|e| AppError::internal(format!("rendering the customers table: {e}")))?;
    let (errors, status) = match parse_period(&q) {
        Ok(_) => (FieldErrors::new(), StatusCode::OK),
        Err(e) => (e, StatusCode::UNPROCESSABLE_ENTITY),
    };
    let mode = if filled(&q.period_start).is_some() || filled(&q.period_end).is_some() {
        "range"
    } else {
        "cycle"
    };
    let page = CustomersPage {
        ctx: ctx.0,
        has_lines: !data.lines.is_empty(),
        rows,
        columns,
        mode: mode.into(),
        at: q.at.clone().unwrap_or_else(|| iso_input(Utc::now())),
        period_start: q.period_start.clone().unwrap_or_default(),
        period_end: q.period_end.clone().unwrap_or_default(),
        errors,
        period_query: period_query(&q),
        next: data.next.clone(),
        first_page,
    };
    render(status, &page)
}

/// `POST /analytics/customers/columns`: the columns this operator wants to see.
pub async fn save_columns(
    state: web::Data<AppState>,
    ctx: Viewer,
    form: Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let keys: Vec<String> = form
        .iter()
        .filter(|(k, _)| k == "col")
        .filter_map(|(_, v)| Column::parse(v))
        .map(|c| c.key().to_string())
        .collect();
    let back = form
        .iter()
        .find(|(k, _)| k == "return")
        .map(|(_, v)| v.clone())
        .unwrap_or_default();
    let operator_id = ctx.op.id;
    db::run(&state.pool, move |c| {
        prefs::set_pref(c, operator_id, PREF_KEY, &serde_json::json!(keys))
    })
    .await?;
    let query = if back.is_empty() {
        String::new()
    } else {
        format!("?{back}")
    };
    Ok(redirect(&format!("/analytics/customers{query}")))
}

fn file_name(period: Period) -> String {
    match period {
        Period::CycleAt(at) => format!("customer-usage-cycle-{}.csv", at.format("%Y-%m-%d")),
        Period::Range(s, e) => format!(
            "customer-usage-{}-to-{}.csv",
            s.format("%Y-%m-%d"),
            e.format("%Y-%m-%d")
        ),
    }
}

/// The table as shown (this operator's columns), for the chosen period, as CSV.
pub async fn export_csv(
    state: web::Data<AppState>,
    ctx: Viewer,
    q: Query<PeriodQuery>,
) -> AppResult<HttpResponse> {
    let period = parse_period(&q).map_err(AppError::from)?;
    let operator_id = ctx.op.id;
    let columns = db::run(&state.pool, move |c| saved_columns(c, operator_id)).await?;
    Ok(csv_stream(
        &file_name(period),
        export::stream(state.pool.clone(), period, columns),
    ))
}

/// `GET /api/v1/usage/export.csv?period_start=&period_end=` (or `at=`): every column.
pub async fn api_export(
    state: web::Data<AppState>,
    _client: ApiClient,
    q: Query<PeriodQuery>,
) -> ApiResult<HttpResponse> {
    let period = parse_period(&q).map_err(AppError::from)?;
    Ok(csv_stream(
        &file_name(period),
        export::stream(state.pool.clone(), period, Column::ALL.to_vec()),
    ))
}
