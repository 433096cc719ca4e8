//! Analytics pages: the overview with its chart, the events table and troubleshooting, the
//! customers usage table, reconciliation, and their CSV exports.

pub mod customers;
pub mod events;
pub mod overview;
pub mod reconcile;
