//! The customers usage table page.

use std::sync::Arc;

use askama::Template;
use askama_web::WebTemplate;

use super::billing::Line;
use super::columns::Column;
use super::table::RenderedRows;
use crate::validation::FieldErrors;
use crate::web::chrome::PageCtx;

#[derive(Template, WebTemplate)]
#[template(path = "analytics/customers.html")]
pub struct CustomersPage {
    pub ctx: PageCtx,
    pub has_lines: bool,
    /// The table's rows, rendered by [`Rows`] (and shared through the page cache).
    pub rows: Arc<str>,
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
}

/// The rows of the table for some lines and columns.
#[derive(Template)]
#[template(path = "analytics/customers_rows.html")]
pub struct Rows<'a> {
    pub lines: &'a [Line],
    pub columns: &'a [Column],
}

impl Rows<'_> {
    /// Lines of one subscription share customer cells: true when this line starts a new one.
    pub fn first_of_subscription(&self, index: &usize) -> bool {
        let index = *index;
        index == 0
            || self.lines.get(index - 1).map(|p| &p.subscription_id)
                != self.lines.get(index).map(|l| &l.subscription_id)
    }
}

/// The table's rows for `lines` and `columns`, rendered once per column choice and kept in
/// `rendered` (which the page cache shares between views).
pub fn rows_html(
    rendered: &RenderedRows,
    lines: &[Line],
    columns: &[Column],
) -> Result<Arc<str>, askama::Error> {
    rendered.get_or_render(columns, || Ok(Rows { lines, columns }.render()?.into()))
}
