//! The targets of issue 11 that the live bench checks, and the median every figure is taken as.

pub const TARGET_CLOSED_RATIO: f64 = 0.6;
pub const TARGET_OPEN_P99_MS: f64 = 100.0;
pub const TARGET_MIXED_P99_MS: f64 = 250.0;

/// The median of the finite values (NaN when there are none).
pub fn median(xs: &[f64]) -> f64 {
    let finite: Vec<f64> = xs.iter().copied().filter(|x| x.is_finite()).collect();
    crate::stats::median(&finite)
}
