//! Chart periods: granularities, bucket starts over a range, and period labels.
//!
//! All periods are UTC: a day starts at 00:00 UTC, a week on Monday 00:00 UTC (ISO weeks), a month
//! on the 1st at 00:00 UTC.

use std::fmt;

use chrono::{DateTime, Datelike, Days, Months, NaiveDate, NaiveTime, Utc};

/// How long one bucket (one bar per series) of the chart is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Granularity {
    Day,
    Week,
    Month,
}

impl Granularity {
    /// Every granularity, shortest first (for a `<select>`).
    pub const ALL: [Granularity; 3] = [Granularity::Day, Granularity::Week, Granularity::Month];

    /// `day`, `week`, `month`: the query-string value, and the noun in "per day".
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Day => "day",
            Granularity::Week => "week",
            Granularity::Month => "month",
        }
    }

    /// The inverse of [`Granularity::as_str`], ignoring case and surrounding spaces.
    pub fn parse(s: &str) -> Option<Self> {
        let s = s.trim();
        Self::ALL.into_iter().find(|g| g.as_str().eq_ignore_ascii_case(s))
    }

    /// `Day`, `Week`, `Month`: for a column heading or an option label.
    pub fn title(self) -> &'static str {
        match self {
            Granularity::Day => "Day",
            Granularity::Week => "Week",
            Granularity::Month => "Month",
        }
    }

    /// The start of the period containing `t`.
    pub fn start_of(self, t: DateTime<Utc>) -> DateTime<Utc> {
        let date = t.date_naive();
        let start = match self {
            Granularity::Day => date,
            Granularity::Week => {
                let back = u64::from(date.weekday().num_days_from_monday());
                date.checked_sub_days(Days::new(back)).unwrap_or(date)
            }
            Granularity::Month => date.with_day(1).unwrap_or(date),
        };
        midnight(start)
    }

    /// The start of the period after the one starting at `start` (`None` past chrono's range).
    pub fn next(self, start: DateTime<Utc>) -> Option<DateTime<Utc>> {
        let date = start.date_naive();
        let next = match self {
            Granularity::Day => date.checked_add_days(Days::new(1)),
            Granularity::Week => date.checked_add_days(Days::new(7)),
            Granularity::Month => date.checked_add_months(Months::new(1)),
        }?;
        Some(midnight(next))
    }

    /// The period in words, for hover titles and the data table: `2024-09-23`,
    /// `week of 2024-09-23`, `September 2024`.
    pub fn period_label(self, start: DateTime<Utc>) -> String {
        match self {
            Granularity::Day => iso_date(start),
            Granularity::Week => format!("week of {}", iso_date(start)),
            Granularity::Month => start.format("%B %Y").to_string(),
        }
    }

    /// The short x-axis label: `Sep 23` (day and week), `Sep 2024` (month).
    pub fn axis_label(self, start: DateTime<Utc>) -> String {
        match self {
            Granularity::Day | Granularity::Week => start.format("%b %-d").to_string(),
            Granularity::Month => start.format("%b %Y").to_string(),
        }
    }

    /// How the summary says when a peak happened: "on 2024-09-17", "in week of …", "in September 2024".
    pub(super) fn when(self, start: DateTime<Utc>) -> String {
        match self {
            Granularity::Day => format!("on {}", self.period_label(start)),
            Granularity::Week | Granularity::Month => format!("in {}", self.period_label(start)),
        }
    }
}

impl fmt::Display for Granularity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `2024-09-23`: the UTC date of an instant (the `data-bucket` attribute and the day label).
pub fn iso_date(t: DateTime<Utc>) -> String {
    t.date_naive().format("%Y-%m-%d").to_string()
}

fn midnight(date: NaiveDate) -> DateTime<Utc> {
    date.and_time(NaiveTime::MIN).and_utc()
}

/// The starts of the periods that overlap `[from, to)`, oldest first.
///
/// The first bucket starts at the period containing `from` (so a range starting on a Wednesday at
/// week granularity begins with the Monday before); a bucket starting at or after `to` is not
/// included. An empty or reversed range has no buckets. A 30-day range from midnight to midnight
/// has 30 day buckets.
///
/// Ranges are the caller's to bound: see [`bucket_count`] and [`super::MAX_BUCKETS`].
pub fn buckets(granularity: Granularity, from: DateTime<Utc>, to: DateTime<Utc>) -> Vec<DateTime<Utc>> {
    if to <= from {
        return Vec::new();
    }
    let mut out = Vec::with_capacity(bucket_count(granularity, from, to));
    let mut start = granularity.start_of(from);
    while start < to {
        out.push(start);
        match granularity.next(start) {
            Some(next) => start = next,
            None => break,
        }
    }
    out
}

/// How many buckets [`buckets`] would return, computed without building them (to refuse a range
/// before rendering it).
pub fn bucket_count(granularity: Granularity, from: DateTime<Utc>, to: DateTime<Utc>) -> usize {
    if to <= from {
        return 0;
    }
    let first = granularity.start_of(from);
    match granularity {
        Granularity::Day | Granularity::Week => {
            let days = if granularity == Granularity::Day { 1 } else { 7 };
            let span = to - first;
            let whole = span.num_days() / days;
            let rest = span - chrono::TimeDelta::days(whole * days);
            let count = whole + i64::from(rest > chrono::TimeDelta::zero());
            usize::try_from(count).unwrap_or(0)
        }
        Granularity::Month => {
            let index = |t: DateTime<Utc>| i64::from(t.year()) * 12 + i64::from(t.month0());
            let last = granularity.start_of(to);
            let count = index(last) - index(first) + i64::from(to > last);
            usize::try_from(count).unwrap_or(0)
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Weekday};
    use proptest::prelude::*;

    use super::*;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
    }

    fn dates(v: &[DateTime<Utc>]) -> Vec<String> {
        v.iter().map(|t| iso_date(*t)).collect()
    }

    #[test]
    fn granularity_names_round_trip() {
        for g in Granularity::ALL {
            assert_eq!(Granularity::parse(g.as_str()), Some(g));
            assert_eq!(g.to_string(), g.as_str());
        }
        assert_eq!(Granularity::parse(" Week "), Some(Granularity::Week));
        assert_eq!(Granularity::parse("MONTH"), Some(Granularity::Month));
        assert_eq!(Granularity::parse("year"), None);
        assert_eq!(Granularity::parse(""), None);
    }

    #[test]
    fn thirty_days_are_thirty_day_buckets() {
        let b = buckets(Granularity::Day, at(2024, 9, 1), at(2024, 10, 1));
        assert_eq!(b.len(), 30);
        assert_eq!(b[0], at(2024, 9, 1));
        assert_eq!(b[29], at(2024, 9, 30));
        assert!(b.windows(2).all(|w| w[1] - w[0] == chrono::TimeDelta::days(1)));
    }

    #[test]
    fn partial_days_at_both_ends_are_buckets() {
        let from = Utc.with_ymd_and_hms(2024, 9, 1, 10, 30, 0).unwrap();
        let to = Utc.with_ymd_and_hms(2024, 9, 3, 0, 0, 1).unwrap();
        let b = buckets(Granularity::Day, from, to);
        assert_eq!(dates(&b), ["2024-09-01", "2024-09-02", "2024-09-03"]);
    }

    #[test]
    fn empty_and_reversed_ranges_have_no_buckets() {
        for g in Granularity::ALL {
            assert!(buckets(g, at(2024, 9, 1), at(2024, 9, 1)).is_empty());
            assert!(buckets(g, at(2024, 9, 2), at(2024, 9, 1)).is_empty());
            assert_eq!(bucket_count(g, at(2024, 9, 2), at(2024, 9, 1)), 0);
        }
    }

    #[test]
    fn weeks_start_on_monday_and_cover_a_range_starting_mid_week() {
        // 2024-09-04 is a Wednesday; 2024-10-04 a Friday.
        let b = buckets(Granularity::Week, at(2024, 9, 4), at(2024, 10, 4));
        assert_eq!(
            dates(&b),
            [
                "2024-09-02",
                "2024-09-09",
                "2024-09-16",
                "2024-09-23",
                "2024-09-30"
            ]
        );
        assert!(b.iter().all(|t| t.weekday() == Weekday::Mon));
        assert!(b[0] <= at(2024, 9, 4));
        assert!(b[4] + chrono::TimeDelta::days(7) >= at(2024, 10, 4));
    }

    #[test]
    fn a_range_ending_on_a_monday_excludes_that_week() {
        let b = buckets(Granularity::Week, at(2024, 9, 2), at(2024, 9, 30));
        assert_eq!(
            dates(&b),
            ["2024-09-02", "2024-09-09", "2024-09-16", "2024-09-23"]
        );
    }

    #[test]
    fn weeks_cross_the_year_boundary() {
        // 2024-12-30 is the Monday of ISO week 1 of 2025.
        let b = buckets(Granularity::Week, at(2024, 12, 25), at(2025, 1, 8));
        assert_eq!(dates(&b), ["2024-12-23", "2024-12-30", "2025-01-06"]);
    }

    #[test]
    fn months_are_calendar_months_including_a_leap_february() {
        let b = buckets(Granularity::Month, at(2024, 1, 15), at(2024, 4, 1));
        assert_eq!(dates(&b), ["2024-01-01", "2024-02-01", "2024-03-01"]);
        let feb29 = Utc.with_ymd_and_hms(2024, 2, 29, 23, 59, 59).unwrap();
        assert_eq!(Granularity::Month.start_of(feb29), at(2024, 2, 1));
        assert_eq!(Granularity::Month.next(at(2024, 2, 1)), Some(at(2024, 3, 1)));
        assert_eq!(Granularity::Day.next(at(2024, 2, 28)), Some(at(2024, 2, 29)));
        assert_eq!(Granularity::Day.next(at(2023, 2, 28)), Some(at(2023, 3, 1)));
        // Twelve months, across a year end.
        let b = buckets(Granularity::Month, at(2023, 10, 1), at(2024, 10, 1));
        assert_eq!(b.len(), 12);
        assert_eq!(iso_date(b[3]), "2024-01-01");
        // 30 days inside two months.
        assert_eq!(
            buckets(Granularity::Month, at(2024, 9, 10), at(2024, 10, 10)).len(),
            2
        );
    }

    #[test]
    fn labels() {
        let t = at(2024, 9, 23);
        assert_eq!(Granularity::Day.period_label(t), "2024-09-23");
        assert_eq!(Granularity::Week.period_label(t), "week of 2024-09-23");
        assert_eq!(Granularity::Month.period_label(at(2024, 9, 1)), "September 2024");
        assert_eq!(Granularity::Day.axis_label(t), "Sep 23");
        assert_eq!(Granularity::Day.axis_label(at(2024, 9, 3)), "Sep 3");
        assert_eq!(Granularity::Week.axis_label(t), "Sep 23");
        assert_eq!(Granularity::Month.axis_label(at(2024, 9, 1)), "Sep 2024");
        assert_eq!(Granularity::Day.when(t), "on 2024-09-23");
        assert_eq!(Granularity::Month.when(at(2024, 9, 1)), "in September 2024");
    }

    proptest! {
        #[test]
        fn bucket_count_matches_buckets_and_buckets_tile_the_range(
            g in 0usize..3,
            start in 1_600_000_000i64..1_800_000_000,
            len in 0i64..40_000_000,
        ) {
            let g = Granularity::ALL[g];
            let from = DateTime::from_timestamp(start, 0).unwrap();
            let to = DateTime::from_timestamp(start + len, 0).unwrap();
            let b = buckets(g, from, to);
            prop_assert_eq!(bucket_count(g, from, to), b.len());
            if let (Some(first), Some(last)) = (b.first(), b.last()) {
                prop_assert!(*first <= from);
                prop_assert!(g.next(*last).unwrap() >= to);
                prop_assert!(*last < to);
                for w in b.windows(2) {
                    prop_assert_eq!(g.next(w[0]), Some(w[1]));
                }
                for t in &b {
                    prop_assert_eq!(g.start_of(*t), *t);
                }
            } else {
                prop_assert!(len == 0);
            }
        }
    }
}
