//! Server-rendered SVG charts (pure: data in, markup out).
//!
//! The **meter quantity chart** of Analytics → Overview: one bar per period per meter, for day,
//! week or month periods of the operator's time zone over a range, several meters at once. Meters sharing a unit share a
//! panel (one y axis); each further unit gets its own panel. Axes use round ticks (1, 2, 2.5, 5 ×
//! 10^k) with the top at the nice ceiling of the panel's maximum, so small and large series both
//! fill their panel.
//!
//! The caller aggregates usage per bucket (with the meter's own aggregation) and passes one point
//! per bucket; [`render`] draws every bucket of the range, missing ones as 0, and [`table`] gives
//! the same numbers as rows for the "show data" table.
//!
//! Markup contract (for styles and browser tests):
//! - each panel is one `<svg class="chart" role="img" aria-labelledby="meter-chart-N-title
//!   meter-chart-N-desc">` with a `<title>` and a `<desc>` summarising it;
//! - each mark is `<rect class="mark" data-bucket="YYYY-MM-DD" data-series="<meter id>"
//!   data-value="<decimal>">` with a `<title>` "name · period · exact value unit", inside
//!   `<g class="series series-K">` (K = the series' own colour slot when it has one, else its
//!   position in the input, modulo 8 — so a meter keeps its colour whichever others are charted);
//! - other classes: `legend`, `legend-item`, `swatch series-K`, `legend-label`, `axis-unit`,
//!   `grid`, `tick-labels y-labels`, `tick-labels x-labels`, `tick-label`, `tick`, `axis`, `marks`.
//!
//! No `style` attributes and no `<style>` element (CSP `style-src 'self'`); presentation attributes
//! give defaults that the stylesheet overrides. Output is deterministic.

mod scale;
mod svg;
mod time;
mod words;

use std::collections::BTreeMap;

use chrono::{DateTime, NaiveDate, TimeDelta, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;

use crate::tz::{Bucket, bucket_containing, local_date};

pub use scale::{Ticks, compact, compact_parts, nice_ticks};
pub use svg::{MAX_X_LABELS, PALETTE, WIDTH};
pub use time::{Granularity, bucket_count, buckets, iso_date};
pub use words::{English, Words};

/// The most buckets a chart should be asked for; callers refuse larger ranges (see
/// [`bucket_count`]). Three years of days fit.
pub const MAX_BUCKETS: usize = 1_100;

/// How many distinct series classes (`series-0` … `series-7`) there are; later series reuse them.
pub const SERIES_CLASSES: usize = PALETTE.len();

/// One meter's quantities per bucket.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Series {
    pub meter_id: String,
    pub name: String,
    pub unit: String,
    /// The colour slot (`series-K`, K modulo 8) this series always gets, whichever other series
    /// are charted with it; `None` takes its position in the input.
    pub colour: Option<usize>,
    /// `(bucket start, value)`, one per bucket, any order. A timestamp inside a bucket (a local
    /// period of the input's zone) counts for that bucket; buckets without a point are 0; points
    /// outside the range are ignored; if two
    /// points fall in the same bucket the later one in the list wins (the caller aggregates —
    /// sum, max and last don't combine the same way).
    pub points: Vec<(DateTime<Utc>, Decimal)>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ChartInput {
    pub granularity: Granularity,
    /// The operator's time zone: buckets are its local days, weeks or months.
    pub tz: Tz,
    /// Start of the range (inclusive).
    pub from: DateTime<Utc>,
    /// End of the range (exclusive).
    pub to: DateTime<Utc>,
    pub series: Vec<Series>,
}

/// The chart: `svg` is every panel's `<svg>` one after the other; `panels` has each one alone with
/// what it shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Rendered {
    pub svg: String,
    pub panels: Vec<PanelInfo>,
}

/// One panel: the series of one unit on one y axis.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PanelInfo {
    pub unit: String,
    /// Meter ids of the series drawn here, in input order.
    pub series: Vec<String>,
    /// "API calls per day, 2024-09-01 to 2024-09-30" (the `<title>`).
    pub title: String,
    /// "Max 1,234 calls on 2024-09-17." (the `<desc>`); with several series "API calls: max …;
    /// Search calls: max …."
    pub desc: String,
    /// Both in one line, e.g. for a `<figcaption>`: "API calls per day, 2024-09-01 to 2024-09-30;
    /// max 1,234 calls on 2024-09-17".
    pub summary: String,
    pub ticks: Ticks,
    /// How many marks were drawn (buckets × series).
    pub marks: usize,
    pub svg: String,
}

/// One row of the "show data" table: the period and one value per series (input order).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TableRow {
    /// The period's first instant.
    pub bucket: DateTime<Utc>,
    /// `2024-09-23`, `week of 2024-09-23`, `September 2024` ([`Words::period`]).
    pub period: String,
    /// [`Words::quantity`] of each series' value, in input order (units are in the headings).
    pub values: Vec<String>,
}

/// The values on the bucket grid: `values[series][bucket]`; `names` are the buckets' first local
/// dates.
struct Grid {
    buckets: Vec<Bucket>,
    names: Vec<NaiveDate>,
    values: Vec<Vec<Decimal>>,
}

fn grid(input: &ChartInput) -> Grid {
    let buckets = buckets(input.granularity, input.from, input.to, input.tz);
    let index: BTreeMap<DateTime<Utc>, usize> =
        buckets.iter().enumerate().map(|(i, b)| (b.start, i)).collect();
    let g = input.granularity.zoned();
    let values = input
        .series
        .iter()
        .map(|s| {
            let mut row = vec![Decimal::ZERO; buckets.len()];
            for (t, v) in &s.points {
                if let Some(&i) = index.get(&bucket_containing(*t, input.tz, g).start) {
                    row[i] = *v;
                }
            }
            row
        })
        .collect();
    let names = buckets.iter().map(|b| b.local).collect();
    Grid {
        buckets,
        names,
        values,
    }
}

/// Series indexes grouped by unit, in order of each unit's first appearance.
fn group_by_unit(series: &[Series]) -> Vec<(&str, Vec<usize>)> {
    let mut groups: Vec<(&str, Vec<usize>)> = Vec::new();
    for (i, s) in series.iter().enumerate() {
        match groups.iter_mut().find(|(unit, _)| *unit == s.unit) {
            Some((_, members)) => members.push(i),
            None => groups.push((&s.unit, vec![i])),
        }
    }
    groups
}

/// Renders the chart in plain English ([`English`]); see [`render_in`].
pub fn render(input: &ChartInput) -> Rendered {
    render_in(input, &English)
}

/// Renders the chart with `words` for every text: one panel per unit, panels in order of the
/// units' first appearance. No series → no panels and an empty `svg`.
pub fn render_in(input: &ChartInput, words: &dyn Words) -> Rendered {
    let grid = grid(input);
    let mut panels = Vec::new();
    for (n, (unit, members)) in group_by_unit(&input.series).into_iter().enumerate() {
        let values = members.iter().flat_map(|&i| grid.values[i].iter().copied());
        let (lo, hi) = values.fold((Decimal::ZERO, Decimal::ZERO), |(lo, hi), v| {
            (lo.min(v), hi.max(v))
        });
        let ticks = nice_ticks(lo, hi);
        let title = panel_title(input, words, &members);
        let facts = panel_facts(input, words, &grid, &members, unit);
        let summary = words.summary(&title, &facts);
        // Capitalise our own first word, never a series name.
        let desc = if members.len() > 1 {
            words.sentence(&facts)
        } else {
            words.sentence(&upper_first(&facts))
        };
        let panel = svg::Panel {
            id: format!("meter-chart-{n}"),
            granularity: input.granularity,
            unit,
            buckets: &grid.buckets,
            words,
            series: members
                .iter()
                .map(|&i| svg::PanelSeries {
                    slot: input.series[i].colour.unwrap_or(i) % SERIES_CLASSES,
                    series: &input.series[i],
                    values: &grid.values[i],
                })
                .collect(),
            ticks: &ticks,
            title: &title,
            desc: &desc,
        };
        let svg = svg::draw(&panel);
        panels.push(PanelInfo {
            unit: unit.to_owned(),
            series: members
                .iter()
                .map(|&i| input.series[i].meter_id.clone())
                .collect(),
            marks: members.len() * grid.buckets.len(),
            title,
            desc,
            summary,
            ticks,
            svg,
        });
    }
    let svg = panels
        .iter()
        .map(|p| p.svg.as_str())
        .collect::<Vec<_>>()
        .join("\n");
    Rendered { svg, panels }
}

/// The rows of the "show data" table in plain English ([`English`]); see [`table_in`].
pub fn table(input: &ChartInput) -> Vec<TableRow> {
    table_in(input, &English)
}

/// The rows of the "show data" table, one per bucket, oldest first.
pub fn table_in(input: &ChartInput, words: &dyn Words) -> Vec<TableRow> {
    let grid = grid(input);
    grid.buckets
        .iter()
        .enumerate()
        .map(|(b, bucket)| TableRow {
            bucket: bucket.start,
            period: words.period(input.granularity, bucket.local),
            values: grid.values.iter().map(|row| words.quantity(row[b])).collect(),
        })
        .collect()
}

/// The column headings for [`table`] in plain English; see [`table_headings_in`].
pub fn table_headings(input: &ChartInput) -> Vec<String> {
    table_headings_in(input, &English)
}

/// The column headings for [`table_in`]: `Day` / `Week` / `Month`, then "name (unit)" per series.
pub fn table_headings_in(input: &ChartInput, words: &dyn Words) -> Vec<String> {
    std::iter::once(words.heading(input.granularity))
        .chain(input.series.iter().map(|s| {
            if s.unit.is_empty() {
                s.name.clone()
            } else {
                words.series_heading(&s.name, &s.unit)
            }
        }))
        .collect()
}

fn upper_first(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|c| c.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

/// "API calls per day, 2024-09-01 to 2024-09-30" (the range's first and last local day).
fn panel_title(input: &ChartInput, words: &dyn Words, members: &[usize]) -> String {
    let names: Vec<&str> = members.iter().map(|&i| input.series[i].name.as_str()).collect();
    let last = if input.to > input.from {
        input.to - TimeDelta::nanoseconds(1)
    } else {
        input.from
    };
    words.title(
        &words.names(&names),
        input.granularity,
        local_date(input.from, input.tz),
        local_date(last, input.tz),
    )
}

/// "max 1,234 calls on 2024-09-17" — per series ("API calls: max …; Search calls: max …") when the
/// panel has several, with the minimum too when a value is negative.
fn panel_facts(input: &ChartInput, words: &dyn Words, grid: &Grid, members: &[usize], unit: &str) -> String {
    let g = input.granularity;
    let with_unit = |v: Decimal| {
        let q = words.quantity(v);
        if unit.is_empty() { q } else { format!("{q} {unit}") }
    };
    let parts: Vec<String> = members
        .iter()
        .map(|&i| {
            let values = &grid.values[i];
            let extreme = |better: fn(&Decimal, &Decimal) -> bool| {
                let mut best: Option<(usize, Decimal)> = None;
                for (b, v) in values.iter().enumerate() {
                    if best.is_none_or(|(_, x)| better(v, &x)) {
                        best = Some((b, *v));
                    }
                }
                best
            };
            let text = match (extreme(|a, b| a > b), extreme(|a, b| a < b)) {
                (None, _) | (_, None) => words.no_periods(),
                (Some((_, max)), Some((_, min))) if max.is_zero() && min.is_zero() => {
                    words.zero_every(g, &with_unit(Decimal::ZERO))
                }
                (Some((bmax, max)), Some((bmin, min))) => {
                    let when = words.when(g, grid.names[bmax]);
                    if min.is_sign_negative() && !min.is_zero() {
                        let min_when = words.when(g, grid.names[bmin]);
                        words.max_min(&with_unit(max), &when, &with_unit(min), &min_when)
                    } else {
                        words.max(&with_unit(max), &when)
                    }
                }
            };
            if members.len() > 1 {
                words.series_facts(&input.series[i].name, &text)
            } else {
                text
            }
        })
        .collect();
    parts.join("; ")
}

#[cfg(test)]
mod tests;
