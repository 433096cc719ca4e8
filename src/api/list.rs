//! The API's list shape. Every list answers `{"items": [...], "has_more", "next_cursor"}` and
//! pages two ways on the same endpoint:
//!
//! - **Numbered pages** (what Dodo Payments' SDK iterates): `page_number` (1-based; absent or
//!   0 is the first page) and `page_size` (1 to 100, default 10). A page past the end is an
//!   empty `items`, which is where the SDK's iterator stops.
//! - **Keyset** (for deep lists): `limit` (1 to 100, default 100) and `starting_after`, the
//!   `next_cursor` of the previous page. Page 1,000 costs what page 1 costs.
//!
//! Both orders are the same (newest first, ties broken by id), so `next_cursor` from a numbered
//! page continues with keyset paging. Mixing the two kinds of parameter is refused.

use std::future::{Ready, ready};

use actix_web::dev::Payload;
use actix_web::{FromRequest, HttpRequest};
use serde::Deserialize;

use crate::error::{ApiError, AppError};
use crate::paging::{Cursor, Page, Seek};
use crate::web::extract::from_pairs;

/// The most rows a page holds.
pub const MAX_API_LIMIT: i64 = 100;
/// Rows per numbered page when `page_size` is not given (Dodo Payments' default).
pub const DEFAULT_PAGE_SIZE: i64 = 10;

#[derive(Deserialize)]
struct PageParams {
    page_number: Option<i64>,
    page_size: Option<i64>,
    limit: Option<i64>,
    starting_after: Option<String>,
}

/// Which page of a list is asked for (read from the query string; other parameters are the
/// endpoint's own).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListPage {
    pub seek: Seek,
    pub size: i64,
}

impl ListPage {
    fn from_params(p: PageParams) -> Result<ListPage, AppError> {
        let keyset = p.limit.is_some() || p.starting_after.is_some();
        if keyset {
            if let Some(field) = [("page_number", p.page_number), ("page_size", p.page_size)]
                .into_iter()
                .find_map(|(name, v)| v.map(|_| name))
            {
                return Err(AppError::InvalidParameter {
                    field: field.into(),
                    message: format!(
                        "{field} cannot be combined with limit or starting_after: page either by page_number and page_size, or by limit and starting_after (the next_cursor of the previous page)"
                    ),
                });
            }
            let size = in_range("limit", p.limit.unwrap_or(MAX_API_LIMIT))?;
            let cursor = match p.starting_after.as_deref() {
                Some(raw) => Some(Cursor::decode(raw).ok_or_else(|| {
                    AppError::validation(
                        "starting_after",
                        "not a cursor from a previous page's next_cursor",
                    )
                })?),
                None => None,
            };
            return Ok(ListPage {
                seek: Seek::after(cursor),
                size,
            });
        }
        let size = in_range("page_size", p.page_size.unwrap_or(DEFAULT_PAGE_SIZE))?;
        let number = p.page_number.unwrap_or(0);
        if number < 0 {
            return Err(AppError::validation(
                "page_number",
                "page_number starts at 1 (0 or leaving it out also means the first page)",
            ));
        }
        let skip = (number.max(1) - 1)
            .checked_mul(size)
            .ok_or_else(|| AppError::validation("page_number", "page_number is too large"))?;
        Ok(ListPage {
            seek: if skip == 0 {
                Seek::Start
            } else {
                Seek::Offset(skip)
            },
            size,
        })
    }

    /// Only numbered pages (for lists without a cursor order).
    pub fn numbered(&self) -> Result<(i64, i64), AppError> {
        match &self.seek {
            Seek::After(_) => Err(AppError::InvalidParameter {
                field: "starting_after".into(),
                message: "this list pages by page_number and page_size only".into(),
            }),
            seek => Ok((seek.offset(), self.size)),
        }
    }
}

fn in_range(field: &str, n: i64) -> Result<i64, AppError> {
    if (1..=MAX_API_LIMIT).contains(&n) {
        Ok(n)
    } else {
        Err(AppError::validation(
            field,
            format!("{field} is 1 to {MAX_API_LIMIT}"),
        ))
    }
}

impl FromRequest for ListPage {
    type Error = ApiError;
    type Future = Ready<Result<Self, ApiError>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        ready(
            from_pairs::<PageParams>(req.query_string().as_bytes(), "query")
                .and_then(ListPage::from_params)
                .map_err(ApiError),
        )
    }
}

/// An API list response: `{"items": [...], "has_more", "next_cursor"}`.
#[derive(serde::Serialize)]
pub struct ApiList<T> {
    pub items: Vec<T>,
    pub has_more: bool,
    /// Pass as `starting_after` for the next page.
    pub next_cursor: Option<String>,
}

impl<T> ApiList<T> {
    pub fn new<R>(page: Page<R>, to_json: impl FnMut(R) -> T) -> ApiList<T> {
        ApiList {
            has_more: page.next.is_some(),
            next_cursor: page.next,
            items: page.items.into_iter().map(to_json).collect(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn page(q: &str) -> Result<ListPage, AppError> {
        from_pairs::<PageParams>(q.as_bytes(), "query").and_then(ListPage::from_params)
    }

    fn field(r: Result<ListPage, AppError>) -> String {
        match r {
            Err(AppError::Validation { field, .. } | AppError::InvalidParameter { field, .. }) => field,
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn numbered_pages_are_one_based_and_zero_is_the_first() {
        let first = ListPage {
            seek: Seek::Start,
            size: 10,
        };
        assert_eq!(page("").unwrap(), first);
        assert_eq!(page("page_number=0").unwrap(), first);
        assert_eq!(page("page_number=1&page_size=10").unwrap(), first);
        assert_eq!(
            page("page_number=3&page_size=10").unwrap(),
            ListPage {
                seek: Seek::Offset(20),
                size: 10
            }
        );
        assert_eq!(field(page("page_number=-1")), "page_number");
        assert_eq!(field(page("page_size=0")), "page_size");
        assert_eq!(field(page("page_size=101")), "page_size");
        assert_eq!(
            field(page(&format!("page_number={}&page_size=100", i64::MAX))),
            "page_number"
        );
    }

    #[test]
    fn keyset_pages_and_the_two_kinds_do_not_mix() {
        assert_eq!(
            page("limit=5").unwrap(),
            ListPage {
                seek: Seek::Start,
                size: 5
            }
        );
        let after = page("starting_after=1700000000000000.cus_1").unwrap();
        assert_eq!(after.size, 100);
        assert_eq!(after.seek.cursor().map(|c| c.id.as_str()), Some("cus_1"));
        assert_eq!(field(page("limit=0")), "limit");
        assert_eq!(field(page("starting_after=nonsense")), "starting_after");
        assert_eq!(field(page("limit=5&page_number=2")), "page_number");
        assert_eq!(field(page("starting_after=1.a&page_size=2")), "page_size");
    }
}
