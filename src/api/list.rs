//! The API's list shape: `limit` and `starting_after` in, `{"data", "has_more", "next_cursor"}`
//! out, over the keyset pages of [`crate::paging`].

use crate::error::AppError;
use crate::paging::{Cursor, Page};

/// The most the API returns at once.
pub const MAX_API_LIMIT: i64 = 100;

/// An API list request's page: `limit` (1 to 100, default 100) and the `starting_after`
/// cursor from a previous page.
pub fn api_page(limit: Option<i64>, starting_after: Option<&str>) -> Result<(i64, Option<Cursor>), AppError> {
    let limit = limit.unwrap_or(MAX_API_LIMIT);
    if !(1..=MAX_API_LIMIT).contains(&limit) {
        return Err(AppError::validation(
            "limit",
            format!("limit is 1 to {MAX_API_LIMIT}"),
        ));
    }
    let cursor = match starting_after {
        Some(raw) => Some(Cursor::decode(raw).ok_or_else(|| {
            AppError::validation(
                "starting_after",
                "not a cursor from a previous page's next_cursor",
            )
        })?),
        None => None,
    };
    Ok((limit, cursor))
}

/// An API list response: `{"data": [...], "has_more", "next_cursor"}`.
#[derive(serde::Serialize)]
pub struct ApiList<T> {
    pub data: Vec<T>,
    pub has_more: bool,
    /// Pass as `starting_after` for the next page.
    pub next_cursor: Option<String>,
}

impl<T> ApiList<T> {
    pub fn new<R>(page: Page<R>, to_json: impl FnMut(R) -> T) -> ApiList<T> {
        ApiList {
            has_more: page.next.is_some(),
            next_cursor: page.next,
            data: page.items.into_iter().map(to_json).collect(),
        }
    }
}
