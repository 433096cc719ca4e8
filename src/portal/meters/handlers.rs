//! Meter pages: list, create and edit with the filter builder, show, archive.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use serde::Deserialize;

use super::builder::Action;
use super::form::MeterForm;
use super::pages::{FiguresFragment, FormPage, ListPage, ShowPage, StreamFragment, TestPage};
use crate::db;
use crate::error::{AppError, AppResult};
use crate::ingest::{self, manual::ManualForm};
use crate::metering::timestamp::{parse_timestamp_in, rfc3339};
use crate::meters::model::{Meter, MeterStatus};
use crate::meters::rollups;
use crate::meters::{bench, preview, repo, service};
use crate::paging::{Cursor, PAGE_SIZE, Page};
use crate::state::AppState;
use crate::validation::FieldErrors;
use crate::web::chrome::{Editor, Flash, PageCtx, Viewer, redirect_with_flash, render};
use crate::web::extract::{Form, Query};

#[derive(Deserialize)]
pub struct ListQuery {
    status: Option<String>,
    after: Option<String>,
}

pub async fn list(state: web::Data<AppState>, ctx: Viewer, q: Query<ListQuery>) -> AppResult<ListPage> {
    let status = match q.status.as_deref().and_then(MeterStatus::parse) {
        Some(MeterStatus::Archived) => MeterStatus::Archived,
        _ => MeterStatus::Active,
    };
    let cursor = q.after.as_deref().and_then(Cursor::decode);
    let first_page = cursor.is_none();
    let rows = db::run(&state.pool, move |c| {
        repo::list(
            c,
            Some(status),
            &crate::paging::Seek::after(cursor),
            PAGE_SIZE + 1,
        )
    })
    .await?;
    let meters = rows
        .into_iter()
        .map(Meter::from_row)
        .collect::<Result<Vec<_>, _>>()
        .map_err(AppError::internal)?;
    let page = Page::from_rows(meters, PAGE_SIZE, Meter::cursor);
    Ok(ListPage {
        ctx: ctx.0,
        meters: page.items,
        status: status.as_str().into(),
        next: page.next,
        first_page,
    })
}

#[derive(Deserialize)]
pub struct NewQuery {
    /// Prefills the event name ("create one" on the unmatched events page).
    event_name: Option<String>,
}

pub async fn new_form(ctx: Editor, q: Query<NewQuery>) -> FormPage {
    let mut form = MeterForm::blank();
    if let Some(name) = q.into_inner().event_name {
        form.fields.event_name = name.trim().to_string();
    }
    FormPage::new(ctx.0, None, form, FieldErrors::new())
}

/// Builder buttons re-render (200); "Preview" shows this month per customer now and after
/// the change (200); invalid input re-renders with 422; else `save` runs.
async fn submit<F>(
    state: &AppState,
    ctx: PageCtx,
    current: Option<Meter>,
    pairs: Vec<(String, String)>,
    save: F,
) -> AppResult<HttpResponse>
where
    F: AsyncFnOnce(crate::meters::model::ValidMeter) -> AppResult<Meter>,
{
    let editing = current.as_ref().map(|m| (m.row.id.clone(), m.row.name.clone()));
    let mut form = MeterForm::from_pairs(&pairs);
    if form.apply_action() {
        return render(
            StatusCode::OK,
            &FormPage::new(ctx, editing, form, FieldErrors::new()),
        );
    }
    match form.validate(&ctx) {
        Err(errors) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &FormPage::new(ctx, editing, form, errors),
        ),
        Ok(valid) if form.action == Action::Preview => {
            let period = calendar_month(ctx.zone());
            let rows = db::run(&state.pool, move |c| {
                let base = match current {
                    Some(m) => m,
                    // A new meter: nothing counted yet; "now" is zero for everyone.
                    None => preview::proposed(&Meter::unsaved(), &valid),
                };
                let after = preview::proposed(&base, &valid);
                preview::preview(c, &base, &after, period)
            })
            .await?;
            let mut page = FormPage::new(ctx, editing, form, FieldErrors::new());
            page.preview = Some(rows);
            render(StatusCode::OK, &page)
        }
        Ok(valid) => {
            let code = if editing.is_some() {
                "meter_updated"
            } else {
                "meter_created"
            };
            let meter = save(valid).await?;
            Ok(redirect_with_flash(
                &format!("/meters/{}", meter.row.id),
                Flash::new(code, meter.row.name),
            ))
        }
    }
}

pub async fn create(
    state: web::Data<AppState>,
    ctx: Editor,
    form: Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let actor = ctx.op.actor();
    let st = state.clone();
    submit(&st, ctx.0, None, form.into_inner(), async move |valid| {
        db::run(&state.pool, move |c| service::create(c, &actor, &valid))
            .await
            .map_err(AppError::from)
    })
    .await
}

/// The current calendar month in the operator's zone: its first instant, and the next month's.
fn calendar_month(zone: Tz) -> (DateTime<Utc>, DateTime<Utc>) {
    let month = crate::tz::this_month(Utc::now(), zone).range();
    (month.start, month.end)
}

/// A meter's figures for the current calendar month in the operator's zone: what the page's
/// headline shows.
fn figures(c: &mut db::Conn, ctx: PageCtx, meter: Meter) -> Result<FiguresFragment, AppError> {
    let (period_start, period_end) = calendar_month(ctx.zone());
    let cell = rollups::meter_total(c, &meter, period_start, period_end)?;
    Ok(FiguresFragment {
        ctx,
        period_start,
        period_end,
        period_events: cell.count,
        period_quantity: cell.quantity(meter.aggregation.kind()),
        meter,
    })
}

/// `GET /meters/{id}/figures`: the headline figures only, for the page's live refresh.
pub async fn figures_fragment(
    state: web::Data<AppState>,
    ctx: Viewer,
    id: web::Path<String>,
) -> AppResult<FiguresFragment> {
    let id = id.into_inner();
    db::run(&state.pool, move |c| {
        let meter = service::get(c, &id)?;
        figures(c, ctx.0, meter)
    })
    .await
    .map_err(AppError::from)
}

async fn show_page(
    state: &AppState,
    ctx: PageCtx,
    id: String,
    manual: ManualForm,
    manual_errors: FieldErrors,
) -> AppResult<ShowPage> {
    db::run(&state.pool, move |c| {
        let meter = service::get(c, &id)?;
        let FiguresFragment {
            ctx,
            period_start,
            period_end,
            period_events,
            period_quantity,
            meter,
        } = figures(c, ctx, meter)?;
        // A manual entry for a customer that does not exist: say so in the portal's words,
        // with the way to create it (the pipeline's message speaks to API clients).
        let unknown_customer = match manual.customer_id.trim() {
            id if !id.is_empty() && manual_errors.has("customer_id") => crate::customers::repo::find(c, id)?
                .is_none()
                .then(|| id.to_string()),
            _ => None,
        };
        let manual_errors = super::manual::localise(&ctx, &meter, &manual, &manual_errors);
        let manual_errors = match &unknown_customer {
            Some(id) => portal_words_for_unknown_customer(&ctx, &manual_errors, id),
            None => manual_errors,
        };
        let customer_options = crate::customers::repo::search(c, None, 200)?
            .into_iter()
            .map(|cu| (cu.id, cu.name))
            .collect();
        let uploads = crate::uploads::repo::list(c, Some(&id), None, 5)?;
        let cycle_lines = crate::analytics::customers::billing::meter_lines(c, &id, Utc::now(), CYCLE_ROWS)?;
        let stream = stream_rows(c, &meter)?;
        Ok::<_, AppError>(ShowPage {
            ctx,
            period_start,
            period_end,
            period_events,
            period_quantity,
            unknown_customer,
            manual,
            manual_errors,
            customer_options,
            uploads,
            meters: vec![(
                meter.row.id.clone(),
                meter.row.name.clone(),
                meter.row.event_name.clone(),
            )],
            meter_id: meter.row.id.clone(),
            fixes: None,
            cycle_lines,
            stream,
            meter,
        })
    })
    .await
    .map_err(AppError::from)
}

/// The manual entry's errors with the customer's in the portal's words.
fn portal_words_for_unknown_customer(ctx: &PageCtx, errors: &FieldErrors, id: &str) -> FieldErrors {
    let mut out = FieldErrors::new();
    for (field, message) in errors.iter() {
        if field == "customer_id" {
            out.add(field, ctx.t1("meters-manual-error-unknown-customer", "id", id));
        } else {
            out.add(field, message);
        }
    }
    out
}

pub async fn show(state: web::Data<AppState>, ctx: Viewer, id: web::Path<String>) -> AppResult<ShowPage> {
    show_page(
        &state,
        ctx.0,
        id.into_inner(),
        ManualForm::default(),
        FieldErrors::new(),
    )
    .await
}

/// Customers shown with their current cycle on a meter's page.
const CYCLE_ROWS: i64 = 20;
/// Events in a meter's live stream.
const STREAM_ROWS: i64 = 20;

fn stream_rows(
    c: &mut db::Conn,
    meter: &Meter,
) -> Result<Vec<crate::analytics::events::model::ListRow>, AppError> {
    use crate::analytics::events::repo::{ListFilter, MeterScope, list};
    let filter = ListFilter {
        meter: Some(MeterScope::of(meter)),
        ..ListFilter::default()
    };
    Ok(list(c, &filter, None, STREAM_ROWS)?)
}

/// `GET /meters/{id}/stream`: the newest events this meter counts (rows only), for the page's
/// live refresh.
pub async fn stream(
    state: web::Data<AppState>,
    ctx: Viewer,
    id: web::Path<String>,
) -> AppResult<StreamFragment> {
    let id = id.into_inner();
    let stream = db::run(&state.pool, move |c| {
        let meter = service::get(c, &id)?;
        stream_rows(c, &meter)
    })
    .await?;
    Ok(StreamFragment { ctx: ctx.0, stream })
}

/// Manual entry: `POST /meters/{id}/usage`.
pub async fn record_usage(
    state: web::Data<AppState>,
    ctx: Editor,
    id: web::Path<String>,
    form: Form<ManualForm>,
) -> AppResult<HttpResponse> {
    let (id, form) = (id.into_inner(), form.into_inner());
    let (actor, lookup, mut input) = (ctx.op.actor(), id.clone(), form.clone());
    // A time typed without an offset is the operator's wall-clock time; one the parser refuses
    // is left as typed for the pipeline to refuse with its reason.
    if let Ok(t) = parse_timestamp_in(input.timestamp.trim(), ctx.zone()) {
        input.timestamp = rfc3339(t);
    }
    let result = db::run(&state.pool, move |c| {
        let meter = service::get(c, &lookup)?;
        ingest::manual::record(c, &actor, &meter, &input)
    })
    .await?;
    match result {
        Ok(recorded) => Ok(redirect_with_flash(
            &format!("/meters/{id}"),
            Flash::new("usage_recorded", recorded.events.to_string()),
        )),
        Err(errors) => render(
            StatusCode::UNPROCESSABLE_ENTITY,
            &show_page(&state, ctx.0, id, form, errors).await?,
        ),
    }
}

/// The meter's CSV template.
pub async fn template(
    state: web::Data<AppState>,
    _ctx: Viewer,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let meter = db::run(&state.pool, move |c| service::get(c, &id)).await?;
    let body = crate::uploads::csv_file::template(
        &crate::uploads::csv_file::UploadSpec {
            aggregation: &meter.aggregation,
        },
        &meter.row.event_name,
        meter.filter.as_ref(),
    );
    Ok(crate::web::download::csv_download(
        &format!("{}-template.csv", file_slug(&meter.row.name, &meter.row.id)),
        body.into_bytes(),
    ))
}

/// A meter's name for a file name: lowercase ASCII letters and digits, anything else one
/// `-` (`API calls (EU)` → `api-calls-eu`); the id when nothing of the name is left.
fn file_slug(name: &str, id: &str) -> String {
    let mut slug = String::new();
    for c in name.chars() {
        if c.is_ascii_alphanumeric() {
            slug.push(c.to_ascii_lowercase());
        } else if !slug.is_empty() && !slug.ends_with('-') {
            slug.push('-');
        }
    }
    let slug = slug.trim_end_matches('-');
    if slug.is_empty() {
        id.to_owned()
    } else {
        slug.to_owned()
    }
}

pub async fn edit_form(
    state: web::Data<AppState>,
    ctx: Editor,
    id: web::Path<String>,
) -> AppResult<FormPage> {
    let id = id.into_inner();
    let meter = db::run(&state.pool, move |c| service::get(c, &id)).await?;
    let editing = Some((meter.row.id.clone(), meter.row.name.clone()));
    Ok(FormPage::new(
        ctx.0,
        editing,
        MeterForm::from_meter(&meter),
        FieldErrors::new(),
    ))
}

pub async fn update(
    state: web::Data<AppState>,
    ctx: Editor,
    id: web::Path<String>,
    form: Form<Vec<(String, String)>>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let lookup = id.clone();
    let current = db::run(&state.pool, move |c| service::get(c, &lookup)).await?;
    let actor = ctx.op.actor();
    let st = state.clone();
    submit(&st, ctx.0, Some(current), form.into_inner(), async move |valid| {
        db::run(&state.pool, move |c| service::update(c, &actor, &id, &valid))
            .await
            .map_err(AppError::from)
    })
    .await
}

async fn set_archived(state: &AppState, ctx: &Editor, id: String, archived: bool) -> AppResult<HttpResponse> {
    let actor = ctx.op.actor();
    let meter = db::run(&state.pool, move |c| {
        service::set_archived(c, &actor, &id, archived)
    })
    .await?;
    let code = if archived {
        "meter_archived"
    } else {
        "meter_unarchived"
    };
    Ok(redirect_with_flash(
        &format!("/meters/{}", meter.row.id),
        Flash::new(code, meter.row.name),
    ))
}

/// Asks first when live products price the meter (`templates/meters/archive.html`).
#[derive(askama::Template, askama_web::WebTemplate)]
#[template(path = "meters/archive.html")]
pub struct ArchivePage {
    pub ctx: PageCtx,
    pub meter: Meter,
    pub products: Vec<crate::products::repo::LiveProduct>,
}

#[derive(Deserialize)]
pub struct ArchiveForm {
    #[serde(default)]
    confirm: Option<String>,
}

/// Archives at once, unless products with live subscriptions price the meter and the
/// operator has not confirmed yet: then a page names them and asks.
pub async fn archive(
    state: web::Data<AppState>,
    ctx: Editor,
    id: web::Path<String>,
    form: Form<ArchiveForm>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    if form.confirm.is_none() {
        let meter_id = id.clone();
        let (meter, products) = db::run(&state.pool, move |c| {
            let meter = service::get(c, &meter_id)?;
            let live = crate::products::repo::live_pricing(c, &meter_id, Utc::now())?;
            Ok::<_, AppError>((meter, live))
        })
        .await?;
        if !products.is_empty() && meter.is_active() {
            return render(
                StatusCode::OK,
                &ArchivePage {
                    ctx: ctx.0,
                    meter,
                    products,
                },
            );
        }
    }
    set_archived(&state, &ctx, id, true).await
}

pub async fn unarchive(
    state: web::Data<AppState>,
    ctx: Editor,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    set_archived(&state, &ctx, id.into_inner(), false).await
}

#[derive(Deserialize)]
pub struct TestQuery {
    #[serde(default)]
    event_id: String,
}

#[derive(Deserialize)]
pub struct TestForm {
    #[serde(default)]
    json: String,
}

async fn test_page(
    state: &AppState,
    ctx: PageCtx,
    id: String,
    event_id: String,
    json: String,
) -> AppResult<HttpResponse> {
    let period = calendar_month(ctx.zone());
    // The pasted text and the id are shown again as given, above all when they fail.
    let (shown_event_id, shown_json) = (event_id.clone(), json.clone());
    let (meter, outcome, pasted) = db::run(&state.pool, move |c| {
        let meter = service::get(c, &id)?;
        let subject = match (event_id.trim(), json.trim()) {
            ("", "") => None,
            ("", j) => Some(bench::Subject::Pasted(j.to_string())),
            (e, _) => Some(bench::Subject::Stored(e.to_string())),
        };
        let pasted = matches!(subject, Some(bench::Subject::Pasted(_)));
        let outcome = subject.map(|s| bench::run(c, &meter, &s, period));
        Ok::<_, AppError>((meter, outcome, pasted))
    })
    .await?;
    let (result, error) = match outcome {
        None => (None, None),
        Some(Ok(r)) => (Some(r), None),
        Some(Err(e)) => (None, Some(super::bench_words::error(&ctx, &e))),
    };
    let status = if error.is_some() {
        StatusCode::UNPROCESSABLE_ENTITY
    } else {
        StatusCode::OK
    };
    render(
        status,
        &TestPage {
            ctx,
            meter,
            event_id: shown_event_id,
            json: shown_json,
            error_field: if pasted { "json" } else { "event_id" },
            error,
            result,
        },
    )
}

/// The test bench with a stored event: `GET /meters/{id}/test?event_id=`.
pub async fn test_stored(
    state: web::Data<AppState>,
    ctx: Viewer,
    id: web::Path<String>,
    q: Query<TestQuery>,
) -> AppResult<HttpResponse> {
    test_page(
        &state,
        ctx.0,
        id.into_inner(),
        q.into_inner().event_id,
        String::new(),
    )
    .await
}

/// The test bench with a pasted event: `POST /meters/{id}/test`.
pub async fn test_pasted(
    state: web::Data<AppState>,
    ctx: Viewer,
    id: web::Path<String>,
    form: Form<TestForm>,
) -> AppResult<HttpResponse> {
    test_page(
        &state,
        ctx.0,
        id.into_inner(),
        String::new(),
        form.into_inner().json,
    )
    .await
}
