//! `/api/v1/subscriptions`: Dodo Payments' subscription and usage history
//! ([`super::subscription_json`]), and the native usage of one cycle.

use actix_web::{HttpResponse, web};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::api::list::{ApiList, ListPage};
use crate::api::params::time;
use crate::api::subscription_json;
use crate::auth::model::ApiClient;
use crate::charges::{self, BilledLine};
use crate::db;
use crate::error::{ApiResult, AppError};
use crate::installation::BusinessId;
use crate::metering::Currency;
use crate::metering::money::{amount_text, price_text, quantity_text};
use crate::metering::{parse_timestamp, rfc3339};
use crate::state::AppState;
use crate::subscriptions::service;
use crate::web::extract::Query;
use crate::web::json::ApiJson;

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
    body: ApiJson<NewSubscription>,
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
    let business = state.business_id.clone();
    let json = db::run(&state.pool, move |c| {
        let sub = service::create(c, &actor, body.customer_id.trim(), &body.product_id, start)?;
        shown(c, &business, &sub.id)
    })
    .await?;
    Ok(HttpResponse::Created().json(json))
}

fn shown(conn: &mut db::Conn, business: &BusinessId, id: &str) -> Result<Value, AppError> {
    let details = service::details(conn, id)?;
    subscription_json::subscription(&details, &business.get(conn)?, Utc::now())
}

pub async fn get(
    state: web::Data<AppState>,
    _client: ApiClient,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let business = state.business_id.clone();
    let json = db::run(&state.pool, move |c| shown(c, &business, &id)).await?;
    Ok(HttpResponse::Ok().json(json))
}

#[derive(Deserialize)]
pub struct HistoryQuery {
    start_date: Option<String>,
    end_date: Option<String>,
    meter_id: Option<String>,
}

/// `GET /subscriptions/{id}/usage-history`: every cycle that has started, newest first, with
/// each meter's usage and charge; `start_date` / `end_date` keep the cycles that overlap
/// `[start_date, end_date]`, `meter_id` one meter's lines. Numbered pages only.
pub async fn usage_history(
    state: web::Data<AppState>,
    _client: ApiClient,
    id: web::Path<String>,
    q: Query<HistoryQuery>,
    page: ListPage,
) -> ApiResult<HttpResponse> {
    let (offset, size) = page.numbered()?;
    let q = q.into_inner();
    let query = charges::HistoryQuery {
        from: time("start_date", q.start_date.as_deref())?,
        to: time("end_date", q.end_date.as_deref())?,
        meter_id: q.meter_id.map(|m| m.trim().to_string()).filter(|m| !m.is_empty()),
    };
    let id = id.into_inner();
    let (cycles, has_more) = db::run(&state.pool, move |c| {
        charges::history(c, &id, &query, Utc::now(), offset, size)
    })
    .await?;
    let items = cycles
        .iter()
        .map(subscription_json::history_item)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(HttpResponse::Ok().json(ApiList {
        items,
        has_more,
        next_cursor: None,
    }))
}

#[derive(Deserialize)]
pub struct UsageQuery {
    at: Option<String>,
}

/// A line of the usage answer: `price` always; `price_per_unit` for `per_unit` lines (`null`
/// for the others); `packages` for `package` lines; `tiers` for `graduated` and `volume`.
#[derive(Serialize)]
struct LineJson {
    meter_id: String,
    meter_name: String,
    unit: String,
    consumed: String,
    free_threshold: String,
    chargeable: String,
    price: serde_json::Value,
    price_per_unit: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    packages: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tiers: Option<Vec<TierJson>>,
    charge: String,
}

/// A tier of a priced line: the units priced in it, its unit price, the flat fee charged (0
/// when no unit falls in it) and `amount = units × unit_price + flat_fee`, exact (the line's
/// charge is rounded once, on the sum).
#[derive(Serialize)]
struct TierJson {
    up_to: Option<String>,
    units: String,
    unit_price: String,
    flat_fee: String,
    amount: String,
}

impl LineJson {
    fn new(l: BilledLine, currency: Currency) -> LineJson {
        let p = &l.priced;
        LineJson {
            consumed: quantity_text(p.consumed),
            free_threshold: quantity_text(p.free_threshold),
            chargeable: quantity_text(p.chargeable),
            price: l.price.to_json_in(currency),
            price_per_unit: l.price.unit_price().map(|u| price_text(u, currency)),
            packages: p.packages.map(quantity_text),
            tiers: l.price.model().is_tiered().then(|| {
                p.tiers
                    .iter()
                    .map(|t| TierJson {
                        up_to: t.up_to.map(quantity_text),
                        units: quantity_text(t.units),
                        unit_price: price_text(t.unit_price, currency),
                        flat_fee: price_text(t.flat_fee, currency),
                        amount: price_text(t.amount, currency),
                    })
                    .collect()
            }),
            charge: amount_text(p.charge, currency),
            meter_id: l.meter_id,
            meter_name: l.meter_name,
            unit: l.unit,
        }
    }
}

#[derive(Serialize)]
struct UsageJson {
    subscription_id: String,
    customer_id: String,
    product_id: String,
    period_start: String,
    period_end: String,
    currency: String,
    meters: Vec<LineJson>,
    total: String,
}

/// `GET /api/v1/subscriptions/{id}/usage?at=`: the billing cycle containing `at` (default
/// now), priced by [`crate::charges`].
pub async fn usage(
    state: web::Data<AppState>,
    _client: ApiClient,
    id: web::Path<String>,
    q: Query<UsageQuery>,
) -> ApiResult<HttpResponse> {
    let at = match q.at.as_deref() {
        Some(raw) => parse_timestamp(raw).map_err(|m| AppError::validation("at", m))?,
        None => chrono::Utc::now(),
    };
    let id = id.into_inner();
    let u = db::run(&state.pool, move |c| charges::subscription_cycle(c, &id, at)).await?;
    let currency = u.bill.currency;
    Ok(HttpResponse::Ok().json(UsageJson {
        subscription_id: u.subscription.id,
        customer_id: u.subscription.customer_id,
        product_id: u.subscription.product_id,
        period_start: rfc3339(u.period_start),
        period_end: rfc3339(u.period_end),
        currency: currency.code.to_string(),
        meters: u
            .bill
            .lines
            .into_iter()
            .map(|l| LineJson::new(l, currency))
            .collect(),
        total: amount_text(u.bill.total, currency),
    }))
}
