//! Writes and reads the audit log. Writers call `record` inside the transaction of the
//! change they describe, so an action and its audit row commit together.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::model::Actor;
use crate::db::Conn;
use crate::db::schema::audit_log;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = audit_log)]
pub struct AuditEntry {
    pub id: i64,
    pub at: DateTime<Utc>,
    pub actor: String,
    pub action: String,
    pub target_type: String,
    pub target_id: String,
    pub details: serde_json::Value,
}

pub fn record(
    conn: &mut Conn,
    actor: &Actor,
    action: &str,
    target_type: &str,
    target_id: &str,
    details: serde_json::Value,
) -> QueryResult<()> {
    diesel::insert_into(audit_log::table)
        .values((
            audit_log::actor_operator_id.eq(actor.operator_id()),
            audit_log::actor.eq(actor.label()),
            audit_log::action.eq(action),
            audit_log::target_type.eq(target_type),
            audit_log::target_id.eq(target_id),
            audit_log::details.eq(details),
        ))
        .execute(conn)
        .map(|_| ())
}

/// Newest first, `limit` entries older than the entry `before` (keyset pagination).
pub fn list(conn: &mut Conn, before: Option<i64>, limit: i64) -> QueryResult<Vec<AuditEntry>> {
    let mut query = audit_log::table.select(AuditEntry::as_select()).into_boxed();
    if let Some(id) = before {
        query = query.filter(audit_log::id.lt(id));
    }
    query.order(audit_log::id.desc()).limit(limit).load(conn)
}
