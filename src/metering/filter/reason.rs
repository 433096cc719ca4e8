//! Why a group or condition of a filter held or not, as data: the portal words it in the
//! operator's language, [`std::fmt::Display`] in English (the API, logs, tests).

use std::fmt;

use super::Conjunction;

/// How an event's value stood to a condition's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Relation {
    Equals,
    NotEqual,
    /// Equal as numbers though written differently (`"1.50"` and `1.5`).
    EqualsAsNumbers,
    NotEqualAsNumbers,
    Greater,
    NotGreater,
    GreaterOrEqual,
    Less,
    NotLess,
    LessOrEqual,
    Contains,
    NotContains,
    /// Not equal, but equal ignoring letter case.
    NotEqualCaseDiffers,
    /// Not contained, but contained ignoring letter case.
    NotContainsCaseDiffers,
}

impl Relation {
    pub const ALL: [Relation; 14] = [
        Relation::Equals,
        Relation::NotEqual,
        Relation::EqualsAsNumbers,
        Relation::NotEqualAsNumbers,
        Relation::Greater,
        Relation::NotGreater,
        Relation::GreaterOrEqual,
        Relation::Less,
        Relation::NotLess,
        Relation::LessOrEqual,
        Relation::Contains,
        Relation::NotContains,
        Relation::NotEqualCaseDiffers,
        Relation::NotContainsCaseDiffers,
    ];

    /// The words between the two values, in English.
    fn english(self) -> (&'static str, &'static str) {
        match self {
            Relation::Equals => ("equals", ""),
            Relation::NotEqual => ("does not equal", ""),
            Relation::EqualsAsNumbers => ("equals", " (compared as numbers)"),
            Relation::NotEqualAsNumbers => ("does not equal", " (compared as numbers)"),
            Relation::Greater => ("is greater than", ""),
            Relation::NotGreater => ("is not greater than", ""),
            Relation::GreaterOrEqual => ("is greater than or equal to", ""),
            Relation::Less => ("is less than", ""),
            Relation::NotLess => ("is not less than", ""),
            Relation::LessOrEqual => ("is less than or equal to", ""),
            Relation::Contains => ("contains", ""),
            Relation::NotContains => ("does not contain", ""),
            Relation::NotEqualCaseDiffers => (
                "does not equal",
                " (letter case differs; comparisons are case-sensitive)",
            ),
            Relation::NotContainsCaseDiffers => (
                "does not contain",
                " (letter case differs; comparisons are case-sensitive)",
            ),
        }
    }
}

/// Why one node of an explanation held or not. Values and keys are as shown in messages:
/// text JSON-quoted (`"eu"`), numbers and booleans as written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Reason {
    /// A group: `holding` of its `total` clauses held.
    Group {
        conjunction: Conjunction,
        holding: usize,
        total: usize,
    },
    /// The event has no such key.
    KeyMissing { key: String },
    /// The key's value is null.
    KeyNull { key: String },
    /// The key holds a list.
    KeyHoldsList { key: String },
    /// The key holds an object.
    KeyHoldsObject { key: String },
    /// An ordering comparator with a filter value that is not a number (refused by validation).
    FilterNotNumber { filter: String },
    /// An ordering comparator with an event value that is not a number.
    NotNumber { value: String },
    /// The two values compared.
    Compared {
        value: String,
        relation: Relation,
        filter: String,
    },
}

impl fmt::Display for Reason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Reason::Group {
                conjunction,
                holding,
                total,
            } => {
                let need = match conjunction {
                    Conjunction::And => "all must hold",
                    Conjunction::Or => "one is enough",
                };
                let clauses = if *total == 1 {
                    "clause holds"
                } else {
                    "clauses hold"
                };
                write!(f, "{holding} of {total} {clauses}; {need}")
            }
            Reason::KeyMissing { key } => write!(f, "key {key} is missing"),
            Reason::KeyNull { key } => write!(f, "key {key} is null"),
            Reason::KeyHoldsList { key } => write!(f, "key {key} holds a list"),
            Reason::KeyHoldsObject { key } => write!(f, "key {key} holds an object"),
            Reason::FilterNotNumber { filter } => write!(f, "the filter value {filter} is not a number"),
            Reason::NotNumber { value } => write!(f, "{value} is not a number"),
            Reason::Compared {
                value,
                relation,
                filter,
            } => {
                let (words, note) = relation.english();
                write!(f, "{value} {words} {filter}{note}")
            }
        }
    }
}
