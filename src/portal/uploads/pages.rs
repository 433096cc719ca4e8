//! Page structs: Usage data (every upload), one upload, the upload form.

use askama::Template;
use askama_web::WebTemplate;

use super::messages;
use crate::uploads::model::{Gain, Reject, Upload, UploadListItem};
use crate::web::chrome::PageCtx;
use crate::web::locale::escape_html;

/// A meter to upload for: (id, name, event name).
pub type MeterChoice = (String, String, String);

#[derive(Template, WebTemplate)]
#[template(path = "uploads/list.html")]
pub struct ListPage {
    pub ctx: PageCtx,
    pub uploads: Vec<UploadListItem>,
    /// `real` (the default: no dry runs), `dry_runs` or `all`.
    pub kind: &'static str,
    pub meters: Vec<MeterChoice>,
    /// For the upload form: no meter chosen, not a fix.
    pub meter_id: String,
    pub fixes: Option<i64>,
    pub next: Option<String>,
    pub first_page: bool,
}

impl ListPage {
    /// Who made the upload: the operator's email, or the API key in the page's words.
    pub fn who(&self, item: &UploadListItem) -> String {
        match (&item.upload.operator_id, &item.api_key) {
            (None, Some(key)) => self.ctx.t1("uploads-who-api-key", "key", key.as_str()),
            _ => item.who.clone(),
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "uploads/new.html")]
pub struct NewPage {
    pub ctx: PageCtx,
    pub meters: Vec<MeterChoice>,
    pub meter_id: String,
    pub fixes: Option<i64>,
    pub error: Option<String>,
}

#[derive(Template, WebTemplate)]
#[template(path = "uploads/show.html")]
pub struct ShowPage {
    pub ctx: PageCtx,
    pub upload: Upload,
    pub meter_name: String,
    pub rejects: Vec<Reject>,
    pub more_rejects: bool,
    pub reasons: Vec<(String, i64)>,
    pub gains: Vec<Gain>,
    pub fixed: i64,
    pub fixes: Vec<Upload>,
    /// For a kept dry run of a file uploaded before: that upload.
    pub same_as: Option<Upload>,
    /// Where the file's `timestamp` column is, to say why a rejected row's is not one.
    pub timestamp_column: Option<usize>,
}

impl ShowPage {
    pub fn rejects_shown(&self) -> usize {
        self.rejects.len()
    }

    /// Every rejected row is stored now, by the corrected files.
    pub fn all_fixed(&self) -> bool {
        self.upload.all_fixed_by(self.fixed)
    }

    /// Why a row was rejected, in the page's language.
    pub fn reason(&self, r: &Reject) -> String {
        let cells = self.timestamp_column.map(|_| r.cells());
        let timestamp = match (self.timestamp_column, &cells) {
            (Some(i), Some(cells)) => cells.get(i).map(String::as_str),
            _ => None,
        };
        messages::row(&self.ctx, &r.code, &r.error, timestamp)
    }

    /// Why the upload failed, in the page's language.
    pub fn failure(&self) -> Option<String> {
        self.upload
            .failure
            .as_deref()
            .map(|f| messages::refusal(&self.ctx, f))
    }

    pub fn file_size(&self) -> String {
        self.ctx
            .t1("uploads-show-file-size", "size", self.upload.size_bytes)
    }

    /// The rows line, its counts marked up for the tests and the eye.
    pub fn rows_html(&self) -> String {
        let u = &self.upload;
        let total = format!("<span id=\"rows-total\">{}</span>", self.ctx.int(u.rows_total));
        let accepted = format!(
            "<strong id=\"rows-accepted\">{}</strong>",
            self.ctx.int(u.rows_accepted)
        );
        let duplicates = format!(
            "<span id=\"rows-duplicate\">{}</span>",
            self.ctx.int(u.rows_duplicate)
        );
        let rejected = format!(
            "<strong id=\"rows-rejected\">{}</strong>",
            self.ctx.int(u.rows_rejected)
        );
        let id = if u.is_dry_run() {
            "uploads-show-rows-dry-run"
        } else {
            "uploads-show-rows"
        };
        self.ctx.html(
            id,
            &[
                ("total", &total),
                ("accepted", &accepted),
                ("duplicates", &duplicates),
                ("rejected", &rejected),
            ],
        )
    }

    /// The notice on a kept dry run of a file uploaded before, as HTML.
    pub fn same_file_html(&self, earlier: &Upload) -> String {
        let t = earlier.created_at;
        let time = format!(
            "<time datetime=\"{}\" title=\"{}\">{}</time>",
            escape_html(&self.ctx.iso(t)),
            escape_html(&self.ctx.ago(t)),
            escape_html(&self.ctx.datetime(t))
        );
        self.ctx.t2(
            "uploads-show-same-file",
            "id",
            earlier.id.to_string(),
            "time",
            time,
        )
    }

    /// After a quantity, which aggregation it is (none for a sum or a count).
    pub fn aggregation_note(&self, g: &Gain) -> Option<String> {
        let id = match g.aggregation.as_str() {
            "max" => "uploads-show-gains-max",
            "min" => "uploads-show-gains-min",
            "avg" => "uploads-show-gains-avg",
            "last" => "uploads-show-gains-last",
            "unique_count" => "uploads-show-gains-unique-count",
            _ => return None,
        };
        Some(self.ctx.t(id))
    }
}
