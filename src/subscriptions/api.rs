//! `/api/v1/subscriptions`.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use super::model::Subscription;
use super::service;
use crate::AppState;
use crate::auth::model::ApiClient;
use crate::db;
use crate::error::{ApiResult, AppError};
use crate::metering::{parse_timestamp, rfc3339};

#[derive(Serialize)]
pub struct SubscriptionJson {
    pub id: String,
    pub customer_id: String,
    pub product_id: String,
    pub start: String,
    pub end: Option<String>,
}

impl From<Subscription> for SubscriptionJson {
    fn from(s: Subscription) -> Self {
        SubscriptionJson {
            id: s.id,
            customer_id: s.customer_id,
            product_id: s.product_id,
            start: rfc3339(s.start_at),
            end: s.end_at.map(rfc3339),
        }
    }
}

#[derive(Deserialize)]
pub struct NewSubscription {
    #[serde(default)]
    customer_id: String,
    #[serde(default)]
    product_id: String,
    start: Option<String>,
}

pub async fn create(
    state: web::Data<AppState>,
    client: ApiClient,
    body: web::Json<NewSubscription>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    if body.customer_id.trim().is_empty() {
        return Err(AppError::validation("customer_id", "customer_id is required").into());
    }
    let start = match body.start.as_deref() {
        Some(raw) => Some(parse_timestamp(raw).map_err(|m| AppError::validation("start", m))?),
        None => None,
    };
    let actor = client.actor();
    let sub = db::run(&state.pool, move |c| {
        service::create(c, &actor, body.customer_id.trim(), &body.product_id, start)
    })
    .await?;
    Ok(HttpResponse::Created().json(SubscriptionJson::from(sub)))
}

pub async fn get(
    state: web::Data<AppState>,
    _client: ApiClient,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let sub = db::run(&state.pool, move |c| service::get(c, &id)).await?;
    Ok(HttpResponse::Ok().json(SubscriptionJson::from(sub)))
}
