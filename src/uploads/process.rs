//! Running a file's rows through the ingest pipeline a chunk at a time, with memory bounded by
//! the chunk, not the file: each chunk's rows are moved (not copied) into the pipeline's input,
//! its rejected rows go to the database before the next chunk is read, and what the answer
//! shows of them is capped ([`INLINE_REJECTS`]) while their counts by reason cover every row.

use std::collections::{BTreeMap, HashSet};

use rust_decimal::Decimal;
use serde_json::{Value, json};

use super::csv_file::{self, ParsedRow, RowEvent, RowStream};
use super::model::Gain;
use super::repo::{self, NewUpload};
use crate::db::Conn;
use crate::error::AppError;
use crate::ingest::model::{Incoming, Outcome, RawEvent, Rules, Source, Verdict};
use crate::ingest::pipeline::{self, Mode};
use crate::metering::money::quantity_text;
use crate::metering::rfc3339;
use crate::meters;
use crate::meters::model::Meter;

/// Rows read, checked and stored per step: an upload's memory stays bounded by this, not by
/// the file's size. With 8 concurrent 5 MB all-rejected dry runs, 5,000 rows per chunk held
/// ~3.2 × the files' size at peak and 2,000 ~2.1 × (`scripts/bench memory`), in the same time.
pub const CHUNK_ROWS: usize = 2000;

/// Rejected rows a dry-run answer lists inline; the error file has them all.
pub const INLINE_REJECTS: usize = 1000;

pub fn file_error(e: csv_file::FileError) -> AppError {
    AppError::validation("file", e.to_string())
}

/// A rejected row as answered inline: (line, code, message).
pub type InlineReject = (u64, String, String);

/// What a whole file came to, summed over its chunks.
#[derive(Default)]
pub struct Tally {
    pub rows: usize,
    pub accepted: usize,
    pub duplicate: usize,
    pub rejected: usize,
    /// Per meter and customer, what the new events add (a unique count's values too).
    gains: BTreeMap<(String, String), crate::metering::Counted>,
    /// The value the file holds for its meter, whatever became of the rows.
    in_file: Decimal,
    numeric_rows: usize,
    /// The first [`INLINE_REJECTS`] rejected rows.
    pub rejects: Vec<InlineReject>,
    /// Every rejected row, counted by reason code.
    pub reasons: BTreeMap<&'static str, usize>,
    /// The upload the rejected rows were stored with, if they were.
    pub stored_as: Option<i64>,
}

impl Tally {
    /// Counts the value column of a chunk's rows (before they are handed to the pipeline).
    fn add_values(&mut self, rows: &[ParsedRow], value_column: Option<usize>, key: Option<&str>) {
        self.rows += rows.len();
        let Some(key) = key else {
            self.in_file += Decimal::from(rows.len());
            return;
        };
        for row in rows {
            let cell = match &row.result {
                Ok(ev) => ev.metadata.get(key).and_then(|v| v.as_str()),
                Err(_) => value_column.and_then(|i| row.cells.get(i)).map(String::as_str),
            };
            if let Some(n) = cell.and_then(|c| crate::metering::numeral(c.trim())) {
                self.in_file = self.in_file.checked_add(n).unwrap_or(self.in_file);
                self.numeric_rows += 1;
            }
        }
    }

    fn add_outcome(&mut self, outcome: &Outcome) -> Result<(), AppError> {
        self.accepted += outcome.ingested();
        self.duplicate += outcome.duplicates();
        self.rejected += outcome.rejected();
        for (k, cell) in &outcome.gains {
            self.gains
                .entry(k.clone())
                .or_default()
                .merge(cell)
                .map_err(|_| AppError::internal("upload total overflows a decimal"))?;
        }
        Ok(())
    }

    pub fn in_file_json(&self) -> Value {
        json!({ "rows": self.rows, "numeric_rows": self.numeric_rows, "value": quantity_text(self.in_file) })
    }

    /// Counts by reason, most frequent first: `[{"code", "rows"}]`.
    pub fn reasons_json(&self) -> Value {
        let mut by: Vec<(&str, usize)> = self.reasons.iter().map(|(c, n)| (*c, *n)).collect();
        by.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(b.0)));
        Value::Array(
            by.into_iter()
                .map(|(code, rows)| json!({ "code": code, "rows": rows }))
                .collect(),
        )
    }
}

pub fn gains(conn: &mut Conn, tally: &Tally) -> Result<Vec<Gain>, AppError> {
    let mut meters_seen: BTreeMap<String, Meter> = BTreeMap::new();
    let mut out = Vec::new();
    for ((meter_id, customer_id), counted) in &tally.gains {
        let cell = counted.finished();
        if !meters_seen.contains_key(meter_id) {
            let m = meters::service::get(conn, meter_id)?;
            meters_seen.insert(meter_id.clone(), m);
        }
        let Some(m) = meters_seen.get(meter_id) else {
            continue;
        };
        out.push(Gain {
            meter_id: meter_id.clone(),
            meter_name: m.row.name.clone(),
            unit: m.row.unit.clone(),
            aggregation: m.aggregation.kind().as_str().into(),
            customer_id: customer_id.clone(),
            events: cell.count,
            quantity: quantity_text(cell.quantity(m.aggregation.kind())),
        });
    }
    Ok(out)
}

/// Where rejected rows go.
pub enum RejectStore<'a> {
    /// With this upload.
    Upload(i64),
    /// With a dry-run record made when the first rejected row comes (a dry run that rejects
    /// nothing stores nothing), so that its error file has every row.
    WhenAny(NewUpload<'a>),
}

/// How the rows of one file go through the pipeline.
pub struct Run<'a> {
    pub meter: &'a Meter,
    pub upload_id: i64,
    pub source: Source,
    pub rules: Rules,
    pub mode: Mode,
    pub store: RejectStore<'a>,
}

/// A chunk's rows split into what the pipeline takes (moved, not copied) and what stays for
/// the rejected rows: each row's line and cells.
fn split(
    rows: Vec<ParsedRow>,
    upload_id: i64,
    seen: &mut Option<HashSet<String>>,
) -> (Vec<(u64, Vec<String>)>, Vec<Incoming>) {
    let mut kept = Vec::with_capacity(rows.len());
    let mut items = Vec::with_capacity(rows.len());
    for row in rows {
        items.push(match row.result {
            Ok(ev) => incoming(ev, row.line, upload_id, seen),
            Err(e) => Incoming::Refused {
                event_id: None,
                code: e.code,
                message: e.message,
            },
        });
        kept.push((row.line, row.cells));
    }
    (kept, items)
}

/// The pipeline's input for a row: its id from the `identifier` column or derived from the
/// upload and the row. In a dry run, an identifier met in an earlier chunk is a duplicate (a
/// real upload learns that from the database).
fn incoming(ev: RowEvent, line: u64, upload_id: i64, seen: &mut Option<HashSet<String>>) -> Incoming {
    let event_id = match &ev.identifier {
        Some(id) => id.clone(),
        None => format!("upl{upload_id}-r{line}"),
    };
    if let (Some(seen), Some(_)) = (seen.as_mut(), ev.identifier.as_ref()) {
        if !seen.insert(event_id.clone()) {
            return Incoming::Duplicate { event_id };
        }
    }
    Incoming::Event(RawEvent {
        event_id,
        customer_id: ev.customer_id,
        event_name: ev.event_name,
        timestamp: Some(rfc3339(ev.timestamp)),
        metadata: ev.metadata,
        upload_row: Some(line as i32),
    })
}

/// Runs every row through the pipeline, a chunk at a time, on the caller's transaction.
pub fn process(
    conn: &mut Conn,
    run: &Run<'_>,
    first: Vec<ParsedRow>,
    stream: &mut RowStream<'_>,
) -> Result<Tally, AppError> {
    // The value column's total; a count or a unique count totals rows instead.
    let key = run.meter.aggregation.number_key();
    let value_column = stream.columns.value;
    let mut seen = (run.mode == Mode::DryRun && stream.columns.identifier.is_some()).then(HashSet::new);
    let mut tally = Tally::default();
    if let RejectStore::Upload(id) = run.store {
        tally.stored_as = Some(id);
    }
    let mut chunk = first;
    while !chunk.is_empty() {
        tally.add_values(&chunk, value_column, key);
        let (kept, items) = split(chunk, run.upload_id, &mut seen);
        let outcome = pipeline::run_batch(conn, items, run.source, &run.rules, run.mode)?;
        tally.add_outcome(&outcome)?;
        store_rejects(conn, run, &mut tally, kept, outcome.verdicts)?;
        chunk = stream.next_chunk(CHUNK_ROWS).map_err(file_error)?;
    }
    Ok(tally)
}

/// The pipeline's message for a rejected row, in the words of the file the operator holds: a
/// property is the column `payload_<key>` they see (not `property "value"` or
/// `metadata.value`), and an unknown customer is created under Customers, not by an API call.
fn in_csv_words(code: &str, message: &str) -> String {
    if code == "unknown_customer" {
        let id = message.split('"').nth(1).unwrap_or_default();
        return format!(
            "No customer has the id \"{id}\" (column payload_customer_id): create it in the portal under Customers → New customer, or correct the id, then upload the error file again"
        );
    }
    let mut out = String::with_capacity(message.len() + 16);
    let mut rest = message;
    loop {
        let property = rest.find("property \"");
        let metadata = rest.find("metadata.");
        match (property, metadata) {
            (Some(p), m) if m.is_none_or(|m| p < m) => {
                let after = &rest[p + "property \"".len()..];
                let Some(end) = after.find('"') else {
                    out.push_str(rest);
                    break;
                };
                out.push_str(&rest[..p]);
                out.push_str("column payload_");
                out.push_str(&after[..end]);
                rest = &after[end + 1..];
            }
            (_, Some(m)) => {
                // `metadata.<key>: …` — the key runs to the colon that follows it.
                let after = &rest[m + "metadata.".len()..];
                let end = after.find(": ").unwrap_or(after.len());
                out.push_str(&rest[..m]);
                out.push_str("column payload_");
                out.push_str(&after[..end]);
                rest = &after[end..];
            }
            _ => {
                out.push_str(rest);
                break;
            }
        }
    }
    out
}

/// Counts a chunk's rejected rows by reason, keeps the first few for the answer, and stores
/// them all (the cells move into the JSON stored; nothing else is kept).
fn store_rejects(
    conn: &mut Conn,
    run: &Run<'_>,
    tally: &mut Tally,
    kept: Vec<(u64, Vec<String>)>,
    verdicts: Vec<Verdict>,
) -> Result<(), AppError> {
    let mut rows: Vec<(i32, Value, String, String)> = Vec::new();
    for ((line, cells), verdict) in kept.into_iter().zip(verdicts) {
        let Verdict::Rejected { code, message } = verdict else {
            continue;
        };
        let message = in_csv_words(code, &message);
        *tally.reasons.entry(code).or_default() += 1;
        if tally.rejects.len() < INLINE_REJECTS {
            tally.rejects.push((line, code.to_string(), message.clone()));
        }
        let cells = Value::Array(cells.into_iter().map(Value::String).collect());
        rows.push((line as i32, cells, code.to_string(), message));
    }
    if rows.is_empty() {
        return Ok(());
    }
    let id = match (&run.store, tally.stored_as) {
        (_, Some(id)) => id,
        (RejectStore::WhenAny(new), None) => {
            let id = repo::insert(conn, new)?.id;
            tally.stored_as = Some(id);
            id
        }
        (RejectStore::Upload(id), None) => *id,
    };
    repo::insert_rejects(conn, id, &rows)?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::in_csv_words;

    #[test]
    fn row_messages_name_the_csv_column_and_the_portal() {
        assert_eq!(
            in_csv_words(
                "non_numeric_property",
                r#"meter "Tokens" (mtr_1) takes the sum of metadata.value: property "value" is "abc", not a number"#
            ),
            r#"meter "Tokens" (mtr_1) takes the sum of column payload_value: column payload_value is "abc", not a number"#
        );
        assert_eq!(
            in_csv_words(
                "missing_property",
                r#"meter "M" (m) takes the max of metadata.gb: property "gb" is missing"#
            ),
            r#"meter "M" (m) takes the max of column payload_gb: column payload_gb is missing"#
        );
        let m = in_csv_words(
            "unknown_customer",
            r#"customer_id "cus_9" is not a known customer: create the customer first (POST /api/v1/customers or Customers in the portal), or check the id"#,
        );
        assert!(
            m.starts_with(r#"No customer has the id "cus_9" (column payload_customer_id)"#),
            "{m}"
        );
        assert!(!m.contains("POST"), "{m}");
        assert_eq!(
            in_csv_words("no_meter", "no active meter listens"),
            "no active meter listens"
        );
    }
}
