//! Worked examples for the product page: three usage values per line, priced.

use rust_decimal::Decimal;

use super::PricingError;
use super::line::{PricedLine, price_line};
use super::price::{Model, Price};
use crate::metering::Currency;

/// Why a usage value was picked, for the template to word (no text here).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ExampleKind {
    /// Exactly the free threshold: all of it free.
    WithinFree,
    /// Usage priced at a single rate (`per_unit`, or a price with one tier).
    Billable,
    /// Fills the first tier, up to its bound.
    FirstTier,
    /// Past at least one tier boundary.
    PastBoundary,
    /// A whole number of packages.
    FullPackages,
    /// Part of a package beyond whole ones (rounded up or down).
    PartialPackage,
}

impl ExampleKind {
    /// A stable key: `within_free`, `billable`, `first_tier`, `past_boundary`,
    /// `full_packages`, `partial_package`.
    pub fn as_str(self) -> &'static str {
        match self {
            ExampleKind::WithinFree => "within_free",
            ExampleKind::Billable => "billable",
            ExampleKind::FirstTier => "first_tier",
            ExampleKind::PastBoundary => "past_boundary",
            ExampleKind::FullPackages => "full_packages",
            ExampleKind::PartialPackage => "partial_package",
        }
    }
}

/// One worked example: a usage value and its priced line (or why it could not be priced,
/// which only happens for charges too large for a [`Decimal`]).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct WorkedExample {
    pub kind: ExampleKind,
    pub usage: Decimal,
    pub line: Result<PricedLine, PricingError>,
}

/// Three usage values that show how a line prices, ascending and distinct, each priced.
/// With `F` the free threshold (when > 0, the first example is `F`, all free):
/// - `per_unit` (and a single unbounded tier): `F`, `2F`, `10F`; or 100, 1,000, 10,000.
/// - `package` of size `S`: `F`, `F + S`, `F + 2.5·S`; or `S/2`, `S`, `2.5·S`.
/// - `graduated` / `volume` with bounds `b1 < b2 < …`: `F`, `F + b1`, `F + b2` (or `F + 2·b1`
///   with one bound); or `b1`, `b2`, `2·b_last` (or `b1`, `2·b1`, `10·b1`).
pub fn worked_examples(price: &Price, free_threshold: Decimal, currency: Currency) -> Vec<WorkedExample> {
    let free = free_threshold.max(Decimal::ZERO);
    let picks = picks(price, free);
    picks
        .into_iter()
        .map(|(kind, usage)| WorkedExample {
            kind,
            usage,
            line: price_line(price, free_threshold, usage, currency),
        })
        .collect()
}

/// Half of `d`, truncated to 12 decimal places (a quantity's most).
fn half(d: Decimal) -> Decimal {
    (d / Decimal::TWO).trunc_with_scale(12).normalize()
}

fn times(d: Decimal, n: i64) -> Decimal {
    d.saturating_mul(Decimal::from(n))
}

/// The three (kind, usage) pairs, before pricing.
fn picks(price: &Price, free: Decimal) -> Vec<(ExampleKind, Decimal)> {
    use ExampleKind::*;
    let bounds: Vec<Decimal> = price.tiers().iter().filter_map(|t| t.up_to).collect();
    let after_free: Vec<(ExampleKind, Decimal)> = match (price.model(), price.as_package()) {
        (Model::Package, Some(p)) => {
            let s = p.package_size;
            let two_and_half = times(s, 2).saturating_add(half(s));
            if free.is_zero() {
                vec![
                    (PartialPackage, half(s)),
                    (FullPackages, s),
                    (PartialPackage, two_and_half),
                ]
            } else {
                vec![(FullPackages, s), (PartialPackage, two_and_half)]
            }
        }
        (Model::Graduated | Model::Volume, _) if !bounds.is_empty() => {
            let b1 = bounds[0];
            let (second, third) = match bounds.get(1) {
                Some(&b2) => (b2, times(bounds[bounds.len() - 1], 2)),
                None => (times(b1, 2), times(b1, 10)),
            };
            vec![(FirstTier, b1), (PastBoundary, second), (PastBoundary, third)]
        }
        _ if free.is_zero() => vec![
            (Billable, Decimal::ONE_HUNDRED),
            (Billable, Decimal::ONE_THOUSAND),
            (Billable, Decimal::from(10_000)),
        ],
        _ => vec![(Billable, free), (Billable, times(free, 9))],
    };
    let mut out = Vec::with_capacity(3);
    if !free.is_zero() {
        out.push((WithinFree, free));
    }
    for (kind, extra) in after_free {
        if out.len() < 3 {
            out.push((kind, free.saturating_add(extra)));
        }
    }
    out
}
