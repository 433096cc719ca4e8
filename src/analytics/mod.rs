//! The read side: analytics pages (overview with the meter quantity chart, events, customers),
//! exports, troubleshooting and reconciliation.

pub mod cache;
pub mod chart;
pub mod customers;
pub mod events;
pub mod overview;
pub mod reconcile;

use crate::web::router::Router;

pub fn register(r: &mut Router<'_>) {
    events::register(r);
    customers::register(r);
    r.get("/analytics", overview::handlers::overview)
        .get("/analytics/reconciliation", reconcile::page)
        .get("/analytics/reconciliation/export.csv", reconcile::export);
}
