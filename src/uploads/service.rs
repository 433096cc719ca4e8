//! Uploading a CSV file for a meter: check it, run its rows through the ingest pipeline, and
//! record the outcome — all rows of a file in one transaction, so a failure part-way leaves
//! nothing behind and the upload says "failed". Also dry runs, committing a dry run, the
//! same-file guard, rollback and the error file.

use std::collections::{BTreeMap, HashSet};

use chrono::Utc;
use diesel::Connection;
use serde_json::json;

use rust_decimal::Decimal;

use super::csv_file::{self, ParsedRow, RowStream, UploadSpec};
use super::model::{Gain, Upload};
use super::repo::{self, Finish, NewUpload};
use crate::audit;
use crate::auth::crypto::sha256_hex;
use crate::auth::model::Actor;
use crate::db::Conn;
use crate::error::AppError;
use crate::ingest::model::{Incoming, Outcome, RawEvent, Rules, Source, Verdict};
use crate::ingest::pipeline::{self, Mode};
use crate::metering::money::quantity_text;
use crate::metering::{AggregationKind, rfc3339};
use crate::meters::model::Meter;
use crate::rollups::DayTotals;
use crate::{meters, rollups};

/// Largest file accepted (bytes).
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;

/// Who uploads: an operator in the portal, or an API key.
#[derive(Debug, Clone)]
pub enum Uploader {
    Operator { id: i64, email: String },
    ApiKey { id: i64, name: String },
}

impl Uploader {
    fn actor(&self) -> Actor {
        match self {
            Uploader::Operator { id, email } => Actor::Operator {
                id: *id,
                email: email.clone(),
            },
            Uploader::ApiKey { id, name } => Actor::ApiKey {
                id: *id,
                name: name.clone(),
            },
        }
    }
    fn ids(&self) -> (Option<i64>, Option<i64>) {
        match self {
            Uploader::Operator { id, .. } => (Some(*id), None),
            Uploader::ApiKey { id, .. } => (None, Some(*id)),
        }
    }
}

pub struct UploadInput {
    pub meter_id: String,
    pub file_name: String,
    pub bytes: Vec<u8>,
    pub uploader: Uploader,
    pub dry_run: bool,
    /// Keep a dry run (content and verdicts) so it can be committed with one click.
    pub keep_dry_run: bool,
    pub confirm_duplicate: bool,
    /// When the same file was uploaded before (and no confirmation is given): keep it as a dry
    /// run to review (the portal) instead of answering SameFile (the API).
    pub same_file_as_dry_run: bool,
    /// The upload whose error file this corrects.
    pub fixes: Option<i64>,
}

/// A dry run that was not kept: what the file would do.
#[derive(Debug, Clone)]
pub struct DryRunReport {
    pub rows_total: usize,
    pub rows_accepted: usize,
    pub rows_duplicate: usize,
    pub rows_rejected: usize,
    pub rejects: Vec<(u64, String, String)>,
    pub gains: Vec<Gain>,
}

#[derive(Debug)]
pub enum UploadOutcome {
    /// Stored: a finished upload (succeeded, partially failed, failed) or a kept dry run.
    Stored(Upload),
    /// A dry run that stores nothing.
    Checked(DryRunReport),
    /// This file was uploaded before; it takes an explicit confirmation.
    SameFile { earlier: Upload },
    /// This file was uploaded before: kept as a dry run to review and confirm.
    SameFileKept(Upload),
}

fn active_meter(conn: &mut Conn, meter_id: &str) -> Result<Meter, AppError> {
    let meter = meters::service::get(conn, meter_id)
        .map_err(|_| AppError::validation("meter_id", format!("No meter with the id {meter_id}.")))?;
    if !meter.is_active() {
        return Err(AppError::validation(
            "meter_id",
            format!(
                "Meter {} is archived and takes no new events; unarchive it first.",
                meter.row.name
            ),
        ));
    }
    Ok(meter)
}

/// Rows read, checked and stored per step: an upload's memory stays bounded by this, not by
/// the file's size.
const CHUNK_ROWS: usize = 5000;

fn file_error(e: csv_file::FileError) -> AppError {
    AppError::validation("file", e.to_string())
}

/// The pipeline's input for a chunk of rows: ids from the `identifier` column or derived from
/// the upload and the row. In a dry run, an identifier met in an earlier chunk is a duplicate
/// (a real upload learns that from the database).
fn items(rows: &[ParsedRow], upload_id: i64, seen: &mut Option<HashSet<String>>) -> Vec<Incoming> {
    rows.iter()
        .map(|row| match &row.result {
            Ok(ev) => {
                let event_id = ev
                    .identifier
                    .clone()
                    .unwrap_or_else(|| format!("upl{upload_id}-r{}", row.line));
                if let (Some(seen), Some(id)) = (seen.as_mut(), ev.identifier.as_ref()) {
                    if !seen.insert(id.clone()) {
                        return Incoming::Duplicate { event_id };
                    }
                }
                Incoming::Event(RawEvent {
                    event_id,
                    customer_id: ev.customer_id.clone(),
                    event_name: ev.event_name.clone(),
                    timestamp: Some(rfc3339(ev.timestamp)),
                    metadata: ev.metadata.clone(),
                    upload_row: Some(row.line as i32),
                })
            }
            Err(e) => Incoming::Refused {
                event_id: None,
                code: e.code,
                message: e.message.clone(),
            },
        })
        .collect()
}

/// What a whole file came to, summed over its chunks.
#[derive(Default)]
struct Tally {
    rows: usize,
    accepted: usize,
    duplicate: usize,
    rejected: usize,
    /// Per meter and customer, what the new events add.
    gains: BTreeMap<(String, String), crate::metering::Cell>,
    /// The value the file holds for its meter, whatever became of the rows.
    in_file: Decimal,
    numeric_rows: usize,
    /// Rejected rows (line, code, message), kept only when they are not stored.
    rejects: Vec<(u64, String, String)>,
}

impl Tally {
    fn add(
        &mut self,
        rows: &[ParsedRow],
        outcome: &Outcome,
        value_column: Option<usize>,
        key: Option<&str>,
    ) -> Result<(), AppError> {
        self.rows += rows.len();
        self.accepted += outcome.ingested();
        self.duplicate += outcome.duplicates();
        self.rejected += outcome.rejected();
        for (k, cell) in &outcome.gains {
            let g = self.gains.entry(k.clone()).or_default();
            *g = g
                .merge(cell)
                .map_err(|_| AppError::internal("upload total overflows a decimal"))?;
        }
        let Some(key) = key else {
            self.in_file += Decimal::from(rows.len());
            return Ok(());
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
        Ok(())
    }

    fn in_file_json(&self) -> serde_json::Value {
        json!({ "rows": self.rows, "numeric_rows": self.numeric_rows, "value": quantity_text(self.in_file) })
    }
}

fn gains(conn: &mut Conn, tally: &Tally) -> Result<Vec<Gain>, AppError> {
    let mut meters_seen: BTreeMap<String, Meter> = BTreeMap::new();
    let mut out = Vec::new();
    for ((meter_id, customer_id), cell) in &tally.gains {
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

/// Rejected rows of a chunk: (line, cells, code, message).
fn rejects(rows: &[ParsedRow], outcome: &Outcome) -> Vec<(i32, serde_json::Value, String, String)> {
    rows.iter()
        .zip(&outcome.verdicts)
        .filter_map(|(row, v)| match v {
            Verdict::Rejected { code, message } => Some((
                row.line as i32,
                json!(row.cells),
                code.to_string(),
                message.clone(),
            )),
            _ => None,
        })
        .collect()
}

/// How the rows of one file go through the pipeline.
struct Run<'a> {
    meter: &'a Meter,
    upload_id: i64,
    source: Source,
    rules: Rules,
    mode: Mode,
    /// Store rejected rows with the upload (else they are returned in the tally).
    store_rejects: bool,
}

/// Runs every row through the pipeline, a chunk at a time, on the caller's transaction.
fn process(
    conn: &mut Conn,
    run: &Run<'_>,
    first: Vec<ParsedRow>,
    stream: &mut RowStream<'_>,
) -> Result<Tally, AppError> {
    let key = run
        .meter
        .aggregation
        .key()
        .filter(|_| run.meter.aggregation.kind() != AggregationKind::Count);
    let value_column = stream.columns.value;
    let mut seen = (run.mode == Mode::DryRun && stream.columns.identifier.is_some()).then(HashSet::new);
    let mut tally = Tally::default();
    let mut totals = DayTotals::default();
    let mut chunk = first;
    while !chunk.is_empty() {
        let outcome = pipeline::run_batch(
            conn,
            items(&chunk, run.upload_id, &mut seen),
            run.source,
            &run.rules,
            run.mode,
            &mut totals,
        )?;
        let rejected = rejects(&chunk, &outcome);
        if run.store_rejects {
            repo::insert_rejects(conn, run.upload_id, &rejected)?;
        } else {
            tally
                .rejects
                .extend(rejected.into_iter().map(|(l, _, code, m)| (l as u64, code, m)));
        }
        tally.add(&chunk, &outcome, value_column, key)?;
        chunk = stream.next_chunk(CHUNK_ROWS).map_err(file_error)?;
    }
    if run.mode == Mode::Commit {
        totals.write(conn, rollups::pick_stripe())?;
    }
    Ok(tally)
}

pub fn upload(conn: &mut Conn, input: UploadInput) -> Result<UploadOutcome, AppError> {
    let meter = active_meter(conn, &input.meter_id)?;
    if input.bytes.len() > MAX_FILE_BYTES {
        return Err(AppError::PayloadTooLarge(too_large()));
    }
    if let Some(original) = input.fixes {
        let o = repo::find(conn, original)?
            .ok_or_else(|| AppError::not_found(format!("No upload #{original}.")))?;
        if o.meter_id != meter.row.id {
            return Err(AppError::validation(
                "fixes",
                "A corrected file goes to the same meter as the upload it fixes.",
            ));
        }
    }
    let mut stream = csv_file::open(
        &input.bytes,
        &UploadSpec {
            aggregation: &meter.aggregation,
        },
    )
    .map_err(file_error)?;
    let first = stream.next_chunk(CHUNK_ROWS).map_err(file_error)?;
    if first.is_empty() {
        return Err(file_error(csv_file::FileError::Empty));
    }
    let sha = sha256_hex(&input.bytes);
    let (operator_id, api_key_id) = input.uploader.ids();
    let rules = Rules::backfill(Utc::now());

    if input.dry_run && !input.keep_dry_run {
        let run = Run {
            meter: &meter,
            upload_id: 0,
            source: Source::Upload {
                upload_id: 0,
                operator_id,
                api_key_id,
            },
            rules,
            mode: Mode::DryRun,
            store_rejects: false,
        };
        let tally = conn.transaction(|c| process(c, &run, first, &mut stream))?;
        return Ok(UploadOutcome::Checked(DryRunReport {
            rows_total: tally.rows,
            rows_accepted: tally.accepted,
            rows_duplicate: tally.duplicate,
            rows_rejected: tally.rejected,
            gains: gains(conn, &tally)?,
            rejects: tally.rejects,
        }));
    }
    let mut dry_run = input.dry_run;
    let mut same_file = false;
    if !dry_run && !input.confirm_duplicate {
        if let Some(earlier) = repo::earlier_with_sha(conn, &sha)? {
            if !input.same_file_as_dry_run {
                return Ok(UploadOutcome::SameFile { earlier });
            }
            // Keep it as a dry run to review; it is committed only with a confirmation.
            dry_run = true;
            same_file = true;
        }
    }

    // Recorded first, in its own transaction, so the upload list shows it while it runs. Only
    // a dry run keeps the file (to commit it later); a real upload keeps what it needs — its
    // rejected rows and header — and not the bytes.
    let row = repo::insert(
        conn,
        &NewUpload {
            meter_id: &meter.row.id,
            file_name: &input.file_name,
            content: if dry_run { &input.bytes } else { &[] },
            size_bytes: input.bytes.len(),
            sha256: &sha,
            operator_id,
            api_key_id,
            status: if dry_run { "dry_run" } else { "processing" },
            fixes_upload_id: input.fixes,
        },
    )?;
    let id = row.id;
    let actor = input.uploader.actor();
    let header = stream.header.clone();
    let run = Run {
        meter: &meter,
        upload_id: id,
        source: Source::Upload {
            upload_id: id,
            operator_id,
            api_key_id,
        },
        rules,
        mode: if dry_run { Mode::DryRun } else { Mode::Commit },
        store_rejects: true,
    };
    let result = conn.transaction(|c| {
        let tally = process(c, &run, first, &mut stream)?;
        let status = match (dry_run, tally.rejected, tally.accepted + tally.duplicate) {
            (true, _, _) => "dry_run",
            (false, 0, _) => "succeeded",
            (false, _, 0) => "failed",
            _ => "partially_failed",
        };
        let summary = json!({ "header": header, "gains": gains(c, &tally)?, "in_file": tally.in_file_json() });
        let done = repo::finish(
            c,
            id,
            &Finish {
                status,
                rows_total: tally.rows as i32,
                rows_accepted: tally.accepted as i32,
                rows_duplicate: tally.duplicate as i32,
                rows_rejected: tally.rejected as i32,
                failure: None,
                summary,
            },
        )?;
        let action = if dry_run { "upload.dry_run" } else { "upload.create" };
        audit::record(
            c,
            &actor,
            action,
            "upload",
            &id.to_string(),
            json!({ "file_name": done.file_name, "meter_id": done.meter_id, "sha256": done.sha256, "rows": done.rows_total,
                    "accepted": done.rows_accepted, "duplicates": done.rows_duplicate, "rejected": done.rows_rejected,
                    "fixes": done.fixes_upload_id }),
        )?;
        Ok::<_, AppError>(done)
    });
    match result {
        Ok(done) if same_file => Ok(UploadOutcome::SameFileKept(done)),
        Ok(done) => Ok(UploadOutcome::Stored(done)),
        Err(e) => {
            tracing::error!(upload = id, error = ?e, "upload failed; its transaction was rolled back");
            let failure = match e {
                AppError::Validation { message, .. } => format!("{message} Nothing from this file was stored."),
                _ => "Processing stopped on a database error and nothing from this file was stored. Upload it again; if it fails again, the details are in the server log.".into(),
            };
            let failed = repo::finish(
                conn,
                id,
                &Finish {
                    status: "failed",
                    rows_total: 0,
                    rows_accepted: 0,
                    rows_duplicate: 0,
                    rows_rejected: 0,
                    failure: Some(&failure),
                    summary: json!({ "header": header, "gains": [] }),
                },
            )?;
            Ok(UploadOutcome::Stored(failed))
        }
    }
}

pub fn too_large() -> String {
    format!(
        "The file is larger than {} MB. Split it into smaller files and upload each.",
        MAX_FILE_BYTES / (1024 * 1024)
    )
}

pub fn get(conn: &mut Conn, id: i64) -> Result<Upload, AppError> {
    repo::find(conn, id)?.ok_or_else(|| AppError::not_found(format!("No upload #{id}.")))
}

/// Commits a kept dry run with the file it checked.
pub fn commit_dry_run(
    conn: &mut Conn,
    dry_run_id: i64,
    uploader: Uploader,
    confirm_duplicate: bool,
) -> Result<UploadOutcome, AppError> {
    let dr = get(conn, dry_run_id)?;
    if !dr.is_dry_run() {
        return Err(AppError::Conflict(format!(
            "Upload #{dry_run_id} is not a dry run."
        )));
    }
    if let Some(done) = dr.committed_upload_id {
        return Err(AppError::Conflict(format!(
            "This dry run was already committed as upload #{done}."
        )));
    }
    let bytes = repo::content(conn, dry_run_id)?;
    let outcome = upload(
        conn,
        UploadInput {
            meter_id: dr.meter_id.clone(),
            file_name: dr.file_name.clone(),
            bytes,
            uploader,
            dry_run: false,
            keep_dry_run: false,
            confirm_duplicate,
            same_file_as_dry_run: false,
            fixes: dr.fixes_upload_id,
        },
    )?;
    if let UploadOutcome::Stored(u) = &outcome {
        repo::set_committed(conn, dry_run_id, u.id)?;
    }
    Ok(outcome)
}

/// Voids every event of an upload, recomputes the rollup cells they were in, and records it.
pub fn rollback(conn: &mut Conn, actor: &Actor, id: i64) -> Result<Upload, AppError> {
    conn.transaction(|conn| {
        let u = repo::find_for_update(conn, id)?
            .ok_or_else(|| AppError::not_found(format!("No upload #{id}.")))?;
        if !u.can_roll_back() {
            return Err(AppError::Conflict(format!(
                "Only an upload that stored events can be rolled back; this one is {}.",
                u.status_words()
            )));
        }
        let cells = repo::void_events(conn, id)?;
        let mut by_name: BTreeMap<String, Vec<(String, chrono::DateTime<Utc>)>> = BTreeMap::new();
        let mut voided = 0;
        for c in cells {
            voided += c.events;
            by_name
                .entry(c.event_name)
                .or_default()
                .push((c.customer_id, c.hour));
        }
        for (name, pairs) in &by_name {
            for row in meters::repo::all_for_event(conn, name)? {
                let meter = Meter::from_row(row).map_err(AppError::internal)?;
                rollups::repo::recompute(conn, &meter, pairs)?;
            }
        }
        let done = repo::mark_rolled_back(conn, id)?;
        audit::record(
            conn,
            actor,
            "upload.rollback",
            "upload",
            &id.to_string(),
            json!({ "file_name": done.file_name, "events_voided": voided }),
        )?;
        Ok(done)
    })
}

/// The error file: the rejected rows as uploaded, plus an `error` column.
pub fn error_file(conn: &mut Conn, id: i64) -> Result<(String, Vec<u8>), AppError> {
    let u = get(conn, id)?;
    let rows = repo::rejects(conn, id, None)?;
    let rejects: Vec<(u64, Vec<String>, String)> = rows
        .iter()
        .map(|r| (r.row_number as u64, r.cells(), r.error.clone()))
        .collect();
    let stem = u.file_name.trim_end_matches(".csv").trim_end_matches(".CSV");
    Ok((
        format!("{stem}-errors.csv"),
        csv_file::error_file(&u.header(), &rejects),
    ))
}

/// How many of an upload's rejected rows later corrected files brought in.
pub fn fixed_count(conn: &mut Conn, upload: &Upload) -> Result<(i64, Vec<Upload>), AppError> {
    let fixes = repo::fixes_of(conn, upload.id)?;
    let accepted: i64 = fixes
        .iter()
        .filter(|f| f.status != "rolled_back")
        .map(|f| i64::from(f.rows_accepted))
        .sum();
    Ok((accepted.min(i64::from(upload.rows_rejected)), fixes))
}
