//! The number rules of metadata ("Numbers in metadata" in the spec).
//!
//! A metadata value is *numeric* when it is a JSON number or a string that is a *plain decimal
//! numeral*: `^-?[0-9]{1,16}(\.[0-9]{1,12})?$` — no `+`, no exponent, no spaces, no leading or
//! trailing `.`, at most 16 integer and 12 fractional digits (so it always fits a [`Decimal`]).
//!
//! JSON numbers are judged by the text PostgreSQL's `jsonb` prints for them ([`number_text`]):
//! the text as written for plain numerals (`1.50` stays `1.50`, `-0` becomes `0`), and the plain
//! expansion of exponent forms (`1e3` → `1000`). Ingest stores numbers in that form
//! ([`canonical_number`]), so the Rust evaluator and the SQL functions in [`SQL_FUNCTIONS`] see
//! the same text.

use std::borrow::Cow;

use rust_decimal::Decimal;
use serde_json::{Number, Value};

/// Most digits before the decimal point of a plain numeral.
pub const MAX_INTEGER_DIGITS: usize = 16;
/// Most digits after the decimal point of a plain numeral.
pub const MAX_FRACTION_DIGITS: usize = 12;

/// The plain-numeral rule as a PostgreSQL regular expression (`[.]` avoids backslash quoting).
pub const NUMERAL_PATTERN: &str = "^-?[0-9]{1,16}([.][0-9]{1,12})?$";

/// The SQL functions the compiled filters use (see `filter::Filter::to_sql`). Paste into a
/// migration. Both are `IMMUTABLE`, `PARALLEL SAFE`, non-`STRICT` single-`SELECT` SQL functions,
/// so the planner inlines them; both return NULL for a NULL argument (a missing key).
///
/// - `md_num(v)`: the numeric value of a JSON number or numeral string matching
///   [`NUMERAL_PATTERN`], else NULL (the same rule as [`value_number`]). A number is judged
///   without the pattern: the text `jsonb` prints for it has no exponent, its integer digits
///   and its scale, so at most 12 fraction digits and below 10^16 is the pattern's rule (and
///   three times cheaper than matching it, per value a meter reads in SQL). The migration
///   `2026-12-01-000019_numbers_without_a_regex` replaced the pattern-only form, and an
///   integration test compares the two on real PostgreSQL.
/// - `md_text(v)`: the text of a string, number or boolean, else NULL (as [`value_text`]).
pub const SQL_FUNCTIONS: &str = r#"CREATE OR REPLACE FUNCTION md_num(v jsonb) RETURNS numeric
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
        SELECT CASE
            WHEN jsonb_typeof(v) = 'number'
                 AND scale(v::numeric) <= 12 AND abs(v::numeric) < 10000000000000000
            THEN v::numeric
            WHEN jsonb_typeof(v) = 'string'
                 AND (v #>> '{}') ~ '^-?[0-9]{1,16}([.][0-9]{1,12})?$'
            THEN (v #>> '{}')::numeric
        END
    $$;

CREATE OR REPLACE FUNCTION md_text(v jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
        SELECT CASE
            WHEN jsonb_typeof(v) IN ('string', 'number', 'boolean') THEN v #>> '{}'
        END
    $$;
"#;

/// The SQL twin of [`distinct_text`], created by the aggregations migration: the value a
/// `unique_count` meter counts, as text — a numeric value without trailing fraction zeros
/// (`1`, `1.0` and `"1"` are all `1`), else the text of a string or boolean; NULL for a missing
/// key, null, arrays and objects. Inlined like the functions of [`SQL_FUNCTIONS`].
pub const DISTINCT_SQL_FUNCTION: &str = r#"CREATE OR REPLACE FUNCTION md_distinct(v jsonb) RETURNS text
    LANGUAGE sql IMMUTABLE PARALLEL SAFE
    AS $$
        SELECT CASE
            WHEN md_num(v) IS NOT NULL THEN trim_scale(md_num(v))::text
            ELSE md_text(v)
        END
    $$;
"#;

/// The value a `unique_count` meter counts: values compare by their text with numbers
/// normalised, so a numeric value (see [`value_number`]) is its decimal without trailing
/// fraction zeros or a negative zero's sign (`1.50`, `"1.5"` → `1.5`; `-0` → `0`), and any
/// other string or boolean is its text ([`value_text`]). `None` for null, arrays and objects.
pub fn distinct_text(v: &Value) -> Option<String> {
    match value_number(v) {
        Some(n) => Some(n.normalize().to_string()),
        None => value_text(v),
    }
}

/// How a piece of text relates to the plain-numeral rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Shape {
    /// Digits, an optional `-` and an optional `.` with digits on both sides.
    Plain {
        negative: bool,
        integer_digits: usize,
        fraction_digits: usize,
    },
    /// Anything else.
    NotNumeral,
}

impl Shape {
    pub(crate) fn of(s: &str) -> Shape {
        let (negative, unsigned) = match s.strip_prefix('-') {
            Some(rest) => (true, rest),
            None => (false, s),
        };
        let (int, frac) = match unsigned.split_once('.') {
            Some((int, frac)) => (int, Some(frac)),
            None => (unsigned, None),
        };
        let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
        if !all_digits(int) || frac.is_some_and(|f| !all_digits(f)) {
            return Shape::NotNumeral;
        }
        Shape::Plain {
            negative,
            integer_digits: int.len(),
            fraction_digits: frac.map_or(0, str::len),
        }
    }

    /// Plain and within the digit limits.
    pub(crate) fn fits(self) -> bool {
        matches!(self, Shape::Plain { integer_digits, fraction_digits, .. }
            if integer_digits <= MAX_INTEGER_DIGITS && fraction_digits <= MAX_FRACTION_DIGITS)
    }
}

/// Parses a plain decimal numeral (see the module docs); `None` for anything else. Never uses
/// floating point; the scale is kept as written (`"1.50"` has scale 2).
pub fn numeral(s: &str) -> Option<Decimal> {
    if !Shape::of(s).fits() {
        return None;
    }
    // At most 28 digits: always representable exactly.
    Decimal::from_str_exact(s).ok()
}

/// The text PostgreSQL prints for this JSON number once stored in `jsonb` (its `numeric`
/// output): plain numerals as written except that a negative zero loses its sign, exponent
/// forms expanded (`1.5e1` → `15`, `1e-3` → `0.001`). Falls back to the text as written when
/// the number does not fit a [`Decimal`].
pub fn number_text(n: &Number) -> Cow<'_, str> {
    let raw = n.as_str();
    if let Shape::Plain { negative, .. } = Shape::of(raw) {
        if negative && raw.bytes().all(|b| matches!(b, b'-' | b'0' | b'.')) {
            return Cow::Owned(raw[1..].to_owned());
        }
        return Cow::Borrowed(raw);
    }
    if raw.contains(['e', 'E']) {
        if let Ok(mut d) = Decimal::from_scientific(raw) {
            if d.is_zero() {
                d.set_sign_positive(true);
            }
            return Cow::Owned(d.to_string());
        }
    }
    Cow::Borrowed(raw)
}

/// Normalises an incoming JSON number for storage: a number whose [`number_text`] is a plain
/// numeral comes back with exactly that text (`1.50` stays `1.50`, `1e3` becomes `1000`,
/// `-0` becomes `0`); `None` when it has too many digits to be read as a number
/// (`12345678901234567`, `1e-20`, `1e400`).
pub fn canonical_number(n: &Number) -> Option<Number> {
    let mut c = n.clone();
    canonicalize(&mut c).then_some(c)
}

/// [`canonical_number`] in place: leaves `n` alone when its text is canonical already (most
/// numbers: nothing is parsed or copied) and rewrites it otherwise; `false` (and `n` untouched)
/// when it has too many digits.
pub fn canonicalize(n: &mut Number) -> bool {
    let text = number_text(n);
    if !Shape::of(&text).fits() {
        return false;
    }
    let Cow::Owned(text) = text else {
        return true;
    };
    match serde_json::from_str::<Number>(&text) {
        Ok(c) => {
            *n = c;
            true
        }
        Err(_) => false,
    }
}

/// The numeric value of a metadata value: a JSON number whose text is a plain numeral, or a
/// string that is one. Booleans, null, arrays and objects are never numeric.
pub fn value_number(v: &Value) -> Option<Decimal> {
    match v {
        Value::Number(n) => numeral(&number_text(n)),
        Value::String(s) => numeral(s),
        _ => None,
    }
}

/// The text of a metadata value, as `contains` and text `equals` see it: a string itself, a
/// number's text, `"true"` / `"false"`; `None` for null, arrays and objects.
pub fn value_text(v: &Value) -> Option<String> {
    scalar_text(v).map(Cow::into_owned)
}

/// [`value_text`] without allocating for strings.
pub(crate) fn scalar_text(v: &Value) -> Option<Cow<'_, str>> {
    match v {
        Value::String(s) => Some(Cow::Borrowed(s.as_str())),
        Value::Number(n) => Some(number_text(n)),
        Value::Bool(true) => Some(Cow::Borrowed("true")),
        Value::Bool(false) => Some(Cow::Borrowed("false")),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

/// A metadata value as the portal shows it in reasons: strings in JSON quotes, numbers and
/// booleans bare, `null`, and "a list" / "an object" for the rest.
pub(crate) fn show_value(v: &Value) -> String {
    match v {
        Value::String(_) => v.to_string(),
        Value::Number(n) => number_text(n).into_owned(),
        Value::Bool(b) => b.to_string(),
        Value::Null => "null".to_owned(),
        Value::Array(_) => "a list".to_owned(),
        Value::Object(_) => "an object".to_owned(),
    }
}

#[cfg(test)]
mod tests {

    #[test]
    fn the_migration_creates_exactly_these_sql_functions() {
        // The latest migration that defines them.
        let migration = include_str!("../../migrations/2026-12-01-000019_numbers_without_a_regex/up.sql");
        assert!(
            migration.contains(SQL_FUNCTIONS.trim()),
            "md_num/md_text differ between numeric.rs and the migration"
        );
    }
    use std::str::FromStr;

    use serde_json::json;

    use super::*;

    fn dec(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn num(text: &str) -> Number {
        serde_json::from_str(text).unwrap()
    }

    #[test]
    fn numerals_accepted() {
        assert_eq!(numeral("400"), Some(dec("400")));
        assert_eq!(numeral("-2.5"), Some(dec("-2.5")));
        assert_eq!(numeral("0"), Some(Decimal::ZERO));
        assert_eq!(numeral("1.50").map(|d| d.to_string()), Some("1.50".to_owned()));
        assert!(numeral("1234567890123456").is_some());
        assert!(numeral("-1234567890123456.123456789012").is_some());
        assert!(numeral("007").is_some());
    }

    #[test]
    fn numerals_refused() {
        for s in [
            "+1",
            "1e3",
            " 1",
            "1 ",
            ".5",
            "1.",
            "abc",
            "",
            "-",
            "-.5",
            "1.2.3",
            "--1",
            "1,000",
            "12345678901234567",
            "0.1234567890123",
            "١٢",
            "1_000",
            "NaN",
            "Infinity",
        ] {
            assert_eq!(numeral(s), None, "{s:?}");
        }
    }

    #[test]
    fn values_numeric_or_not() {
        assert_eq!(value_number(&json!(400)), Some(dec("400")));
        assert_eq!(value_number(&json!("400")), Some(dec("400")));
        assert_eq!(value_number(&json!("-2.5")), Some(dec("-2.5")));
        assert_eq!(value_number(&Value::Number(num("1.50"))), Some(dec("1.5")));
        assert_eq!(value_number(&Value::Number(num("1e3"))), Some(dec("1000")));
        assert_eq!(value_number(&Value::Number(num("12345678901234567"))), None);
        assert_eq!(value_number(&json!("1e3")), None);
        assert_eq!(value_number(&json!(" 4")), None);
        assert_eq!(value_number(&json!(true)), None);
        assert_eq!(value_number(&json!(null)), None);
        assert_eq!(value_number(&json!([1])), None);
        assert_eq!(value_number(&json!({"a": 1})), None);
    }

    #[test]
    fn texts() {
        assert_eq!(value_text(&json!("eu")), Some("eu".to_owned()));
        assert_eq!(value_text(&Value::Number(num("1.50"))), Some("1.50".to_owned()));
        assert_eq!(value_text(&Value::Number(num("2.5E2"))), Some("250".to_owned()));
        assert_eq!(value_text(&json!(true)), Some("true".to_owned()));
        assert_eq!(value_text(&json!(false)), Some("false".to_owned()));
        assert_eq!(value_text(&json!(null)), None);
        assert_eq!(value_text(&json!([])), None);
        assert_eq!(value_text(&json!({})), None);
    }

    #[test]
    fn canonical_numbers_follow_postgres_numeric_output() {
        let canon = |s: &str| canonical_number(&num(s)).map(|n| n.as_str().to_owned());
        assert_eq!(canon("1.50").as_deref(), Some("1.50"));
        assert_eq!(canon("400").as_deref(), Some("400"));
        assert_eq!(canon("-2.5").as_deref(), Some("-2.5"));
        assert_eq!(canon("1e3").as_deref(), Some("1000"));
        assert_eq!(canon("1E3").as_deref(), Some("1000"));
        assert_eq!(canon("1.0e3").as_deref(), Some("1000"));
        assert_eq!(canon("1.5e1").as_deref(), Some("15"));
        assert_eq!(canon("1.50e-1").as_deref(), Some("0.150"));
        assert_eq!(canon("15e-1").as_deref(), Some("1.5"));
        assert_eq!(canon("0e-3").as_deref(), Some("0.000"));
        assert_eq!(canon("-0").as_deref(), Some("0"));
        assert_eq!(canon("-0.00").as_deref(), Some("0.00"));
        assert_eq!(canon("-0e2").as_deref(), Some("0"));
        assert_eq!(canon("12345678901234567"), None);
        assert_eq!(canon("0.1234567890123"), None);
        assert_eq!(canon("1e-20"), None);
        assert_eq!(canon("1e400"), None);
        assert_eq!(canon("1e17"), None);
    }

    #[test]
    fn canonicalize_rewrites_only_what_is_not_canonical_and_leaves_a_refused_number_as_written() {
        let run = |s: &str| {
            let mut n = num(s);
            let ok = canonicalize(&mut n);
            (ok, n.as_str().to_owned())
        };
        assert_eq!(run("1.50"), (true, "1.50".to_owned()));
        assert_eq!(run("1e3"), (true, "1000".to_owned()));
        assert_eq!(run("-0"), (true, "0".to_owned()));
        assert_eq!(run("12345678901234567"), (false, "12345678901234567".to_owned()));
        assert_eq!(run("1e-20"), (false, "1e-20".to_owned()));
    }

    #[test]
    fn canonical_number_serialises_with_its_text() {
        let n = canonical_number(&num("1e3")).unwrap();
        assert_eq!(serde_json::to_string(&Value::Number(n)).unwrap(), "1000");
    }

    #[test]
    fn sql_functions_use_the_same_pattern() {
        assert!(SQL_FUNCTIONS.contains(NUMERAL_PATTERN));
        assert!(SQL_FUNCTIONS.contains("md_num(v jsonb) RETURNS numeric"));
        assert!(SQL_FUNCTIONS.contains("md_text(v jsonb) RETURNS text"));
        assert_eq!(SQL_FUNCTIONS.matches("IMMUTABLE PARALLEL SAFE").count(), 2);
        // A number's rule, without the pattern: 16 integer digits (below 10^16), 12 of scale.
        assert!(SQL_FUNCTIONS.contains("scale(v::numeric) <= 12 AND abs(v::numeric) < 10000000000000000"));
        assert_eq!(10_000_000_000_000_000_u64, 10_u64.pow(MAX_INTEGER_DIGITS as u32));
        assert_eq!(MAX_FRACTION_DIGITS, 12);
        assert!(!SQL_FUNCTIONS.contains("STRICT"), "STRICT would block inlining");
    }

    #[test]
    fn distinct_texts_normalise_numbers_only() {
        let d = |v: Value| distinct_text(&v);
        assert_eq!(d(json!(1)), Some("1".to_owned()));
        assert_eq!(d(Value::Number(num("1.0"))), Some("1".to_owned()));
        assert_eq!(d(json!("1")), Some("1".to_owned()));
        assert_eq!(d(json!("1.50")), Some("1.5".to_owned()));
        assert_eq!(d(json!("007")), Some("7".to_owned()));
        assert_eq!(d(json!("-0.00")), Some("0".to_owned()));
        assert_eq!(d(json!("100")), Some("100".to_owned()));
        assert_eq!(d(json!("0.000000000001")), Some("0.000000000001".to_owned()));
        assert_eq!(d(json!("1e3")), Some("1e3".to_owned()));
        assert_eq!(d(json!(" 1")), Some(" 1".to_owned()));
        assert_eq!(
            d(json!("12345678901234567")),
            Some("12345678901234567".to_owned())
        );
        assert_eq!(d(json!("u_1")), Some("u_1".to_owned()));
        assert_eq!(d(json!(true)), Some("true".to_owned()));
        assert_eq!(d(json!(null)), None);
        assert_eq!(d(json!([1])), None);
    }

    #[test]
    fn the_aggregations_migration_creates_md_distinct() {
        let migration = include_str!("../../migrations/2026-11-30-000012_aggregations/up.sql");
        assert!(
            migration.contains(DISTINCT_SQL_FUNCTION.trim()),
            "md_distinct differs between numeric.rs and the migration"
        );
        assert!(
            !DISTINCT_SQL_FUNCTION.contains("STRICT"),
            "STRICT would block inlining"
        );
    }

    #[test]
    fn shown_values() {
        assert_eq!(show_value(&json!("a\"b")), r#""a\"b""#);
        assert_eq!(show_value(&json!(3)), "3");
        assert_eq!(show_value(&json!(null)), "null");
        assert_eq!(show_value(&json!([1])), "a list");
    }
}
