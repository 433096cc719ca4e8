//! The customers table's columns: which exist, which an operator chose to see, and how each
//! cell reads — shared by the page and the CSV export so the two always agree.

use rust_decimal::Decimal;

use crate::billing::{Price, Rounding};
use crate::metering::money::{amount_text, format_price, price_text, quantity_text};
use crate::metering::{Currency, format_quantity, rfc3339};

use super::billing::Line;

/// Which lines show the same cell of a column (see [`Column::sharing`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Sharing {
    Subscription,
    ProductMeter,
    LastEventTime,
    None,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Column {
    Customer,
    Email,
    Subscription,
    Product,
    Period,
    Meter,
    FreeThreshold,
    Price,
    LastEvent,
    Consumed,
    Chargeable,
    Charge,
    Total,
}

impl Column {
    pub const ALL: [Column; 13] = [
        Column::Customer,
        Column::Email,
        Column::Subscription,
        Column::Product,
        Column::Period,
        Column::Meter,
        Column::FreeThreshold,
        Column::Price,
        Column::LastEvent,
        Column::Consumed,
        Column::Chargeable,
        Column::Charge,
        Column::Total,
    ];

    /// The page's order: who and what first, then the money, so that the usage charge and the
    /// total are in view even with every column shown; the details follow.
    pub const SHOWN_ORDER: [Column; 13] = [
        Column::Customer,
        Column::Meter,
        Column::Charge,
        Column::Total,
        Column::Consumed,
        Column::Chargeable,
        Column::FreeThreshold,
        Column::Price,
        Column::LastEvent,
        Column::Period,
        Column::Product,
        Column::Subscription,
        Column::Email,
    ];

    /// Always in the export, whatever the page shows: what a spreadsheet needs to tell lines
    /// apart and bill them (the customer's email, the subscription, the billing period).
    pub fn always_exported(self) -> bool {
        matches!(
            self,
            Column::Customer | Column::Email | Column::Subscription | Column::Period | Column::Meter
        )
    }

    pub fn key(self) -> &'static str {
        match self {
            Column::Customer => "customer",
            Column::Email => "email",
            Column::Subscription => "subscription",
            Column::Product => "product",
            Column::Period => "period",
            Column::Meter => "meter",
            Column::FreeThreshold => "free_threshold",
            // The key operators' saved column choices hold since prices were per unit only.
            Column::Price => "price_per_unit",
            Column::LastEvent => "last_event",
            Column::Consumed => "consumed",
            Column::Chargeable => "chargeable",
            Column::Charge => "charge",
            Column::Total => "total",
        }
    }

    pub fn parse(key: &str) -> Option<Column> {
        Column::ALL.into_iter().find(|c| c.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            Column::Customer => "Customer",
            Column::Email => "Customer email",
            Column::Subscription => "Subscription",
            Column::Product => "Product",
            Column::Period => "Billing period",
            Column::Meter => "Meter",
            Column::FreeThreshold => "Free threshold",
            Column::Price => "Price",
            Column::LastEvent => "Last event",
            Column::Consumed => "Units consumed",
            Column::Chargeable => "Chargeable units",
            Column::Charge => "Usage charge",
            Column::Total => "Total charged",
        }
    }

    /// Customer and meter identify a row: they cannot be hidden.
    pub fn required(self) -> bool {
        matches!(self, Column::Customer | Column::Meter)
    }

    pub fn numeric(self) -> bool {
        matches!(
            self,
            Column::FreeThreshold
                | Column::Price
                | Column::Consumed
                | Column::Chargeable
                | Column::Charge
                | Column::Total
        )
    }

    /// The CSV header(s) of this column (the period is two: start and end).
    pub fn csv_headers(self) -> Vec<&'static str> {
        match self {
            Column::Customer => vec!["customer_id", "customer_name"],
            Column::Email => vec!["customer_email"],
            Column::Subscription => vec!["subscription_id"],
            Column::Product => vec!["product"],
            Column::Period => vec!["period_start", "period_end"],
            Column::Meter => vec!["meter_id", "meter", "unit"],
            Column::FreeThreshold => vec!["free_threshold"],
            Column::Price => vec!["price_per_unit", "price", "currency"],
            Column::LastEvent => vec!["last_event_at"],
            Column::Consumed => vec!["consumed"],
            Column::Chargeable => vec!["chargeable"],
            Column::Charge => vec!["charge"],
            Column::Total => vec!["total"],
        }
    }

    /// Exact, machine-readable values for the CSV (decimals as plain numerals, times RFC 3339).
    pub fn csv_cells(self, l: &Line) -> Vec<String> {
        match self {
            Column::Customer => vec![l.customer_id.clone(), l.customer_name.clone()],
            Column::Email => vec![l.customer_email.clone()],
            Column::Subscription => vec![l.subscription_id.clone()],
            Column::Product => vec![l.product_name.clone()],
            Column::Period => vec![rfc3339(l.period_start), rfc3339(l.period_end)],
            Column::Meter => vec![l.meter_id.clone(), l.meter_name.clone(), l.unit.clone()],
            Column::FreeThreshold => vec![quantity_text(l.free_threshold)],
            Column::Price => vec![
                l.price
                    .unit_price()
                    .map(|p| price_text(p, l.currency))
                    .unwrap_or_default(),
                l.price.to_json_in(l.currency).to_string(),
                l.currency.code.to_string(),
            ],
            Column::LastEvent => vec![l.last_event_at.map(rfc3339).unwrap_or_default()],
            Column::Consumed => vec![quantity_text(l.consumed)],
            Column::Chargeable => vec![quantity_text(l.chargeable)],
            Column::Charge => vec![amount_text(l.charge, l.currency)],
            Column::Total => vec![amount_text(l.total, l.currency)],
        }
    }

    /// What else shows the same cell as a line, when something does: its subscription's other
    /// lines (the customer, the cycle, the total), the lines of the same product and meter (the
    /// meter, the price, the free threshold), or lines whose last event has the same time (one
    /// event counted by several meters). For wording such cells once per page.
    pub fn sharing(self) -> Sharing {
        match self {
            Column::Customer
            | Column::Email
            | Column::Subscription
            | Column::Product
            | Column::Period
            | Column::Total => Sharing::Subscription,
            Column::Meter | Column::Price | Column::FreeThreshold => Sharing::ProductMeter,
            Column::LastEvent => Sharing::LastEventTime,
            Column::Consumed | Column::Chargeable | Column::Charge => Sharing::None,
        }
    }

    /// The cell's sort key (machine-readable: ids, RFC 3339 instants, plain decimals); the page
    /// words the text and title in the operator's language (`portal::analytics::cells`).
    pub fn sort_key(self, l: &Line) -> String {
        match self {
            Column::Customer => l.customer_id.clone(),
            Column::Email => l.customer_email.clone(),
            Column::Subscription => l.subscription_id.clone(),
            Column::Product => l.product_name.clone(),
            Column::Period => rfc3339(l.period_start),
            Column::Meter => l.meter_name.clone(),
            Column::FreeThreshold => l.free_threshold.to_string(),
            Column::Price => match l.price.unit_price() {
                Some(p) => p.to_string(),
                None => price_words(&l.price, l.currency, &l.unit).0,
            },
            Column::LastEvent => l.last_event_at.map(rfc3339).unwrap_or_default(),
            Column::Consumed => l.consumed.to_string(),
            Column::Chargeable => l.chargeable.to_string(),
            Column::Charge => l.charge.to_string(),
            Column::Total => l.total.to_string(),
        }
    }
}

/// A price in a few words for a table cell, and every tier for its hover title:
/// (`$0.50 per unit (calls)`, ``) · (`$5.00 per 1,000 calls`, ``) ·
/// (`graduated, 2 tiers`, `up to 1,000 calls: $0.01 per unit; above 1,000 calls: $0.008 per
/// unit + $2.00`). The meter's unit is shown as the operator wrote it: a guessed singular
/// ("querie" from "queries") reads worse than none.
fn price_words(price: &Price, currency: Currency, unit: &str) -> (String, String) {
    if let Some(p) = price.unit_price() {
        return (
            format!("{} per unit ({unit})", format_price(p, currency)),
            String::new(),
        );
    }
    if let Some(p) = price.as_package() {
        let started = match p.round {
            Rounding::Up => "every started package",
            Rounding::Down => "complete packages only",
        };
        return (
            format!(
                "{} per {} {unit}",
                format_price(p.package_price, currency),
                format_quantity(p.package_size)
            ),
            started.to_owned(),
        );
    }
    let mut from = Decimal::ZERO;
    let tiers: Vec<String> = price
        .tiers()
        .iter()
        .map(|t| {
            let range = match t.up_to {
                Some(u) => format!("up to {} {unit}", format_quantity(u)),
                None => format!("above {} {unit}", format_quantity(from)),
            };
            from = t.up_to.unwrap_or(from);
            let fee = if t.flat_fee.is_zero() {
                String::new()
            } else {
                format!(" + {}", format_price(t.flat_fee, currency))
            };
            format!("{range}: {} per unit{fee}", format_price(t.unit_price, currency))
        })
        .collect();
    let count = price.tiers().len();
    let plural = if count == 1 { "tier" } else { "tiers" };
    (format!("{}, {count} {plural}", price.model()), tiers.join("; "))
}

/// The columns an operator sees, in the page's order: the saved choice (a list of keys), else
/// all.
pub fn chosen(saved: Option<&serde_json::Value>) -> Vec<Column> {
    let keys: Vec<String> = saved
        .and_then(|v| serde_json::from_value(v.clone()).ok())
        .unwrap_or_default();
    Column::SHOWN_ORDER
        .into_iter()
        .filter(|c| keys.is_empty() || c.required() || keys.iter().any(|k| k == c.key()))
        .collect()
}

/// The export's columns, in the CSV's own (stable) order: what the operator shows, and always
/// the customer's email, the subscription and the billing period.
pub fn exported(shown: &[Column]) -> Vec<Column> {
    Column::ALL
        .into_iter()
        .filter(|c| c.always_exported() || shown.contains(c))
        .collect()
}

pub const PREF_KEY: &str = "customers_table.columns";
