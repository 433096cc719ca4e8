//! Prices: the four pricing models, built only from values that pass every rule, and the
//! errors that name the field and the fix.

use std::fmt;

use rust_decimal::Decimal;

use crate::metering::numeric::{MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS};
use crate::validation::Rule;

/// A graduated or volume price has 1 to this many tiers.
pub const MAX_TIERS: usize = 10;

/// The pricing model of a product line (SPEC "Pricing models").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Model {
    /// `billable × unit_price`.
    PerUnit,
    /// `packages × package_price`, packages of `package_size` units, rounded up or down.
    Package,
    /// Each tier prices the units that fall in it, plus its flat fee when any unit does.
    Graduated,
    /// Every billable unit at the price of the tier the billable quantity falls in, plus that
    /// tier's flat fee.
    Volume,
}

impl Model {
    /// Every model, in the order forms list them.
    pub const ALL: [Model; 4] = [Model::PerUnit, Model::Package, Model::Graduated, Model::Volume];

    /// The name the JSON and the forms use: `per_unit`, `package`, `graduated`, `volume`.
    pub fn as_str(self) -> &'static str {
        match self {
            Model::PerUnit => "per_unit",
            Model::Package => "package",
            Model::Graduated => "graduated",
            Model::Volume => "volume",
        }
    }

    /// The model with this name, exactly as [`Model::as_str`] writes it.
    pub fn parse(name: &str) -> Option<Model> {
        Model::ALL.into_iter().find(|m| m.as_str() == name)
    }

    /// Graduated or volume.
    pub fn is_tiered(self) -> bool {
        matches!(self, Model::Graduated | Model::Volume)
    }
}

impl fmt::Display for Model {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// How a package price counts a started package.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default)]
pub enum Rounding {
    /// Every started package is charged (`ceil`), the default.
    #[default]
    Up,
    /// Only completed packages are charged (`floor`).
    Down,
}

impl Rounding {
    /// `up` or `down`.
    pub fn as_str(self) -> &'static str {
        match self {
            Rounding::Up => "up",
            Rounding::Down => "down",
        }
    }

    /// `up` or `down`, exactly.
    pub fn parse(name: &str) -> Option<Rounding> {
        match name {
            "up" => Some(Rounding::Up),
            "down" => Some(Rounding::Down),
            _ => None,
        }
    }
}

/// The numbers of a package price. Any value can be written here; only [`Price::package`]
/// checks them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Package {
    pub package_size: Decimal,
    pub package_price: Decimal,
    pub round: Rounding,
}

/// One tier of a graduated or volume price: it covers the units above the previous tier's
/// `up_to` (0 for the first) up to and including its own; `None` is unbounded (the last tier).
/// Any value can be written here; only [`Price::graduated`] and [`Price::volume`] check them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Tier {
    pub up_to: Option<Decimal>,
    pub unit_price: Decimal,
    pub flat_fee: Decimal,
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Kind {
    PerUnit(Decimal),
    Package(Package),
    Tiered(Model, Vec<Tier>),
}

/// A product line's price, valid by construction: amounts ≥ 0 that fit `NUMERIC(28,12)`
/// (at most 16 digits before the point and 12 after), a package size > 0, and 1 to
/// [`MAX_TIERS`] tiers with strictly ascending bounds, only the last unbounded.
///
/// Build one with [`Price::per_unit`], [`Price::package`], [`Price::graduated`],
/// [`Price::volume`], from the API JSON ([`Price::from_json`], [`Price::from_line`]) or from a
/// form's text ([`super::PriceInput::validate`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Price(Kind);

impl Price {
    /// `per_unit` at this unit price (also what the first phase's `price_per_unit` means).
    pub fn per_unit(unit_price: Decimal) -> Result<Price, PriceErrors> {
        let mut errors = PriceErrors::default();
        check_amount(&mut errors, "price.unit_price", unit_price);
        errors.into_result(Price(Kind::PerUnit(unit_price)))
    }

    /// A `package` price; the size must be greater than 0.
    pub fn package(p: Package) -> Result<Price, PriceErrors> {
        let mut errors = PriceErrors::default();
        if check_amount(&mut errors, "price.package_size", p.package_size) && p.package_size.is_zero() {
            errors.add_rule(
                "price.package_size",
                "must be greater than 0",
                Rule::new("package-size-zero"),
            );
        }
        check_amount(&mut errors, "price.package_price", p.package_price);
        errors.into_result(Price(Kind::Package(p)))
    }

    /// A `graduated` price over these tiers.
    pub fn graduated(tiers: Vec<Tier>) -> Result<Price, PriceErrors> {
        Price::tiered(Model::Graduated, tiers)
    }

    /// A `volume` price over these tiers.
    pub fn volume(tiers: Vec<Tier>) -> Result<Price, PriceErrors> {
        Price::tiered(Model::Volume, tiers)
    }

    fn tiered(model: Model, tiers: Vec<Tier>) -> Result<Price, PriceErrors> {
        let mut errors = PriceErrors::default();
        check_tiers(&mut errors, &tiers);
        errors.into_result(Price(Kind::Tiered(model, tiers)))
    }

    /// The pricing model.
    pub fn model(&self) -> Model {
        match &self.0 {
            Kind::PerUnit(_) => Model::PerUnit,
            Kind::Package(_) => Model::Package,
            Kind::Tiered(model, _) => *model,
        }
    }

    /// The unit price of a `per_unit` price.
    pub fn unit_price(&self) -> Option<Decimal> {
        match &self.0 {
            Kind::PerUnit(p) => Some(*p),
            _ => None,
        }
    }

    /// The numbers of a `package` price.
    pub fn as_package(&self) -> Option<Package> {
        match &self.0 {
            Kind::Package(p) => Some(*p),
            _ => None,
        }
    }

    /// The tiers of a `graduated` or `volume` price; empty for the other models.
    pub fn tiers(&self) -> &[Tier] {
        match &self.0 {
            Kind::Tiered(_, tiers) => tiers,
            _ => &[],
        }
    }
}

/// One refusal: the field's path from the price (`price.tiers[1].up_to`) and what to do.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PriceError {
    /// `price.unit_price`, `price.tiers[1].up_to`, `price_per_unit`, …
    pub field: String,
    /// Lower-case, without the field: `must be greater than the tier before (1000)`.
    pub message: String,
    /// The rule broken, for a page that says it in its own language (the JSON structure's
    /// refusals have none).
    pub rule: Option<Rule>,
}

impl PriceError {
    /// The same error under an outer path: `meters[2].` + `price.tiers[1].up_to`.
    pub fn prefixed(mut self, prefix: &str) -> PriceError {
        self.field.insert_str(0, prefix);
        self
    }
}

impl fmt::Display for PriceError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

/// Every refusal found in one price, in the order of its fields (never empty when returned
/// as an error).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PriceErrors(pub Vec<PriceError>);

impl PriceErrors {
    /// Records a refusal.
    pub fn add(&mut self, field: impl Into<String>, message: impl Into<String>) {
        self.0.push(PriceError {
            field: field.into(),
            message: message.into(),
            rule: None,
        });
    }

    /// Records a refusal with its rule.
    pub fn add_rule(&mut self, field: impl Into<String>, message: impl Into<String>, rule: Rule) {
        self.0.push(PriceError {
            field: field.into(),
            message: message.into(),
            rule: Some(rule),
        });
    }

    /// No refusal recorded.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The refusal of this field, if any.
    pub fn get(&self, field: &str) -> Option<&str> {
        self.0
            .iter()
            .find(|e| e.field == field)
            .map(|e| e.message.as_str())
    }

    pub(super) fn into_result<T>(self, value: T) -> Result<T, PriceErrors> {
        if self.is_empty() { Ok(value) } else { Err(self) }
    }
}

impl fmt::Display for PriceErrors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, e) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("; ")?;
            }
            write!(f, "{e}")?;
        }
        Ok(())
    }
}

impl std::error::Error for PriceErrors {}

/// Checks that an amount is ≥ 0 and fits `NUMERIC(28,12)`; records a refusal and returns
/// false if not.
pub(super) fn check_amount(errors: &mut PriceErrors, field: &str, d: Decimal) -> bool {
    let before = errors.0.len();
    if d.is_sign_negative() && !d.is_zero() {
        errors.add_rule(field, "cannot be negative", Rule::new("negative"));
    } else if d.normalize().scale() as usize > MAX_FRACTION_DIGITS {
        errors.add_rule(
            field,
            format!("takes at most {MAX_FRACTION_DIGITS} decimal places"),
            too_many_decimals(),
        );
    } else if d.trunc().abs().to_string().len() > MAX_INTEGER_DIGITS {
        errors.add_rule(
            field,
            format!("takes at most {MAX_INTEGER_DIGITS} digits before the decimal point"),
            too_many_digits(),
        );
    }
    errors.0.len() == before
}

/// More decimal places than a price or quantity keeps.
pub(super) fn too_many_decimals() -> Rule {
    Rule::new("decimals").count("max", MAX_FRACTION_DIGITS)
}

/// More digits before the point than a price or quantity keeps.
pub(super) fn too_many_digits() -> Rule {
    Rule::new("digits").count("max", MAX_INTEGER_DIGITS)
}

/// The count rule: 1 to [`MAX_TIERS`] tiers; records a refusal and returns false if not.
pub(super) fn check_tier_count(errors: &mut PriceErrors, count: usize) -> bool {
    if count == 0 {
        errors.add_rule(
            "price.tiers",
            "give at least one tier; the last one has up_to null (no upper bound)",
            Rule::new("tiers-none"),
        );
        return false;
    }
    if count > MAX_TIERS {
        errors.add_rule(
            "price.tiers",
            format!("at most {MAX_TIERS} tiers; merge or remove {}", count - MAX_TIERS),
            Rule::new("tiers-too-many")
                .count("max", MAX_TIERS)
                .count("over", count - MAX_TIERS),
        );
        return false;
    }
    true
}

/// The tier rules: 1 to [`MAX_TIERS`] tiers, amounts ≥ 0, bounds > 0 and strictly ascending,
/// every tier bounded but the last, which is unbounded.
fn check_tiers(errors: &mut PriceErrors, tiers: &[Tier]) {
    check_tier_count(errors, tiers.len());
    let mut previous = Decimal::ZERO;
    for (i, tier) in tiers.iter().enumerate() {
        let last = i + 1 == tiers.len();
        let field = |name: &str| format!("price.tiers[{i}].{name}");
        match (tier.up_to, last) {
            (Some(_), true) => errors.add_rule(
                field("up_to"),
                "must be null: the last tier has no upper bound",
                Rule::new("last-tier-bounded"),
            ),
            (None, false) => errors.add_rule(
                field("up_to"),
                format!(
                    "only the last tier has no upper bound; give this one an up_to greater than {}",
                    text(previous)
                ),
                Rule::new("tier-unbounded").number("previous", previous),
            ),
            (Some(up_to), false) => {
                if check_amount(errors, &field("up_to"), up_to) {
                    if up_to <= previous {
                        let (message, rule) = if i == 0 {
                            ("must be greater than 0".to_owned(), Rule::new("up-to-zero"))
                        } else {
                            (
                                format!("must be greater than the tier before ({})", text(previous)),
                                Rule::new("up-to-not-ascending").number("previous", previous),
                            )
                        };
                        errors.add_rule(field("up_to"), message, rule);
                    }
                    previous = up_to;
                }
            }
            (None, true) => {}
        }
        check_amount(errors, &field("unit_price"), tier.unit_price);
        check_amount(errors, &field("flat_fee"), tier.flat_fee);
    }
}

/// A decimal as messages and the JSON write it: as given, without a sign on zero.
pub(super) fn text(d: Decimal) -> String {
    let mut d = d;
    if d.is_zero() {
        d.set_sign_positive(true);
    }
    d.to_string()
}
