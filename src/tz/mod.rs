//! Time zones: the organisation's (default UTC) and each operator's own (default the
//! organisation's). Pure functions only: naming a zone, reading an instant in it, and the local
//! days, weeks and months that "this month", chart buckets and date filters follow.
//!
//! Zones are IANA names from the tz database compiled into `chrono-tz` (its version is
//! [`TZDB_VERSION`]). Billing cycles do not use any of this: they stay anchored to each
//! subscription's start instant (see `metering::cycles`).
//!
//! - [`parse_zone`]: an IANA name (`Asia/Kolkata`), exact; a wrong case gets a suggestion.
//! - [`buckets`]: local day / ISO week / month boundaries as UTC instants, exact across DST
//!   (23- and 25-hour days) and for +05:30 / +05:45; a local midnight that does not exist is
//!   replaced by the first instant of that day, an ambiguous one by the earlier.

mod buckets;
pub mod iso;

use std::fmt;

use chrono::{DateTime, NaiveDate, Utc};
pub use chrono_tz::Tz;

pub use buckets::{
    Bucket, Buckets, Granularity, bucket_containing, buckets, date_range, start_of_local_day, this_month,
};

/// The version of the tz database the binary carries (`2025b`).
pub const TZDB_VERSION: &str = chrono_tz::IANA_TZDB_VERSION;

/// The zone nothing else was chosen for.
pub const DEFAULT_ZONE: Tz = Tz::UTC;

/// Why a time zone name was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ZoneError {
    /// Nothing was given.
    Empty,
    /// Not an IANA name; `suggestion` is the zone it matches but for letter case.
    Unknown {
        given: String,
        suggestion: Option<&'static str>,
    },
}

impl fmt::Display for ZoneError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            ZoneError::Empty => f.write_str(
                "the time zone is required; give an IANA name such as Europe/Paris or Asia/Kolkata",
            ),
            ZoneError::Unknown {
                given,
                suggestion: Some(s),
            } => write!(f, "{given:?} is not a time zone name; did you mean {s}?"),
            ZoneError::Unknown {
                given,
                suggestion: None,
            } => write!(
                f,
                "{given:?} is not a time zone name; give an IANA name such as Europe/Paris, \
                 America/New_York or Asia/Kolkata"
            ),
        }
    }
}

impl std::error::Error for ZoneError {}

/// Parses an IANA time zone name exactly as the tz database spells it (`Asia/Kolkata`, `UTC`,
/// `America/Argentina/Buenos_Aires`); surrounding spaces are ignored.
pub fn parse_zone(name: &str) -> Result<Tz, ZoneError> {
    let name = name.trim();
    if name.is_empty() {
        return Err(ZoneError::Empty);
    }
    if let Ok(tz) = name.parse::<Tz>() {
        return Ok(tz);
    }
    let suggestion = chrono_tz::TZ_VARIANTS
        .iter()
        .find(|tz| tz.name().eq_ignore_ascii_case(name))
        .map(|tz| tz.name());
    Err(ZoneError::Unknown {
        given: name.to_owned(),
        suggestion,
    })
}

/// The zone a stored name stands for, or `fallback` when there is none or it is no longer known
/// (names are checked when stored; this keeps a page working if the tz database drops one).
pub fn zone_or(stored: Option<&str>, fallback: Tz) -> Tz {
    stored.and_then(|s| parse_zone(s).ok()).unwrap_or(fallback)
}

/// Every zone name the binary knows, sorted, for a settings list.
pub fn zone_names() -> Vec<&'static str> {
    let mut names: Vec<&'static str> = chrono_tz::TZ_VARIANTS.iter().map(|tz| tz.name()).collect();
    names.sort_unstable();
    names
}

/// An instant read in `tz`.
pub fn to_local(t: DateTime<Utc>, tz: Tz) -> DateTime<Tz> {
    t.with_timezone(&tz)
}

/// The local calendar date of an instant in `tz`.
pub fn local_date(t: DateTime<Utc>, tz: Tz) -> NaiveDate {
    t.with_timezone(&tz).date_naive()
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    #[test]
    fn zone_names_parse_exactly() {
        assert_eq!(parse_zone("Asia/Kolkata"), Ok(Tz::Asia__Kolkata));
        assert_eq!(parse_zone(" Asia/Kathmandu "), Ok(Tz::Asia__Kathmandu));
        assert_eq!(parse_zone("UTC"), Ok(Tz::UTC));
        assert_eq!(
            parse_zone("America/Argentina/Buenos_Aires"),
            Ok(Tz::America__Argentina__Buenos_Aires)
        );
        assert_eq!(parse_zone(""), Err(ZoneError::Empty));
        assert_eq!(parse_zone("   "), Err(ZoneError::Empty));
        assert_eq!(
            parse_zone("asia/kolkata"),
            Err(ZoneError::Unknown {
                given: "asia/kolkata".into(),
                suggestion: Some("Asia/Kolkata")
            })
        );
        let unknown = parse_zone("Mars/Olympus_Mons").unwrap_err();
        assert_eq!(
            unknown,
            ZoneError::Unknown {
                given: "Mars/Olympus_Mons".into(),
                suggestion: None
            }
        );
        assert!(unknown.to_string().contains("IANA name such as Europe/Paris"));
        assert!(parse_zone("+05:30").is_err(), "offsets are not zones");
        assert_eq!(
            parse_zone("asia/kolkata").unwrap_err().to_string(),
            "\"asia/kolkata\" is not a time zone name; did you mean Asia/Kolkata?"
        );
    }

    #[test]
    fn stored_zones_fall_back() {
        assert_eq!(zone_or(Some("Europe/Paris"), Tz::UTC), Tz::Europe__Paris);
        assert_eq!(zone_or(Some("Gone/Zone"), Tz::Asia__Kolkata), Tz::Asia__Kolkata);
        assert_eq!(zone_or(None, DEFAULT_ZONE), Tz::UTC);
    }

    #[test]
    fn the_zone_list_is_sorted_and_parses() {
        let names = zone_names();
        assert!(names.len() > 400);
        assert!(names.windows(2).all(|w| w[0] < w[1]));
        for n in names {
            assert_eq!(parse_zone(n).map(|tz| tz.name()), Ok(n));
        }
        assert!(!TZDB_VERSION.is_empty());
    }

    #[test]
    fn instants_read_locally() {
        let t = Utc.with_ymd_and_hms(2026, 11, 30, 18, 45, 0).single().unwrap();
        assert_eq!(
            to_local(t, Tz::Asia__Kolkata).format("%F %T %:z").to_string(),
            "2026-12-01 00:15:00 +05:30"
        );
        assert_eq!(
            local_date(t, Tz::Asia__Kolkata),
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
        );
        assert_eq!(
            local_date(t, Tz::Asia__Kathmandu),
            NaiveDate::from_ymd_opt(2026, 12, 1).unwrap()
        );
        assert_eq!(
            local_date(t, Tz::America__New_York),
            NaiveDate::from_ymd_opt(2026, 11, 30).unwrap()
        );
    }
}
