//! Analytics → Customers: the usage table for a billing period, its columns, its export.

use std::sync::Arc;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;
use chrono::{DateTime, Utc};

use crate::analytics::customers::billing;
use crate::analytics::customers::columns::{self, Column, PREF_KEY};
use crate::analytics::customers::export::{self, file_name};
use crate::analytics::customers::period::{MAX_RANGE_DAYS, PeriodQuery, filled, parse_period};
use crate::analytics::customers::repo::LineCursor;
use crate::analytics::customers::table::{PAGE_SUBSCRIPTIONS, RenderedRows, TableData};
use crate::auth::repo as prefs;
use crate::db;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::validation::FieldErrors;
use crate::web::chrome::{PageCtx, Viewer, redirect, render_sized};
use crate::web::download::csv_stream;
use crate::web::locale::Locale;

use super::customer_rows::rows_html;
use super::timestamp_error;
use crate::metering::parse_timestamp_in;
use crate::tz::Tz;
use crate::web::extract::{Form, Query};

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

/// The columns this operator saved (read with their session, see `web::gate`).
fn saved_columns(ctx: &Viewer) -> Vec<Column> {
    columns::chosen(ctx.op.prefs.get(PREF_KEY))
}

/// A `datetime-local` value: wall-clock time in the operator's zone.
fn iso_input(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).format("%Y-%m-%dT%H:%M").to_string()
}

/// The period's errors in the operator's language (the domain words them in English).
fn period_errors(l: &Locale, q: &PeriodQuery, errors: &FieldErrors) -> FieldErrors {
    let parse_timestamp = |s: &str| parse_timestamp_in(s, l.tz);
    let raw = |v: &Option<String>| filled(v).unwrap_or("").to_string();
    let (at, start, end) = (raw(&q.at), raw(&q.period_start), raw(&q.period_end));
    let time_error = |v: &str| timestamp_error(l, v, "meters-timestamp-formats");
    let mut out = FieldErrors::new();
    for (field, english) in errors.iter() {
        let text = match field.as_str() {
            "at" => time_error(&at),
            "period_start" if parse_timestamp(&start).is_ok() => {
                l.t("analytics-customers-error-start-missing")
            }
            "period_start" => time_error(&start),
            "period_end" if end.is_empty() => l.t("analytics-customers-error-end-missing"),
            "period_end" => match (parse_timestamp(&start), parse_timestamp(&end)) {
                (_, Err(_)) => time_error(&end),
                (Ok(s), Ok(e)) if e <= s => l.t("analytics-customers-error-end"),
                (Ok(_), Ok(_)) => l.t1("analytics-customers-error-range-too-long", "max", MAX_RANGE_DAYS),
                _ => english.clone(),
            },
            _ => english.clone(),
        };
        out.add(field.clone(), text);
    }
    out
}

pub async fn table(
    state: web::Data<AppState>,
    ctx: Viewer,
    q: Query<PeriodQuery>,
) -> AppResult<HttpResponse> {
    let q = q.into_inner();
    let tz = ctx.zone();
    let period = parse_period(&q, tz);
    let after = q.after.as_deref().and_then(LineCursor::decode);
    let first_page = after.is_none();
    let columns = saved_columns(&ctx);
    let data = match period {
        Ok(p) => {
            // The current cycle is keyed as such, not by the instant of this view.
            // Typed times are read in the operator's zone: the zone is part of the key.
            let key = format!(
                "{}|{}|{}|{}|{}",
                tz.name(),
                filled(&q.at).unwrap_or("now"),
                filled(&q.period_start).unwrap_or(""),
                filled(&q.period_end).unwrap_or(""),
                q.after.as_deref().unwrap_or("")
            );
            let (kept, seen) = (state.kept_products.clone(), ctx.op.products_version);
            state
                .customers_cache
                .get(
                    key,
                    &state.writes,
                    state.config.page_cache(),
                    &state.pool,
                    move |c| {
                        let page =
                            billing::lines_kept(c, p, after.as_ref(), PAGE_SUBSCRIPTIONS, &kept, seen)?;
                        Ok(TableData {
                            lines: page.lines,
                            next: page.next.map(|n| n.encode()),
                            rendered: RenderedRows::default(),
                        })
                    },
                )
                .await?
        }
        Err(_) => Default::default(),
    };
    let rows = rows_html(&ctx, &data.rendered, &data.lines, &columns)
        .map_err(|e| AppError::internal(format!("rendering the customers table: {e}")))?;
    let (errors, status) = match parse_period(&q, tz) {
        Ok(_) => (FieldErrors::new(), StatusCode::OK),
        Err(e) => (period_errors(&ctx, &q, &e), StatusCode::UNPROCESSABLE_ENTITY),
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
        at: q.at.clone().unwrap_or_else(|| iso_input(Utc::now(), tz)),
        period_start: q.period_start.clone().unwrap_or_default(),
        period_end: q.period_end.clone().unwrap_or_default(),
        errors,
        period_query: period_query(&q),
        next: data.next.clone(),
        first_page,
    };
    let capacity = page.rows.len() + CustomersPage::SIZE_HINT + 16 * 1024;
    render_sized(status, &page, capacity)
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

/// The table for the chosen period as CSV: this operator's columns, and always the customer's
/// email, the subscription and the billing period (see [`columns::exported`]).
pub async fn export_csv(
    state: web::Data<AppState>,
    ctx: Viewer,
    q: Query<PeriodQuery>,
) -> AppResult<HttpResponse> {
    let period = parse_period(&q, ctx.zone()).map_err(AppError::from)?;
    let shown = saved_columns(&ctx);
    let columns = columns::exported(&shown);
    // People read this export: its header is in the operator's language (the API's keeps the
    // machine names).
    let names = export::header(&columns)
        .iter()
        .map(|name| ctx.t(&format!("analytics-customers-csv-{}", name.replace('_', "-"))))
        .collect();
    Ok(csv_stream(
        &file_name(period),
        export::stream_with_header(state.pool.clone(), period, columns, names),
    ))
}

#[derive(Template, WebTemplate)]
#[template(path = "analytics/customers.html")]
pub struct CustomersPage {
    pub ctx: PageCtx,
    pub has_lines: bool,
    /// The table's rows, rendered by [`rows_html`] (and shared through the page cache).
    pub rows: Arc<String>,
    pub columns: Vec<Column>,
    /// "cycle" or "range".
    pub mode: String,
    pub at: String,
    pub period_start: String,
    pub period_end: String,
    pub errors: FieldErrors,
    /// The query string that reproduces this period (for export and paging links).
    pub period_query: String,
    pub next: Option<String>,
    pub first_page: bool,
}

impl CustomersPage {
    pub fn all_columns(&self) -> [Column; 13] {
        Column::ALL
    }

    /// A column's heading in the page's language.
    pub fn label(&self, c: &Column) -> String {
        self.ctx.t(&format!(
            "analytics-column-{}",
            c.key().replace('_', "-").replace("price-per-unit", "price")
        ))
    }

    pub fn shows(&self, c: &Column) -> bool {
        self.columns.contains(c)
    }
}
