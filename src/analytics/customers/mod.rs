//! Analytics → Customers: per customer and meter, for a billing period, what was consumed and
//! charged; columns chosen per operator; the CSV export.

pub mod billing;
pub mod columns;
pub mod export;
pub mod kept_products;
pub mod period;
pub mod repo;
pub mod table;
