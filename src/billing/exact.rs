//! An exact sum of products and amounts, rounded once at the end.
//!
//! `metering::money::line_charge` rounds one product exactly; a tiered line is a *sum* of
//! products and fees, and rounding each term would round more than once. A [`Decimal`]
//! product keeps at most 28-29 significant digits, so summing `Decimal` products could round
//! too (before the cent rounding). This sum keeps every digit: all operands have at most 12
//! decimal places (as `NUMERIC(28,12)` values do), so every product has at most 24, and the
//! sum is held as a whole part plus a fraction in units of 10⁻²⁴, both `u128`.

use rust_decimal::Decimal;

use super::refusal::PricingError;

/// Most decimal places of an operand.
pub(super) const MAX_SCALE: u32 = 12;
/// The fraction's unit is 10^-FRACTION_SCALE.
const FRACTION_SCALE: u32 = 2 * MAX_SCALE;
const ONE: u128 = 10u128.pow(FRACTION_SCALE);

/// A sum ≥ 0, exact: `whole + fraction / 10²⁴`, `fraction < 10²⁴`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(super) struct ExactSum {
    whole: u128,
    fraction: u128,
}

/// A value ≥ 0 with at most 12 decimal places as (integer part, fraction mantissa, scale).
fn parts(d: Decimal) -> Result<(u128, u128, u32), PricingError> {
    let d = if d.scale() > MAX_SCALE { d.normalize() } else { d };
    if d.scale() > MAX_SCALE {
        return Err(PricingError::TooManyDecimals);
    }
    if d.is_sign_negative() && !d.is_zero() {
        return Err(PricingError::Negative);
    }
    let m = d.mantissa().unsigned_abs();
    let p = 10u128.pow(d.scale());
    Ok((m / p, m % p, d.scale()))
}

impl ExactSum {
    fn add_whole(&mut self, w: u128) -> Result<(), PricingError> {
        self.whole = self.whole.checked_add(w).ok_or(PricingError::Overflow)?;
        Ok(())
    }

    /// Adds `m × 10^-scale` where `m < 10^(2·scale)`, `scale ≤ 24` (so `m·10^(24−scale) < 10³⁶`).
    fn add_fraction(&mut self, m: u128, scale: u32) -> Result<(), PricingError> {
        let f = m * 10u128.pow(FRACTION_SCALE - scale) + self.fraction;
        self.fraction = f % ONE;
        self.add_whole(f / ONE)
    }

    /// Adds an amount ≥ 0 with at most 12 decimal places.
    pub(super) fn add(&mut self, d: Decimal) -> Result<(), PricingError> {
        let (w, f, s) = parts(d)?;
        self.add_whole(w)?;
        self.add_fraction(f, s)
    }

    /// Adds `a × b`, both ≥ 0 with at most 12 decimal places, exactly.
    ///
    /// With `a = a1 + a0/10^sa` and `b = b1 + b0/10^sb` (integer parts and fraction
    /// mantissas): `a1·b1` is whole; `a1·b0/10^sb` splits `a1 = ah·10^sb + al` into the
    /// whole `ah·b0` and `al·b0/10^sb` (`al·b0 < 10^(2·sb)`); the same for `a0·b1`; and
    /// `a0·b0/10^(sa+sb)` with `a0·b0 < 10^(sa+sb)`.
    pub(super) fn add_product(&mut self, a: Decimal, b: Decimal) -> Result<(), PricingError> {
        let (a1, a0, sa) = parts(a)?;
        let (b1, b0, sb) = parts(b)?;
        self.add_whole(a1.checked_mul(b1).ok_or(PricingError::Overflow)?)?;
        for (int, frac, scale) in [(a1, b0, sb), (b1, a0, sa)] {
            let p = 10u128.pow(scale);
            // (int / p) · frac ≤ int · frac / p < int: never overflows.
            self.add_whole((int / p) * frac)?;
            self.add_fraction((int % p) * frac, scale)?;
        }
        self.add_fraction(a0 * b0, sa + sb)
    }

    /// The sum rounded half-up (away from zero) to `dp ≤ 24` decimal places, with exactly
    /// `dp` decimal places.
    pub(super) fn rounded(&self, dp: u32) -> Result<Decimal, PricingError> {
        let unit = 10u128.pow(FRACTION_SCALE - dp.min(FRACTION_SCALE));
        let (q, r) = (self.fraction / unit, self.fraction % unit);
        let q = q + u128::from(r >= unit - r);
        let m = self
            .whole
            .checked_mul(10u128.pow(dp))
            .and_then(|w| w.checked_add(q))
            .and_then(|m| i128::try_from(m).ok())
            .ok_or(PricingError::Overflow)?;
        Decimal::try_from_i128_with_scale(m, dp).map_err(|_| PricingError::Overflow)
    }

    /// The sum without trailing zeros: exact whenever it fits a [`Decimal`]'s 28-29
    /// significant digits (else rounded to them).
    pub(super) fn value(&self) -> Result<Decimal, PricingError> {
        let whole = i128::try_from(self.whole)
            .ok()
            .and_then(|w| Decimal::try_from_i128_with_scale(w, 0).ok())
            .ok_or(PricingError::Overflow)?;
        let fraction = i128::try_from(self.fraction)
            .ok()
            .and_then(|f| Decimal::try_from_i128_with_scale(f, FRACTION_SCALE).ok())
            .ok_or(PricingError::Overflow)?;
        whole
            .checked_add(fraction)
            .map(|d| d.normalize())
            .ok_or(PricingError::Overflow)
    }
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;
    use rust_decimal::RoundingStrategy;

    use super::*;
    use crate::metering::Currency;
    use crate::metering::money::line_charge;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn sums_without_rounding_in_between() {
        let mut s = ExactSum::default();
        for _ in 0..3 {
            s.add_product(d("1"), d("0.335")).unwrap();
        }
        assert_eq!(s.value().unwrap(), d("1.005"));
        assert_eq!(s.rounded(2).unwrap().to_string(), "1.01");
        assert_eq!(s.rounded(0).unwrap().to_string(), "1");
        assert_eq!(s.rounded(3).unwrap().to_string(), "1.005");
        // 0.999999999999 × 0.005000000000 has 24 decimals; 0.004999999999995 rounds to 0.00.
        let mut s = ExactSum::default();
        s.add_product(d("0.999999999999"), d("0.005")).unwrap();
        assert_eq!(s.rounded(2).unwrap().to_string(), "0.00");
        s.add(d("0.000000000005")).unwrap();
        assert_eq!(s.rounded(2).unwrap().to_string(), "0.01");
        assert_eq!(ExactSum::default().rounded(2).unwrap().to_string(), "0.00");
    }

    #[test]
    fn refuses_what_it_cannot_hold() {
        let mut s = ExactSum::default();
        assert_eq!(s.add(d("0.0000000000001")), Err(PricingError::TooManyDecimals));
        assert_eq!(s.add(d("-1")), Err(PricingError::Negative));
        assert_eq!(s.add(d("0.100000000000000")), Ok(()));
        assert_eq!(
            s.add_product(Decimal::MAX, Decimal::MAX),
            Err(PricingError::Overflow)
        );
        let mut s = ExactSum::default();
        s.add_product(Decimal::MAX, d("2")).unwrap();
        assert_eq!(s.rounded(2), Err(PricingError::Overflow));
        assert_eq!(s.value(), Err(PricingError::Overflow));
    }

    fn wide() -> impl Strategy<Value = Decimal> {
        // Up to 28 digits, up to 12 of them decimals.
        (0u128..10u128.pow(28), 0u32..=12).prop_map(|(m, s)| Decimal::from_i128_with_scale(m as i128, s))
    }

    proptest! {
        /// One product agrees with the exact `line_charge` of the metering core.
        #[test]
        fn one_product_matches_line_charge(a in wide(), b in wide(), dp in 0u32..=3) {
            let currency = Currency { code: "XTS", minor_units: dp };
            let mut s = ExactSum::default();
            let ours = s.add_product(a, b).and_then(|_| s.rounded(dp));
            match line_charge(a, Decimal::ZERO, b, currency) {
                Ok(line) => prop_assert_eq!(ours, Ok(line.charge)),
                Err(_) => prop_assert_eq!(ours, Err(PricingError::Overflow)),
            }
        }

        /// Small sums agree with plain `Decimal` arithmetic, which is exact at that size (wide
        /// integer parts are covered by the test above).
        #[test]
        fn small_sums_match_decimal(
            terms in proptest::collection::vec((0i64..100_000, 0u32..=4, 0i64..100_000, 4u32..=12), 0..8),
            fee in 0i64..1_000_000_000,
            dp in 0u32..=3,
        ) {
            let mut s = ExactSum::default();
            let mut expected = Decimal::new(fee, 4);
            s.add(expected).unwrap();
            for (a, sa, b, sb) in terms {
                let (a, b) = (Decimal::new(a, sa), Decimal::new(b, sb));
                s.add_product(a, b).unwrap();
                expected += a * b;
            }
            prop_assert_eq!(s.value().unwrap(), expected.normalize());
            let rounded = expected.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
            prop_assert_eq!(s.rounded(dp).unwrap().to_string(), {
                let mut r = rounded;
                r.rescale(dp);
                r.to_string()
            });
        }
    }
}
