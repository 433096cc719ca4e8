//! Numbers, quantities, money and percentages per language, exactly (from `Decimal`, never a
//! float).
//!
//! The conventions are CLDR's for the four locales, kept as small tables here instead of an
//! ICU data crate: four locales need a dozen facts each, and a table a reviewer can read beats
//! megabytes of generated data with its own release train.
//!
//! | | number | money (USD / EUR / other) | percent |
//! |---|---|---|---|
//! | en | `1,234,567.5` | `$1,234.50` / `€1,234.50` / `1,234.50 CHF` | `12.5%` |
//! | fr | `1 234 567,5` (U+202F) | `1 234,50 $US` / `1 234,50 €` / `1 234,50 CHF` (U+00A0 before the sign) | `12,5 %` (U+202F) |
//! | zh-CN | `1,234,567.5` | `US$1,234.50` / `€1,234.50` / `CHF 1,234.50` | `12.5%` |
//! | hi | `12,34,567.5` (Indian grouping) | `$1,234.50` / `€1,234.50` / `₹12,34,567.50` / `CHF 1,234.50` | `12.5%` |
//!
//! English is exactly what [`crate::metering::format_money`] and
//! [`crate::metering::format_quantity`] write (a test holds them together), so the English
//! portal does not change. Amounts keep the currency's minor-unit digits, rounded half-up once.
//! All four locales write Latin digits (CLDR's default numbering system for `hi` is `latn`).

use rust_decimal::{Decimal, RoundingStrategy};

use super::Lang;
use crate::metering::Currency;

/// The narrow no-break space CLDR uses as French group separator and before `%`.
pub const NARROW_NBSP: char = '\u{202F}';
/// The no-break space CLDR puts between an amount and its currency.
pub const NBSP: char = '\u{A0}';

struct Symbols {
    decimal: char,
    group: char,
    /// Indian grouping: the last three digits, then groups of two (`12,34,567`).
    indian: bool,
}

fn symbols(lang: Lang) -> Symbols {
    match lang {
        Lang::En | Lang::ZhCn => Symbols {
            decimal: '.',
            group: ',',
            indian: false,
        },
        Lang::Fr => Symbols {
            decimal: ',',
            group: NARROW_NBSP,
            indian: false,
        },
        Lang::Hi => Symbols {
            decimal: '.',
            group: ',',
            indian: true,
        },
    }
}

/// Groups a run of ASCII digits with the language's separator.
fn group_digits(lang: Lang, digits: &str) -> String {
    let s = symbols(lang);
    let n = digits.len();
    let mut out = String::with_capacity(n + n / 2 + 2);
    for (i, c) in digits.chars().enumerate() {
        let left = n - i;
        let boundary = if s.indian {
            left >= 3 && (left - 3) % 2 == 0
        } else {
            left % 3 == 0
        };
        if i > 0 && boundary {
            out.push(s.group);
        }
        out.push(c);
    }
    out
}

/// Sign, grouped integer digits, the language's decimal separator and the fraction as given.
fn compose(lang: Lang, negative: bool, integer: &str, fraction: &str) -> String {
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&group_digits(lang, integer));
    if !fraction.is_empty() {
        out.push(symbols(lang).decimal);
        out.push_str(fraction);
    }
    out
}

/// Splits the absolute value's plain text into integer and fraction digits.
fn digits(d: Decimal) -> (String, String) {
    let text = d.abs().to_string();
    match text.split_once('.') {
        Some((i, f)) => (i.to_owned(), f.to_owned()),
        None => (text, String::new()),
    }
}

/// A whole number: `1,234,567` / `1 234 567` / `12,34,567`.
pub fn integer(lang: Lang, n: i64) -> String {
    compose(lang, n < 0, &n.unsigned_abs().to_string(), "")
}

/// A quantity, exact, without trailing fractional zeros: `1,234.5`, `1 234,5`, `12,34,567.5`.
pub fn quantity(lang: Lang, q: Decimal) -> String {
    if q.is_zero() {
        return "0".to_owned();
    }
    let (i, f) = digits(q.normalize());
    compose(lang, q.is_sign_negative(), &i, &f)
}

/// A number rounded half-up to exactly `dp` decimal places: `decimal(Fr, 2.5, 2)` = `2,50`.
pub fn decimal(lang: Lang, d: Decimal, dp: u32) -> String {
    let mut r = d.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(dp);
    let (i, f) = digits(r);
    compose(lang, r.is_sign_negative() && !r.is_zero(), &i, &f)
}

/// A percentage (`value` in percent: 12.5 → `12.5%`), rounded half-up to at most `max_dp`
/// places, trailing zeros trimmed: `12.5%`, `12,5 %`.
pub fn percent(lang: Lang, value: Decimal, max_dp: u32) -> String {
    let r = value
        .round_dp_with_strategy(max_dp, RoundingStrategy::MidpointAwayFromZero)
        .normalize();
    let number = quantity(lang, r);
    match lang {
        Lang::Fr => format!("{number}{NARROW_NBSP}%"),
        Lang::En | Lang::ZhCn | Lang::Hi => format!("{number}%"),
    }
}

/// Where the currency goes and how it is written.
enum Placement {
    /// `$1,234.50`
    Before(&'static str),
    /// `CHF 1,234.50` (a code beside the digits takes a no-break space)
    BeforeSpaced(&'static str),
    /// `1 234,50 €` / `1,234.50 CHF`
    After(&'static str),
}

/// The currency's sign in this language, after CLDR: the symbol where it is unambiguous to the
/// locale's readers, else the ISO code.
fn placement(lang: Lang, currency: Currency) -> Placement {
    let code = currency.code;
    match lang {
        // The portal's English, unchanged: the symbols `Currency::symbol` knows, else the code
        // after the amount.
        Lang::En => match currency.symbol() {
            Some(symbol) => Placement::Before(symbol),
            None => Placement::After(code),
        },
        Lang::Fr => Placement::After(match code {
            "EUR" => "€",
            "USD" => "$US",
            "GBP" => "£GB",
            "INR" => "₹",
            _ => code,
        }),
        Lang::ZhCn => match code {
            "CNY" => Placement::Before("¥"),
            "USD" => Placement::Before("US$"),
            "EUR" => Placement::Before("€"),
            "GBP" => Placement::Before("£"),
            "JPY" => Placement::Before("JP¥"),
            "INR" => Placement::Before("₹"),
            _ => Placement::BeforeSpaced(code),
        },
        Lang::Hi => match code {
            "INR" => Placement::Before("₹"),
            "USD" => Placement::Before("$"),
            "EUR" => Placement::Before("€"),
            "GBP" => Placement::Before("£"),
            "JPY" => Placement::Before("JP¥"),
            "CNY" => Placement::Before("CN¥"),
            _ => Placement::BeforeSpaced(code),
        },
    }
}

fn with_currency(lang: Lang, negative: bool, number: &str, currency: Currency) -> String {
    let sign = if negative { "-" } else { "" };
    match placement(lang, currency) {
        Placement::Before(s) => format!("{sign}{s}{number}"),
        Placement::BeforeSpaced(s) => format!("{sign}{s}{NBSP}{number}"),
        Placement::After(s) if lang == Lang::En => format!("{sign}{number} {s}"),
        Placement::After(s) => format!("{sign}{number}{NBSP}{s}"),
    }
}

/// An amount with its currency and exactly the currency's minor-unit digits, rounded half-up:
/// `$1,234.50`, `1 234,50 €`, `US$1,234.50`, `₹12,34,567.50`, `¥1,235`.
pub fn money(lang: Lang, amount: Decimal, currency: Currency) -> String {
    let dp = currency.minor_units;
    let mut r = amount.round_dp_with_strategy(dp, RoundingStrategy::MidpointAwayFromZero);
    r.rescale(dp);
    let (i, f) = digits(r);
    let number = compose(lang, false, &i, &f);
    with_currency(lang, r.is_sign_negative() && !r.is_zero(), &number, currency)
}

/// A price per unit with its currency, exact: every significant digit, at least the currency's
/// minor-unit digits: `$0.50`, `0,000001 $US`, `₹0.125`.
pub fn price(lang: Lang, price: Decimal, currency: Currency) -> String {
    let mut p = price.normalize();
    if p.scale() < currency.minor_units {
        p.rescale(currency.minor_units);
    }
    let (i, f) = digits(p);
    let number = compose(lang, false, &i, &f);
    with_currency(lang, p.is_sign_negative() && !p.is_zero(), &number, currency)
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use super::*;
    use crate::metering::{currency, format_money, format_quantity};

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    fn cur(code: &str) -> Currency {
        currency(code).unwrap()
    }

    /// Writes U+202F as `⍽` and U+00A0 as `·` so expectations show which space is which.
    fn spaces(s: String) -> String {
        s.replace(NARROW_NBSP, "⍽").replace(NBSP, "·")
    }

    #[test]
    fn grouping_per_locale() {
        let n = d("1234567.5");
        assert_eq!(quantity(Lang::En, n), "1,234,567.5");
        assert_eq!(spaces(quantity(Lang::Fr, n)), "1⍽234⍽567,5");
        assert_eq!(quantity(Lang::ZhCn, n), "1,234,567.5");
        assert_eq!(quantity(Lang::Hi, n), "12,34,567.5");
        assert_eq!(quantity(Lang::Hi, d("123456789012")), "1,23,45,67,89,012");
        assert_eq!(quantity(Lang::Hi, d("1000")), "1,000");
        assert_eq!(quantity(Lang::Hi, d("100000")), "1,00,000");
        assert_eq!(quantity(Lang::Hi, d("999")), "999");
        assert_eq!(quantity(Lang::Fr, d("999")), "999");
        assert_eq!(quantity(Lang::Fr, d("0.000001")), "0,000001");
        assert_eq!(quantity(Lang::Fr, d("-1234.50")), "-1\u{202F}234,5");
        assert_eq!(quantity(Lang::Hi, d("0.00")), "0");
        assert_eq!(integer(Lang::Hi, 1_234_567), "12,34,567");
        assert_eq!(spaces(integer(Lang::Fr, -1_234_567)), "-1⍽234⍽567");
        assert_eq!(integer(Lang::En, i64::MIN), "-9,223,372,036,854,775,808");
        assert_eq!(decimal(Lang::Fr, d("2.5"), 2), "2,50");
        assert_eq!(decimal(Lang::Hi, d("1234567.005"), 2), "12,34,567.01");
        assert_eq!(decimal(Lang::En, d("-0.001"), 2), "0.00");
    }

    #[test]
    fn money_per_locale() {
        let (usd, eur, inr) = (Currency::USD, cur("EUR"), cur("INR"));
        let a = d("1234.5");
        assert_eq!(money(Lang::En, a, usd), "$1,234.50");
        assert_eq!(money(Lang::En, a, eur), "€1,234.50");
        assert_eq!(money(Lang::En, a, cur("CHF")), "1,234.50 CHF");
        assert_eq!(spaces(money(Lang::Fr, a, eur)), "1⍽234,50·€");
        assert_eq!(money(Lang::Fr, a, eur), "1\u{202F}234,50\u{A0}€");
        assert_eq!(spaces(money(Lang::Fr, a, usd)), "1⍽234,50·$US");
        assert_eq!(spaces(money(Lang::Fr, a, cur("CHF"))), "1⍽234,50·CHF");
        assert_eq!(spaces(money(Lang::Fr, d("-5"), eur)), "-5,00·€");
        assert_eq!(money(Lang::ZhCn, a, usd), "US$1,234.50");
        assert_eq!(money(Lang::ZhCn, a, cur("CNY")), "¥1,234.50");
        assert_eq!(money(Lang::ZhCn, a, cur("JPY")), "JP¥1,235");
        assert_eq!(spaces(money(Lang::ZhCn, a, cur("CHF"))), "CHF·1,234.50");
        assert_eq!(money(Lang::Hi, d("1234567.5"), inr), "₹12,34,567.50");
        assert_eq!(money(Lang::Hi, a, usd), "$1,234.50");
        assert_eq!(
            spaces(money(Lang::Hi, d("1234567.891"), cur("KWD"))),
            "KWD·12,34,567.891"
        );
        assert_eq!(money(Lang::Hi, d("-0.004"), inr), "₹0.00", "no negative zero");
        assert_eq!(money(Lang::ZhCn, d("-5"), usd), "-US$5.00");
    }

    #[test]
    fn prices_keep_every_significant_digit() {
        assert_eq!(price(Lang::En, d("0.500000"), Currency::USD), "$0.50");
        assert_eq!(
            spaces(price(Lang::Fr, d("0.000001"), Currency::USD)),
            "0,000001·$US"
        );
        assert_eq!(price(Lang::Hi, d("123456.125"), cur("INR")), "₹1,23,456.125");
        assert_eq!(price(Lang::ZhCn, d("2"), cur("JPY")), "JP¥2");
    }

    #[test]
    fn percentages() {
        assert_eq!(percent(Lang::En, d("12.5"), 1), "12.5%");
        assert_eq!(spaces(percent(Lang::Fr, d("12.5"), 1)), "12,5⍽%");
        assert_eq!(percent(Lang::ZhCn, d("12.46"), 1), "12.5%");
        assert_eq!(percent(Lang::Hi, d("150000"), 0), "1,50,000%");
        assert_eq!(percent(Lang::En, d("100.00"), 2), "100%");
    }

    proptest! {
        /// The English portal keeps exactly the formatting it had.
        #[test]
        fn english_is_the_existing_formatting(
            mantissa in any::<i64>(),
            scale in 0u32..10,
            code in prop::sample::select(vec!["USD", "EUR", "JPY", "KWD", "CHF", "INR", "GBP"]),
        ) {
            let value = Decimal::new(mantissa, scale);
            let c = cur(code);
            prop_assert_eq!(money(Lang::En, value, c), format_money(value, c));
            prop_assert_eq!(quantity(Lang::En, value), format_quantity(value));
        }

        /// Every locale writes the same digits; only separators and signs differ.
        #[test]
        fn locales_differ_only_in_separators(mantissa in any::<i64>(), scale in 0u32..10) {
            let value = Decimal::new(mantissa, scale);
            let plain = |s: String| -> String {
                s.chars().map(|c| if c == ',' { '.' } else { c })
                    .filter(|c| c.is_ascii_digit() || *c == '.' || *c == '-').collect()
            };
            let en: String = quantity(Lang::En, value).chars().filter(|c| *c != ',').collect();
            prop_assert_eq!(plain(quantity(Lang::Fr, value)), en.clone());
            let hi: String = quantity(Lang::Hi, value).chars().filter(|c| *c != ',').collect();
            prop_assert_eq!(hi, en.clone());
            prop_assert_eq!(quantity(Lang::ZhCn, value), quantity(Lang::En, value));
        }
    }
}
