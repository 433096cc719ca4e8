//! The audit log page (admins).

use actix_web::web;
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use super::repo::{self, AuditEntry};
use crate::db;
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::chrome::{Admin, PageCtx};
use crate::web::extract::Query;
use crate::web::filters;
use crate::web::router::Router;

pub const PAGE_SIZE: i64 = 50;

pub fn register(r: &mut Router<'_>) {
    r.get("/settings/audit", audit_log);
}

#[derive(Template, WebTemplate)]
#[template(path = "settings/audit.html")]
pub struct AuditPage {
    pub ctx: PageCtx,
    pub entries: Vec<AuditEntry>,
    /// Keyset cursor for the next (older) page.
    pub next_before: Option<i64>,
}

#[derive(Deserialize)]
pub struct AuditQuery {
    before: Option<i64>,
}

pub async fn audit_log(state: web::Data<AppState>, ctx: Admin, q: Query<AuditQuery>) -> AppResult<AuditPage> {
    let before = q.before;
    let mut entries = db::run(&state.pool, move |c| repo::list(c, before, PAGE_SIZE + 1)).await?;
    let next_before = if entries.len() as i64 > PAGE_SIZE {
        entries.truncate(PAGE_SIZE as usize);
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
