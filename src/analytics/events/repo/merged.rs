//! A page of the events list that no customer narrows, merged from `events_name_source_ts_idx`
//! (event name, source, ts DESC, seq DESC), which orders each (event name, source) pair's
//! events by time: no index orders every event by time (it cost every stored event one more
//! index entry, at the page all concurrent ingests write), nor every event of a name or of a
//! source (one index serves both, see the `events_by_name_and_source` migration).
//!
//! The pairs are the filter's event name with its source or every source, or (no event name)
//! every stored event name ([`event_pairs::EVERY_NAME`], a loose scan of the same index) with
//! the filter's source or every source. For each pair a LATERAL subquery takes its first
//! `offset + limit` events' (ts, seq) in index order, within the filter; the statement keeps
//! rows `offset..offset + limit` of them all and reads those events by the key. So a deep
//! numbered page reads `limit` events, not every one it skips.

use chrono::{DateTime, Utc};
use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping, is_aggregate};
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::result::QueryResult;
use diesel::sql_types::{Array, BigInt, Bool, Nullable, Text, Timestamptz};

use crate::db::event_pairs;
use crate::db::predicate::Predicate;

/// `events.seq = ANY(ARRAY(…))`: the events of rows `offset..offset + limit` of the merged list.
#[derive(Debug, Clone)]
pub struct Merged {
    /// The one event name, or every stored one.
    pub event_name: Option<String>,
    pub sources: Vec<&'static str>,
    /// A meter's filter, on `events.metadata`.
    pub predicate: Option<Predicate>,
    pub received_until: Option<DateTime<Utc>>,
    pub from: Option<DateTime<Utc>>,
    pub to: Option<DateTime<Utc>>,
    /// Strictly after this (ts, seq).
    pub after: Option<(DateTime<Utc>, i64)>,
    pub offset: i64,
    pub limit: i64,
    /// How many events each pair gives at most: `offset + limit`.
    pub depth: i64,
}

impl Expression for Merged {
    type SqlType = Bool;
}

impl QueryFragment<Pg> for Merged {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        // Planned at each view, never kept: a generic plan kept by the connection is made from the
        // table's size when it was planned, and one made while `events` was nearly empty (a fresh
        // install, a bench phase after its TRUNCATE) read the page's events by scanning every
        // event for as long as the connection lived (20-90 ms a view at 10 k events/s). Planning
        // costs about a millisecond.
        out.unsafe_to_cache_prepared();
        // An array, read once: as `seq IN (subquery)` a generic plan (the page's statements run on
        // theirs) guessed thousands of rows and hashed them against a scan of every event.
        out.push_sql("events.seq = ANY(ARRAY(SELECT x.seq FROM ");
        match &self.event_name {
            Some(name) => {
                out.push_sql("(SELECT ");
                out.push_bind_param::<Text, _>(name)?;
                out.push_sql("::text AS event_name)");
            }
            None => out.push_sql(event_pairs::EVERY_NAME),
        }
        out.push_sql(" n CROSS JOIN unnest(");
        out.push_bind_param::<Array<Text>, _>(&self.sources)?;
        // The inner `events` hides the outer one: the meter's filter, written on
        // `events.metadata`, reads the pair's events.
        out.push_sql(
            "::text[]) k(source) CROSS JOIN LATERAL (
            SELECT events.ts, events.seq FROM events
            WHERE events.event_name = n.event_name AND events.source = k.source
              AND events.ts >= COALESCE(",
        );
        out.push_bind_param::<Nullable<Timestamptz>, _>(&self.from)?;
        out.push_sql("::timestamptz, '-infinity') AND events.ts < COALESCE(");
        out.push_bind_param::<Nullable<Timestamptz>, _>(&self.to)?;
        out.push_sql("::timestamptz, 'infinity')");
        if let Some((ts, seq)) = &self.after {
            // Both forms, so that PostgreSQL bounds the index scan by the first.
            out.push_sql(" AND events.ts <= ");
            out.push_bind_param::<Timestamptz, _>(ts)?;
            out.push_sql(" AND (events.ts, events.seq) < (");
            out.push_bind_param::<Timestamptz, _>(ts)?;
            out.push_sql(", ");
            out.push_bind_param::<BigInt, _>(seq)?;
            out.push_sql(")");
        }
        if let Some(until) = &self.received_until {
            out.push_sql(" AND events.received_at <= ");
            out.push_bind_param::<Timestamptz, _>(until)?;
        }
        if let Some(p) = &self.predicate {
            out.push_sql(" AND (");
            p.walk_ast(out.reborrow())?;
            out.push_sql(")");
        }
        out.push_sql(" ORDER BY events.ts DESC, events.seq DESC LIMIT ");
        out.push_bind_param::<BigInt, _>(&self.depth)?;
        out.push_sql(") x ORDER BY x.ts DESC, x.seq DESC OFFSET ");
        out.push_bind_param::<BigInt, _>(&self.offset)?;
        out.push_sql(" LIMIT ");
        out.push_bind_param::<BigInt, _>(&self.limit)?;
        out.push_sql("))");
        Ok(())
    }
}

impl QueryId for Merged {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<QS> AppearsOnTable<QS> for Merged {}

impl<QS> SelectableExpression<QS> for Merged {}

impl ValidGrouping<()> for Merged {
    type IsAggregate = is_aggregate::Never;
}
