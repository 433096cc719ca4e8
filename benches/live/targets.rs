//! The targets of issue 11 that the live bench checks, and the median every figure is taken as.

pub const TARGET_CLOSED_RATIO: f64 = 0.6;
pub const TARGET_OPEN_P99_MS: f64 = 100.0;
pub const TARGET_MIXED_P99_MS: f64 = 250.0;

pub fn median(xs: &[f64]) -> f64 {
    let mut v: Vec<f64> = xs.iter().copied().filter(|x| x.is_finite()).collect();
    if v.is_empty() {
        return f64::NAN;
    }
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}
