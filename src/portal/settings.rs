//! Settings: the admin's operator and API key management, and the audit log.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use crate::audit::{self, AuditEntry};
use crate::auth::model::{ApiKeyRow, OperatorRow, Role};
use crate::auth::{repo, service};
use crate::db;
use crate::error::{AppError, AppResult};
use crate::state::AppState;
use crate::web::chrome::{Admin, Flash, PageCtx, redirect_with_flash, render};
use crate::web::extract::{Form, Query};
use crate::web::locale::Locale;

use super::auth::localized;

#[derive(Template, WebTemplate)]
#[template(path = "settings/operators.html")]
pub struct OperatorsPage {
    pub ctx: PageCtx,
    pub operators: Vec<OperatorRow>,
    pub roles: [Role; 3],
    pub form_email: String,
    pub form_role: String,
    pub error: Option<(String, String)>,
    /// Shown once after creating an operator: (email, one-time password).
    pub created: Option<(String, String)>,
}

impl OperatorsPage {
    pub fn field_error(&self, field: &str) -> Option<&str> {
        self.error
            .as_ref()
            .filter(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "settings/api_keys.html")]
pub struct ApiKeysPage {
    pub ctx: PageCtx,
    pub keys: Vec<(ApiKeyRow, Option<String>)>,
    pub form_name: String,
    pub error: Option<String>,
    /// Shown once after creating a key: (name, key).
    pub created: Option<(String, String)>,
}

async fn operators_page(state: &AppState, ctx: PageCtx) -> AppResult<OperatorsPage> {
    let operators = db::run(&state.pool, repo::list_operators).await?;
    Ok(OperatorsPage {
        ctx,
        operators,
        roles: Role::ALL,
        form_email: String::new(),
        form_role: Role::Viewer.as_str().into(),
        error: None,
        created: None,
    })
}

pub async fn operators(state: web::Data<AppState>, ctx: Admin) -> AppResult<OperatorsPage> {
    operators_page(&state, ctx.0).await
}

#[derive(Deserialize)]
pub struct NewOperatorForm {
    email: String,
    role: String,
}

fn parse_role(loc: &Locale, raw: &str) -> Result<Role, AppError> {
    Role::parse(raw).ok_or_else(|| AppError::validation("role", loc.t("operators-role-invalid")))
}

pub async fn create_operator(
    state: web::Data<AppState>,
    ctx: Admin,
    form: Form<NewOperatorForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let actor = ctx.op.actor();
    let email = form.email.clone();
    let result = match parse_role(&ctx, &form.role) {
        Ok(role) => db::run(&state.pool, move |c| {
            service::create_operator(c, &actor, &email, role, None)
        })
        .await
        .map_err(AppError::from),
        Err(e) => Err(e),
    };
    let loc = ctx.locale.clone();
    let mut page = operators_page(&state, ctx.0).await?;
    let status = match result {
        Ok((op, Some(pw))) => {
            page.created = Some((op.email, pw));
            StatusCode::CREATED
        }
        Ok((op, None)) => {
            page.created = Some((op.email, String::new()));
            StatusCode::CREATED
        }
        Err(AppError::Validation { field, message }) => {
            page.error = Some((field, localized(&loc, &message)));
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(AppError::Conflict(message)) => {
            page.error = Some(("email".into(), localized(&loc, &message)));
            StatusCode::CONFLICT
        }
        Err(other) => return Err(other),
    };
    if page.error.is_some() {
        page.form_email = form.email;
        page.form_role = form.role;
    }
    render(status, &page)
}

#[derive(Deserialize)]
pub struct RoleForm {
    role: String,
}

/// Runs an admin action on one operator and returns to the list with a notice.
async fn operator_action<F>(state: &AppState, loc: &Locale, f: F, ok_code: &str) -> AppResult<HttpResponse>
where
    F: FnOnce(&mut db::Conn) -> Result<OperatorRow, AppError> + Send + 'static,
{
    match db::run(&state.pool, f).await.map_err(AppError::from) {
        Ok(op) => Ok(redirect_with_flash(
            "/settings/operators",
            Flash::new(ok_code, op.email),
        )),
        Err(AppError::Conflict(message)) => Ok(redirect_with_flash(
            "/settings/operators",
            Flash::new("error_message", localized(loc, &message)),
        )),
        Err(other) => Err(other),
    }
}

pub async fn change_role(
    state: web::Data<AppState>,
    ctx: Admin,
    id: web::Path<i64>,
    form: Form<RoleForm>,
) -> AppResult<HttpResponse> {
    let role = parse_role(&ctx, &form.role)?;
    let (actor, id) = (ctx.op.actor(), id.into_inner());
    operator_action(
        &state,
        &ctx,
        move |c| service::change_role(c, &actor, id, role),
        "operator_role_changed",
    )
    .await
}

pub async fn disable_operator(
    state: web::Data<AppState>,
    ctx: Admin,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let (actor, id) = (ctx.op.actor(), id.into_inner());
    operator_action(
        &state,
        &ctx,
        move |c| service::set_disabled(c, &actor, id, true),
        "operator_disabled",
    )
    .await
}

pub async fn enable_operator(
    state: web::Data<AppState>,
    ctx: Admin,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let (actor, id) = (ctx.op.actor(), id.into_inner());
    operator_action(
        &state,
        &ctx,
        move |c| service::set_disabled(c, &actor, id, false),
        "operator_enabled",
    )
    .await
}

async fn api_keys_page(state: &AppState, ctx: PageCtx) -> AppResult<ApiKeysPage> {
    let keys = db::run(&state.pool, repo::list_api_keys).await?;
    Ok(ApiKeysPage {
        ctx,
        keys,
        form_name: String::new(),
        error: None,
        created: None,
    })
}

pub async fn api_keys(state: web::Data<AppState>, ctx: Admin) -> AppResult<ApiKeysPage> {
    api_keys_page(&state, ctx.0).await
}

#[derive(Deserialize)]
pub struct NewKeyForm {
    name: String,
}

pub async fn create_api_key(
    state: web::Data<AppState>,
    ctx: Admin,
    form: Form<NewKeyForm>,
) -> AppResult<HttpResponse> {
    let actor = ctx.op.actor();
    let name = form.name.clone();
    let result = db::run(&state.pool, move |c| service::create_api_key(c, &actor, &name))
        .await
        .map_err(AppError::from);
    let loc = ctx.locale.clone();
    let mut page = api_keys_page(&state, ctx.0).await?;
    let status = match result {
        Ok((row, key)) => {
            page.created = Some((row.name, key));
            StatusCode::CREATED
        }
        Err(AppError::Validation { message, .. }) => {
            page.error = Some(localized(&loc, &message));
            page.form_name = form.name.clone();
            StatusCode::UNPROCESSABLE_ENTITY
        }
        Err(other) => return Err(other),
    };
    let mut res = render(status, &page)?;
    // The key is on this page and nowhere else: keep it out of every cache.
    res.headers_mut().insert(
        actix_web::http::header::CACHE_CONTROL,
        actix_web::http::header::HeaderValue::from_static("no-store"),
    );
    Ok(res)
}

pub async fn revoke_api_key(
    state: web::Data<AppState>,
    ctx: Admin,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let (actor, id) = (ctx.op.actor(), id.into_inner());
    match db::run(&state.pool, move |c| service::revoke_api_key(c, &actor, id))
        .await
        .map_err(AppError::from)
    {
        Ok(row) => Ok(redirect_with_flash(
            "/settings/api-keys",
            Flash::new("api_key_revoked", row.name),
        )),
        Err(AppError::Conflict(message)) => Ok(redirect_with_flash(
            "/settings/api-keys",
            Flash::new("error_message", localized(&ctx, &message)),
        )),
        Err(other) => Err(other),
    }
}

/// Audit log entries per page.
pub const AUDIT_PAGE_SIZE: i64 = 50;

#[derive(Template, WebTemplate)]
#[template(path = "settings/audit.html")]
pub struct AuditPage {
    pub ctx: PageCtx,
    pub entries: Vec<AuditEntry>,
    /// Keyset cursor for the next (older) page.
    pub next_before: Option<i64>,
}

impl AuditPage {
    /// Who made a change, in the operator's language (the log stores an English label; e-mail
    /// addresses and key names are shown as they are).
    pub fn who(&self, label: &str) -> String {
        match label {
            "command line" => return self.ctx.t("audit-actor-cli"),
            "system" => return self.ctx.t("audit-actor-system"),
            _ => {}
        }
        let key = label
            .strip_prefix("api key ")
            .and_then(|rest| rest.strip_suffix(')'))
            .and_then(|rest| rest.rsplit_once(" (#"));
        match key {
            Some((name, id)) => self.ctx.t2("audit-actor-api-key", "name", name, "id", id),
            None => label.to_owned(),
        }
    }
}

#[derive(Deserialize)]
pub struct AuditQuery {
    before: Option<i64>,
}

pub async fn audit_log(state: web::Data<AppState>, ctx: Admin, q: Query<AuditQuery>) -> AppResult<AuditPage> {
    let before = q.before;
    let mut entries = db::run(&state.pool, move |c| {
        audit::repo::list(c, before, AUDIT_PAGE_SIZE + 1)
    })
    .await?;
    let next_before = if entries.len() as i64 > AUDIT_PAGE_SIZE {
        entries.truncate(AUDIT_PAGE_SIZE as usize);
        entries.last().map(|e| e.id)
    } else {
        None
    };
    Ok(AuditPage {
        ctx: ctx.0,
        entries,
        next_before,
    })
}
