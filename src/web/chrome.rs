//! What every portal page shares: the signed-in operator, the CSRF token, the flash message,
//! and the role extractors that guard handlers.

use std::future::{Ready, ready};
use std::ops::Deref;

use actix_web::cookie::{Cookie, SameSite};
use actix_web::dev::Payload;
use actix_web::http::{StatusCode, header};
use actix_web::{FromRequest, HttpMessage, HttpRequest, HttpResponse};

use crate::auth::model::{CurrentOperator, Role};
use crate::error::AppError;
use crate::web::locale::{Locale, accept_language, catalog_of};

pub const FLASH_COOKIE: &str = "md_flash";

/// A one-shot notice shown on the next page. `code` picks the sentence in
/// `templates/partials/flash.html`; `arg` fills it in (a name, an id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Flash {
    pub code: String,
    pub arg: String,
}

impl Flash {
    pub fn new(code: &str, arg: impl Into<String>) -> Self {
        Flash {
            code: code.into(),
            arg: arg.into(),
        }
    }

    fn encode(&self) -> String {
        serde_urlencoded::to_string([("c", self.code.as_str()), ("a", self.arg.as_str())]).unwrap_or_default()
    }

    fn decode(raw: &str) -> Option<Flash> {
        let pairs: Vec<(String, String)> = serde_urlencoded::from_str(raw).ok()?;
        let get = |k: &str| pairs.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
        Some(Flash {
            code: get("c")?,
            arg: get("a").unwrap_or_default(),
        })
    }

    pub fn is_error(&self) -> bool {
        self.code.starts_with("error_")
    }

    /// Something done, but worth a second look (codes starting with `warning_`): shown in an
    /// amber banner, never the green one.
    pub fn is_warning(&self) -> bool {
        self.code.starts_with("warning_")
    }

    /// The banner's kind: `error`, `warning` or `ok` (the `flash-…` class).
    pub fn kind(&self) -> &'static str {
        if self.is_error() {
            "error"
        } else if self.is_warning() {
            "warning"
        } else {
            "ok"
        }
    }
}

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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn flash_round_trips_through_its_cookie_encoding() {
        let f = Flash::new("operator_created", "ana@example.com; x=1&y");
        assert_eq!(Flash::decode(&f.encode()), Some(f));
        assert_eq!(Flash::decode("garbage"), None);
    }

    #[test]
    fn a_flash_kind_follows_its_code_prefix() {
        assert_eq!(Flash::new("error_message", "x").kind(), "error");
        assert_eq!(Flash::new("warning_upload_same_file", "x").kind(), "warning");
        assert_eq!(Flash::new("upload_done", "x").kind(), "ok");
    }
}
