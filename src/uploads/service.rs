//! Uploading a CSV file for a meter: check it, run its rows through the ingest pipeline, and
//! record the outcome — all rows of a file in one transaction, so a failure part-way leaves
//! nothing behind and the upload says "failed". Also dry runs, committing a dry run, the
//! same-file guard, rollback and the error file.

use std::collections::BTreeMap;

use chrono::Utc;
use diesel::Connection;
use serde_json::json;

use super::csv_file::{self, ParsedFile, UploadSpec};
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
use crate::metering::rfc3339;
use crate::meters::model::Meter;
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

/// What the file holds for its meter, before any check: every row for a count meter, the sum
/// of the property's numeric cells otherwise (for reconciliation against what was aggregated).
fn value_in_file(meter: &Meter, parsed: &ParsedFile) -> serde_json::Value {
    let key = meter
        .aggregation
        .key()
        .filter(|_| meter.aggregation.kind() != crate::metering::AggregationKind::Count);
    let Some(key) = key else {
        return json!({ "rows": parsed.rows.len(), "value": parsed.rows.len().to_string() });
    };
    let mut sum = rust_decimal::Decimal::ZERO;
    let mut numeric_rows = 0usize;
    for row in &parsed.rows {
        let cell = match &row.result {
            Ok(ev) => ev.metadata.get(key).and_then(|v| v.as_str()).map(str::to_string),
            Err(_) => parsed.columns.value.and_then(|i| row.cells.get(i)).cloned(),
        };
        if let Some(n) = cell.as_deref().and_then(|c| crate::metering::numeral(c.trim())) {
            sum = sum.checked_add(n).unwrap_or(sum);
            numeric_rows += 1;
        }
    }
    json!({ "rows": parsed.rows.len(), "numeric_rows": numeric_rows, "value": quantity_text(sum) })
}

fn parse(meter: &Meter, bytes: &[u8]) -> Result<ParsedFile, AppError> {
    csv_file::parse(
        bytes,
        &UploadSpec {
            aggregation: &meter.aggregation,
        },
    )
    .map_err(|e| AppError::validation("file", e.to_string()))
}

/// The pipeline's input: one item per row, with ids from the `identifier` column or derived
/// from the upload and the row.
fn items(parsed: &ParsedFile, upload_id: i64) -> Vec<Incoming> {
    parsed
        .rows
        .iter()
        .map(|row| match &row.result {
            Ok(ev) => Incoming::Event(RawEvent {
                event_id: ev
                    .identifier
                    .clone()
                    .unwrap_or_else(|| format!("upl{upload_id}-r{}", row.line)),
                customer_id: ev.customer_id.clone(),
                event_name: ev.event_name.clone(),
                timestamp: Some(rfc3339(ev.timestamp)),
                metadata: ev.metadata.clone(),
                upload_row: Some(row.line as i32),
            }),
            Err(e) => Incoming::Refused {
                event_id: None,
                code: e.code,
                message: e.message.clone(),
            },
        })
        .collect()
}

fn gains(conn: &mut Conn, outcome: &Outcome) -> Result<Vec<Gain>, AppError> {
    let mut meters_seen: BTreeMap<String, Meter> = BTreeMap::new();
    let mut out = Vec::new();
    for ((meter_id, customer_id), cell) in &outcome.gains {
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

struct Counts {
    accepted: usize,
    duplicate: usize,
    rejected: usize,
}

fn counts(outcome: &Outcome) -> Counts {
    Counts {
        accepted: outcome.ingested(),
        duplicate: outcome.duplicates(),
        rejected: outcome.rejected(),
    }
}

/// Rejected rows: (line, cells, code, message).
fn rejects(parsed: &ParsedFile, outcome: &Outcome) -> Vec<(i32, serde_json::Value, String, String)> {
    parsed
        .rows
        .iter()
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
    let parsed = parse(&meter, &input.bytes)?;
    let sha = sha256_hex(&input.bytes);
    let rules = Rules::backfill(Utc::now());
    let (operator_id, api_key_id) = input.uploader.ids();

    if input.dry_run && !input.keep_dry_run {
        let source = Source::Upload {
            upload_id: 0,
            operator_id,
            api_key_id,
        };
        let outcome = pipeline::run(conn, items(&parsed, 0), source, &rules, Mode::DryRun)?;
        let c = counts(&outcome);
        return Ok(UploadOutcome::Checked(DryRunReport {
            rows_total: parsed.rows.len(),
            rows_accepted: c.accepted,
            rows_duplicate: c.duplicate,
            rows_rejected: c.rejected,
            rejects: rejects(&parsed, &outcome)
                .into_iter()
                .map(|(l, _, code, m)| (l as u64, code, m))
                .collect(),
            gains: gains(conn, &outcome)?,
        }));
    }
    if !input.dry_run && !input.confirm_duplicate {
        if let Some(earlier) = repo::earlier_with_sha(conn, &sha)? {
            return Ok(UploadOutcome::SameFile { earlier });
        }
    }

    // Recorded first, in its own transaction, so the upload list shows it while it runs.
    let status = if input.dry_run { "dry_run" } else { "processing" };
    let row = repo::insert(
        conn,
        &NewUpload {
            meter_id: &meter.row.id,
            file_name: &input.file_name,
            content: &input.bytes,
            sha256: &sha,
            operator_id,
            api_key_id,
            status,
            fixes_upload_id: input.fixes,
        },
    )?;
    let id = row.id;
    let mode = if input.dry_run { Mode::DryRun } else { Mode::Commit };
    let actor = input.uploader.actor();
    let header = parsed.header.clone();
    let result = conn.transaction(|c| {
        let source = Source::Upload { upload_id: id, operator_id, api_key_id };
        let outcome = pipeline::run(c, items(&parsed, id), source, &rules, mode)?;
        let rejected_rows = rejects(&parsed, &outcome);
        repo::insert_rejects(c, id, &rejected_rows)?;
        let n = counts(&outcome);
        let status = match (input.dry_run, n.rejected, n.accepted + n.duplicate) {
            (true, _, _) => "dry_run",
            (false, 0, _) => "succeeded",
            (false, _, 0) => "failed",
            _ => "partially_failed",
        };
        let summary = json!({ "header": header, "gains": gains(c, &outcome)?, "in_file": value_in_file(&meter, &parsed) });
        let done = repo::finish(
            c,
            id,
            &Finish {
                status,
                rows_total: parsed.rows.len() as i32,
                rows_accepted: n.accepted as i32,
                rows_duplicate: n.duplicate as i32,
                rows_rejected: n.rejected as i32,
                failure: None,
                summary,
            },
        )?;
        let action = if input.dry_run { "upload.dry_run" } else { "upload.create" };
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
        Ok(done) => Ok(UploadOutcome::Stored(done)),
        Err(e) => {
            tracing::error!(upload = id, error = ?e, "upload failed; its transaction was rolled back");
            let failed = repo::finish(
                conn,
                id,
                &Finish {
                    status: "failed",
                    rows_total: parsed.rows.len() as i32,
                    rows_accepted: 0,
                    rows_duplicate: 0,
                    rows_rejected: 0,
                    failure: Some(
                        "Processing stopped on a database error and nothing from this file was stored. Upload it again; if it fails again, the details are in the server log.",
                    ),
                    summary: json!({ "header": parsed.header, "gains": [] }),
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
