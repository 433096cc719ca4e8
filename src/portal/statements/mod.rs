//! Statements in the portal: the printable statement page and its CSV export, the late-usage
//! view (closed cycles whose live figures differ from what was billed, and the adjustments
//! already billed), and what the customer page shows per subscription (its current cycle, live,
//! and its statements).

pub mod handlers;
pub mod views;
