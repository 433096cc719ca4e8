//! `GET /healthz`: does this instance reach its database?

use std::time::Duration;

use actix_web::http::header;
use actix_web::{HttpResponse, web};

use crate::error::UNAVAILABLE_RETRY_AFTER_SECS;
use crate::state::AppState;

/// How long the health check may take, whatever the database does.
const HEALTH_BUDGET: Duration = Duration::from_millis(800);

/// 200 when the database answers, 503 (with Retry-After) when it does not; within a second
/// either way: the check has its own connection and a deadline.
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    match crate::db::check(&state.pool, HEALTH_BUDGET).await {
        Ok(()) => HttpResponse::Ok()
            .insert_header((header::CACHE_CONTROL, "no-store"))
            .json(serde_json::json!({ "status": "ok", "database": "ok" })),
        Err(reason) => {
            tracing::warn!("health check: the database does not answer: {reason}");
            HttpResponse::ServiceUnavailable()
                .insert_header((header::CACHE_CONTROL, "no-store"))
                .insert_header((header::RETRY_AFTER, UNAVAILABLE_RETRY_AFTER_SECS.to_string()))
                .json(serde_json::json!({ "status": "unavailable", "database": "not answering" }))
        }
    }
}
