//! Analytics → Events: the events table, one event's page, and the troubleshooting view of
//! events no active meter counts.

use crate::web::router::Router;

pub fn register(_r: &mut Router<'_>) {}
