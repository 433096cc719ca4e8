//! The read side: analytics pages (overview with the meter quantity chart, events, customers),
//! exports, troubleshooting and reconciliation.

pub mod chart;
pub mod customers;
pub mod events;
pub mod overview;

use crate::web::router::Router;

pub fn register(r: &mut Router<'_>) {
    events::register(r);
    customers::register(r);
    r.get("/analytics", overview::handlers::overview);
}
