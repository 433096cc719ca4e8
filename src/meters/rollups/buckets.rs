//! The UTC buckets the rollups are kept in: hours, days and months, floors and ceilings.

use chrono::{DateTime, Datelike, Duration, Months, TimeZone, Utc};

/// The UTC hour an instant falls in.
pub fn hour_of(t: DateTime<Utc>) -> DateTime<Utc> {
    floor_to(t, 3_600)
}

/// The UTC day (midnight) an instant falls in.
pub fn day_of(t: DateTime<Utc>) -> DateTime<Utc> {
    floor_to(t, 86_400)
}

/// `t` truncated to a whole multiple of `secs` seconds since the epoch (towards the past), as
/// `duration_trunc` does, in integer arithmetic: the roller takes the hour of every event and
/// meter it counts, and chrono's truncation was 5 % of the server's samples in B1.
fn floor_to(t: DateTime<Utc>, secs: i64) -> DateTime<Utc> {
    let s = t.timestamp();
    DateTime::from_timestamp(s - s.rem_euclid(secs), 0).unwrap_or(t)
}

/// The UTC month (its first midnight) an instant falls in.
pub fn month_of(t: DateTime<Utc>) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(t.year(), t.month(), 1, 0, 0, 0)
        .single()
        .unwrap_or(t)
}

/// The first instant of the UTC month after the one `t` falls in.
pub fn month_after(t: DateTime<Utc>) -> DateTime<Utc> {
    let m = month_of(t);
    m.checked_add_months(Months::new(1)).unwrap_or(m)
}

/// The first UTC month start at or after an instant.
pub(super) fn month_ceil(t: DateTime<Utc>) -> DateTime<Utc> {
    if month_of(t) == t { t } else { month_after(t) }
}

/// `t` if `floor` keeps it, else the next step after its floor.
pub(super) fn ceil_to(
    t: DateTime<Utc>,
    floor: fn(DateTime<Utc>) -> DateTime<Utc>,
    step: Duration,
) -> DateTime<Utc> {
    let f = floor(t);
    if f == t { f } else { f + step }
}

/// The first UTC midnight at or after an instant.
pub fn day_ceil(t: DateTime<Utc>) -> DateTime<Utc> {
    ceil_to(t, day_of, Duration::days(1))
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::DurationRound;

    fn t(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|d| d.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn hours_and_days_truncate() {
        let x = Utc
            .with_ymd_and_hms(2024, 1, 31, 10, 37, 12)
            .single()
            .unwrap_or_default();
        assert_eq!(hour_of(x), t("2024-01-31T10:00:00Z"));
        assert_eq!(day_of(x), t("2024-01-31T00:00:00Z"));
        // As chrono truncates, before the epoch too, on and next to the edges, with fractions.
        let edges = [
            -86_400 * 400 - 1,
            -3_601,
            -3_600,
            -1,
            0,
            1,
            3_599,
            3_600,
            86_399,
            86_400,
        ];
        for secs in edges
            .into_iter()
            .chain((0..2_000).map(|i| i * 7_919_993 - 8_000_000_000))
        {
            for nanos in [0, 1, 999_999_999] {
                let x = DateTime::from_timestamp(secs, nanos).unwrap_or_default();
                assert_eq!(hour_of(x), x.duration_trunc(Duration::hours(1)).unwrap(), "{x}");
                assert_eq!(day_of(x), x.duration_trunc(Duration::days(1)).unwrap(), "{x}");
            }
        }
    }
}
