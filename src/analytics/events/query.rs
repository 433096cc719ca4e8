//! The events table's filters: as typed (kept in the URL), and parsed.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Deserialize;

use crate::metering::parse_timestamp_in;
use crate::metering::timestamp::FORMATS_HELP;
use crate::validation::FieldErrors;

/// Where an event came from, as the `source` column stores it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SourceKind {
    Api,
    Manual,
    Upload,
    /// Stripe's meter events (the `/stripe` surface).
    Stripe,
    CloudEvents,
}

impl SourceKind {
    pub const ALL: [SourceKind; 5] = [
        SourceKind::Api,
        SourceKind::Manual,
        SourceKind::Upload,
        SourceKind::Stripe,
        SourceKind::CloudEvents,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            SourceKind::Api => "api",
            SourceKind::Manual => "manual",
            SourceKind::Upload => "upload",
            SourceKind::Stripe => "stripe",
            SourceKind::CloudEvents => "cloudevents",
        }
    }

    pub fn parse(s: &str) -> Option<SourceKind> {
        SourceKind::ALL.into_iter().find(|k| k.as_str() == s)
    }
}

/// The filter form's fields, exactly as in the URL (the page shows them back as typed).
#[derive(Debug, Clone, Default, Deserialize)]
pub struct FilterForm {
    #[serde(default)]
    pub meter: String,
    #[serde(default)]
    pub event_name: String,
    #[serde(default)]
    pub customer: String,
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
    #[serde(default)]
    pub source: String,
}

/// The parsed filters; every one optional.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Criteria {
    pub meter_id: Option<String>,
    pub event_name: Option<String>,
    pub customer_id: Option<String>,
    /// Inclusive.
    pub from: Option<DateTime<Utc>>,
    /// Exclusive.
    pub to: Option<DateTime<Utc>>,
    pub source: Option<SourceKind>,
}

fn non_empty(s: &str) -> Option<String> {
    let s = s.trim();
    (!s.is_empty()).then(|| s.to_string())
}

/// "2024-09-23" alone: a date without a time.
fn is_date_only(s: &str) -> bool {
    let s = s.trim();
    s.len() == 10 && s.as_bytes().get(4) == Some(&b'-') && s.as_bytes().get(7) == Some(&b'-')
}

/// The parser's message as a sentence; the list of forms that work is under the fields already.
fn sentence(message: &str) -> String {
    let message = match message.strip_suffix(FORMATS_HELP) {
        Some(head) => format!(
            "{}; use one of the forms listed below",
            head.trim_end_matches([';', ' '])
        ),
        None => message.to_string(),
    };
    let mut chars = message.chars();
    let mut out: String = match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

impl FilterForm {
    /// Parses every field, times without an offset in UTC; the errors name the field to correct.
    pub fn parse(&self) -> Result<Criteria, FieldErrors> {
        self.parse_in(Tz::UTC)
    }

    /// Parses every field as an operator in `tz` means it: a date or a time without an offset is
    /// `tz`'s wall-clock time (`2026-12-01` from is 2026-11-30 18:30 UTC in Asia/Kolkata), and a
    /// date alone as the end includes that whole local day (up to the next local midnight, 23 or
    /// 25 hours later across a DST change). An offset, `Z` or Unix seconds name the instant.
    pub fn parse_in(&self, tz: Tz) -> Result<Criteria, FieldErrors> {
        let mut errors = FieldErrors::new();
        let mut time = |field: &str, raw: &str| -> Option<DateTime<Utc>> {
            let raw = raw.trim();
            if raw.is_empty() {
                return None;
            }
            match parse_timestamp_in(raw, tz) {
                Ok(t) => Some(t),
                Err(e) => {
                    errors.add(field, sentence(&e));
                    None
                }
            }
        };
        let from = time("from", &self.from);
        // A date alone as the end includes that whole day.
        let to = time("to", &self.to).map(|t| {
            if is_date_only(&self.to) {
                crate::tz::bucket_containing(t, tz, crate::tz::Granularity::Day).end
            } else {
                t
            }
        });
        if let (Some(f), Some(t)) = (from, to)
            && t <= f
        {
            errors.add("to", "The end of the range must be after its start.");
        }
        let source = match self.source.trim() {
            "" => None,
            s => match SourceKind::parse(s) {
                Some(k) => Some(k),
                None => {
                    errors.add(
                        "source",
                        "Choose API, manual entry, upload, Stripe or CloudEvents.",
                    );
                    None
                }
            },
        };
        errors.into_result(Criteria {
            meter_id: non_empty(&self.meter),
            event_name: non_empty(&self.event_name),
            customer_id: non_empty(&self.customer),
            from,
            to,
            source,
        })
    }

    /// The filters as a query string (without the cursor), for the pager's links.
    pub fn query_string(&self) -> String {
        let pairs: Vec<(&str, &str)> = [
            ("meter", &self.meter),
            ("event_name", &self.event_name),
            ("customer", &self.customer),
            ("from", &self.from),
            ("to", &self.to),
            ("source", &self.source),
        ]
        .into_iter()
        .map(|(k, v)| (k, v.trim()))
        .filter(|(_, v)| !v.is_empty())
        .collect();
        serde_urlencoded::to_string(pairs).unwrap_or_default()
    }

    /// Whether any filter is set.
    pub fn is_filtered(&self) -> bool {
        !self.query_string().is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn form(from: &str, to: &str) -> FilterForm {
        FilterForm {
            from: from.into(),
            to: to.into(),
            ..Default::default()
        }
    }

    fn at(s: &str) -> DateTime<Utc> {
        DateTime::parse_from_rfc3339(s)
            .map(|t| t.with_timezone(&Utc))
            .unwrap_or_default()
    }

    #[test]
    fn reads_the_documented_formats_and_the_browsers_datetime_local() {
        let c = form("2024-09-23T10:00", "2024-09-23T16:22:25+05:30").parse();
        assert_eq!(
            c.map(|c| (c.from, c.to)),
            Ok((Some(at("2024-09-23T10:00:00Z")), Some(at("2024-09-23T10:52:25Z"))))
        );
        let e = form("2024-09-23T16:22", "2024-09-23T16:22:25+05:30").parse();
        assert!(e.err().unwrap_or_default().has("to"), "the end before the start");
        let c = form("1727108545", "2024-09-24").parse();
        assert_eq!(
            c.map(|c| (c.from, c.to)),
            Ok((Some(at("2024-09-23T16:22:25Z")), Some(at("2024-09-25T00:00:00Z")))),
            "a date alone as the end includes the whole day"
        );
    }

    #[test]
    fn dates_and_wall_clock_times_are_the_zones() {
        let c = form("2026-12-01", "2026-12-01").parse_in(Tz::Asia__Kolkata);
        assert_eq!(
            c.map(|c| (c.from, c.to)),
            Ok((Some(at("2026-11-30T18:30:00Z")), Some(at("2026-12-01T18:30:00Z"))))
        );
        let c = form("2026-12-01T00:10", "2026-12-01T05:45").parse_in(Tz::Asia__Kathmandu);
        assert_eq!(
            c.map(|c| (c.from, c.to)),
            Ok((Some(at("2026-11-30T18:25:00Z")), Some(at("2026-12-01T00:00:00Z"))))
        );
        // The day Paris leaves summer time lasts 25 hours.
        let c = form("2026-10-25", "2026-10-25").parse_in(Tz::Europe__Paris);
        assert_eq!(
            c.map(|c| (c.from, c.to)),
            Ok((Some(at("2026-10-24T22:00:00Z")), Some(at("2026-10-25T23:00:00Z"))))
        );
        let c = form("2026-12-01T00:00:00Z", "").parse_in(Tz::America__New_York);
        assert_eq!(c.map(|c| c.from), Ok(Some(at("2026-12-01T00:00:00Z"))));
    }

    #[test]
    fn names_the_field_to_correct() {
        let e = form("yesterday", "").parse().err().unwrap_or_default();
        assert_eq!(
            e.get("from"),
            Some("\"yesterday\" is not a timestamp we read; use one of the forms listed below.")
        );
        let e = form("2024-02-30", "").parse().err().unwrap_or_default();
        assert!(
            e.get("from").is_some_and(|m| m.contains("not a real date")),
            "{e:?}"
        );
        let bad_source = FilterForm {
            source: "ftp".into(),
            ..Default::default()
        };
        assert!(bad_source.parse().err().unwrap_or_default().has("source"));
    }

    #[test]
    fn query_strings_keep_only_set_filters() {
        let f = FilterForm {
            event_name: "api.call".into(),
            customer: " acme&co ".into(),
            ..Default::default()
        };
        assert_eq!(f.query_string(), "event_name=api.call&customer=acme%26co");
        assert!(f.is_filtered());
        assert!(!FilterForm::default().is_filtered());
        assert_eq!(FilterForm::default().parse(), Ok(Criteria::default()));
    }

    #[test]
    fn the_filter_offers_every_source_the_index_is_read_by() {
        let offered: Vec<&str> = SourceKind::ALL.iter().map(|k| k.as_str()).collect();
        assert_eq!(offered, crate::db::event_pairs::ALL);
    }
}
