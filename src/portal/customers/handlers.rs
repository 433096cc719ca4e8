//! Customer pages: list with search, create, show, edit.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde::Deserialize;

use super::messages::localized;
use super::pages::{FormPage, ListPage, ShowPage};
use crate::customers::model::CustomerInput;
use crate::customers::{repo, service};
use crate::error::{AppError, AppResult};
use crate::paging::{Cursor, PAGE_SIZE, Page, Seek};
use crate::portal::statements::handlers::customer_billing;
use crate::state::AppState;
use crate::validation::{FieldErrors, InputError};
use crate::web::chrome::{Editor, Flash, PageCtx, Viewer, redirect_with_flash, render};
use crate::web::extract::{Form, Query};
use crate::{db, subscriptions};

#[derive(Deserialize)]
pub struct ListQuery {
    #[serde(default)]
    q: String,
    after: Option<String>,
}

pub async fn list(state: web::Data<AppState>, ctx: Viewer, query: Query<ListQuery>) -> AppResult<ListPage> {
    let ListQuery { q, after } = query.into_inner();
    let cursor = after.as_deref().and_then(Cursor::decode);
    let first_page = cursor.is_none();
    let filter = repo::ListFilter {
        search: Some(q.clone()),
        ..Default::default()
    };
    let seek = Seek::after(cursor);
    let rows = db::run(&state.pool, move |c| repo::list(c, &filter, &seek, PAGE_SIZE + 1)).await?;
    let page = Page::from_rows(rows, PAGE_SIZE, |c| c.cursor());
    Ok(ListPage {
        ctx: ctx.0,
        customers: page.items,
        q,
        next: page.next,
        first_page,
    })
}

pub async fn new_form(ctx: Editor) -> FormPage {
    FormPage {
        ctx: ctx.0,
        editing: None,
        form: CustomerInput::default(),
        errors: FieldErrors::new(),
    }
}

/// Re-renders the form with 422 and the operator's input, or passes other errors on.
fn form_error(
    ctx: PageCtx,
    editing: Option<String>,
    form: CustomerInput,
    e: InputError,
) -> AppResult<HttpResponse> {
    match e {
        InputError::Invalid(errors) => {
            let errors = in_language(&ctx, &errors);
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &FormPage {
                    ctx,
                    editing,
                    form,
                    errors,
                },
            )
        }
        InputError::Other(e) => Err(e),
    }
}

/// Each field's message in the page's language.
pub fn in_language(ctx: &PageCtx, errors: &FieldErrors) -> FieldErrors {
    let mut out = FieldErrors::new();
    for (field, message) in errors.iter() {
        out.add(field.as_str(), localized(ctx, message));
    }
    out
}

/// A missing customer said in the operator's language (other errors pass unchanged).
pub fn not_found(ctx: &PageCtx, id: &str) -> impl FnOnce(AppError) -> AppError + use<> {
    let message = ctx.t1("customers-error-not-found", "id", id);
    move |e| match e {
        AppError::NotFound(_) => AppError::NotFound(message),
        other => other,
    }
}

pub async fn create(
    state: web::Data<AppState>,
    ctx: Editor,
    form: Form<CustomerInput>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let (actor, input) = (ctx.op.actor(), form.clone());
    match db::run(&state.pool, move |c| {
        Ok::<_, AppError>(service::create(c, &actor, &input))
    })
    .await?
    {
        Ok(customer) => Ok(redirect_with_flash(
            &format!("/customers/{}", customer.id),
            Flash::new("customer_created", customer.name),
        )),
        Err(e) => form_error(ctx.0, None, form, e),
    }
}

pub async fn show(state: web::Data<AppState>, ctx: Viewer, id: web::Path<String>) -> AppResult<ShowPage> {
    let id = id.into_inner();
    let missing = not_found(&ctx, &id);
    let (customer, subscriptions, products, billing) = db::run(&state.pool, move |c| {
        let customer = service::get(c, &id)?;
        let subs = subscriptions::repo::list_for_customer(c, &id)?;
        let products = subscriptions::repo::product_choices(c)?;
        let billing = customer_billing(c, &subs)?;
        Ok::<_, AppError>((customer, subs, products, billing))
    })
    .await
    .map_err(AppError::from)
    .map_err(missing)?;
    Ok(ShowPage {
        ctx: ctx.0,
        customer,
        subscriptions,
        products,
        sub_errors: FieldErrors::new(),
        sub_product: String::new(),
        sub_start: String::new(),
        sub_conflict: None,
        billing,
    })
}

pub async fn edit_form(
    state: web::Data<AppState>,
    ctx: Editor,
    id: web::Path<String>,
) -> AppResult<FormPage> {
    let id = id.into_inner();
    let lookup = id.clone();
    let missing = not_found(&ctx, &id);
    let customer = db::run(&state.pool, move |c| service::get(c, &lookup))
        .await
        .map_err(AppError::from)
        .map_err(missing)?;
    let form = CustomerInput {
        id: Some(customer.id),
        email: customer.email,
        name: customer.name,
        ..Default::default()
    };
    Ok(FormPage {
        ctx: ctx.0,
        editing: Some(id),
        form,
        errors: FieldErrors::new(),
    })
}

pub async fn update(
    state: web::Data<AppState>,
    ctx: Editor,
    id: web::Path<String>,
    form: Form<CustomerInput>,
) -> AppResult<HttpResponse> {
    let (id, form) = (id.into_inner(), form.into_inner());
    let (actor, input, target) = (ctx.op.actor(), form.clone(), id.clone());
    match db::run(&state.pool, move |c| {
        Ok::<_, AppError>(service::update(c, &actor, &target, &input))
    })
    .await?
    {
        Ok(customer) => Ok(redirect_with_flash(
            &format!("/customers/{}", customer.id),
            Flash::new("customer_updated", customer.name),
        )),
        Err(e) => form_error(ctx.0, Some(id.clone()), CustomerInput { id: Some(id), ..form }, e),
    }
}

#[derive(Deserialize)]
pub struct OptionsQuery {
    #[serde(default)]
    q: String,
}

/// `GET /customers/options?q=`: up to 20 matches for the customer pickers, as JSON.
pub async fn options(
    state: web::Data<AppState>,
    _ctx: Viewer,
    q: Query<OptionsQuery>,
) -> AppResult<HttpResponse> {
    let search = q.into_inner().q;
    let rows = db::run(&state.pool, move |c| repo::search(c, Some(&search), 20)).await?;
    let json: Vec<serde_json::Value> = rows
        .into_iter()
        .map(|c| serde_json::json!({ "id": c.id, "name": c.name, "email": c.email }))
        .collect();
    Ok(HttpResponse::Ok().json(json))
}
