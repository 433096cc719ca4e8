//! Subscribing a customer from their page, and ending a subscription.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::analytics::timestamp_reason;
use super::customers::messages::localized;
use super::customers::pages::ShowPage;
use crate::db;
use crate::error::{AppError, AppResult};
use crate::metering::{parse_timestamp_in, read_timestamp_in};
use crate::state::AppState;
use crate::subscriptions::{repo, service};
use crate::validation::FieldErrors;
use crate::web::chrome::{Editor, Flash, redirect_with_flash, render};
use crate::web::extract::Form;

#[derive(Deserialize)]
pub struct NewSubscriptionForm {
    #[serde(default)]
    product_id: String,
    #[serde(default)]
    start: String,
}

pub async fn create(
    state: web::Data<AppState>,
    ctx: Editor,
    customer_id: web::Path<String>,
    form: Form<NewSubscriptionForm>,
) -> AppResult<HttpResponse> {
    let (customer_id, form) = (customer_id.into_inner(), form.into_inner());
    let start = match form.start.trim() {
        "" => Ok(None),
        raw => read_timestamp_in(raw, ctx.zone()).map(Some).map_err(|e| {
            let reason = timestamp_reason(&ctx, &e, "meters-timestamp-formats");
            AppError::validation(
                "start",
                ctx.t1("customers-subscription-error-start", "error", reason),
            )
        }),
    };
    let actor = ctx.op.actor();
    let (cid, pid) = (customer_id.clone(), form.product_id.clone());
    let result = match start {
        Ok(start) => {
            db::run(&state.pool, move |c| {
                Ok::<_, AppError>(service::create(c, &actor, &cid, &pid, start))
            })
            .await?
        }
        Err(e) => Err(e),
    };
    let (status, field, message) = match result {
        Ok(sub) => {
            return Ok(redirect_with_flash(
                &format!("/customers/{customer_id}"),
                Flash::new("subscription_created", sub.id),
            ));
        }
        Err(AppError::Validation { field, message }) => (StatusCode::UNPROCESSABLE_ENTITY, field, message),
        Err(AppError::Conflict(message)) => (StatusCode::CONFLICT, "product_id".to_string(), message),
        Err(other) => return Err(other),
    };
    let lookup = customer_id.clone();
    let (product, start_text) = (form.product_id.clone(), form.start.clone());
    let (conflict, zone) = (status == StatusCode::CONFLICT, ctx.zone());
    let (customer, subscriptions, products, overlap, billing) = db::run(&state.pool, move |c| {
        let overlap = match (conflict, parse_timestamp_in(start_text.trim(), zone).ok()) {
            (true, start) => repo::overlapping(c, &lookup, &product, start.unwrap_or_else(chrono::Utc::now))?,
            _ => None,
        };
        let subs = repo::list_for_customer(c, &lookup)?;
        let billing = super::statements::handlers::customer_billing(c, &subs)?;
        Ok::<_, AppError>((
            crate::customers::service::get(c, &lookup)?,
            subs,
            repo::product_choices(c)?,
            overlap.map(|s| s.id),
            billing,
        ))
    })
    .await?;
    let message = localized(&ctx, &message);
    let page = ShowPage {
        ctx: ctx.0,
        customer,
        subscriptions,
        products,
        sub_errors: FieldErrors::one(field, message),
        sub_product: form.product_id,
        sub_start: form.start,
        sub_conflict: overlap,
        billing,
    };
    render(status, &page)
}

#[derive(Deserialize)]
pub struct EndForm {
    #[serde(default)]
    end: String,
}

pub async fn end(
    state: web::Data<AppState>,
    ctx: Editor,
    id: web::Path<String>,
    form: Form<EndForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let end_at = match form.end.trim() {
        "" => None,
        raw => Some(read_timestamp_in(raw, ctx.zone()).map_err(|e| {
            let reason = timestamp_reason(&ctx, &e, "meters-timestamp-formats");
            AppError::validation(
                "end",
                ctx.t1("customers-subscription-error-end-time", "error", reason),
            )
        })?),
    };
    let actor = ctx.op.actor();
    let target = id.clone();
    let sub = db::run(&state.pool, move |c| service::get(c, &target)).await?;
    let back = format!("/customers/{}", sub.customer_id);
    match db::run(&state.pool, move |c| service::end(c, &actor, &id, end_at))
        .await
        .map_err(AppError::from)
    {
        Ok(sub) => Ok(redirect_with_flash(
            &back,
            Flash::new("subscription_ended", sub.id),
        )),
        Err(AppError::Conflict(m) | AppError::Validation { message: m, .. }) => Ok(redirect_with_flash(
            &back,
            Flash::new("error_message", localized(&ctx, &m)),
        )),
        Err(other) => Err(other),
    }
}
