//! Fault tests: the real `meterdesk serve` binary under concurrent ingest, killed with SIGKILL
//! mid-ingest, and running through a restart of its PostgreSQL (a private cluster the test
//! starts itself). Afterwards: every acknowledged event is stored, nothing is counted twice,
//! and the rollups equal a recount from the raw events. And a few thousand seeded malformed
//! requests, none of which may answer 5xx or panic.
#![allow(clippy::unwrap_used, clippy::expect_used)]

#[path = "../support/db.rs"]
#[allow(dead_code)]
mod db;

mod check;
mod cluster;
mod fuzz;
mod kill9;
mod load;
mod pg_restart;
#[path = "../support/server.rs"]
mod server;
