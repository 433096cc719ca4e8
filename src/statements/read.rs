//! Reading statements back: only what was stored, so an answer never changes.

use super::model::{Statement, StatementLine};
use super::repo;
use crate::db::Conn;
use crate::error::AppError;
use crate::paging::{Page, Seek};
use crate::subscriptions;

/// A statement and its lines; 404 for an unknown id.
pub fn statement(conn: &mut Conn, id: &str) -> Result<(Statement, Vec<StatementLine>), AppError> {
    let st = repo::find(conn, id)?
        .ok_or_else(|| AppError::not_found(format!("No statement with the id {id}.")))?;
    let lines = repo::lines_of(conn, id)?;
    Ok((st, lines))
}

/// A page of a subscription's statements, newest cycle first; 404 for an unknown
/// subscription.
pub fn for_subscription(
    conn: &mut Conn,
    subscription_id: &str,
    seek: &Seek,
    size: i64,
) -> Result<Page<Statement>, AppError> {
    if subscriptions::repo::find(conn, subscription_id)?.is_none() {
        return Err(AppError::not_found(format!(
            "No subscription with the id {subscription_id}."
        )));
    }
    let rows = repo::list_for_subscription(conn, subscription_id, seek, size + 1)?;
    Ok(Page::from_rows(rows, size, Statement::cursor))
}
