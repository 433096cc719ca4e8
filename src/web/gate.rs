//! The gate every request passes: it decides whether a path is public, an API call (bearer
//! key) or a portal page (session cookie + CSRF token on every state-changing request), and
//! writes the access log line.

use std::time::Instant;

use actix_web::body::{BoxBody, MessageBody};
use actix_web::cookie::{Cookie, SameSite, time::Duration as CookieDuration};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::http::{Method, header};
use actix_web::middleware::Next;
use actix_web::web::{Bytes, Data};
use actix_web::{Error, HttpMessage, HttpResponse, ResponseError};
use chrono::{Duration, Utc};

use super::chrome::FLASH_COOKIE;
use super::{boundary, negotiate};
use crate::auth::model::{ApiClient, CurrentOperator};
use crate::auth::{repo, service};
use crate::crypto;
use crate::error::{ApiError, AppError};
use crate::i18n::Lang;
use crate::state::AppState;
use crate::tz;

pub const SESSION_COOKIE: &str = "md_session";
pub const LOGIN_COOKIE: &str = "md_login";
pub const CSRF_FIELD: &str = "csrf_token";
pub const CSRF_HEADER: &str = "x-csrf-token";

/// How a path is guarded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    Public,
    /// An API key as bearer token: the native API (`/api`) and Stripe's (`/stripe`).
    Api,
    /// A short-lived token as bearer token, which the handler checks itself: Stripe's meter
    /// event stream takes the token of a meter event session, not an API key.
    Token,
    Page,
}

/// The paths whose handlers check a short-lived bearer token themselves ([`Access::Token`]).
pub const TOKEN_PATHS: &[&str] = &["/stripe/v2/billing/meter_event_stream"];

pub fn classify(path: &str) -> Access {
    if path == "/login" || path == "/healthz" || path == "/favicon.ico" || path.starts_with("/static/") {
        Access::Public
    } else if TOKEN_PATHS.contains(&path) {
        Access::Token
    } else if negotiate::is_api_path(path) {
        Access::Api
    } else {
        Access::Page
    }
}

fn is_safe(method: &Method) -> bool {
    matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS)
}

pub async fn gate(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let started = Instant::now();
    let method = req.method().clone();
    let path = req.path().to_string();
    let had_flash = req.cookie(FLASH_COOKIE).is_some();
    let mut res = guarded(req, next).await?;
    if had_flash && res.status().is_success() {
        // The notice was shown on this page; do not show it again.
        let mut gone = Cookie::build(FLASH_COOKIE, "").path("/").finish();
        gone.make_removal();
        let _ = res.response_mut().add_cookie(&gone);
    }
    tracing::info!(
        target: "meterdesk::access",
        method = %method,
        path = %path,
        status = res.status().as_u16(),
        ms = started.elapsed().as_millis() as u64,
    );
    Ok(res)
}

/// The text rule on the path, the query string and a urlencoded body, then the guard for the
/// kind of path.
async fn guarded(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let checked =
        boundary::check_path(req.uri().path()).and_then(|()| boundary::check_query(req.query_string()));
    if let Err(e) = checked {
        let res = negotiate::error_response(req.request(), e);
        return Ok(req.into_response(res));
    }
    let req = match read_form_body(req).await? {
        Ok(req) => req,
        Err(res) => return Ok(res),
    };
    match classify(req.path()) {
        Access::Public | Access::Token => public(req, next).await,
        Access::Api => api(req, next).await,
        Access::Page => page(req, next).await,
    }
}

/// A urlencoded body is read once here, checked against the text rule, and put back for the
/// handler (and the CSRF check) to read.
async fn read_form_body(
    mut req: ServiceRequest,
) -> Result<Result<ServiceRequest, ServiceResponse<BoxBody>>, Error> {
    if is_safe(req.method()) || req.content_type() != "application/x-www-form-urlencoded" {
        return Ok(Ok(req));
    }
    let payload = req.take_payload();
    let body = match super::body::read(req.request(), payload, super::extract::FORM_LIMIT).await {
        Ok(body) => body,
        Err(e) => {
            let res = negotiate::error_response(req.request(), e);
            return Ok(Err(req.into_response(res)));
        }
    };
    // The body is now plain: whatever reads it next must not inflate it again.
    req.headers_mut().remove(header::CONTENT_ENCODING);
    req.headers_mut().remove(header::CONTENT_LENGTH);
    if let Err(e) = boundary::check_form(&body) {
        let res = negotiate::error_response(req.request(), e);
        return Ok(Err(req.into_response(res)));
    }
    req.set_payload(Payload::from(body));
    Ok(Ok(req))
}

async fn public(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    if req.path() == "/login" && !is_safe(req.method()) {
        let state = app_state(&req)?;
        let expected = req
            .cookie(LOGIN_COOKIE)
            .map(|c| login_csrf_token(&state.config.secret_key, c.value()));
        // Nobody is signed in: refusals speak the browser's language.
        let locale = super::locale::Locale::public(req.request());
        let refused = |e: AppError| super::locale::REQUEST_LOCALE.sync_scope(locale, || e.error_response());
        let req = match expected {
            Some(expected) => match check_csrf(req, &expected).await? {
                Ok(req) => req,
                Err(req) => return Ok(req.into_response(refused(csrf_refusal()))),
            },
            None => {
                let refusal = AppError::Forbidden(
                    "The sign-in form has expired or cookies are blocked. Reload the page, allow cookies for this site, and sign in again."
                        .into(),
                );
                return Ok(req.into_response(refused(refusal)));
            }
        };
        return Ok(next.call(req).await?.map_into_boxed_body());
    }
    Ok(next.call(req).await?.map_into_boxed_body())
}

async fn api(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let state = app_state(&req)?;
    let Some(token) = bearer_token(&req) else {
        let e = ApiError(AppError::Unauthorized(
            "Send an API key in the header Authorization: Bearer <key>. Admins create keys under Settings → API keys.".into(),
        ));
        return Ok(req.into_response(e.error_response()));
    };
    let key = crate::db::run(&state.pool, move |c| service::authenticate_api_key(c, &token))
        .await
        .map_err(AppError::from);
    match key {
        Ok(Some(key)) => {
            req.extensions_mut().insert(ApiClient {
                key_id: key.id,
                name: key.name,
            });
            Ok(next.call(req).await?.map_into_boxed_body())
        }
        Ok(None) => {
            let e = ApiError(AppError::Unauthorized(
                "This API key is not valid: it is mistyped or has been revoked.".into(),
            ));
            Ok(req.into_response(e.error_response()))
        }
        Err(e) => Ok(req.into_response(ApiError(e).error_response())),
    }
}

async fn page(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let state = app_state(&req)?;
    if negotiate::has_bearer(req.headers()) {
        return Ok(not_the_api(req, &state).await);
    }
    let Some(token) = req.cookie(SESSION_COOKIE).map(|c| c.value().to_string()) else {
        return Ok(to_login(req, false));
    };
    let hash = service::session_hash(&token);
    let idle_since = Utc::now() - Duration::minutes(state.config.session_idle_minutes);
    let lookup_hash = hash.clone();
    let found = crate::db::run_brief(&state.pool, move |c| {
        let Some(found) = repo::find_live_session(c, &lookup_hash, idle_since)? else {
            return Ok::<_, AppError>(None);
        };
        // Refresh the idle timer, at most once a minute per session.
        if found.last_seen_at < Utc::now() - Duration::minutes(1) {
            repo::touch_session(c, &lookup_hash)?;
        }
        let op = found.operator;
        // The operator's own zone, else the organisation's.
        let zone = match op.time_zone.as_deref() {
            Some(own) => tz::zone_or(Some(own), tz::DEFAULT_ZONE),
            None => tz::zone_or(found.organisation_zone.as_deref(), tz::DEFAULT_ZONE),
        };
        let prefs = match found.prefs {
            Some(serde_json::Value::Object(prefs)) => prefs,
            _ => serde_json::Map::new(),
        };
        Ok(Some((
            op,
            zone,
            prefs,
            found.meters_version,
            found.products_version,
        )))
    })
    .await
    .map_err(AppError::from);
    let (operator, time_zone, prefs, meters_version, products_version) = match found {
        Ok(Some(found)) => found,
        Ok(None) => return Ok(to_login(req, true)),
        Err(e) => {
            // No operator yet: the browser's language.
            let locale = super::locale::Locale::public(req.request());
            let page = super::locale::REQUEST_LOCALE.sync_scope(locale, || e.error_response());
            return Ok(req.into_response(page));
        }
    };
    let current = CurrentOperator {
        id: operator.id,
        email: operator.email.clone(),
        role: operator.role(),
        must_change_password: operator.must_change_password,
        language: operator.language.as_deref().and_then(Lang::from_code),
        time_zone,
        csrf_token: session_csrf_token(&state.config.secret_key, &crypto::hex(&hash)),
        session_hash: hash,
        prefs,
        meters_version,
        products_version,
    };
    let path = req.path();
    if current.must_change_password && path != "/account/password" && path != "/logout" {
        return Ok(req.into_response(super::chrome::redirect("/account/password")));
    }
    let lang = crate::i18n::negotiate(current.language, super::locale::accept_language(req.request()));
    let locale = super::locale::Locale::new(state.catalog.clone(), lang, current.time_zone);
    let req = if is_safe(req.method()) {
        req
    } else {
        match check_csrf(req, &current.csrf_token).await? {
            Ok(req) => req,
            Err(req) => {
                let page =
                    super::locale::REQUEST_LOCALE.sync_scope(locale, || csrf_refusal().error_response());
                return Ok(req.into_response(page));
            }
        }
    };
    req.extensions_mut().insert(current);
    let res = super::locale::REQUEST_LOCALE
        .scope(locale, next.call(req))
        .await?;
    Ok(res.map_into_boxed_body())
}

/// A program with an API key asked for a portal page (a client whose base URL misses
/// `/api/v1`): a JSON 404 (valid key) or 401 (no valid key) that says where the API lives —
/// never the sign-in page, which a client would read as success.
async fn not_the_api(req: ServiceRequest, state: &Data<AppState>) -> ServiceResponse<BoxBody> {
    let token = bearer_token(&req).unwrap_or_default();
    let valid = !token.is_empty()
        && matches!(
            crate::db::run(&state.pool, move |c| service::authenticate_api_key(c, &token)).await,
            Ok(Some(_))
        );
    let hint = format!(
        "{} is a portal page, not part of the API. The API lives under /api/v1 (for example POST /api/v1/events/ingest): check the base URL your client is configured with.",
        req.path()
    );
    let e = if valid {
        AppError::NotFound(hint)
    } else {
        AppError::Unauthorized(format!("{hint} This API key is not valid either."))
    };
    let res = ApiError(e).error_response();
    req.into_response(res)
}

fn bearer_token(req: &ServiceRequest) -> Option<String> {
    req.headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| {
            v.get(..7)
                .filter(|p| p.eq_ignore_ascii_case("bearer "))
                .map(|_| &v[7..])
        })
        .map(|t| t.trim().to_string())
        .filter(|t| !t.is_empty())
}

/// Redirects to the login page, remembering where the operator was going; a client that asks
/// only for JSON gets a JSON 401 instead.
fn to_login(req: ServiceRequest, clear_cookie: bool) -> ServiceResponse<BoxBody> {
    if negotiate::accepts_only_json(req.headers()) {
        let e = ApiError(AppError::Unauthorized(
            "Sign in first: this is a portal page. Programs use the API under /api/v1 with an API key."
                .into(),
        ));
        return req.into_response(e.error_response());
    }
    let target = if is_safe(req.method()) {
        let full = req.uri().path_and_query().map(|pq| pq.as_str()).unwrap_or("/");
        format!(
            "/login?{}",
            serde_urlencoded::to_string([("next", full)]).unwrap_or_default()
        )
    } else {
        "/login".to_string()
    };
    let mut res = HttpResponse::SeeOther()
        .insert_header((header::LOCATION, target))
        .finish();
    if clear_cookie {
        let _ = res.add_cookie(&expired_session_cookie());
    }
    req.into_response(res)
}

fn csrf_refusal() -> AppError {
    AppError::Forbidden(
        "This form has expired or did not come from Meterdesk (missing or wrong CSRF token). Go back, reload the page and submit again."
            .into(),
    )
}

/// Looks for the CSRF token in the `X-CSRF-Token` header, the `csrf_token` query parameter
/// (multipart uploads) or the `csrf_token` field of a urlencoded body. The body is read and
/// put back so that the handler still sees it. `Err` hands the request back on a mismatch.
async fn check_csrf(
    mut req: ServiceRequest,
    expected: &str,
) -> Result<Result<ServiceRequest, ServiceRequest>, Error> {
    let from_header = req
        .headers()
        .get(CSRF_HEADER)
        .and_then(|v| v.to_str().ok())
        .map(str::to_string);
    let from_query = serde_urlencoded::from_str::<Vec<(String, String)>>(req.query_string())
        .ok()
        .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == CSRF_FIELD).map(|(_, v)| v));
    let mut presented = from_header.or(from_query);
    if presented.is_none() && req.content_type() == "application/x-www-form-urlencoded" {
        let body = req.extract::<Bytes>().await?;
        presented = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&body)
            .ok()
            .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == CSRF_FIELD).map(|(_, v)| v));
        req.set_payload(Payload::from(body));
    }
    Ok(match presented {
        Some(token) if crypto::constant_time_eq(&token, expected) => Ok(req),
        _ => Err(req),
    })
}

impl actix_web::FromRequest for ApiClient {
    type Error = ApiError;
    type Future = std::future::Ready<Result<Self, ApiError>>;

    fn from_request(req: &actix_web::HttpRequest, _: &mut Payload) -> Self::Future {
        std::future::ready(
            req.extensions()
                .get::<ApiClient>()
                .cloned()
                .ok_or_else(|| ApiError(AppError::Unauthorized("Send an API key.".into()))),
        )
    }
}

fn app_state(req: &ServiceRequest) -> Result<Data<AppState>, Error> {
    req.app_data::<Data<AppState>>()
        .cloned()
        .ok_or_else(|| AppError::internal("application state missing").into())
}

pub fn session_csrf_token(secret: &[u8], session_hash_hex: &str) -> String {
    crypto::csrf_token(secret, "session", session_hash_hex)
}

pub fn login_csrf_token(secret: &[u8], login_cookie: &str) -> String {
    crypto::csrf_token(secret, "login", login_cookie)
}

pub fn session_cookie(token: &str, secure: bool) -> Cookie<'static> {
    Cookie::build(SESSION_COOKIE, token.to_string())
        .path("/")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .max_age(CookieDuration::hours(service::SESSION_MAX_HOURS))
        .finish()
}

pub fn expired_session_cookie() -> Cookie<'static> {
    let mut c = Cookie::build(SESSION_COOKIE, "").path("/").finish();
    c.make_removal();
    c
}

pub fn login_cookie(value: &str, secure: bool) -> Cookie<'static> {
    Cookie::build(LOGIN_COOKIE, value.to_string())
        .path("/login")
        .http_only(true)
        .secure(secure)
        .same_site(SameSite::Lax)
        .finish()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_are_classified() {
        assert_eq!(classify("/login"), Access::Public);
        assert_eq!(classify("/healthz"), Access::Public);
        assert_eq!(classify("/static/css/app.css"), Access::Public);
        assert_eq!(classify("/api/v1/events/ingest"), Access::Api);
        assert_eq!(classify("/apiary"), Access::Page);
        assert_eq!(classify("/stripe/v1/billing/meters"), Access::Api);
        assert_eq!(classify("/stripe/v2/billing/meter_event_stream"), Access::Token);
        assert_eq!(classify("/stripes"), Access::Page);
        assert_eq!(classify("/"), Access::Page);
        assert_eq!(classify("/login/other"), Access::Page);
    }
}
