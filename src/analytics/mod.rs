//! The read side: analytics pages (overview with the meter quantity chart, events, customers),
//! exports, troubleshooting and reconciliation.

pub mod chart;
pub mod events;

use crate::web::router::Router;

pub fn register(r: &mut Router<'_>) {
    events::register(r);
}
