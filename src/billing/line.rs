//! Pricing one product line for one cycle: consumed → free → chargeable → charge.

use rust_decimal::Decimal;

use super::exact::{ExactSum, MAX_SCALE};
use super::price::{Model, Price, Rounding};
use super::refusal::PricingError;
use crate::metering::Currency;
use crate::metering::money::line_charge;

/// One tier of a priced graduated or volume line. `amount = units × unit_price + flat_fee`,
/// unrounded; the amounts of a line add up to its [`PricedLine::subtotal`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TierLine {
    /// The tier covers `(from, up_to]`; `from` is the previous tier's `up_to` (0 first).
    pub from: Decimal,
    /// `None`: no upper bound.
    pub up_to: Option<Decimal>,
    /// The chargeable units priced in this tier (0 when none; for volume, all of them in the
    /// one tier the chargeable quantity falls in, 0 in the others).
    pub units: Decimal,
    pub unit_price: Decimal,
    /// The flat fee charged: the tier's fee when any unit is priced in it, else 0.
    pub flat_fee: Decimal,
    pub amount: Decimal,
}

/// A product line priced for one cycle.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PricedLine {
    pub model: Model,
    /// As given (may be negative after negative manual values: then nothing is billable).
    pub consumed: Decimal,
    pub free_threshold: Decimal,
    /// The units the free threshold covers: `min(max(consumed, 0), free_threshold)`.
    pub free: Decimal,
    /// `max(0, consumed − free_threshold)`.
    pub chargeable: Decimal,
    /// Packages charged (`package` only): `ceil` or `floor` of `chargeable / package_size`.
    pub packages: Option<Decimal>,
    /// Every tier of a `graduated` or `volume` price, in order; empty for the other models.
    pub tiers: Vec<TierLine>,
    /// The exact charge before rounding, without trailing zeros.
    pub subtotal: Decimal,
    /// The subtotal rounded once, half-up, to the currency's minor unit, with exactly that
    /// many decimal places (`75.00`, `1235` for JPY, `5.500` for KWD). 0 when nothing is
    /// billable, in every model.
    pub charge: Decimal,
}

impl PricedLine {
    /// True when nothing is billable (the charge is then 0).
    pub fn nothing_billable(&self) -> bool {
        self.chargeable.is_zero()
    }
}

/// Prices a line: `consumed` units in a cycle, `free_threshold` of them free, at `price`, in
/// `currency` (SPEC "Pricing models"). The free threshold applies first, in every model; the
/// charge is rounded once on the line total. Stripe bills a volume or graduated first tier's
/// flat fee even at quantity 0; SPEC does not: nothing billable charges 0.
///
/// Errors for a negative free threshold, quantities with more than 12 decimal places (never
/// the case for `NUMERIC(28,12)` values) and charges too large for a [`Decimal`].
pub fn price_line(
    price: &Price,
    free_threshold: Decimal,
    consumed: Decimal,
    currency: Currency,
) -> Result<PricedLine, PricingError> {
    if free_threshold.is_sign_negative() && !free_threshold.is_zero() {
        return Err(PricingError::NegativeThreshold);
    }
    for q in [consumed, free_threshold] {
        if q.normalize().scale() > MAX_SCALE {
            return Err(PricingError::TooManyDecimals);
        }
    }
    let over = consumed
        .checked_sub(free_threshold)
        .ok_or(PricingError::Overflow)?;
    let chargeable = over.max(Decimal::ZERO);
    let mut line = PricedLine {
        model: price.model(),
        consumed,
        free_threshold,
        free: consumed.max(Decimal::ZERO).min(free_threshold),
        chargeable,
        packages: None,
        tiers: Vec::new(),
        subtotal: Decimal::ZERO,
        charge: Decimal::ZERO,
    };
    let mut total = ExactSum::default();
    if let Some(unit_price) = price.unit_price() {
        total.add_product(chargeable, unit_price)?;
        line.charge = line_charge(consumed, free_threshold, unit_price, currency)?.charge;
    } else if let Some(p) = price.as_package() {
        let packages = package_count(chargeable, p.package_size, p.round)?;
        total.add_product(packages, p.package_price)?;
        line.packages = Some(packages);
        line.charge = line_charge(packages, Decimal::ZERO, p.package_price, currency)?.charge;
    } else {
        line.tiers = tier_lines(price, chargeable, &mut total)?;
        line.charge = total.rounded(currency.minor_units)?;
    }
    line.subtotal = total.value()?;
    Ok(line)
}

/// The tiers of a graduated or volume line, adding each tier's amount to `total`.
fn tier_lines(
    price: &Price,
    chargeable: Decimal,
    total: &mut ExactSum,
) -> Result<Vec<TierLine>, PricingError> {
    let volume = price.model() == Model::Volume;
    // The one tier a volume price applies: where the chargeable quantity falls (bounds are
    // inclusive); none when nothing is billable.
    let volume_tier = price
        .tiers()
        .iter()
        .position(|t| t.up_to.is_none_or(|u| chargeable <= u))
        .filter(|_| volume && !chargeable.is_zero());
    let mut from = Decimal::ZERO;
    let mut lines = Vec::with_capacity(price.tiers().len());
    for (i, tier) in price.tiers().iter().enumerate() {
        let units = if volume {
            if volume_tier == Some(i) {
                chargeable
            } else {
                Decimal::ZERO
            }
        } else if chargeable > from {
            tier.up_to.map_or(chargeable, |u| chargeable.min(u)) - from
        } else {
            Decimal::ZERO
        };
        let flat_fee = if units.is_zero() {
            Decimal::ZERO
        } else {
            tier.flat_fee
        };
        let mut amount = ExactSum::default();
        amount.add_product(units, tier.unit_price)?;
        amount.add(flat_fee)?;
        total.add_product(units, tier.unit_price)?;
        total.add(flat_fee)?;
        lines.push(TierLine {
            from,
            up_to: tier.up_to,
            units,
            unit_price: tier.unit_price,
            flat_fee,
            amount: amount.value()?,
        });
        from = tier.up_to.unwrap_or(from);
    }
    Ok(lines)
}

/// Whole packages of `size` in `chargeable`, a started one counting with [`Rounding::Up`];
/// exact (integer arithmetic on both at their common scale, at most 12).
pub(super) fn package_count(
    chargeable: Decimal,
    size: Decimal,
    round: Rounding,
) -> Result<Decimal, PricingError> {
    let (c, z) = (chargeable.normalize(), size.normalize());
    let scale = c.scale().max(z.scale());
    let at_scale = |d: Decimal| {
        d.mantissa()
            .unsigned_abs()
            .checked_mul(10u128.pow(scale - d.scale()))
            .ok_or(PricingError::Overflow)
    };
    let (c, z) = (at_scale(c)?, at_scale(z)?);
    if z == 0 {
        // A package price's size is > 0 by construction.
        return Err(PricingError::Overflow);
    }
    let started = u128::from(round == Rounding::Up && c % z != 0);
    let count = i128::try_from(c / z + started).map_err(|_| PricingError::Overflow)?;
    Decimal::try_from_i128_with_scale(count, 0).map_err(|_| PricingError::Overflow)
}
