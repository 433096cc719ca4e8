//! What is wrong with a filter, as data ([`FilterProblem`]); `parse` puts it with its path.

use std::fmt;

use super::{MAX_CLAUSES, MAX_DEPTH, MAX_KEY_CHARS, MAX_TEXT_VALUE_CHARS, Operator};
use crate::metering::numeric;

/// What is wrong with a filter, as data: the portal words it in the operator's language,
/// `to_string` in English (the API's message).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FilterProblem {
    KeyEmpty,
    KeyTooLong {
        chars: usize,
    },
    /// A key or text value holds NUL.
    Nul,
    ValueTooLong {
        chars: usize,
    },
    /// An ordering comparator with a value that is not a number; `too_many_digits` holds the
    /// value when it is a number with too many digits.
    NeedsNumber {
        operator: Operator,
        too_many_digits: Option<String>,
    },
    /// A JSON number with too many digits.
    NumberTooManyDigits {
        value: String,
    },
    TooDeep,
    GroupEmpty,
    GroupTooMany {
        count: usize,
    },
    /// `given` is JSON-quoted.
    UnknownOperator {
        given: String,
    },
    UnknownConjunction {
        given: String,
    },
    /// The JSON's shape (a missing or unknown field, a wrong type): only hand-written JSON or a
    /// tampered form gets here; the message says it in English.
    Shape(String),
}

impl fmt::Display for FilterProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (int, frac) = (numeric::MAX_INTEGER_DIGITS, numeric::MAX_FRACTION_DIGITS);
        match self {
            FilterProblem::KeyEmpty => {
                f.write_str(r#"must not be empty; give the metadata key to test, e.g. "region""#)
            }
            FilterProblem::KeyTooLong { chars } => {
                write!(f, "is {chars} characters long; keys have at most {MAX_KEY_CHARS}")
            }
            FilterProblem::Nul => f.write_str("must not contain the NUL character"),
            FilterProblem::ValueTooLong { chars } => write!(
                f,
                "is {chars} characters long; text values have at most {MAX_TEXT_VALUE_CHARS}"
            ),
            FilterProblem::NeedsNumber {
                operator,
                too_many_digits,
            } => {
                write!(f, "{operator} compares numbers; give a number such as 100")?;
                match too_many_digits {
                    Some(v) => write!(
                        f,
                        " ({v} has too many digits: at most {int} before and {frac} after the decimal point)"
                    ),
                    None => Ok(()),
                }
            }
            FilterProblem::NumberTooManyDigits { value } => write!(
                f,
                "{value} has too many digits; numbers have at most {int} digits before and {frac} after the \
                 decimal point"
            ),
            FilterProblem::TooDeep => write!(
                f,
                "Groups nest at most {MAX_DEPTH} levels deep. Move this group's clauses up a level."
            ),
            FilterProblem::GroupEmpty => write!(
                f,
                "A group holds 1 to {MAX_CLAUSES} clauses; this one has none. Add a condition or remove the group."
            ),
            FilterProblem::GroupTooMany { count } => write!(
                f,
                "A group holds 1 to {MAX_CLAUSES} clauses; this one has {count}. Split it into nested groups."
            ),
            FilterProblem::UnknownOperator { given } => {
                write!(
                    f,
                    "unknown operator {given}; use one of {}",
                    Operator::api_names()
                )
            }
            FilterProblem::UnknownConjunction { given } => {
                write!(f, r#"unknown conjunction {given}; use "and" or "or""#)
            }
            FilterProblem::Shape(m) => f.write_str(m),
        }
    }
}
