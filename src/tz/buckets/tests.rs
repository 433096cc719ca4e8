use chrono::{NaiveDateTime, Timelike};
use proptest::prelude::*;

use super::*;

fn utc(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

fn hours(b: &Bucket) -> i64 {
    b.duration().num_minutes() / 60
}

/// The bucket named `first` in `tz`, checked to hold its own start and the instant before its end.
fn named(first: &str, tz: Tz, g: Granularity) -> Bucket {
    let b = bucket_named(g, date(first), tz);
    assert_eq!(bucket_containing(b.start, tz, g), b);
    assert_eq!(bucket_containing(b.end - TimeDelta::seconds(1), tz, g), b);
    b
}

#[test]
fn kolkata_days_run_from_18_30_utc() {
    let tz = Tz::Asia__Kolkata;
    let b = named("2026-11-30", tz, Granularity::Day);
    assert_eq!(b.start, utc("2026-11-29T18:30:00Z"));
    assert_eq!(b.end, utc("2026-11-30T18:30:00Z"));
    let before = bucket_containing(utc("2026-11-29T18:29:59Z"), tz, Granularity::Day);
    assert_eq!(before.local, date("2026-11-29"));
    let at = bucket_containing(utc("2026-11-29T18:30:00Z"), tz, Granularity::Day);
    assert_eq!(at.local, date("2026-11-30"));
    assert_eq!(
        this_month(utc("2026-11-30T18:29:59Z"), tz).range(),
        utc("2026-10-31T18:30:00Z")..utc("2026-11-30T18:30:00Z")
    );
    assert_eq!(
        this_month(utc("2026-11-30T18:30:00Z"), tz).local,
        date("2026-12-01")
    );
    let week = bucket_containing(utc("2026-12-02T12:00:00Z"), tz, Granularity::Week);
    assert_eq!(week.local, date("2026-11-30"));
    assert_eq!(
        week.range(),
        utc("2026-11-29T18:30:00Z")..utc("2026-12-06T18:30:00Z")
    );
}

#[test]
fn kathmandu_days_run_from_18_15_utc() {
    let tz = Tz::Asia__Kathmandu;
    let b = named("2026-11-30", tz, Granularity::Day);
    assert_eq!(
        b.range(),
        utc("2026-11-29T18:15:00Z")..utc("2026-11-30T18:15:00Z")
    );
    let m = named("2026-02-01", tz, Granularity::Month);
    assert_eq!(
        m.range(),
        utc("2026-01-31T18:15:00Z")..utc("2026-02-28T18:15:00Z")
    );
    assert_eq!(hours(&m), 28 * 24);
    assert_eq!(
        bucket_containing(utc("2026-02-28T18:14:59Z"), tz, Granularity::Month).local,
        date("2026-02-01")
    );
}

#[test]
fn paris_dst_days_last_23_and_25_hours() {
    let tz = Tz::Europe__Paris;
    let spring = named("2026-03-29", tz, Granularity::Day);
    assert_eq!(
        spring.range(),
        utc("2026-03-28T23:00:00Z")..utc("2026-03-29T22:00:00Z")
    );
    assert_eq!(hours(&spring), 23);
    let autumn = named("2026-10-25", tz, Granularity::Day);
    assert_eq!(
        autumn.range(),
        utc("2026-10-24T22:00:00Z")..utc("2026-10-25T23:00:00Z")
    );
    assert_eq!(hours(&autumn), 25);
    // Both 02:30s of the autumn night are in that day.
    assert_eq!(
        bucket_containing(utc("2026-10-25T00:30:00Z"), tz, Granularity::Day),
        autumn
    );
    assert_eq!(
        bucket_containing(utc("2026-10-25T01:30:00Z"), tz, Granularity::Day),
        autumn
    );
    let week = named("2026-03-23", tz, Granularity::Week);
    assert_eq!(
        week.range(),
        utc("2026-03-22T23:00:00Z")..utc("2026-03-29T22:00:00Z")
    );
    assert_eq!(hours(&week), 7 * 24 - 1);
    let march = named("2026-03-01", tz, Granularity::Month);
    assert_eq!(
        march.range(),
        utc("2026-02-28T23:00:00Z")..utc("2026-03-31T22:00:00Z")
    );
    assert_eq!(hours(&march), 31 * 24 - 1);
    let october = named("2026-10-01", tz, Granularity::Month);
    assert_eq!(hours(&october), 31 * 24 + 1);
}

#[test]
fn new_york_dst_days_weeks_and_months() {
    let tz = Tz::America__New_York;
    let spring = named("2026-03-08", tz, Granularity::Day);
    assert_eq!(
        spring.range(),
        utc("2026-03-08T05:00:00Z")..utc("2026-03-09T04:00:00Z")
    );
    assert_eq!(hours(&spring), 23);
    let autumn = named("2026-11-01", tz, Granularity::Day);
    assert_eq!(
        autumn.range(),
        utc("2026-11-01T04:00:00Z")..utc("2026-11-02T05:00:00Z")
    );
    assert_eq!(hours(&autumn), 25);
    let week = bucket_containing(utc("2026-11-01T12:00:00Z"), tz, Granularity::Week);
    assert_eq!(week.local, date("2026-10-26"));
    assert_eq!(
        week.range(),
        utc("2026-10-26T04:00:00Z")..utc("2026-11-02T05:00:00Z")
    );
    assert_eq!(hours(&week), 7 * 24 + 1);
    let november = this_month(utc("2026-11-15T12:00:00Z"), tz);
    assert_eq!(
        november.range(),
        utc("2026-11-01T04:00:00Z")..utc("2026-12-01T05:00:00Z")
    );
    // 23:30 on 31 October in New York is 03:30 UTC on 1 November: still October there.
    assert_eq!(
        this_month(utc("2026-11-01T03:30:00Z"), tz).local,
        date("2026-10-01")
    );
}

#[test]
fn havana_skipped_midnight_starts_the_day_at_one() {
    // Cuba springs forward at 00:00 standard time: 2026-03-08 has no 00:00–00:59.
    let tz = Tz::America__Havana;
    let d = date("2026-03-08");
    assert!(
        tz.from_local_datetime(&d.and_time(NaiveTime::MIN))
            .earliest()
            .is_none()
    );
    let b = named("2026-03-08", tz, Granularity::Day);
    assert_eq!(b.start, utc("2026-03-08T05:00:00Z"));
    assert_eq!(
        b.start.with_timezone(&tz).time(),
        NaiveTime::from_hms_opt(1, 0, 0).unwrap()
    );
    assert_eq!(b.end, utc("2026-03-09T04:00:00Z"));
    assert_eq!(hours(&b), 23);
    // The week and the month holding that Sunday start on ordinary midnights.
    assert_eq!(named("2026-03-02", tz, Granularity::Week).end, b.end);
    // Cuba falls back at 01:00 daylight time to 00:00: 2026-11-01 has two midnights; the
    // day starts at the first and lasts 25 hours.
    let back = named("2026-11-01", tz, Granularity::Day);
    assert_eq!(back.start, utc("2026-11-01T04:00:00Z"));
    assert_eq!(hours(&back), 25);
    assert_eq!(
        bucket_containing(utc("2026-11-01T05:30:00Z"), tz, Granularity::Day),
        back
    );
}

#[test]
fn beirut_midnight_gaps_and_a_repeated_evening() {
    // Lebanon sprang forward at 00:00 and fell back at 00:00 to 23:00 the day before.
    let tz = Tz::Asia__Beirut;
    let spring = named("2019-03-31", tz, Granularity::Day);
    assert_eq!(spring.start, utc("2019-03-30T22:00:00Z"));
    assert_eq!(spring.start.with_timezone(&tz).hour(), 1);
    assert_eq!(hours(&spring), 23);
    let saturday = named("2019-10-26", tz, Granularity::Day);
    assert_eq!(
        saturday.range(),
        utc("2019-10-25T21:00:00Z")..utc("2019-10-26T22:00:00Z")
    );
    assert_eq!(hours(&saturday), 25);
}

#[test]
fn a_skipped_day_has_no_bucket() {
    // Samoa went from 29 to 31 December 2011.
    let tz = Tz::Pacific__Apia;
    let days: Vec<Bucket> = buckets(
        utc("2011-12-29T10:00:00Z"),
        utc("2011-12-31T10:00:00Z"),
        tz,
        Granularity::Day,
    )
    .collect();
    let names: Vec<NaiveDate> = days.iter().map(|b| b.local).collect();
    assert_eq!(names, vec![date("2011-12-29"), date("2011-12-31")]);
    assert_eq!(days[0].end, days[1].start);
    assert!(days.iter().all(|b| hours(b) == 24));
}

#[test]
fn a_repeated_day_is_one_long_bucket() {
    // Alaska moved across the date line in 1867: Sitka lived 18 October twice.
    let tz = Tz::America__Sitka;
    let days: Vec<Bucket> = buckets(
        utc("1867-10-17T12:00:00Z"),
        utc("1867-10-21T12:00:00Z"),
        tz,
        Granularity::Day,
    )
    .collect();
    assert!(
        days.windows(2)
            .all(|w| w[0].end == w[1].start && w[0].local < w[1].local)
    );
    assert!(days.iter().any(|b| hours(b) == 48), "{days:#?}");
}

#[test]
fn bucket_lists_cover_a_range() {
    let tz = Tz::Europe__Paris;
    let from = utc("2026-03-27T12:00:00Z");
    let to = utc("2026-03-31T00:00:00Z");
    let days: Vec<Bucket> = buckets(from, to, tz, Granularity::Day).collect();
    let names: Vec<String> = days.iter().map(|b| b.local.to_string()).collect();
    assert_eq!(
        names,
        [
            "2026-03-27",
            "2026-03-28",
            "2026-03-29",
            "2026-03-30",
            "2026-03-31"
        ]
    );
    let lengths: Vec<i64> = days.iter().map(hours).collect();
    assert_eq!(lengths, [24, 24, 23, 24, 24]);
    assert!(days.windows(2).all(|w| w[0].end == w[1].start));
    assert_eq!(buckets(to, to, tz, Granularity::Day).count(), 0);
    assert_eq!(buckets(to, from, tz, Granularity::Day).count(), 0);
    let months: Vec<NaiveDate> = buckets(
        utc("2026-01-15T00:00:00Z"),
        utc("2026-04-01T00:00:00Z"),
        Tz::Asia__Kolkata,
        Granularity::Month,
    )
    .map(|b| b.local)
    .collect();
    assert_eq!(
        months,
        [
            date("2026-01-01"),
            date("2026-02-01"),
            date("2026-03-01"),
            date("2026-04-01")
        ]
    );
}

#[test]
fn date_filters_follow_the_zone() {
    let r = date_range(date("2026-11-01"), date("2026-11-30"), Tz::Asia__Kolkata).unwrap();
    assert_eq!(r, utc("2026-10-31T18:30:00Z")..utc("2026-11-30T18:30:00Z"));
    let one_day = date_range(date("2026-03-29"), date("2026-03-29"), Tz::Europe__Paris).unwrap();
    assert_eq!(one_day.end - one_day.start, TimeDelta::hours(23));
    assert_eq!(date_range(date("2026-11-02"), date("2026-11-01"), Tz::UTC), None);
}

#[test]
fn granularity_names() {
    for g in Granularity::ALL {
        assert_eq!(Granularity::parse(g.as_str()), Some(g));
    }
    assert_eq!(Granularity::parse("Day"), None);
}

/// The first instant of local date `d`: local midnight, or (when midnight does not exist) an
/// instant of `d` whose previous second is on an earlier date.
fn is_start_of_day(start: DateTime<Utc>, d: NaiveDate, tz: Tz) -> bool {
    let local: NaiveDateTime = start.with_timezone(&tz).naive_local();
    if local == d.and_time(NaiveTime::MIN) {
        return true;
    }
    let before = (start - TimeDelta::seconds(1)).with_timezone(&tz).date_naive();
    local.date() == d
        && before < d
        && tz
            .from_local_datetime(&d.and_time(NaiveTime::MIN))
            .earliest()
            .is_none()
}

fn any_zone() -> impl Strategy<Value = Tz> {
    prop::sample::select(chrono_tz::TZ_VARIANTS.to_vec())
}

fn any_granularity() -> impl Strategy<Value = Granularity> {
    prop::sample::select(Granularity::ALL.to_vec())
}

// 1800-01-01 to 2100-01-01: local mean times, date-line moves and today's rules.
const FROM: i64 = -5_364_662_400;
const TO: i64 = 4_102_444_800;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2000))]

    #[test]
    fn buckets_hold_their_instant_and_start_at_midnight(
        secs in FROM..TO,
        tz in any_zone(),
        g in any_granularity(),
    ) {
        let t = DateTime::from_timestamp(secs, 0).unwrap();
        let b = bucket_containing(t, tz, g);
        prop_assert!(b.start <= t && t < b.end, "{b:?} does not hold {t} in {tz}");
        prop_assert!(is_start_of_day(b.start, b.local, tz), "{b:?} in {tz}");
        prop_assert_eq!(g.first_date(b.local), b.local);
        let next = bucket_containing(b.end, tz, g);
        prop_assert_eq!(next.start, b.end, "no gap or overlap after {:?} in {}", b, tz);
        prop_assert!(next.local > b.local);
    }

    #[test]
    fn bucket_lists_tile_the_range(
        secs in FROM..TO,
        span in 1i64..(120 * 86_400),
        tz in any_zone(),
        g in any_granularity(),
    ) {
        let from = DateTime::from_timestamp(secs, 0).unwrap();
        let to = from + TimeDelta::seconds(span);
        let list: Vec<Bucket> = buckets(from, to, tz, g).collect();
        prop_assert!(!list.is_empty());
        prop_assert!(list[0].contains(from));
        prop_assert!(list.last().unwrap().contains(to - TimeDelta::seconds(1)));
        for w in list.windows(2) {
            prop_assert_eq!(w[0].end, w[1].start);
            prop_assert!(w[0].local < w[1].local);
        }
        for b in &list {
            prop_assert!(b.start < b.end && b.start < to);
            prop_assert!(is_start_of_day(b.start, b.local, tz));
        }
    }
}
