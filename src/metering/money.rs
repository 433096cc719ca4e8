//! Currencies, line charges and their formatting.
//!
//! A line charge is `max(0, usage − free threshold) × price per unit`, computed exactly and
//! rounded once, half-up (away from zero at the midpoint), to the currency's minor unit.

use rust_decimal::{Decimal, RoundingStrategy};

use super::numeric::{MAX_FRACTION_DIGITS, MAX_INTEGER_DIGITS, Shape};

mod currency;

pub use currency::{Currency, currencies, currency, parse_currency};

/// Why a currency, price or charge was refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    #[error("use the ISO 4217 code in capitals, e.g. {0}")]
    LowercaseCurrency(String),
    #[error("{0:?} is not an ISO 4217 currency code; use one such as USD or EUR")]
    UnknownCurrency(String),
    #[error("the price per unit cannot be negative")]
    NegativePrice,
    #[error("the free threshold cannot be negative")]
    NegativeThreshold,
    #[error("the charge is too large to compute")]
    Overflow,
}

/// One meter's line on a bill.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LineCharge {
    pub usage: Decimal,
    pub free_threshold: Decimal,
    /// `max(0, usage − free threshold)`.
    pub chargeable: Decimal,
    pub price_per_unit: Decimal,
    /// `chargeable × price`, rounded half-up once, with exactly the currency's minor-unit digits.
    pub charge: Decimal,
}

/// The charge for one meter in one cycle. Errors for a negative price or threshold, or a
/// charge too large for a [`Decimal`].
pub fn line_charge(
    usage: Decimal,
    free_threshold: Decimal,
    price_per_unit: Decimal,
    currency: Currency,
) -> Result<LineCharge, MoneyError> {
    if price_per_unit.is_sign_negative() && !price_per_unit.is_zero() {
        return Err(MoneyError::NegativePrice);
    }
    if free_threshold.is_sign_negative() && !free_threshold.is_zero() {
        return Err(MoneyError::NegativeThreshold);
    }
    let over = usage.checked_sub(free_threshold).ok_or(MoneyError::Overflow)?;
    let chargeable = if over > Decimal::ZERO { over } else { Decimal::ZERO };
    let charge = multiply_and_round(chargeable, price_per_unit, currency.minor_units)?;
    Ok(LineCharge {
        usage,
        free_threshold,
        chargeable,
        price_per_unit,
        charge,
    })
}

/// A 192-bit unsigned integer, least significant limb first.
type Wide = [u64; 3];

fn wide_mul(a: u128, b: u128) -> Wide {
    // Both below 2^96: a = a1·2^64 + a0 with a1 < 2^32 (same for b).
    let mask = u128::from(u64::MAX);
    let (a0, a1, b0, b1) = (a & mask, a >> 64, b & mask, b >> 64);
    let p0 = a0 * b0;
    let mid = (p0 >> 64) + a0 * b1 + a1 * b0;
    let high = (mid >> 64) + a1 * b1;
    [p0 as u64, mid as u64, high as u64]
}

/// Quotient and remainder of a division by a small divisor.
fn wide_div(n: Wide, divisor: u64) -> (Wide, u64) {
    let d = u128::from(divisor);
    let mut out = [0u64; 3];
    let mut rem: u128 = 0;
    for (q, &limb) in out.iter_mut().rev().zip(n.iter().rev()) {
        let cur = (rem << 64) | u128::from(limb);
        *q = (cur / d) as u64;
        rem = cur % d;
    }
    (out, rem as u64)
}

/// `a × b` rounded half away from zero to `dp` decimal places, computed exactly (no
/// intermediate rounding), so the rounding happens once.
fn multiply_and_round(a: Decimal, b: Decimal, dp: u32) -> Result<Decimal, MoneyError> {
    let negative = a.is_sign_negative() != b.is_sign_negative() && !a.is_zero() && !b.is_zero();
    let mut n = wide_mul(a.mantissa().unsigned_abs(), b.mantissa().unsigned_abs());
    let scale = a.scale() + b.scale();
    let magnitude: u128 = if scale <= dp {
        let [lo, mid, high] = n;
        if high != 0 {
            return Err(MoneyError::Overflow);
        }
        let exact = (u128::from(mid) << 64) | u128::from(lo);
        exact
            .checked_mul(10u128.pow(dp - scale))
            .ok_or(MoneyError::Overflow)?
    } else {
        // Drop all but one of the extra digits, then round on the last one:
        // N mod 10^k ≥ 5·10^(k−1)  ⇔  ⌊N / 10^(k−1)⌋ mod 10 ≥ 5.
        let mut drop = scale - dp - 1;
        while drop > 0 {
            let step = drop.min(19);
            n = wide_div(n, 10u64.pow(step)).0;
            drop -= step;
        }
        let ([lo, mid, high], last_digit) = wide_div(n, 10);
        if high != 0 {
            return Err(MoneyError::Overflow);
        }
        let truncated = (u128::from(mid) << 64) | u128::from(lo);
        truncated + u128::from(last_digit >= 5)
    };
    let signed = i128::try_from(magnitude).map_err(|_| MoneyError::Overflow)?;
    let signed = if negative { -signed } else { signed };
    Decimal::try_from_i128_with_scale(signed, dp).map_err(|_| MoneyError::Overflow)
}

/// Inserts `,` every three digits of an unsigned integer text.
fn group_thousands(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(c);
    }
    out
}

/// `-1,234.5` style text of a decimal: sign, grouped integer part, fraction as given.
fn grouped(sign: bool, integer: &str, fraction: &str) -> String {
    let mut out = String::new();
    if sign {
        out.push('-');
    }
    out.push_str(&group_thousands(integer));
    if !fraction.is_empty() {
        out.push('.');
        out.push_str(fraction);
    }
    out
}

/// An amount with its currency and exactly the minor-unit digits, rounded half-up if needed:
/// `$75.00`, `€1,234.50`, `¥1,235`, `1,234.500 KWD`, `-$5.00`.
pub fn format_money(amount: Decimal, currency: Currency) -> String {
    let dp = currency.minor_units;
    let rounded = amount.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    let negative = rounded.is_sign_negative() && !rounded.is_zero();
    let text = rounded.abs().to_string();
    let (integer, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let fraction = format!("{fraction:0<width$}", width = dp as usize);
    let number = grouped(false, integer, &fraction);
    let sign = if negative { "-" } else { "" };
    match currency.symbol() {
        Some(symbol) => format!("{sign}{symbol}{number}"),
        None => format!("{sign}{number} {}", currency.code),
    }
}

/// A quantity with thousands separators and no trailing fractional zeros:
/// `1,234.5`, `250`, `0.000001`.
pub fn format_quantity(q: Decimal) -> String {
    if q.is_zero() {
        return "0".to_owned();
    }
    let text = q.normalize().abs().to_string();
    let (integer, fraction) = text.split_once('.').unwrap_or((&text, ""));
    grouped(q.is_sign_negative(), integer, fraction)
}

fn parse_amount(input: &str, what: &str, example: &str) -> Result<Decimal, String> {
    let s = input.trim();
    if s.is_empty() {
        return Err(format!("{what} is required; give a number such as {example}."));
    }
    let Shape::Plain {
        negative,
        integer_digits,
        fraction_digits,
    } = Shape::of(s)
    else {
        return Err(format!(
            "{what} must be a number such as {example}: digits and one decimal point, without currency \
             signs, spaces or thousands separators."
        ));
    };
    if fraction_digits > MAX_FRACTION_DIGITS {
        return Err(format!(
            "{what} takes at most {MAX_FRACTION_DIGITS} decimal places."
        ));
    }
    if integer_digits > MAX_INTEGER_DIGITS {
        return Err(format!(
            "{what} takes at most {MAX_INTEGER_DIGITS} digits before the decimal point."
        ));
    }
    let mut value =
        Decimal::from_str_exact(s).map_err(|_| format!("{what} must be a number such as {example}."))?;
    if negative && !value.is_zero() {
        return Err(format!("{what} cannot be negative."));
    }
    value.set_sign_positive(true);
    Ok(value)
}

/// A price per unit from a form or the API: a plain decimal ≥ 0 with at most 12 decimal
/// places, kept with the scale written (`"0.50"`). Never goes through a float.
pub fn parse_price(s: &str) -> Result<Decimal, String> {
    parse_amount(s, "Price per unit", "0.50")
}

/// A free threshold (units free in each cycle): a plain decimal ≥ 0, at most 12 decimal places.
pub fn parse_threshold(s: &str) -> Result<Decimal, String> {
    // Units, so an example in units (not 0.50, which reads as money).
    parse_amount(s, "Free threshold", "1000")
}

/// A price as the API writes it: no trailing zeros beyond the currency's minor units
/// ("0.50", "0.000001", "3" for JPY).
pub fn price_text(price: Decimal, currency: Currency) -> String {
    let mut p = price.normalize();
    if p.scale() < currency.minor_units {
        p.rescale(currency.minor_units);
    }
    p.to_string()
}

/// A quantity as the API writes it: exact, without trailing zeros ("250", "0.5").
pub fn quantity_text(q: Decimal) -> String {
    q.normalize().to_string()
}

/// An amount of money as the API writes it: exactly the currency's minor units ("75.00").
pub fn amount_text(amount: Decimal, currency: Currency) -> String {
    let mut a = amount.round_dp_with_strategy(
        currency.minor_units,
        rust_decimal::RoundingStrategy::MidpointAwayFromZero,
    );
    a.rescale(currency.minor_units);
    a.to_string()
}

/// A price with its currency, exact: up to 12 decimal places, trailing zeros trimmed down to
/// the currency's minor units — `$0.50`, `$0.000001`, `€1,234.50`, `0.125 CHF`.
pub fn format_price(price: Decimal, currency: Currency) -> String {
    let text = price_text(price, currency);
    let (integer, fraction) = text.split_once('.').unwrap_or((&text, ""));
    let mut number = integer
        .parse::<Decimal>()
        .map(format_quantity)
        .unwrap_or_else(|_| integer.to_string());
    if !fraction.is_empty() {
        number.push('.');
        number.push_str(fraction);
    }
    match currency.symbol() {
        Some(symbol) => format!("{symbol}{number}"),
        None => format!("{number} {}", currency.code),
    }
}

/// A unit label for one unit: `calls` → `call`, `tokens` → `token`; `GB`, `kWh` unchanged.
pub fn singular(unit: &str) -> &str {
    let u = unit.trim();
    match u.strip_suffix('s') {
        Some(stem) if stem.chars().count() > 1 && !stem.ends_with('s') => stem,
        _ => u,
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn singular_units() {
        assert_eq!(singular("calls"), "call");
        assert_eq!(singular("tokens"), "token");
        assert_eq!(singular("GB"), "GB");
        assert_eq!(singular("compute hours"), "compute hour");
        assert_eq!(singular("s"), "s");
        assert_eq!(singular("class"), "class");
    }

    #[test]
    fn prices_show_every_significant_digit() {
        let d = |s: &str| -> Decimal { s.parse().unwrap() };
        assert_eq!(format_price(d("0.500000000000"), Currency::USD), "$0.50");
        assert_eq!(format_price(d("0.000001"), Currency::USD), "$0.000001");
        assert_eq!(format_price(d("1234.5"), currency("EUR").unwrap()), "€1,234.50");
        assert_eq!(format_price(d("2"), currency("JPY").unwrap()), "¥2");
        assert_eq!(format_price(d("0.125"), currency("CHF").unwrap()), "0.125 CHF");
        assert_eq!(format_price(d("0"), Currency::USD), "$0.00");
    }
    use proptest::prelude::*;

    use super::*;

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn cur(code: &str) -> Currency {
        currency(code).unwrap()
    }

    fn charge(usage: &str, free: &str, price: &str, code: &str) -> String {
        let c = cur(code);
        format_money(line_charge(d(usage), d(free), d(price), c).unwrap().charge, c)
    }

    #[test]
    fn worked_examples() {
        assert_eq!(charge("1000", "0", "0.50", "USD"), "$500.00");
        assert_eq!(charge("500", "0", "0.50", "USD"), "$250.00");
        assert_eq!(charge("100", "0", "0.50", "USD"), "$50.00");
        let line = line_charge(d("250"), d("100"), d("0.50"), Currency::USD).unwrap();
        assert_eq!(line.chargeable, d("150"));
        assert_eq!(line.charge.to_string(), "75.00");
        assert_eq!(format_money(line.charge, Currency::USD), "$75.00");
        let none = line_charge(d("80"), d("100"), d("0.50"), Currency::USD).unwrap();
        assert_eq!(none.chargeable, Decimal::ZERO);
        assert_eq!(none.charge.to_string(), "0.00");
        assert_eq!(format_money(none.charge, Currency::USD), "$0.00");
    }

    #[test]
    fn rounding_once_half_up() {
        assert_eq!(
            line_charge(d("3"), d("0"), d("0.005"), Currency::USD)
                .unwrap()
                .charge
                .to_string(),
            "0.02"
        );
        assert_eq!(
            line_charge(d("1"), d("0"), d("0.004"), Currency::USD)
                .unwrap()
                .charge
                .to_string(),
            "0.00"
        );
        assert_eq!(
            line_charge(d("1"), d("0"), d("0.005"), Currency::USD)
                .unwrap()
                .charge
                .to_string(),
            "0.01"
        );
        // Rounding per unit would give 3 × 0.00 = 0.00; once on the total gives 0.01.
        assert_eq!(
            line_charge(d("3"), d("0"), d("0.004"), Currency::USD)
                .unwrap()
                .charge
                .to_string(),
            "0.01"
        );
        let jpy = cur("JPY");
        assert_eq!(
            line_charge(d("3"), d("0"), d("0.5"), jpy)
                .unwrap()
                .charge
                .to_string(),
            "2"
        );
        assert_eq!(
            line_charge(d("1234.5"), d("0"), d("1"), jpy)
                .unwrap()
                .charge
                .to_string(),
            "1235"
        );
        let kwd = cur("KWD");
        assert_eq!(
            line_charge(d("3"), d("0"), d("0.0005"), kwd)
                .unwrap()
                .charge
                .to_string(),
            "0.002"
        );
        assert_eq!(
            line_charge(d("7"), d("2"), d("1.1"), kwd)
                .unwrap()
                .charge
                .to_string(),
            "5.500"
        );
    }

    #[test]
    fn no_double_rounding_with_many_digits() {
        // The exact product 0.004999999999999999999999999999995 needs 33 decimal places; a
        // Decimal multiplication rounds it to 28 (0.005) before any cent rounding could happen.
        let (a, b) = (d("0.999999999999999"), d("0.005000000000000005"));
        assert_eq!(
            (a * b)
                .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
                .to_string(),
            "0.01"
        );
        assert_eq!(
            line_charge(a, Decimal::ZERO, b, Currency::USD)
                .unwrap()
                .charge
                .to_string(),
            "0.00"
        );
        let got = line_charge(
            d("123456.123456789012"),
            Decimal::ZERO,
            d("0.123456789012"),
            Currency::USD,
        );
        assert_eq!(got.unwrap().charge.to_string(), "15241.50");
    }

    #[test]
    fn overflow_and_negatives() {
        assert_eq!(
            line_charge(Decimal::MAX, Decimal::ZERO, d("2"), Currency::USD),
            Err(MoneyError::Overflow)
        );
        assert_eq!(
            line_charge(d("1"), d("0"), d("-1"), Currency::USD),
            Err(MoneyError::NegativePrice)
        );
        assert_eq!(
            line_charge(d("1"), d("-1"), d("1"), Currency::USD),
            Err(MoneyError::NegativeThreshold)
        );
        assert_eq!(
            line_charge(d("-5"), d("0"), d("1"), Currency::USD)
                .unwrap()
                .charge
                .to_string(),
            "0.00"
        );
    }

    #[test]
    fn money_formatting() {
        assert_eq!(format_money(d("75"), Currency::USD), "$75.00");
        assert_eq!(format_money(d("1234.5"), cur("EUR")), "€1,234.50");
        assert_eq!(format_money(d("1234.5"), cur("JPY")), "¥1,235");
        assert_eq!(format_money(d("1234.5"), cur("KWD")), "1,234.500 KWD");
        assert_eq!(format_money(d("1234567.891"), cur("CHF")), "1,234,567.89 CHF");
        assert_eq!(format_money(d("-5"), Currency::USD), "-$5.00");
        assert_eq!(format_money(d("-0.001"), Currency::USD), "$0.00");
        assert_eq!(format_money(d("0.005"), cur("GBP")), "£0.01");
        assert_eq!(format_money(d("999.999"), Currency::USD), "$1,000.00");
    }

    #[test]
    fn quantity_formatting() {
        assert_eq!(format_quantity(d("1234.50")), "1,234.5");
        assert_eq!(format_quantity(d("250")), "250");
        assert_eq!(format_quantity(d("250.000")), "250");
        assert_eq!(format_quantity(d("0.000001")), "0.000001");
        assert_eq!(format_quantity(d("-1234567")), "-1,234,567");
        assert_eq!(format_quantity(d("0.00")), "0");
        assert_eq!(format_quantity(d("100")), "100");
        assert_eq!(format_quantity(d("1000")), "1,000");
    }

    #[test]
    fn prices_and_thresholds() {
        assert_eq!(parse_price("0.50").unwrap().to_string(), "0.50");
        assert_eq!(parse_price(" 2 ").unwrap(), d("2"));
        assert_eq!(parse_price("0.000000000001").unwrap(), d("0.000000000001"));
        assert_eq!(parse_price("0").unwrap(), Decimal::ZERO);
        assert_eq!(parse_price("-0").unwrap().to_string(), "0");
        assert_eq!(
            parse_price("0.0000000000001").unwrap_err(),
            "Price per unit takes at most 12 decimal places."
        );
        assert_eq!(
            parse_price("-1").unwrap_err(),
            "Price per unit cannot be negative."
        );
        assert!(
            parse_price("abc")
                .unwrap_err()
                .starts_with("Price per unit must be a number")
        );
        assert!(parse_price("1e3").is_err());
        assert!(parse_price("$1").is_err());
        assert!(parse_price("1,000").is_err());
        assert!(parse_price("").unwrap_err().contains("required"));
        assert!(
            parse_price("12345678901234567")
                .unwrap_err()
                .contains("16 digits")
        );
        assert_eq!(parse_threshold("100").unwrap(), d("100"));
        assert_eq!(
            parse_threshold("-5").unwrap_err(),
            "Free threshold cannot be negative."
        );
        assert_eq!(
            parse_threshold("1.1234567890123").unwrap_err(),
            "Free threshold takes at most 12 decimal places."
        );
    }

    proptest! {
        #[test]
        fn matches_rust_decimal_when_exact(
            units in 0i64..1_000_000_000,
            units_scale in 0u32..6,
            price in 0i64..1_000_000_000,
            price_scale in 0u32..12,
            dp in 0u32..4,
        ) {
            let (u, p) = (Decimal::new(units, units_scale), Decimal::new(price, price_scale));
            let expected = (u * p).round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
            let got = multiply_and_round(u, p, dp).unwrap();
            prop_assert_eq!(got, expected);
            prop_assert_eq!(got.scale(), dp);
        }
    }
}
