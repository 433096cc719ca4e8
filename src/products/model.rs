//! Usage-based products: rows, their lines as stored (each with its parsed [`Price`]), and
//! the validated product that only [`super::input::ProductInput::validate`] builds.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde_json::{Value, json};

use crate::billing::Price;
use crate::db::schema::{meters, product_meters, products};
use crate::metering::money::{price_text, quantity_text};
use crate::metering::{Currency, Interval, currency};
use crate::paging::Cursor;

/// A product takes 1 to this many meters.
pub const MAX_METERS: usize = 10;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = products)]
pub struct Product {
    pub id: String,
    pub name: String,
    pub description: String,
    pub currency: String,
    pub billing_interval: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Product {
    /// The product's currency. The column only ever holds codes that passed
    /// [`crate::metering::parse_currency`]; an unknown one (from a hand-edited row) reads as
    /// USD.
    pub fn currency(&self) -> Currency {
        currency(&self.currency).unwrap_or_default()
    }

    /// The billing interval; the column's CHECK allows only `monthly` and `yearly`.
    pub fn interval(&self) -> Interval {
        Interval::parse(&self.billing_interval).unwrap_or(Interval::Monthly)
    }

    pub fn cursor(&self) -> Cursor {
        Cursor {
            created_at: self.created_at,
            id: self.id.clone(),
        }
    }
}

/// One line of a product: a meter with its price and free threshold, and the meter's name,
/// unit, aggregation and status (selected from `product_meters` joined with `meters`). The
/// stored price JSON is parsed on loading; one that breaks a rule (only a hand-edited row
/// could) fails the query rather than being priced wrongly.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = product_meters, check_for_backend(diesel::pg::Pg))]
pub struct ProductMeterView {
    pub meter_id: String,
    #[diesel(select_expression = meters::name)]
    pub meter_name: String,
    #[diesel(select_expression = meters::unit)]
    pub unit: String,
    #[diesel(select_expression = meters::aggregation)]
    pub aggregation: String,
    #[diesel(select_expression = meters::status)]
    pub status: String,
    pub position: i16,
    #[diesel(deserialize_as = Value)]
    pub price: Price,
    pub free_threshold: Decimal,
}

/// A product line as the API shows it (and the audit log records): the price, the price per
/// unit for `per_unit` lines (`null` for the others, which have none), the free threshold.
pub fn line_json(m: &ProductMeterView, currency: Currency) -> Value {
    json!({
        "meter_id": m.meter_id,
        "price": m.price.to_json_in(currency),
        "price_per_unit": m.price.unit_price().map(|p| price_text(p, currency)),
        "free_threshold": quantity_text(m.free_threshold),
    })
}

/// A product and its meters as JSON: what the audit log records.
pub fn snapshot(product: &Product, meters: &[ProductMeterView]) -> Value {
    let currency = product.currency();
    json!({
        "name": product.name,
        "description": product.description,
        "currency": product.currency,
        "billing_interval": product.billing_interval,
        "meters": meters.iter().map(|m| line_json(m, currency)).collect::<Vec<_>>(),
    })
}

/// A meter with its price, validated: a valid [`Price`] and a threshold ≥ 0 with at most 12
/// decimal places.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricedMeter {
    meter_id: String,
    price: Price,
    free_threshold: Decimal,
}

impl PricedMeter {
    pub(super) fn new(meter_id: String, price: Price, free_threshold: Decimal) -> Self {
        PricedMeter {
            meter_id,
            price,
            free_threshold,
        }
    }
    pub fn meter_id(&self) -> &str {
        &self.meter_id
    }
    pub fn price(&self) -> &Price {
        &self.price
    }
    pub fn free_threshold(&self) -> Decimal {
        self.free_threshold
    }
}

/// A product that passed validation: only [`super::input::ProductInput::validate`] builds one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProduct {
    name: String,
    description: String,
    currency: Currency,
    interval: Interval,
    meters: Vec<PricedMeter>,
}

impl NewProduct {
    pub(super) fn new(
        name: String,
        description: String,
        currency: Currency,
        interval: Interval,
        meters: Vec<PricedMeter>,
    ) -> Self {
        NewProduct {
            name,
            description,
            currency,
            interval,
            meters,
        }
    }
    pub fn name(&self) -> &str {
        &self.name
    }
    pub fn description(&self) -> &str {
        &self.description
    }
    pub fn currency(&self) -> Currency {
        self.currency
    }
    pub fn interval(&self) -> Interval {
        self.interval
    }
    /// 1 to 10 distinct active meters, in the order given (their positions).
    pub fn meters(&self) -> &[PricedMeter] {
        &self.meters
    }
}
