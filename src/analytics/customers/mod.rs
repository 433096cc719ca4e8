//! Analytics → Customers: per customer and meter, for a billing period, what was consumed and
//! charged; columns chosen per operator; CSV exports.

pub mod billing;
pub mod columns;
pub mod export;
pub mod handlers;
pub mod pages;
pub mod period;
pub mod repo;
pub mod table;

use crate::web::router::Router;

pub fn register(r: &mut Router<'_>) {
    r.get("/analytics/customers", handlers::table)
        .post("/analytics/customers/columns", handlers::save_columns)
        .get("/analytics/customers/export.csv", handlers::export_csv);
}
