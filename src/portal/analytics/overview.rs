//! `GET /analytics`: the overview page.

use std::time::Duration as StdDuration;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;
use chrono::Utc;
use chrono_tz::Tz;
use serde::Deserialize;

use crate::analytics::chart::{self, Granularity, PanelInfo, TableRow};
use crate::analytics::overview::{CachedCharges, MeterFigure, Range, compute};
use crate::error::AppResult;
use crate::metering::parse_timestamp_in;
use crate::state::AppState;
use crate::validation::FieldErrors;
use crate::web::chrome::{PageCtx, Viewer, render};
use crate::web::extract::Query;
use crate::web::locale::Locale;

use super::drawn_charts;
use super::{aggregation_words, rich, time_html, timestamp_error};
use crate::i18n::Arg;

#[derive(Template, WebTemplate)]
#[template(path = "analytics/overview.html")]
pub struct OverviewPage {
    pub ctx: PageCtx,
    pub month_start: chrono::DateTime<Utc>,
    pub events_month: i64,
    pub events_all: i64,
    pub active_month: i64,
    pub active_all: i64,
    pub meters: Vec<MeterFigure>,
    pub charges: CachedCharges,
    /// Chart controls as chosen.
    pub range: String,
    pub granularity: String,
    pub selected: Vec<String>,
    pub custom_from: String,
    pub custom_to: String,
    pub errors: FieldErrors,
    pub panels: Vec<PanelInfo>,
    pub table_headings: Vec<String>,
    pub table: Vec<TableRow>,
}

impl OverviewPage {
    /// "3 subscriptions, as of <time>".
    pub fn charges_sub(&self) -> String {
        let time = time_html(&self.ctx, self.charges.at);
        rich(
            &self.ctx,
            "analytics-overview-charges-sub",
            &[
                ("count", Arg::from(self.charges.subscriptions)),
                ("time", Arg::from(time)),
            ],
        )
    }

    pub fn month_note(&self) -> String {
        let time = time_html(&self.ctx, self.month_start);
        rich(
            &self.ctx,
            "analytics-overview-month-note",
            &[("time", Arg::from(time))],
        )
    }

    pub fn no_meters(&self) -> String {
        rich(&self.ctx, "analytics-overview-no-meters", &[])
    }

    /// A meter's aggregation in words ("sum of tokens"), in the page's language.
    pub fn words(&self, f: &MeterFigure) -> String {
        aggregation_words(&self.ctx, f.kind, f.key.as_deref(), &f.words)
    }

    pub fn is_selected(&self, id: &str) -> bool {
        self.selected.iter().any(|s| s == id)
    }
}

#[derive(Deserialize, Default)]
pub struct ChartQuery {
    range: Option<String>,
    granularity: Option<String>,
    from: Option<String>,
    to: Option<String>,
    /// An IANA zone to read the page in instead of the operator's (see `web::zone`).
    tz: Option<String>,
}

fn parse_range(q: &ChartQuery, tz: Tz, l: &Locale, errors: &mut FieldErrors) -> Range {
    match q.range.as_deref() {
        Some("7d") => Range::Days(7),
        Some("90d") => Range::Days(90),
        Some("12m") => Range::Months12,
        Some("custom") => {
            let mut read = |field: &str, v: Option<&str>| match v.map(str::trim).filter(|s| !s.is_empty()) {
                None => {
                    errors.add(field, l.t("analytics-overview-error-custom-range"));
                    None
                }
                Some(s) => parse_timestamp_in(s, tz)
                    .map_err(|_| errors.add(field, timestamp_error(l, s, "meters-timestamp-formats")))
                    .ok(),
            };
            match (read("from", q.from.as_deref()), read("to", q.to.as_deref())) {
                (Some(a), Some(b)) if b > a => Range::Custom(a, b),
                (Some(_), Some(_)) => {
                    errors.add("to", l.t("analytics-error-end-before-start"));
                    Range::Days(30)
                }
                _ => Range::Days(30),
            }
        }
        _ => Range::Days(30),
    }
}

pub async fn overview(
    state: web::Data<AppState>,
    ctx: Viewer,
    query: Query<ChartQuery>,
    raw: Query<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let q = query.into_inner();
    let tz = ctx.zone_or_query(q.tz.as_deref())?;
    let mut errors = FieldErrors::new();
    let range = parse_range(&q, tz, &ctx, &mut errors);
    let granularity = q
        .granularity
        .as_deref()
        .and_then(Granularity::parse)
        .unwrap_or(Granularity::Day);
    let now = Utc::now();
    let (from, to) = range.bounds(now, tz);
    if chart::bucket_count(granularity, from, to, tz) > chart::MAX_BUCKETS {
        errors.add(
            "granularity",
            ctx.t1(
                "analytics-overview-error-too-many-bars",
                "max",
                ctx.int(chart::MAX_BUCKETS as i64).as_str(),
            ),
        );
    }
    let chosen: Vec<String> = raw
        .into_inner()
        .into_iter()
        .filter(|(k, _)| k == "meter")
        .map(|(_, v)| v)
        .collect();
    let this_month = crate::tz::this_month(now, tz);
    let month = (this_month.start, this_month.end);
    let chart_ok = errors.is_empty();
    // Keyed by everything the view computes from: the zone, the month, the chart's
    // (day-aligned) window, its granularity and meters.
    let key = format!(
        "{}|{}|{}|{}|{}|{:?}|{chart_ok}",
        tz.name(),
        month.0.timestamp(),
        from.timestamp(),
        to.timestamp(),
        granularity.as_str(),
        chosen
    );
    let chart = chart_ok.then_some((granularity, from, to));
    // The usage charges and the figures are read at once, each on its own connection: one
    // after the other, an overview view took twice a page's turn at the database.
    let charges = state.charges_cache.get(
        &state.pool,
        &state.writes,
        StdDuration::from_secs(state.config.charges_cache_seconds),
    );
    let (kept, seen) = (state.kept_meters.clone(), ctx.op.meters_version);
    let data = state.overview_cache.get(
        key,
        &state.writes,
        state.config.page_cache(),
        &state.pool,
        move |c| compute(c, (&kept, seen), month, &chosen, chart, tz),
    );
    let (charges, data) = futures_util::future::try_join(charges, data).await?;
    let status = if errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    // Worded and drawn in the operator's language and the chart's zone (which a `tz` parameter
    // may have chosen), once for equal numbers (see `drawn_charts`).
    let (panels, table_headings, table) = match &data.chart {
        Some(input) => {
            let d = drawn_charts::drawn(input, &ctx.locale);
            (d.panels.clone(), d.table_headings.clone(), d.table.clone())
        }
        None => Default::default(),
    };
    let page = OverviewPage {
        ctx: ctx.0,
        month_start: month.0,
        events_month: data.events_month,
        events_all: data.events_all,
        active_month: data.active_month,
        active_all: data.active_all,
        meters: data.meters.clone(),
        charges,
        // A refused custom range stays chosen, with its dates and the error beside them.
        range: if q.range.as_deref() == Some("custom") {
            "custom".into()
        } else {
            range.key().into()
        },
        granularity: granularity.as_str().into(),
        selected: data.selected.clone(),
        custom_from: q.from.unwrap_or_default(),
        custom_to: q.to.unwrap_or_default(),
        errors,
        panels,
        table_headings,
        table,
    };
    render(status, &page)
}
