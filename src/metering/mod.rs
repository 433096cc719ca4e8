//! The pure metering core: filter trees, numeric rules, aggregations, billing cycles, charges.
//! No I/O, no database, no web types: everything here is called from the rest of the crate and
//! calls nothing back.
//!
//! - [`numeric`]: when a metadata value is a number (plain decimal numerals), the texts filters
//!   compare, the value a unique count counts, and [`SQL_FUNCTIONS`] (`md_num`, `md_text`) and
//!   [`DISTINCT_SQL_FUNCTION`] (`md_distinct`) that mirror those rules in PostgreSQL.
//! - [`filter`]: the event filter tree: parse and validate the API JSON, evaluate ([`Filter::matches`]),
//!   explain for the test bench, describe in words, and compile to a bound SQL predicate that
//!   agrees with the evaluator.
//! - [`aggregation`]: count / sum / max / min / avg / last / unique_count and reading an
//!   event's value; [`cell`]: the mergeable rollup [`Cell`], the exact average and [`Counted`]
//!   (a cell with its distinct values, in memory).
//! - [`cycles`]: billing cycles anchored at the subscription start.
//! - [`metadata`]: the rules for event and customer metadata (flat, bounded, canonical numbers).
//! - [`money`]: currencies, line charges rounded once half-up, money and quantity formatting.

pub mod aggregation;
pub mod cell;
pub mod cycles;
pub mod filter;
pub mod metadata;
pub mod money;
pub mod names;
pub mod numeric;
pub mod timestamp;

pub use aggregation::{Aggregation, AggregationError, AggregationKind, Reading, ValueError};
pub use cell::{Cell, Counted, LastValue, OverflowError, average};
pub use cycles::{Interval, cycle_containing, cycle_number, nth_cycle_start};
pub use filter::{
    Clause, Condition, Conjunction, ExplainNode, Explanation, Filter, FilterError, FilterValue, Operator,
    SqlPiece, SqlPredicate,
};
pub use money::{
    Currency, MoneyError, currency, format_money, format_quantity, parse_currency, parse_price,
    parse_threshold,
};
pub use numeric::{
    DISTINCT_SQL_FUNCTION, SQL_FUNCTIONS, canonical_number, distinct_text, numeral, value_number, value_text,
};
pub use timestamp::{
    TimestampError, parse_timestamp, parse_timestamp_in, read_timestamp, read_timestamp_in, rfc3339,
};
