//! `/analytics/unmatched`: the events no meter counts, by event name, and the events a
//! meter's filter leaves out.

use actix_web::web;
use askama::Template;
use askama_web::WebTemplate;
use chrono::Utc;
use serde::Deserialize;

use super::{rich, time_html};
use crate::analytics::events::service::{self, Exclusion, Unmatched, WINDOWS};
use crate::db;
use crate::error::AppResult;
use crate::i18n::Arg;
use crate::state::AppState;
use crate::web::chrome::{PageCtx, Viewer};
use crate::web::extract::Query;
use crate::web::locale::escape_html;

#[derive(Deserialize)]
pub struct WindowQuery {
    days: Option<String>,
}

/// `GET /analytics/unmatched?days=7|30|90`.
pub async fn unmatched(
    state: web::Data<AppState>,
    ctx: Viewer,
    q: Query<WindowQuery>,
) -> AppResult<UnmatchedPage> {
    let days = service::window_days(q.days.as_deref());
    let u = db::run(&state.pool, move |c| service::unmatched(c, days, Utc::now())).await?;
    Ok(UnmatchedPage { ctx: ctx.0, u })
}

#[derive(Template, WebTemplate)]
#[template(path = "analytics/unmatched.html")]
pub struct UnmatchedPage {
    pub ctx: PageCtx,
    pub u: Unmatched,
}

fn enc(s: &str) -> percent_encoding::PercentEncode<'_> {
    percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC)
}

impl UnmatchedPage {
    /// A message with markup of its own and HTML arguments.
    pub fn rich<'a>(&self, id: &str, args: impl AsRef<[(&'a str, String)]>) -> String {
        let args: Vec<(&str, Arg)> = args
            .as_ref()
            .iter()
            .map(|(k, v)| (*k, Arg::from(v.as_str())))
            .collect();
        rich(&self.ctx, id, &args)
    }

    pub fn code(&self, s: &str) -> String {
        format!("<code>{}</code>", escape_html(s))
    }

    /// The exclusion's filter in the page's language, as HTML.
    pub fn filter_words(&self, x: &Exclusion) -> String {
        let words = crate::portal::meters::words::filter(&self.ctx, &x.filter);
        format!("<span class=\"filter-words\">{}</span>", escape_html(&words))
    }

    pub fn meter_link(&self, id: &str, name: &str) -> String {
        format!("<a href=\"/meters/{}\">{}</a>", enc(id), escape_html(name))
    }

    pub fn meter_links(&self, meters: &[(String, String)]) -> String {
        meters
            .iter()
            .map(|(id, name)| self.meter_link(id, name))
            .collect::<Vec<_>>()
            .join(", ")
    }

    pub fn event_link(&self, id: &str) -> String {
        format!(
            "<a href=\"/analytics/events/{}\"><code>{}</code></a>",
            enc(id),
            escape_html(id)
        )
    }

    pub fn create_one(&self, event_name: &str) -> String {
        let text = self.ctx.t("analytics-unmatched-no-meter-create");
        // The catalogue's link goes to the new meter form; this one fills in the event name.
        text.replace(
            "<a href=\"/meters/new\">",
            &format!(
                "<a href=\"/meters/new?event_name={}\" class=\"create-meter\">",
                enc(event_name)
            ),
        )
    }

    pub fn names_scope(&self) -> String {
        rich(
            &self.ctx,
            "analytics-unmatched-names-scope",
            &[
                ("time", Arg::from(time_html(&self.ctx, self.u.since))),
                ("days", Arg::from(self.u.days)),
                ("meters", Arg::from(self.u.active_meters)),
            ],
        )
    }

    pub fn excluded_scope(&self) -> String {
        let id = if self.u.exclusion_days < self.u.days {
            "analytics-unmatched-excluded-scope-capped"
        } else {
            "analytics-unmatched-excluded-scope"
        };
        rich(
            &self.ctx,
            id,
            &[
                ("time", Arg::from(time_html(&self.ctx, self.u.exclusion_since))),
                ("days", Arg::from(self.u.exclusion_days)),
            ],
        )
    }

    pub fn excluded_count(&self, x: &Exclusion) -> String {
        let excluded = format!(
            "<strong class=\"excluded-count\">{}</strong>",
            self.ctx.int(x.count.excluded)
        );
        let mut out = rich(
            &self.ctx,
            "analytics-unmatched-excluded-count",
            &[
                ("excluded", Arg::from(excluded)),
                ("total", Arg::from(self.ctx.int(x.count.total))),
                ("customers", Arg::from(x.count.customers)),
            ],
        );
        let time = |t: Option<chrono::DateTime<Utc>>| t.map(|t| time_html(&self.ctx, t)).unwrap_or_default();
        if x.count.first_ts.is_some() || x.count.last_ts.is_some() {
            out.push_str(", ");
            out.push_str(&rich(
                &self.ctx,
                "analytics-unmatched-excluded-span",
                &[
                    ("first", Arg::from(time(x.count.first_ts))),
                    ("last", Arg::from(time(x.count.last_ts))),
                ],
            ));
        }
        out.push('.');
        out
    }

    pub fn counted_by(&self, x: &Exclusion) -> String {
        rich(
            &self.ctx,
            "analytics-unmatched-counted-by",
            &[
                ("meters", Arg::from(self.meter_links(&x.counted_by))),
                ("count", Arg::from(x.counted_by.len())),
            ],
        )
    }

    pub fn windows(&self) -> [i64; 3] {
        let mut w = WINDOWS;
        w.sort_unstable();
        w
    }
}
