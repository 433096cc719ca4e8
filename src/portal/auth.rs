//! Sign in, sign out, and changing one's own password.

use actix_web::http::{StatusCode, header};
use actix_web::{HttpRequest, HttpResponse, Responder, web};
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use crate::auth::service;
use crate::error::{AppError, AppResult};
#[cfg(test)]
use crate::i18n::Lang;
use crate::state::AppState;
use crate::web::chrome::{Flash, PageCtx, Viewer, redirect, redirect_with_flash, render};
use crate::web::extract::{Form, Query};
use crate::web::gate::{self, LOGIN_COOKIE, SESSION_COOKIE};
use crate::web::locale::Locale;
use crate::{crypto, db};

#[derive(Template, WebTemplate)]
#[template(path = "auth/login.html")]
pub struct LoginPage {
    pub ctx: Locale,
    pub csrf: String,
    pub email: String,
    pub next: String,
    pub error: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "auth/password.html")]
pub struct PasswordPage {
    pub ctx: PageCtx,
    pub forced: bool,
    pub field: String,
    pub error: Option<String>,
}

#[derive(Deserialize)]
pub struct LoginQuery {
    next: Option<String>,
}

/// Only same-site relative paths are followed after sign-in.
fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(n) if n.starts_with('/') && !n.starts_with("//") && !n.starts_with("/\\") => n.to_string(),
        _ => "/".to_string(),
    }
}

/// The sign-in form seeds its CSRF token from a cookie of its own.
fn login_seed(req: &HttpRequest) -> (String, bool) {
    match req.cookie(LOGIN_COOKIE) {
        Some(c) if c.value().len() == 64 => (c.value().to_string(), false),
        _ => (crypto::random_hex(32), true),
    }
}

fn login_page(
    state: &AppState,
    req: &HttpRequest,
    email: String,
    next: String,
    error: Option<String>,
    status: StatusCode,
) -> AppResult<HttpResponse> {
    let (seed, fresh) = login_seed(req);
    let page = LoginPage {
        ctx: Locale::public(req),
        csrf: gate::login_csrf_token(&state.config.secret_key, &seed),
        email,
        next,
        error,
    };
    let mut res = render(status, &page)?;
    if fresh {
        res.add_cookie(&gate::login_cookie(&seed, state.config.cookie_secure))
            .map_err(AppError::internal)?;
    }
    Ok(res)
}

pub async fn login_form(
    state: web::Data<AppState>,
    req: HttpRequest,
    q: Query<LoginQuery>,
) -> AppResult<HttpResponse> {
    login_page(
        &state,
        &req,
        String::new(),
        safe_next(q.next.as_deref()),
        None,
        StatusCode::OK,
    )
}

#[derive(Deserialize)]
pub struct LoginForm {
    email: String,
    password: String,
    next: Option<String>,
}

pub fn client_ip(req: &HttpRequest, trust_proxy: bool) -> String {
    if trust_proxy {
        if let Some(ip) = req.connection_info().realip_remote_addr() {
            return ip.to_string();
        }
    }
    req.peer_addr()
        .map(|a| a.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

pub async fn login(
    state: web::Data<AppState>,
    req: HttpRequest,
    form: Form<LoginForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let next = safe_next(form.next.as_deref());
    let ip = client_ip(&req, state.config.trust_proxy);
    let previous = req.cookie(SESSION_COOKIE).map(|c| c.value().to_string());
    let idle = state.config.session_idle_minutes;
    let (email, pw) = (form.email.clone(), form.password);
    let outcome = db::run(&state.pool, move |c| {
        service::login(c, &email, &pw, &ip, previous.as_deref(), idle)
    })
    .await
    .map_err(AppError::from);
    match outcome {
        Ok(session) => {
            let target = if session.operator.must_change_password {
                "/account/password".to_string()
            } else {
                next
            };
            let mut res = redirect(&target);
            res.add_cookie(&gate::session_cookie(&session.token, state.config.cookie_secure))
                .map_err(AppError::internal)?;
            Ok(res)
        }
        Err(AppError::Unauthorized(_)) => {
            let message = Locale::public(&req).t("login-failed");
            login_page(
                &state,
                &req,
                form.email,
                next,
                Some(message),
                StatusCode::UNAUTHORIZED,
            )
        }
        Err(AppError::TooManyRequests { retry_after_secs, .. }) => {
            let minutes = i64::try_from(retry_after_secs.div_ceil(60)).unwrap_or(i64::MAX);
            let message = Locale::public(&req).t1("login-throttled", "minutes", minutes);
            let mut res = login_page(
                &state,
                &req,
                form.email,
                next,
                Some(message),
                StatusCode::TOO_MANY_REQUESTS,
            )?;
            res.headers_mut()
                .insert(header::RETRY_AFTER, retry_after_secs.into());
            Ok(res)
        }
        Err(other) => Err(other),
    }
}

pub async fn logout(state: web::Data<AppState>, req: HttpRequest, _ctx: Viewer) -> AppResult<HttpResponse> {
    if let Some(token) = req.cookie(SESSION_COOKIE).map(|c| c.value().to_string()) {
        db::run(&state.pool, move |c| service::logout(c, &token)).await?;
    }
    let mut res = redirect_with_flash("/login", Flash::new("signed_out", ""));
    res.add_cookie(&gate::expired_session_cookie())
        .map_err(AppError::internal)?;
    Ok(res)
}

pub async fn password_form(ctx: Viewer) -> impl Responder {
    let forced = ctx.op.must_change_password;
    PasswordPage {
        ctx: ctx.0,
        forced,
        field: String::new(),
        error: None,
    }
}

#[derive(Deserialize)]
pub struct PasswordForm {
    current_password: String,
    new_password: String,
    confirm_password: String,
}

pub async fn change_password(
    state: web::Data<AppState>,
    ctx: Viewer,
    form: Form<PasswordForm>,
) -> AppResult<HttpResponse> {
    let form = form.into_inner();
    let id = ctx.op.id;
    let session = ctx.op.session_hash.clone();
    let result = db::run(&state.pool, move |c| {
        service::change_own_password(
            c,
            id,
            &session,
            &form.current_password,
            &form.new_password,
            &form.confirm_password,
        )
    })
    .await
    .map_err(AppError::from);
    match result {
        Ok(()) => Ok(redirect_with_flash("/", Flash::new("password_changed", ""))),
        Err(AppError::Validation { field, message }) => {
            let forced = ctx.op.must_change_password;
            let message = localized(&ctx, &message);
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &PasswordPage {
                    ctx: ctx.0,
                    forced,
                    field,
                    error: Some(message),
                },
            )
        }
        Err(other) => Err(other),
    }
}

/// The account rules' messages (written in English by `auth`, which the CLI shares) in the
/// page's language; a message without a translation is shown as it is.
pub fn localized(loc: &Locale, message: &str) -> String {
    if let Some((_, id)) = KNOWN_MESSAGES.iter().find(|(english, _)| *english == message) {
        return loc.t(id);
    }
    if message.starts_with("Give the key a name of 1 to 100 characters") {
        return loc.t("api-keys-name-invalid");
    }
    if let Some(email) = message
        .strip_prefix("An operator with the email ")
        .and_then(|rest| rest.strip_suffix(" already exists."))
    {
        return loc.t1("operators-email-exists", "email", email);
    }
    message.to_owned()
}

/// The `auth` messages shown as they are written, and their catalogue ids.
const KNOWN_MESSAGES: [(&str, &str); 11] = [
    ("The current password is not correct.", "password-current-wrong"),
    ("The two new passwords differ.", "password-mismatch"),
    (
        "Choose a password different from the current one.",
        "password-same",
    ),
    ("Use at least 12 characters.", "password-too-short"),
    ("Use at most 256 characters.", "password-too-long"),
    ("Enter an email address.", "email-empty"),
    ("An email address has at most 254 characters.", "email-too-long"),
    ("Enter an email address such as ana@example.com.", "email-invalid"),
    (
        "This is the only enabled admin. Make another operator admin first.",
        "operators-only-admin",
    ),
    ("You cannot disable your own account.", "operators-not-yourself"),
    ("This key is already revoked.", "api-keys-already-revoked"),
];

#[cfg(test)]
mod tests {
    use super::*;

    fn locale(lang: Lang) -> Locale {
        Locale::new(crate::i18n::shared_catalog(), lang, crate::tz::DEFAULT_ZONE)
    }

    /// The English catalogue says what auth/ says, so English pages do not change wording, and
    /// every message the portal maps has a translation.
    #[test]
    fn account_messages_map_to_the_catalogue() {
        let en = locale(Lang::En);
        for (english, id) in KNOWN_MESSAGES {
            assert_eq!(en.t(id), english, "{id}");
            assert_ne!(localized(&locale(Lang::Fr), english), english, "{id}");
        }
        let hi = locale(Lang::Hi);
        assert_eq!(
            localized(&hi, "An operator with the email ana@example.com already exists."),
            "ईमेल ana@example.com वाला ऑपरेटर पहले से मौजूद है।"
        );
        assert_eq!(
            localized(
                &hi,
                "Give the key a name of 1 to 100 characters, such as \"production app\"."
            ),
            hi.t("api-keys-name-invalid")
        );
        assert_eq!(
            localized(&hi, "Something new."),
            "Something new.",
            "unknown: as is"
        );
        assert_eq!(
            localized(&hi, crate::auth::service::LOGIN_FAILED),
            crate::auth::service::LOGIN_FAILED,
            "sign-in refusals are worded by the login handler, not here"
        );
        assert_eq!(en.t("login-failed"), crate::auth::service::LOGIN_FAILED);
    }

    #[test]
    fn next_only_follows_local_paths() {
        assert_eq!(safe_next(Some("/meters?x=1")), "/meters?x=1");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
