//! `AppError` as an HTML page, in the language of the request (its status and retry headers
//! are `AppError`'s own: `error.rs`).

use actix_web::http::{StatusCode, header};
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

use crate::error::AppError;

#[derive(Template)]
#[template(path = "errors/error.html")]
struct ErrorPage {
    ctx: super::locale::Locale,
    status: u16,
    title: String,
    message: String,
}

impl ResponseError for AppError {
    fn status_code(&self) -> StatusCode {
        self.status()
    }

    fn error_response(&self) -> HttpResponse {
        self.log_if_server_error();
        let status = self.status_code();
        let ctx = super::locale::current_locale();
        let title_id = format!("error-title-{}", status.as_u16());
        let title = if ctx.has(&title_id) {
            ctx.t(&title_id)
        } else {
            ctx.t("error-title-other")
        };
        let page = ErrorPage {
            message: super::error_words::localized(&ctx, self),
            ctx,
            status: status.as_u16(),
            title,
        };
        let body = page.render().unwrap_or_else(|_| page.message.clone());
        let mut res = HttpResponse::build(status);
        res.content_type("text/html; charset=utf-8");
        if let Some(secs) = self.retry_after_secs() {
            res.insert_header((header::RETRY_AFTER, secs.to_string()));
        }
        res.body(body)
    }
}
