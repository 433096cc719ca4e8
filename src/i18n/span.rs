//! How far an instant is from now, in the steps a relative time ("3 days ago") is worded in.

use chrono::{DateTime, Utc};

/// What a relative time says of `t` seen at `now` ([`Catalog::relative_time`](super::Catalog::relative_time)): its unit
/// (`None` under a minute), how many of them, and whether `t` is ahead. Two instants with the same
/// span are worded alike in every language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RelativeSpan {
    pub unit: Option<&'static str>,
    pub count: u64,
    pub future: bool,
}

/// The span of `t` from `now`, in the steps relative times use: seconds, minutes, hours, days,
/// 30-day months, 365-day years.
pub fn relative_span(t: DateTime<Utc>, now: DateTime<Utc>) -> RelativeSpan {
    let secs = (now - t).num_seconds();
    let (n, future) = (secs.unsigned_abs(), secs < 0);
    let (count, unit) = match n {
        0..=59 => (0, None),
        60..=3599 => (n / 60, Some("minutes")),
        3600..=86_399 => (n / 3600, Some("hours")),
        86_400..=2_591_999 => (n / 86_400, Some("days")),
        2_592_000..=31_535_999 => (n / 2_592_000, Some("months")),
        _ => (n / 31_536_000, Some("years")),
    };
    RelativeSpan { unit, count, future }
}
