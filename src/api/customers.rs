//! `/api/v1/customers`.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};

use crate::api::list::{ApiList, api_page};
use crate::auth::model::ApiClient;
use crate::customers::model::{Customer, CustomerInput};
use crate::customers::{repo, service};
use crate::db;
use crate::error::{ApiResult, AppError};
use crate::paging::Page;
use crate::state::AppState;
use crate::web::extract::Query;
use crate::web::json::ApiJson;

/// A customer as the API shows it.
#[derive(Serialize)]
pub struct CustomerJson {
    pub id: String,
    pub email: String,
    pub name: String,
    pub created_at: String,
}

impl From<Customer> for CustomerJson {
    fn from(c: Customer) -> Self {
        CustomerJson {
            id: c.id,
            email: c.email,
            name: c.name,
            created_at: c.created_at.to_rfc3339_opts(chrono::SecondsFormat::Secs, true),
        }
    }
}

pub async fn create(
    state: web::Data<AppState>,
    client: ApiClient,
    body: ApiJson<CustomerInput>,
) -> ApiResult<HttpResponse> {
    let actor = client.actor();
    let input = body.into_inner();
    let customer = db::run(&state.pool, move |c| {
        service::create(c, &actor, &input).map_err(|e| match AppError::from(e) {
            // A taken id is a conflict, not a malformed request.
            AppError::Validation { field, message }
                if field == "id" && message.contains("already exists") =>
            {
                AppError::Conflict(message)
            }
            other => other,
        })
    })
    .await?;
    Ok(HttpResponse::Created().json(CustomerJson::from(customer)))
}

pub async fn get(
    state: web::Data<AppState>,
    _client: ApiClient,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let customer = db::run(&state.pool, move |c| service::get(c, &id)).await?;
    Ok(HttpResponse::Ok().json(CustomerJson::from(customer)))
}

#[derive(Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    limit: Option<i64>,
    starting_after: Option<String>,
}

pub async fn list(
    state: web::Data<AppState>,
    _client: ApiClient,
    query: Query<ListQuery>,
) -> ApiResult<HttpResponse> {
    let ListQuery {
        q,
        limit,
        starting_after,
    } = query.into_inner();
    let (limit, cursor) = api_page(limit, starting_after.as_deref())?;
    let rows = db::run(&state.pool, move |c| {
        repo::list(c, q.as_deref(), cursor.as_ref(), limit + 1)
    })
    .await?;
    let page = Page::from_rows(rows, limit, |c| c.cursor());
    Ok(HttpResponse::Ok().json(ApiList::new(page, CustomerJson::from)))
}
