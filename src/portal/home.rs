//! The dashboard: once there is data, its figures (events stored, this month's usage per
//! meter, the current cycles' charges, the latest uploads); the first steps only while some
//! are not done.

use std::sync::Arc;
use std::time::Duration as StdDuration;

use askama::Template;
use askama_web::WebTemplate;
use chrono::{DateTime, Utc};

use crate::analytics::overview::{CachedCharges, OverviewData, compute, month_of, repo as overview_repo};
use crate::db;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::uploads::model::UploadListItem;
use crate::uploads::repo::{self as uploads_repo, Kind};
use crate::web::chrome::{PageCtx, Viewer};
use crate::web::filters;

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
}

pub async fn dashboard(state: actix_web::web::Data<AppState>, ctx: Viewer) -> AppResult<DashboardPage> {
    let now = Utc::now();
    let month = month_of(now);
    let pool = state.pool.clone();
    let data = state
        .overview_cache
        .get(
            format!("dashboard|{}", month.0.timestamp()),
            &state.writes,
            state.config.page_cache(),
            move || async move {
                db::run(&pool, move |c| compute(c, month, &[], None))
                    .await
                    .map_err(AppError::from)
            },
        )
        .await?;
    let ((customers, products, subscriptions), uploads) = db::run(&state.pool, |c| {
        Ok::<_, AppError>((
            overview_repo::setup_done(c)?,
            uploads_repo::list_of_kind(c, None, Kind::Real, None, RECENT_UPLOADS)?,
        ))
    })
    .await?;
    let charges = if subscriptions {
        Some(
            state
                .charges_cache
                .get(
                    &state.pool,
                    StdDuration::from_secs(state.config.charges_cache_seconds),
                )
                .await?,
        )
    } else {
        None
    };
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
