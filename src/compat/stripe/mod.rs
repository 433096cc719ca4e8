//! Stripe's usage-billing API under `/stripe`, for Stripe's official SDKs with
//! `api_base = <portal>/stripe` (and the same as the meter-events base, which the v2 stream
//! uses). The API key is the secret key; the stream takes a meter event session's token.
//!
//! A thin adapter: it reads Stripe's form encoding ([`params`]), translates shapes
//! ([`objects`], [`errors`]) and calls the same services as the native API — customers, meters,
//! the one ingest pipeline (lineage `stripe`) and the void of a single event. No SQL here.

pub mod customers;
pub mod errors;
pub mod events;
pub mod list;
pub mod meters;
pub mod objects;
pub mod params;
pub mod summaries;
pub mod v2;

use crate::web::router::Router;

pub fn register(r: &mut Router<'_>) {
    r.post("/stripe/v1/customers", customers::create)
        .get("/stripe/v1/customers", customers::list)
        .get("/stripe/v1/customers/{id}", customers::retrieve)
        .post("/stripe/v1/billing/meters", meters::create)
        .get("/stripe/v1/billing/meters", meters::list)
        .get("/stripe/v1/billing/meters/{id}", meters::retrieve)
        .post("/stripe/v1/billing/meters/{id}", meters::update)
        .post("/stripe/v1/billing/meters/{id}/deactivate", meters::deactivate)
        .post("/stripe/v1/billing/meters/{id}/reactivate", meters::reactivate)
        .get("/stripe/v1/billing/meters/{id}/event_summaries", summaries::list)
        .post("/stripe/v1/billing/meter_events", events::create)
        .post("/stripe/v1/billing/meter_event_adjustments", events::adjust)
        .post("/stripe/v2/billing/meter_event_session", v2::session)
        .post("/stripe/v2/billing/meter_event_stream", v2::stream)
        .post("/stripe/v2/billing/meter_events", v2::create)
        .post("/stripe/v2/billing/meter_event_adjustments", v2::adjust);
}
