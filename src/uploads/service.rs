//! Uploading a CSV file for a meter: check it, run its rows through the ingest pipeline, and
//! record the outcome — all rows of a file in one transaction, so a failure part-way leaves
//! nothing behind and the upload says "failed". Also dry runs, committing a dry run, the
//! same-file guard, rollback and the error file.

use std::collections::BTreeMap;

use chrono::Utc;
use diesel::Connection;
use serde_json::json;

use super::csv_file::{self, ParsedRow, RowStream, UploadSpec};
use super::model::{Gain, Upload, UploadStatus};
use super::process::{self, CHUNK_ROWS, InlineReject, RejectStore, Run, file_error, gains};
use super::repo::{self, Finish, NewUpload};
use crate::audit;
use crate::audit::Actor;
use crate::crypto::sha256_hex;
use crate::db::Conn;
use crate::error::AppError;
use crate::ingest::model::{Rules, Source};
use crate::ingest::pipeline::Mode;
use crate::meters;
use crate::meters::model::Meter;
use crate::meters::rollups;

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

/// A dry run over the API: what the file would do.
#[derive(Debug, Clone)]
pub struct DryRunReport {
    pub rows_total: usize,
    pub rows_accepted: usize,
    pub rows_duplicate: usize,
    pub rows_rejected: usize,
    /// The first [`process::INLINE_REJECTS`] rejected rows.
    pub rejects: Vec<InlineReject>,
    /// Every rejected row counted by reason: `[{"code", "rows"}]`, most frequent first.
    pub reasons: serde_json::Value,
    /// When rows were rejected: the dry-run record that keeps them (its error file has every
    /// rejected row; the file itself is not kept).
    pub upload_id: Option<i64>,
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
        let report = check_only(conn, &input, &meter, &sha, first, &mut stream, rules)?;
        return Ok(UploadOutcome::Checked(report));
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
            status: if dry_run {
                UploadStatus::DryRun
            } else {
                UploadStatus::Processing
            },
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
        store: RejectStore::Upload(id),
    };
    let result = conn.transaction(|c| {
        let tally = process::process(c, &run, first, &mut stream)?;
        let status = match (dry_run, tally.rejected, tally.accepted + tally.duplicate) {
            (true, _, _) => UploadStatus::DryRun,
            (false, 0, _) => UploadStatus::Succeeded,
            (false, _, 0) => UploadStatus::Failed,
            _ => UploadStatus::PartiallyFailed,
        };
        let summary =
            json!({ "header": header, "gains": gains(c, &tally)?, "in_file": tally.in_file_json() });
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
        let action = if dry_run {
            "upload.dry_run"
        } else {
            "upload.create"
        };
        audit::record(c, &actor, action, "upload", &id.to_string(), audit_details(&done))?;
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
                    status: UploadStatus::Failed,
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

fn audit_details(done: &Upload) -> serde_json::Value {
    json!({ "file_name": done.file_name, "meter_id": done.meter_id, "sha256": done.sha256, "rows": done.rows_total,
            "accepted": done.rows_accepted, "duplicates": done.rows_duplicate, "rejected": done.rows_rejected,
            "fixes": done.fixes_upload_id })
}

/// A dry run over the API. Nothing is stored, except — when rows are rejected — a dry-run
/// record that holds them (not the file), so that its error file has every rejected row while
/// the answer lists only the first ones.
fn check_only(
    conn: &mut Conn,
    input: &UploadInput,
    meter: &Meter,
    sha: &str,
    first: Vec<ParsedRow>,
    stream: &mut RowStream<'_>,
    rules: Rules,
) -> Result<DryRunReport, AppError> {
    let (operator_id, api_key_id) = input.uploader.ids();
    let run = Run {
        meter,
        upload_id: 0,
        source: Source::Upload {
            upload_id: 0,
            operator_id,
            api_key_id,
        },
        rules,
        mode: Mode::DryRun,
        store: RejectStore::WhenAny(NewUpload {
            meter_id: &meter.row.id,
            file_name: &input.file_name,
            content: &[],
            size_bytes: input.bytes.len(),
            sha256: sha,
            operator_id,
            api_key_id,
            status: UploadStatus::DryRun,
            fixes_upload_id: input.fixes,
        }),
    };
    let header = stream.header.clone();
    conn.transaction(|c| {
        let tally = process::process(c, &run, first, stream)?;
        let gains = gains(c, &tally)?;
        if let Some(id) = tally.stored_as {
            let summary = json!({ "header": header, "gains": gains, "in_file": tally.in_file_json(), "file_kept": false });
            let done = repo::finish(
                c,
                id,
                &Finish {
                    status: UploadStatus::DryRun,
                    rows_total: tally.rows as i32,
                    rows_accepted: tally.accepted as i32,
                    rows_duplicate: tally.duplicate as i32,
                    rows_rejected: tally.rejected as i32,
                    failure: None,
                    summary,
                },
            )?;
            let actor = input.uploader.actor();
            audit::record(c, &actor, "upload.dry_run", "upload", &id.to_string(), audit_details(&done))?;
        }
        Ok(DryRunReport {
            rows_total: tally.rows,
            rows_accepted: tally.accepted,
            rows_duplicate: tally.duplicate,
            rows_rejected: tally.rejected,
            reasons: tally.reasons_json(),
            upload_id: tally.stored_as,
            rejects: tally.rejects,
            gains,
        })
    })
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
    if !dr.file_kept() {
        return Err(AppError::Conflict(format!(
            "Dry run #{dry_run_id} was made over the API and did not keep its file: upload the file again to store it."
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
        // No roll while the events leave: each is either counted already (its cells are
        // recounted below) or still queued (then the roller will never see it).
        rollups::roller::lock(conn)?;
        let cells = repo::void_events(conn, id)?;
        let mut by_name: BTreeMap<String, Vec<(String, chrono::DateTime<Utc>)>> = BTreeMap::new();
        let mut voided = 0;
        let mut counted: Vec<(String, chrono::DateTime<Utc>, i64)> = Vec::new();
        for c in cells {
            voided += c.events;
            if c.queued {
                continue;
            }
            counted.push((c.customer_id.clone(), c.hour, c.events));
            by_name
                .entry(c.event_name)
                .or_default()
                .push((c.customer_id, c.hour));
        }
        rollups::remove_activity(conn, &counted)?;
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
        .filter(|f| f.status != UploadStatus::RolledBack.as_str())
        .map(|f| i64::from(f.rows_accepted))
        .sum();
    Ok((accepted.min(i64::from(upload.rows_rejected)), fixes))
}
