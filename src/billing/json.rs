//! The price JSON of the API and of storage (JSONB):
//!
//! ```json
//! {"model": "per_unit",  "unit_price": "0.50"}
//! {"model": "package",   "package_size": "1000", "package_price": "5.00", "round": "up"}
//! {"model": "graduated", "tiers": [{"up_to": "1000", "unit_price": "0.01", "flat_fee": "0"},
//!                                  {"up_to": null,   "unit_price": "0.008", "flat_fee": "2.00"}]}
//! {"model": "volume",    "tiers": [ ...same shape... ]}
//! ```
//!
//! Decimals are read from strings or from JSON numbers by their exact text (serde_json's
//! `arbitrary_precision`; exponent forms expanded, `1e3` → `1000`, as the product API already
//! does for `price_per_unit`), never through a float. `round` defaults to `up` and `flat_fee`
//! to `0`; `up_to` may be left out or `null` for the last tier. Fields another model uses, and
//! unknown fields, are refused. Written back with every field and every decimal as a string
//! with the scale it was given (`"0.50"`), so a price reads back equal to itself.

use rust_decimal::Decimal;
use serde::{Deserialize, Deserializer, Serialize, Serializer};
use serde_json::{Map, Value, json};

use super::input::{PriceInput, TierInput, decimal};
use super::price::{Model, Price, PriceErrors, text};
use crate::metering::Currency;
use crate::metering::money::{price_text, quantity_text};
use crate::metering::numeric::number_text;

const EXAMPLE: &str = r#"{"model": "per_unit", "unit_price": "0.50"}"#;
const TIER_FIELDS: &[&str] = &["up_to", "unit_price", "flat_fee"];

/// The fields a model takes besides `model`.
fn fields_of(model: Option<Model>) -> &'static [&'static str] {
    match model {
        Some(Model::PerUnit) => &["unit_price"],
        Some(Model::Package) => &["package_size", "package_price", "round"],
        Some(Model::Graduated | Model::Volume) => &["tiers"],
        None => &["unit_price", "package_size", "package_price", "round", "tiers"],
    }
}

/// A JSON decimal as text: a string as is, a number as written (exponents expanded), absent
/// or `null` as blank, anything else as its JSON text (which the decimal rule then refuses
/// with the field's message).
fn decimal_text(v: Option<&Value>) -> String {
    match v {
        None | Some(Value::Null) => String::new(),
        Some(Value::String(s)) => s.clone(),
        Some(Value::Number(n)) => number_text(n).into_owned(),
        Some(other) => other.to_string(),
    }
}

/// A field that is present and not `null`.
fn given(v: Option<&Value>) -> Option<&Value> {
    v.filter(|v| !v.is_null())
}

/// Refuses the keys of `object` that are not `model` or in `allowed`.
fn unknown_keys(
    errors: &mut PriceErrors,
    path: &str,
    object: &Map<String, Value>,
    allowed: &[&str],
    owner: &str,
) {
    for key in object.keys() {
        if key != "model" && !allowed.contains(&key.as_str()) {
            errors.add(
                format!("{path}.{key}"),
                format!(
                    "not a field of {owner}, which takes {}; remove it",
                    allowed.join(", ")
                ),
            );
        }
    }
}

impl PriceInput {
    /// The text of a price JSON, once its structure is right (an object, `tiers` a list of
    /// objects, no unknown or foreign fields). [`PriceInput::validate`] then checks the values.
    pub fn from_json(v: &Value) -> Result<PriceInput, PriceErrors> {
        let mut errors = PriceErrors::default();
        let Value::Object(object) = v else {
            errors.add("price", format!("must be an object such as {EXAMPLE}"));
            return Err(errors);
        };
        let model = match object.get("model") {
            None | Some(Value::Null) => String::new(),
            Some(Value::String(s)) => s.clone(),
            Some(other) => other.to_string(),
        };
        let parsed = Model::parse(model.trim());
        let owner = match parsed {
            Some(m) => format!("a {m} price"),
            None => "a price".to_owned(),
        };
        unknown_keys(&mut errors, "price", object, fields_of(parsed), &owner);
        let mut tiers = Vec::new();
        match object.get("tiers") {
            None | Some(Value::Null) => {}
            Some(Value::Array(items)) => {
                for (i, item) in items.iter().enumerate() {
                    let Value::Object(tier) = item else {
                        errors.add(
                            format!("price.tiers[{i}]"),
                            r#"must be an object such as {"up_to": "1000", "unit_price": "0.01", "flat_fee": "0"}"#,
                        );
                        continue;
                    };
                    unknown_keys(&mut errors, &format!("price.tiers[{i}]"), tier, TIER_FIELDS, "a tier");
                    tiers.push(TierInput {
                        up_to: match tier.get("up_to") {
                            None | Some(Value::Null) => None,
                            v => Some(decimal_text(v)),
                        },
                        unit_price: decimal_text(tier.get("unit_price")),
                        flat_fee: decimal_text(tier.get("flat_fee")),
                    });
                }
            }
            Some(_) => errors.add(
                "price.tiers",
                r#"must be a list of tiers such as [{"up_to": "1000", "unit_price": "0.01"}, {"up_to": null, "unit_price": "0.008"}]"#,
            ),
        }
        let input = PriceInput {
            model,
            unit_price: decimal_text(object.get("unit_price")),
            package_size: decimal_text(object.get("package_size")),
            package_price: decimal_text(object.get("package_price")),
            round: decimal_text(object.get("round")),
            tiers,
        };
        errors.into_result(input)
    }
}

impl Price {
    /// Reads the API's or the database's price JSON; refusals have paths from `price`.
    pub fn from_json(v: &Value) -> Result<Price, PriceErrors> {
        PriceInput::from_json(v)?.validate()
    }

    /// The price of a product line given either `price` (the JSON above) or the first
    /// phase's `price_per_unit` (a decimal, meaning `per_unit`); absent and `null` are alike.
    pub fn from_line(price: Option<&Value>, price_per_unit: Option<&Value>) -> Result<Price, PriceErrors> {
        let mut errors = PriceErrors::default();
        match (given(price), given(price_per_unit)) {
            (Some(_), Some(_)) => {
                errors.add("price_per_unit", "give either price or price_per_unit, not both");
                Err(errors)
            }
            (Some(p), None) => Price::from_json(p),
            (None, Some(p)) => match decimal(&mut errors, "price_per_unit", &decimal_text(Some(p)), None) {
                Some(d) => Price::per_unit(d),
                None => Err(errors),
            },
            (None, None) => {
                errors.add("price", format!("required; give one such as {EXAMPLE}"));
                Err(errors)
            }
        }
    }

    /// The price JSON, every field written, decimals as strings with the scale they were
    /// given (what storage keeps).
    pub fn to_json(&self) -> Value {
        self.write(text, text)
    }

    /// The price JSON as the API answers it in `currency`: amounts exact with trailing zeros
    /// trimmed but never below the currency's minor units (`"0.50"`, `"0.000001"`, `"2.00"`),
    /// quantities exact without trailing zeros (`"1000"`) — the rule the API already follows
    /// for `price_per_unit` and free thresholds, so a price reads the same whatever scale was
    /// sent or stored.
    pub fn to_json_in(&self, currency: Currency) -> Value {
        self.write(|d| price_text(d, currency), quantity_text)
    }

    /// The JSON with `amount` writing prices and fees, `quantity` package sizes and bounds.
    fn write(&self, amount: impl Fn(Decimal) -> String, quantity: impl Fn(Decimal) -> String) -> Value {
        let model = self.model().as_str();
        if let Some(p) = self.unit_price() {
            return json!({"model": model, "unit_price": amount(p)});
        }
        if let Some(p) = self.as_package() {
            return json!({
                "model": model,
                "package_size": quantity(p.package_size),
                "package_price": amount(p.package_price),
                "round": p.round.as_str(),
            });
        }
        let tiers: Vec<Value> = self
            .tiers()
            .iter()
            .map(|t| {
                json!({
                    "up_to": t.up_to.map(&quantity),
                    "unit_price": amount(t.unit_price),
                    "flat_fee": amount(t.flat_fee),
                })
            })
            .collect();
        json!({"model": model, "tiers": tiers})
    }
}

/// A stored price (the database's JSONB), refused with every rule it breaks.
impl TryFrom<Value> for Price {
    type Error = PriceErrors;

    fn try_from(v: Value) -> Result<Price, PriceErrors> {
        Price::from_json(&v)
    }
}

impl Serialize for Price {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.to_json().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Price {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Price, D::Error> {
        let v = Value::deserialize(deserializer)?;
        Price::from_json(&v).map_err(serde::de::Error::custom)
    }
}
