//! Chart periods: granularities, bucket starts over a range, and period labels.
//!
//! Periods are the operator's: a day runs from local midnight to local midnight in their time
//! zone, a week from Monday (ISO weeks), a month from the 1st — exactly, also for +05:30 and
//! +05:45 and across DST (`crate::tz` computes them). Labels name a period by its first local
//! date.

use std::fmt;

use chrono::{DateTime, Datelike, NaiveDate, TimeDelta, Utc};
use chrono_tz::Tz;

use crate::tz::{Bucket, bucket_containing};

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

    /// The same period length in the time-zone module's terms.
    pub fn zoned(self) -> crate::tz::Granularity {
        match self {
            Granularity::Day => crate::tz::Granularity::Day,
            Granularity::Week => crate::tz::Granularity::Week,
            Granularity::Month => crate::tz::Granularity::Month,
        }
    }

    /// The period in words, for hover titles and the data table: `2024-09-23`,
    /// `week of 2024-09-23`, `September 2024`.
    pub fn period_label(self, first: NaiveDate) -> String {
        match self {
            Granularity::Day => iso_date(first),
            Granularity::Week => format!("week of {}", iso_date(first)),
            Granularity::Month => first.format("%B %Y").to_string(),
        }
    }

    /// The short x-axis label: `Sep 23` (day and week), `Sep 2024` (month).
    pub fn axis_label(self, first: NaiveDate) -> String {
        match self {
            Granularity::Day | Granularity::Week => first.format("%b %-d").to_string(),
            Granularity::Month => first.format("%b %Y").to_string(),
        }
    }

    /// How the summary says when a peak happened: "on 2024-09-17", "in week of …", "in September 2024".
    pub(super) fn when(self, first: NaiveDate) -> String {
        match self {
            Granularity::Day => format!("on {}", self.period_label(first)),
            Granularity::Week | Granularity::Month => format!("in {}", self.period_label(first)),
        }
    }
}

impl fmt::Display for Granularity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `2024-09-23`: a local date (the `data-bucket` attribute and the day label).
pub fn iso_date(d: NaiveDate) -> String {
    d.format("%Y-%m-%d").to_string()
}

/// The periods of `tz` that overlap `[from, to)`, oldest first, each with its local name and
/// its UTC instants (see [`crate::tz::buckets`]: a day in Asia/Kolkata runs 18:30–18:30 UTC, a
/// DST day in Europe/Paris lasts 23 or 25 hours).
///
/// The first bucket is the period containing `from` (so a range starting on a Wednesday at
/// week granularity begins with the Monday before); a bucket starting at or after `to` is not
/// included. An empty or reversed range has no buckets. A 30-day range from local midnight to
/// local midnight has 30 day buckets.
///
/// Ranges are the caller's to bound: see [`bucket_count`] and [`super::MAX_BUCKETS`].
pub fn buckets(granularity: Granularity, from: DateTime<Utc>, to: DateTime<Utc>, tz: Tz) -> Vec<Bucket> {
    crate::tz::buckets(from, to, tz, granularity.zoned()).collect()
}

/// How many buckets [`buckets`] would return, computed without building them (to refuse a range
/// before rendering it): from the local names of the first and the last period.
pub fn bucket_count(granularity: Granularity, from: DateTime<Utc>, to: DateTime<Utc>, tz: Tz) -> usize {
    if to <= from {
        return 0;
    }
    let g = granularity.zoned();
    let first = bucket_containing(from, tz, g).local;
    let last = bucket_containing(to - TimeDelta::nanoseconds(1), tz, g).local;
    let count = match granularity {
        Granularity::Day => (last - first).num_days() + 1,
        Granularity::Week => (last - first).num_days() / 7 + 1,
        Granularity::Month => {
            let index = |d: NaiveDate| i64::from(d.year()) * 12 + i64::from(d.month0());
            index(last) - index(first) + 1
        }
    };
    usize::try_from(count).unwrap_or(0)
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Weekday};
    use proptest::prelude::*;

    use super::*;

    fn at(y: i32, m: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, m, d, 0, 0, 0).unwrap()
    }

    fn date(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).unwrap()
    }

    fn names(v: &[Bucket]) -> Vec<String> {
        v.iter().map(|b| iso_date(b.local)).collect()
    }

    const ZONES: [Tz; 6] = [
        Tz::UTC,
        Tz::Asia__Kolkata,
        Tz::Asia__Kathmandu,
        Tz::Europe__Paris,
        Tz::America__New_York,
        Tz::Pacific__Chatham,
    ];

    #[test]
    fn granularity_names_round_trip() {
        for g in Granularity::ALL {
            assert_eq!(Granularity::parse(g.as_str()), Some(g));
            assert_eq!(g.to_string(), g.as_str());
            assert_eq!(g.zoned().as_str(), g.as_str());
        }
        assert_eq!(Granularity::parse(" Week "), Some(Granularity::Week));
        assert_eq!(Granularity::parse("MONTH"), Some(Granularity::Month));
        assert_eq!(Granularity::parse("year"), None);
        assert_eq!(Granularity::parse(""), None);
    }

    #[test]
    fn thirty_days_are_thirty_day_buckets_in_any_zone() {
        let b = buckets(Granularity::Day, at(2024, 9, 1), at(2024, 10, 1), Tz::UTC);
        assert_eq!(b.len(), 30);
        assert_eq!((b[0].start, b[29].local), (at(2024, 9, 1), date(2024, 9, 30)));
        let ist = Tz::Asia__Kolkata;
        let from = crate::tz::start_of_local_day(date(2024, 9, 1), ist);
        let to = crate::tz::start_of_local_day(date(2024, 10, 1), ist);
        let b = buckets(Granularity::Day, from, to, ist);
        assert_eq!(b.len(), 30);
        assert_eq!(b[0].start, Utc.with_ymd_and_hms(2024, 8, 31, 18, 30, 0).unwrap());
        assert_eq!(b[0].local, date(2024, 9, 1));
        assert!(b.iter().all(|x| x.duration() == TimeDelta::days(1)));
        assert_eq!(bucket_count(Granularity::Day, from, to, ist), 30);
    }

    #[test]
    fn a_paris_dst_day_lasts_25_hours() {
        let paris = Tz::Europe__Paris;
        let from = crate::tz::start_of_local_day(date(2026, 10, 24), paris);
        let to = crate::tz::start_of_local_day(date(2026, 10, 27), paris);
        let b = buckets(Granularity::Day, from, to, paris);
        assert_eq!(names(&b), ["2026-10-24", "2026-10-25", "2026-10-26"]);
        let hours: Vec<i64> = b.iter().map(|x| x.duration().num_hours()).collect();
        assert_eq!(hours, [24, 25, 24]);
    }

    #[test]
    fn partial_days_at_both_ends_are_buckets() {
        let from = Utc.with_ymd_and_hms(2024, 9, 1, 10, 30, 0).unwrap();
        let to = Utc.with_ymd_and_hms(2024, 9, 3, 0, 0, 1).unwrap();
        let b = buckets(Granularity::Day, from, to, Tz::UTC);
        assert_eq!(names(&b), ["2024-09-01", "2024-09-02", "2024-09-03"]);
        // 2024-09-03 00:00:01 UTC is 05:30:01 in Kolkata: still the 3rd.
        let b = buckets(Granularity::Day, from, to, Tz::Asia__Kolkata);
        assert_eq!(names(&b), ["2024-09-01", "2024-09-02", "2024-09-03"]);
        // In New York the range runs from the 1st 06:30 to the 2nd 20:00.
        let b = buckets(Granularity::Day, from, to, Tz::America__New_York);
        assert_eq!(names(&b), ["2024-09-01", "2024-09-02"]);
    }

    #[test]
    fn empty_and_reversed_ranges_have_no_buckets() {
        for g in Granularity::ALL {
            assert!(buckets(g, at(2024, 9, 1), at(2024, 9, 1), Tz::UTC).is_empty());
            assert!(buckets(g, at(2024, 9, 2), at(2024, 9, 1), Tz::UTC).is_empty());
            assert_eq!(bucket_count(g, at(2024, 9, 2), at(2024, 9, 1), Tz::UTC), 0);
        }
    }

    #[test]
    fn weeks_start_on_monday_and_months_on_the_first_locally() {
        // 2024-09-04 is a Wednesday; 2024-10-04 a Friday.
        let b = buckets(
            Granularity::Week,
            at(2024, 9, 4),
            at(2024, 10, 4),
            Tz::Asia__Kathmandu,
        );
        assert_eq!(
            names(&b),
            [
                "2024-09-02",
                "2024-09-09",
                "2024-09-16",
                "2024-09-23",
                "2024-09-30"
            ]
        );
        assert!(b.iter().all(|x| x.local.weekday() == Weekday::Mon));
        assert_eq!(b[1].start, Utc.with_ymd_and_hms(2024, 9, 8, 18, 15, 0).unwrap());
        let b = buckets(Granularity::Month, at(2024, 1, 15), at(2024, 4, 1), Tz::UTC);
        assert_eq!(names(&b), ["2024-01-01", "2024-02-01", "2024-03-01"]);
        // 2024-04-01 00:00 UTC is still March 31 in New York: March's bucket ends in April.
        let b = buckets(
            Granularity::Month,
            at(2024, 1, 15),
            at(2024, 4, 1),
            Tz::America__New_York,
        );
        assert_eq!(names(&b), ["2024-01-01", "2024-02-01", "2024-03-01"]);
        assert_eq!(b[2].end, Utc.with_ymd_and_hms(2024, 4, 1, 4, 0, 0).unwrap());
    }

    #[test]
    fn labels() {
        let t = date(2024, 9, 23);
        assert_eq!(Granularity::Day.period_label(t), "2024-09-23");
        assert_eq!(Granularity::Week.period_label(t), "week of 2024-09-23");
        assert_eq!(
            Granularity::Month.period_label(date(2024, 9, 1)),
            "September 2024"
        );
        assert_eq!(Granularity::Day.axis_label(t), "Sep 23");
        assert_eq!(Granularity::Day.axis_label(date(2024, 9, 3)), "Sep 3");
        assert_eq!(Granularity::Week.axis_label(t), "Sep 23");
        assert_eq!(Granularity::Month.axis_label(date(2024, 9, 1)), "Sep 2024");
        assert_eq!(Granularity::Day.when(t), "on 2024-09-23");
        assert_eq!(Granularity::Month.when(date(2024, 9, 1)), "in September 2024");
    }

    proptest! {
        #[test]
        fn bucket_count_matches_buckets_and_buckets_tile_the_range(
            g in 0usize..3,
            z in 0usize..ZONES.len(),
            start in 1_600_000_000i64..1_800_000_000,
            len in 0i64..40_000_000,
        ) {
            let (g, tz) = (Granularity::ALL[g], ZONES[z]);
            let from = DateTime::from_timestamp(start, 0).unwrap();
            let to = DateTime::from_timestamp(start + len, 0).unwrap();
            let b = buckets(g, from, to, tz);
            prop_assert_eq!(bucket_count(g, from, to, tz), b.len());
            if let (Some(first), Some(last)) = (b.first(), b.last()) {
                prop_assert!(first.contains(from));
                prop_assert!(last.start < to && last.end >= to);
                for w in b.windows(2) {
                    prop_assert_eq!(w[0].end, w[1].start);
                }
                for x in &b {
                    prop_assert_eq!(crate::tz::local_date(x.start, tz), x.local);
                }
            } else {
                prop_assert!(len == 0);
            }
        }
    }
}
