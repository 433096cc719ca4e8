//! Timestamps as operators and files write them: every form SPEC lists for CSV uploads, the
//! API's RFC 3339, and the browser's `datetime-local` value. Times without a zone are UTC
//! ([`parse_timestamp`]), or the operator's zone's wall-clock times ([`parse_timestamp_in`], for
//! the portal's date filters).
//!
//! - `2024-09-23` — midnight UTC
//! - `2024-09-23T16:22:25+0530`, `…+05:30`, `…Z`, with an optional fraction (RFC 3339 / ISO 8601);
//!   a space may stand for the `T`
//! - `2024-09-23 16:22:25`, `2024-09-23T16:22:25`, `2024-09-23T16:22` — UTC
//! - `1727108545` — Unix epoch seconds
//!
//! Every form is ASCII, so any other character is refused before the text is looked at by
//! position (full-width or other non-ASCII digits are named as such). Past that check a byte
//! position is a character position, and the parser still reads by `get`, never by indexing.

use chrono::{DateTime, FixedOffset, LocalResult, NaiveDate, NaiveDateTime, TimeZone, Utc};
use chrono_tz::Tz;

pub const FORMATS_HELP: &str = "use 2024-09-23, 2024-09-23 16:22:25 (UTC), 2024-09-23T16:22:25Z, \
2024-09-23T16:22:25+05:30 (or +0530) or Unix seconds such as 1727108545";

/// At most this many characters of the input are repeated in a message.
const SHOWN_CHARS: usize = 40;

/// Why a text is no timestamp, as data: the portal words it in the operator's language,
/// [`std::fmt::Display`] in English with the accepted forms ([`FORMATS_HELP`]). `given` is the
/// text as a message shows it: quoted, control characters escaped, cut when long.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TimestampError {
    Empty,
    /// Not one of the forms.
    Invalid {
        given: String,
    },
    /// Shaped like a date (`2024-02-30`) but no real one.
    NotADate {
        given: String,
    },
    OutOfRange {
        given: String,
    },
    /// Too many digits for Unix seconds (milliseconds?).
    Milliseconds {
        given: String,
    },
    /// A digit from another script; `ch` is it with its code point (`２ (U+FF12)`), `at` its
    /// position (from 1).
    NonAsciiDigit {
        given: String,
        ch: String,
        at: usize,
    },
    /// A character no timestamp holds.
    BadCharacter {
        given: String,
        ch: String,
        at: usize,
    },
}

impl std::fmt::Display for TimestampError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            TimestampError::Empty => write!(f, "the timestamp is empty; {FORMATS_HELP}"),
            TimestampError::Invalid { given } => {
                write!(f, "{given} is not a timestamp we read; {FORMATS_HELP}")
            }
            TimestampError::NotADate { given } => write!(f, "{given} is not a real date; {FORMATS_HELP}"),
            TimestampError::OutOfRange { given } => write!(f, "{given} is out of range"),
            TimestampError::Milliseconds { given } => write!(
                f,
                "{given} is too large for Unix seconds (milliseconds? drop the last three digits); {FORMATS_HELP}"
            ),
            TimestampError::NonAsciiDigit { given, ch, at } => write!(
                f,
                "{given} has the digit {ch} at character {at}; use ASCII digits 0-9, as in 2024-09-23 or 2024-09-23T16:22:25Z"
            ),
            TimestampError::BadCharacter { given, ch, at } => write!(
                f,
                "{given} has the character {ch} at character {at}, which no timestamp holds; {FORMATS_HELP}"
            ),
        }
    }
}

/// Parses one timestamp; the error says what was wrong and which forms work.
pub fn parse_timestamp(raw: &str) -> Result<DateTime<Utc>, String> {
    parse_timestamp_in(raw, Tz::UTC)
}

/// As [`parse_timestamp_in`], the error as data.
pub fn read_timestamp(raw: &str) -> Result<DateTime<Utc>, TimestampError> {
    read_timestamp_in(raw, Tz::UTC)
}

/// Parses one timestamp as an operator in `tz` means it: the forms without an offset (a date
/// alone, a date and time) are wall-clock times in `tz` — a date is the first instant of that
/// local day (its midnight, as `tz::start_of_local_day` reads it), a time that DST skips is read as the first instant
/// after the gap, one that happens twice as the earlier; an offset, `Z` or Unix seconds name
/// the instant whatever the zone. With `Tz::UTC` this is [`parse_timestamp`].
pub fn parse_timestamp_in(raw: &str, tz: Tz) -> Result<DateTime<Utc>, String> {
    read_timestamp_in(raw, tz).map_err(|e| e.to_string())
}

/// As [`parse_timestamp_in`], the error as data.
pub fn read_timestamp_in(raw: &str, tz: Tz) -> Result<DateTime<Utc>, TimestampError> {
    let s = raw.trim();
    if s.is_empty() {
        return Err(TimestampError::Empty);
    }
    if !s.is_ascii() {
        return Err(not_ascii(s));
    }
    if s.bytes().all(|b| b.is_ascii_digit()) {
        if s.len() > 11 {
            return Err(TimestampError::Milliseconds { given: shown(s) });
        }
        let secs: i64 = s
            .parse()
            .map_err(|_| TimestampError::Invalid { given: shown(s) })?;
        return DateTime::from_timestamp(secs, 0)
            .ok_or_else(|| TimestampError::OutOfRange { given: shown(s) });
    }
    if s.len() == 10 {
        return NaiveDate::parse_from_str(s, "%Y-%m-%d")
            .map(|d| wall_clock(d.and_time(chrono::NaiveTime::MIN), tz))
            .map_err(|_| invalid(s));
    }
    // Normalise a space separator to `T`.
    let normalised: String = match (s.get(..10), s.get(10..11), s.get(11..)) {
        (Some(date), Some(" "), Some(time)) => format!("{date}T{time}"),
        _ => s.to_string(),
    };
    if let Ok(t) = DateTime::parse_from_rfc3339(&normalised) {
        return Ok(t.with_timezone(&Utc));
    }
    // ±hhmm offsets and offsets without seconds.
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f%z", "%Y-%m-%dT%H:%M%z"] {
        if let Ok(t) = DateTime::<FixedOffset>::parse_from_str(&normalised, fmt) {
            return Ok(t.with_timezone(&Utc));
        }
    }
    for fmt in ["%Y-%m-%dT%H:%M:%S%.f", "%Y-%m-%dT%H:%M"] {
        if let Ok(t) = NaiveDateTime::parse_from_str(&normalised, fmt) {
            return Ok(wall_clock(t, tz));
        }
    }
    Err(invalid(s))
}

/// The instant a wall-clock time in `tz` stands for: the earlier of two, or the end of a gap.
fn wall_clock(t: NaiveDateTime, tz: Tz) -> DateTime<Utc> {
    match tz.from_local_datetime(&t) {
        LocalResult::Single(x) | LocalResult::Ambiguous(x, _) => x.with_timezone(&Utc),
        LocalResult::None => chrono_tz::GapInfo::new(&t, &tz)
            .and_then(|gap| gap.end)
            .map(|x| x.with_timezone(&Utc))
            .unwrap_or_else(|| Utc.from_utc_datetime(&t)),
    }
}

/// Why a non-ASCII text is no timestamp: a digit from another script, or another character.
fn not_ascii(s: &str) -> TimestampError {
    if let Some((at, ch)) = s
        .chars()
        .enumerate()
        .find(|(_, c)| c.is_numeric() && !c.is_ascii_digit())
    {
        return TimestampError::NonAsciiDigit {
            given: shown(s),
            ch: format!("{ch} (U+{:04X})", ch as u32),
            at: at + 1,
        };
    }
    match s.chars().enumerate().find(|(_, c)| !c.is_ascii()) {
        Some((at, ch)) => {
            let named = if ch.is_control() {
                format!("U+{:04X}", ch as u32)
            } else {
                format!("{ch} (U+{:04X})", ch as u32)
            };
            TimestampError::BadCharacter {
                given: shown(s),
                ch: named,
                at: at + 1,
            }
        }
        None => TimestampError::Invalid { given: shown(s) },
    }
}

/// `s` quoted for a message (control characters escaped), cut when long.
fn shown(s: &str) -> String {
    if s.chars().count() > SHOWN_CHARS {
        let cut: String = s.chars().take(SHOWN_CHARS).collect();
        format!("{cut:?}…")
    } else {
        format!("{s:?}")
    }
}

/// Why an ASCII text is no timestamp.
fn invalid(s: &str) -> TimestampError {
    // Name an impossible date precisely: it is the most common slip.
    if let Some(date) = s.get(..10) {
        if looks_like_date(date) && NaiveDate::parse_from_str(date, "%Y-%m-%d").is_err() {
            return TimestampError::NotADate {
                given: format!("{date:?}"),
            };
        }
    }
    TimestampError::Invalid { given: shown(s) }
}

fn looks_like_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// An RFC 3339 string with seconds and `Z`, as the API writes times.
pub fn rfc3339(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// "3 minutes ago", "in 2 days": how long before or after `now` `t` is, in its largest unit.
pub fn relative(t: DateTime<Utc>, now: DateTime<Utc>) -> String {
    let secs = (now - t).num_seconds();
    let (n, future) = if secs < 0 { (-secs, true) } else { (secs, false) };
    let (value, unit) = match n {
        0..=59 => {
            return if future {
                "in a few seconds".into()
            } else {
                "just now".into()
            };
        }
        60..=3599 => (n / 60, "minute"),
        3600..=86_399 => (n / 3600, "hour"),
        86_400..=2_591_999 => (n / 86_400, "day"),
        2_592_000..=31_535_999 => (n / 2_592_000, "month"),
        _ => (n / 31_536_000, "year"),
    };
    let plural = if value == 1 { "" } else { "s" };
    if future {
        format!("in {value} {unit}{plural}")
    } else {
        format!("{value} {unit}{plural} ago")
    }
}

#[cfg(test)]
mod tests {
    use chrono::Timelike;
    use proptest::prelude::*;

    use super::*;

    fn at(s: &str) -> String {
        parse_timestamp(s)
            .map(rfc3339)
            .unwrap_or_else(|e| format!("ERR {e}"))
    }

    #[test]
    fn forms_without_an_offset_are_wall_clock_times_in_the_zone() {
        let in_zone = |raw: &str, tz: Tz| parse_timestamp_in(raw, tz).map(rfc3339).unwrap_or_default();
        assert_eq!(in_zone("2026-12-01", Tz::Asia__Kolkata), "2026-11-30T18:30:00Z");
        assert_eq!(in_zone("2026-12-01", Tz::Asia__Kathmandu), "2026-11-30T18:15:00Z");
        assert_eq!(
            in_zone("2026-12-01 00:10", Tz::Asia__Kolkata),
            "2026-11-30T18:40:00Z"
        );
        // Paris: 2026-10-25 02:30 happens twice (the earlier, CEST); 2026-03-29 02:30 never.
        assert_eq!(
            in_zone("2026-10-25T02:30", Tz::Europe__Paris),
            "2026-10-25T00:30:00Z"
        );
        assert_eq!(
            in_zone("2026-03-29T02:30", Tz::Europe__Paris),
            "2026-03-29T01:00:00Z"
        );
        // An offset, Z or Unix seconds name the instant whatever the zone.
        assert_eq!(
            in_zone("2026-12-01T00:00:00Z", Tz::Asia__Kolkata),
            "2026-12-01T00:00:00Z"
        );
        assert_eq!(in_zone("2026-12-01T00:00+05:45", Tz::UTC), "2026-11-30T18:15:00Z");
        assert_eq!(in_zone("1727108545", Tz::America__New_York), at("1727108545"));
        for raw in ["2024-09-23", "2024-09-23 16:22:25", "2024-09-23T16:22"] {
            assert_eq!(parse_timestamp_in(raw, Tz::UTC), parse_timestamp(raw));
        }
        assert!(parse_timestamp_in("2026-02-30", Tz::Asia__Kolkata).is_err());
    }

    #[test]
    fn reads_every_documented_form() {
        assert_eq!(at("2024-09-23"), "2024-09-23T00:00:00Z");
        assert_eq!(at("2024-09-23T16:22:25+0530"), "2024-09-23T10:52:25Z");
        assert_eq!(at("2024-09-23T16:22:25+05:30"), "2024-09-23T10:52:25Z");
        assert_eq!(at("2024-09-23T16:22:25Z"), "2024-09-23T16:22:25Z");
        assert_eq!(at("2024-09-23T16:22:25.123Z"), "2024-09-23T16:22:25Z");
        assert_eq!(at("2024-09-23T16:22:25.5-0100"), "2024-09-23T17:22:25Z");
        assert_eq!(at("2024-09-23 16:22:25"), "2024-09-23T16:22:25Z");
        assert_eq!(at("2024-09-23 16:22:25Z"), "2024-09-23T16:22:25Z");
        assert_eq!(at("2024-09-23T16:22"), "2024-09-23T16:22:00Z");
        assert_eq!(at("1727108545"), "2024-09-23T16:22:25Z");
        assert_eq!(at(" 2024-09-23 "), "2024-09-23T00:00:00Z");
    }

    #[test]
    fn refuses_impossible_and_odd_input_with_a_reason() {
        assert!(
            at("2024-13-01").contains("not a real date"),
            "{}",
            at("2024-13-01")
        );
        assert!(at("2024-02-30").contains("not a real date"));
        assert!(at("2024-02-30T10:00:00Z").contains("not a real date"));
        assert!(at("yesterday").contains("not a timestamp we read"));
        assert!(at("").contains("empty"));
        assert!(at("1727108545000").contains("milliseconds"));
        assert!(at("23/09/2024").starts_with("ERR"));
    }

    #[test]
    fn leap_days_exist_in_leap_years_only() {
        assert_eq!(at("2024-02-29"), "2024-02-29T00:00:00Z");
        assert!(at("2023-02-29").contains("not a real date"));
    }

    #[test]
    fn non_ascii_input_is_refused_with_a_reason_not_a_panic() {
        let e = at("２０２６-01-01");
        assert!(
            e.starts_with(
                "ERR \"２０２６-01-01\" has the digit ２ (U+FF12) at character 1; use ASCII digits 0-9"
            ),
            "{e}"
        );
        let e = at("2026-11-0🙂");
        assert!(
            e.contains("has the character 🙂 (U+1F642) at character 10"),
            "{e}"
        );
        // Arabic-Indic digits, a multi-byte character where the date, the separator or the
        // time would be cut, and a C1 control character.
        assert!(at("٢٠٢٦-01-01").contains("use ASCII digits"));
        assert!(at("2026-11-01é12:00:00").contains("character é (U+00E9) at character 11"));
        assert!(at("2026-11-01 1é:00").contains("at character 13"));
        assert!(at("2026-11-01\u{80}").contains("the character U+0080 at character 11"));
        assert!(at("é").starts_with("ERR"));
    }

    #[test]
    fn long_input_is_cut_in_messages() {
        let e = at(&"9-".repeat(1000));
        assert!(e.len() < 400, "{e}");
        assert!(e.contains("…"), "{e}");
        assert!(
            at("2024-09-23\u{0}").contains("\\0"),
            "NUL is escaped in the message"
        );
    }

    /// Times whose every documented form can be written: years 1000–9999.
    fn instant() -> impl Strategy<Value = DateTime<Utc>> {
        (-30_610_224_000i64..253_402_300_799).prop_map(|s| DateTime::from_timestamp(s, 0).unwrap_or_default())
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(512))]

        #[test]
        fn never_panics_on_any_text(s in any::<String>()) {
            let _ = parse_timestamp(&s);
        }

        #[test]
        fn never_panics_on_near_timestamps(s in "[0-9２٢🙂é :.TZ+-]{0,30}") {
            let _ = parse_timestamp(&s);
        }

        #[test]
        fn every_documented_form_round_trips(
            t in instant(),
            millis in 0u32..1000,
            offset_minutes in -(14 * 60)..=(14 * 60i32),
        ) {
            let t = t.with_nanosecond(millis * 1_000_000).unwrap_or(t);
            let whole = t.with_nanosecond(0).unwrap_or(t);
            let minute = whole.with_second(0).unwrap_or(whole);
            let zone = FixedOffset::east_opt(offset_minutes * 60).unwrap_or(FixedOffset::east_opt(0).unwrap());
            let local = t.with_timezone(&zone);
            let cases: Vec<(String, DateTime<Utc>)> = vec![
                (t.format("%Y-%m-%d").to_string(), whole.date_naive().and_hms_opt(0, 0, 0).unwrap().and_utc()),
                (rfc3339(whole), whole),
                (t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true), t),
                (local.format("%Y-%m-%dT%H:%M:%S%.3f%:z").to_string(), t),
                (local.format("%Y-%m-%dT%H:%M:%S%z").to_string(), whole),
                (local.format("%Y-%m-%d %H:%M:%S%:z").to_string(), whole),
                (t.format("%Y-%m-%d %H:%M:%S").to_string(), whole),
                (t.format("%Y-%m-%dT%H:%M:%S").to_string(), whole),
                (t.format("%Y-%m-%dT%H:%M").to_string(), minute),
                (format!(" {} ", t.format("%Y-%m-%dT%H:%M:%SZ")), whole),
            ];
            for (text, want) in cases {
                prop_assert_eq!(parse_timestamp(&text), Ok(want), "{}", text);
            }
            if (0..=99_999_999_999).contains(&whole.timestamp()) {
                prop_assert_eq!(parse_timestamp(&whole.timestamp().to_string()), Ok(whole));
            }
        }
    }

    #[test]
    fn relative_times_read_naturally() {
        let now = Utc
            .with_ymd_and_hms(2026, 11, 24, 12, 0, 0)
            .single()
            .unwrap_or_default();
        assert_eq!(relative(now, now), "just now");
        assert_eq!(relative(now - chrono::Duration::minutes(1), now), "1 minute ago");
        assert_eq!(relative(now - chrono::Duration::hours(5), now), "5 hours ago");
        assert_eq!(relative(now + chrono::Duration::days(2), now), "in 2 days");
    }
}
