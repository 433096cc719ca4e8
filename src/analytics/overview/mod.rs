//! Analytics → Overview: activity and usage for the current month and all time, usage
//! charges of the current billing cycles, and the meter quantity chart.

pub mod charges;
pub mod kept_meters;
pub mod repo;

pub use charges::{CachedCharges, ChargesCache};
pub use kept_meters::KeptMeters;

use std::collections::BTreeMap;

use chrono::{DateTime, Days, Months, Utc};
use chrono_tz::Tz;
use rust_decimal::Decimal;

use super::chart::{self, ChartInput, Granularity, Series};
use crate::db::Conn;
use crate::error::AppError;
use crate::metering::Cell;
use crate::metering::format_quantity;
use crate::meters::model::Meter;
use crate::meters::rollups::{self, QueuedHours, Request};
use crate::tz::{Bucket, start_of_local_day, this_month};

/// A meter's usage this month and all time.
#[derive(Debug, Clone)]
pub struct MeterFigure {
    pub id: String,
    pub name: String,
    pub unit: String,
    pub words: String,
    pub month: String,
    pub all_time: String,
    /// The aggregation (`count`, `sum`, …, as stored) and its property, for the page to word.
    pub kind: &'static str,
    pub key: Option<String>,
    pub month_quantity: Decimal,
    pub all_time_quantity: Decimal,
}

/// The month of `tz` holding `t`, from its local 1st 00:00 to the next (the reconciliation
/// page's default period).
pub fn month_of(t: DateTime<Utc>, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let month = this_month(t, tz);
    (month.start, month.end)
}

/// Bounds that hold every stored event, for "all time".
fn all_time() -> (DateTime<Utc>, DateTime<Utc>) {
    (
        DateTime::<Utc>::from_timestamp(-62_135_596_800, 0).unwrap_or_default(),
        DateTime::<Utc>::from_timestamp(253_402_214_400, 0).unwrap_or_default(),
    )
}

/// Each meter's figures: all time and `month`, the operator's "this month" as UTC instants, all
/// read by one [`rollups::usage_many_with`] (with the chart's, see [`compute`]) — the month
/// exactly over its instants (whole UTC days, whole hours, raw events only in the partial hours
/// at its edges), so a month of Asia/Kolkata starts at 18:30 UTC on the last day of the month
/// before; all time from the all-customer day cells, in the same statement as the month's days.
/// These are the requests, each meter's month first, then each meter's all time.
fn figure_requests(meters: &[Meter], month: (DateTime<Utc>, DateTime<Utc>)) -> Vec<Request<'_>> {
    let (ever_from, ever_to) = all_time();
    let request = |meter, (start, end)| Request {
        meter,
        customer_id: None,
        start,
        end,
    };
    meters
        .iter()
        .map(|meter| request(meter, month))
        .chain(meters.iter().map(|meter| request(meter, (ever_from, ever_to))))
        .collect()
}

/// The figures from the cells of [`figure_requests`], in its order.
fn figures_of(meters: &[Meter], cells: &[Cell]) -> Vec<MeterFigure> {
    let (months, ever) = cells.split_at(meters.len().min(cells.len()));
    let mut out = Vec::new();
    for ((m, this_month), all) in meters.iter().zip(months).zip(ever) {
        let kind = m.aggregation.kind();
        out.push(MeterFigure {
            id: m.row.id.clone(),
            name: m.row.name.clone(),
            unit: m.row.unit.clone(),
            words: m.aggregation_words(),
            month: format_quantity(this_month.quantity(kind)),
            all_time: format_quantity(all.quantity(kind)),
            kind: kind.as_str(),
            key: m.aggregation.key().map(str::to_string),
            month_quantity: this_month.quantity(kind),
            all_time_quantity: all.quantity(kind),
        });
    }
    out
}

/// The chart's range: `[from, to)` in whole local days of the operator's zone.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Range {
    Days(i64),
    Months12,
    Custom(DateTime<Utc>, DateTime<Utc>),
}

impl Range {
    pub fn key(&self) -> &'static str {
        match self {
            Range::Days(7) => "7d",
            Range::Days(90) => "90d",
            Range::Days(_) => "30d",
            Range::Months12 => "12m",
            Range::Custom(..) => "custom",
        }
    }

    /// The range's instants in `tz`: the last `n` local days up to today included, the last 12
    /// local months up to this one, or a custom range from the start of its first local day to
    /// the start of the local day holding its end.
    pub fn bounds(&self, now: DateTime<Utc>, tz: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
        let day_start = |t: DateTime<Utc>| crate::tz::bucket_containing(t, tz, crate::tz::Granularity::Day);
        match *self {
            Range::Days(n) => {
                let today = day_start(now);
                let first = today
                    .local
                    .checked_sub_days(Days::new(u64::try_from(n - 1).unwrap_or(0)))
                    .unwrap_or(today.local);
                (start_of_local_day(first, tz), today.end)
            }
            Range::Months12 => {
                let this = this_month(now, tz);
                let first = this
                    .local
                    .checked_sub_months(Months::new(11))
                    .unwrap_or(this.local);
                (start_of_local_day(first, tz), this.end)
            }
            Range::Custom(a, b) => (day_start(a).start, day_start(b).start),
        }
    }
}

/// One series per meter: its quantity per bucket — each bucket a local day, week or month of
/// `tz` — read exactly with the meter's own aggregation by [`rollups::usage_many`]: whole UTC
/// days from the all-customer day cells, whole hours from the hourly cells, and raw events only
/// in the partial hours at a bucket's edges (an Asia/Kolkata day: 18:30–19:00 and 18:00–18:30
/// UTC), the events the roller has not counted yet included, in one snapshot. A unique count is
/// counted over each whole bucket: a week's distinct values, not the sum of its days'.
/// `colours` gives a meter its colour slot (see [`colour_slots`]); a meter not in it takes its
/// position.
pub fn chart_input(
    conn: &mut Conn,
    meters: &[Meter],
    colours: &BTreeMap<String, usize>,
    granularity: Granularity,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    tz: Tz,
) -> Result<ChartInput, AppError> {
    rollups::in_snapshot(conn, |conn| {
        let tail = rollups::queued_meter_hours(conn, meters)?;
        chart_with(conn, meters, colours, (granularity, from, to), tz, &tail)
    })
}

/// [`chart_input`] with the queued events of `tail`, read in the caller's snapshot for (at
/// least) these meters.
fn chart_with(
    conn: &mut Conn,
    meters: &[Meter],
    colours: &BTreeMap<String, usize>,
    window: ChartWindow,
    tz: Tz,
    tail: &QueuedHours,
) -> Result<ChartInput, AppError> {
    let (buckets, requests) = chart_requests(meters, window, tz);
    let cells = rollups::usage_many_with(conn, &requests, tail)?;
    Ok(chart_of(meters, colours, window, tz, &buckets, &cells))
}

/// A chart's granularity and `[from, to)`.
type ChartWindow = (Granularity, DateTime<Utc>, DateTime<Utc>);

/// The chart's buckets in `tz`, and one request per meter and bucket (meter by meter).
fn chart_requests(
    meters: &[Meter],
    (granularity, from, to): ChartWindow,
    tz: Tz,
) -> (Vec<Bucket>, Vec<Request<'_>>) {
    let buckets = chart::buckets(granularity, from, to, tz);
    let mut requests = Vec::with_capacity(meters.len() * buckets.len());
    for meter in meters {
        for b in &buckets {
            requests.push(Request {
                meter,
                customer_id: None,
                start: b.start.max(from),
                end: b.end.min(to),
            });
        }
    }
    (buckets, requests)
}

/// The chart from the cells of [`chart_requests`], in its order.
fn chart_of(
    meters: &[Meter],
    colours: &BTreeMap<String, usize>,
    (granularity, from, to): ChartWindow,
    tz: Tz,
    buckets: &[Bucket],
    cells: &[Cell],
) -> ChartInput {
    let mut cells = cells.iter();
    let series = meters
        .iter()
        .map(|m| {
            let kind = m.aggregation.kind();
            Series {
                meter_id: m.row.id.clone(),
                name: m.row.name.clone(),
                unit: m.row.unit.clone(),
                colour: colours.get(&m.row.id).copied(),
                points: buckets
                    .iter()
                    .zip(cells.by_ref())
                    .map(|(b, c)| (b.start, c.quantity(kind)))
                    .collect(),
            }
        })
        .collect();
    ChartInput {
        granularity,
        tz,
        from,
        to,
        series,
    }
}

/// Each active meter's colour slot: its place counted from the oldest active meter, so that a
/// meter keeps its colour whichever meters are ticked (and a new meter takes a new place).
/// `meters` is newest first, as listed.
pub fn colour_slots(meters: &[Meter]) -> BTreeMap<String, usize> {
    meters
        .iter()
        .rev()
        .enumerate()
        .map(|(k, m)| (m.row.id.clone(), k))
        .collect()
}

/// Meters charted when none is chosen.
const DEFAULT_METERS: usize = 6;

/// The overview's figures and chart, as computed for one view (see [`super::cache`]).
pub struct OverviewData {
    pub events_month: i64,
    pub events_all: i64,
    pub active_month: i64,
    pub active_all: i64,
    pub meters: Vec<MeterFigure>,
    pub selected: Vec<String>,
    /// The chart's numbers, when there is something to chart; the page words and draws them
    /// in the operator's language ([`chart::render_in`]).
    pub chart: Option<ChartInput>,
}

/// The figures for `month` (the operator's "this month", see [`crate::tz::this_month`]), and the
/// chart in `tz` of the chosen meters (the first few active ones
/// when none is chosen) over `chart`'s window, when it is valid. All from one snapshot: the
/// counters, figures and chart agree with each other (and the statements share one transaction).
/// The active meters are `kept`'s when the request's session read the meters at that version
/// (`seen`), else read (and kept).
pub fn compute(
    c: &mut Conn,
    (kept, seen): (&KeptMeters, Option<i64>),
    month: (DateTime<Utc>, DateTime<Utc>),
    chosen: &[String],
    chart: Option<(Granularity, DateTime<Utc>, DateTime<Utc>)>,
    tz: Tz,
) -> Result<OverviewData, AppError> {
    rollups::in_snapshot(c, |c| {
        let meters = kept.active(c, seen)?;
        compute_in(c, &meters, month, chosen, chart, tz)
    })
}

fn compute_in(
    c: &mut Conn,
    meters: &[Meter],
    month: (DateTime<Utc>, DateTime<Utc>),
    chosen: &[String],
    chart: Option<(Granularity, DateTime<Utc>, DateTime<Utc>)>,
    tz: Tz,
) -> Result<OverviewData, AppError> {
    let charted: Vec<Meter> = if chosen.is_empty() {
        meters.iter().take(DEFAULT_METERS).cloned().collect()
    } else {
        meters
            .iter()
            .filter(|m| chosen.contains(&m.row.id))
            .cloned()
            .collect()
    };
    // The queued events of every active meter, read once for the chart, the figures and the
    // counters.
    let tail = rollups::queued_meter_hours(c, meters)?;
    // The figures and the chart in one read: a statement per kind of cell for both, instead of
    // one for each (a round trip cost more than the reads themselves).
    let mut requests = figure_requests(meters, month);
    let figures = requests.len();
    let buckets = chart.map(|window| {
        let (buckets, more) = chart_requests(&charted, window, tz);
        requests.extend(more);
        (window, buckets)
    });
    let cells = rollups::usage_many_with(c, &requests, &tail)?;
    let (figure_cells, chart_cells) = cells.split_at(figures.min(cells.len()));
    let input = buckets.map(|(window, buckets)| {
        chart_of(&charted, &colour_slots(meters), window, tz, &buckets, chart_cells)
    });
    let counters = repo::counters(c, month, tail.activity())?;
    Ok(OverviewData {
        events_month: counters.events_month,
        events_all: counters.events_all,
        active_month: counters.active_since,
        active_all: counters.active_ever,
        meters: figures_of(meters, figure_cells),
        selected: charted.iter().map(|m| m.row.id.clone()).collect(),
        chart: input.filter(|i| !i.series.is_empty()),
    })
}

pub use chart::MAX_BUCKETS;
