//! `GET /api/v1/events` and `GET /api/v1/events/{event_id}`: stored events in Dodo Payments'
//! shape (`business_id`, `customer_id`, `event_id`, `event_name`, `timestamp`, `metadata`).

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::analytics::events::model::EventRow;
use crate::analytics::events::service::{self, EventQuery};
use crate::api::list::{ApiList, ListPage};
use crate::api::params::{text, time};
use crate::auth::model::ApiClient;
use crate::db;
use crate::error::{ApiResult, AppError};
use crate::metering::rfc3339;
use crate::paging::Page;
use crate::state::AppState;
use crate::web::extract::Query;

#[derive(Serialize)]
pub struct EventJson {
    pub business_id: String,
    pub customer_id: String,
    pub event_id: String,
    pub event_name: String,
    pub timestamp: String,
    pub metadata: Value,
    /// When the event stopped counting (its upload was rolled back); absent while it counts.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub voided_at: Option<String>,
}

impl EventJson {
    fn new(row: EventRow, business_id: &str, voided_at: Option<DateTime<Utc>>) -> Self {
        EventJson {
            business_id: business_id.to_string(),
            customer_id: row.customer_id,
            event_id: row.event_id,
            event_name: row.event_name,
            timestamp: rfc3339(row.ts),
            metadata: match row.metadata {
                Value::Object(m) => Value::Object(m),
                _ => Value::Object(Map::new()),
            },
            voided_at: voided_at.map(rfc3339),
        }
    }
}

#[derive(Deserialize)]
pub struct ListQuery {
    customer_id: Option<String>,
    event_name: Option<String>,
    meter_id: Option<String>,
    start: Option<String>,
    end: Option<String>,
}

/// `GET /events`: newest first (timestamp, then receipt); `customer_id`, `event_name`,
/// `meter_id` (the events the meter counts: its event name and filter), `start` (inclusive)
/// and `end` (exclusive) on the event's timestamp. Voided events are left out.
pub async fn list(
    state: web::Data<AppState>,
    _client: ApiClient,
    q: Query<ListQuery>,
    page: ListPage,
) -> ApiResult<HttpResponse> {
    let q = q.into_inner();
    let query = EventQuery {
        customer_id: text(q.customer_id),
        event_name: text(q.event_name),
        meter_id: text(q.meter_id),
        from: time("start", q.start.as_deref())?,
        to: time("end", q.end.as_deref())?,
    };
    if let (Some(from), Some(to)) = (query.from, query.to)
        && to <= from
    {
        return Err(AppError::validation("end", "end must be after start").into());
    }
    let after = match page.seek.cursor() {
        Some(c) => Some((
            c.created_at,
            c.id.parse::<i64>().map_err(|_| {
                AppError::validation(
                    "starting_after",
                    "not a cursor from a previous page's next_cursor",
                )
            })?,
        )),
        None => None,
    };
    let (offset, size) = (page.seek.offset(), page.size);
    let business = state.business_id.clone();
    let (rows, business_id) = db::run(&state.pool, move |c| {
        let rows = service::list_events(c, &query, after, offset, size + 1)?;
        Ok::<_, AppError>((rows, business.get(c)?))
    })
    .await?;
    let page = Page::from_rows(rows, size, EventRow::cursor);
    Ok(HttpResponse::Ok().json(ApiList::new(page, |e| EventJson::new(e, &business_id, None))))
}

/// `GET /events/{event_id}`: the stored event; a voided one with its `voided_at`.
pub async fn get(
    state: web::Data<AppState>,
    _client: ApiClient,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let business = state.business_id.clone();
    let (found, business_id) = db::run(&state.pool, move |c| {
        let found = service::find_event(c, &id)?
            .ok_or_else(|| AppError::not_found(format!("No event with the id {id}.")))?;
        Ok::<_, AppError>((found, business.get(c)?))
    })
    .await?;
    let (row, voided_at) = found;
    Ok(HttpResponse::Ok().json(EventJson::new(row, &business_id, voided_at)))
}
