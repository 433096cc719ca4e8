//! The customers table's rows in the operator's language. Rendering a page's 150 lines was most
//! of what a view of the table cost the server once its lines were computed, and between two
//! computations of a page (every write makes the page cache stale) most lines come back the same:
//! live traffic changes the hot customers' lines, not the others. So each line's row is kept,
//! in this process, under everything it is rendered from — the language and zone, the columns,
//! whether it starts its subscription's group, the line itself in full and, for a last event's
//! "3 minutes ago", the span from now as worded — and a line equal in all of them is not
//! rendered again. Lines of customers sending events right now are rendered without being kept.

use std::cell::RefCell;
use std::rc::Rc;
use std::sync::{Arc, LazyLock};

use foldhash::HashMap;

use askama::Template;
use chrono::{DateTime, TimeDelta, Utc};

use crate::analytics::customers::billing::Line;
use crate::analytics::customers::columns::{Column, Sharing};
use crate::analytics::customers::table::RenderedRows;
use crate::i18n::span::{RelativeSpan, relative_span};
use crate::web::locale::Locale;

use crate::kept::Kept;

/// How long a customer sends no event before its lines are kept ([`quiet`]).
const QUIET: TimeDelta = TimeDelta::seconds(60);

/// Rendered rows by what they were rendered from ([`RowKeys::key`]); at most 10,000 (a row and
/// its key take about 2 KB: 20 MB at most).
static KEPT: LazyLock<Kept<Vec<u8>, Arc<str>>> = LazyLock::new(|| Kept::new(10_000));

/// The lines of one table being rendered, with the cells they share.
pub struct Rows<'a> {
    pub l: &'a Locale,
    pub lines: &'a [Line],
    pub columns: &'a [Column],
    /// The instant the rows are worded at (a last event's "3 minutes ago").
    pub now: DateTime<Utc>,
    /// The cells lines share, worded once (see [`Column::sharing`]).
    pub shared: SharedCells<'a>,
}

/// One row of the table.
#[derive(Template)]
#[template(path = "analytics/customers_row.html")]
struct Row<'a, 'r> {
    rows: &'r Rows<'a>,
    line: &'a Line,
    /// Whether the line starts its subscription's group.
    first: bool,
}

/// A worded cell: (text, hover title, sort key).
pub type WordedCell = Rc<(String, String, String)>;

/// Cells worded once per page, by [`Column::sharing`]. Lines come grouped by subscription, so a
/// subscription's cell (and a last event's) is kept per column until a line of another comes.
#[derive(Default)]
pub struct SharedCells<'a> {
    /// Per column: the subscription or last-event time of the line last worded, and its cell.
    latest: RefCell<HashMap<Column, (Latest<'a>, WordedCell)>>,
    by_product_meter: RefCell<HashMap<(Column, &'a str, &'a str), WordedCell>>,
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Latest<'a> {
    Subscription(&'a str),
    LastEvent(Option<DateTime<Utc>>),
}

impl<'a> Rows<'a> {
    /// One cell: (text, hover title, sort key).
    pub fn cell(&self, c: &Column, line: &'a Line) -> WordedCell {
        let word = || Rc::new(super::cells::cell(self.l, *c, line, self.now));
        let latest = match c.sharing() {
            Sharing::None => return word(),
            Sharing::ProductMeter => {
                let key = (*c, line.product_id.as_str(), line.meter_id.as_str());
                let mut map = self.shared.by_product_meter.borrow_mut();
                return map.entry(key).or_insert_with(word).clone();
            }
            Sharing::Subscription => Latest::Subscription(line.subscription_id.as_str()),
            Sharing::LastEventTime => Latest::LastEvent(line.last_event_at),
        };
        let mut map = self.shared.latest.borrow_mut();
        match map.get(c) {
            Some((seen, cell)) if *seen == latest => cell.clone(),
            _ => {
                let cell = word();
                map.insert(*c, (latest, cell.clone()));
                cell
            }
        }
    }

    /// Lines of one subscription share customer cells: true when this line starts a new one.
    pub fn first_of_subscription(&self, index: usize) -> bool {
        index == 0
            || self.lines.get(index - 1).map(|p| &p.subscription_id)
                != self.lines.get(index).map(|l| &l.subscription_id)
    }

    /// All rows, each as kept when everything it is rendered from is the same, else rendered
    /// (and kept).
    fn render(&self, variant: &str) -> Result<String, askama::Error> {
        let keys: Vec<&'static str> = self.columns.iter().map(|c| c.key()).collect();
        let mut row_keys = RowKeys {
            head: format!("{variant}\u{1}{}", keys.join(",")),
            priced: HashMap::default(),
        };
        let mut html = String::with_capacity(self.lines.len() * 1400);
        for (i, line) in self.lines.iter().enumerate() {
            let first = self.first_of_subscription(i);
            let row = || {
                Row {
                    rows: self,
                    line,
                    first,
                }
                .render()
            };
            if !quiet(line, self.now) {
                html.push_str(&row()?);
                continue;
            }
            let key = row_keys.key(first, line, self.now);
            let row = KEPT.get_or_make(key, || row().map(Arc::<str>::from))?;
            html.push_str(&row);
        }
        Ok(html)
    }
}

/// Whether `line`'s customer has been quiet for [`QUIET`]: a line with a newer event is likely
/// to have changed by the next view (under live traffic, every line of a customer sending events
/// does), so it is rendered without being kept: keeping it cost more than rendering it (B5's
/// customers with every row new at every view: 0.7 ms more server CPU per view).
fn quiet(line: &Line, now: DateTime<Utc>) -> bool {
    line.last_event_at.is_none_or(|t| now - t >= QUIET)
}

/// Everything a row is rendered from, spelt as bytes: the language, zone and columns (`head`),
/// whether it starts its group, the span of its last event from `now` as relative times word
/// it, and the line in full — texts with their lengths, instants to the nanosecond, amounts
/// with their scale ([`rust_decimal::Decimal::serialize`]). Spelling each line's `Debug` form
/// instead was half of what rendering the table cost with the page cache off.
struct RowKeys<'a> {
    head: String,
    /// What lines of one product's meter share (its product and meter names, unit, currency,
    /// free threshold and price), in their `Debug` form, spelt once per page: one computation
    /// of a page reads each product once, as the cells it shares already assume ([`Sharing`]).
    priced: HashMap<(&'a str, &'a str), String>,
}

impl<'a> RowKeys<'a> {
    fn key(&mut self, first: bool, line: &'a Line, now: DateTime<Utc>) -> Vec<u8> {
        // Every field, named: a field added to `Line` does not compile until it is keyed too.
        let Line {
            customer_id,
            customer_email,
            customer_name,
            subscription_id,
            product_id,
            product_name,
            currency,
            period_start,
            period_end,
            meter_id,
            meter_name,
            unit,
            free_threshold,
            price,
            last_event_at,
            consumed,
            chargeable,
            charge,
            total,
        } = line;
        let priced = self
            .priced
            .entry((product_id.as_str(), meter_id.as_str()))
            .or_insert_with(|| {
                format!("{product_name:?}{meter_name:?}{unit:?}{currency:?}{free_threshold:?}{price:?}")
            });
        let mut key = Vec::with_capacity(self.head.len() + priced.len() + 320);
        let text = |key: &mut Vec<u8>, t: &str| {
            key.extend_from_slice(&(t.len() as u64).to_le_bytes());
            key.extend_from_slice(t.as_bytes());
        };
        text(&mut key, &self.head);
        text(&mut key, priced);
        for t in [
            customer_id,
            customer_email,
            customer_name,
            subscription_id,
            product_id,
            meter_id,
        ] {
            text(&mut key, t);
        }
        key.push(u8::from(first));
        match last_event_at.map(|t| relative_span(t, now)) {
            Some(RelativeSpan { unit, count, future }) => {
                key.push(1);
                text(&mut key, unit.unwrap_or("-"));
                key.extend_from_slice(&count.to_le_bytes());
                key.push(u8::from(future));
            }
            None => key.push(0),
        }
        for t in [Some(period_start), Some(period_end), last_event_at.as_ref()] {
            match t {
                Some(t) => {
                    key.push(1);
                    key.extend_from_slice(&t.timestamp().to_le_bytes());
                    key.extend_from_slice(&t.timestamp_subsec_nanos().to_le_bytes());
                }
                None => key.push(0),
            }
        }
        for d in [consumed, chargeable, charge, total] {
            key.extend_from_slice(&d.serialize());
        }
        key
    }
}

/// The table's rows for `lines` and `columns`, rendered once per column choice and kept in
/// `rendered` (which the page cache shares between views).
pub fn rows_html(
    l: &Locale,
    rendered: &RenderedRows,
    lines: &[Line],
    columns: &[Column],
) -> Result<Arc<String>, askama::Error> {
    let variant = format!("{}|{}", l.code(), l.tz.name());
    rendered.get_or_render(&variant, columns, || {
        Ok(Rows {
            l,
            lines,
            columns,
            now: Utc::now(),
            shared: SharedCells::default(),
        }
        .render(&variant)?
        .into())
    })
}
