//! `NUMERIC` values read straight from PostgreSQL's binary form into a `Decimal`.
//!
//! The general conversion (rust_decimal's, through diesel's `PgNumeric`) copies the digit groups
//! into three vectors and builds the value with a `Decimal` multiplication per integer group and
//! a `Decimal` division per fractional group. A page of the customers table reads 150 cells of
//! four numbers each, and that conversion was the largest part of reading them. Here the groups
//! accumulate into one integer, scaled once to the value's own scale: the same `Decimal`, value
//! and scale. What does not fit that way (NaN, infinities, more than 28 decimal places or 96
//! bits) goes to the general conversion, which reads or refuses it as before.

use diesel::deserialize::{self, FromSql};
use diesel::pg::{Pg, PgValue};
use diesel::sql_types::Numeric;
use rust_decimal::Decimal;

/// A `NUMERIC` column's value, for rows loaded by position or by name: `.0` is the `Decimal`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, diesel::deserialize::FromSqlRow)]
pub struct Dec(pub Decimal);

impl FromSql<Numeric, Pg> for Dec {
    fn from_sql(value: PgValue<'_>) -> deserialize::Result<Self> {
        match exact(value.as_bytes()) {
            Some(d) => Ok(Dec(d)),
            None => <Decimal as FromSql<Numeric, Pg>>::from_sql(value).map(Dec),
        }
    }
}

/// The value of a binary `NUMERIC` (`numeric_send`: digit-group count, weight, sign, display
/// scale, then base-10000 groups) at its display scale, when it fits a `Decimal` exactly;
/// `None` otherwise.
pub fn exact(bytes: &[u8]) -> Option<Decimal> {
    let word = |i: usize| -> Option<u16> { Some(u16::from_be_bytes([*bytes.get(i)?, *bytes.get(i + 1)?])) };
    let groups = usize::from(word(0)?);
    let weight = i32::from(word(2)? as i16);
    let negative = match word(4)? {
        0x0000 => false,
        0x4000 => true,
        _ => return None,
    };
    let scale = u32::from(word(6)?);
    if groups > 0x7FFF || scale > 28 || bytes.len() != 8 + 2 * groups {
        return None;
    }
    // The groups as one integer: the value × 10000^(groups - 1 - weight).
    let mut whole: u128 = 0;
    for g in 0..groups {
        let digit = word(8 + 2 * g)?;
        if digit > 9999 {
            return None;
        }
        whole = whole.checked_mul(10_000)?.checked_add(u128::from(digit))?;
    }
    // The value × 10^scale = whole × 10^(scale - 4 × (groups - 1 - weight)).
    let shift = i64::from(scale) - 4 * (groups as i64 - 1 - i64::from(weight));
    let mantissa = if shift >= 0 {
        whole.checked_mul(10u128.checked_pow(u32::try_from(shift).ok()?)?)?
    } else {
        let divisor = 10u128.checked_pow(u32::try_from(-shift).ok()?)?;
        if whole % divisor != 0 {
            return None;
        }
        whole / divisor
    };
    if mantissa >= 1 << 96 {
        return None;
    }
    let signed = i128::try_from(mantissa).ok()?;
    Decimal::try_from_i128_with_scale(if negative { -signed } else { signed }, scale).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use diesel::data_types::PgNumeric;
    use proptest::prelude::*;
    use std::str::FromStr;

    /// `numeric_send`'s bytes for a value, from diesel's `PgNumeric` (as rust_decimal makes it).
    fn bytes_of(d: &Decimal) -> Vec<u8> {
        let (sign, weight, scale, digits) = match PgNumeric::from(d) {
            PgNumeric::Positive {
                weight,
                scale,
                digits,
            } => (0x0000u16, weight, scale, digits),
            PgNumeric::Negative {
                weight,
                scale,
                digits,
            } => (0x4000u16, weight, scale, digits),
            PgNumeric::NaN => unreachable!("a Decimal is never NaN"),
        };
        raw(sign, weight, scale, &digits)
    }

    fn raw(sign: u16, weight: i16, scale: u16, digits: &[i16]) -> Vec<u8> {
        let mut out = Vec::new();
        out.extend_from_slice(&(digits.len() as i16).to_be_bytes());
        out.extend_from_slice(&weight.to_be_bytes());
        out.extend_from_slice(&sign.to_be_bytes());
        out.extend_from_slice(&scale.to_be_bytes());
        for d in digits {
            out.extend_from_slice(&d.to_be_bytes());
        }
        out
    }

    /// The general conversion's answer for the same bytes.
    fn general(sign: u16, weight: i16, scale: u16, digits: &[i16]) -> Option<Decimal> {
        let digits = digits.to_vec();
        let n = match sign {
            0x0000 => PgNumeric::Positive {
                weight,
                scale,
                digits,
            },
            _ => PgNumeric::Negative {
                weight,
                scale,
                digits,
            },
        };
        Decimal::try_from(n).ok()
    }

    #[test]
    fn reads_values_at_their_own_scale() {
        for s in [
            "0",
            "1",
            "-1",
            "1.50",
            "0.0001",
            "12345678.9",
            "-0.000000001",
            "10000",
            "100000000",
            "79228162514264337593543950335",
            "-7.9228162514264337593543950335",
        ] {
            let d = Decimal::from_str(s).unwrap();
            let got = exact(&bytes_of(&d)).unwrap_or_else(|| panic!("{s} not read"));
            assert_eq!(got.to_string(), d.to_string(), "{s}");
            assert_eq!(got.scale(), d.scale(), "{s}");
        }
        // Zero keeps its scale, as PostgreSQL sends it (no digit groups).
        assert_eq!(
            exact(&raw(0x0000, 0, 2, &[])).map(|d| d.to_string()),
            Some("0.00".into())
        );
    }

    #[test]
    fn what_does_not_fit_is_left_to_the_general_conversion() {
        // NaN, +∞, 29 decimal places, 2^96 and above.
        assert_eq!(exact(&raw(0xC000, 0, 0, &[])), None);
        assert_eq!(exact(&raw(0xD000, 0, 0, &[])), None);
        assert_eq!(exact(&raw(0x0000, -8, 29, &[1])), None);
        assert_eq!(
            exact(&raw(0x0000, 7, 0, &[7, 9228, 1625, 1426, 4337, 5935, 4395, 336])),
            None
        );
        // Truncated or malformed bytes.
        assert_eq!(exact(&[0, 1, 0, 0]), None);
        assert_eq!(exact(&raw(0x0000, 0, 0, &[10_000])), None);
    }

    proptest! {
        /// Any digit groups, weight and scale: wherever this reads a value, the general
        /// conversion reads the same value at the same scale. (Where this reads none, the
        /// general conversion refuses it, rounds it past 28 places or panics, as before.)
        #[test]
        fn agrees_with_the_general_conversion(
            negative: bool,
            weight in -9i16..9,
            scale in 0u16..32,
            digits in prop::collection::vec(0i16..10_000, 0..9),
        ) {
            // As PostgreSQL sends them: no leading or trailing zero group; zero has weight 0.
            prop_assume!(digits.first().is_none_or(|d| *d != 0) && digits.last().is_none_or(|d| *d != 0));
            prop_assume!(!digits.is_empty() || weight == 0);
            let sign = if negative { 0x4000 } else { 0x0000 };
            if let Some(m) = exact(&raw(sign, weight, scale, &digits)) {
                let t = general(sign, weight, scale, &digits).expect("the general conversion reads it too");
                prop_assert_eq!(m, t);
                prop_assert_eq!(m.scale(), t.scale());
            }
        }

        #[test]
        fn round_trips_every_decimal(mantissa in -(1i128 << 95)..(1i128 << 95), scale in 0u32..=28) {
            let d = Decimal::from_i128_with_scale(mantissa, scale);
            let got = exact(&bytes_of(&d));
            prop_assert_eq!(got, Some(d));
            prop_assert_eq!(got.map(|g| g.scale()), Some(d.scale()));
        }
    }
}
