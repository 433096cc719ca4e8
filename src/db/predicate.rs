//! A compiled meter filter as a diesel boolean expression: literal SQL pieces are written as
//! they are, every key and value is pushed as a bind parameter.

use diesel::expression::{AppearsOnTable, Expression, SelectableExpression, ValidGrouping, is_aggregate};
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::result::QueryResult;
use diesel::sql_types::{Bool, Numeric, Text};

use crate::metering::{SqlPiece, SqlPredicate};

/// Use as `events::table.filter(Predicate(filter.to_sql("events.metadata")))`.
#[derive(Debug, Clone)]
pub struct Predicate(pub SqlPredicate);

impl Expression for Predicate {
    type SqlType = Bool;
}

impl QueryFragment<Pg> for Predicate {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        for piece in &self.0.pieces {
            match piece {
                SqlPiece::Sql(sql) => out.push_sql(sql),
                SqlPiece::Text(text) => out.push_bind_param::<Text, _>(text)?,
                SqlPiece::Numeric(n) => out.push_bind_param::<Numeric, _>(n)?,
            }
        }
        Ok(())
    }
}

impl QueryId for Predicate {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<QS> AppearsOnTable<QS> for Predicate {}

impl<QS> SelectableExpression<QS> for Predicate {}

impl ValidGrouping<()> for Predicate {
    type IsAggregate = is_aggregate::Never;
}
