//! A row comparison with two bound values, `(a, b) < ($1, $2)`, as a diesel boolean expression:
//! what a keyset page continues after. Diesel's `sql` literal would do, but it marks the whole
//! statement unsafe to keep prepared, so every page past the first was parsed and planned at
//! each view (B5's customers table with the page cache off: 23 of its 24 pages, a planning of
//! 0.22 ms each, more than the statement's run). This expression keeps the statement's text
//! fixed and its values bound, so it stays prepared like the first page's.

use std::marker::PhantomData;

use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping, is_aggregate};
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::result::QueryResult;
use diesel::serialize::ToSql;
use diesel::sql_types::{Bool, HasSqlType};

/// `(columns) op (a, b)`, with `a` bound as `A` and `b` as `B`. Use as
/// `.filter(RowCompare::<Text, Text, _, _>::after("(s.customer_id, s.id)", c, s))`.
#[derive(Debug, Clone)]
pub struct RowCompare<A, B, VA, VB> {
    /// The two columns, as SQL: `(t.a, t.b)`. Always a constant of the caller's.
    columns: &'static str,
    op: &'static str,
    a: VA,
    b: VB,
    types: PhantomData<(A, B)>,
}

impl<A, B, VA, VB> RowCompare<A, B, VA, VB> {
    /// The rows strictly after `(a, b)` in ascending order.
    pub fn after(columns: &'static str, a: VA, b: VB) -> Self {
        RowCompare {
            columns,
            op: " > (",
            a,
            b,
            types: PhantomData,
        }
    }

    /// The rows strictly before `(a, b)`: after it in descending order.
    pub fn before(columns: &'static str, a: VA, b: VB) -> Self {
        RowCompare {
            columns,
            op: " < (",
            a,
            b,
            types: PhantomData,
        }
    }
}

impl<A, B, VA, VB> Expression for RowCompare<A, B, VA, VB> {
    type SqlType = Bool;
}

impl<A, B, VA, VB> QueryFragment<Pg> for RowCompare<A, B, VA, VB>
where
    Pg: HasSqlType<A> + HasSqlType<B>,
    VA: ToSql<A, Pg>,
    VB: ToSql<B, Pg>,
{
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        out.push_sql(self.columns);
        out.push_sql(self.op);
        out.push_bind_param::<A, VA>(&self.a)?;
        out.push_sql(", ");
        out.push_bind_param::<B, VB>(&self.b)?;
        out.push_sql(")");
        Ok(())
    }
}

impl<A, B, VA, VB> QueryId for RowCompare<A, B, VA, VB> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<QS, A, B, VA, VB> AppearsOnTable<QS> for RowCompare<A, B, VA, VB> {}

impl<QS, A, B, VA, VB> SelectableExpression<QS> for RowCompare<A, B, VA, VB> {}

impl<A, B, VA, VB> ValidGrouping<()> for RowCompare<A, B, VA, VB> {
    type IsAggregate = is_aggregate::Never;
}

/// Whether diesel keeps the statement `q` prepared on each connection (its text fixed, its
/// values bound) instead of parsing and planning it at every execution.
#[cfg(test)]
pub fn kept_prepared<Q: QueryFragment<Pg>>(q: &Q) -> bool {
    q.is_safe_to_cache_prepared(&Pg).unwrap()
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use diesel::pg::Pg;
    use diesel::prelude::*;
    use diesel::sql_types::{BigInt, Text, Timestamptz};

    use super::{RowCompare, kept_prepared};
    use crate::db::schema::{events, subscriptions};

    #[test]
    fn a_keyset_page_stays_prepared_and_binds_its_values() {
        let ts = Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap();
        let q = events::table
            .into_boxed::<Pg>()
            .filter(RowCompare::<Timestamptz, BigInt, _, _>::before(
                "(events.ts, events.seq)",
                ts,
                7i64,
            ))
            .select(events::event_id)
            .limit(5);
        assert!(kept_prepared(&q));
        let sql = diesel::debug_query::<Pg, _>(&q).to_string();
        assert!(sql.contains("(events.ts, events.seq) < ($1, $2)"), "{sql}");

        let q = subscriptions::table
            .filter(RowCompare::<Text, Text, _, _>::after(
                "(subscriptions.customer_id, subscriptions.id)",
                "cus_1".to_string(),
                "sub_1".to_string(),
            ))
            .select(subscriptions::id);
        assert!(kept_prepared(&q));
        let sql = diesel::debug_query::<Pg, _>(&q).to_string();
        assert!(
            sql.contains("(subscriptions.customer_id, subscriptions.id) > ($1, $2)"),
            "{sql}"
        );
        // The literal it replaces is never kept prepared: a statement holding it is parsed and
        // planned at every execution.
        let literal = subscriptions::table
            .filter(
                diesel::dsl::sql::<diesel::sql_types::Bool>("(customer_id, id) > (")
                    .bind::<Text, _>("cus_1")
                    .sql(", ")
                    .bind::<Text, _>("sub_1")
                    .sql(")"),
            )
            .select(subscriptions::id);
        assert!(!kept_prepared(&literal));
    }
}
