//! The y axis: round ("nice") tick values that cover the data, and compact tick labels.
//!
//! Ticks are computed exactly in `Decimal`: every tick is an integer multiple of a step of the form
//! 1, 2, 2.5 or 5 × 10^k, so labels such as `0.3` or `12.5k` are exact.

use rust_decimal::Decimal;

use crate::metering::format_quantity;

/// The y axis of one panel: `values` run from `min` to `max` in steps of `step`, 4 to 6 of them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Ticks {
    pub min: Decimal,
    pub max: Decimal,
    pub step: Decimal,
    pub values: Vec<Decimal>,
}

/// The most intervals (ticks − 1) an axis gets; with the step choice below it also gets at least 3.
const MAX_INTERVALS: i64 = 5;

/// Round ticks covering `[min, max]` and zero.
///
/// The axis starts at 0 unless a value is negative, and ends at the "nice ceiling" of the maximum:
/// the smallest multiple of the smallest step from 1, 2, 2.5, 5 × 10^k that keeps the axis at 6 ticks
/// or fewer (which always leaves at least 4). When everything is 0 the axis is 0–1.
///
/// Why 4 to 6: the chosen step `s` is the first candidate with `n(s) ≤ 5` intervals; the candidate
/// before it, `s' ≥ s / 2`, needed `n(s') ≥ 6`, so the range is more than `4·s' ≥ 2·s` and
/// `n(s) ≥ 3`. (Only data with more than 26 significant decimal places can break this; then the
/// axis still covers the data.)
pub fn nice_ticks(min: Decimal, max: Decimal) -> Ticks {
    let mut lo = min.min(Decimal::ZERO);
    let mut hi = max.max(Decimal::ZERO);
    if lo.is_zero() && hi.is_zero() {
        hi = Decimal::ONE;
    }
    if lo > hi {
        std::mem::swap(&mut lo, &mut hi);
    }
    for step in candidate_steps() {
        let (Some(a), Some(b)) = (lo.checked_div(step), hi.checked_div(step)) else {
            continue;
        };
        let (first, last) = (a.floor(), b.ceil());
        let (Ok(first), Ok(last)) = (i64::try_from(first), i64::try_from(last)) else {
            continue;
        };
        if last.checked_sub(first).is_none_or(|n| n > MAX_INTERVALS) {
            continue;
        }
        if let Some(ticks) = ticks_from(first, last, step, lo, hi) {
            return ticks;
        }
    }
    // Unreachable for Decimal's range (a step of 5 × 10^28 covers everything), but stay total.
    Ticks {
        min: lo,
        max: hi,
        step: hi - lo,
        values: vec![lo, hi],
    }
}

/// 1, 2, 2.5, 5 × 10^k for k from −28 up, in increasing order (those Decimal can hold).
fn candidate_steps() -> impl Iterator<Item = Decimal> {
    (-28i32..=28).flat_map(|k| {
        [(1i64, 0u32), (2, 0), (25, 1), (5, 0)]
            .into_iter()
            .filter_map(move |(m, extra)| {
                let scale = i64::from(extra) - i64::from(k);
                if scale >= 0 {
                    u32::try_from(scale)
                        .ok()
                        .and_then(|s| Decimal::try_new(m, s).ok())
                } else {
                    let pow = 10i128.checked_pow(u32::try_from(-scale).ok()?)?;
                    Decimal::try_from_i128_with_scale(i128::from(m).checked_mul(pow)?, 0).ok()
                }
            })
    })
}

fn ticks_from(mut first: i64, mut last: i64, step: Decimal, lo: Decimal, hi: Decimal) -> Option<Ticks> {
    let at = |i: i64| Decimal::from(i).checked_mul(step).map(|v| v.normalize());
    // Guard against a rounded quotient leaving the data a hair outside the axis.
    if at(first)? > lo {
        first -= 1;
    }
    if at(last)? < hi {
        last += 1;
    }
    let values = (first..=last).map(at).collect::<Option<Vec<_>>>()?;
    Some(Ticks {
        min: *values.first()?,
        max: *values.last()?,
        step: step.normalize(),
        values,
    })
}

/// A short axis label: at most 3 significant digits and a k / M / B / T suffix from a thousand up:
/// `0`, `0.001`, `12.5`, `250`, `1k`, `1.25k`, `3.4M`, `2B`, `-500`; never scientific notation.
/// Exact for every tick [`nice_ticks`] produces.
pub fn compact(value: Decimal) -> String {
    const SUFFIXES: [&str; 5] = ["", "k", "M", "B", "T"];
    let (scaled, power) = compact_parts(value);
    format!("{}{}", format_quantity(scaled), SUFFIXES[power])
}

/// [`compact`] in parts, for a caller that words the suffix itself: the value rounded to 3
/// significant digits and divided by 1000^`power`, with `power` 0 (none), 1 (thousand),
/// 2 (million), 3 (billion) or 4 (trillion). `12_500` → `(12.5, 1)`.
pub fn compact_parts(value: Decimal) -> (Decimal, usize) {
    if value.is_zero() {
        return (Decimal::ZERO, 0);
    }
    let rounded = value.round_sf(3).unwrap_or(value);
    for power in (1..=4usize).rev() {
        let size = Decimal::from(1_000i64.pow(power as u32));
        if rounded.abs() >= size {
            return (rounded.checked_div(size).unwrap_or(rounded).normalize(), power);
        }
    }
    (rounded, 0)
}

#[cfg(test)]
mod tests {
    use std::str::FromStr;

    use proptest::prelude::*;

    use super::*;

    fn d(s: &str) -> Decimal {
        Decimal::from_str(s).unwrap()
    }

    fn texts(v: &[Decimal]) -> Vec<String> {
        v.iter().map(|x| x.to_string()).collect()
    }

    /// Every tick is a multiple of a 1/2/2.5/5 × 10^k step, 4–6 of them, covering zero and the data.
    fn assert_nice(t: &Ticks, lo: Decimal, hi: Decimal) {
        let n = t.values.len();
        assert!(
            (4..=6).contains(&n),
            "{n} ticks for [{lo}, {hi}]: {:?}",
            texts(&t.values)
        );
        assert!(
            t.min <= lo.min(Decimal::ZERO) && t.max >= hi.max(Decimal::ZERO),
            "{t:?} for {hi}"
        );
        assert!(t.values.contains(&Decimal::ZERO), "{t:?}");
        let mantissa = t.step.normalize().mantissa().abs();
        let digits = mantissa.to_string();
        assert!(
            ["1", "2", "25", "5"].contains(&digits.trim_end_matches('0')),
            "step {}",
            t.step
        );
        for (i, v) in t.values.iter().enumerate() {
            assert_eq!(*v, t.min + t.step * Decimal::from(i), "{t:?}");
        }
        // The top is the nice ceiling: one step less would not cover the max.
        assert!(
            t.max - t.step < hi.max(Decimal::ZERO) || hi.is_zero(),
            "{t:?} for {hi}"
        );
    }

    #[test]
    fn nice_ticks_for_many_maxima() {
        let cases = [
            ("0", "0,0.2,0.4,0.6,0.8,1"),
            ("0.3", "0,0.1,0.2,0.3"),
            ("1", "0,0.2,0.4,0.6,0.8,1"),
            ("7", "0,2,4,6,8"),
            ("9.5", "0,2,4,6,8,10"),
            ("10", "0,2,4,6,8,10"),
            ("11", "0,2.5,5,7.5,10,12.5"),
            ("99", "0,20,40,60,80,100"),
            ("101", "0,25,50,75,100,125"),
            ("1234", "0,250,500,750,1000,1250"),
            ("999999", "0,200000,400000,600000,800000,1000000"),
            (
                "1000000000",
                "0,200000000,400000000,600000000,800000000,1000000000",
            ),
        ];
        for (max, expected) in cases {
            let t = nice_ticks(Decimal::ZERO, d(max));
            assert_eq!(texts(&t.values).join(","), expected, "max {max}");
            assert_nice(&t, Decimal::ZERO, d(max));
        }
    }

    #[test]
    fn more_maxima_stay_nice() {
        for max in [
            "0.000001",
            "0.0007",
            "0.05",
            "0.26",
            "2",
            "3",
            "4",
            "5",
            "6",
            "12",
            "15",
            "19",
            "21",
            "26",
            "49",
            "51",
            "250",
            "251",
            "4999",
            "5001",
            "123456789",
            "0.999",
            "1.001",
            "79228162514264337593543950",
        ] {
            assert_nice(&nice_ticks(Decimal::ZERO, d(max)), Decimal::ZERO, d(max));
        }
    }

    #[test]
    fn small_values_get_a_fine_axis_not_a_zero_to_one_axis() {
        let t = nice_ticks(Decimal::ZERO, d("0.0023"));
        assert_eq!(texts(&t.values).join(","), "0,0.0005,0.001,0.0015,0.002,0.0025");
    }

    #[test]
    fn negative_values_extend_the_axis_below_zero() {
        let t = nice_ticks(d("-3"), d("7"));
        assert_eq!(texts(&t.values).join(","), "-5,-2.5,0,2.5,5,7.5");
        assert_nice(&t, d("-3"), d("7"));
        let t = nice_ticks(d("-40"), Decimal::ZERO);
        assert_eq!(texts(&t.values).join(","), "-40,-30,-20,-10,0");
        assert_nice(&t, d("-40"), Decimal::ZERO);
        // Positive data still starts at zero, not at its minimum.
        assert_eq!(nice_ticks(d("500"), d("510")).min, Decimal::ZERO);
    }

    #[test]
    fn compact_labels() {
        let cases = [
            ("0", "0"),
            ("0.001", "0.001"),
            ("0.00025", "0.00025"),
            ("0.1", "0.1"),
            ("12.5", "12.5"),
            ("250", "250"),
            ("999", "999"),
            ("1000", "1k"),
            ("1200", "1.2k"),
            ("1250", "1.25k"),
            ("12500", "12.5k"),
            ("200000", "200k"),
            ("999999", "1M"),
            ("3400000", "3.4M"),
            ("2000000000", "2B"),
            ("7500000000000", "7.5T"),
            ("5000000000000000", "5,000T"),
            ("-500", "-500"),
            ("-2500", "-2.5k"),
            ("1234", "1.23k"),
        ];
        for (value, expected) in cases {
            assert_eq!(compact(d(value)), expected, "{value}");
        }
    }

    #[test]
    fn compact_is_exact_for_ticks_and_never_scientific() {
        for max in [
            "0.0000003",
            "0.3",
            "11",
            "101",
            "1234",
            "999999",
            "1000000000",
            "12345678901234",
        ] {
            for v in nice_ticks(Decimal::ZERO, d(max)).values {
                let label = compact(v);
                assert!(!label.contains(['e', 'E']), "{label}");
                let (number, mult) = match label.chars().last() {
                    Some('k') => (&label[..label.len() - 1], Decimal::from(1_000)),
                    Some('M') => (&label[..label.len() - 1], Decimal::from(1_000_000)),
                    Some('B') => (&label[..label.len() - 1], Decimal::from(1_000_000_000i64)),
                    Some('T') => (&label[..label.len() - 1], Decimal::from(1_000_000_000_000i64)),
                    _ => (&label[..], Decimal::ONE),
                };
                assert_eq!(d(&number.replace(',', "")) * mult, v, "{label}");
            }
        }
    }

    proptest! {
        #[test]
        fn ticks_are_nice_for_any_range(
            lo in -10_000_000_000i64..=0,
            hi in 0i64..=10_000_000_000,
            scale in 0u32..=12,
        ) {
            let (lo, hi) = (Decimal::new(lo, scale), Decimal::new(hi, scale));
            assert_nice(&nice_ticks(lo, hi), lo, hi);
        }
    }
}
