//! Product pages: list, create, show (with worked examples), edit. The meter rows and tier
//! rows of the form are added and removed by submit buttons, so the form works without
//! JavaScript.

use std::collections::HashMap;

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::pages::{FormPage, ListPage, ProductRow, ShowPage};
use crate::billing::MAX_TIERS;
use crate::db;
use crate::error::{AppError, AppResult};
use crate::paging::{Cursor, PAGE_SIZE, Page};
use crate::products::form::{FormAction, input_of};
use crate::products::input::{MeterLineInput, ProductInput};
use crate::products::model::MAX_METERS;
use crate::products::{repo, service};
use crate::state::AppState;
use crate::validation::{FieldErrors, InputError};
use crate::web::chrome::{Editor, Flash, PageCtx, Viewer, redirect_with_flash, render};
use crate::web::extract::{Form, Query};

#[derive(Deserialize)]
pub struct ListQuery {
    after: Option<String>,
}

pub async fn list(state: web::Data<AppState>, ctx: Viewer, query: Query<ListQuery>) -> AppResult<ListPage> {
    let cursor = query.into_inner().after.as_deref().and_then(Cursor::decode);
    let first_page = cursor.is_none();
    let (rows, mut meters) = db::run(&state.pool, move |c| {
        let rows = repo::list(c, &crate::paging::Seek::after(cursor), PAGE_SIZE + 1)?;
        let ids: Vec<String> = rows.iter().map(|p| p.id.clone()).collect();
        let meters = repo::meters_of_many(c, &ids)?;
        Ok::<_, AppError>((rows, meters))
    })
    .await?;
    let page = Page::from_rows(rows, PAGE_SIZE, |p| p.cursor());
    Ok(ListPage {
        ctx: ctx.0,
        products: page
            .items
            .into_iter()
            .map(|product| ProductRow {
                meter_count: meters.remove(&product.id).map_or(0, |m| m.len()),
                product,
            })
            .collect(),
        next: page.next,
        first_page,
    })
}

/// Renders the form with the active meters to choose from. When editing, 404 for an
/// unknown product.
async fn form_page(
    state: &AppState,
    ctx: PageCtx,
    editing: Option<String>,
    mut form: ProductInput,
    errors: FieldErrors,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    if form.meters.is_empty() {
        form.meters.push(MeterLineInput::default());
    }
    let target = editing.clone();
    let missing = not_found(&ctx, editing.as_deref().unwrap_or_default());
    let meter_choices = db::run(&state.pool, move |c| {
        if let Some(id) = &target {
            service::get(c, id)?;
        }
        Ok::<_, AppError>(repo::active_meter_choices(c)?)
    })
    .await
    .map_err(AppError::from)
    .map_err(missing)?;
    let errors = super::refusals::localized(&ctx, &errors);
    render(status, &FormPage::new(ctx, editing, form, errors, meter_choices))
}

pub async fn new_form(state: web::Data<AppState>, ctx: Editor) -> AppResult<HttpResponse> {
    form_page(
        &state,
        ctx.0,
        None,
        ProductInput::blank(),
        FieldErrors::new(),
        StatusCode::OK,
    )
    .await
}

pub async fn edit_form(
    state: web::Data<AppState>,
    ctx: Editor,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let lookup = id.clone();
    let (product, meters) = db::run(&state.pool, move |c| service::get_with_meters(c, &lookup))
        .await
        .map_err(AppError::from)
        .map_err(not_found(&ctx, &id))?;
    form_page(
        &state,
        ctx.0,
        Some(id),
        input_of(&product, &meters),
        FieldErrors::new(),
        StatusCode::OK,
    )
    .await
}

/// Create (`editing` = `None`) or update: a row action re-renders the form, a save validates
/// and saves or re-renders with 422 and the operator's input.
async fn submit(
    state: web::Data<AppState>,
    ctx: PageCtx,
    editing: Option<String>,
    pairs: Vec<(String, String)>,
) -> AppResult<HttpResponse> {
    let (mut form, action) = ProductInput::from_form(pairs);
    match action {
        FormAction::AddMeter => {
            if form.meters.len() < MAX_METERS {
                form.meters.push(MeterLineInput::default());
                form_page(&state, ctx, editing, form, FieldErrors::new(), StatusCode::OK).await
            } else {
                let errors = FieldErrors::one("meters", ctx.t1("product-form-max-meters", "max", MAX_METERS));
                form_page(
                    &state,
                    ctx,
                    editing,
                    form,
                    errors,
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await
            }
        }
        FormAction::RemoveMeter(index) => {
            if index < form.meters.len() {
                form.meters.remove(index);
            }
            form_page(&state, ctx, editing, form, FieldErrors::new(), StatusCode::OK).await
        }
        FormAction::AddTier(index) => {
            if form.add_tier(index) {
                form_page(&state, ctx, editing, form, FieldErrors::new(), StatusCode::OK).await
            } else {
                let errors = FieldErrors::one(
                    format!("meters[{index}].price.tiers"),
                    ctx.t1("product-form-max-tiers", "max", MAX_TIERS),
                );
                form_page(
                    &state,
                    ctx,
                    editing,
                    form,
                    errors,
                    StatusCode::UNPROCESSABLE_ENTITY,
                )
                .await
            }
        }
        FormAction::RemoveTier(index, tier) => {
            form.remove_tier(index, tier);
            form_page(&state, ctx, editing, form, FieldErrors::new(), StatusCode::OK).await
        }
        FormAction::Save => {
            let form = form.without_blank_rows();
            let (actor, input, target) = (ctx.op.actor(), form.clone(), editing.clone());
            let result = db::run(&state.pool, move |c| {
                Ok::<_, AppError>(match &target {
                    None => service::create(c, &actor, &input),
                    Some(id) => service::update(c, &actor, id, &input),
                })
            })
            .await?;
            match result {
                Ok(product) => {
                    let code = if editing.is_some() {
                        "product_updated"
                    } else {
                        "product_created"
                    };
                    Ok(redirect_with_flash(
                        &format!("/products/{}", product.id),
                        Flash::new(code, product.name),
                    ))
                }
                Err(InputError::Invalid(errors)) => {
                    form_page(
                        &state,
                        ctx,
                        editing,
                        form,
                        errors,
                        StatusCode::UNPROCESSABLE_ENTITY,
                    )
                    .await
                }
                Err(InputError::Other(e)) => Err(e),
            }
        }
    }
}

pub async fn create(
    state: web::Data<AppState>,
    ctx: Editor,
    form: Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    submit(state, ctx.0, None, form.into_inner()).await
}

pub async fn update(
    state: web::Data<AppState>,
    ctx: Editor,
    id: web::Path<String>,
    form: Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    submit(state, ctx.0, Some(id.into_inner()), form.into_inner()).await
}

/// A missing product said in the operator's language (other errors pass unchanged).
fn not_found(ctx: &PageCtx, id: &str) -> impl FnOnce(AppError) -> AppError + use<> {
    let message = ctx.t1("product-not-found", "id", id);
    move |e| match e {
        AppError::NotFound(_) => AppError::NotFound(message),
        other => other,
    }
}

/// The product's definition; `?usage_N=…` changes the usage of row N's worked example.
pub async fn show(
    state: web::Data<AppState>,
    ctx: Viewer,
    id: web::Path<String>,
    query: Query<HashMap<String, String>>,
) -> AppResult<ShowPage> {
    let id = id.into_inner();
    let missing = not_found(&ctx, &id);
    let (product, meters) = db::run(&state.pool, move |c| service::get_with_meters(c, &id))
        .await
        .map_err(AppError::from)
        .map_err(missing)?;
    Ok(ShowPage::new(ctx.0, product, meters, &query))
}
