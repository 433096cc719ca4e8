//! The dashboard.

use askama::Template;
use askama_web::WebTemplate;

use crate::web::chrome::{PageCtx, Viewer};

#[derive(Template, WebTemplate)]
#[template(path = "home/dashboard.html")]
pub struct DashboardPage {
    pub ctx: PageCtx,
}

pub async fn dashboard(ctx: Viewer) -> DashboardPage {
    DashboardPage { ctx: ctx.0 }
}
