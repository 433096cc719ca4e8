//! The read side: what the analytics pages and exports show (overview figures and the meter
//! quantity chart, events, the customers usage table, reconciliation), computed from the
//! rollups, and the page caches that keep it between writes. Pages in `portal::analytics`.

pub mod cache;
pub mod chart;
pub mod customers;
pub mod events;
pub mod overview;
pub mod reconcile;
