//! `/api/v1/meters`, in Dodo Payments' shape.

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::Value;

use crate::api::list::{ApiList, api_page};
use crate::auth::model::ApiClient;
use crate::db;
use crate::error::{ApiResult, AppError};
use crate::metering::Filter;
use crate::meters::model::{API_FIELDS, Meter, MeterFields, MeterJson, MeterStatus};
use crate::meters::{repo, service};
use crate::paging::Page;
use crate::state::AppState;
use crate::validation::FieldErrors;
use crate::web::extract::Query;
use crate::web::json::ApiJson;

#[derive(Deserialize, Default)]
pub struct AggregationRequest {
    #[serde(rename = "type", default)]
    kind: String,
    #[serde(default)]
    key: Option<String>,
}

#[derive(Deserialize)]
pub struct CreateMeter {
    #[serde(default)]
    name: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    event_name: String,
    #[serde(default)]
    aggregation: Option<AggregationRequest>,
    #[serde(default)]
    measurement_unit: String,
    #[serde(default)]
    filter: Option<Value>,
}

pub async fn create(
    state: web::Data<AppState>,
    client: ApiClient,
    body: ApiJson<CreateMeter>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    let Some(aggregation) = body.aggregation else {
        return Err(AppError::validation(
            "aggregation",
            "aggregation is required, e.g. {\"type\": \"count\"} or {\"type\": \"sum\", \"key\": \"tokens\"}",
        )
        .into());
    };
    let filter = match &body.filter {
        None | Some(Value::Null) => None,
        Some(v) => {
            Some(Filter::from_json_at(v, "filter").map_err(|e| AppError::validation(e.path, e.message))?)
        }
    };
    let fields = MeterFields {
        name: body.name,
        description: body.description.unwrap_or_default(),
        event_name: body.event_name,
        aggregation: aggregation.kind,
        aggregation_key: aggregation.key.unwrap_or_default(),
        unit: body.measurement_unit,
    };
    let mut errors = FieldErrors::new();
    let valid = fields
        .validate(filter, &API_FIELDS, &mut errors)
        .ok_or(AppError::from(errors))?;
    let actor = client.actor();
    let meter = db::run(&state.pool, move |c| service::create(c, &actor, &valid)).await?;
    Ok(HttpResponse::Created().json(MeterJson::from(&meter)))
}

pub async fn get(
    state: web::Data<AppState>,
    _client: ApiClient,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let meter = db::run(&state.pool, move |c| service::get(c, &id)).await?;
    Ok(HttpResponse::Ok().json(MeterJson::from(&meter)))
}

#[derive(Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    limit: Option<i64>,
    starting_after: Option<String>,
}

pub async fn list(
    state: web::Data<AppState>,
    _client: ApiClient,
    q: Query<ListQuery>,
) -> ApiResult<HttpResponse> {
    let ListQuery {
        status,
        limit,
        starting_after,
    } = q.into_inner();
    let (limit, cursor) = api_page(limit, starting_after.as_deref())?;
    let status = match status.as_deref() {
        None => None,
        Some(s) => Some(MeterStatus::parse(s).ok_or_else(|| {
            AppError::validation("status", format!("status is active or archived, not {s:?}"))
        })?),
    };
    let rows = db::run(&state.pool, move |c| {
        repo::list(c, status, cursor.as_ref(), limit + 1)
    })
    .await?;
    let meters = rows
        .into_iter()
        .map(Meter::from_row)
        .collect::<Result<Vec<_>, _>>()
        .map_err(AppError::internal)?;
    let page = Page::from_rows(meters, limit, Meter::cursor);
    Ok(HttpResponse::Ok().json(ApiList::new(page, |m| MeterJson::from(&m))))
}

/// PATCH changes only the name, description and unit; what a meter counts is changed in the
/// portal, where its effect on usage is shown first.
pub async fn patch(
    state: web::Data<AppState>,
    client: ApiClient,
    id: web::Path<String>,
    body: ApiJson<serde_json::Map<String, Value>>,
) -> ApiResult<HttpResponse> {
    let body = body.into_inner();
    for key in body.keys() {
        if !matches!(key.as_str(), "name" | "description" | "measurement_unit") {
            return Err(AppError::validation(
                key.clone(),
                format!("{key} cannot be changed with PATCH: only name, description and measurement_unit can. Change what a meter counts in the portal, or create a new meter."),
            )
            .into());
        }
    }
    let text = |k: &str| -> Result<Option<String>, AppError> {
        match body.get(k) {
            None => Ok(None),
            Some(Value::String(s)) => Ok(Some(s.clone())),
            Some(_) => Err(AppError::validation(k, format!("{k} must be a string"))),
        }
    };
    let (name, description, unit) = (text("name")?, text("description")?, text("measurement_unit")?);
    let (actor, id) = (client.actor(), id.into_inner());
    let meter = db::run(&state.pool, move |c| {
        service::patch(
            c,
            &actor,
            &id,
            name.as_deref(),
            description.as_deref(),
            unit.as_deref(),
        )
        .map_err(AppError::from)
    })
    .await?;
    Ok(HttpResponse::Ok().json(MeterJson::from(&meter)))
}

/// DELETE archives: the meter keeps its data and takes no new events.
pub async fn archive(
    state: web::Data<AppState>,
    client: ApiClient,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let (actor, id) = (client.actor(), id.into_inner());
    let meter = db::run(&state.pool, move |c| service::set_archived(c, &actor, &id, true)).await?;
    Ok(HttpResponse::Ok().json(MeterJson::from(&meter)))
}
