//! Analytics → Overview: activity and usage for the current month and all time, usage
//! charges of the current billing cycles, and the meter quantity chart.

pub mod charges;
pub mod repo;

pub use charges::{CachedCharges, ChargesCache};

use std::collections::{BTreeMap, HashMap};

use chrono::{DateTime, Datelike, Duration, Months, TimeZone, Utc};

use super::chart::{self, ChartInput, Granularity, PanelInfo, Series, TableRow};
use crate::db::Conn;
use crate::error::AppError;
use crate::metering::{Cell, Counted, format_quantity};
use crate::meters;
use crate::meters::model::{Meter, MeterStatus};
use crate::meters::rollups::day_of;
use crate::meters::rollups::repo::{Grain, Window, values};

/// A meter's usage this month and all time.
#[derive(Debug, Clone)]
pub struct MeterFigure {
    pub id: String,
    pub name: String,
    pub unit: String,
    pub words: String,
    pub month: String,
    pub all_time: String,
}

pub fn month_of(t: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
    let first = Utc
        .with_ymd_and_hms(t.year(), t.month(), 1, 0, 0, 0)
        .single()
        .unwrap_or(t);
    (first, first.checked_add_months(Months::new(1)).unwrap_or(first))
}

fn merged(cells: impl Iterator<Item = Cell>) -> Result<Cell, AppError> {
    cells.into_iter().try_fold(Cell::default(), |acc, c| {
        acc.merge(&c)
            .map_err(|_| AppError::internal("usage overflows a decimal"))
    })
}

/// Per meter and UTC day in `[from, to)` (or ever): the cells of all customers, the events the
/// roller has not counted yet included; and per day-aligned range of `ranges`, the number of
/// distinct values of a unique count. In one snapshot.
struct Days {
    cells: Vec<(String, DateTime<Utc>, Cell)>,
    distinct: Vec<i64>,
}

fn day_cells(
    conn: &mut Conn,
    meters: &[Meter],
    from: Option<DateTime<Utc>>,
    to: Option<DateTime<Utc>>,
    ranges: &[(&Meter, DateTime<Utc>, DateTime<Utc>)],
) -> Result<Days, AppError> {
    crate::meters::rollups::in_snapshot(conn, |conn| {
        let ids: Vec<String> = meters.iter().map(|m| m.row.id.clone()).collect();
        let mut cells = repo::meter_day_cells(conn, &ids, from, to)?;
        let queued = crate::meters::rollups::queued_meter_days(conn, meters, from, to)?;
        cells.extend(queued.iter().map(|(m, d, c)| (m.clone(), *d, c.cell)));
        let distinct = distinct_over(conn, ranges, &queued)?;
        Ok(Days { cells, distinct })
    })
}

/// The number of distinct values of unique counts over day-aligned ranges `(meter, from, to)`,
/// all customers together: counted set-wise over the stored day values and the values of the
/// queued events. In range order.
fn distinct_over(
    conn: &mut Conn,
    ranges: &[(&Meter, DateTime<Utc>, DateTime<Utc>)],
    queued: &[(String, DateTime<Utc>, Counted)],
) -> Result<Vec<i64>, AppError> {
    if ranges.is_empty() {
        return Ok(Vec::new());
    }
    let mut windows = Vec::with_capacity(ranges.len());
    let mut extras = Vec::new();
    for (i, (m, from, to)) in ranges.iter().enumerate() {
        windows.push((
            Grain::Day,
            Window {
                i: i as i32,
                meter_id: m.row.id.clone(),
                customer_id: None,
                from: *from,
                to: *to,
            },
        ));
        for (_, _, c) in queued
            .iter()
            .filter(|(id, day, _)| *id == m.row.id && day >= from && day < to)
        {
            extras.extend(c.values.iter().map(|v| (i as i32, v.clone())));
        }
    }
    let counted: HashMap<i32, i64> = values::count_distinct(conn, &windows, &extras)?
        .into_iter()
        .collect();
    Ok((0..ranges.len())
        .map(|i| counted.get(&(i as i32)).copied().unwrap_or(0))
        .collect())
}

/// Bounds that hold every stored event, for "all time".
fn all_time() -> (DateTime<Utc>, DateTime<Utc>) {
    (
        DateTime::<Utc>::from_timestamp(-62_135_596_800, 0).unwrap_or_default(),
        DateTime::<Utc>::from_timestamp(253_402_214_400, 0).unwrap_or_default(),
    )
}

pub fn meter_figures(
    conn: &mut Conn,
    meters: &[Meter],
    month: (DateTime<Utc>, DateTime<Utc>),
) -> Result<Vec<MeterFigure>, AppError> {
    let (ever_from, ever_to) = all_time();
    let mut ranges = Vec::new();
    for m in meters.iter().filter(|m| m.aggregation.kind().is_distinct()) {
        ranges.push((m, ever_from, ever_to));
        ranges.push((m, month.0, month.1));
    }
    let days = day_cells(conn, meters, None, None, &ranges)?;
    let mut distinct = days.distinct.into_iter();
    let mut out = Vec::new();
    for m in meters {
        let mine = days.cells.iter().filter(|(id, _, _)| *id == m.row.id);
        let mut all = merged(mine.clone().map(|(_, _, c)| *c))?;
        let mut this_month = merged(
            mine.filter(|(_, d, _)| *d >= month.0 && *d < month.1)
                .map(|(_, _, c)| *c),
        )?;
        if m.aggregation.kind().is_distinct() {
            all = all.with_distinct(distinct.next().unwrap_or(0));
            this_month = this_month.with_distinct(distinct.next().unwrap_or(0));
        }
        let kind = m.aggregation.kind();
        out.push(MeterFigure {
            id: m.row.id.clone(),
            name: m.row.name.clone(),
            unit: m.row.unit.clone(),
            words: m.aggregation_words(),
            month: format_quantity(this_month.quantity(kind)),
            all_time: format_quantity(all.quantity(kind)),
        });
    }
    Ok(out)
}

/// The chart's range: `[from, to)` in whole UTC days.
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

    pub fn bounds(&self, now: DateTime<Utc>) -> (DateTime<Utc>, DateTime<Utc>) {
        let tomorrow = day_of(now) + Duration::days(1);
        match *self {
            Range::Days(n) => (tomorrow - Duration::days(n), tomorrow),
            Range::Months12 => {
                let (this_month, next) = month_of(now);
                (
                    this_month
                        .checked_sub_months(Months::new(11))
                        .unwrap_or(this_month),
                    next,
                )
            }
            Range::Custom(a, b) => (day_of(a), day_of(b)),
        }
    }
}

/// One series per meter: its quantity per bucket, merged from the meter's daily cells with
/// the meter's own aggregation (sum and count add up, max takes the largest, min the smallest,
/// last the latest, avg divides the sums by the counts). A unique count is counted over each
/// whole bucket: a week's distinct values, not the sum of its days'. `colours` gives a meter
/// its colour slot (see [`colour_slots`]); a meter not in it takes its position.
pub fn chart_input(
    conn: &mut Conn,
    meters: &[Meter],
    colours: &BTreeMap<String, usize>,
    granularity: Granularity,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
) -> Result<ChartInput, AppError> {
    let starts = chart::buckets(granularity, from, to);
    let mut ranges = Vec::new();
    for m in meters.iter().filter(|m| m.aggregation.kind().is_distinct()) {
        for (k, start) in starts.iter().enumerate() {
            let end = starts.get(k + 1).copied().unwrap_or(to);
            ranges.push((m, (*start).max(from), end.min(to)));
        }
    }
    let days = day_cells(conn, meters, Some(from), Some(to), &ranges)?;
    let mut distinct = days.distinct.into_iter();
    let mut series = Vec::new();
    for m in meters {
        let mut buckets: BTreeMap<DateTime<Utc>, Cell> = BTreeMap::new();
        for (_, day, cell) in days.cells.iter().filter(|(id, _, _)| *id == m.row.id) {
            let b = buckets.entry(granularity.start_of(*day)).or_default();
            *b = b
                .merge(cell)
                .map_err(|_| AppError::internal("usage overflows a decimal"))?;
        }
        if m.aggregation.kind().is_distinct() {
            for start in &starts {
                let n = distinct.next().unwrap_or(0);
                let b = buckets.entry(granularity.start_of(*start)).or_default();
                *b = b.with_distinct(n);
            }
        }
        let kind = m.aggregation.kind();
        series.push(Series {
            meter_id: m.row.id.clone(),
            name: m.row.name.clone(),
            unit: m.row.unit.clone(),
            colour: colours.get(&m.row.id).copied(),
            points: buckets.into_iter().map(|(b, c)| (b, c.quantity(kind))).collect(),
        });
    }
    Ok(ChartInput {
        granularity,
        from,
        to,
        series,
    })
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
    pub panels: Vec<PanelInfo>,
    pub table_headings: Vec<String>,
    pub table: Vec<TableRow>,
}

/// The figures for `month`, and the chart of the chosen meters (the first few active ones
/// when none is chosen) over `chart`'s window, when it is valid.
pub fn compute(
    c: &mut Conn,
    month: (DateTime<Utc>, DateTime<Utc>),
    chosen: &[String],
    chart: Option<(Granularity, DateTime<Utc>, DateTime<Utc>)>,
) -> Result<OverviewData, AppError> {
    let meters: Vec<Meter> =
        meters::repo::list(c, Some(MeterStatus::Active), &crate::paging::Seek::Start, 200)?
            .into_iter()
            .map(Meter::from_row)
            .collect::<Result<_, _>>()
            .map_err(AppError::internal)?;
    let charted: Vec<Meter> = if chosen.is_empty() {
        meters.iter().take(DEFAULT_METERS).cloned().collect()
    } else {
        meters
            .iter()
            .filter(|m| chosen.contains(&m.row.id))
            .cloned()
            .collect()
    };
    let input = match chart {
        Some((granularity, from, to)) => Some(chart_input(
            c,
            &charted,
            &colour_slots(&meters),
            granularity,
            from,
            to,
        )?),
        None => None,
    };
    let (panels, table_headings, table) = match &input {
        Some(input) if !input.series.is_empty() => (
            chart::render(input).panels,
            chart::table_headings(input),
            chart::table(input),
        ),
        _ => (Vec::new(), Vec::new(), Vec::new()),
    };
    Ok(OverviewData {
        events_month: repo::events_between(c, Some(month.0), Some(month.1))?,
        events_all: repo::events_between(c, None, None)?,
        active_month: repo::active_customers(c, Some(month.0))?,
        active_all: repo::active_customers(c, None)?,
        meters: meter_figures(c, &meters, month)?,
        selected: charted.iter().map(|m| m.row.id.clone()).collect(),
        panels,
        table_headings,
        table,
    })
}

pub use chart::MAX_BUCKETS;
