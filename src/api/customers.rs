//! `/api/v1/customers`, in Dodo Payments' shape (`customer_id`, `business_id`, `metadata`,
//! `phone_number`, `preferred_locale`), with the native `id` kept next to `customer_id`.

use actix_web::{HttpResponse, web};
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::api::list::{ApiList, ListPage};
use crate::api::params::time;
use crate::auth::model::ApiClient;
use crate::customers::model::{Customer, CustomerInput, CustomerPatch, ProfileInput};
use crate::customers::{repo, service};
use crate::db;
use crate::error::{ApiResult, AppError};
use crate::metering::rfc3339;
use crate::paging::Page;
use crate::state::AppState;
use crate::web::extract::Query;
use crate::web::json::ApiJson;

/// A customer as the API shows it.
#[derive(Serialize)]
pub struct CustomerJson {
    pub customer_id: String,
    pub business_id: String,
    pub email: String,
    pub name: String,
    pub metadata: Value,
    pub phone_number: Option<String>,
    pub preferred_locale: Option<String>,
    pub created_at: String,
    /// The native name of `customer_id`.
    pub id: String,
    pub updated_at: String,
}

impl CustomerJson {
    pub fn new(c: Customer, business_id: &str) -> Self {
        CustomerJson {
            customer_id: c.id.clone(),
            business_id: business_id.to_string(),
            email: c.email,
            name: c.name,
            metadata: match c.metadata {
                Value::Object(m) => Value::Object(m),
                _ => Value::Object(Map::new()),
            },
            phone_number: c.phone_number,
            preferred_locale: c.preferred_locale,
            created_at: rfc3339(c.created_at),
            id: c.id,
            updated_at: rfc3339(c.updated_at),
        }
    }
}

/// `POST /customers`: `{"email", "name", "customer_id"? (or "id"), "metadata"?,
/// "phone_number"?, "preferred_locale"?}`.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
pub struct NewCustomer {
    #[serde(default)]
    id: Option<String>,
    #[serde(default)]
    customer_id: Option<String>,
    #[serde(default)]
    email: String,
    #[serde(default)]
    name: String,
    #[serde(default, deserialize_with = "present")]
    metadata: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    phone_number: Option<Value>,
    #[serde(default, deserialize_with = "present")]
    preferred_locale: Option<Value>,
}

/// A key that is present reads as `Some`, even with `null` (which clears the field).
fn present<'de, D: serde::Deserializer<'de>>(d: D) -> Result<Option<Value>, D::Error> {
    Value::deserialize(d).map(Some)
}

impl NewCustomer {
    fn into_input(self) -> Result<CustomerInput, AppError> {
        let id = match (self.id, self.customer_id) {
            (Some(a), Some(b)) if a.trim() != b.trim() => {
                return Err(AppError::validation(
                    "customer_id",
                    "id and customer_id name the same thing and differ; send one of them",
                ));
            }
            (a, b) => a.or(b),
        };
        Ok(CustomerInput {
            id,
            email: self.email,
            name: self.name,
            profile: ProfileInput {
                metadata: self.metadata,
                phone_number: self.phone_number,
                preferred_locale: self.preferred_locale,
            },
        })
    }
}

pub async fn create(
    state: web::Data<AppState>,
    client: ApiClient,
    body: ApiJson<NewCustomer>,
) -> ApiResult<HttpResponse> {
    let actor = client.actor();
    let input = body.into_inner().into_input()?;
    let business = state.business_id.clone();
    let (customer, business_id) = db::run(&state.pool, move |c| {
        let customer = service::create(c, &actor, &input).map_err(|e| match AppError::from(e) {
            // A taken id is a conflict, not a malformed request.
            AppError::Validation { field, message }
                if field == "id" && message.contains("already exists") =>
            {
                AppError::Conflict(message)
            }
            other => other,
        })?;
        Ok::<_, AppError>((customer, business.get(c)?))
    })
    .await?;
    Ok(HttpResponse::Created().json(CustomerJson::new(customer, &business_id)))
}

pub async fn get(
    state: web::Data<AppState>,
    _client: ApiClient,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let business = state.business_id.clone();
    let (customer, business_id) = db::run(&state.pool, move |c| {
        Ok::<_, AppError>((service::get(c, &id)?, business.get(c)?))
    })
    .await?;
    Ok(HttpResponse::Ok().json(CustomerJson::new(customer, &business_id)))
}

/// `PATCH /customers/{id}`: `email`, `name`, `metadata` (replaces the whole map; null clears
/// it), `phone_number`, `preferred_locale` (null clears them). Only the keys sent change.
pub async fn patch(
    state: web::Data<AppState>,
    client: ApiClient,
    id: web::Path<String>,
    body: ApiJson<Map<String, Value>>,
) -> ApiResult<HttpResponse> {
    let patch = read_patch(body.into_inner())?;
    let (actor, id) = (client.actor(), id.into_inner());
    let business = state.business_id.clone();
    let (customer, business_id) = db::run(&state.pool, move |c| {
        let customer = service::patch(c, &actor, &id, &patch).map_err(AppError::from)?;
        Ok::<_, AppError>((customer, business.get(c)?))
    })
    .await?;
    Ok(HttpResponse::Ok().json(CustomerJson::new(customer, &business_id)))
}

fn read_patch(mut body: Map<String, Value>) -> Result<CustomerPatch, AppError> {
    if let Some(key) = body.keys().find(|k| {
        !matches!(
            k.as_str(),
            "email" | "name" | "metadata" | "phone_number" | "preferred_locale"
        )
    }) {
        let message = if matches!(key.as_str(), "id" | "customer_id") {
            format!("{key} cannot be changed: a customer keeps its id")
        } else {
            format!(
                "{key} is not a customer field; PATCH takes email, name, metadata, phone_number and preferred_locale"
            )
        };
        return Err(AppError::validation(key.clone(), message));
    }
    let mut text = |k: &str| -> Result<Option<String>, AppError> {
        match body.remove(k) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s)),
            Some(Value::Null) => Err(AppError::validation(
                k,
                format!("{k} cannot be null; leave it out to keep it"),
            )),
            Some(_) => Err(AppError::validation(k, format!("{k} must be a string"))),
        }
    };
    let (email, name) = (text("email")?, text("name")?);
    Ok(CustomerPatch {
        email,
        name,
        profile: ProfileInput {
            metadata: body.remove("metadata"),
            phone_number: body.remove("phone_number"),
            preferred_locale: body.remove("preferred_locale"),
        },
    })
}

#[derive(Deserialize)]
pub struct ListQuery {
    q: Option<String>,
    email: Option<String>,
    name: Option<String>,
    created_at_gte: Option<String>,
    created_at_lte: Option<String>,
}

/// `GET /customers`: newest first; `email` (exact), `name` (a part, any case),
/// `created_at_gte` / `created_at_lte` (inclusive) and `q` (a part of id, email or name).
pub async fn list(
    state: web::Data<AppState>,
    _client: ApiClient,
    query: Query<ListQuery>,
    page: ListPage,
) -> ApiResult<HttpResponse> {
    let q = query.into_inner();
    let filter = repo::ListFilter {
        created_from: time("created_at_gte", q.created_at_gte.as_deref())?,
        created_until: time("created_at_lte", q.created_at_lte.as_deref())?,
        search: q.q,
        email: q.email,
        name: q.name,
    };
    let business = state.business_id.clone();
    let ListPage { seek, size } = page;
    let (rows, business_id) = db::run(&state.pool, move |c| {
        let rows = repo::list(c, &filter, &seek, size + 1)?;
        Ok::<_, AppError>((rows, business.get(c)?))
    })
    .await?;
    let page = Page::from_rows(rows, size, |c| c.cursor());
    Ok(HttpResponse::Ok().json(ApiList::new(page, |c| CustomerJson::new(c, &business_id))))
}
