//! What a fleet of app servers sends: 100-event batches stamped now, for an overlapping set of
//! hot customers (most events) and a long tail, on two event names that four meters count.
//!
//! - `llm.call` (`call_pct` % of events, metadata `{tokens, model, region}`): a count, a sum of
//!   `tokens`, and a sum of `tokens` filtered on `model = large`;
//! - `storage.sample` (the rest, metadata `{gb, region}`): a max of `gb`.
//!
//! A batch is built when it is sent (its events stamped within the last second before, as a
//! client buffers them); the same generator writes `COPY` text rows for the baseline. All text
//! is plain ASCII without quotes or backslashes, so nothing needs escaping.

use std::io::Write;

use chrono::{DateTime, Duration, SecondsFormat, Utc};

use crate::data::{Rng, customer_id};

pub const CALL: &str = "llm.call";
pub const STORAGE: &str = "storage.sample";
/// The filtered meter counts `llm.call` events with this model.
pub const FILTER_MODEL: &str = "large";
const MODELS: [&str; 3] = ["small", "medium", "large"];
const REGIONS: [&str; 4] = ["eu", "us", "ap", "sa"];

/// Who gets the events, and how many per batch.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Shape {
    /// Customers `cus_0000` … `cus_{hot-1}` get `hot_pct` % of the events.
    pub hot: u64,
    /// The next `tail` customers share the rest.
    pub tail: u64,
    pub hot_pct: u64,
    /// Share of `llm.call` events (the rest are `storage.sample`).
    pub call_pct: u64,
    pub batch: usize,
}

impl Shape {
    pub fn customers(&self) -> u64 {
        self.hot + self.tail
    }

    fn customer(&self, rng: &mut Rng) -> u64 {
        if self.tail == 0 || rng.below(100) < self.hot_pct {
            rng.below(self.hot.max(1))
        } else {
            self.hot + rng.below(self.tail)
        }
    }

    pub fn describe(&self) -> String {
        format!(
            "{}-event batches stamped now; {} hot customers get {} % of the events, {} more the rest; \
             {} ({} %): count, sum of tokens, sum of tokens where model = {FILTER_MODEL}; {} ({} %): max of gb",
            self.batch,
            self.hot,
            self.hot_pct,
            self.tail,
            CALL,
            self.call_pct,
            STORAGE,
            100 - self.call_pct.min(100)
        )
    }
}

/// One event, in the two shapes it is written.
struct Event {
    customer: String,
    name: &'static str,
    ts: String,
    metadata: String,
}

fn event(shape: &Shape, rng: &mut Rng, now: DateTime<Utc>) -> Event {
    let customer = customer_id(shape.customer(rng));
    let ts =
        (now - Duration::milliseconds(rng.below(1000) as i64)).to_rfc3339_opts(SecondsFormat::Millis, true);
    let region = REGIONS[rng.below(REGIONS.len() as u64) as usize];
    if rng.below(100) < shape.call_pct {
        let tokens = match rng.below(10) {
            0 => 1000 + rng.below(7000),
            1..=3 => 200 + rng.below(800),
            _ => 1 + rng.below(200),
        };
        let model = MODELS[rng.below(MODELS.len() as u64) as usize];
        Event {
            customer,
            name: CALL,
            ts,
            metadata: format!("{{\"tokens\":{tokens},\"model\":\"{model}\",\"region\":\"{region}\"}}"),
        }
    } else {
        Event {
            customer,
            name: STORAGE,
            ts,
            metadata: format!("{{\"gb\":{},\"region\":\"{region}\"}}", 1 + rng.below(5000)),
        }
    }
}

/// The request body of batch `n`: event ids `<prefix><n>-<i>`.
pub fn body(shape: &Shape, rng: &mut Rng, prefix: &str, n: u64, now: DateTime<Utc>) -> Vec<u8> {
    let mut out = Vec::with_capacity(shape.batch * 170 + 16);
    out.extend_from_slice(b"{\"events\":[");
    for i in 0..shape.batch {
        let e = event(shape, rng, now);
        if i > 0 {
            out.push(b',');
        }
        // Writing into a Vec cannot fail.
        let _ = write!(
            out,
            "{{\"event_id\":\"{prefix}{n}-{i}\",\"customer_id\":\"{}\",\"event_name\":\"{}\",\"timestamp\":\"{}\",\"metadata\":{}}}",
            e.customer, e.name, e.ts, e.metadata
        );
    }
    out.extend_from_slice(b"]}");
    out
}

/// `rows` events as the API would get them (batches stamped now), as `COPY` text: rows for
/// `events (event_id, customer_id, event_name, ts, metadata, source)` and for
/// `event_ids (event_id, customer_id)`, split into `streams` chunks each.
pub struct CopyData {
    pub events: Vec<Vec<u8>>,
    pub ids: Vec<Vec<u8>>,
    pub rows: usize,
}

pub fn copy_data(shape: &Shape, seed: u64, prefix: &str, rows: usize, streams: usize) -> CopyData {
    let mut rng = Rng::new(seed);
    let per = rows.div_ceil(streams.max(1)).max(1);
    let now = Utc::now();
    let (mut events, mut ids) = (Vec::new(), Vec::new());
    let mut n = 0;
    while n < rows {
        let (mut ev, mut id) = (Vec::with_capacity(per * 150), Vec::with_capacity(per * 40));
        for _ in 0..per.min(rows - n) {
            let e = event(shape, &mut rng, now);
            let key = format!("{prefix}{}-{}", n / shape.batch.max(1), n % shape.batch.max(1));
            let _ = writeln!(
                ev,
                "{key}\t{}\t{}\t{}\t{}\tapi",
                e.customer, e.name, e.ts, e.metadata
            );
            let _ = writeln!(id, "{key}\t{}", e.customer);
            n += 1;
        }
        events.push(ev);
        ids.push(id);
    }
    CopyData { events, ids, rows }
}
