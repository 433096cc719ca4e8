//! `/api/v1/uploads`: the same upload rules as the portal.

use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;
use serde_json::json;

use crate::auth::model::ApiClient;
use crate::db;
use crate::error::{ApiResult, AppError};
use crate::state::AppState;
use crate::uploads::model::{Upload, UploadStatus};
use crate::uploads::service::{self, DryRunReport, UploadInput, UploadOutcome, Uploader};
use crate::web::download::csv_download;
use crate::web::extract::Query;
use crate::web::multipart;

#[derive(Deserialize)]
pub struct UploadQuery {
    dry_run: Option<bool>,
    confirm_duplicate: Option<bool>,
    meter_id: Option<String>,
}

fn upload_json(u: &Upload) -> serde_json::Value {
    json!({
        "id": u.id,
        "meter_id": u.meter_id,
        "file_name": u.file_name,
        "status": u.status,
        "rows": { "total": u.rows_total, "accepted": u.rows_accepted, "duplicates": u.rows_duplicate, "rejected": u.rows_rejected },
        "failure": u.failure,
        "errors_url": format!("/api/v1/uploads/{}/errors.csv", u.id),
    })
}

/// A dry run's answer: the counts, the first rejected rows (at most
/// [`INLINE_REJECTS`](crate::uploads::process::INLINE_REJECTS)), every rejected row counted by reason,
/// and where the error file with all of them is.
fn dry_run_json(r: &DryRunReport) -> serde_json::Value {
    let errors_url = r.upload_id.map(|id| format!("/api/v1/uploads/{id}/errors.csv"));
    let note = match &errors_url {
        Some(url) if r.rejects.len() < r.rows_rejected => format!(
            "The first {} of the {} rejected rows are listed; the error file ({url}) has every one.",
            r.rejects.len(),
            r.rows_rejected
        ),
        Some(url) => format!("Every rejected row is listed; the error file ({url}) has them as uploaded."),
        None => "No row was rejected.".to_string(),
    };
    json!({
        "id": r.upload_id,
        "status": UploadStatus::DryRun.as_str(),
        "rows": { "total": r.rows_total, "accepted": r.rows_accepted, "duplicates": r.rows_duplicate, "rejected": r.rows_rejected },
        "rejected": r.rejects.iter().map(|(row, code, message)| json!({"row": row, "code": code, "message": message})).collect::<Vec<_>>(),
        "rejected_by_reason": r.reasons,
        "errors_url": errors_url,
        "note": note,
        "gains": r.gains,
    })
}

/// `POST /api/v1/uploads?dry_run=&confirm_duplicate=&meter_id=` with the file in the
/// multipart field `file` (meter_id may also be a form field).
pub async fn create(
    state: web::Data<AppState>,
    client: ApiClient,
    q: Query<UploadQuery>,
    req: HttpRequest,
    payload: web::Payload,
) -> ApiResult<HttpResponse> {
    let form = multipart::read(&req, payload).await?;
    let meter_id = q
        .meter_id
        .clone()
        .or_else(|| form.text("meter_id").map(str::to_string))
        .unwrap_or_default();
    if meter_id.is_empty() {
        return Err(AppError::validation(
            "meter_id",
            "Say which meter the file is for: meter_id in the query or the form.",
        )
        .into());
    }
    let fixes = form.text("fixes").and_then(|f| f.parse().ok());
    let Some((file_name, bytes)) = form.file else {
        return Err(AppError::validation("file", "Send the CSV in the multipart field \"file\".").into());
    };
    let dry_run = q.dry_run.unwrap_or(false);
    let input = UploadInput {
        meter_id,
        file_name,
        bytes,
        uploader: Uploader::ApiKey {
            id: client.key_id,
            name: client.name.clone(),
        },
        dry_run,
        keep_dry_run: false,
        confirm_duplicate: q.confirm_duplicate.unwrap_or(false),
        same_file_as_dry_run: false,
        fixes,
    };
    match db::run(&state.pool, move |c| service::upload(c, input)).await? {
        UploadOutcome::Stored(u) | UploadOutcome::SameFileKept(u) => Ok(HttpResponse::Created().json(upload_json(&u))),
        UploadOutcome::Checked(r) => Ok(HttpResponse::Ok().json(dry_run_json(&r))),
        // 409 with the earlier upload's id, so a client can link to it or confirm.
        UploadOutcome::SameFile { earlier } => Ok(HttpResponse::Conflict().insert_header(crate::error::no_retry()).json(json!({ "error": {
            "code": "duplicate_file",
            "message": format!(
                "This file was uploaded before as upload #{}; send confirm_duplicate=true to upload it again.",
                earlier.id
            ),
            "earlier_upload_id": earlier.id,
        }}))),
    }
}

pub async fn get(
    state: web::Data<AppState>,
    _client: ApiClient,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let u = db::run(&state.pool, move |c| service::get(c, id)).await?;
    Ok(HttpResponse::Ok().json(upload_json(&u)))
}

pub async fn errors_csv(
    state: web::Data<AppState>,
    _client: ApiClient,
    id: web::Path<i64>,
) -> ApiResult<HttpResponse> {
    let id = id.into_inner();
    let (name, bytes) = db::run(&state.pool, move |c| service::error_file(c, id)).await?;
    Ok(csv_download(&name, bytes))
}
