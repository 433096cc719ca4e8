//! Compiling a filter to a PostgreSQL predicate with bound parameters.
//!
//! The predicate uses `md_num` / `md_text` from [`crate::metering::numeric::SQL_FUNCTIONS`],
//! is never NULL (every condition is wrapped in `COALESCE(…, false)`), and agrees with
//! [`Filter::matches`]. Keys and values are always bind parameters, never SQL text.

use std::fmt::Write as _;

use rust_decimal::Decimal;

use super::{Clause, Condition, Conjunction, Filter, Operator};

/// One piece of a compiled predicate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SqlPiece {
    /// Literal SQL text, to be written as is.
    Sql(String),
    /// A `text` bind parameter.
    Text(String),
    /// A `numeric` bind parameter.
    Numeric(Decimal),
}

/// A boolean SQL expression: SQL text interleaved with bind parameters, in order.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct SqlPredicate {
    pub pieces: Vec<SqlPiece>,
}

impl SqlPredicate {
    fn sql(&mut self, text: &str) {
        if let Some(SqlPiece::Sql(last)) = self.pieces.last_mut() {
            last.push_str(text);
        } else {
            self.pieces.push(SqlPiece::Sql(text.to_owned()));
        }
    }

    fn text(&mut self, value: &str) {
        self.pieces.push(SqlPiece::Text(value.to_owned()));
    }

    fn numeric(&mut self, value: Decimal) {
        self.pieces.push(SqlPiece::Numeric(value));
    }

    /// How many bind parameters the predicate has.
    pub fn bind_count(&self) -> usize {
        self.pieces
            .iter()
            .filter(|p| !matches!(p, SqlPiece::Sql(_)))
            .count()
    }

    /// The SQL with `$1, $2, …` for the parameters (for tests and logs).
    pub fn to_debug_string(&self) -> String {
        let mut out = String::new();
        let mut n = 0;
        for piece in &self.pieces {
            match piece {
                SqlPiece::Sql(s) => out.push_str(s),
                SqlPiece::Text(_) | SqlPiece::Numeric(_) => {
                    n += 1;
                    let _ = write!(out, "${n}");
                }
            }
        }
        out
    }
}

fn check_column(column: &str) {
    debug_assert!(
        !column.is_empty()
            && column
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b == b'_' || b == b'.'),
        "metadata column must be a trusted identifier like e.metadata, got {column:?}"
    );
}

impl Filter {
    /// The filter as a never-NULL boolean SQL expression over the `jsonb` column
    /// `metadata_column` (a trusted identifier such as `e.metadata`), e.g.
    /// `(COALESCE(md_num(e.metadata -> $1) > $2, false))`.
    pub fn to_sql(&self, metadata_column: &str) -> SqlPredicate {
        check_column(metadata_column);
        let mut out = SqlPredicate::default();
        self.push_sql(metadata_column, &mut out);
        out
    }

    fn push_sql(&self, column: &str, out: &mut SqlPredicate) {
        let joiner = match self.conjunction {
            Conjunction::And => " AND ",
            Conjunction::Or => " OR ",
        };
        out.sql("(");
        for (i, clause) in self.clauses.iter().enumerate() {
            if i > 0 {
                out.sql(joiner);
            }
            match clause {
                Clause::Condition(c) => c.push_sql(column, out),
                Clause::Group(g) => g.push_sql(column, out),
            }
        }
        if self.clauses.is_empty() {
            // An empty group is refused by validation; mirror `matches` anyway.
            out.sql(match self.conjunction {
                Conjunction::And => "true",
                Conjunction::Or => "false",
            });
        }
        out.sql(")");
    }
}

impl Condition {
    /// This condition alone, e.g. `COALESCE(md_num(e.metadata -> $1) > $2, false)`.
    pub fn to_sql(&self, metadata_column: &str) -> SqlPredicate {
        check_column(metadata_column);
        let mut out = SqlPredicate::default();
        self.push_sql(metadata_column, &mut out);
        out
    }

    fn push_sql(&self, column: &str, out: &mut SqlPredicate) {
        if self.operator.is_numeric() && self.value.numeric().is_none() {
            // Refused by validation; `matches` says false.
            out.sql("false");
            return;
        }
        if self.operator.is_negated() {
            out.sql("(");
            self.push_field("md_text", column, out);
            out.sql(" IS NOT NULL AND NOT COALESCE(");
            self.push_positive(column, out);
            out.sql(", false))");
        } else {
            out.sql("COALESCE(");
            self.push_positive(column, out);
            out.sql(", false)");
        }
    }

    /// `md_num(col -> $k)` / `md_text(col -> $k)`.
    fn push_field(&self, function: &str, column: &str, out: &mut SqlPredicate) {
        out.sql(function);
        out.sql("(");
        out.sql(column);
        out.sql(" -> ");
        out.text(&self.key);
        out.sql(")");
    }

    /// The positive comparison, which may be NULL.
    fn push_positive(&self, column: &str, out: &mut SqlPredicate) {
        let text = self.value.text();
        match self.operator {
            Operator::Equals | Operator::NotEquals => match self.value.numeric() {
                Some(number) => {
                    out.sql("CASE WHEN ");
                    self.push_field("md_num", column, out);
                    out.sql(" IS NOT NULL THEN ");
                    self.push_field("md_num", column, out);
                    out.sql(" = ");
                    out.numeric(number);
                    out.sql(" ELSE ");
                    self.push_field("md_text", column, out);
                    out.sql(" = ");
                    out.text(&text);
                    out.sql(" END");
                }
                None => {
                    self.push_field("md_text", column, out);
                    out.sql(" = ");
                    out.text(&text);
                }
            },
            Operator::GreaterThan
            | Operator::GreaterThanOrEquals
            | Operator::LessThan
            | Operator::LessThanOrEquals => {
                let symbol = match self.operator {
                    Operator::GreaterThan => " > ",
                    Operator::GreaterThanOrEquals => " >= ",
                    Operator::LessThan => " < ",
                    _ => " <= ",
                };
                self.push_field("md_num", column, out);
                out.sql(symbol);
                out.numeric(self.value.numeric().unwrap_or_default());
            }
            Operator::Contains | Operator::DoesNotContain => {
                out.sql("strpos(");
                self.push_field("md_text", column, out);
                out.sql(", ");
                out.text(&text);
                out.sql(") > 0");
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;
    use crate::metering::filter::FilterValue;

    fn cond(key: &str, operator: Operator, value: FilterValue) -> Condition {
        Condition {
            key: key.into(),
            operator,
            value,
        }
    }

    #[test]
    fn greater_than_example() {
        let c = cond("tokens", Operator::GreaterThan, FilterValue::Number(100.into()));
        let sql = c.to_sql("e.metadata");
        assert_eq!(
            sql.pieces,
            vec![
                SqlPiece::Sql("COALESCE(md_num(e.metadata -> ".into()),
                SqlPiece::Text("tokens".into()),
                SqlPiece::Sql(") > ".into()),
                SqlPiece::Numeric(100.into()),
                SqlPiece::Sql(", false)".into()),
            ]
        );
        assert_eq!(
            sql.to_debug_string(),
            "COALESCE(md_num(e.metadata -> $1) > $2, false)"
        );
        assert_eq!(sql.bind_count(), 2);
    }

    #[test]
    fn each_operator() {
        let sql = |op, v| cond("k", op, v).to_sql("m").to_debug_string();
        let text = || FilterValue::Text("eu".into());
        let num = || FilterValue::Number("1.50".parse().unwrap());
        assert_eq!(
            sql(Operator::Equals, text()),
            "COALESCE(md_text(m -> $1) = $2, false)"
        );
        assert_eq!(
            sql(Operator::Equals, num()),
            "COALESCE(CASE WHEN md_num(m -> $1) IS NOT NULL THEN md_num(m -> $2) = $3 \
             ELSE md_text(m -> $4) = $5 END, false)"
        );
        assert_eq!(
            sql(Operator::NotEquals, FilterValue::Bool(true)),
            "(md_text(m -> $1) IS NOT NULL AND NOT COALESCE(md_text(m -> $2) = $3, false))"
        );
        assert_eq!(
            sql(Operator::GreaterThanOrEquals, num()),
            "COALESCE(md_num(m -> $1) >= $2, false)"
        );
        assert_eq!(
            sql(Operator::LessThan, num()),
            "COALESCE(md_num(m -> $1) < $2, false)"
        );
        assert_eq!(
            sql(Operator::LessThanOrEquals, num()),
            "COALESCE(md_num(m -> $1) <= $2, false)"
        );
        assert_eq!(sql(Operator::LessThan, text()), "false");
        assert_eq!(
            sql(Operator::Contains, text()),
            "COALESCE(strpos(md_text(m -> $1), $2) > 0, false)"
        );
        assert_eq!(
            sql(Operator::DoesNotContain, text()),
            "(md_text(m -> $1) IS NOT NULL AND NOT COALESCE(strpos(md_text(m -> $2), $3) > 0, false))"
        );
        let p = cond("k", Operator::Equals, num()).to_sql("m");
        let binds: Vec<_> = p
            .pieces
            .iter()
            .filter(|p| !matches!(p, SqlPiece::Sql(_)))
            .collect();
        assert_eq!(
            binds,
            vec![
                &SqlPiece::Text("k".into()),
                &SqlPiece::Text("k".into()),
                &SqlPiece::Numeric("1.5".parse().unwrap()),
                &SqlPiece::Text("k".into()),
                &SqlPiece::Text("1.50".into()),
            ]
        );
    }

    #[test]
    fn nested_filter() {
        let f = Filter::from_json(&json!({"conjunction": "and", "clauses": [
            {"key": "region", "operator": "equals", "value": "eu"},
            {"conjunction": "or", "clauses": [
                {"key": "tier", "operator": "not_equals", "value": "free"},
                {"key": "tokens", "operator": "greater_than", "value": "100"}]}]}))
        .unwrap();
        let sql = f.to_sql("e.metadata");
        assert_eq!(
            sql.to_debug_string(),
            "(COALESCE(md_text(e.metadata -> $1) = $2, false) AND \
             ((md_text(e.metadata -> $3) IS NOT NULL AND NOT COALESCE(md_text(e.metadata -> $4) = $5, false)) \
             OR COALESCE(md_num(e.metadata -> $6) > $7, false)))"
        );
        assert_eq!(sql.bind_count(), 7);
        assert_eq!(sql.pieces.get(1), Some(&SqlPiece::Text("region".into())));
        assert_eq!(sql.pieces.last(), Some(&SqlPiece::Sql(", false)))".into())));
    }

    #[test]
    fn hostile_keys_and_values_stay_bound() {
        let c = cond(
            "k'); DROP TABLE events; --",
            Operator::Contains,
            FilterValue::Text("' OR 1=1".into()),
        );
        let sql = c.to_sql("e.metadata");
        for piece in &sql.pieces {
            if let SqlPiece::Sql(s) = piece {
                assert!(!s.contains('\''), "{s}");
            }
        }
    }
}
