//! One event's page: its lineage, the meters that count it (and why not), voiding it.

use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use askama::Template;
use askama_web::WebTemplate;
use chrono::Utc;
use serde::Deserialize;

use crate::analytics::events::model::{KeyRef, Lineage, MeterVerdict};
use crate::analytics::events::service;
use crate::analytics::events::service::EventDetails;
use crate::db;
use crate::error::{AppError, AppResult};
use crate::ingest::void::{self, VoidError, VoidRequest};
use crate::state::AppState;
use crate::web::chrome::{Editor, Flash, PageCtx, Viewer, redirect_with_flash, render};
use crate::web::extract::Form;
use crate::web::locale::{Locale, escape_html};

use super::{aggregation_words, key_html, rich, time_html};
use crate::i18n::Arg;

/// `GET /analytics/events/{event_id}`: 404 naming the id when it is neither stored nor voided.
pub async fn show(state: web::Data<AppState>, ctx: Viewer, id: web::Path<String>) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let d = db::run(&state.pool, move |c| service::event_details(c, &id)).await?;
    let status = if d.event.is_some() {
        StatusCode::OK
    } else {
        StatusCode::NOT_FOUND
    };
    render(
        status,
        &EventPage {
            ctx: ctx.0,
            d,
            void_reason: String::new(),
            void_error: None,
        },
    )
}

#[derive(Deserialize)]
pub struct VoidForm {
    #[serde(default)]
    reason: String,
}

/// `POST /analytics/events/{event_id}/void` (editors): the event stops counting everywhere and
/// its id stays taken. Back to its page; a missing reason shows the form again (422).
pub async fn void(
    state: web::Data<AppState>,
    ctx: Editor,
    id: web::Path<String>,
    form: Form<VoidForm>,
) -> AppResult<HttpResponse> {
    let (id, reason) = (id.into_inner(), form.into_inner().reason);
    let page = format!(
        "/analytics/events/{}",
        percent_encoding::utf8_percent_encode(&id, percent_encoding::NON_ALPHANUMERIC)
    );
    let actor = ctx.op.actor();
    let (event_id, why) = (id.clone(), reason.clone());
    let done = db::run(&state.pool, move |c| {
        let request = VoidRequest {
            event_id: &event_id,
            reason: &why,
            event_name: None,
        };
        void::void(c, &actor, &request)
    })
    .await;
    match done {
        Ok(_) => Ok(redirect_with_flash(&page, Flash::new("event_voided", id))),
        Err(db::Failure::Query(VoidError::InvalidReason(message))) => {
            let message = reason_error(&ctx, &reason, message);
            let d = db::run(&state.pool, move |c| service::event_details(c, &id)).await?;
            render(
                StatusCode::UNPROCESSABLE_ENTITY,
                &EventPage {
                    ctx: ctx.0,
                    d,
                    void_reason: reason,
                    void_error: Some(message),
                },
            )
        }
        Err(db::Failure::Query(VoidError::AlreadyVoided { event_id, voided_at })) => {
            let text = ctx.t2(
                "analytics-void-error-already",
                "id",
                event_id.as_str(),
                "time",
                ctx.datetime(voided_at),
            );
            Ok(redirect_with_flash(&page, Flash::new("error_message", text)))
        }
        Err(e) => Err(AppError::from(e)),
    }
}

/// The void form's reason error in the operator's language (the domain words it in English).
fn reason_error(l: &Locale, reason: &str, english: String) -> String {
    let chars = reason.trim().chars().count();
    if chars == 0 {
        l.t("analytics-void-error-reason-required")
    } else if chars > void::MAX_REASON_CHARS {
        l.t2(
            "analytics-void-error-reason-too-long",
            "chars",
            l.int(chars as i64),
            "max",
            l.int(void::MAX_REASON_CHARS as i64),
        )
    } else {
        english
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "analytics/event.html")]
pub struct EventPage {
    pub ctx: PageCtx,
    pub d: EventDetails,
    /// The void form's reason as typed, and what is wrong with it.
    pub void_reason: String,
    pub void_error: Option<String>,
}

impl EventPage {
    /// A time as HTML, for a message.
    pub fn time(&self, t: &chrono::DateTime<Utc>) -> String {
        time_html(&self.ctx, *t)
    }

    /// Where the event came from, as HTML (the Source line).
    pub fn lineage(&self, lineage: &Lineage) -> String {
        let l: &Locale = &self.ctx;
        let admin = self.ctx.is_admin();
        let revoked = |k: &KeyRef| {
            if k.revoked {
                format!(
                    " <span class=\"badge badge-muted\">{}</span>",
                    escape_html(&l.t("analytics-lineage-revoked"))
                )
            } else {
                String::new()
            }
        };
        let id = |n: i64| Arg::from(n.to_string());
        match lineage {
            Lineage::Api { key_id, key } => match (key, key_id) {
                (Some(k), _) => {
                    rich(
                        l,
                        "analytics-lineage-api-key",
                        &[("key", Arg::from(key_html(&k.name, admin))), ("id", id(k.id))],
                    ) + &revoked(k)
                }
                (None, Some(n)) => rich(l, "analytics-lineage-api-key-deleted", &[("id", id(*n))]),
                (None, None) => escape_html(&l.t("analytics-lineage-api")),
            },
            Lineage::Manual { operator_id, email } => match (email, operator_id) {
                (Some(e), _) => {
                    let who = if admin {
                        format!("<a href=\"/settings/operators\">{}</a>", escape_html(e))
                    } else {
                        escape_html(e)
                    };
                    rich(l, "analytics-lineage-manual", &[("email", Arg::from(who))])
                }
                (None, Some(n)) => rich(l, "analytics-lineage-manual-gone", &[("id", id(*n))]),
                (None, None) => escape_html(&l.t("analytics-lineage-manual-unknown")),
            },
            Lineage::Upload {
                upload_id,
                row,
                upload,
            } => {
                let described = match (upload, upload_id) {
                    (Some(u), _) => {
                        let link = format!("<a href=\"/uploads/{}\">", u.id);
                        let time = Arg::from(time_html(l, u.created_at));
                        let file = Arg::from(escape_html(&u.file_name));
                        let text = if let Some(e) = &u.by_email {
                            rich(
                                l,
                                "analytics-lineage-upload-by",
                                &[
                                    ("id", id(u.id)),
                                    ("file", file),
                                    ("time", time),
                                    ("email", Arg::from(escape_html(e))),
                                ],
                            )
                        } else if let Some(k) = &u.by_key {
                            rich(
                                l,
                                "analytics-lineage-upload-with-key",
                                &[
                                    ("id", id(u.id)),
                                    ("file", file),
                                    ("time", time),
                                    ("key", Arg::from(escape_html(&k.name))),
                                    ("key-id", id(k.id)),
                                ],
                            )
                        } else {
                            rich(
                                l,
                                "analytics-lineage-upload",
                                &[("id", id(u.id)), ("file", file), ("time", time)],
                            )
                        };
                        let rolled = match u.rolled_back_at {
                            Some(rb) => format!(
                                " {}",
                                rich(
                                    l,
                                    "analytics-lineage-upload-rolled-back",
                                    &[("time", Arg::from(time_html(l, rb)))]
                                )
                            ),
                            None => String::new(),
                        };
                        format!("{link}{text}</a>{rolled}")
                    }
                    (None, Some(n)) => rich(l, "analytics-lineage-upload-gone", &[("id", id(*n))]),
                    (None, None) => escape_html(&l.t("analytics-lineage-an-upload")),
                };
                match row {
                    Some(r) => rich(
                        l,
                        "analytics-lineage-upload-row",
                        &[
                            ("row", Arg::from(r.to_string())),
                            ("upload", Arg::from(described)),
                        ],
                    ),
                    None => rich(
                        l,
                        "analytics-lineage-upload-some-row",
                        &[("upload", Arg::from(described))],
                    ),
                }
            }
            Lineage::Surface { surface, key_id, key } => {
                let head = if *surface == "Stripe" {
                    rich(l, "analytics-lineage-stripe", &[])
                } else {
                    rich(l, "analytics-lineage-cloudevent", &[])
                };
                let tail = match (key, key_id) {
                    (Some(k), _) => {
                        rich(
                            l,
                            "analytics-lineage-with-key",
                            &[("key", Arg::from(key_html(&k.name, admin))), ("id", id(k.id))],
                        ) + &revoked(k)
                    }
                    (None, Some(n)) => rich(l, "analytics-lineage-with-key-deleted", &[("id", id(*n))]),
                    (None, None) => String::new(),
                };
                if tail.is_empty() {
                    head
                } else {
                    format!("{head} {tail}")
                }
            }
            Lineage::Other(s) => escape_html(s),
        }
    }

    /// A metadata value's type in words.
    pub fn value_type(&self, kind: &str) -> String {
        let id = format!("analytics-value-type-{kind}");
        if self.ctx.has(&id) {
            self.ctx.t(&id)
        } else {
            kind.to_string()
        }
    }

    pub fn words(&self, v: &MeterVerdict) -> String {
        aggregation_words(
            &self.ctx,
            v.aggregation_kind,
            v.aggregation_key.as_deref(),
            &v.aggregation_words,
        )
    }

    /// "The sum of tokens in <code>api.call</code> events where …, in tokens."
    pub fn definition(&self, v: &MeterVerdict, event_name: &str) -> String {
        let mut args = vec![
            ("aggregation", Arg::from(escape_html(&self.words(v)))),
            (
                "event",
                Arg::from(format!("<code>{}</code>", escape_html(event_name))),
            ),
            ("unit", Arg::from(escape_html(&v.unit))),
        ];
        let id = match &v.filter {
            Some(f) => {
                let w = crate::portal::meters::words::filter(&self.ctx, f);
                args.push((
                    "filter",
                    Arg::from(format!("<span class=\"filter-words\">{}</span>", escape_html(&w))),
                ));
                "analytics-event-definition-filtered"
            }
            None => "analytics-event-definition",
        };
        rich(&self.ctx, id, &args)
    }

    /// The voided notice's sentence.
    pub fn voided_notice(
        &self,
        voided_at: &chrono::DateTime<Utc>,
        reason: Option<&str>,
        upload: &Option<i64>,
    ) -> String {
        let time = Arg::from(time_html(&self.ctx, *voided_at));
        match reason {
            Some(r) => rich(
                &self.ctx,
                "analytics-event-voided-with-reason",
                &[
                    ("time", time),
                    (
                        "reason",
                        Arg::from(format!("<span id=\"void-reason\">{}</span>", escape_html(r))),
                    ),
                ],
            ),
            None => {
                let upload = match upload {
                    Some(u) => format!(
                        "<a href=\"/uploads/{u}\">{}</a>",
                        escape_html(&self.ctx.t1("analytics-event-upload-link", "id", u.to_string()))
                    ),
                    None => escape_html(&self.ctx.t("analytics-event-its-upload")),
                };
                rich(
                    &self.ctx,
                    "analytics-event-voided-by-rollback",
                    &[("time", time), ("upload", Arg::from(upload))],
                )
            }
        }
    }

    /// "Did you mean «api.call»? A meter listens to <link>; …".
    pub fn did_you_mean(&self, s: &str) -> String {
        let link = format!(
            "<a href=\"/analytics/events?event_name={}\"><code>{}</code></a>",
            percent_encoding::utf8_percent_encode(s, percent_encoding::NON_ALPHANUMERIC),
            escape_html(s)
        );
        rich(
            &self.ctx,
            "analytics-event-did-you-mean",
            &[
                ("suggestion", Arg::from(escape_html(s))),
                ("link", Arg::from(link)),
            ],
        )
    }

    pub fn code_msg(&self, id: &str, name: &str, text: &str) -> String {
        rich(
            &self.ctx,
            id,
            &[(name, Arg::from(format!("<code>{}</code>", escape_html(text))))],
        )
    }

    pub fn counted_summary(&self) -> String {
        let counted = self.counted_by();
        let mut out = if counted.is_empty() {
            rich(&self.ctx, "analytics-event-counted-by-none", &[])
        } else {
            let links: Vec<String> = counted
                .iter()
                .map(|v| {
                    format!(
                        "<a href=\"/meters/{}\">{}</a>",
                        percent_encoding::utf8_percent_encode(
                            &v.meter_id,
                            percent_encoding::NON_ALPHANUMERIC
                        ),
                        escape_html(&v.meter_name)
                    )
                })
                .collect();
            rich(
                &self.ctx,
                "analytics-event-counted-by",
                &[("meters", Arg::from(links.join(", ")))],
            )
        };
        if !self.any_active() {
            out.push(' ');
            out.push_str(&escape_html(&self.ctx.t("analytics-event-all-archived")));
        }
        out
    }

    pub fn value_error(&self, v: &MeterVerdict, err: &crate::metering::ValueError) -> String {
        let err = crate::portal::meters::bench_words::value_error(&self.ctx, err);
        rich(
            &self.ctx,
            "analytics-event-value-error",
            &[
                ("aggregation", Arg::from(escape_html(&self.words(v)))),
                ("error", Arg::from(escape_html(&err))),
            ],
        )
    }

    /// "Voided on its own: …" / "Upload #3, row 2 rolled back", for an earlier voided copy.
    pub fn copy_why(&self, reason: Option<&str>, upload: &Option<i64>, row: &Option<i32>) -> String {
        match (reason, *upload) {
            (Some(r), _) => escape_html(&self.ctx.t1("analytics-event-voided-own", "reason", r)),
            (None, Some(u)) => {
                let link = format!(
                    "<a href=\"/uploads/{u}\">{}</a>",
                    escape_html(
                        &self
                            .ctx
                            .t1("analytics-events-source-upload-number", "id", u.to_string())
                    )
                );
                match row {
                    Some(r) => rich(
                        &self.ctx,
                        "analytics-event-voided-rollback-row",
                        &[("upload", Arg::from(link)), ("row", Arg::from(r.to_string()))],
                    ),
                    None => rich(
                        &self.ctx,
                        "analytics-event-voided-rollback",
                        &[("upload", Arg::from(link))],
                    ),
                }
            }
            (None, None) => String::new(),
        }
    }

    /// Meters counting the event, for the summary line.
    pub fn counted_by(&self) -> Vec<&MeterVerdict> {
        self.d.verdicts.iter().filter(|v| v.counted).collect()
    }

    pub fn any_active(&self) -> bool {
        self.d.verdicts.iter().any(|v| v.active)
    }
}
