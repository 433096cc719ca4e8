//! Local days, ISO weeks and months as UTC instants.
//!
//! A period is named by its first local date (the day itself, the Monday, the 1st) and runs
//! `[start of that date, start of the next period's first date)`, where the start of a date is
//! its local midnight in the zone — or, when DST skips midnight (America/Havana, Asia/Beirut,
//! America/Santiago…), the first instant that exists on that date; when midnight happens twice,
//! the earlier. So a DST day lasts 23 or 25 hours, an Asia/Kolkata day runs 18:30–18:30 UTC, and
//! consecutive periods tile time with no gap or overlap, by construction: each period ends where
//! the next one starts.

use std::ops::Range;

use chrono::{
    DateTime, Datelike, Days, LocalResult, Months, NaiveDate, NaiveTime, Offset, TimeDelta, TimeZone, Utc,
};
use chrono_tz::{GapInfo, Tz};

/// The length of a chart bucket, or of a reporting period.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Granularity {
    Day,
    /// ISO weeks: Monday to Sunday.
    Week,
    Month,
}

impl Granularity {
    pub const ALL: [Granularity; 3] = [Granularity::Day, Granularity::Week, Granularity::Month];

    /// `day`, `week`, `month` (query parameters).
    pub fn as_str(self) -> &'static str {
        match self {
            Granularity::Day => "day",
            Granularity::Week => "week",
            Granularity::Month => "month",
        }
    }

    /// Parses [`Granularity::as_str`]'s names, exactly.
    pub fn parse(s: &str) -> Option<Granularity> {
        Granularity::ALL.into_iter().find(|g| g.as_str() == s)
    }

    /// The first local date of the period holding `d`.
    fn first_date(self, d: NaiveDate) -> NaiveDate {
        match self {
            Granularity::Day => d,
            Granularity::Week => d
                .checked_sub_days(Days::new(u64::from(d.weekday().num_days_from_monday())))
                .unwrap_or(d),
            Granularity::Month => d.with_day(1).unwrap_or(d),
        }
    }

    /// The first local date of the next period (`first` is a period's first date).
    fn next(self, first: NaiveDate) -> Option<NaiveDate> {
        match self {
            Granularity::Day => first.succ_opt(),
            Granularity::Week => first.checked_add_days(Days::new(7)),
            Granularity::Month => first.checked_add_months(Months::new(1)),
        }
    }

    /// The first local date of the previous period.
    fn previous(self, first: NaiveDate) -> Option<NaiveDate> {
        match self {
            Granularity::Day => first.pred_opt(),
            Granularity::Week => first.checked_sub_days(Days::new(7)),
            Granularity::Month => first.checked_sub_months(Months::new(1)),
        }
    }
}

/// One local period as a half-open UTC interval `[start, end)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Bucket {
    pub granularity: Granularity,
    /// The local date naming the period: the day, the week's Monday, the month's 1st.
    pub local: NaiveDate,
    pub start: DateTime<Utc>,
    pub end: DateTime<Utc>,
}

impl Bucket {
    pub fn contains(&self, t: DateTime<Utc>) -> bool {
        self.start <= t && t < self.end
    }

    /// `start..end`, for queries.
    pub fn range(&self) -> Range<DateTime<Utc>> {
        self.start..self.end
    }

    /// How long the period really lasts (a DST day: 23 or 25 hours).
    pub fn duration(&self) -> TimeDelta {
        self.end - self.start
    }
}

/// The first instant of local date `date` in `tz`: its local midnight; the earlier one when
/// midnight happens twice; the first instant that exists on that date when DST skips midnight.
pub fn start_of_local_day(date: NaiveDate, tz: Tz) -> DateTime<Utc> {
    let midnight = date.and_time(NaiveTime::MIN);
    match tz.from_local_datetime(&midnight) {
        LocalResult::Single(t) => t.with_timezone(&Utc),
        LocalResult::Ambiguous(earlier, _) => earlier.with_timezone(&Utc),
        LocalResult::None => match GapInfo::new(&midnight, &tz).and_then(|gap| gap.end) {
            Some(first) => first.with_timezone(&Utc),
            // Beyond the zone's known transitions: read midnight with the offset in force then.
            None => {
                let offset = tz.offset_from_utc_datetime(&midnight).fix().local_minus_utc();
                let utc = midnight.and_utc();
                utc.checked_sub_signed(TimeDelta::seconds(i64::from(offset)))
                    .unwrap_or(utc)
            }
        },
    }
}

/// The start of the period after the one whose first date is `first`.
fn end_of(g: Granularity, first: NaiveDate, tz: Tz) -> DateTime<Utc> {
    g.next(first)
        .map(|next| start_of_local_day(next, tz))
        .unwrap_or(DateTime::<Utc>::MAX_UTC)
}

fn bucket_named(g: Granularity, first: NaiveDate, tz: Tz) -> Bucket {
    Bucket {
        granularity: g,
        local: first,
        start: start_of_local_day(first, tz),
        end: end_of(g, first, tz),
    }
}

/// The local day, ISO week or month of `tz` that holds instant `t`.
pub fn bucket_containing(t: DateTime<Utc>, tz: Tz, g: Granularity) -> Bucket {
    let mut bucket = bucket_named(g, g.first_date(t.with_timezone(&tz).date_naive()), tz);
    // A local date's period holds it except where the zone's clock jumped back across midnight;
    // then the neighbouring period does (a couple of steps at most).
    for _ in 0..4 {
        let step = if t < bucket.start {
            g.previous(bucket.local)
        } else if t >= bucket.end {
            g.next(bucket.local)
        } else {
            return bucket;
        };
        match step {
            Some(first) => bucket = bucket_named(g, first, tz),
            None => return bucket,
        }
    }
    bucket
}

/// The periods covering `[from, to)`: the first holds `from`, each starts where the previous
/// ended, the last holds the instant before `to`. Empty when `to <= from`.
pub fn buckets(from: DateTime<Utc>, to: DateTime<Utc>, tz: Tz, g: Granularity) -> Buckets {
    Buckets {
        next: (from < to).then(|| bucket_containing(from, tz, g)),
        to,
        tz,
    }
}

/// See [`buckets`].
#[derive(Debug, Clone)]
pub struct Buckets {
    next: Option<Bucket>,
    to: DateTime<Utc>,
    tz: Tz,
}

impl Iterator for Buckets {
    type Item = Bucket;

    fn next(&mut self) -> Option<Bucket> {
        let current = self.next.take()?;
        if current.end < self.to && current.end > current.start {
            self.next = Some(bucket_containing(current.end, self.tz, current.granularity));
        }
        Some(current)
    }
}

/// "This month" in `tz` at instant `now`.
pub fn this_month(now: DateTime<Utc>, tz: Tz) -> Bucket {
    bucket_containing(now, tz, Granularity::Month)
}

/// The instants of local dates `from` to `to`, both included, for a date filter:
/// `[start of from, start of the day after to)`; `None` when `to` is before `from`.
pub fn date_range(from: NaiveDate, to: NaiveDate, tz: Tz) -> Option<Range<DateTime<Utc>>> {
    (from <= to).then(|| start_of_local_day(from, tz)..end_of(Granularity::Day, to, tz))
}

#[cfg(test)]
mod tests;
