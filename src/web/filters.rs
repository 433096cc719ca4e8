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
    Ok(format!("{} UTC", crate::tz::iso::minutes(&t.as_datetime(), true)))
}

/// `2026-11-24 14:03` (UTC), for dense tables.
#[askama::filter_fn]
pub fn short(t: impl AsDateTime, _: &dyn Values) -> askama::Result<String> {
    Ok(crate::tz::iso::minutes(&t.as_datetime(), false))
}

/// RFC 3339, for `<time datetime>` attributes.
#[askama::filter_fn]
pub fn iso(t: impl AsDateTime, _: &dyn Values) -> askama::Result<String> {
    Ok(t.as_datetime().to_rfc3339_opts(chrono::SecondsFormat::Secs, true))
}

/// "3 minutes ago", for hover titles.
#[askama::filter_fn]
pub fn ago(t: impl AsDateTime, _: &dyn Values) -> askama::Result<String> {
    Ok(crate::metering::timestamp::relative(t.as_datetime(), Utc::now()))
}

/// A price or fee, exact, with its currency: `$0.50`, `$0.000001`, `€1,234.50`.
#[askama::filter_fn]
pub fn price(
    amount: impl std::fmt::Display,
    _: &dyn Values,
    currency: &crate::metering::Currency,
) -> askama::Result<String> {
    let text = amount.to_string();
    Ok(match text.parse::<rust_decimal::Decimal>() {
        Ok(d) => crate::metering::money::format_price(d, *currency),
        Err(_) => text,
    })
}
