//! `/api/v1/meters`, in Dodo Payments' shape ([`MeterJson`]).

use actix_web::{HttpResponse, web};
use serde::Deserialize;
use serde_json::Value;

use crate::api::list::{ApiList, ListPage};
use crate::api::meter_json::MeterJson;
use crate::auth::model::ApiClient;
use crate::db;
use crate::error::{ApiResult, AppError};
use crate::installation::BusinessId;
use crate::metering::Filter;
use crate::meters::model::{API_FIELDS, Meter, MeterFields, MeterStatus};
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
    let business = state.business_id.clone();
    let json = db::run(&state.pool, move |c| {
        let meter = service::create(c, &actor, &valid)?;
        shown(c, &business, &meter)
    })
    .await?;
    Ok(HttpResponse::Created().json(json))
}

/// The meter as the API shows it, with the installation's business id.
fn shown(conn: &mut db::Conn, business: &BusinessId, meter: &Meter) -> Result<MeterJson, AppError> {
    Ok(MeterJson::new(meter, &business.get(conn)?))
}

pub async fn get(
    state: web::Data<AppState>,
    _client: ApiClient,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let business = state.business_id.clone();
    let json = db::run(&state.pool, move |c| {
        let meter = service::get(c, &id)?;
        shown(c, &business, &meter)
    })
    .await?;
    Ok(HttpResponse::Ok().json(json))
}

#[derive(Deserialize)]
pub struct ListQuery {
    archived: Option<bool>,
    status: Option<String>,
}

/// `GET /meters`: the active meters, or with `archived=true` the archived ones (`status=active`
/// or `status=archived` says the same).
pub async fn list(
    state: web::Data<AppState>,
    _client: ApiClient,
    q: Query<ListQuery>,
    page: ListPage,
) -> ApiResult<HttpResponse> {
    let ListQuery { archived, status } = q.into_inner();
    let from_status = match status.as_deref() {
        None => None,
        Some(s) => Some(MeterStatus::parse(s).ok_or_else(|| {
            AppError::validation("status", format!("status is active or archived, not {s:?}"))
        })?),
    };
    let from_archived = archived.map(|a| {
        if a {
            MeterStatus::Archived
        } else {
            MeterStatus::Active
        }
    });
    let status = match (from_status, from_archived) {
        (Some(s), Some(a)) if s != a => {
            return Err(AppError::validation(
                "status",
                format!(
                    "status={} contradicts archived={}; send one of them",
                    s.as_str(),
                    archived.unwrap_or_default()
                ),
            )
            .into());
        }
        (s, a) => s.or(a).unwrap_or(MeterStatus::Active),
    };
    let business = state.business_id.clone();
    let ListPage { seek, size } = page;
    let (rows, business_id) = db::run(&state.pool, move |c| {
        let rows = repo::list(c, Some(status), &seek, size + 1)?;
        Ok::<_, AppError>((rows, business.get(c)?))
    })
    .await?;
    let meters = rows
        .into_iter()
        .map(Meter::from_row)
        .collect::<Result<Vec<_>, _>>()
        .map_err(AppError::internal)?;
    let page = Page::from_rows(meters, size, Meter::cursor);
    Ok(HttpResponse::Ok().json(ApiList::new(page, |m| MeterJson::new(&m, &business_id))))
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
            // No description is an empty one.
            Some(Value::Null) if k == "description" => Ok(Some(String::new())),
            Some(Value::Null) => Err(AppError::validation(
                k,
                format!("{k} cannot be null; leave it out to keep it"),
            )),
            Some(_) => Err(AppError::validation(k, format!("{k} must be a string"))),
        }
    };
    let (name, description, unit) = (text("name")?, text("description")?, text("measurement_unit")?);
    let (actor, id) = (client.actor(), id.into_inner());
    let business = state.business_id.clone();
    let json = db::run(&state.pool, move |c| {
        let meter = service::patch(
            c,
            &actor,
            &id,
            name.as_deref(),
            description.as_deref(),
            unit.as_deref(),
        )
        .map_err(AppError::from)?;
        shown(c, &business, &meter)
    })
    .await?;
    Ok(HttpResponse::Ok().json(json))
}

/// `DELETE /meters/{id}` archives: the meter keeps its data and takes no new events.
pub async fn archive(
    state: web::Data<AppState>,
    client: ApiClient,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    set_archived(state, client, id.into_inner(), true).await
}

/// `POST /meters/{id}/unarchive` (no body): the meter counts again, the events received while
/// it was archived included.
pub async fn unarchive(
    state: web::Data<AppState>,
    client: ApiClient,
    id: web::Path<String>,
) -> ApiResult<HttpResponse> {
    set_archived(state, client, id.into_inner(), false).await
}

async fn set_archived(
    state: web::Data<AppState>,
    client: ApiClient,
    id: String,
    archived: bool,
) -> ApiResult<HttpResponse> {
    let actor = client.actor();
    let business = state.business_id.clone();
    let json = db::run(&state.pool, move |c| {
        let meter = service::set_archived(c, &actor, &id, archived)?;
        shown(c, &business, &meter)
    })
    .await?;
    Ok(HttpResponse::Ok().json(json))
}
