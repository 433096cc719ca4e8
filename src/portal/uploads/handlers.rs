//! Upload pages: Usage data (every upload), the upload form, an upload's page with its
//! rejected rows, error file, dry-run commit, rollback and fix-and-re-upload.

use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use serde::Deserialize;

use super::messages;
use super::pages::{ListPage, MeterChoice, NewPage, ShowPage};
use crate::db;
use crate::error::{AppError, AppResult};
use crate::meters::model::MeterStatus;
use crate::paging::{Cursor, PAGE_SIZE, Page};
use crate::state::AppState;
use crate::uploads::repo;
use crate::uploads::service::{self, UploadInput, UploadOutcome, Uploader};
use crate::web::chrome::{Editor, Flash, PageCtx, Viewer, redirect_with_flash, render};
use crate::web::download::csv_download;
use crate::web::extract::{Form, Query};
use crate::web::gate::CSRF_HEADER;
use crate::web::multipart;

/// Rejected rows shown on an upload's page (the error file has them all).
const REJECTS_SHOWN: i64 = 200;

fn meter_choices(conn: &mut db::Conn) -> Result<Vec<MeterChoice>, AppError> {
    Ok(
        crate::meters::repo::list(conn, Some(MeterStatus::Active), &crate::paging::Seek::Start, 500)?
            .into_iter()
            .map(|m| (m.id, m.name, m.event_name))
            .collect(),
    )
}

#[derive(Deserialize)]
pub struct ListQuery {
    after: Option<String>,
    /// `dry_runs` or `all`; uploads that store rows by default.
    show: Option<String>,
}

pub async fn list(state: web::Data<AppState>, ctx: Viewer, q: Query<ListQuery>) -> AppResult<ListPage> {
    let cursor = q.after.as_deref().and_then(Cursor::decode);
    let first_page = cursor.is_none();
    let (kind, key) = match q.show.as_deref() {
        Some("dry_runs") => (repo::Kind::DryRuns, "dry_runs"),
        Some("all") => (repo::Kind::All, "all"),
        _ => (repo::Kind::Real, "real"),
    };
    let (rows, meters) = db::run(&state.pool, move |c| {
        Ok::<_, AppError>((
            repo::list_of_kind(c, None, kind, cursor.as_ref(), PAGE_SIZE + 1)?,
            meter_choices(c)?,
        ))
    })
    .await?;
    let page = Page::from_rows(rows, PAGE_SIZE, |u| u.upload.cursor());
    Ok(ListPage {
        ctx: ctx.0,
        uploads: page.items,
        kind: key,
        meters,
        meter_id: String::new(),
        fixes: None,
        next: page.next,
        first_page,
    })
}

#[derive(Deserialize)]
pub struct NewQuery {
    meter_id: Option<String>,
    fixes: Option<i64>,
}

pub async fn new_form(state: web::Data<AppState>, ctx: Editor, q: Query<NewQuery>) -> AppResult<NewPage> {
    let mut ctx = ctx.0;
    // A refused file posted without the upload script lands here (Post/Redirect/Get).
    let error = ctx
        .flash
        .take_if(|f| f.code == REFUSED)
        .map(|f| messages::refusal(&ctx, &f.arg));
    let meters = db::run(&state.pool, meter_choices).await?;
    Ok(NewPage {
        ctx,
        meters,
        meter_id: q.meter_id.clone().unwrap_or_default(),
        fixes: q.fixes,
        error,
    })
}

/// The flash code that carries a refused file's message to the upload form.
const REFUSED: &str = "error_upload_refused";

/// The longest refusal carried in the flash cookie (a cookie holds about 4 KB).
const REFUSAL_MAX_BYTES: usize = 1500;

/// Answers a refused upload. A plain form post (no upload script) is redirected to the form
/// with the meter chosen, the refusal in the flash, so that the address bar shows
/// `/uploads/new?meter_id=…`, never `/uploads?csrf_token=…`; the upload script gets the form
/// and its error at once.
async fn form_error(
    state: &AppState,
    req: &HttpRequest,
    ctx: PageCtx,
    meter_id: String,
    fixes: Option<i64>,
    e: AppError,
) -> AppResult<HttpResponse> {
    let status = match &e {
        AppError::Validation { .. } => StatusCode::UNPROCESSABLE_ENTITY,
        AppError::PayloadTooLarge(_) => StatusCode::PAYLOAD_TOO_LARGE,
        AppError::InvalidText { .. } => StatusCode::BAD_REQUEST,
        AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
        AppError::NotFound(_) => StatusCode::NOT_FOUND,
        _ => return Err(e),
    };
    let message = match e {
        AppError::Validation { message, .. } => message,
        other => other.public_message(),
    };
    if req.headers().get(CSRF_HEADER).is_none() {
        let mut query = vec![("meter_id", meter_id)];
        query.extend(fixes.map(|f| ("fixes", f.to_string())));
        let query = serde_urlencoded::to_string(&query).unwrap_or_default();
        return Ok(redirect_with_flash(
            &format!("/uploads/new?{query}"),
            Flash::new(REFUSED, cut(&message, REFUSAL_MAX_BYTES)),
        ));
    }
    let error = Some(messages::refusal(&ctx, &message));
    let meters = db::run(&state.pool, meter_choices).await?;
    render(
        status,
        &NewPage {
            ctx,
            meters,
            meter_id,
            fixes,
            error,
        },
    )
}

/// `text`, cut on a character boundary to at most `max` bytes.
fn cut(text: &str, max: usize) -> &str {
    let mut end = text.len().min(max);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// What the upload script repeats in the query string, so that a refusal before the form is
/// read (a file too large) still keeps the chosen meter.
#[derive(Deserialize, Default)]
struct CreateQuery {
    meter_id: Option<String>,
    fixes: Option<i64>,
}

/// `POST /uploads` (multipart; the CSRF token travels in the query string, or in the
/// `X-CSRF-Token` header when the upload script sends the form).
pub async fn create(
    state: web::Data<AppState>,
    ctx: Editor,
    req: HttpRequest,
    payload: web::Payload,
) -> AppResult<HttpResponse> {
    let mut form = match multipart::read(&req, payload).await {
        Ok(f) => f,
        Err(e) => {
            let q: CreateQuery = serde_urlencoded::from_str(req.query_string()).unwrap_or_default();
            let meter_id = q.meter_id.unwrap_or_default();
            return form_error(&state, &req, ctx.0, meter_id, q.fixes, e).await;
        }
    };
    let meter_id = form.text("meter_id").unwrap_or("").to_string();
    let fixes = form.text("fixes").and_then(|f| f.parse().ok());
    let refuse = |m: &str| AppError::validation("file", m);
    let (file_name, bytes) = match form.file.take() {
        Some((_, b)) if b.is_empty() => {
            return form_error(&state, &req, ctx.0, meter_id, fixes, refuse("The file is empty.")).await;
        }
        Some(f) => f,
        None => {
            return form_error(
                &state,
                &req,
                ctx.0,
                meter_id,
                fixes,
                refuse("Choose a CSV file to upload."),
            )
            .await;
        }
    };
    let input = UploadInput {
        meter_id: meter_id.clone(),
        file_name,
        bytes,
        uploader: Uploader::Operator {
            id: ctx.op.id,
            email: ctx.op.email.clone(),
        },
        dry_run: form.flag("dry_run"),
        keep_dry_run: true,
        confirm_duplicate: form.flag("confirm_duplicate"),
        // The same file again: kept as a dry run to review, committed only when confirmed.
        same_file_as_dry_run: true,
        fixes,
    };
    match db::run(&state.pool, move |c| service::upload(c, input))
        .await
        .map_err(AppError::from)
    {
        Ok(UploadOutcome::Stored(u)) => {
            let code = if u.is_dry_run() {
                "upload_checked"
            } else {
                "upload_done"
            };
            Ok(redirect_with_flash(
                &format!("/uploads/{}", u.id),
                Flash::new(code, u.file_name),
            ))
        }
        Ok(UploadOutcome::SameFileKept(u)) => Ok(redirect_with_flash(
            &format!("/uploads/{}", u.id),
            Flash::new("warning_upload_same_file", u.file_name),
        )),
        Ok(UploadOutcome::SameFile { .. } | UploadOutcome::Checked(_)) => {
            Err(AppError::internal("portal uploads keep their dry runs"))
        }
        Err(e) => form_error(&state, &req, ctx.0, meter_id, fixes, e).await,
    }
}

pub async fn show(state: web::Data<AppState>, ctx: Viewer, id: web::Path<i64>) -> AppResult<ShowPage> {
    let id = id.into_inner();
    let loc = ctx.locale.clone();
    db::run(&state.pool, move |c| {
        let upload = service::get(c, id)?;
        let meter_name = crate::meters::service::get(c, &upload.meter_id)?.row.name;
        let mut rejects = repo::rejects(c, id, Some(REJECTS_SHOWN + 1))?;
        let more_rejects = rejects.len() as i64 > REJECTS_SHOWN;
        rejects.truncate(REJECTS_SHOWN as usize);
        let reasons = repo::reject_reasons(c, id)?;
        let (fixed, fixes) = service::fixed_count(c, &upload)?;
        let same_as = if upload.is_dry_run() {
            repo::earlier_with_sha(c, &upload.sha256)?.filter(|e| e.id != upload.id)
        } else {
            None
        };
        let timestamp_column = upload.header().iter().position(|h| h == "timestamp");
        Ok::<_, AppError>(ShowPage {
            ctx: ctx.0,
            timestamp_column,
            gains: upload.gains(),
            upload,
            meter_name,
            rejects,
            more_rejects,
            reasons,
            fixed,
            fixes,
            same_as,
        })
    })
    .await
    .map_err(|e| messages::localised(&loc, AppError::from(e)))
}

pub async fn errors_csv(
    state: web::Data<AppState>,
    ctx: Viewer,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let (name, bytes) = db::run(&state.pool, move |c| service::error_file(c, id))
        .await
        .map_err(|e| messages::localised(&ctx, AppError::from(e)))?;
    Ok(csv_download(&name, bytes))
}

#[derive(Deserialize)]
pub struct CommitForm {
    #[serde(default)]
    confirm_duplicate: Option<String>,
}

pub async fn commit(
    state: web::Data<AppState>,
    ctx: Editor,
    id: web::Path<i64>,
    form: Form<CommitForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let uploader = Uploader::Operator {
        id: ctx.op.id,
        email: ctx.op.email.clone(),
    };
    let confirm = form.confirm_duplicate.is_some();
    match db::run(&state.pool, move |c| {
        service::commit_dry_run(c, id, uploader, confirm)
    })
    .await
    .map_err(AppError::from)
    {
        Ok(UploadOutcome::Stored(u)) => Ok(redirect_with_flash(
            &format!("/uploads/{}", u.id),
            Flash::new("upload_done", u.file_name),
        )),
        Ok(UploadOutcome::SameFile { earlier }) => Ok(redirect_with_flash(
            &format!("/uploads/{id}"),
            Flash::new(
                "error_message",
                ctx.t1("uploads-error-same-file", "id", earlier.id.to_string()),
            ),
        )),
        Ok(UploadOutcome::Checked(_) | UploadOutcome::SameFileKept(_)) => {
            Err(AppError::internal("a commit is never a dry run"))
        }
        Err(AppError::Conflict(m)) => Ok(redirect_with_flash(
            &format!("/uploads/{id}"),
            Flash::new("error_message", messages::refusal(&ctx, &m)),
        )),
        Err(e) => Err(messages::localised(&ctx, e)),
    }
}

pub async fn rollback(
    state: web::Data<AppState>,
    ctx: Editor,
    id: web::Path<i64>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let actor = ctx.op.actor();
    match db::run(&state.pool, move |c| service::rollback(c, &actor, id))
        .await
        .map_err(AppError::from)
    {
        Ok(u) => Ok(redirect_with_flash(
            &format!("/uploads/{id}"),
            Flash::new("upload_rolled_back", u.file_name),
        )),
        Err(AppError::Conflict(m)) => Ok(redirect_with_flash(
            &format!("/uploads/{id}"),
            Flash::new("error_message", messages::refusal(&ctx, &m)),
        )),
        Err(e) => Err(messages::localised(&ctx, e)),
    }
}
