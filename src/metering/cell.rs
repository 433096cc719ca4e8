//! The mergeable rollup cell behind every aggregation, the exact average, and [`Counted`]: a
//! cell with the distinct values themselves, for events counted in memory.

use std::collections::BTreeSet;

use chrono::{DateTime, Utc};
use rust_decimal::{Decimal, RoundingStrategy};

use super::aggregation::{AggregationKind, Reading};

/// Decimal places of an average.
pub const AVG_DECIMALS: u32 = 12;

/// Arithmetic beyond what a [`Decimal`] or the event count can hold.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the aggregated value is too large to compute")]
pub struct OverflowError;

/// The value of the latest event: by timestamp, then by `seq` (receipt order).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct LastValue {
    pub timestamp: DateTime<Utc>,
    pub seq: i64,
    pub value: Decimal,
}

impl LastValue {
    /// The last value as a stored row holds it: three columns, all set or all NULL.
    pub fn from_parts(
        value: Option<Decimal>,
        timestamp: Option<DateTime<Utc>>,
        seq: Option<i64>,
    ) -> Option<LastValue> {
        Some(LastValue {
            timestamp: timestamp?,
            seq: seq?,
            value: value?,
        })
    }

    /// The later of two; a full tie (same timestamp and seq) keeps the larger value so that the
    /// choice does not depend on order.
    fn later(self, other: LastValue) -> LastValue {
        let key = |l: &LastValue| (l.timestamp, l.seq, l.value);
        if key(&other) > key(&self) { other } else { self }
    }
}

/// A mergeable partial aggregate of some events (e.g. one customer's events in one hour):
/// enough to answer every [`AggregationKind`] but `unique_count`. `merge` is associative and
/// commutative, so cells can be rolled up in any grouping.
///
/// `count` counts the events the meter counts; for a meter that reads a number each of them
/// carries one (an event without is never counted), so `sum ÷ count` is the average.
///
/// A number of distinct values does not merge (values repeat across cells): `distinct` is set
/// by whoever counted the values themselves — a reader over the stored value sets, raw edges and
/// queued events, or a [`Counted`] — and a merge keeps it only beside an empty cell.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Cell {
    pub count: i64,
    pub sum: Decimal,
    pub max: Option<Decimal>,
    pub min: Option<Decimal>,
    pub last: Option<LastValue>,
    /// The timestamp of the latest event in the cell, for every kind (count meters too).
    pub latest: Option<DateTime<Utc>>,
    /// unique_count: the number of distinct values among the cell's events, once counted.
    pub distinct: Option<i64>,
}

impl Cell {
    /// Adds one event. `value` is `None` for events that only count (count and unique_count
    /// meters). A distinct count no longer holds after an event is added.
    pub fn add(
        &mut self,
        timestamp: DateTime<Utc>,
        seq: i64,
        value: Option<Decimal>,
    ) -> Result<(), OverflowError> {
        // What merging a cell of this one event does, in place: the roller and every read of
        // the queued tail add each event this way, and building a whole cell per event and
        // merging it was most of `Counted::add`, 41 % of a page's count of the queued tail.
        let count = self.count.checked_add(1).ok_or(OverflowError)?;
        if let Some(value) = value {
            self.sum = self.sum.checked_add(value).ok_or(OverflowError)?;
            self.max = Some(self.max.map_or(value, |a| if value > a { value } else { a }));
            self.min = Some(self.min.map_or(value, |a| if value < a { value } else { a }));
            let single = LastValue {
                timestamp,
                seq,
                value,
            };
            self.last = Some(self.last.map_or(single, |a| a.later(single)));
        }
        self.count = count;
        self.latest = self.latest.max(Some(timestamp));
        self.distinct = None;
        Ok(())
    }

    /// The cell of both cells' events.
    pub fn merge(&self, other: &Cell) -> Result<Cell, OverflowError> {
        Ok(Cell {
            count: self.count.checked_add(other.count).ok_or(OverflowError)?,
            sum: self.sum.checked_add(other.sum).ok_or(OverflowError)?,
            max: match (self.max, other.max) {
                (Some(a), Some(b)) => Some(if b > a { b } else { a }),
                (a, b) => a.or(b),
            },
            min: match (self.min, other.min) {
                (Some(a), Some(b)) => Some(if b < a { b } else { a }),
                (a, b) => a.or(b),
            },
            last: match (self.last, other.last) {
                (Some(a), Some(b)) => Some(a.later(b)),
                (a, b) => a.or(b),
            },
            latest: self.latest.max(other.latest),
            distinct: if other.is_empty() {
                self.distinct
            } else if self.is_empty() {
                other.distinct
            } else {
                None
            },
        })
    }

    /// This cell with its number of distinct values, as counted by the caller.
    pub fn with_distinct(mut self, n: i64) -> Cell {
        self.distinct = Some(n);
        self
    }

    /// The quantity for a kind; 0 for an empty cell, whatever the kind.
    pub fn quantity(&self, kind: AggregationKind) -> Decimal {
        match kind {
            AggregationKind::Count => Decimal::from(self.count),
            AggregationKind::Sum => self.sum,
            AggregationKind::Max => self.max.unwrap_or(Decimal::ZERO),
            AggregationKind::Min => self.min.unwrap_or(Decimal::ZERO),
            AggregationKind::Avg => average(self.sum, self.count),
            AggregationKind::Last => self.last.map_or(Decimal::ZERO, |l| l.value),
            AggregationKind::UniqueCount => Decimal::from(self.distinct.unwrap_or(0)),
        }
    }

    pub fn is_empty(&self) -> bool {
        self.count == 0
    }
}

/// `sum ÷ count` to [`AVG_DECIMALS`] places, half-up (a tie rounds away from zero), exactly:
/// a long division of the sum's integer mantissa, so no digit is lost to a rounding on the way.
/// 0 when nothing was counted.
pub fn average(sum: Decimal, count: i64) -> Decimal {
    if count <= 0 {
        return Decimal::ZERO;
    }
    exact_average(sum, count).unwrap_or_else(|| {
        // Beyond 96 bits (an average above ~7.9e16, which values of at most 16 integer digits
        // cannot reach): the decimal's own division, rounded.
        (sum / Decimal::from(count))
            .round_dp_with_strategy(AVG_DECIMALS, RoundingStrategy::MidpointAwayFromZero)
    })
}

fn exact_average(sum: Decimal, count: i64) -> Option<Decimal> {
    let c = u128::try_from(count).ok()?;
    let scale = sum.scale();
    let m = sum.mantissa().unsigned_abs();
    // |sum| = m / 10^scale; the answer is N / 10^12 with N = round(m · 10^(12 − scale) / c).
    let (mut q, mut r, divisor) = if scale <= AVG_DECIMALS {
        (m / c, m % c, c)
    } else {
        let d = c.checked_mul(10u128.checked_pow(scale - AVG_DECIMALS)?)?;
        (m / d, m % d, d)
    };
    for _ in scale..AVG_DECIMALS {
        // r < c ≤ 2^63: r · 10 never overflows.
        let t = r * 10;
        q = q.checked_mul(10)?.checked_add(t / c)?;
        r = t % c;
    }
    if r.checked_mul(2)? >= divisor {
        q = q.checked_add(1)?;
    }
    let n = i128::try_from(q).ok()?;
    let n = if sum.is_sign_negative() { -n } else { n };
    Decimal::try_from_i128_with_scale(n, AVG_DECIMALS).ok()
}

/// Events counted in memory: their [`Cell`] and, for a unique_count meter, their distinct values
/// themselves, so that the number of distinct values stays exact through any merge.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Counted {
    pub cell: Cell,
    pub values: BTreeSet<String>,
}

impl Counted {
    /// Adds one event and what it gives the meter (`None` for count meters).
    pub fn add(
        &mut self,
        timestamp: DateTime<Utc>,
        seq: i64,
        reading: Option<&Reading>,
    ) -> Result<(), OverflowError> {
        self.cell.add(timestamp, seq, reading.and_then(Reading::number))?;
        if let Some(Reading::Distinct(v)) = reading {
            self.values.insert(v.clone());
        }
        Ok(())
    }

    /// Adds the events of another.
    pub fn merge(&mut self, other: &Counted) -> Result<(), OverflowError> {
        self.cell = self.cell.merge(&other.cell)?;
        self.values.extend(other.values.iter().cloned());
        Ok(())
    }

    /// The cell with its number of distinct values: exact, every value being here.
    pub fn finished(&self) -> Cell {
        self.cell.with_distinct(self.values.len() as i64)
    }
}

#[cfg(test)]
mod tests {
    use chrono::TimeZone;
    use proptest::prelude::*;

    use super::*;

    fn ts(s: i64) -> DateTime<Utc> {
        Utc.timestamp_opt(1_700_000_000 + s, 0).unwrap()
    }

    fn d(s: &str) -> Decimal {
        s.parse().unwrap()
    }

    #[test]
    fn cell_quantities() {
        let empty = Cell::default();
        for k in AggregationKind::ALL {
            assert_eq!(empty.quantity(k), Decimal::ZERO);
        }
        let mut c = Cell::default();
        c.add(ts(0), 1, Some(d("5"))).unwrap();
        c.add(ts(10), 2, Some(d("2.5"))).unwrap();
        c.add(ts(5), 3, Some(d("9"))).unwrap();
        assert_eq!(c.quantity(AggregationKind::Count), d("3"));
        assert_eq!(c.quantity(AggregationKind::Sum), d("16.5"));
        assert_eq!(c.quantity(AggregationKind::Max), d("9"));
        assert_eq!(c.quantity(AggregationKind::Min), d("2.5"));
        assert_eq!(c.quantity(AggregationKind::Avg), d("5.5"));
        assert_eq!(c.quantity(AggregationKind::Last), d("2.5"));
        let mut counted = Cell::default();
        counted.add(ts(0), 1, None).unwrap();
        assert_eq!(counted.quantity(AggregationKind::Count), Decimal::ONE);
        assert_eq!(counted.quantity(AggregationKind::Last), Decimal::ZERO);
        let mut negative = Cell::default();
        negative.add(ts(0), 1, Some(d("-3"))).unwrap();
        negative.add(ts(1), 2, Some(d("4"))).unwrap();
        assert_eq!(negative.quantity(AggregationKind::Min), d("-3"));
    }

    #[test]
    fn averages_round_half_up_at_twelve_places() {
        assert_eq!(average(d("10"), 3).to_string(), "3.333333333333");
        assert_eq!(average(d("20"), 3).to_string(), "6.666666666667");
        assert_eq!(average(d("-20"), 3).to_string(), "-6.666666666667");
        assert_eq!(average(d("1"), 8).to_string(), "0.125000000000");
        // 0.0000000000005 exactly: the tie goes up (away from zero).
        assert_eq!(average(d("0.000000000001"), 2), d("0.000000000001"));
        assert_eq!(average(d("-0.000000000001"), 2), d("-0.000000000001"));
        assert_eq!(average(d("0.000000000001"), 3), Decimal::ZERO);
        assert_eq!(average(d("7"), 0), Decimal::ZERO);
        // 16 integer digits per value and many events: still exact.
        let big = d("9999999999999999.999999999999");
        assert_eq!(average(big * Decimal::from(3), 3), big);
        assert_eq!(average(d("2"), i64::MAX).to_string(), "0.000000000000");
    }

    #[test]
    fn last_ties_go_to_the_later_receipt() {
        let mut a = Cell::default();
        a.add(ts(10), 7, Some(d("1"))).unwrap();
        a.add(ts(10), 3, Some(d("2"))).unwrap();
        assert_eq!(a.quantity(AggregationKind::Last), d("1"));
        let mut b = Cell::default();
        b.add(ts(10), 8, Some(d("3"))).unwrap();
        assert_eq!(a.merge(&b).unwrap().quantity(AggregationKind::Last), d("3"));
        assert_eq!(b.merge(&a).unwrap().quantity(AggregationKind::Last), d("3"));
        let mut earlier = Cell::default();
        earlier.add(ts(9), 100, Some(d("4"))).unwrap();
        assert_eq!(earlier.merge(&b).unwrap().quantity(AggregationKind::Last), d("3"));
    }

    #[test]
    fn distinct_counts_survive_only_merges_with_empty_cells() {
        let counted = Cell {
            count: 3,
            ..Cell::default()
        }
        .with_distinct(2);
        assert_eq!(counted.quantity(AggregationKind::UniqueCount), d("2"));
        let empty = Cell::default();
        assert_eq!(counted.merge(&empty).unwrap().distinct, Some(2));
        assert_eq!(empty.merge(&counted).unwrap().distinct, Some(2));
        assert_eq!(counted.merge(&counted).unwrap().distinct, None);
        let mut added = counted;
        added.add(ts(0), 1, None).unwrap();
        assert_eq!(added.distinct, None);
    }

    #[test]
    fn overflow_is_an_error() {
        let mut c = Cell {
            count: i64::MAX,
            ..Cell::default()
        };
        assert_eq!(c.add(ts(0), 1, None), Err(OverflowError));
        let mut c = Cell {
            count: 1,
            sum: Decimal::MAX,
            ..Cell::default()
        };
        assert_eq!(c.add(ts(0), 1, Some(Decimal::ONE)), Err(OverflowError));
    }

    fn event() -> impl Strategy<Value = (i64, i64, Option<Decimal>, u8)> {
        (
            0i64..20,
            0i64..30,
            proptest::option::weighted(0.8, (-100_000i64..100_000, 0u32..4)),
            0u8..6,
        )
            .prop_map(|(t, seq, v, u)| (t, seq, v.map(|(m, s)| Decimal::new(m, s)), u))
    }

    type Event = (i64, i64, Option<Decimal>, u8);

    /// Numbers go to the cell; `u` is a distinct value on the side (as for a unique count).
    fn counted(slice: &[Event]) -> Counted {
        let mut c = Counted::default();
        for (t, seq, v, u) in slice {
            c.add(ts(*t), *seq, v.map(Reading::Number).as_ref()).unwrap();
            c.values.insert(format!("u{u}"));
        }
        c
    }

    /// [`Cell::add`] as it was written: a merge with the event's own cell.
    fn added_by_merge(
        cell: &Cell,
        timestamp: DateTime<Utc>,
        seq: i64,
        value: Option<Decimal>,
    ) -> Option<Cell> {
        let mut single = Cell {
            count: 1,
            latest: Some(timestamp),
            ..Cell::default()
        };
        if let Some(value) = value {
            single.sum = value;
            single.max = Some(value);
            single.min = Some(value);
            single.last = Some(LastValue {
                timestamp,
                seq,
                value,
            });
        }
        cell.merge(&single).ok()
    }

    #[test]
    fn adding_keeps_the_first_of_equal_values_as_merging_does() {
        let mut cell = Cell::default();
        for (seq, v) in [(1, "1.5"), (2, "1.50"), (3, "1.500"), (3, "1.5000")] {
            let expected = added_by_merge(&cell, ts(0), seq, Some(d(v))).unwrap();
            cell.add(ts(0), seq, Some(d(v))).unwrap();
            assert_eq!(format!("{cell:?}"), format!("{expected:?}"));
        }
        assert_eq!(cell.max.map(|m| m.to_string()).as_deref(), Some("1.5"));
        assert_eq!(cell.sum.to_string(), "6.0000");
    }

    proptest! {
        #[test]
        fn merging_any_split_equals_adding_all(
            events in proptest::collection::vec(event(), 0..40),
            cut1 in 0usize..40,
            cut2 in 0usize..40,
        ) {
            let all = counted(&events);
            let (a, b) = (cut1.min(events.len()), cut2.min(events.len()));
            let (lo, hi) = (a.min(b), a.max(b));
            let (x, y, z) = (counted(&events[..lo]), counted(&events[lo..hi]), counted(&events[hi..]));
            let (cx, cy, cz) = (x.cell, y.cell, z.cell);
            let left = cx.merge(&cy).unwrap().merge(&cz).unwrap();
            let right = cx.merge(&cy.merge(&cz).unwrap()).unwrap();
            let swapped = cz.merge(&cx).unwrap().merge(&cy).unwrap();
            prop_assert_eq!(left, all.cell);
            prop_assert_eq!(right, all.cell);
            prop_assert_eq!(swapped, all.cell);
            let mut merged = z.clone();
            merged.merge(&x).unwrap();
            merged.merge(&y).unwrap();
            prop_assert_eq!(merged.finished(), all.finished());
            let distinct: BTreeSet<u8> = events.iter().map(|e| e.3).collect();
            prop_assert_eq!(all.finished().quantity(AggregationKind::UniqueCount), Decimal::from(distinct.len()));
            if all.cell.count > 0 {
                let numbers: Vec<Decimal> = events.iter().filter_map(|e| e.2).collect();
                if let Some(min) = numbers.iter().min() {
                    prop_assert_eq!(all.cell.quantity(AggregationKind::Min), *min);
                }
            }
        }

        /// Adding in place is merging the event's own cell, down to each decimal's scale (equal
        /// values of different scales print differently) and the distinct count it clears.
        #[test]
        fn adding_an_event_is_merging_its_cell(
            events in proptest::collection::vec(event(), 0..30),
            distinct in proptest::option::of(0i64..5),
        ) {
            let mut cell = Cell {
                distinct,
                ..Cell::default()
            };
            for (t, seq, v, _) in &events {
                let expected = added_by_merge(&cell, ts(*t), *seq, *v).unwrap();
                cell.add(ts(*t), *seq, *v).unwrap();
                prop_assert_eq!(format!("{cell:?}"), format!("{expected:?}"));
            }
        }

        #[test]
        fn averages_agree_with_decimal_division_where_that_is_exact(
            values in proptest::collection::vec((-1_000_000i64..1_000_000, 0u32..6), 1..30),
        ) {
            let sum: Decimal = values.iter().map(|(m, s)| Decimal::new(*m, *s)).sum();
            let n = values.len() as i64;
            // With these magnitudes the decimal's own quotient has 20+ exact places.
            let expected = (sum / Decimal::from(n))
                .round_dp_with_strategy(AVG_DECIMALS, RoundingStrategy::MidpointAwayFromZero);
            prop_assert_eq!(average(sum, n), expected);
        }
    }
}
