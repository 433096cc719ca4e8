//! The period the customers table and its exports cover, as a query asks for it.

use chrono::{Duration, Utc};
use serde::Deserialize;

use super::billing::Period;
use crate::metering::parse_timestamp_in;
use crate::tz::Tz;
use crate::validation::FieldErrors;

/// The longest custom range.
pub const MAX_RANGE_DAYS: i64 = 400;

#[derive(Deserialize, Default, Clone)]
pub struct PeriodQuery {
    #[serde(default)]
    pub at: Option<String>,
    #[serde(default)]
    pub period_start: Option<String>,
    #[serde(default)]
    pub period_end: Option<String>,
    #[serde(default)]
    pub after: Option<String>,
}

/// A query value that is present and not blank, trimmed.
pub fn filled(v: &Option<String>) -> Option<&str> {
    v.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// The period a query asks for: a custom range when both ends are given, else the billing
/// cycle containing `at` (default now). Times without an offset are wall-clock times in `tz`
/// (the operator's zone on the portal, UTC on the API).
pub fn parse_period(q: &PeriodQuery, tz: Tz) -> Result<Period, FieldErrors> {
    let mut errors = FieldErrors::new();
    let mut read = |field: &str, v: &str| match parse_timestamp_in(v, tz) {
        Ok(t) => Some(t),
        Err(m) => {
            errors.add(field, m);
            None
        }
    };
    let period = match (filled(&q.period_start), filled(&q.period_end)) {
        (Some(s), Some(e)) => {
            let (s, e) = (read("period_start", s), read("period_end", e));
            match (s, e) {
                (Some(s), Some(e)) if e <= s => {
                    errors.add("period_end", "The end must be after the start.");
                    None
                }
                (Some(s), Some(e)) if e - s > Duration::days(MAX_RANGE_DAYS) => {
                    errors.add(
                        "period_end",
                        format!("A range covers at most {MAX_RANGE_DAYS} days."),
                    );
                    None
                }
                (Some(s), Some(e)) => Some(Period::Range(s, e)),
                _ => None,
            }
        }
        (Some(_), None) => {
            errors.add(
                "period_end",
                "Give the end of the range too, or leave both empty.",
            );
            None
        }
        (None, Some(_)) => {
            errors.add(
                "period_start",
                "Give the start of the range too, or leave both empty.",
            );
            None
        }
        (None, None) => match filled(&q.at) {
            Some(at) => read("at", at).map(Period::CycleAt),
            None => Some(Period::CycleAt(Utc::now())),
        },
    };
    match period {
        Some(p) if errors.is_empty() => Ok(p),
        _ => Err(errors),
    }
}
