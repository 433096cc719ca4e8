//! Synthetic usage events: deterministic (a seed), streamed (one event at a time, so 10 M
//! events never sit in memory), in three shapes — API request bodies (`{"events": [...]}`),
//! CSV in Stripe's template, and PostgreSQL `COPY` text rows for the `events` table.
//!
//! Every event is for one of `customers` customers (`cus_0000` …), named [`EVENT_NAME`], at a
//! second within a span before `end` (the last 30 days by default), with metadata `{tokens, region, model}`. A `bad_fraction`
//! of the events, spread evenly, is made invalid in turn: an unknown customer, the impossible
//! date `2024-02-30`, or `tokens` = `abc`.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

use chrono::{DateTime, Utc};

pub const EVENT_NAME: &str = "llm.call";
pub const CSV_HEADER: &str =
    "timestamp,event_name,payload_customer_id,payload_tokens,payload_region,payload_model";
const REGIONS: [&str; 4] = ["eu", "us", "ap", "sa"];
const MODELS: [&str; 3] = ["small", "medium", "large"];

/// splitmix64: small, fast, and good enough to spread synthetic data.
#[derive(Debug, Clone)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0).
    pub fn below(&mut self, n: u64) -> u64 {
        ((u128::from(self.next_u64()) * u128::from(n)) >> 64) as u64
    }
}

/// A random lowercase hex string (for database names and secrets): time, pid and a counter.
pub fn random_hex(chars: usize) -> String {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_nanos() as u64)
        .unwrap_or(0);
    let mut rng = Rng::new(nanos ^ (u64::from(std::process::id()) << 32));
    let mut s = String::with_capacity(chars + 16);
    while s.len() < chars {
        s.push_str(&format!("{:016x}", rng.next_u64()));
    }
    s.truncate(chars);
    s
}

pub fn customer_id(i: u64) -> String {
    format!("cus_{i:04}")
}

/// How a bad event is bad.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Bad {
    UnknownCustomer,
    ImpossibleDate,
    NotANumber,
}

#[derive(Debug, Clone)]
pub struct Spec {
    pub customers: u64,
    pub seed: u64,
    /// Timestamps fall in `[end - span_secs, end)`, whole seconds.
    pub end: DateTime<Utc>,
    pub span_secs: u64,
    /// Event ids are `<id_prefix><n>`.
    pub id_prefix: String,
    pub bad_fraction: f64,
}

#[derive(Debug, Clone)]
pub struct Event {
    pub id: String,
    pub customer: String,
    pub ts: DateTime<Utc>,
    pub tokens: u64,
    pub region: &'static str,
    pub model: &'static str,
    pub bad: Option<Bad>,
}

impl Event {
    pub fn timestamp_text(&self) -> String {
        match self.bad {
            Some(Bad::ImpossibleDate) => "2024-02-30".to_string(),
            _ => self.ts.format("%Y-%m-%dT%H:%M:%SZ").to_string(),
        }
    }
    fn tokens_text(&self) -> String {
        match self.bad {
            Some(Bad::NotANumber) => "abc".to_string(),
            _ => self.tokens.to_string(),
        }
    }
    /// The metadata object as JSON (`tokens` a number unless the event is bad that way).
    pub fn metadata_json(&self) -> String {
        let tokens = match self.bad {
            Some(Bad::NotANumber) => "\"abc\"".to_string(),
            _ => self.tokens.to_string(),
        };
        format!(
            "{{\"tokens\":{tokens},\"region\":\"{}\",\"model\":\"{}\"}}",
            self.region, self.model
        )
    }
    /// One event of an API request body. All strings are plain ASCII without quotes or
    /// backslashes, so no escaping is needed.
    pub fn write_api_json(&self, out: &mut impl Write) -> io::Result<()> {
        write!(
            out,
            "{{\"event_id\":\"{}\",\"customer_id\":\"{}\",\"event_name\":\"{EVENT_NAME}\",\"timestamp\":\"{}\",\"metadata\":{}}}",
            self.id,
            self.customer,
            self.timestamp_text(),
            self.metadata_json()
        )
    }
    /// One CSV row in the template's column order; with `identifier`, the event id last.
    pub fn write_csv(&self, out: &mut impl Write, identifier: bool) -> io::Result<()> {
        write!(
            out,
            "{},{EVENT_NAME},{},{},{},{}",
            self.timestamp_text(),
            self.customer,
            self.tokens_text(),
            self.region,
            self.model
        )?;
        if identifier {
            write!(out, ",{}", self.id)?;
        }
        out.write_all(b"\n")
    }
    /// One `COPY events (event_id, customer_id, event_name, ts, metadata, source) FROM STDIN`
    /// text row. Bad events cannot be written this way.
    pub fn write_copy(&self, out: &mut impl Write) -> io::Result<()> {
        writeln!(
            out,
            "{}\t{}\t{EVENT_NAME}\t{}\t{}\tapi",
            self.id,
            self.customer,
            self.timestamp_text(),
            self.metadata_json()
        )
    }
}

/// The events of a spec, in order; the n-th event is always the same for the same spec.
pub struct Events {
    spec: Spec,
    rng: Rng,
    n: u64,
    bad_seen: u64,
}

impl Events {
    pub fn new(spec: Spec) -> Events {
        let rng = Rng::new(spec.seed);
        Events {
            spec,
            rng,
            n: 0,
            bad_seen: 0,
        }
    }
}

/// Whether event `n` (0-based) is one of the evenly spread bad ones: exactly ⌊N·f⌋ of the first
/// N events are.
pub fn is_bad(n: u64, fraction: f64) -> bool {
    fraction > 0.0 && ((n + 1) as f64 * fraction).floor() > (n as f64 * fraction).floor()
}

impl Iterator for Events {
    type Item = Event;
    fn next(&mut self) -> Option<Event> {
        let n = self.n;
        self.n += 1;
        let span = self.spec.span_secs.max(1);
        let ts = self.spec.end - chrono::Duration::seconds((self.rng.below(span) + 1) as i64);
        let customer = self.rng.below(self.spec.customers.max(1));
        // Skewed like real usage: many small calls, a few large ones.
        let tokens = match self.rng.below(10) {
            0 => 1000 + self.rng.below(7000),
            1..=3 => 200 + self.rng.below(800),
            _ => 1 + self.rng.below(200),
        };
        let region = REGIONS[self.rng.below(REGIONS.len() as u64) as usize];
        let model = MODELS[self.rng.below(MODELS.len() as u64) as usize];
        let bad = if is_bad(n, self.spec.bad_fraction) {
            let kind = match self.bad_seen % 3 {
                0 => Bad::UnknownCustomer,
                1 => Bad::ImpossibleDate,
                _ => Bad::NotANumber,
            };
            self.bad_seen += 1;
            Some(kind)
        } else {
            None
        };
        let customer = if bad == Some(Bad::UnknownCustomer) {
            format!("cus_unknown_{n}")
        } else {
            customer_id(customer)
        };
        Some(Event {
            id: format!("{}{n}", self.spec.id_prefix),
            customer,
            ts,
            tokens,
            region,
            model,
            bad,
        })
    }
}

/// An API request body holding `events`.
pub fn api_body(events: &[Event]) -> Vec<u8> {
    let mut out = Vec::with_capacity(events.len() * 160 + 16);
    out.extend_from_slice(b"{\"events\":[");
    for (i, e) in events.iter().enumerate() {
        if i > 0 {
            out.push(b',');
        }
        // Writing into a Vec cannot fail.
        let _ = e.write_api_json(&mut out);
    }
    out.extend_from_slice(b"]}");
    out
}

/// A CSV file of whole rows, at most `max_bytes` long (header included), built from `events`
/// until the next row would not fit. Returns the bytes and the events written.
pub fn csv_file(events: &mut Events, max_bytes: usize) -> (Vec<u8>, Vec<Event>) {
    let mut out = Vec::with_capacity(max_bytes);
    out.extend_from_slice(CSV_HEADER.as_bytes());
    out.push(b'\n');
    let mut written = Vec::new();
    let mut row = Vec::with_capacity(128);
    for e in events.by_ref() {
        row.clear();
        let _ = e.write_csv(&mut row, false);
        if out.len() + row.len() > max_bytes {
            break;
        }
        out.extend_from_slice(&row);
        written.push(e);
    }
    (out, written)
}

/// What `generate` writes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    /// Stripe's template (plus `identifier` when asked); split into files of at most
    /// `max_file_bytes` when given.
    Csv,
    /// One API request body per line (`{"events": [...]}` of `batch` events): JSON Lines.
    Json,
    /// `COPY events (event_id, customer_id, event_name, ts, metadata, source) FROM STDIN` text.
    Copy,
}

impl Format {
    pub fn parse(s: &str) -> Option<Format> {
        match s {
            "csv" => Some(Format::Csv),
            "json" | "jsonl" => Some(Format::Json),
            "copy" => Some(Format::Copy),
            _ => None,
        }
    }
}

#[derive(Debug, Clone)]
pub struct Generate {
    pub events: u64,
    pub format: Format,
    pub out: PathBuf,
    pub batch: usize,
    pub identifier: bool,
    pub max_file_bytes: Option<u64>,
    pub spec: Spec,
}

/// What was written: the files, events and bad events.
pub struct Written {
    pub files: Vec<PathBuf>,
    pub events: u64,
    pub bad: u64,
    pub bytes: u64,
}

fn create(path: &Path) -> io::Result<io::BufWriter<std::fs::File>> {
    if let Some(dir) = path.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir)?;
    }
    Ok(io::BufWriter::with_capacity(
        1 << 20,
        std::fs::File::create(path)?,
    ))
}

/// `events.csv` → `events-0001.csv`.
fn part_path(out: &Path, part: usize) -> PathBuf {
    let stem = out.file_stem().and_then(|s| s.to_str()).unwrap_or("events");
    let ext = out.extension().and_then(|s| s.to_str()).unwrap_or("csv");
    out.with_file_name(format!("{stem}-{part:04}.{ext}"))
}

/// Streams the events to disk.
pub fn generate(g: &Generate) -> io::Result<Written> {
    let mut events = Events::new(g.spec.clone()).take(g.events as usize);
    let mut written = Written {
        files: Vec::new(),
        events: 0,
        bad: 0,
        bytes: 0,
    };
    match g.format {
        Format::Csv => {
            let header = if g.identifier {
                format!("{CSV_HEADER},identifier\n")
            } else {
                format!("{CSV_HEADER}\n")
            };
            let mut part = 0;
            let mut row = Vec::with_capacity(160);
            let mut current: Option<(io::BufWriter<std::fs::File>, u64)> = None;
            for e in events {
                row.clear();
                e.write_csv(&mut row, g.identifier)?;
                let full = match (&current, g.max_file_bytes) {
                    (Some((_, len)), Some(max)) => len + row.len() as u64 > max,
                    (None, _) => true,
                    _ => false,
                };
                if full {
                    if let Some((mut w, len)) = current.take() {
                        w.flush()?;
                        written.bytes += len;
                    }
                    part += 1;
                    let path = match g.max_file_bytes {
                        Some(_) => part_path(&g.out, part),
                        None => g.out.clone(),
                    };
                    let mut w = create(&path)?;
                    w.write_all(header.as_bytes())?;
                    written.files.push(path);
                    current = Some((w, header.len() as u64));
                }
                if let Some((w, len)) = current.as_mut() {
                    w.write_all(&row)?;
                    *len += row.len() as u64;
                }
                written.events += 1;
                written.bad += u64::from(e.bad.is_some());
            }
            if let Some((mut w, len)) = current.take() {
                w.flush()?;
                written.bytes += len;
            }
        }
        Format::Json => {
            let mut w = create(&g.out)?;
            let mut batch = Vec::with_capacity(g.batch);
            loop {
                batch.clear();
                batch.extend(events.by_ref().take(g.batch.max(1)));
                if batch.is_empty() {
                    break;
                }
                let body = api_body(&batch);
                w.write_all(&body)?;
                w.write_all(b"\n")?;
                written.bytes += body.len() as u64 + 1;
                written.events += batch.len() as u64;
                written.bad += batch.iter().filter(|e| e.bad.is_some()).count() as u64;
            }
            w.flush()?;
            written.files.push(g.out.clone());
        }
        Format::Copy => {
            let mut w = create(&g.out)?;
            let mut row = Vec::with_capacity(200);
            for e in events {
                row.clear();
                e.write_copy(&mut row)?;
                w.write_all(&row)?;
                written.bytes += row.len() as u64;
                written.events += 1;
            }
            w.flush()?;
            written.files.push(g.out.clone());
        }
    }
    Ok(written)
}
