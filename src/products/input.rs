//! What an operator or the API sends for a product — raw text and JSON, kept as sent for
//! re-rendering a form — and its validation into a [`NewProduct`]. Prices are validated by
//! [`crate::billing`]: one set of rules for the form and the API.

use std::collections::HashMap;

use serde::Deserialize;
use serde_json::Value;

use super::form_fields::{blank_tier, form_message};
use super::model::{MAX_METERS, NewProduct, PricedMeter};
use crate::billing::{Price, PriceErrors, PriceInput};
use crate::metering::numeric::number_text;
use crate::metering::{Currency, Interval, parse_currency, parse_price, parse_threshold};
use crate::meters::model::MeterStatus;
use crate::validation::{FieldErrors, Rule, optional_text, required_text};

/// A line's price as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LinePrice {
    /// The form: every model's fields as text (only the chosen model's are read; blank tier
    /// rows are spare ones). Refusals are worded for the form: `Tier 2 up to: …`.
    Form(PriceInput),
    /// The API: `price` (the price JSON) or the first phase's `price_per_unit`, as sent.
    /// Refusals name the JSON path: `meters[1].price.tiers[0].up_to: …`.
    Api {
        price: Option<Value>,
        price_per_unit: Option<Value>,
    },
}

impl Default for LinePrice {
    /// A blank form line: per unit.
    fn default() -> Self {
        LinePrice::Form(PriceInput {
            model: crate::billing::Model::PerUnit.as_str().to_owned(),
            ..PriceInput::default()
        })
    }
}

impl LinePrice {
    /// The form's price fields (a blank per-unit price for an API line, never shown).
    pub fn form(&self) -> PriceInput {
        match self {
            LinePrice::Form(p) => p.clone(),
            LinePrice::Api { .. } => match LinePrice::default() {
                LinePrice::Form(p) => p,
                LinePrice::Api { .. } => PriceInput::default(),
            },
        }
    }

    /// Nothing typed in any price field (the model and rounding choices always have a value).
    fn is_blank(&self) -> bool {
        match self {
            LinePrice::Form(p) => {
                [&p.unit_price, &p.package_size, &p.package_price]
                    .iter()
                    .all(|s| s.trim().is_empty())
                    && p.tiers.iter().all(blank_tier)
            }
            LinePrice::Api {
                price,
                price_per_unit,
            } => price.is_none() && price_per_unit.is_none(),
        }
    }
}

/// One meter line as typed: all text, kept as is for re-rendering a form.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct MeterLineInput {
    pub meter_id: String,
    pub free_threshold: String,
    pub price: LinePrice,
}

impl MeterLineInput {
    pub fn is_blank(&self) -> bool {
        self.meter_id.trim().is_empty() && self.free_threshold.trim().is_empty() && self.price.is_blank()
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

/// The form key of a meter row's field: `meters[2].free_threshold`,
/// `meters[2].price.tiers[0].up_to`. Errors use the same keys, on the form and in the API's
/// `field`.
pub fn row_key(index: usize, field: &str) -> String {
    format!("meters[{index}].{field}")
}

impl ProductInput {
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
                errors.add_rule("currency", format!("Currency: {e}."), currency_rule(code));
                Currency::USD
            }),
        };
        let interval = match self.billing_interval.trim() {
            "" => Interval::Monthly,
            raw => Interval::parse(raw).unwrap_or_else(|| {
                errors.add_rule(
                    "billing_interval",
                    format!("Billing interval must be monthly or yearly, not {raw:?}."),
                    Rule::new("interval").text("value", raw),
                );
                Interval::Monthly
            }),
        };
        if self.meters.is_empty() {
            errors.add_rule("meters", "Link at least one meter.", Rule::new("meters-none"));
        } else if self.meters.len() > MAX_METERS {
            errors.add_rule(
                "meters",
                format!("A product takes at most {MAX_METERS} meters."),
                Rule::new("meters-too-many").count("max", MAX_METERS),
            );
        }
        let mut meters = Vec::with_capacity(self.meters.len());
        let mut seen: HashMap<&str, usize> = HashMap::new();
        for (i, row) in self.meters.iter().enumerate() {
            let id = row.meter_id.trim();
            let id_key = row_key(i, "meter_id");
            if id.is_empty() {
                errors.add_rule(id_key, "Choose a meter.", Rule::new("meter-choose"));
            } else if let Some(first) = seen.get(id) {
                errors.add_rule(
                    id_key,
                    format!(
                        "Meter {id} is already in row {}; link each meter once.",
                        first + 1
                    ),
                    Rule::new("meter-duplicate")
                        .text("id", id)
                        .count("row", first + 1),
                );
            } else {
                seen.insert(id, i);
                match meter_status.get(id).map(String::as_str) {
                    None => errors.add_rule(
                        id_key,
                        format!("There is no meter {id}; choose one of the active meters."),
                        Rule::new("meter-unknown").text("id", id),
                    ),
                    Some(s) if s == MeterStatus::Active.as_str() => {}
                    Some(_) => errors.add_rule(
                        id_key,
                        format!("Meter {id} is archived; unarchive it or choose another."),
                        Rule::new("meter-archived").text("id", id),
                    ),
                }
            }
            let price = line_price(&mut errors, i, &row.price);
            let threshold = match row.free_threshold.trim() {
                "" => Some(rust_decimal::Decimal::ZERO),
                raw => parse_threshold(raw)
                    .map_err(|m| errors.add_rule(row_key(i, "free_threshold"), m, threshold_rule(raw)))
                    .ok(),
            };
            if let (Some(price), Some(threshold)) = (price, threshold) {
                meters.push(PricedMeter::new(id.to_string(), price, threshold));
            }
        }
        errors.into_result(NewProduct::new(name, description, currency, interval, meters))
    }
}

/// Why a currency code was refused: written in lower case, or not a currency at all.
fn currency_rule(code: &str) -> Rule {
    if parse_currency(&code.to_ascii_uppercase()).is_ok() {
        Rule::new("currency-case")
    } else {
        Rule::new("currency-unknown").text("value", code)
    }
}

/// Why a free threshold was refused (the rules of [`parse_threshold`]).
fn threshold_rule(raw: &str) -> Rule {
    use crate::metering::numeric::{MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, Shape};
    match Shape::of(raw) {
        Shape::Plain { fraction_digits, .. } if fraction_digits > MAX_FRACTION_DIGITS => {
            Rule::new("decimals").count("max", MAX_FRACTION_DIGITS)
        }
        Shape::Plain { integer_digits, .. } if integer_digits > MAX_INTEGER_DIGITS => {
            Rule::new("digits").count("max", MAX_INTEGER_DIGITS)
        }
        Shape::Plain { negative: true, .. } => Rule::new("negative"),
        _ => Rule::new("not-decimal")
            .text("value", raw)
            .text("example", "1000"),
    }
}

/// The price of meter row `i`, or its refusals recorded under `meters[i].…`.
fn line_price(errors: &mut FieldErrors, i: usize, price: &LinePrice) -> Option<Price> {
    let refused = |errors: &mut FieldErrors, e: PriceErrors, form: bool| {
        for e in e.0 {
            let message = if form {
                form_message(&e.field, &e.message)
            } else {
                e.message.clone()
            };
            match e.rule {
                Some(rule) => errors.add_rule(row_key(i, &e.field), message, rule),
                None => errors.add(row_key(i, &e.field), message),
            }
        }
        None
    };
    match price {
        LinePrice::Form(input) => {
            // Blank tier rows are spares: drop them, and map refusals back to the rows typed.
            let typed: Vec<usize> = (0..input.tiers.len())
                .filter(|&t| !blank_tier(&input.tiers[t]))
                .collect();
            let mut compact = input.clone();
            compact.tiers = typed.iter().map(|&t| input.tiers[t].clone()).collect();
            match compact.validate() {
                Ok(p) => Some(p),
                Err(mut e) => {
                    for err in &mut e.0 {
                        err.field = renumber_tier(&err.field, &typed);
                    }
                    refused(errors, e, true)
                }
            }
        }
        LinePrice::Api {
            price: Some(p),
            price_per_unit: None,
        } => Price::from_json(p).map_err(|e| refused(errors, e, false)).ok(),
        // The first phase's field keeps its own words ("Price per unit cannot be negative.").
        LinePrice::Api {
            price: None,
            price_per_unit: Some(v),
        } => match parse_price(&decimal_text(Some(v.clone()))) {
            Ok(d) => Price::per_unit(d).map_err(|e| refused(errors, e, false)).ok(),
            Err(m) => {
                errors.add(row_key(i, "price_per_unit"), m);
                None
            }
        },
        LinePrice::Api {
            price,
            price_per_unit,
        } => Price::from_line(price.as_ref(), price_per_unit.as_ref())
            .map_err(|e| refused(errors, e, false))
            .ok(),
    }
}

/// `price.tiers[1].up_to` → `price.tiers[3].up_to` when the second typed tier is form row 3.
fn renumber_tier(field: &str, typed: &[usize]) -> String {
    let Some(rest) = field.strip_prefix("price.tiers[") else {
        return field.to_owned();
    };
    let Some((index, tail)) = rest.split_once(']') else {
        return field.to_owned();
    };
    match index.parse::<usize>().ok().and_then(|k| typed.get(k)) {
        Some(row) => format!("price.tiers[{row}]{tail}"),
        None => field.to_owned(),
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

/// One line: `price` (SPEC "Pricing models") or `price_per_unit` alone (= `per_unit`).
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ApiMeterInput {
    pub meter_id: Option<String>,
    pub price: Option<Value>,
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
        let given = |v: Option<Value>| v.filter(|v| !v.is_null());
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
                    free_threshold: decimal_text(m.free_threshold),
                    price: LinePrice::Api {
                        price: given(m.price),
                        price_per_unit: given(m.price_per_unit),
                    },
                })
                .collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::billing::TierInput;
    use serde_json::json;

    fn statuses(pairs: &[(&str, &str)]) -> HashMap<String, String> {
        pairs
            .iter()
            .map(|(a, b)| (a.to_string(), b.to_string()))
            .collect()
    }

    fn row(id: &str, price: &str, free: &str) -> MeterLineInput {
        MeterLineInput {
            meter_id: id.into(),
            free_threshold: free.into(),
            price: LinePrice::Form(PriceInput {
                model: "per_unit".into(),
                unit_price: price.into(),
                ..PriceInput::default()
            }),
        }
    }

    fn api_row(id: &str, price: Value) -> MeterLineInput {
        MeterLineInput {
            meter_id: id.into(),
            free_threshold: String::new(),
            price: LinePrice::Api {
                price: Some(price),
                price_per_unit: None,
            },
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
        assert_eq!(p.meters()[0].price().unit_price().unwrap().to_string(), "0.50");
        assert_eq!(p.meters()[0].free_threshold(), rust_decimal::Decimal::ZERO);
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
            e.get("meters[1].price.unit_price"),
            Some("Unit price: cannot be negative.")
        );
        assert!(e.has("meters[1].free_threshold"));
        assert!(e.get("meters[2].meter_id").unwrap().contains("already in row 2"));
        assert_eq!(
            e.get("meters[2].price.unit_price"),
            Some("Unit price: takes at most 12 decimal places.")
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
    fn form_tiers_skip_blank_rows_and_errors_name_the_row_typed() {
        let tier = |u: &str, p: &str| TierInput::from_form(u, p, "");
        let mut line = row("mtr_a", "", "");
        line.price = LinePrice::Form(PriceInput {
            model: "graduated".into(),
            tiers: vec![tier("100", "1"), tier("", ""), tier("50", "0.5"), tier("", "0.1")],
            ..PriceInput::default()
        });
        let e = input(vec![line.clone()])
            .validate(&statuses(&[("mtr_a", "active")]))
            .unwrap_err();
        assert_eq!(
            e.get("meters[0].price.tiers[2].up_to"),
            Some("Tier 3 up to: must be greater than the tier before (100).")
        );
        line.price = LinePrice::Form(PriceInput {
            model: "volume".into(),
            tiers: vec![tier("100", "1"), tier("", ""), tier("500", "0.5"), tier("", "")],
            ..PriceInput::default()
        });
        let e = input(vec![line.clone()])
            .validate(&statuses(&[("mtr_a", "active")]))
            .unwrap_err();
        assert_eq!(
            e.get("meters[0].price.tiers[2].up_to"),
            Some("Tier 3 up to: leave it empty: the last tier you use has no upper bound.")
        );
        line.price = LinePrice::Form(PriceInput {
            model: "volume".into(),
            tiers: vec![tier("100", "1"), tier("", ""), tier("", "0.5"), tier("", "")],
            ..PriceInput::default()
        });
        let p = input(vec![line])
            .validate(&statuses(&[("mtr_a", "active")]))
            .unwrap();
        assert_eq!(p.meters()[0].price().tiers().len(), 2);
    }

    #[test]
    fn api_prices_name_the_json_path() {
        let both = statuses(&[("mtr_a", "active"), ("mtr_b", "active")]);
        let body = json!({"model": "graduated", "tiers": [{"up_to": "0", "unit_price": "1"}, {"up_to": null, "unit_price": "1"}]});
        let e = input(vec![row("mtr_a", "1", ""), api_row("mtr_b", body)])
            .validate(&both)
            .unwrap_err();
        assert_eq!(
            e.get("meters[1].price.tiers[0].up_to"),
            Some("must be greater than 0")
        );
        let body = json!({"model": "volume", "tiers": [{"up_to": null, "unit_price": "-1"}]});
        let e = input(vec![row("mtr_a", "1", ""), api_row("mtr_b", body)])
            .validate(&both)
            .unwrap_err();
        assert_eq!(
            e.get("meters[1].price.tiers[0].unit_price"),
            Some("cannot be negative")
        );
        let both = MeterLineInput {
            meter_id: "mtr_a".into(),
            free_threshold: String::new(),
            price: LinePrice::Api {
                price: Some(json!({"model": "per_unit", "unit_price": "1"})),
                price_per_unit: Some(json!("1")),
            },
        };
        let e = input(vec![both])
            .validate(&statuses(&[("mtr_a", "active")]))
            .unwrap_err();
        assert_eq!(
            e.get("meters[0].price_per_unit"),
            Some("give either price or price_per_unit, not both")
        );
        let neither = MeterLineInput {
            meter_id: "mtr_a".into(),
            ..MeterLineInput::default()
        };
        let mut neither = neither;
        neither.price = LinePrice::Api {
            price: None,
            price_per_unit: None,
        };
        let e = input(vec![neither])
            .validate(&statuses(&[("mtr_a", "active")]))
            .unwrap_err();
        assert!(e.get("meters[0].price").unwrap().starts_with("required"));
    }

    #[test]
    fn api_numbers_keep_their_text() {
        let body = r#"{"name":"A","meters":[{"meter_id":"m","price_per_unit":0.000001,"free_threshold":1e2},
            {"meter_id":"n","price_per_unit":true}]}"#;
        let api: ApiProductInput = serde_json::from_str(body).unwrap();
        let i = ProductInput::from(api);
        assert_eq!(i.meters[0].free_threshold, "100");
        let e = i
            .validate(&statuses(&[("m", "active"), ("n", "active")]))
            .unwrap_err();
        assert!(!e.has("meters[0].price_per_unit"));
        assert!(
            e.get("meters[1].price_per_unit")
                .unwrap()
                .starts_with("Price per unit must be a number")
        );
    }
}
