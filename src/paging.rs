//! Keyset pagination: lists ordered newest first by (created_at, id), continued after a cursor
//! — so page 1,000 costs what page 1 costs. Numbered pages ([`Seek::Offset`]) exist for the
//! API's `page_number` (what Dodo Payments' SDK iterates); deep lists should use the cursor.

use chrono::{DateTime, Utc};

/// Rows per page on list pages.
pub const PAGE_SIZE: i64 = 50;

/// The position after which the next page starts: the last row's (created_at, id).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Cursor {
    pub created_at: DateTime<Utc>,
    pub id: String,
}

impl Cursor {
    /// `<microseconds since epoch>.<id>`: opaque to users, safe in a URL after encoding.
    pub fn encode(&self) -> String {
        format!("{}.{}", self.created_at.timestamp_micros(), self.id)
    }

    pub fn decode(raw: &str) -> Option<Cursor> {
        let (micros, id) = raw.split_once('.')?;
        let created_at = DateTime::from_timestamp_micros(micros.parse().ok()?)?;
        if id.is_empty() {
            return None;
        }
        Some(Cursor {
            created_at,
            id: id.to_string(),
        })
    }
}

/// Where a page starts: the first row, after a cursor, or after skipping rows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Seek {
    Start,
    After(Cursor),
    /// Skip this many rows of the same order (a numbered page).
    Offset(i64),
}

impl Seek {
    pub fn after(cursor: Option<Cursor>) -> Seek {
        cursor.map_or(Seek::Start, Seek::After)
    }

    /// The cursor to continue after, if any.
    pub fn cursor(&self) -> Option<&Cursor> {
        match self {
            Seek::After(c) => Some(c),
            _ => None,
        }
    }

    /// The rows to skip (0 unless a numbered page).
    pub fn offset(&self) -> i64 {
        match self {
            Seek::Offset(n) => *n,
            _ => 0,
        }
    }
}

/// Where a page of a newest-first list starts: at the newest row, after a cursor (the rows
/// older than it), or before one (the rows newer than it, nearest first: Stripe's
/// `ending_before`). Every page comes back newest first.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Keyset {
    First,
    After(Cursor),
    Before(Cursor),
}

/// One page of rows and the cursor for the next, if there is one. Callers load `limit + 1`
/// rows; the extra row only tells that more exist.
pub struct Page<T> {
    pub items: Vec<T>,
    pub next: Option<String>,
}

impl<T> Page<T> {
    pub fn from_rows(mut rows: Vec<T>, limit: i64, cursor_of: impl Fn(&T) -> Cursor) -> Page<T> {
        let more = rows.len() as i64 > limit;
        rows.truncate(limit.max(0) as usize);
        let next = if more {
            rows.last().map(|r| cursor_of(r).encode())
        } else {
            None
        };
        Page { items: rows, next }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_with_dots_in_ids() {
        let c = Cursor {
            created_at: Utc::now(),
            id: "acme.eu:1".into(),
        };
        let back = Cursor::decode(&c.encode());
        assert_eq!(
            back.map(|b| (b.created_at.timestamp_micros(), b.id)),
            Some((c.created_at.timestamp_micros(), c.id))
        );
        assert_eq!(Cursor::decode("nonsense"), None);
        assert_eq!(Cursor::decode("12."), None);
    }

    #[test]
    fn pages_know_whether_more_rows_exist() {
        let now = Utc::now();
        let cursor = |s: &String| Cursor {
            created_at: now,
            id: s.clone(),
        };
        let rows: Vec<String> = (0..3).map(|i| i.to_string()).collect();
        let page = Page::from_rows(rows.clone(), 2, cursor);
        assert_eq!(page.items.len(), 2);
        assert!(page.next.is_some());
        let page = Page::from_rows(rows, 3, cursor);
        assert!(page.next.is_none());
    }
}
