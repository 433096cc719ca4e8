//! The events table: filters, paging and each row's source and meters.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;
use serde::Deserialize;

use crate::analytics::events::query::{FilterForm, SourceKind};
use crate::analytics::events::service;
use crate::analytics::events::service::EventsTable;
use crate::error::AppResult;
use crate::state::AppState;
use crate::web::chrome::{PageCtx, Viewer, render};
use crate::web::extract::Query;
use crate::web::locale::{Locale, escape_html};

use super::{rich, time_html, timestamp_error};
use crate::analytics::events::service::ChosenMeter;
use crate::i18n::Arg;
use crate::metering::parse_timestamp_in;
use crate::tz::Tz;
use crate::validation::FieldErrors;

#[derive(Deserialize)]
pub struct PageQuery {
    after: Option<String>,
    /// An IANA zone to read the filters in instead of the operator's (see `web::zone`).
    tz: Option<String>,
}

/// `GET /analytics/events`: 422 with the form's errors when a filter cannot be read.
pub async fn list(
    state: web::Data<AppState>,
    ctx: Viewer,
    form: Query<FilterForm>,
    page: Query<PageQuery>,
) -> AppResult<HttpResponse> {
    let (form, page) = (form.into_inner(), page.into_inner());
    let tz = ctx.zone_or_query(page.tz.as_deref())?;
    let after = page.after;
    let (kept, seen) = (state.meter_options.clone(), ctx.op.meters_version);
    // Never reused: a view shares only a computation whose snapshot has not begun when it
    // comes (so an event stored by any writer before the view is listed), keyed by everything
    // the table is read from: the filters' zone, the meters' version the options were kept at,
    // the filters as typed and the page.
    let key = format!("{}|{seen:?}|{form:?}|{after:?}", tz.name());
    let t = state
        .events_views
        .fresh(
            key,
            &state.writes,
            !state.config.page_cache().is_zero(),
            &state.pool,
            move |c| service::events_table(c, form, after.as_deref(), tz, &kept, seen),
        )
        .await?;
    let t = EventsTable {
        errors: filter_errors(&ctx, &t, tz),
        ..EventsTable::clone(&t)
    };
    let status = if t.errors.is_empty() {
        StatusCode::OK
    } else {
        StatusCode::UNPROCESSABLE_ENTITY
    };
    render(status, &EventsPage { ctx: ctx.0, t, tz })
}

#[derive(Template, WebTemplate)]
#[template(path = "analytics/events.html")]
pub struct EventsPage {
    pub ctx: PageCtx,
    pub t: EventsTable,
    /// The zone the filters' times are read in.
    pub tz: Tz,
}

/// The filters' errors in the operator's language (the domain words them in English for the API).
fn filter_errors(l: &Locale, t: &EventsTable, tz: Tz) -> FieldErrors {
    let mut out = FieldErrors::new();
    for (field, message) in t.errors.iter() {
        let raw = match field.as_str() {
            "from" => t.form.from.as_str(),
            "to" => t.form.to.as_str(),
            _ => "",
        };
        let text = match field.as_str() {
            "to" if parse_timestamp_in(raw.trim(), tz).is_ok() => l.t("analytics-events-error-range"),
            "from" | "to" => sentence(&timestamp_error(l, raw, "analytics-events-time-forms-below")),
            "source" => l.t("analytics-events-error-source"),
            "meter" => l.t1("analytics-events-error-no-meter", "id", t.form.meter.trim()),
            _ => message.clone(),
        };
        out.add(field.clone(), text);
    }
    out
}

/// A capital first letter and a full stop.
fn sentence(text: &str) -> String {
    let mut chars = text.chars();
    let mut out: String = match chars.next() {
        Some(c) => c.to_uppercase().chain(chars).collect(),
        None => String::new(),
    };
    if !out.ends_with(['.', '。', '।']) {
        out.push(if out.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c)) {
            '。'
        } else {
            '.'
        });
    }
    out
}

impl EventsPage {
    /// A message with markup of its own, as HTML.
    pub fn rich(&self, id: &str) -> String {
        rich(&self.ctx, id, &[])
    }

    /// "Events <meter> counts: <event> events where …, received before it was archived on …".
    pub fn meter_scope(&self, meter: &ChosenMeter) -> String {
        let link = format!(
            "<a href=\"/meters/{}\">{}</a>",
            percent_encoding::utf8_percent_encode(&meter.id, percent_encoding::NON_ALPHANUMERIC),
            escape_html(&meter.name)
        );
        let event = format!("<code>{}</code>", escape_html(&meter.event_name));
        let mut args: Vec<(&str, Arg)> = vec![("meter", Arg::from(link)), ("event", Arg::from(event))];
        if let Some(f) = &meter.filter {
            let words = crate::portal::meters::words::filter(&self.ctx, f);
            args.push((
                "filter",
                Arg::from(format!(
                    "<span class=\"filter-words\">{}</span>",
                    escape_html(&words)
                )),
            ));
        }
        if let Some(at) = meter.archived_at {
            args.push(("time", Arg::from(time_html(&self.ctx, at))));
        }
        let id = match (meter.filter.is_some(), meter.archived_at.is_some()) {
            (false, false) => "analytics-events-meter-scope",
            (true, false) => "analytics-events-meter-scope-filtered",
            (false, true) => "analytics-events-meter-scope-archived",
            (true, true) => "analytics-events-meter-scope-filtered-archived",
        };
        rich(&self.ctx, id, &args)
    }

    pub fn no_more(&self) -> String {
        let url = escape_html(&format!("/analytics/events?{}", self.t.query));
        rich(&self.ctx, "analytics-events-no-more", &[("url", Arg::from(url))])
    }

    pub fn name_conflict(&self) -> String {
        let listens = self
            .t
            .meter
            .as_ref()
            .map(|m| m.event_name.as_str())
            .unwrap_or_default();
        let code = |s: &str| Arg::from(format!("<code>{}</code>", escape_html(s)));
        rich(
            &self.ctx,
            "analytics-events-name-conflict",
            &[
                ("listens", code(listens)),
                ("asked", code(&self.t.form.event_name)),
            ],
        )
    }

    pub fn unknown_customer(&self) -> String {
        let customer = &self.t.form.customer;
        let url = format!(
            "/customers?q={}",
            percent_encoding::utf8_percent_encode(customer, percent_encoding::NON_ALPHANUMERIC)
        );
        rich(
            &self.ctx,
            "analytics-events-unknown-customer",
            &[
                ("id", Arg::from(format!("<code>{}</code>", escape_html(customer)))),
                ("url", Arg::from(escape_html(&url))),
            ],
        )
    }

    pub fn sources(&self) -> [SourceKind; 5] {
        SourceKind::ALL
    }
}
