//! Billing cycles anchored at a subscription's start.
//!
//! Cycle `n` (n ≥ 0) is `[start(n), start(n + 1))` with `start(n)` = anchor + n intervals,
//! always computed from the anchor (never step by step, so a short month does not shift later
//! cycles): the anchor's day is clamped to the month's last day and its time of day kept.
//! Monthly from Jan 31 2024: Jan 31, Feb 29, Mar 31, Apr 30, May 31, …; yearly from Feb 29 2024:
//! Feb 28 2025, …, Feb 29 2028.

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, Utc};

/// How often a subscription's cycle repeats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Interval {
    Monthly,
    Yearly,
}

impl Interval {
    pub const ALL: [Interval; 2] = [Interval::Monthly, Interval::Yearly];

    /// `monthly`, `yearly`.
    pub fn as_str(self) -> &'static str {
        match self {
            Interval::Monthly => "monthly",
            Interval::Yearly => "yearly",
        }
    }

    /// Parses the API name (exact, lowercase).
    pub fn parse(s: &str) -> Option<Interval> {
        Interval::ALL.into_iter().find(|i| i.as_str() == s)
    }

    /// The interval of `months` months per cycle (1 or 12), as `billing_schemes` gives it.
    pub fn from_months(months: i64) -> Option<Interval> {
        Interval::ALL.into_iter().find(|i| i.months() == months)
    }

    pub fn months(self) -> i64 {
        match self {
            Interval::Monthly => 1,
            Interval::Yearly => 12,
        }
    }
}

impl fmt::Display for Interval {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Months since year 0, for month arithmetic.
fn month_index(d: &DateTime<Utc>) -> i64 {
    i64::from(d.year()) * 12 + i64::from(d.month0())
}

fn last_day_of_month(year: i32, month: u32) -> Option<u32> {
    let (next_year, next_month) = if month == 12 {
        (year.checked_add(1)?, 1)
    } else {
        (year, month + 1)
    };
    NaiveDate::from_ymd_opt(next_year, next_month, 1)?
        .pred_opt()
        .map(|d| d.day())
}

/// The start of cycle `n` (0 is the anchor itself); `None` past chrono's date range.
pub fn nth_cycle_start(anchor: DateTime<Utc>, interval: Interval, n: u32) -> Option<DateTime<Utc>> {
    let index = month_index(&anchor).checked_add(i64::from(n).checked_mul(interval.months())?)?;
    let year = i32::try_from(index.div_euclid(12)).ok()?;
    let month = u32::try_from(index.rem_euclid(12)).ok()? + 1;
    let day = anchor.day().min(last_day_of_month(year, month)?);
    let date = NaiveDate::from_ymd_opt(year, month, day)?;
    Some(date.and_time(anchor.time()).and_utc())
}

/// The cycle `[start, end)` that contains `at`; `None` when `at` is before the anchor (or past
/// chrono's date range). An instant exactly on a boundary belongs to the cycle it starts.
pub fn cycle_containing(
    anchor: DateTime<Utc>,
    interval: Interval,
    at: DateTime<Utc>,
) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
    let n = cycle_number(anchor, interval, at)?;
    let start = nth_cycle_start(anchor, interval, n)?;
    let end = nth_cycle_start(anchor, interval, n.checked_add(1)?)?;
    debug_assert!(start <= at && at < end);
    Some((start, end))
}

/// The number `n` of the cycle that contains `at` (0 is the cycle the anchor starts); `None`
/// when `at` is before the anchor. Constant time: the cycle number is derived from the month
/// difference, then corrected by one.
pub fn cycle_number(anchor: DateTime<Utc>, interval: Interval, at: DateTime<Utc>) -> Option<u32> {
    if at < anchor {
        return None;
    }
    let months = month_index(&at) - month_index(&anchor);
    // start(n) falls in the month anchor + n·k ≤ at's month, and start(n + 1) in a later month
    // than at's, so only start(n) itself can be after `at`.
    let n = u32::try_from(months / interval.months()).ok()?;
    if nth_cycle_start(anchor, interval, n)? > at {
        n.checked_sub(1)
    } else {
        Some(n)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use proptest::prelude::*;

    use super::*;

    fn t(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s).unwrap()
    }

    #[test]
    fn names() {
        assert_eq!(Interval::parse("monthly"), Some(Interval::Monthly));
        assert_eq!(Interval::parse("yearly"), Some(Interval::Yearly));
        assert_eq!(Interval::parse("weekly"), None);
        assert_eq!(Interval::Yearly.to_string(), "yearly");
    }

    #[test]
    fn month_end_anchor_clamps_without_drifting() {
        let anchor = t(2024, 1, 31, 0, 0, 0);
        let starts: Vec<_> = (0..6)
            .map(|n| nth_cycle_start(anchor, Interval::Monthly, n).unwrap())
            .collect();
        assert_eq!(
            starts,
            vec![
                t(2024, 1, 31, 0, 0, 0),
                t(2024, 2, 29, 0, 0, 0),
                t(2024, 3, 31, 0, 0, 0),
                t(2024, 4, 30, 0, 0, 0),
                t(2024, 5, 31, 0, 0, 0),
                t(2024, 6, 30, 0, 0, 0),
            ]
        );
        assert_eq!(
            cycle_containing(anchor, Interval::Monthly, t(2024, 3, 15, 12, 0, 0)),
            Some((t(2024, 2, 29, 0, 0, 0), t(2024, 3, 31, 0, 0, 0)))
        );
        assert_eq!(
            nth_cycle_start(anchor, Interval::Monthly, 13),
            Some(t(2025, 2, 28, 0, 0, 0))
        );
    }

    #[test]
    fn mid_month_anchor_keeps_time_of_day() {
        let anchor = t(2024, 9, 15, 16, 22, 25);
        assert_eq!(
            cycle_containing(anchor, Interval::Monthly, t(2024, 10, 15, 16, 22, 24)),
            Some((anchor, t(2024, 10, 15, 16, 22, 25)))
        );
        assert_eq!(
            cycle_containing(anchor, Interval::Monthly, t(2024, 12, 31, 23, 59, 59)),
            Some((t(2024, 12, 15, 16, 22, 25), t(2025, 1, 15, 16, 22, 25)))
        );
    }

    #[test]
    fn boundaries_belong_to_the_new_cycle() {
        let anchor = t(2024, 9, 15, 16, 22, 25);
        assert_eq!(
            cycle_containing(anchor, Interval::Monthly, anchor),
            Some((anchor, t(2024, 10, 15, 16, 22, 25)))
        );
        assert_eq!(
            cycle_containing(anchor, Interval::Monthly, t(2024, 10, 15, 16, 22, 25)),
            Some((t(2024, 10, 15, 16, 22, 25), t(2024, 11, 15, 16, 22, 25)))
        );
        let just_before = t(2024, 10, 15, 16, 22, 25) - chrono::Duration::nanoseconds(1);
        assert_eq!(
            cycle_containing(anchor, Interval::Monthly, just_before).map(|c| c.0),
            Some(anchor)
        );
    }

    #[test]
    fn before_the_anchor_is_none() {
        let anchor = t(2024, 9, 15, 0, 0, 0);
        assert_eq!(
            cycle_containing(anchor, Interval::Monthly, t(2024, 9, 14, 23, 59, 59)),
            None
        );
        assert_eq!(
            cycle_containing(anchor, Interval::Yearly, t(2020, 1, 1, 0, 0, 0)),
            None
        );
    }

    #[test]
    fn yearly_leap_day() {
        let anchor = t(2024, 2, 29, 8, 0, 0);
        assert_eq!(
            nth_cycle_start(anchor, Interval::Yearly, 1),
            Some(t(2025, 2, 28, 8, 0, 0))
        );
        assert_eq!(
            nth_cycle_start(anchor, Interval::Yearly, 4),
            Some(t(2028, 2, 29, 8, 0, 0))
        );
        assert_eq!(
            cycle_containing(anchor, Interval::Yearly, t(2025, 2, 28, 7, 59, 59)),
            Some((anchor, t(2025, 2, 28, 8, 0, 0)))
        );
        assert_eq!(
            cycle_containing(anchor, Interval::Yearly, t(2025, 12, 1, 0, 0, 0)),
            Some((t(2025, 2, 28, 8, 0, 0), t(2026, 2, 28, 8, 0, 0)))
        );
        let late = t(2023, 11, 20, 0, 0, 0);
        assert_eq!(
            cycle_containing(late, Interval::Yearly, t(2024, 2, 1, 0, 0, 0)),
            Some((late, t(2024, 11, 20, 0, 0, 0)))
        );
    }

    #[test]
    fn far_future_is_none_not_a_panic() {
        let anchor = t(2024, 1, 31, 0, 0, 0);
        assert_eq!(nth_cycle_start(anchor, Interval::Yearly, u32::MAX), None);
        let end_of_time = DateTime::<Utc>::MAX_UTC;
        assert_eq!(cycle_containing(anchor, Interval::Yearly, end_of_time), None);
    }

    proptest! {
        #[test]
        fn contains_and_agrees_with_a_walk(
            anchor_s in 0i64..4_000_000_000,
            offset in 0i64..400_000_000,
            yearly in any::<bool>(),
        ) {
            let interval = if yearly { Interval::Yearly } else { Interval::Monthly };
            let anchor = Utc.timestamp_opt(anchor_s, 0).unwrap();
            let at = Utc.timestamp_opt(anchor_s + offset, 0).unwrap();
            let (start, end) = cycle_containing(anchor, interval, at).unwrap();
            prop_assert!(start <= at && at < end);
            let mut n = 0;
            while nth_cycle_start(anchor, interval, n + 1).unwrap() <= at {
                n += 1;
            }
            prop_assert_eq!(start, nth_cycle_start(anchor, interval, n).unwrap());
            prop_assert_eq!(start.time(), anchor.time());
        }
    }
}
