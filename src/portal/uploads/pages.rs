//! Page structs: Usage data (every upload), one upload, the upload form.

use askama::Template;
use askama_web::WebTemplate;

use crate::uploads::model::{Gain, Reject, Upload, UploadListItem};
use crate::web::chrome::PageCtx;
use crate::web::filters;

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
}

impl ShowPage {
    pub fn rejects_shown(&self) -> usize {
        self.rejects.len()
    }

    /// Every rejected row is stored now, by the corrected files.
    pub fn all_fixed(&self) -> bool {
        self.upload.all_fixed_by(self.fixed)
    }
}
