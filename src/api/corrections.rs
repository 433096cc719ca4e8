//! `POST /api/v1/events/{event_id}/void` `{"reason"}`: one event stops counting everywhere; its
//! id stays taken, so a resend is a duplicate. 404 for an unknown id, 409 if voided already.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::auth::model::ApiClient;
use crate::db;
use crate::error::{ApiResult, AppError};
use crate::ingest::void::{self, VoidRequest, VoidedEvent};
use crate::metering::rfc3339;
use crate::state::AppState;
use crate::web::json::ApiJson;

#[derive(Deserialize)]
pub struct VoidBody {
    #[serde(default)]
    reason: String,
}

/// A voided event as the API shows it.
#[derive(Serialize)]
pub struct VoidedJson {
    pub event_id: String,
    pub customer_id: String,
    pub event_name: String,
    pub timestamp: String,
    pub metadata: serde_json::Map<String, serde_json::Value>,
    pub status: &'static str,
    pub voided_at: String,
    pub void_reason: String,
}

impl From<VoidedEvent> for VoidedJson {
    fn from(e: VoidedEvent) -> Self {
        VoidedJson {
            event_id: e.event_id,
            customer_id: e.customer_id,
            event_name: e.event_name,
            timestamp: rfc3339(e.timestamp),
            metadata: e.metadata,
            status: "voided",
            voided_at: rfc3339(e.voided_at),
            void_reason: e.reason,
        }
    }
}

pub async fn void_event(
    state: web::Data<AppState>,
    client: ApiClient,
    event_id: web::Path<String>,
    body: ApiJson<VoidBody>,
) -> ApiResult<HttpResponse> {
    let (actor, event_id, reason) = (client.actor(), event_id.into_inner(), body.into_inner().reason);
    let voided = db::run(&state.pool, move |c| {
        let request = VoidRequest {
            event_id: &event_id,
            reason: &reason,
            event_name: None,
        };
        void::void(c, &actor, &request).map_err(AppError::from)
    })
    .await?;
    Ok(HttpResponse::Ok().json(VoidedJson::from(voided)))
}
