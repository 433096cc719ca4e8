//! Usage-based products: rows, the raw input a form or the API sends, and the validated
//! product that can only be built from input that passed every check.

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use rust_decimal::Decimal;
use serde::Deserialize;
use serde_json::{Value, json};

use crate::db::schema::{meters, product_meters, products};
use crate::metering::money::{price_text, quantity_text};
use crate::metering::numeric::number_text;
use crate::metering::{Currency, Interval, currency, parse_currency, parse_price, parse_threshold};
use crate::meters::model::MeterStatus;
use crate::paging::Cursor;
use crate::validation::{FieldErrors, optional_text, required_text};

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
    /// [`parse_currency`]; an unknown one (from a hand-edited row) reads as USD.
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

/// One meter of a product, with the meter's name, unit, aggregation and status (selected from
/// `product_meters` joined with `meters`).
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
    pub price_per_unit: Decimal,
    pub free_threshold: Decimal,
}

/// A product and its meters as JSON: what the API returns and the audit log records.
pub fn snapshot(product: &Product, meters: &[ProductMeterView]) -> Value {
    let currency = product.currency();
    json!({
        "name": product.name,
        "description": product.description,
        "currency": product.currency,
        "billing_interval": product.billing_interval,
        "meters": meters
            .iter()
            .map(|m| json!({
                "meter_id": m.meter_id,
                "price_per_unit": price_text(m.price_per_unit, currency),
                "free_threshold": quantity_text(m.free_threshold),
            }))
            .collect::<Vec<_>>(),
    })
}

/// One meter row as typed: all text, kept as is for re-rendering a form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MeterLineInput {
    pub meter_id: String,
    pub price_per_unit: String,
    pub free_threshold: String,
}

impl MeterLineInput {
    pub fn is_blank(&self) -> bool {
        self.meter_id.trim().is_empty()
            && self.price_per_unit.trim().is_empty()
            && self.free_threshold.trim().is_empty()
    }
}

/// What an operator or the API sends: raw text. Empty currency means USD, empty interval
/// means monthly, empty free threshold means 0.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ProductInput {
    pub name: String,
    pub description: String,
    pub currency: String,
    pub billing_interval: String,
    pub meters: Vec<MeterLineInput>,
}

/// What a product form's submit button asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FormAction {
    Save,
    /// Re-render with one more empty meter row; nothing is saved.
    AddMeter,
    /// Re-render without the row at this index; nothing is saved.
    RemoveMeter(usize),
}

/// The form key of a meter row's field: `meters[2].price_per_unit`. Errors use the same keys,
/// on the form and in the API's `field`.
pub fn row_key(index: usize, field: &str) -> String {
    format!("meters[{index}].{field}")
}

/// `meters[12].meter_id` → (12, "meter_id").
fn parse_row_key(key: &str) -> Option<(usize, &str)> {
    let rest = key.strip_prefix("meters[")?;
    let (index, field) = rest.split_once("].")?;
    if index.is_empty() || index.len() > 3 || !index.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some((index.parse().ok()?, field))
}

impl ProductInput {
    /// A new product's form: USD, monthly, one empty meter row.
    pub fn blank() -> Self {
        ProductInput {
            currency: Currency::USD.code.to_string(),
            billing_interval: Interval::Monthly.as_str().to_string(),
            meters: vec![MeterLineInput::default()],
            ..Default::default()
        }
    }

    /// Reads a urlencoded product form. Meter rows are `meters[N].meter_id`,
    /// `meters[N].price_per_unit`, `meters[N].free_threshold`, taken in index order (gaps
    /// closed); the button pressed is `action` = `save` | `add_meter` | `remove:N`.
    pub fn from_form(pairs: Vec<(String, String)>) -> (ProductInput, FormAction) {
        let mut input = ProductInput::default();
        let mut action = FormAction::Save;
        let mut rows: BTreeMap<usize, MeterLineInput> = BTreeMap::new();
        for (key, value) in pairs {
            match key.as_str() {
                "name" => input.name = value,
                "description" => input.description = value,
                "currency" => input.currency = value,
                "billing_interval" => input.billing_interval = value,
                "action" => {
                    action = match value.as_str() {
                        "add_meter" => FormAction::AddMeter,
                        other => match other.strip_prefix("remove:").and_then(|i| i.parse().ok()) {
                            Some(i) => FormAction::RemoveMeter(i),
                            None => FormAction::Save,
                        },
                    }
                }
                _ => {
                    if let Some((index, field)) = parse_row_key(&key) {
                        let row = rows.entry(index).or_default();
                        match field {
                            "meter_id" => row.meter_id = value,
                            "price_per_unit" => row.price_per_unit = value,
                            "free_threshold" => row.free_threshold = value,
                            _ => {}
                        }
                    }
                }
            }
        }
        input.meters = rows.into_values().collect();
        (input, action)
    }

    /// Drops meter rows the operator left entirely empty (a form's spare rows).
    pub fn without_blank_rows(mut self) -> Self {
        self.meters.retain(|m| !m.is_blank());
        self
    }

    /// The trimmed, non-empty meter ids, to look their status up before validating.
    pub fn meter_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .meters
            .iter()
            .map(|m| m.meter_id.trim().to_string())
            .filter(|id| !id.is_empty())
            .collect();
        ids.sort();
        ids.dedup();
        ids
    }

    /// Checks every field. `meter_status` maps each existing meter id among
    /// [`Self::meter_ids`] to its status (`active` / `archived`); an id missing from it does
    /// not exist.
    pub fn validate(&self, meter_status: &HashMap<String, String>) -> Result<NewProduct, FieldErrors> {
        let mut errors = FieldErrors::new();
        let name = required_text(&mut errors, "name", &self.name, "the product's name", 200);
        let description = optional_text(&mut errors, "description", &self.description, 2000);
        let currency = match self.currency.trim() {
            "" => Currency::USD,
            code => parse_currency(code).unwrap_or_else(|e| {
                errors.add("currency", format!("Currency: {e}."));
                Currency::USD
            }),
        };
        let interval = match self.billing_interval.trim() {
            "" => Interval::Monthly,
            raw => Interval::parse(raw).unwrap_or_else(|| {
                errors.add(
                    "billing_interval",
                    format!("Billing interval must be monthly or yearly, not {raw:?}."),
                );
                Interval::Monthly
            }),
        };
        if self.meters.is_empty() {
            errors.add("meters", "Link at least one meter.");
        } else if self.meters.len() > MAX_METERS {
            errors.add("meters", format!("A product takes at most {MAX_METERS} meters."));
        }
        let mut meters = Vec::with_capacity(self.meters.len());
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, row) in self.meters.iter().enumerate() {
            let id = row.meter_id.trim();
            let id_key = row_key(i, "meter_id");
            if id.is_empty() {
                errors.add(id_key, "Choose a meter.");
            } else if let Some(first) = seen.get(id) {
                errors.add(
                    id_key,
                    format!(
                        "Meter {id} is already in row {}; link each meter once.",
                        first + 1
                    ),
                );
            } else {
                seen.insert(id, i);
                match meter_status.get(id).map(String::as_str) {
                    None => errors.add(
                        id_key,
                        format!("There is no meter {id}; choose one of the active meters."),
                    ),
                    Some(s) if s == MeterStatus::Active.as_str() => {}
                    Some(_) => errors.add(
                        id_key,
                        format!("Meter {id} is archived; unarchive it or choose another."),
                    ),
                }
            }
            let price = parse_price(&row.price_per_unit).unwrap_or_else(|m| {
                errors.add(row_key(i, "price_per_unit"), m);
                Decimal::ZERO
            });
            let threshold = match row.free_threshold.trim() {
                "" => Decimal::ZERO,
                raw => parse_threshold(raw).unwrap_or_else(|m| {
                    errors.add(row_key(i, "free_threshold"), m);
                    Decimal::ZERO
                }),
            };
            meters.push(PricedMeter {
                meter_id: id.to_string(),
                price_per_unit: price,
                free_threshold: threshold,
            });
        }
        errors.into_result(NewProduct {
            name,
            description,
            currency,
            interval,
            meters,
        })
    }
}

/// The API's request body. Decimals may be JSON strings or numbers; numbers are read from
/// their exact text (serde_json's `arbitrary_precision`), never through a float.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiProductInput {
    pub name: Option<String>,
    pub description: Option<String>,
    pub currency: Option<String>,
    pub billing_interval: Option<String>,
    pub meters: Option<Vec<ApiMeterInput>>,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiMeterInput {
    pub meter_id: Option<String>,
    pub price_per_unit: Option<Value>,
    pub free_threshold: Option<Value>,
}

/// A JSON decimal as text: a string as is, a number as written (exponents expanded), and
/// anything else as its JSON text, which then fails the number check with the field's message.
fn decimal_text(v: Option<Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s,
        Some(Value::Number(n)) => number_text(&n).into_owned(),
        Some(other) => other.to_string(),
    }
}

impl From<ApiProductInput> for ProductInput {
    fn from(a: ApiProductInput) -> Self {
        ProductInput {
            name: a.name.unwrap_or_default(),
            description: a.description.unwrap_or_default(),
            currency: a.currency.unwrap_or_default(),
            billing_interval: a.billing_interval.unwrap_or_default(),
            meters: a
                .meters
                .unwrap_or_default()
                .into_iter()
                .map(|m| MeterLineInput {
                    meter_id: m.meter_id.unwrap_or_default(),
                    price_per_unit: decimal_text(m.price_per_unit),
                    free_threshold: decimal_text(m.free_threshold),
                })
                .collect(),
        }
    }
}

/// A meter with its price, validated: the price and threshold are ≥ 0 with at most 12
/// decimal places.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricedMeter {
    meter_id: String,
    price_per_unit: Decimal,
    free_threshold: Decimal,
}

impl PricedMeter {
    pub fn meter_id(&self) -> &str {
        &self.meter_id
    }
    pub fn price_per_unit(&self) -> Decimal {
        self.price_per_unit
    }
    pub fn free_threshold(&self) -> Decimal {
        self.free_threshold
    }
}

/// A product that passed validation: only [`ProductInput::validate`] builds one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewProduct {
    name: String,
    description: String,
    currency: Currency,
    interval: Interval,
    meters: Vec<PricedMeter>,
}

impl NewProduct {
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

/// The form's values for an existing product.
pub fn input_of(product: &Product, meters: &[ProductMeterView]) -> ProductInput {
    let currency = product.currency();
    ProductInput {
        name: product.name.clone(),
        description: product.description.clone(),
        currency: product.currency.clone(),
        billing_interval: product.billing_interval.clone(),
        meters: meters
            .iter()
            .map(|m| MeterLineInput {
                meter_id: m.meter_id.clone(),
                price_per_unit: price_text(m.price_per_unit, currency),
                free_threshold: quantity_text(m.free_threshold),
            })
            .collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn statuses(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    fn row(id: &str, price: &str, free: &str) -> MeterLineInput {
        MeterLineInput {
            meter_id: id.into(),
            price_per_unit: price.into(),
            free_threshold: free.into(),
        }
    }

    fn input(meters: Vec<MeterLineInput>) -> ProductInput {
        ProductInput {
            name: "API".into(),
            meters,
            ..Default::default()
        }
    }

    #[test]
    fn defaults_and_exact_prices() {
        let p = input(vec![row("mtr_a", "0.50", "")])
            .validate(&statuses(&[("mtr_a", "active")]))
            .unwrap();
        assert_eq!(p.currency(), Currency::USD);
        assert_eq!(p.interval(), Interval::Monthly);
        assert_eq!(p.meters()[0].price_per_unit().to_string(), "0.50");
        assert_eq!(p.meters()[0].free_threshold(), Decimal::ZERO);
    }

    #[test]
    fn each_bad_field_is_named() {
        let mut bad = input(vec![
            row("", "1", ""),
            row("mtr_a", "-1", "1.0000000000001"),
            row("mtr_a", "0.0000000000001", ""),
            row("mtr_x", "1", ""),
            row("mtr_old", "1", ""),
        ]);
        bad.name = " ".into();
        bad.currency = "usd".into();
        bad.billing_interval = "weekly".into();
        let e = bad
            .validate(&statuses(&[("mtr_a", "active"), ("mtr_old", "archived")]))
            .unwrap_err();
        assert_eq!(e.get("name"), Some("Enter the product's name."));
        assert_eq!(
            e.get("currency"),
            Some("Currency: use the ISO 4217 code in capitals, e.g. USD.")
        );
        assert!(e.has("billing_interval"));
        assert_eq!(e.get("meters[0].meter_id"), Some("Choose a meter."));
        assert_eq!(
            e.get("meters[1].price_per_unit"),
            Some("Price per unit cannot be negative.")
        );
        assert!(e.has("meters[1].free_threshold"));
        assert!(e.get("meters[2].meter_id").unwrap().contains("already in row 2"));
        assert_eq!(
            e.get("meters[2].price_per_unit"),
            Some("Price per unit takes at most 12 decimal places.")
        );
        assert!(e.get("meters[3].meter_id").unwrap().contains("no meter mtr_x"));
        assert_eq!(
            e.get("meters[4].meter_id"),
            Some("Meter mtr_old is archived; unarchive it or choose another.")
        );
    }

    #[test]
    fn one_to_ten_meters() {
        let none = input(vec![]).validate(&HashMap::new()).unwrap_err();
        assert_eq!(none.get("meters"), Some("Link at least one meter."));
        let ids: Vec<String> = (0..11).map(|i| format!("m{i}")).collect();
        let all = statuses(&ids.iter().map(|i| (i.as_str(), "active")).collect::<Vec<_>>());
        let eleven = input(ids.iter().map(|i| row(i, "1", "")).collect());
        assert_eq!(
            eleven.validate(&all).unwrap_err().get("meters"),
            Some("A product takes at most 10 meters.")
        );
        let ten = input(ids[..10].iter().map(|i| row(i, "1", "")).collect());
        assert_eq!(ten.validate(&all).unwrap().meters().len(), 10);
    }

    #[test]
    fn form_rows_and_actions() {
        let pairs = |v: &[(&str, &str)]| v.iter().map(|(a, b)| (a.to_string(), b.to_string())).collect();
        let (i, a) = ProductInput::from_form(pairs(&[
            ("name", "X"),
            ("meters[3].meter_id", "b"),
            ("meters[0].meter_id", "a"),
            ("meters[0].price_per_unit", "1"),
            ("meters[3].free_threshold", "5"),
            ("meters[x].meter_id", "ignored"),
            ("action", "remove:1"),
        ]));
        assert_eq!(a, FormAction::RemoveMeter(1));
        assert_eq!(i.meters, vec![row("a", "1", ""), row("b", "", "5")]);
        let (_, a) = ProductInput::from_form(pairs(&[("action", "add_meter")]));
        assert_eq!(a, FormAction::AddMeter);
        let (i, a) = ProductInput::from_form(pairs(&[("action", "save"), ("meters[0].meter_id", "")]));
        assert_eq!(a, FormAction::Save);
        assert!(i.without_blank_rows().meters.is_empty());
    }

    #[test]
    fn api_numbers_keep_their_text() {
        let body = r#"{"name":"A","meters":[{"meter_id":"m","price_per_unit":0.000001,"free_threshold":1e2},
            {"meter_id":"n","price_per_unit":true}]}"#;
        let api: ApiProductInput = serde_json::from_str(body).unwrap();
        let i = ProductInput::from(api);
        assert_eq!(i.meters[0].price_per_unit, "0.000001");
        assert_eq!(i.meters[0].free_threshold, "100");
        assert_eq!(i.meters[1].price_per_unit, "true");
    }

    #[test]
    fn price_and_quantity_text() {
        let d = |s: &str| s.parse::<Decimal>().unwrap();
        assert_eq!(price_text(d("0.500000000000"), Currency::USD), "0.50");
        assert_eq!(price_text(d("0.000001000000"), Currency::USD), "0.000001");
        assert_eq!(price_text(d("2"), Currency::USD), "2.00");
        assert_eq!(price_text(d("3.000"), currency("JPY").unwrap()), "3");
        assert_eq!(quantity_text(d("100.000000000000")), "100");
        assert_eq!(quantity_text(d("0")), "0");
    }
}
