//! Drawing one panel as an `<svg>` string.
//!
//! Only presentation attributes (`fill`, `stroke`, `font-size`, `text-anchor`, …) and classes: no
//! `style` attribute and no `<style>` element, so the markup passes a `style-src 'self'` CSP. The
//! attributes are sensible defaults; the stylesheet's class rules override them.
//!
//! Coordinates are `f64` in a fixed-width viewBox; quantities are converted from `Decimal` to `f64`
//! only here, to place marks (a pixel does not need 28 digits). Every number shown as text stays a
//! `Decimal`.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use rust_decimal::prelude::ToPrimitive;

use super::scale::Ticks;
use super::time::{Granularity, iso_date};
use super::{Series, Words};
use crate::text::escape_html as escape;
use crate::tz::Bucket;

/// The viewBox width of every panel; the `<svg>` has `width="100%"` and scales to its container.
pub const WIDTH: f64 = 800.0;
const RIGHT: f64 = 32.0;
const PLOT_HEIGHT: f64 = 160.0;
const LEGEND_ROW: f64 = 20.0;
/// An estimate of a 12px system-ui glyph's advance, for laying out the legend and the y labels.
const CHAR_WIDTH: f64 = 7.0;
/// At most this many x-axis labels, so they never overlap.
pub const MAX_X_LABELS: usize = 10;

/// Default series colours (classes `series-0` … `series-7`), starting with the accent.
pub const PALETTE: [&str; 8] = [
    "#4f46e5", "#d97706", "#0d9488", "#e11d48", "#0284c7", "#65a30d", "#c026d3", "#475569",
];
const TEXT: &str = "#1f2937";
const MUTED: &str = "#4b5563";
const GRID: &str = "#e5e7eb";
const AXIS: &str = "#9ca3af";

/// Writing into a `String` cannot fail.
macro_rules! put {
    ($out:expr, $($arg:tt)*) => {{
        let _ = write!($out, $($arg)*);
    }};
}

/// One series as drawn in a panel: its colour slot (`series-N`) and one value per bucket.
pub struct PanelSeries<'a> {
    pub slot: usize,
    pub series: &'a Series,
    pub values: &'a [Decimal],
}

pub struct Panel<'a> {
    /// Prefix of the ids of the `<title>` and `<desc>` elements (`aria-labelledby`).
    pub id: String,
    pub granularity: Granularity,
    pub unit: &'a str,
    /// The buckets: their first local dates and their instants.
    pub buckets: &'a [Bucket],
    /// Every text: ticks, hover titles, axis labels.
    pub words: &'a dyn Words,
    pub series: Vec<PanelSeries<'a>>,
    pub ticks: &'a Ticks,
    pub title: &'a str,
    pub desc: &'a str,
}

/// A coordinate with at most two decimals and no trailing zeros: `12`, `12.5`, `0.53`.
fn px(x: f64) -> Px {
    Px(x)
}

/// A coordinate as [`px`] writes it: two decimals at most, trailing zeros dropped, written
/// straight into the SVG (a chart has thousands of them; no string is allocated for each).
#[derive(Clone, Copy)]
struct Px(f64);

impl std::fmt::Display for Px {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        use std::io::Write as _;
        let x = if self.0.is_finite() { self.0 } else { 0.0 };
        let mut buf = [0u8; 48];
        let mut cursor = std::io::Cursor::new(&mut buf[..]);
        let long;
        let text = if write!(cursor, "{x:.2}").is_ok() {
            let len = cursor.position() as usize;
            std::str::from_utf8(&buf[..len]).unwrap_or("0")
        } else {
            // Wider than the buffer (no coordinate is): the long way.
            long = format!("{x:.2}");
            &long
        };
        let text = text.trim_end_matches('0').trim_end_matches('.');
        f.write_str(if text == "-0" { "0" } else { text })
    }
}

/// The canonical decimal text of a value for `data-value`: `1234.5`, `0`, `-3`.
pub fn data_value(v: Decimal) -> String {
    if v.is_zero() {
        "0".to_owned()
    } else {
        v.normalize().to_string()
    }
}

fn text_width(text: &str) -> f64 {
    text.chars().count() as f64 * CHAR_WIDTH
}

pub fn draw(p: &Panel<'_>) -> String {
    let tick_labels: Vec<String> = p.ticks.values.iter().map(|v| p.words.tick(*v)).collect();
    let widest = tick_labels.iter().map(|l| text_width(l)).fold(0.0, f64::max);
    let left = (widest + 16.0).clamp(48.0, 200.0);
    let right = WIDTH - RIGHT;

    // Legend: swatch + name, wrapping onto more rows when names are long.
    let mut legend = Vec::with_capacity(p.series.len());
    let (mut x, mut row) = (left, 0.0);
    for s in &p.series {
        let width = 12.0 + 6.0 + text_width(&s.series.name) + 18.0;
        if x > left && x + width > right {
            x = left;
            row += 1.0;
        }
        legend.push((x, row));
        x += width;
    }
    let legend_height = if p.series.is_empty() {
        0.0
    } else {
        (row + 1.0) * LEGEND_ROW
    };
    let top = legend_height + 30.0;
    let bottom = top + PLOT_HEIGHT;
    let height = bottom + 32.0;

    let (min, max) = (
        p.ticks.min.to_f64().unwrap_or(0.0),
        p.ticks.max.to_f64().unwrap_or(1.0),
    );
    let span = if max > min { max - min } else { 1.0 };
    let y_of = |v: Decimal| bottom - (v.to_f64().unwrap_or(0.0) - min) / span * PLOT_HEIGHT;
    let y0 = y_of(Decimal::ZERO);

    let mut out = String::with_capacity(2_000 + p.buckets.len() * p.series.len() * 220);
    put!(
        out,
        r#"<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {w} {h}" width="100%" role="img" aria-labelledby="{id}-title {id}-desc" data-granularity="{g}" data-unit="{unit}" font-family="system-ui, sans-serif">"#,
        w = px(WIDTH),
        h = px(height),
        id = p.id,
        g = p.granularity.as_str(),
        unit = escape(p.unit),
    );
    put!(
        out,
        r#"<title id="{id}-title">{}</title><desc id="{id}-desc">{}</desc>"#,
        escape(p.title),
        escape(p.desc),
        id = p.id,
    );

    put!(out, r#"<g class="legend" font-size="12">"#);
    for (s, (x, row)) in p.series.iter().zip(&legend) {
        let y = 6.0 + row * LEGEND_ROW;
        put!(
            out,
            r#"<g class="legend-item" data-series="{id}"><rect class="swatch series-{slot}" x="{x}" y="{y}" width="12" height="12" rx="2" fill="{fill}"/><text class="legend-label" x="{tx}" y="{ty}" fill="{TEXT}">{name}</text></g>"#,
            id = escape(&s.series.meter_id),
            slot = s.slot,
            x = px(*x),
            y = px(y),
            fill = PALETTE[s.slot % PALETTE.len()],
            tx = px(x + 18.0),
            ty = px(y + 10.5),
            name = escape(&s.series.name),
        );
    }
    out.push_str("</g>");

    if !p.unit.is_empty() {
        put!(
            out,
            r#"<text class="axis-unit" x="8" y="{}" font-size="12" fill="{MUTED}">{}</text>"#,
            px(top - 14.0),
            escape(p.unit),
        );
    }

    put!(out, r#"<g class="grid" stroke="{GRID}" stroke-width="1">"#);
    for v in &p.ticks.values {
        let y = px(y_of(*v));
        put!(
            out,
            r#"<line x1="{}" y1="{y}" x2="{}" y2="{y}"/>"#,
            px(left),
            px(right)
        );
    }
    out.push_str("</g>");
    put!(
        out,
        r#"<g class="tick-labels y-labels" font-size="11" fill="{MUTED}" text-anchor="end">"#
    );
    for (v, label) in p.ticks.values.iter().zip(&tick_labels) {
        put!(
            out,
            r#"<text class="tick-label" x="{}" y="{}">{}</text>"#,
            px(left - 8.0),
            px(y_of(*v) + 4.0),
            escape(label),
        );
    }
    out.push_str("</g>");

    // Marks: one bar per bucket per series, series side by side within a bucket.
    let buckets = p.buckets.len().max(1) as f64;
    let slot_width = (right - left) / buckets;
    let gap = if slot_width >= 4.0 { slot_width * 0.15 } else { 0.0 };
    let bar_slot = (slot_width - 2.0 * gap) / p.series.len().max(1) as f64;
    let bar_width = if bar_slot >= 6.0 { bar_slot - 1.0 } else { bar_slot };
    let periods: Vec<(String, String)> = p
        .buckets
        .iter()
        .map(|b| (iso_date(b.local), p.words.bar_period(p.granularity, b)))
        .collect();
    put!(out, r#"<g class="marks">"#);
    for (j, s) in p.series.iter().enumerate() {
        let id = escape(&s.series.meter_id);
        let name = &s.series.name;
        put!(
            out,
            r#"<g class="series series-{slot}" data-series="{id}" fill="{fill}">"#,
            slot = s.slot,
            fill = PALETTE[s.slot % PALETTE.len()],
        );
        for (i, ((date, period), value)) in periods.iter().zip(s.values).enumerate() {
            let x = left + i as f64 * slot_width + gap + j as f64 * bar_slot;
            let y = y_of(*value);
            // Zero and tiny values still get a 1-unit bar on the baseline, so every period can be
            // hovered; `data-value` tells the truth.
            let (top_y, h) = if (y - y0).abs() >= 1.0 {
                (y.min(y0), (y - y0).abs())
            } else if value.is_sign_negative() && !value.is_zero() {
                (y0, 1.0)
            } else {
                (y0 - 1.0, 1.0)
            };
            put!(
                out,
                r#"<rect class="mark" x="{}" y="{}" width="{}" height="{}" data-bucket="{date}" data-series="{id}" data-value="{}"><title>{}</title></rect>"#,
                px(x),
                px(top_y),
                px(bar_width),
                px(h),
                data_value(*value),
                escape(&p.words.bar(name, period, &p.words.quantity(*value), p.unit)),
            );
        }
        out.push_str("</g>");
    }
    out.push_str("</g>");

    put!(
        out,
        r#"<line class="axis" x1="{}" y1="{y}" x2="{}" y2="{y}" stroke="{AXIS}" stroke-width="1"/>"#,
        px(left),
        px(right),
        y = px(y0),
    );

    // X labels on every k-th bucket, at most MAX_X_LABELS of them.
    let every = p.buckets.len().div_ceil(MAX_X_LABELS).max(1);
    put!(
        out,
        r#"<g class="tick-labels x-labels" font-size="11" fill="{MUTED}" text-anchor="middle">"#
    );
    for (i, b) in p.buckets.iter().enumerate().step_by(every) {
        let cx = px(left + (i as f64 + 0.5) * slot_width);
        put!(
            out,
            r#"<line class="tick" x1="{cx}" y1="{}" x2="{cx}" y2="{}" stroke="{AXIS}"/><text class="tick-label" x="{cx}" y="{}">{}</text>"#,
            px(bottom),
            px(bottom + 4.0),
            px(bottom + 18.0),
            escape(&p.words.axis(p.granularity, b.local)),
        );
    }
    out.push_str("</g></svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_markup_and_quotes() {
        assert_eq!(
            escape(r#"<b>"Tom" & 'Jerry'</b>"#),
            "&lt;b&gt;&quot;Tom&quot; &amp; &#x27;Jerry&#x27;&lt;/b&gt;"
        );
        assert_eq!(escape("API calls · 日本"), "API calls · 日本");
    }

    #[test]
    fn coordinates_are_short() {
        assert_eq!(px(12.0).to_string(), "12");
        assert_eq!(px(12.5).to_string(), "12.5");
        assert_eq!(px(0.534).to_string(), "0.53");
        assert_eq!(px(-0.001).to_string(), "0");
        assert_eq!(px(f64::NAN).to_string(), "0");
        assert_eq!(px(100.0).to_string(), "100");
        assert_eq!(px(-12.5).to_string(), "-12.5");
        let wide = format!("{:.2}", 1e300);
        assert_eq!(
            px(1e300).to_string(),
            wide.trim_end_matches('0').trim_end_matches('.'),
            "wider than the buffer: still written"
        );
    }

    #[test]
    fn data_values_are_canonical() {
        assert_eq!(data_value(Decimal::new(123_450, 2)), "1234.5");
        assert_eq!(data_value(Decimal::new(0, 3)), "0");
        assert_eq!(data_value(Decimal::new(-3, 0)), "-3");
    }
}
