//! Events pages: the events table, one event, the troubleshooting view.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;
use chrono::Utc;
use serde::Deserialize;

use crate::analytics::events::model::{Lineage, MeterVerdict};
use crate::analytics::events::query::{FilterForm, SourceKind};
use crate::analytics::events::service;
use crate::analytics::events::service::{EventDetails, EventsTable, Unmatched, WINDOWS};
use crate::db;
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::chrome::{PageCtx, Viewer, render};
use crate::web::extract::Query;
use crate::web::filters;

#[derive(Deserialize)]
pub struct PageQuery {
    after: Option<String>,
}

/// `GET /analytics/events`: 422 with the form's errors when a filter cannot be read.
pub async fn list(
    state: web::Data<AppState>,
    ctx: Viewer,
    form: Query<FilterForm>,
    page: Query<PageQuery>,
) -> AppResult<HttpResponse> {
    let (form, after) = (form.into_inner(), page.into_inner().after);
    let t = db::run(&state.pool, move |c| {
        service::events_table(c, form, after.as_deref())
    })
    .await?;
    let status = if t.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render(status, &EventsPage { ctx: ctx.0, t })
}

/// `GET /analytics/events/{event_id}`: 404 naming the id when it is neither stored nor voided.
pub async fn show(state: web::Data<AppState>, ctx: Viewer, id: web::Path<String>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let d = db::run(&state.pool, move |c| service::event_details(c, &id)).await?;
    let status = if d.event.is_some() {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    render(status, &EventPage { ctx: ctx.0, d })
}

#[derive(Deserialize)]
pub struct WindowQuery {
    days: Option<String>,
}

/// `GET /analytics/unmatched?days=7|30|90`.
pub async fn unmatched(
    state: web::Data<AppState>,
    ctx: Viewer,
    q: Query<WindowQuery>,
) -> AppResult<UnmatchedPage> {
    let days = service::window_days(q.days.as_deref());
    let u = db::run(&state.pool, move |c| service::unmatched(c, days, Utc::now())).await?;
    Ok(UnmatchedPage { ctx: ctx.0, u })
}

#[derive(Template, WebTemplate)]
#[template(path = "analytics/events.html")]
pub struct EventsPage {
    pub ctx: PageCtx,
    pub t: EventsTable,
}

impl EventsPage {
    pub fn sources(&self) -> [SourceKind; 3] {
        SourceKind::ALL
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "analytics/event.html")]
pub struct EventPage {
    pub ctx: PageCtx,
    pub d: EventDetails,
}

impl EventPage {
    /// Meters counting the event, for the summary line.
    pub fn counted_by(&self) -> Vec<&MeterVerdict> {
        self.d.verdicts.iter().filter(|v| v.counted).collect()
    }

    pub fn any_active(&self) -> bool {
        self.d.verdicts.iter().any(|v| v.active)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "analytics/unmatched.html")]
pub struct UnmatchedPage {
    pub ctx: PageCtx,
    pub u: Unmatched,
}

impl UnmatchedPage {
    pub fn windows(&self) -> [i64; 3] {
        let mut w = WINDOWS;
        w.sort_unstable();
        w
    }
}
