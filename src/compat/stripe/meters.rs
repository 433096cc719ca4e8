//! `/stripe/v1/billing/meters`: create, retrieve, list, update (`display_name`), deactivate
//! (= archive) and reactivate (= unarchive). A meter made here is an ordinary Meterdesk meter;
//! it also keeps the payload keys Stripe's meter events name the customer and value with.

use actix_web::{HttpResponse, web};

use super::errors::StripeError;
use super::list::ListRequest;
use super::objects;
use super::params::Form;
use crate::auth::model::ApiClient;
use crate::db::{self, Conn};
use crate::error::AppError;
use crate::metering::AggregationKind;
use crate::meters::model::{FieldNames, Meter, MeterFields, MeterStatus};
use crate::meters::payload_keys::{self, DEFAULT_CUSTOMER_KEY, DEFAULT_VALUE_KEY, PayloadKeys};
use crate::meters::{repo, service};
use crate::state::AppState;
use crate::validation::FieldErrors;

const URL: &str = "/v1/billing/meters";

/// The unit of a meter made through Stripe, which has none (shown in Meterdesk's reports;
/// changeable in the portal).
pub const DEFAULT_UNIT: &str = "units";

const FIELDS: FieldNames = FieldNames {
    name: "display_name",
    description: "description",
    event_name: "event_name",
    aggregation: "default_aggregation[formula]",
    aggregation_key: "value_settings[event_payload_key]",
    unit: "display_name",
};

/// The meters with their payload keys, in the same order.
fn with_keys(conn: &mut Conn, meters: Vec<Meter>) -> Result<Vec<(Meter, PayloadKeys)>, StripeError> {
    let ids: Vec<String> = meters.iter().map(|m| m.row.id.clone()).collect();
    let keys = repo::payload_keys(conn, &ids)?;
    meters
        .into_iter()
        .map(|m| {
            let k = keys
                .iter()
                .find(|k| k.id == m.row.id)
                .cloned()
                .ok_or_else(|| AppError::internal(format!("meter {} has no payload keys", m.row.id)))?;
            Ok((m, k))
        })
        .collect()
}

fn one(conn: &mut Conn, meter: Meter) -> Result<serde_json::Value, StripeError> {
    let pairs = with_keys(conn, vec![meter])?;
    let (m, k) = pairs
        .first()
        .ok_or_else(|| AppError::internal("meter vanished"))?;
    Ok(objects::meter(m, k))
}

fn find(conn: &mut Conn, id: &str) -> Result<Meter, StripeError> {
    let row = repo::find(conn, id)?
        .ok_or_else(|| StripeError::not_found(format!("No such billing meter: '{id}'"), "id"))?;
    Ok(Meter::from_row(row).map_err(AppError::internal)?)
}

fn key(raw: Option<String>, default: &str, param: &str) -> Result<String, StripeError> {
    match raw {
        None => Ok(default.to_string()),
        Some(k) => {
            payload_keys::check_key(&k).map_err(|m| StripeError::invalid("parameter_invalid", m, Some(param)))
        }
    }
}

/// `POST /v1/billing/meters`.
pub async fn create(
    state: web::Data<AppState>,
    client: ApiClient,
    form: Form,
) -> Result<HttpResponse, StripeError> {
    let mut p = form.0;
    let display_name = p.required("display_name")?;
    let event_name = p.required("event_name")?;
    let mut aggregation = p
        .hash("default_aggregation")?
        .ok_or_else(|| StripeError::missing("default_aggregation[formula]"))?;
    let formula = aggregation.required("formula")?;
    aggregation.finish()?;
    let kind = AggregationKind::parse(&formula)
        .filter(|k| {
            matches!(
                k,
                AggregationKind::Sum | AggregationKind::Count | AggregationKind::Last | AggregationKind::Max
            )
        })
        .ok_or_else(|| {
        StripeError::invalid(
            "parameter_invalid",
            format!(
                "default_aggregation[formula] is sum, count or last (Meterdesk also takes max), not {formula:?}; make unique_count, min or avg meters in the portal or the native API."
            ),
            Some("default_aggregation[formula]"),
        )
    })?;
    let (mut customer_key, mut value_key) = (None, None);
    if let Some(mut mapping) = p.hash("customer_mapping")? {
        customer_key = mapping.text("event_payload_key")?;
        if let Some(t) = mapping.text("type")? {
            if t != "by_id" {
                return Err(StripeError::invalid(
                    "parameter_invalid",
                    format!("customer_mapping[type] is by_id, not {t:?}."),
                    Some("customer_mapping[type]"),
                ));
            }
        }
        mapping.finish()?;
    }
    if let Some(mut settings) = p.hash("value_settings")? {
        value_key = settings.text("event_payload_key")?;
        settings.finish()?;
    }
    if p.keys().iter().any(|k| k == "event_time_window") {
        return Err(StripeError::invalid(
            "parameter_invalid",
            "event_time_window (pre-aggregated windows) is not supported: send each event with its own timestamp.",
            Some("event_time_window"),
        ));
    }
    p.ignore("expand");
    p.finish()?;
    let customer_key = key(
        customer_key,
        DEFAULT_CUSTOMER_KEY,
        "customer_mapping[event_payload_key]",
    )?;
    let value_key = key(value_key, DEFAULT_VALUE_KEY, "value_settings[event_payload_key]")?;
    let reads = kind.reads_property();
    let fields = MeterFields {
        name: display_name,
        description: String::new(),
        event_name,
        aggregation: kind.as_str().to_string(),
        aggregation_key: if reads { value_key.clone() } else { String::new() },
        unit: DEFAULT_UNIT.to_string(),
    };
    let mut errors = FieldErrors::new();
    let valid = fields
        .validate(None, &FIELDS, &mut errors)
        .ok_or_else(|| StripeError::from(AppError::from(errors)))?;
    let actor = client.actor();
    let body = db::run(&state.pool, move |c| {
        let count_value_key = (!reads && value_key != DEFAULT_VALUE_KEY).then_some(value_key.as_str());
        let meter = service::create_with_keys(c, &actor, &valid, Some((&customer_key, count_value_key)))?;
        one(c, meter)
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// `GET /v1/billing/meters/{id}`.
pub async fn retrieve(
    state: web::Data<AppState>,
    _client: ApiClient,
    id: web::Path<String>,
    form: Form,
) -> Result<HttpResponse, StripeError> {
    let mut p = form.0;
    p.ignore("expand");
    p.finish()?;
    let id = id.into_inner();
    let body = db::run(&state.pool, move |c| {
        let meter = find(c, &id)?;
        one(c, meter)
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// `GET /v1/billing/meters?status=active|inactive&limit=&starting_after=`: newest first.
pub async fn list(
    state: web::Data<AppState>,
    _client: ApiClient,
    form: Form,
) -> Result<HttpResponse, StripeError> {
    let mut p = form.0;
    let page = ListRequest::read(&mut p)?;
    let status = match p.text("status")?.as_deref() {
        None => None,
        Some("active") => Some(MeterStatus::Active),
        Some("inactive") => Some(MeterStatus::Archived),
        Some(other) => {
            return Err(StripeError::invalid(
                "parameter_invalid",
                format!("status is active or inactive, not {other:?}."),
                Some("status"),
            ));
        }
    };
    p.ignore("expand");
    p.finish()?;
    let (data, has_more) = db::run(&state.pool, move |c| {
        let keyset = page.keyset(|id| {
            repo::find(c, id).map(|row| {
                row.map(|r| crate::paging::Cursor {
                    created_at: r.created_at,
                    id: r.id,
                })
            })
        })?;
        let rows = repo::list_keyset(c, status, &keyset, page.limit + 1)?;
        let (rows, has_more) = page.trim(rows);
        let meters = rows
            .into_iter()
            .map(|r| Meter::from_row(r).map_err(AppError::internal))
            .collect::<Result<Vec<_>, _>>()?;
        let data = with_keys(c, meters)?
            .iter()
            .map(|(m, k)| objects::meter(m, k))
            .collect::<Vec<_>>();
        Ok::<_, StripeError>((data, has_more))
    })
    .await?;
    Ok(HttpResponse::Ok().json(objects::list(URL, data, has_more)))
}

/// `POST /v1/billing/meters/{id}`: only `display_name` can change (as in Stripe).
pub async fn update(
    state: web::Data<AppState>,
    client: ApiClient,
    id: web::Path<String>,
    form: Form,
) -> Result<HttpResponse, StripeError> {
    let mut p = form.0;
    let display_name = p.text("display_name")?;
    p.ignore("expand");
    p.finish()?;
    let (actor, id) = (client.actor(), id.into_inner());
    let body = db::run(&state.pool, move |c| {
        find(c, &id)?;
        let meter = service::patch(c, &actor, &id, display_name.as_deref(), None, None).map_err(|e| {
            match AppError::from(e) {
                AppError::Validation { message, .. } => AppError::validation("display_name", message),
                other => other,
            }
        })?;
        one(c, meter)
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

async fn set_active(
    state: web::Data<AppState>,
    client: ApiClient,
    id: String,
    form: Form,
    active: bool,
) -> Result<HttpResponse, StripeError> {
    let mut p = form.0;
    p.ignore("expand");
    p.finish()?;
    let actor = client.actor();
    let body = db::run(&state.pool, move |c| {
        find(c, &id)?;
        let meter = service::set_archived(c, &actor, &id, !active)?;
        one(c, meter)
    })
    .await?;
    Ok(HttpResponse::Ok().json(body))
}

/// `POST /v1/billing/meters/{id}/deactivate`: archived; it keeps what it counted and takes no
/// new events. An inactive meter is answered unchanged.
pub async fn deactivate(
    state: web::Data<AppState>,
    client: ApiClient,
    id: web::Path<String>,
    form: Form,
) -> Result<HttpResponse, StripeError> {
    set_active(state, client, id.into_inner(), form, false).await
}

/// `POST /v1/billing/meters/{id}/reactivate`: active again, counting the events received while
/// it was inactive too (its usage is recounted from the stored events).
pub async fn reactivate(
    state: web::Data<AppState>,
    client: ApiClient,
    id: web::Path<String>,
    form: Form,
) -> Result<HttpResponse, StripeError> {
    set_active(state, client, id.into_inner(), form, true).await
}
