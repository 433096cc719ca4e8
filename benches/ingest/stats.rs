//! Medians and rates of repeated measurements.

use std::time::Duration;

use crate::env::Cpu;

pub fn median(xs: &[f64]) -> f64 {
    if xs.is_empty() {
        return f64::NAN;
    }
    let mut v = xs.to_vec();
    v.sort_by(f64::total_cmp);
    let m = v.len() / 2;
    if v.len() % 2 == 1 {
        v[m]
    } else {
        (v[m - 1] + v[m]) / 2.0
    }
}

/// The median of each component.
pub fn median_cpu(xs: &[Cpu]) -> Cpu {
    let pick = |f: fn(&Cpu) -> f64| median(&xs.iter().map(f).collect::<Vec<_>>());
    Cpu {
        server: pick(|c| c.server),
        postgres: pick(|c| c.postgres),
        client: pick(|c| c.client),
        other: pick(|c| c.other),
    }
}

pub fn per_s(rows: u64, d: Duration) -> f64 {
    rows as f64 / d.as_secs_f64().max(1e-9)
}
