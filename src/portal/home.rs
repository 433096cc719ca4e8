//! The dashboard: once there is data, its figures (events stored, this month's usage per
//! meter, the current cycles' charges, the latest uploads); the first steps only while some
//! are not done.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use askama::Template;
use askama_web::WebTemplate;
use chrono::{DateTime, Utc};

use crate::analytics::overview::{CachedCharges, OverviewData, compute, repo as overview_repo};
use crate::db;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::uploads::model::UploadListItem;
use crate::uploads::repo::{self as uploads_repo, Kind};
use crate::web::chrome::{PageCtx, Viewer};
use crate::web::locale::{Locale, escape_html};

/// Uploads listed on the dashboard.
const RECENT_UPLOADS: i64 = 5;
/// Meters listed on the dashboard (the Analytics overview has them all).
const METERS_SHOWN: usize = 8;

/// One of the four first steps, and whether it is done.
pub struct Step {
    pub done: bool,
}

#[derive(Template, WebTemplate)]
#[template(path = "home/dashboard.html")]
pub struct DashboardPage {
    pub ctx: PageCtx,
    pub month_start: DateTime<Utc>,
    pub data: Arc<OverviewData>,
    /// Only when a subscription exists (else there is nothing to charge).
    pub charges: Option<CachedCharges>,
    pub uploads: Vec<UploadListItem>,
    pub customers: Step,
    pub meters: Step,
    pub products: Step,
    pub usage: Step,
}

impl DashboardPage {
    /// Anything to show besides the first steps.
    pub fn has_data(&self) -> bool {
        self.data.events_all > 0 || !self.uploads.is_empty()
    }

    pub fn all_done(&self) -> bool {
        self.customers.done && self.meters.done && self.products.done && self.usage.done
    }

    pub fn meters_shown(&self) -> &[crate::analytics::overview::MeterFigure] {
        let n = self.data.meters.len().min(METERS_SHOWN);
        &self.data.meters[..n]
    }

    pub fn more_meters(&self) -> bool {
        self.data.meters.len() > METERS_SHOWN
    }

    /// This month's event count, marked for the tests, as HTML for `home-events-month`.
    pub fn events_month_html(&self) -> String {
        format!(
            "<span id=\"events-month\">{}</span>",
            escape_html(&self.ctx.qty(self.data.events_month))
        )
    }

    /// A meter figure in the page's language (the overview formats it with English grouping).
    pub fn figure(&self, formatted: &str) -> String {
        self.ctx.qty(formatted.replace(',', ""))
    }

    /// "3 subscriptions, as of <time>", as HTML.
    pub fn charges_sub(&self, c: &CachedCharges) -> String {
        let subscriptions = self.ctx.t1("home-subscriptions", "count", c.subscriptions);
        self.ctx.html(
            "home-charges-sub",
            &[
                ("subscriptions", &escape_html(&subscriptions)),
                ("time", &self.time_html(c.at)),
            ],
        )
    }

    /// "meter, 3 of 4 rows accepted, <time>", as HTML.
    pub fn upload_row(&self, u: &UploadListItem) -> String {
        self.ctx.html(
            "home-upload-row",
            &[
                ("meter", &escape_html(&u.meter_name)),
                ("accepted", &self.ctx.int(u.upload.rows_accepted)),
                ("total", &self.ctx.int(u.upload.rows_total)),
                ("time", &self.time_html(u.upload.created_at)),
            ],
        )
    }

    /// A time in the operator's zone, as HTML for a message argument.
    pub fn time_html(&self, t: DateTime<Utc>) -> String {
        time_html(&self.ctx, t)
    }
}

/// `<time>` for `t` in the page's zone and language, as HTML for a message argument (what the
/// `m::at` macro writes).
pub fn time_html(locale: &Locale, t: DateTime<Utc>) -> String {
    format!(
        "<time datetime=\"{}\" title=\"{}\">{}</time>",
        escape_html(&locale.iso(t)),
        escape_html(&locale.ago(t)),
        escape_html(&locale.datetime(t))
    )
}

pub async fn dashboard(state: actix_web::web::Data<AppState>, ctx: Viewer) -> AppResult<DashboardPage> {
    let now = Utc::now();
    // "This month" is the operator's.
    let tz = ctx.zone();
    let this_month = crate::tz::this_month(now, tz);
    let month = (this_month.start, this_month.end);
    // The figures, the first steps and recent uploads, and the usage charges are read at once,
    // each on its own connection (as the overview reads its own, see `analytics::overview`);
    // the charges are shown once there is a subscription (without one, there is nothing to
    // price and they cost nothing to read).
    let (kept, seen) = (state.kept_meters.clone(), ctx.op.meters_version);
    let data = state.overview_cache.get(
        format!("dashboard|{}|{}", tz.name(), month.0.timestamp()),
        &state.writes,
        state.config.page_cache(),
        &state.pool,
        move |c| compute(c, (&kept, seen), month, &[], None, tz),
    );
    let setup = async {
        db::run(&state.pool, |c| {
            Ok::<_, AppError>((
                overview_repo::setup_done(c)?,
                uploads_repo::list_of_kind(c, None, Kind::Real, None, RECENT_UPLOADS)?,
            ))
        })
        .await
        .map_err(AppError::from)
    };
    let charges = state.charges_cache.get(
        &state.pool,
        &state.writes,
        StdDuration::from_secs(state.config.charges_cache_seconds),
    );
    let (data, ((customers, products, subscriptions), uploads), charges) =
        futures_util::future::try_join3(data, setup, charges).await?;
    let charges = subscriptions.then_some(charges);
    Ok(DashboardPage {
        ctx: ctx.0,
        month_start: month.0,
        charges,
        customers: Step { done: customers },
        meters: Step {
            done: !data.meters.is_empty(),
        },
        products: Step { done: products },
        usage: Step {
            done: data.events_all > 0,
        },
        data,
        uploads,
    })
}
