//! One page of the customers table as computed, and what the page cache keeps of it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::billing::Line;
use super::columns::Column;

/// Subscriptions per page of the table.
pub const PAGE_SUBSCRIPTIONS: i64 = 50;

/// One page of the table's lines, as computed (see [`crate::analytics::cache`]).
#[derive(Default)]
pub struct TableData {
    pub lines: Vec<Line>,
    pub next: Option<String>,
    pub rendered: RenderedRows,
}

/// Rows already rendered for one computed page, per column choice: rendering 150 lines is
/// most of what a cached view costs, and every operator with the same columns sees the same.
#[derive(Default)]
pub struct RenderedRows(Mutex<HashMap<Vec<&'static str>, Arc<str>>>);

impl RenderedRows {
    /// The rows for `columns`: as kept, or made by `render` and kept.
    pub fn get_or_render<E>(
        &self,
        columns: &[Column],
        render: impl FnOnce() -> Result<Arc<str>, E>,
    ) -> Result<Arc<str>, E> {
        let key: Vec<&'static str> = columns.iter().map(|c| c.key()).collect();
        if let Some(html) = self.0.lock().unwrap_or_else(|e| e.into_inner()).get(&key) {
            return Ok(html.clone());
        }
        let html = render()?;
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .insert(key, html.clone());
        Ok(html)
    }
}
