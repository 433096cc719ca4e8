//! The customers usage table page.

use askama::Template;
use askama_web::WebTemplate;

use super::billing::Line;
use super::columns::Column;
use crate::web::chrome::PageCtx;
use crate::web::form::FieldErrors;

#[derive(Template, WebTemplate)]
#[template(path = "analytics/customers.html")]
pub struct CustomersPage {
    pub ctx: PageCtx,
    /// Shared with the page cache (see [`crate::analytics::cache`]).
    pub lines: std::sync::Arc<Vec<Line>>,
    pub columns: Vec<Column>,
    /// "cycle" or "range".
    pub mode: String,
    pub at: String,
    pub period_start: String,
    pub period_end: String,
    pub errors: FieldErrors,
    /// The query string that reproduces this period (for export and paging links).
    pub period_query: String,
    pub next: Option<String>,
    pub first_page: bool,
}

impl CustomersPage {
    pub fn all_columns(&self) -> [Column; 13] {
        Column::ALL
    }

    pub fn shows(&self, c: &Column) -> bool {
        self.columns.contains(c)
    }

    /// Lines of one subscription share customer cells: true when this line starts a new one.
    pub fn first_of_subscription(&self, index: &usize) -> bool {
        let index = *index;
        index == 0
            || self.lines.get(index - 1).map(|p| &p.subscription_id)
                != self.lines.get(index).map(|l| &l.subscription_id)
    }
}
