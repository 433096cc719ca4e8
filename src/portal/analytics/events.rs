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
use crate::error::{AppError, AppResult};
use crate::ingest::void::{self, VoidError, VoidRequest};
use crate::state::AppState;
use crate::web::chrome::{Editor, Flash, PageCtx, Viewer, redirect_with_flash, render};
use crate::web::extract::{Form, Query};
use crate::web::filters;

#[derive(Deserialize)]
pub struct PageQuery {
    after: Option<String>,
    /// An IANA zone to read the filters in instead of the operator's (see `web::zone`).
    tz: Option<String>,
}

/// `GET /analytics/events`: 422 with the form's errors when a filter cannot be read.
pub async fn list(
    state: web::Data<AppState>,
    ctx: Viewer,
    form: Query<FilterForm>,
    page: Query<PageQuery>,
) -> AppResult<HttpResponse> {
    let (form, page) = (form.into_inner(), page.into_inner());
    let tz = ctx.zone_or_query(page.tz.as_deref())?;
    let after = page.after;
    let t = db::run(&state.pool, move |c| {
        service::events_table(c, form, after.as_deref(), tz)
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
    render(
        status,
        &EventPage {
            ctx: ctx.0,
            d,
            void_reason: String::new(),
            void_error: None,
        },
    )
}

#[derive(Deserialize)]
pub struct VoidForm {
    #[serde(default)]
    reason: String,
}

/// `POST /analytics/events/{event_id}/void` (editors): the event stops counting everywhere and
/// its id stays taken. Back to its page; a missing reason shows the form again (422).
pub async fn void(
    state: web::Data<AppState>,
    ctx: Editor,
    id: web::Path<String>,
    form: Form<VoidForm>,
) -> AppResult<HttpResponse> {
    let (id, reason) = (id.into_inner(), form.into_inner().reason);
    let page = format!(
        "/analytics/events/{}",
        percent_encoding::utf8_percent_encode(&id, percent_encoding::NON_ALPHANUMERIC)
    );
    let actor = ctx.op.actor();
    let (event_id, why) = (id.clone(), reason.clone());
    let done = db::run(&state.pool, move |c| {
        let request = VoidRequest {
            event_id: &event_id,
            reason: &why,
            event_name: None,
        };
        void::void(c, &actor, &request)
    })
    .await;
    match done {
        Ok(_) => Ok(redirect_with_flash(&page, Flash::new("event_voided", id))),
        Err(db::Failure::Query(VoidError::InvalidReason(message))) => {
            let d = db::run(&state.pool, move |c| service::event_details(c, &id)).await?;
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &EventPage {
                    ctx: ctx.0,
                    d,
                    void_reason: reason,
                    void_error: Some(message),
                },
            )
        }
        Err(db::Failure::Query(e @ VoidError::AlreadyVoided { .. })) => Ok(redirect_with_flash(
            &page,
            Flash::new("error_message", e.to_string()),
        )),
        Err(e) => Err(AppError::from(e)),
    }
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
    pub fn sources(&self) -> [SourceKind; 5] {
        SourceKind::ALL
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "analytics/event.html")]
pub struct EventPage {
    pub ctx: PageCtx,
    pub d: EventDetails,
    /// The void form's reason as typed, and what is wrong with it.
    pub void_reason: String,
    pub void_error: Option<String>,
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
