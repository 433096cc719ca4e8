//! The dashboard and the health check.

use actix_web::{HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;

use crate::AppState;
use crate::web::chrome::{PageCtx, Viewer};

#[derive(Template, WebTemplate)]
#[template(path = "home/dashboard.html")]
pub struct DashboardPage {
    pub ctx: PageCtx,
}

pub async fn dashboard(ctx: Viewer) -> DashboardPage {
    DashboardPage { ctx: ctx.0 }
}

/// 200 when the database answers, 503 when it does not.
pub async fn healthz(state: web::Data<AppState>) -> HttpResponse {
    match crate::db::run(&state.pool, crate::db::ping).await {
        Ok(()) => HttpResponse::Ok().json(serde_json::json!({ "status": "ok", "database": "ok" })),
        Err(e) => {
            tracing::warn!("health check: {e:?}");
            HttpResponse::ServiceUnavailable()
                .json(serde_json::json!({ "status": "unavailable", "database": "not answering" }))
        }
    }
}
