//! Meter page structs.

use askama::Template;
use askama_web::WebTemplate;

use super::builder::{self, Row};
use super::form::MeterForm;
use super::words;
use crate::metering::AggregationKind;
use crate::metering::filter::{Conjunction, Operator};
use crate::meters::model::Meter;
use crate::validation::FieldErrors;
use crate::web::chrome::PageCtx;
use crate::web::locale::escape_html;

#[derive(Template, WebTemplate)]
#[template(path = "meters/list.html")]
pub struct ListPage {
    pub ctx: PageCtx,
    pub meters: Vec<Meter>,
    pub status: String,
    pub next: Option<String>,
    pub first_page: bool,
}

impl ListPage {
    pub fn aggregation(&self, m: &Meter) -> String {
        words::aggregation(&self.ctx, &m.aggregation)
    }

    pub fn filter(&self, m: &Meter) -> Option<String> {
        words::meter_filter(&self.ctx, m)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "meters/form.html")]
pub struct FormPage {
    pub ctx: PageCtx,
    /// (id, name) when editing.
    pub editing: Option<(String, String)>,
    pub form: MeterForm,
    pub errors: FieldErrors,
    /// This month per customer, now and with the edited definition (after "Preview").
    pub preview: Option<Vec<crate::meters::preview::PreviewRow>>,
}

impl FormPage {
    pub fn new(
        ctx: PageCtx,
        editing: Option<(String, String)>,
        form: MeterForm,
        errors: FieldErrors,
    ) -> Self {
        FormPage {
            ctx,
            editing,
            form,
            errors,
            preview: None,
        }
    }

    pub fn rows(&self) -> Vec<Row> {
        builder::rows(&self.form.filter)
    }

    pub fn aggregations(&self) -> Vec<(&'static str, String)> {
        AggregationKind::ALL
            .iter()
            .map(|k| {
                let id = match k {
                    AggregationKind::Count => "meters-form-aggregation-count",
                    AggregationKind::Sum => "meters-form-aggregation-sum",
                    AggregationKind::Max => "meters-form-aggregation-max",
                    AggregationKind::Min => "meters-form-aggregation-min",
                    AggregationKind::Avg => "meters-form-aggregation-avg",
                    AggregationKind::Last => "meters-form-aggregation-last",
                    AggregationKind::UniqueCount => "meters-form-aggregation-unique-count",
                };
                (k.as_str(), self.ctx.t(id))
            })
            .collect()
    }

    pub fn conjunctions(&self) -> Vec<(&'static str, String)> {
        Conjunction::ALL
            .into_iter()
            .map(|c| {
                let id = match c {
                    Conjunction::And => "meters-builder-conj-and",
                    Conjunction::Or => "meters-builder-conj-or",
                };
                (c.as_str(), self.ctx.t(id))
            })
            .collect()
    }

    pub fn operators(&self) -> Vec<(&'static str, String)> {
        Operator::ALL
            .into_iter()
            .map(|o| (o.as_str(), words::operator(&self.ctx, o)))
            .collect()
    }

    pub fn action_url(&self) -> String {
        match &self.editing {
            Some((id, _)) => format!("/meters/{id}"),
            None => "/meters".into(),
        }
    }

    /// The error for a builder field, or "" (the builder macros take plain strings).
    pub fn err(&self, field: String) -> &str {
        self.errors.get(&field).unwrap_or("")
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "meters/show.html")]
pub struct ShowPage {
    pub ctx: PageCtx,
    pub meter: Meter,
    /// The current calendar month in the operator's zone: meter-wide figures.
    pub period_start: chrono::DateTime<chrono::Utc>,
    pub period_end: chrono::DateTime<chrono::Utc>,
    pub period_events: i64,
    pub period_quantity: rust_decimal::Decimal,
    pub manual: crate::ingest::manual::ManualForm,
    pub manual_errors: FieldErrors,
    /// (id, name) of the newest customers, for the picker.
    pub customer_options: Vec<(String, String)>,
    pub uploads: Vec<crate::uploads::model::UploadListItem>,
    /// For the embedded upload form.
    pub meters: Vec<(String, String, String)>,
    pub meter_id: String,
    pub fixes: Option<i64>,
    /// Customers subscribed to a product with this meter, each in their own current cycle.
    pub cycle_lines: Vec<crate::analytics::customers::billing::Line>,
    /// The newest events this meter counts.
    pub stream: Vec<crate::analytics::events::model::ListRow>,
    /// A manual entry named a customer that does not exist: its id, for the way to create it.
    pub unknown_customer: Option<String>,
}

/// The headline figures (this calendar month), for the page's live refresh.
#[derive(Template, WebTemplate)]
#[template(path = "meters/figures.html")]
pub struct FiguresFragment {
    pub ctx: PageCtx,
    pub meter: Meter,
    pub period_start: chrono::DateTime<chrono::Utc>,
    pub period_end: chrono::DateTime<chrono::Utc>,
    pub period_events: i64,
    pub period_quantity: rust_decimal::Decimal,
}

/// The words of a meter's headline figures (meters/figures.html), on the page and alone.
macro_rules! figure_words {
    ($page:ty) => {
        impl $page {
            pub fn events_text(&self) -> String {
                self.ctx.int(self.period_events)
            }

            pub fn quantity_text(&self) -> String {
                self.ctx.qty(self.period_quantity)
            }

            pub fn quantity_label(&self) -> String {
                self.ctx.t1(
                    "meters-show-quantity-this-month",
                    "aggregation",
                    words::aggregation_capitalised(&self.ctx, &self.meter.aggregation),
                )
            }

            /// HTML: the month's bounds as `<time>` elements.
            pub fn stats_note(&self) -> String {
                self.ctx.html(
                    "meters-show-stats-note",
                    &[
                        ("start", &words::time_html(&self.ctx, self.period_start)),
                        ("end", &words::time_html(&self.ctx, self.period_end)),
                    ],
                )
            }
        }
    };
}

figure_words!(FiguresFragment);
figure_words!(ShowPage);

impl ShowPage {
    pub fn aggregation(&self) -> String {
        words::aggregation(&self.ctx, &self.meter.aggregation)
    }

    pub fn aggregation_capitalised(&self) -> String {
        words::aggregation_capitalised(&self.ctx, &self.meter.aggregation)
    }

    pub fn filter(&self) -> Option<String> {
        words::meter_filter(&self.ctx, &self.meter)
    }

    pub fn status(&self) -> String {
        words::status(&self.ctx, &self.meter)
    }

    /// HTML: what the meter counts, its parts in `<strong>`, `<code>`, `<span>`.
    pub fn definition(&self) -> String {
        let aggregation = format!("<strong>{}</strong>", escape_html(&self.aggregation()));
        let event = format!("<code>{}</code>", escape_html(&self.meter.row.event_name));
        let unit = format!("<strong>{}</strong>", escape_html(&self.meter.row.unit));
        match self.filter() {
            Some(f) => {
                let filter = format!("<span class=\"filter-words\">{}</span>", escape_html(&f));
                self.ctx.html(
                    "meters-show-definition-filtered",
                    &[
                        ("aggregation", &aggregation),
                        ("event", &event),
                        ("filter", &filter),
                        ("unit", &unit),
                    ],
                )
            }
            None => self.ctx.html(
                "meters-show-definition",
                &[("aggregation", &aggregation), ("event", &event), ("unit", &unit)],
            ),
        }
    }

    /// HTML: the way to create the customer a manual entry named.
    pub fn unknown_customer_html(&self, id: &str) -> String {
        let code = format!("<code>{}</code>", escape_html(id));
        let link = format!(
            "<a href=\"/customers/new\" id=\"create-customer-link\">{}</a>",
            escape_html(&self.ctx.t("meters-show-manual-create-customer"))
        );
        self.ctx.html(
            "meters-show-manual-unknown-customer",
            &[("id", &code), ("link", &link)],
        )
    }

    /// HTML: "12 of 14 rows accepted, <time>".
    pub fn upload_rows(&self, item: &crate::uploads::model::UploadListItem) -> String {
        // The counts stay numbers (they choose the plural); the time is markup put in after.
        const MARK: &str = "\u{E000}time\u{E001}";
        let text = self.ctx.t_args(
            "meters-show-uploads-rows",
            &[
                ("accepted", item.upload.rows_accepted.into()),
                ("total", item.upload.rows_total.into()),
                ("time", MARK.into()),
            ],
        );
        escape_html(&text).replace(MARK, &words::time_html(&self.ctx, item.upload.created_at))
    }
}

/// The live event stream's rows, for the page's refresh.
#[derive(Template, WebTemplate)]
#[template(path = "meters/stream.html")]
pub struct StreamFragment {
    pub ctx: PageCtx,
    pub stream: Vec<crate::analytics::events::model::ListRow>,
}

#[derive(Template, WebTemplate)]
#[template(path = "meters/test.html")]
pub struct TestPage {
    pub ctx: PageCtx,
    pub meter: Meter,
    pub event_id: String,
    pub json: String,
    /// Which form the error belongs to: `event_id` or `json`.
    pub error_field: &'static str,
    pub error: Option<String>,
    pub result: Option<crate::meters::bench::BenchResult>,
}

impl TestPage {
    /// HTML: what the meter counts, its parts in `<strong>`, `<code>`, `<span>`.
    pub fn lead(&self) -> String {
        let aggregation = format!(
            "<strong>{}</strong>",
            escape_html(&words::aggregation(&self.ctx, &self.meter.aggregation))
        );
        let event = format!("<code>{}</code>", escape_html(&self.meter.row.event_name));
        match words::meter_filter(&self.ctx, &self.meter) {
            Some(f) => {
                let filter = format!("<span class=\"filter-words\">{}</span>", escape_html(&f));
                self.ctx.html(
                    "meters-test-lead-filtered",
                    &[
                        ("aggregation", &aggregation),
                        ("event", &event),
                        ("filter", &filter),
                    ],
                )
            }
            None => self.ctx.html(
                "meters-test-lead",
                &[("aggregation", &aggregation), ("event", &event)],
            ),
        }
    }
}
