//! A statement and its lines, exactly as stored.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;

use crate::db::schema::{statement_lines, statements};
use crate::metering::{Currency, currency};
use crate::paging::Cursor;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = statements)]
pub struct Statement {
    pub id: String,
    pub subscription_id: String,
    pub customer_id: String,
    pub product_id: String,
    pub period_start: DateTime<Utc>,
    /// The cycle's end, or the subscription's end when it ended within the cycle.
    pub period_end: DateTime<Utc>,
    pub closed_at: DateTime<Utc>,
    pub currency: String,
    pub total: Decimal,
}

impl Statement {
    pub fn currency(&self) -> Currency {
        currency(&self.currency).unwrap_or_default()
    }

    /// Lists run newest cycle first: the cursor is the period start and the id.
    pub fn cursor(&self) -> Cursor {
        Cursor {
            created_at: self.period_start,
            id: self.id.clone(),
        }
    }
}

/// The two kinds of line.
pub const USAGE: &str = "usage";
pub const ADJUSTMENT: &str = "adjustment";

/// One line. `usage`: `quantity` is consumed and `amount` the charge, with the free
/// threshold, chargeable quantity and price. `adjustment`: `quantity` and `amount` are the
/// consumed and charge deltas of the cycle `for_period_*`.
#[derive(Debug, Clone, Queryable, Selectable, Insertable)]
#[diesel(table_name = statement_lines)]
pub struct StatementLine {
    pub statement_id: String,
    pub position: i32,
    pub kind: String,
    pub meter_id: String,
    pub meter_name: String,
    pub unit: String,
    pub quantity: Decimal,
    pub amount: Decimal,
    pub free_threshold: Option<Decimal>,
    pub chargeable: Option<Decimal>,
    pub price: Option<serde_json::Value>,
    pub for_period_start: Option<DateTime<Utc>>,
    pub for_period_end: Option<DateTime<Utc>>,
}

impl StatementLine {
    pub fn is_usage(&self) -> bool {
        self.kind == USAGE
    }
}
