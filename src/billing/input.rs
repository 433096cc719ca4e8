//! A price as text (what a form posts, and what the API JSON becomes once its structure is
//! checked), and its validation into a [`Price`]: one set of rules for both.

use rust_decimal::Decimal;

use super::price::{
    Model, Package, Price, PriceErrors, Rounding, Tier, check_amount, check_tier_count, text,
    too_many_decimals, too_many_digits,
};
use crate::metering::numeric::{MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, Shape};
use crate::validation::Rule;

/// A price as text. Fields the chosen model does not use are ignored (a form may keep the
/// values of every model's section).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct PriceInput {
    /// `per_unit`, `package`, `graduated` or `volume`.
    pub model: String,
    pub unit_price: String,
    pub package_size: String,
    pub package_price: String,
    /// `up`, `down`, or empty for `up`.
    pub round: String,
    pub tiers: Vec<TierInput>,
}

/// One tier as text.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TierInput {
    /// `None`: no upper bound (only the last tier).
    pub up_to: Option<String>,
    pub unit_price: String,
    /// Empty for 0.
    pub flat_fee: String,
}

impl TierInput {
    /// A tier from a form's three fields, where a blank `up_to` means no upper bound.
    pub fn from_form(up_to: &str, unit_price: &str, flat_fee: &str) -> TierInput {
        let up_to = up_to.trim();
        TierInput {
            up_to: (!up_to.is_empty()).then(|| up_to.to_owned()),
            unit_price: unit_price.to_owned(),
            flat_fee: flat_fee.to_owned(),
        }
    }
}

impl PriceInput {
    /// Checks every field the model uses and builds the price, or returns every refusal with
    /// its path (`price.tiers[1].up_to`).
    pub fn validate(&self) -> Result<Price, PriceErrors> {
        let mut errors = PriceErrors::default();
        let Some(model) = Model::parse(self.model.trim()) else {
            let (message, rule) = if self.model.trim().is_empty() {
                (
                    "required; use per_unit, package, graduated or volume".to_owned(),
                    Rule::new("model-required"),
                )
            } else {
                (
                    format!(
                        "{:?} is not a pricing model; use per_unit, package, graduated or volume",
                        self.model
                    ),
                    Rule::new("model-unknown").text("model", self.model.trim()),
                )
            };
            errors.add_rule("price.model", message, rule);
            return Err(errors);
        };
        match model {
            Model::PerUnit => {
                let unit_price = decimal(&mut errors, "price.unit_price", &self.unit_price, None);
                match unit_price {
                    Some(p) if errors.is_empty() => Price::per_unit(p),
                    _ => Err(errors),
                }
            }
            Model::Package => {
                let size = decimal(&mut errors, "price.package_size", &self.package_size, None);
                let price = decimal(&mut errors, "price.package_price", &self.package_price, None);
                let round = match self.round.trim() {
                    "" => Some(Rounding::Up),
                    r => Rounding::parse(r).or_else(|| {
                        errors.add_rule(
                            "price.round",
                            "must be up (every started package) or down (only full packages)",
                            Rule::new("round-unknown"),
                        );
                        None
                    }),
                };
                let (Some(package_size), Some(package_price)) = (size, price) else {
                    return Err(errors);
                };
                let built = Price::package(Package {
                    package_size,
                    package_price,
                    round: round.unwrap_or_default(),
                });
                match built {
                    Ok(p) if errors.is_empty() => Ok(p),
                    Ok(_) => Err(errors),
                    Err(mut e) => {
                        e.0.extend(errors.0);
                        Err(e)
                    }
                }
            }
            Model::Graduated | Model::Volume => {
                let tiers = self.tiers(&mut errors);
                if !errors.is_empty() {
                    return Err(errors);
                }
                if model == Model::Graduated {
                    Price::graduated(tiers)
                } else {
                    Price::volume(tiers)
                }
            }
        }
    }

    /// Parses every tier's text, recording each refusal; the order rules then run (in
    /// [`Price::graduated`] / [`Price::volume`]) only when every tier could be read.
    fn tiers(&self, errors: &mut PriceErrors) -> Vec<Tier> {
        if !check_tier_count(errors, self.tiers.len()) {
            return Vec::new();
        }
        let mut tiers = Vec::with_capacity(self.tiers.len());
        for (i, t) in self.tiers.iter().enumerate() {
            let field = |name: &str| format!("price.tiers[{i}].{name}");
            let up_to = match &t.up_to {
                None => Some(None),
                Some(s) if s.trim().is_empty() => {
                    errors.add_rule(
                        field("up_to"),
                        "give the tier's upper bound, such as 1000 (null only for the last tier)",
                        Rule::new("up-to-blank"),
                    );
                    None
                }
                Some(s) => decimal(errors, &field("up_to"), s, None).map(Some),
            };
            let unit_price = decimal(errors, &field("unit_price"), &t.unit_price, None);
            let flat_fee = decimal(errors, &field("flat_fee"), &t.flat_fee, Some(Decimal::ZERO));
            if let (Some(up_to), Some(unit_price), Some(flat_fee)) = (up_to, unit_price, flat_fee) {
                tiers.push(Tier {
                    up_to,
                    unit_price,
                    flat_fee,
                });
            }
        }
        tiers
    }

    /// The text of a price, to fill a form with it.
    pub fn from_price(price: &Price) -> PriceInput {
        let mut input = PriceInput {
            model: price.model().as_str().to_owned(),
            ..PriceInput::default()
        };
        if let Some(p) = price.unit_price() {
            input.unit_price = text(p);
        }
        if let Some(p) = price.as_package() {
            input.package_size = text(p.package_size);
            input.package_price = text(p.package_price);
            input.round = p.round.as_str().to_owned();
        }
        input.tiers = price
            .tiers()
            .iter()
            .map(|t| TierInput {
                up_to: t.up_to.map(text),
                unit_price: text(t.unit_price),
                flat_fee: text(t.flat_fee),
            })
            .collect();
        input
    }
}

/// Reads a decimal field: a plain numeral (`0.50`; no sign but `-` for the message, no
/// exponent, no separators) with at most 16 + 12 digits, ≥ 0. Blank gives `default`, or a
/// "required" refusal without one. Never goes through a float.
pub(super) fn decimal(
    errors: &mut PriceErrors,
    field: &str,
    input: &str,
    default: Option<Decimal>,
) -> Option<Decimal> {
    // A field of units (a package's size, a tier's bound) gets an example in units, not in
    // money.
    let example = if field.ends_with("package_size") || field.ends_with("up_to") {
        "1000"
    } else {
        "0.50"
    };
    let s = input.trim();
    if s.is_empty() {
        if default.is_none() {
            errors.add_rule(
                field,
                format!("required; give a decimal such as {example}"),
                Rule::new("required-decimal").text("example", example),
            );
        }
        return default;
    }
    let Shape::Plain {
        integer_digits,
        fraction_digits,
        ..
    } = Shape::of(s)
    else {
        errors.add_rule(
            field,
            format!(
                "{s:?} is not a decimal; write digits and one decimal point, such as {example}, \
                 without currency signs, spaces, exponents or thousands separators"
            ),
            Rule::new("not-decimal").text("value", s).text("example", example),
        );
        return None;
    };
    if fraction_digits > MAX_FRACTION_DIGITS {
        errors.add_rule(
            field,
            format!("takes at most {MAX_FRACTION_DIGITS} decimal places"),
            too_many_decimals(),
        );
        return None;
    }
    if integer_digits > MAX_INTEGER_DIGITS {
        errors.add_rule(
            field,
            format!("takes at most {MAX_INTEGER_DIGITS} digits before the decimal point"),
            too_many_digits(),
        );
        return None;
    }
    let Ok(mut d) = Decimal::from_str_exact(s) else {
        errors.add_rule(
            field,
            format!("is not a decimal; write one such as {example}"),
            Rule::new("not-decimal").text("value", s).text("example", example),
        );
        return None;
    };
    if !check_amount(errors, field, d) {
        return None;
    }
    d.set_sign_positive(true);
    Some(d)
}
