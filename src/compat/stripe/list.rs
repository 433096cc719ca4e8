//! Stripe's list parameters: `limit` (1 to 100, default 10) and `starting_after` or
//! `ending_before`, each an object id, over Meterdesk's keyset pages (newest first by creation
//! time and id).

use super::errors::StripeError;
use super::params::Params;
use crate::paging::{Cursor, Keyset};

pub const DEFAULT_LIMIT: i64 = 10;
pub const MAX_LIMIT: i64 = 100;

/// Where a page starts, by object id.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Start {
    First,
    After(String),
    Before(String),
}

/// A list request's page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListRequest {
    pub limit: i64,
    pub start: Start,
}

impl ListRequest {
    pub fn read(p: &mut Params) -> Result<ListRequest, StripeError> {
        let limit = p.integer("limit")?.unwrap_or(DEFAULT_LIMIT);
        if !(1..=MAX_LIMIT).contains(&limit) {
            return Err(StripeError::invalid(
                "parameter_invalid_integer",
                format!("limit must be between 1 and {MAX_LIMIT}; it is {limit}."),
                Some("limit"),
            ));
        }
        let start = match (p.text("starting_after")?, p.text("ending_before")?) {
            (Some(_), Some(_)) => {
                return Err(StripeError::invalid(
                    "parameter_invalid",
                    "Give starting_after or ending_before, not both.",
                    Some("ending_before"),
                ));
            }
            (Some(id), None) => Start::After(id),
            (None, Some(id)) => Start::Before(id),
            (None, None) => Start::First,
        };
        Ok(ListRequest { limit, start })
    }

    /// The keyset of the page, the cursor looked up from the object id (`find` answers the
    /// object's cursor, or None when there is no such object).
    pub fn keyset<E>(
        &self,
        find: impl FnOnce(&str) -> Result<Option<Cursor>, E>,
    ) -> Result<Keyset, StripeError>
    where
        StripeError: From<E>,
    {
        let (id, param) = match &self.start {
            Start::First => return Ok(Keyset::First),
            Start::After(id) => (id, "starting_after"),
            Start::Before(id) => (id, "ending_before"),
        };
        let cursor = find(id)?.ok_or_else(|| {
            StripeError::invalid(
                "resource_missing",
                format!("No such object: '{id}' (given as {param})."),
                Some(param),
            )
        })?;
        Ok(match self.start {
            Start::Before(_) => Keyset::Before(cursor),
            _ => Keyset::After(cursor),
        })
    }

    /// The page of `limit + 1` rows loaded newest first, and whether more rows lie beyond it in
    /// the direction of paging (older rows; newer ones for `ending_before`).
    pub fn trim<T>(&self, mut rows: Vec<T>) -> (Vec<T>, bool) {
        let limit = self.limit as usize;
        let more = rows.len() > limit;
        if more {
            match self.start {
                // The extra row is the newest: it lies beyond the page.
                Start::Before(_) => {
                    rows.remove(0);
                }
                _ => rows.truncate(limit),
            }
        }
        (rows, more)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn read(q: &str) -> Result<ListRequest, StripeError> {
        ListRequest::read(&mut Params::parse(q.as_bytes())?)
    }

    #[test]
    fn limits_and_cursors() {
        assert_eq!(read("").unwrap().limit, 10);
        assert_eq!(read("limit=0").unwrap_err().param.as_deref(), Some("limit"));
        assert_eq!(read("limit=101").unwrap_err().param.as_deref(), Some("limit"));
        assert!(read("starting_after=a&ending_before=b").is_err());
        let r = read("limit=2&ending_before=x").unwrap();
        assert_eq!(r.start, Start::Before("x".into()));
        assert_eq!(r.trim(vec![3, 2, 1]), (vec![2, 1], true));
        let r = read("limit=2").unwrap();
        assert_eq!(r.trim(vec![3, 2, 1]), (vec![3, 2], true));
        assert_eq!(r.trim(vec![3, 2]), (vec![3, 2], false));
        let missing = r.keyset(|_| Ok::<_, StripeError>(None));
        assert!(missing.is_ok(), "the first page needs no look-up");
        let r = read("starting_after=cus_x").unwrap();
        let e = r.keyset(|_| Ok::<_, StripeError>(None)).unwrap_err();
        assert_eq!(
            (e.code.as_deref(), e.param.as_deref()),
            (Some("resource_missing"), Some("starting_after"))
        );
    }
}
