//! Formatting for templates: dates, quantities and money. All user-facing number and date
//! formats go through here, so a translation pass finds them in one place.

use askama::Values;
use chrono::{DateTime, Utc};

/// A point in time, however many references askama wraps around it.
pub trait AsDateTime {
    fn as_datetime(&self) -> DateTime<Utc>;
}

impl AsDateTime for DateTime<Utc> {
    fn as_datetime(&self) -> DateTime<Utc> {
        *self
    }
}

impl<T: AsDateTime + ?Sized> AsDateTime for &T {
    fn as_datetime(&self) -> DateTime<Utc> {
        (**self).as_datetime()
    }
}

/// A count with thousands separators: `12,345`.
#[askama::filter_fn]
pub fn qty(n: impl std::fmt::Display, _: &dyn Values) -> askama::Result<String> {
    let text = n.to_string();
    Ok(text
        .parse::<rust_decimal::Decimal>()
        .map(crate::metering::format_quantity)
        .unwrap_or(text))
}

/// An amount in a currency: `$75.00`, `€1,234.50`, `1,234.500 KWD`.
#[askama::filter_fn]
pub fn money(
    amount: impl std::fmt::Display,
    _: &dyn Values,
    currency: &crate::metering::Currency,
) -> askama::Result<String> {
    let text = amount.to_string();
    Ok(match text.parse::<rust_decimal::Decimal>() {
        Ok(d) => crate::metering::format_money(d, *currency),
        Err(_) => text,
    })
}

/// `2026-11-24 14:03:00 UTC`
#[askama::filter_fn]
pub fn datetime(t: impl AsDateTime, _: &dyn Values) -> askama::Result<String> {
    Ok(t.as_datetime().format("%Y-%m-%d %H:%M:%S UTC").to_string())
}

/// `2026-11-24 14:03` (UTC), for dense tables.
#[askama::filter_fn]
pub fn short(t: impl AsDateTime, _: &dyn Values) -> askama::Result<String> {
    Ok(t.as_datetime().format("%Y-%m-%d %H:%M").to_string())
}

/// RFC 3339, for `<time datetime>` attributes.
#[askama::filter_fn]
pub fn iso(t: impl AsDateTime, _: &dyn Values) -> askama::Result<String> {
    Ok(t.as_datetime().to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

/// "3 minutes ago", for hover titles.
#[askama::filter_fn]
pub fn ago(t: impl AsDateTime, _: &dyn Values) -> askama::Result<String> {
    Ok(relative(t.as_datetime(), Utc::now()))
}

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
    use super::*;
    use chrono::TimeZone;

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
