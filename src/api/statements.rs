//! `/api/v1/statements` and `/api/v1/subscriptions/{id}/statements`: closed billing cycles,
//! built only from what was stored at close (so an answer is the same byte for byte later),
//! and `POST /api/v1/statements/close` to close every cycle ended by a given time now.

use actix_web::{HttpResponse, web};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::list::{ApiList, ListPage};
use crate::auth::model::ApiClient;
use crate::db;
use crate::error::{ApiResult, AppError};
use crate::metering::money::{amount_text, quantity_text};
use crate::metering::{parse_timestamp, rfc3339};
use crate::state::AppState;
use crate::statements::{self, Statement, StatementLine, read};
use crate::web::json::ApiJson;

/// A statement line as SPEC shows it: `usage` or `adjustment`.
#[derive(Serialize)]
#[serde(tag = "kind", rename_all = "lowercase")]
pub enum LineJson {
    Usage {
        meter_id: String,
        consumed: String,
        free_threshold: String,
        chargeable: String,
        price: Value,
        charge: String,
    },
    Adjustment {
        meter_id: String,
        for_period_start: String,
        for_period_end: String,
        consumed_delta: String,
        charge_delta: String,
    },
}

#[derive(Serialize)]
pub struct StatementJson {
    id: String,
    subscription_id: String,
    customer_id: String,
    period_start: String,
    period_end: String,
    closed_at: String,
    currency: String,
    lines: Vec<LineJson>,
    total: String,
}

impl StatementJson {
    pub fn new(st: Statement, lines: Vec<StatementLine>) -> StatementJson {
        let currency = st.currency();
        let lines = lines
            .into_iter()
            .map(|l| match (l.for_period_start, l.for_period_end) {
                (Some(start), Some(end)) if !l.is_usage() => LineJson::Adjustment {
                    meter_id: l.meter_id,
                    for_period_start: rfc3339(start),
                    for_period_end: rfc3339(end),
                    consumed_delta: quantity_text(l.quantity),
                    charge_delta: amount_text(l.amount, currency),
                },
                _ => LineJson::Usage {
                    meter_id: l.meter_id,
                    consumed: quantity_text(l.quantity),
                    free_threshold: quantity_text(l.free_threshold.unwrap_or_default()),
                    chargeable: quantity_text(l.chargeable.unwrap_or_default()),
                    price: l.price.unwrap_or(Value::Null),
                    charge: amount_text(l.amount, currency),
                },
            })
            .collect();
        StatementJson {
            total: amount_text(st.total, currency),
            id: st.id,
            subscription_id: st.subscription_id,
            customer_id: st.customer_id,
            period_start: rfc3339(st.period_start),
            period_end: rfc3339(st.period_end),
            closed_at: rfc3339(st.closed_at),
            currency: st.currency,
            lines,
        }
    }
}

/// `GET /api/v1/statements/{id}`.
pub async fn get(
    state: web::Data<AppState>,
    _client: ApiClient,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let (st, lines) = db::run(&state.pool, move |c| read::statement(c, &id)).await?;
    Ok(HttpResponse::Ok().json(StatementJson::new(st, lines)))
}

/// `GET /api/v1/subscriptions/{id}/statements`: newest cycle first, each with its lines.
pub async fn list(
    state: web::Data<AppState>,
    _client: ApiClient,
    id: web::Path<String>,
    page: ListPage,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let ListPage { seek, size } = page;
    let (page, lines) = db::run(&state.pool, move |c| {
        let page = read::for_subscription(c, &id, &seek, size)?;
        let lines = page
            .items
            .iter()
            .map(|s| statements::repo::lines_of(c, &s.id))
            .collect::<Result<Vec<_>, _>>()?;
        Ok::<_, AppError>((page, lines))
    })
    .await?;
    let mut lines = lines.into_iter();
    Ok(HttpResponse::Ok().json(ApiList::new(page, |st| {
        StatementJson::new(st, lines.next().unwrap_or_default())
    })))
}

#[derive(Deserialize)]
pub struct CloseBody {
    #[serde(default)]
    until: Value,
}

#[derive(Serialize)]
struct Closed {
    until: String,
    closed: usize,
    statements: Vec<StatementJson>,
}

/// `POST /api/v1/statements/close {"until"}`: closes every cycle that ended at or before
/// `until` (not in the future) now, without waiting for the grace period. Answers the
/// statements this call made (cycles already closed, or closed by another process at the same
/// time, are not among them).
pub async fn close(
    state: web::Data<AppState>,
    _client: ApiClient,
    body: ApiJson<CloseBody>,
) -> ApiResult<HttpResponse> {
    let bad = |message: String| AppError::InvalidParameter {
        field: "until".into(),
        message,
    };
    let until = match &body.until {
        Value::String(raw) => parse_timestamp(raw).map_err(|m| bad(format!("until: {m}")))?,
        Value::Null => {
            return Err(bad(
                "until is required: the time (RFC 3339) up to which ended cycles are closed".into(),
            )
            .into());
        }
        _ => return Err(bad("until must be a timestamp string such as 2026-11-01T00:00:00Z".into()).into()),
    };
    let now = Utc::now();
    if until > now {
        return Err(bad(format!(
            "until ({}) is in the future; cycles can only be closed up to now ({})",
            rfc3339(until),
            rfc3339(now)
        ))
        .into());
    }
    let made = db::run(&state.pool, move |c| {
        let made = statements::close_until(c, until)?;
        made.into_iter()
            .map(|st| {
                let lines = statements::repo::lines_of(c, &st.id)?;
                Ok::<_, AppError>(StatementJson::new(st, lines))
            })
            .collect::<Result<Vec<_>, _>>()
    })
    .await?;
    Ok(HttpResponse::Ok().json(Closed {
        until: rfc3339(until),
        closed: made.len(),
        statements: made,
    }))
}
