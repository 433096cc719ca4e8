//! Compatibility surfaces: the clients users already have work by changing a base URL.
//! Adapters on the top floor, beside the portal and the native API: they translate shapes and
//! call the same services — never a second ingest path, never SQL of their own.
//!
//! - [`stripe`]: Stripe's usage-billing API under `/stripe`.
//! - [`cloudevents`]: CloudEvents (structured and batch JSON) at `POST /api/v1/events`.

pub mod cloudevents;
pub mod stripe;

use crate::web::router::Router;

pub fn register(r: &mut Router<'_>) {
    stripe::register(r);
    cloudevents::register(r);
}
