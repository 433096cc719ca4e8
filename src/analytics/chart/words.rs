//! What a chart says: the words and number formats of its titles, summaries, legend, axes,
//! hover titles and data table.
//!
//! The chart stays pure and language-free: [`render_in`](super::render_in) asks a [`Words`] for
//! every text it shows. The defaults are plain English with ISO dates and the house's number
//! format ([`English`]); the portal implements them from its catalogue, in the operator's
//! language and time zone.

use chrono::NaiveDate;
use rust_decimal::Decimal;

use super::scale::compact;
use super::time::{Granularity, iso_date};
use crate::metering::format_quantity;
use crate::tz::Bucket;

/// Every text of a chart. Arguments that are already texts (`quantity`, `when`, …) come from the
/// other methods of the same `Words`.
pub trait Words {
    /// An exact quantity: `1,234.5`.
    fn quantity(&self, v: Decimal) -> String {
        format_quantity(v)
    }

    /// A y-axis tick label, short: `12.5k` (see [`compact`]).
    fn tick(&self, v: Decimal) -> String {
        compact(v)
    }

    /// The data table's first heading: `Day`, `Week`, `Month`.
    fn heading(&self, g: Granularity) -> String {
        g.title().to_owned()
    }

    /// A series' heading in the data table: `API calls (calls)`.
    fn series_heading(&self, name: &str, unit: &str) -> String {
        format!("{name} ({unit})")
    }

    /// A period in words, for the data table and the summaries: `2024-09-23`,
    /// `week of 2024-09-23`, `September 2024`.
    fn period(&self, g: Granularity, first: NaiveDate) -> String {
        g.period_label(first)
    }

    /// A bar's period in its hover title. The portal adds the period's first and last instants
    /// in the operator's zone, with their offsets.
    fn bar_period(&self, g: Granularity, bucket: &Bucket) -> String {
        self.period(g, bucket.local)
    }

    /// The short x-axis label: `Sep 23`, `Sep 2024`.
    fn axis(&self, g: Granularity, first: NaiveDate) -> String {
        g.axis_label(first)
    }

    /// When a peak happened: `on 2024-09-17`, `in September 2024`.
    fn when(&self, g: Granularity, first: NaiveDate) -> String {
        g.when(first)
    }

    /// Meter names joined: `A`, `A and B`, `A, B and C`.
    fn names(&self, names: &[&str]) -> String {
        match names {
            [] => String::new(),
            [one] => (*one).to_owned(),
            [rest @ .., last] => format!("{} and {last}", rest.join(", ")),
        }
    }

    /// A panel's title: `API calls per day, 2024-09-01 to 2024-09-30` (its first and last
    /// local days).
    fn title(&self, names: &str, g: Granularity, first: NaiveDate, last: NaiveDate) -> String {
        format!(
            "{names} per {}, {} to {}",
            g.as_str(),
            iso_date(first),
            iso_date(last)
        )
    }

    /// A series without any period in the range.
    fn no_periods(&self) -> String {
        "no periods in the range".to_owned()
    }

    /// A series that is 0 throughout: `0 calls in every day`.
    fn zero_every(&self, g: Granularity, quantity: &str) -> String {
        format!("{quantity} in every {}", g.as_str())
    }

    /// `max 1,234 calls on 2024-09-17`.
    fn max(&self, quantity: &str, when: &str) -> String {
        format!("max {quantity} {when}")
    }

    /// `max 5 calls on …, min -3 calls on …`.
    fn max_min(&self, quantity: &str, when: &str, min: &str, min_when: &str) -> String {
        format!("max {quantity} {when}, min {min} {min_when}")
    }

    /// One series' facts in a panel of several: `API calls: max …`.
    fn series_facts(&self, name: &str, facts: &str) -> String {
        format!("{name}: {facts}")
    }

    /// The panel's facts as a sentence (the `<desc>`): `Max 1,234 calls on 2024-09-17.`
    fn sentence(&self, facts: &str) -> String {
        format!("{facts}.")
    }

    /// Title and facts in one line (the caption): `API calls per day, …; max …`.
    fn summary(&self, title: &str, facts: &str) -> String {
        format!("{title}; {facts}")
    }

    /// A bar's hover title: `API calls · 2024-09-23 · 1,234 calls` (`unit` may be empty).
    fn bar(&self, name: &str, period: &str, value: &str, unit: &str) -> String {
        if unit.is_empty() {
            format!("{name} · {period} · {value}")
        } else {
            format!("{name} · {period} · {value} {unit}")
        }
    }
}

/// Plain English, ISO dates, the house's number format: what the chart says without a portal
/// (its own tests, and any caller with no operator to speak to).
#[derive(Debug, Clone, Copy, Default)]
pub struct English;

impl Words for English {}
