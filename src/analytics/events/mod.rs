//! Analytics → Events: the events table, one event's page, and the troubleshooting view of
//! events no active meter counts.
//!
//! - `GET /analytics/events`: newest first, filtered by meter / event name / customer / time
//!   range / source, keyset-paginated by (ts, seq) through an index for every filter combination.
//! - `GET /analytics/events/{event_id}`: the event's fields, metadata, lineage, and for every
//!   meter of its name whether it counts it and why not; voided copies of the id too.
//! - `GET /analytics/unmatched`: event names no active meter listens to, and events active
//!   meters' filters exclude, over a recent time window.

pub mod model;
pub mod options;
pub mod query;
pub mod repo;
pub mod service;
