//! Times and dates as the portal shows them.
//!
//! Instants are written in the operator's time zone, ISO-like and with the offset, the same in
//! every language (DESIGN: "times in ISO form with the zone"): `2026-11-30 14:05 +05:30`. Only
//! chart labels (a day, a week, a month) follow the language, after CLDR's `MMMd` and `yMMM`
//! skeletons and abbreviated month names:
//!
//! | | day (`MMMd`) | month (`yMMM`) |
//! |---|---|---|
//! | en | `Nov 30` | `Nov 2026` |
//! | fr | `30 nov.` | `nov. 2026` |
//! | zh-CN | `11月30日` | `2026年11月` |
//! | hi | `30 नव॰` | `नव॰ 2026` |

use chrono::{DateTime, Datelike, NaiveDate, SecondsFormat, Utc};
use chrono_tz::Tz;

use super::Lang;
use crate::tz::{Bucket, Granularity};

/// `2026-11-30 14:05 +05:30`: minutes, in `tz`, with its offset at that instant.
pub fn datetime(t: DateTime<Utc>, tz: Tz) -> String {
    crate::tz::iso::with_offset(&t.with_timezone(&tz), false)
}

/// `2026-11-30 14:05:09 +05:30`, for event tables where seconds matter.
pub fn datetime_seconds(t: DateTime<Utc>, tz: Tz) -> String {
    crate::tz::iso::with_offset(&t.with_timezone(&tz), true)
}

/// `2026-11-30T14:05:09+05:30`: RFC 3339 in `tz`, for `<time datetime>` attributes.
pub fn rfc3339(t: DateTime<Utc>, tz: Tz) -> String {
    t.with_timezone(&tz).to_rfc3339_opts(SecondsFormat::Secs, false)
}

/// `2026-11-30`.
pub fn date(d: NaiveDate) -> String {
    crate::tz::iso::date(&d)
}

/// The local date of an instant in `tz`: `2026-11-30`.
pub fn local_date(t: DateTime<Utc>, tz: Tz) -> String {
    date(t.with_timezone(&tz).date_naive())
}

/// CLDR's abbreviated month names (format context), January first.
fn month_abbr(lang: Lang, month: u32) -> &'static str {
    const EN: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    const FR: [&str; 12] = [
        "janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.",
    ];
    const HI: [&str; 12] = [
        "जन॰",
        "फ़र॰",
        "मार्च",
        "अप्रैल",
        "मई",
        "जून",
        "जुल॰",
        "अग॰",
        "सित॰",
        "अक्टू॰",
        "नव॰",
        "दिस॰",
    ];
    let i = (month.clamp(1, 12) - 1) as usize;
    match lang {
        Lang::En | Lang::ZhCn => EN[i],
        Lang::Fr => FR[i],
        Lang::Hi => HI[i],
    }
}

/// A day on a chart axis: `Nov 30`, `30 nov.`, `11月30日`, `30 नव॰`.
pub fn day_label(lang: Lang, d: NaiveDate) -> String {
    let (day, month) = (d.day(), d.month());
    match lang {
        Lang::En => format!("{} {day}", month_abbr(lang, month)),
        Lang::Fr | Lang::Hi => format!("{day} {}", month_abbr(lang, month)),
        Lang::ZhCn => format!("{month}月{day}日"),
    }
}

/// A month on a chart axis: `Nov 2026`, `nov. 2026`, `2026年11月`, `नव॰ 2026`.
pub fn month_label(lang: Lang, year: i32, month: u32) -> String {
    match lang {
        Lang::En | Lang::Fr | Lang::Hi => format!("{} {year}", month_abbr(lang, month)),
        Lang::ZhCn => format!("{year}年{month}月"),
    }
}

/// The axis label of a chart bucket: its day, the day its week starts (Monday), or its month.
pub fn bucket_label(lang: Lang, bucket: &Bucket) -> String {
    match bucket.granularity {
        Granularity::Day | Granularity::Week => day_label(lang, bucket.local),
        Granularity::Month => month_label(lang, bucket.local.year(), bucket.local.month()),
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;
    use crate::tz::bucket_containing;

    fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32, s: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, h, mi, s).single().unwrap()
    }

    #[test]
    fn instants_carry_their_offset() {
        let t = utc(2026, 11, 30, 8, 35, 9);
        assert_eq!(datetime(t, Tz::Asia__Kolkata), "2026-11-30 14:05 +05:30");
        assert_eq!(datetime(t, Tz::Asia__Kathmandu), "2026-11-30 14:20 +05:45");
        assert_eq!(datetime(t, Tz::UTC), "2026-11-30 08:35 +00:00");
        assert_eq!(datetime(t, Tz::America__New_York), "2026-11-30 03:35 -05:00");
        assert_eq!(
            datetime_seconds(t, Tz::Europe__Paris),
            "2026-11-30 09:35:09 +01:00"
        );
        assert_eq!(rfc3339(t, Tz::Asia__Kolkata), "2026-11-30T14:05:09+05:30");
        assert_eq!(rfc3339(t, Tz::UTC), "2026-11-30T08:35:09+00:00");
        // The same zone in summer shows its summer offset.
        let summer = utc(2026, 7, 1, 12, 0, 0);
        assert_eq!(datetime(summer, Tz::Europe__Paris), "2026-07-01 14:00 +02:00");
        // Late evening UTC is already tomorrow in Kolkata.
        assert_eq!(
            local_date(utc(2026, 11, 30, 19, 0, 0), Tz::Asia__Kolkata),
            "2026-12-01"
        );
        assert_eq!(date(NaiveDate::from_ymd_opt(2026, 1, 5).unwrap()), "2026-01-05");
    }

    #[test]
    fn chart_labels_per_locale() {
        let d = NaiveDate::from_ymd_opt(2026, 11, 30).unwrap();
        assert_eq!(day_label(Lang::En, d), "Nov 30");
        assert_eq!(day_label(Lang::Fr, d), "30 nov.");
        assert_eq!(day_label(Lang::ZhCn, d), "11月30日");
        assert_eq!(day_label(Lang::Hi, d), "30 नव॰");
        assert_eq!(month_label(Lang::En, 2026, 11), "Nov 2026");
        assert_eq!(month_label(Lang::Fr, 2026, 11), "nov. 2026");
        assert_eq!(month_label(Lang::Fr, 2026, 5), "mai 2026");
        assert_eq!(month_label(Lang::Fr, 2026, 2), "févr. 2026");
        assert_eq!(month_label(Lang::ZhCn, 2026, 11), "2026年11月");
        assert_eq!(month_label(Lang::Hi, 2026, 11), "नव॰ 2026");
        assert_eq!(month_label(Lang::Hi, 2026, 3), "मार्च 2026");
    }

    #[test]
    fn bucket_labels_name_the_local_period() {
        // 2026-11-29 20:00 UTC is Monday 30 November, 01:30 in Kolkata.
        let t = utc(2026, 11, 29, 20, 0, 0);
        let day = bucket_containing(t, Tz::Asia__Kolkata, Granularity::Day);
        assert_eq!(bucket_label(Lang::En, &day), "Nov 30");
        let week = bucket_containing(t, Tz::Asia__Kolkata, Granularity::Week);
        assert_eq!(bucket_label(Lang::Fr, &week), "30 nov.");
        let week_utc = bucket_containing(t, Tz::UTC, Granularity::Week);
        assert_eq!(bucket_label(Lang::Fr, &week_utc), "23 nov.");
        let month = bucket_containing(utc(2026, 11, 30, 19, 0, 0), Tz::Asia__Kolkata, Granularity::Month);
        assert_eq!(bucket_label(Lang::ZhCn, &month), "2026年12月");
    }
}
