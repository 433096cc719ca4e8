//! One page of the customers table as computed, and what the page cache keeps of it.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use super::billing::Line;
use super::columns::Column;

/// Subscriptions per page of the table.
pub const PAGE_SUBSCRIPTIONS: i64 = 50;

/// The rendered rows' variant (language and zone) and column keys.
type RowsKey = (String, Vec<&'static str>);

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
pub struct RenderedRows(Mutex<HashMap<RowsKey, Arc<String>>>);

impl RenderedRows {
    /// The rows for `columns` in `variant` (the language and zone they are written in): as
    /// kept, or made by `render` and kept.
    pub fn get_or_render<E>(
        &self,
        variant: &str,
        columns: &[Column],
        render: impl FnOnce() -> Result<Arc<String>, E>,
    ) -> Result<Arc<String>, E> {
        let key = (
            variant.to_string(),
            columns.iter().map(|c| c.key()).collect::<Vec<_>>(),
        );
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
