//! What every portal page shares: the signed-in operator, the CSRF token, the flash message,
//! and the role extractors that guard handlers.

use std::future::{Ready, ready};
use std::ops::Deref;

use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::Payload;
use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse};

pub use super::flash::{FLASH_COOKIE, Flash};
use crate::auth::model::{CurrentOperator, Role};
use crate::error::AppError;
use crate::web::locale::{Locale, accept_language, catalog_of};

/// Renders a page with a status other than 200 (422 for a form to correct, 201, 401…).
pub fn render<T: askama::Template>(status: StatusCode, page: &T) -> Result<HttpResponse, AppError> {
    render_sized(status, page, T::SIZE_HINT)
}

/// [`render`] into a buffer of `capacity` bytes: a page that embeds a large piece rendered
/// before (the customers table's rows, about 180 KiB) is written once instead of being copied
/// again at each doubling of a buffer sized by the template alone.
pub fn render_sized<T: askama::Template>(
    status: StatusCode,
    page: &T,
    capacity: usize,
) -> Result<HttpResponse, AppError> {
    let mut body = String::with_capacity(capacity);
    page.render_into(&mut body).map_err(AppError::internal)?;
    Ok(HttpResponse::build(status)
        .content_type("text/html; charset=utf-8")
        .body(body))
}

/// 303 See Other to `location`.
pub fn redirect(location: &str) -> HttpResponse {
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .finish()
}

/// 303 See Other to `location`, with a notice for the next page.
pub fn redirect_with_flash(location: &str, flash: Flash) -> HttpResponse {
    let cookie = Cookie::build(FLASH_COOKIE, flash.encode())
        .path("/")
        .http_only(true)
        .same_site(SameSite::Lax)
        .finish();
    HttpResponse::SeeOther()
        .insert_header((header::LOCATION, location))
        .cookie(cookie)
        .finish()
}

/// The context every signed-in page renders with. It derefs to its [`Locale`]: `ctx.lang`
/// (the operator's choice, else `Accept-Language`, else English), `ctx.tz` (the operator's
/// zone, else the organisation's, else UTC), `ctx.t("id")`, `ctx.qty(x)`, `ctx.datetime(t)`…
#[derive(Debug, Clone)]
pub struct PageCtx {
    pub op: CurrentOperator,
    pub flash: Option<Flash>,
    pub path: String,
    pub locale: Locale,
}

impl Deref for PageCtx {
    type Target = Locale;
    fn deref(&self) -> &Locale {
        &self.locale
    }
}

impl PageCtx {
    /// The top-level section of the current page, for highlighting the navigation.
    pub fn section(&self) -> &str {
        self.path.trim_start_matches('/').split('/').next().unwrap_or("")
    }

    pub fn csrf(&self) -> &str {
        &self.op.csrf_token
    }

    pub fn can_edit(&self) -> bool {
        self.op.role.allows(Role::Editor)
    }

    pub fn is_admin(&self) -> bool {
        self.op.role.allows(Role::Admin)
    }

    fn from_http(req: &HttpRequest) -> Result<PageCtx, AppError> {
        let op = req
            .extensions()
            .get::<CurrentOperator>()
            .cloned()
            .ok_or_else(|| AppError::Forbidden("Sign in to see this page.".into()))?;
        let flash = req.cookie(FLASH_COOKIE).and_then(|c| Flash::decode(c.value()));
        let lang = crate::i18n::negotiate(op.language, accept_language(req));
        let locale = Locale::new(catalog_of(req), lang, op.time_zone);
        Ok(PageCtx {
            op,
            flash,
            path: req.path().to_string(),
            locale,
        })
    }

    fn require(req: &HttpRequest, role: Role) -> Result<PageCtx, AppError> {
        let ctx = Self::from_http(req)?;
        if !ctx.op.role.allows(role) {
            return Err(AppError::Forbidden(ctx.t2(
                "error-needs-role",
                "role",
                ctx.role_name(role),
                "current",
                ctx.role_name(ctx.op.role),
            )));
        }
        Ok(ctx)
    }
}

macro_rules! role_extractor {
    ($(#[$doc:meta])* $name:ident, $role:expr) => {
        $(#[$doc])*
        pub struct $name(pub PageCtx);

        impl FromRequest for $name {
            type Error = AppError;
            type Future = Ready<Result<Self, AppError>>;

            fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
                ready(PageCtx::require(req, $role).map($name))
            }
        }

        impl Deref for $name {
            type Target = PageCtx;
            fn deref(&self) -> &PageCtx {
                &self.0
            }
        }
    };
}

role_extractor!(
    /// Any signed-in operator (read-only pages and exports).
    Viewer,
    Role::Viewer
);
role_extractor!(
    /// An editor or admin (meters, products, customers, usage data).
    Editor,
    Role::Editor
);
role_extractor!(
    /// An admin (operators, API keys, audit log).
    Admin,
    Role::Admin
);
