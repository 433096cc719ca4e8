//! `/api/v1/products`.
//!
//! Decimals travel as strings. Prices are exact with trailing zeros trimmed, but never below
//! the currency's minor units (`"0.50"`, `"0.000001"`, `"2.00"` in USD); free thresholds are
//! exact without trailing zeros (`"100"`, `"0.5"`). The database keeps 12 decimal places, so
//! the scale a client sent is not kept; this rule gives the same text on every read.

use actix_web::{HttpResponse, web};
use serde::Serialize;

use crate::api::list::{ApiList, ListPage};
use crate::auth::model::ApiClient;
use crate::db;
use crate::error::{ApiResult, AppError};
use crate::metering::money::{price_text, quantity_text};
use crate::metering::rfc3339;
use crate::paging::Page;
use crate::products::model::{ApiProductInput, Product, ProductInput, ProductMeterView};
use crate::products::{repo, service};
use crate::state::AppState;
use crate::web::json::ApiJson;

/// A product as the API shows it.
#[derive(Debug, Serialize)]
pub struct ProductJson {
    pub id: String,
    pub name: String,
    pub description: String,
    pub currency: String,
    pub billing_interval: String,
    pub meters: Vec<ProductMeterJson>,
    pub created_at: String,
}

#[derive(Debug, Serialize)]
pub struct ProductMeterJson {
    pub meter_id: String,
    pub price_per_unit: String,
    pub free_threshold: String,
}

impl ProductJson {
    pub fn new(p: Product, meters: &[ProductMeterView]) -> Self {
        let currency = p.currency();
        ProductJson {
            meters: meters
                .iter()
                .map(|m| ProductMeterJson {
                    meter_id: m.meter_id.clone(),
                    price_per_unit: price_text(m.price_per_unit, currency),
                    free_threshold: quantity_text(m.free_threshold),
                })
                .collect(),
            created_at: rfc3339(p.created_at),
            id: p.id,
            name: p.name,
            description: p.description,
            currency: p.currency,
            billing_interval: p.billing_interval,
        }
    }
}

/// `POST /api/v1/products` → 201 with the product.
pub async fn create(
    state: web::Data<AppState>,
    client: ApiClient,
    body: ApiJson<ApiProductInput>,
) -> ApiResult<HttpResponse> {
    let input = ProductInput::from(body.into_inner());
    let actor = client.actor();
    let (product, meters) = db::run(&state.pool, move |c| {
        let product = service::create(c, &actor, &input)?;
        let meters = repo::meters_of(c, &product.id)?;
        Ok::<_, AppError>((product, meters))
    })
    .await?;
    Ok(HttpResponse::Created().json(ProductJson::new(product, &meters)))
}

pub async fn get(
    state: web::Data<AppState>,
    _client: ApiClient,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let (product, meters) = db::run(&state.pool, move |c| service::get_with_meters(c, &id)).await?;
    Ok(HttpResponse::Ok().json(ProductJson::new(product, &meters)))
}

pub async fn list(state: web::Data<AppState>, _client: ApiClient, page: ListPage) -> ApiResult<HttpResponse> {
    let ListPage { seek, size } = page;
    let (rows, mut meters) = db::run(&state.pool, move |c| {
        let rows = repo::list(c, &seek, size + 1)?;
        let ids: Vec<String> = rows.iter().map(|p| p.id.clone()).collect();
        let meters = repo::meters_of_many(c, &ids)?;
        Ok::<_, AppError>((rows, meters))
    })
    .await?;
    let page = Page::from_rows(rows, size, |p| p.cursor());
    Ok(HttpResponse::Ok().json(ApiList::new(page, |p| {
        let m = meters.remove(&p.id).unwrap_or_default();
        ProductJson::new(p, &m)
    })))
}
