//! `/stripe/v1/customers`: create, retrieve, list (by `email` and `created`). The customers are
//! Meterdesk's own: one table, whichever surface made them.

use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};

use super::errors::StripeError;
use super::list::ListRequest;
use super::objects;
use super::params::{Form, Params};
use crate::auth::model::ApiClient;
use crate::customers::model::{CustomerInput, ProfileInput};
use crate::customers::repo::{self, CustomerFilter};
use crate::customers::service;
use crate::db;
use crate::error::AppError;
use crate::state::AppState;

const URL: &str = "/v1/customers";

/// `POST /v1/customers`: `email` (Meterdesk needs one), `name` (default: the email), `metadata`
/// (texts, kept as the customer's metadata) and `phone`.
pub async fn create(
    state: web::Data<AppState>,
    client: ApiClient,
    form: Form,
) -> Result<HttpResponse, StripeError> {
    let mut p = form.0;
    let email = p.required("email")?;
    let name = p.text("name")?.filter(|n| !n.trim().is_empty());
    let metadata = match p.hash("metadata")? {
        Some(hash) => {
            let map: serde_json::Map<String, serde_json::Value> = hash
                .into_texts()?
                .into_iter()
                .map(|(k, v)| (k, serde_json::Value::String(v)))
                .collect();
            Some(serde_json::Value::Object(map))
        }
        None => None,
    };
    let phone_number = p.text("phone")?.map(serde_json::Value::String);
    p.ignore("expand");
    p.finish()?;
    let input = CustomerInput {
        id: None,
        name: name.unwrap_or_else(|| email.clone()),
        email,
        profile: ProfileInput {
            metadata,
            phone_number,
            preferred_locale: None,
        },
    };
    let actor = client.actor();
    let customer = db::run(&state.pool, move |c| {
        service::create(c, &actor, &input).map_err(|e| StripeError::from(AppError::from(e)))
    })
    .await?;
    Ok(HttpResponse::Ok().json(objects::customer(&customer)))
}

/// `GET /v1/customers/{id}`.
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
    let customer = db::run(&state.pool, move |c| {
        repo::find(c, &id)?.ok_or_else(|| StripeError::not_found(format!("No such customer: '{id}'"), "id"))
    })
    .await?;
    Ok(HttpResponse::Ok().json(objects::customer(&customer)))
}

/// A time range `[from, until)`, either end open.
pub type Range = (Option<DateTime<Utc>>, Option<DateTime<Utc>>);

/// Stripe's range filter on a Unix-seconds field: `created=<s>` or `created[gte|gt|lte|lt]=<s>`,
/// as `[from, until)`.
pub fn time_range(p: &mut Params, key: &str) -> Result<Range, StripeError> {
    let at = |s: i64, name: &str| {
        DateTime::from_timestamp(s, 0).ok_or_else(|| {
            StripeError::invalid(
                "parameter_invalid_integer",
                format!("{name} is out of range."),
                Some(name),
            )
        })
    };
    if !p.is_hash(key) {
        let name = p.name(key);
        return match p.integer(key)? {
            Some(s) => Ok((Some(at(s, &name)?), Some(at(s.saturating_add(1), &name)?))),
            None => Ok((None, None)),
        };
    }
    let Some(mut range) = p.hash(key)? else {
        return Ok((None, None));
    };
    let mut from: Option<DateTime<Utc>> = None;
    let mut until: Option<DateTime<Utc>> = None;
    for (op, shift, lower) in [
        ("gte", 0, true),
        ("gt", 1, true),
        ("lte", 1, false),
        ("lt", 0, false),
    ] {
        if let Some(s) = range.integer(op)? {
            let t = at(s.saturating_add(shift), &range.name(op))?;
            if lower {
                from = Some(from.map_or(t, |f| f.max(t)));
            } else {
                until = Some(until.map_or(t, |u| u.min(t)));
            }
        }
    }
    range.finish()?;
    Ok((from, until))
}

/// `GET /v1/customers?email=&created[gte]=&limit=&starting_after=`: newest first.
pub async fn list(
    state: web::Data<AppState>,
    _client: ApiClient,
    form: Form,
) -> Result<HttpResponse, StripeError> {
    let mut p = form.0;
    let page = ListRequest::read(&mut p)?;
    let email = p.text("email")?.map(|e| e.trim().to_lowercase());
    let (created_from, created_until) = time_range(&mut p, "created")?;
    p.ignore("expand");
    p.finish()?;
    let filter = CustomerFilter {
        email,
        created_from,
        created_until,
    };
    let (rows, has_more) = db::run(&state.pool, move |c| {
        let keyset = page.keyset(|id| repo::find(c, id).map(|found| found.map(|x| x.cursor())))?;
        let rows = repo::list_where(c, &filter, &keyset, page.limit + 1)?;
        Ok::<_, StripeError>(page.trim(rows))
    })
    .await?;
    let data = rows.iter().map(objects::customer).collect();
    Ok(HttpResponse::Ok().json(objects::list(URL, data, has_more)))
}
