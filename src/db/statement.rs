//! A SQL statement assembled from text and bound values, for the few statements whose shape
//! depends on data (a meter's compiled filter inside a rollup rebuild or an edge-hour read). Values are always
//! bound, never written into the SQL text.
//!
//! So a statement's text (its shape) repeats from one request to the next, and each connection
//! keeps it prepared: PostgreSQL plans it a few times, then reuses a generic plan, instead of
//! planning it at every execution (planning the analytics pages' statements cost as much as
//! running them). The shapes are bounded by the meters' definitions, not by the values; as a
//! guard against a shape per value, only the first [`MAX_SHAPES`] shapes a process meets are
//! kept prepared, the others are planned each time as before.

use std::collections::HashSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::{LazyLock, Mutex};

use chrono::{DateTime, Utc};
use diesel::pg::Pg;
use diesel::query_builder::{AstPass, QueryFragment, QueryId};
use diesel::result::QueryResult;
use diesel::sql_types::{Array, BigInt, Binary, Bool, Int4, Nullable, Numeric, Text, Timestamptz, Untyped};
use rust_decimal::Decimal;

use crate::metering::{SqlPiece, SqlPredicate};

#[derive(Debug, Clone)]
enum Piece {
    Sql(String),
    Text(String),
    Bytes(Vec<u8>),
    OptText(Option<String>),
    Numeric(Decimal),
    BigInt(i64),
    Bool(bool),
    OptTimestamp(Option<DateTime<Utc>>),
    TextArray(Vec<String>),
    IntArray(Vec<i32>),
    BoolArray(Vec<bool>),
    BigIntArray(Vec<i64>),
    TimestampArray(Vec<DateTime<Utc>>),
}

/// Build with `sql`, `bind_*` and `predicate`, then `.execute(conn)` (diesel's RunQueryDsl).
#[derive(Debug, Clone, Default)]
pub struct Statement {
    pieces: Vec<Piece>,
}

impl Statement {
    pub fn new(sql: &str) -> Self {
        Statement {
            pieces: vec![Piece::Sql(sql.to_string())],
        }
    }

    pub fn sql(mut self, sql: &str) -> Self {
        self.pieces.push(Piece::Sql(sql.to_string()));
        self
    }

    pub fn bind_text(mut self, v: &str) -> Self {
        self.pieces.push(Piece::Text(v.to_string()));
        self
    }

    pub fn bind_bytes(mut self, v: &[u8]) -> Self {
        self.pieces.push(Piece::Bytes(v.to_vec()));
        self
    }

    pub fn bind_i64(mut self, v: i64) -> Self {
        self.pieces.push(Piece::BigInt(v));
        self
    }

    pub fn bind_bool(mut self, v: bool) -> Self {
        self.pieces.push(Piece::Bool(v));
        self
    }

    pub fn bind_opt_text(mut self, v: Option<&str>) -> Self {
        self.pieces.push(Piece::OptText(v.map(str::to_string)));
        self
    }

    pub fn bind_opt_timestamp(mut self, v: Option<DateTime<Utc>>) -> Self {
        self.pieces.push(Piece::OptTimestamp(v));
        self
    }

    pub fn bind_text_array(mut self, v: Vec<String>) -> Self {
        self.pieces.push(Piece::TextArray(v));
        self
    }

    pub fn bind_int_array(mut self, v: Vec<i32>) -> Self {
        self.pieces.push(Piece::IntArray(v));
        self
    }

    pub fn bind_bool_array(mut self, v: Vec<bool>) -> Self {
        self.pieces.push(Piece::BoolArray(v));
        self
    }

    pub fn bind_i64_array(mut self, v: Vec<i64>) -> Self {
        self.pieces.push(Piece::BigIntArray(v));
        self
    }

    pub fn bind_timestamp_array(mut self, v: Vec<DateTime<Utc>>) -> Self {
        self.pieces.push(Piece::TimestampArray(v));
        self
    }

    /// Appends a compiled filter (its keys and values bound).
    pub fn predicate(mut self, p: &SqlPredicate) -> Self {
        for piece in &p.pieces {
            self.pieces.push(match piece {
                SqlPiece::Sql(s) => Piece::Sql(s.clone()),
                SqlPiece::Text(t) => Piece::Text(t.clone()),
                SqlPiece::Numeric(n) => Piece::Numeric(*n),
            });
        }
        self
    }
}

/// Shapes kept prepared per process at most (each is prepared once per pooled connection and
/// holds its plan in that backend's memory; the pages' reads use far fewer).
pub const MAX_SHAPES: usize = 256;

static SHAPES: LazyLock<Mutex<HashSet<u64>>> = LazyLock::new(Default::default);

impl Statement {
    /// A digest of the text and the kinds of the bound values (what a prepared statement is
    /// keyed by).
    fn shape(&self) -> u64 {
        let mut h = DefaultHasher::new();
        for piece in &self.pieces {
            match piece {
                Piece::Sql(s) => s.hash(&mut h),
                other => std::mem::discriminant(other).hash(&mut h),
            }
        }
        h.finish()
    }

    /// Whether this statement's shape is (or now becomes) one of those kept prepared.
    fn kept_prepared(&self) -> bool {
        let shape = self.shape();
        let mut shapes = SHAPES.lock().unwrap_or_else(|p| p.into_inner());
        if shapes.contains(&shape) {
            return true;
        }
        if shapes.len() < MAX_SHAPES {
            shapes.insert(shape);
            return true;
        }
        false
    }
}

impl QueryFragment<Pg> for Statement {
    fn walk_ast<'b>(&'b self, mut out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        if !self.kept_prepared() {
            out.unsafe_to_cache_prepared();
        }
        for piece in &self.pieces {
            match piece {
                Piece::Sql(s) => out.push_sql(s),
                Piece::Text(v) => out.push_bind_param::<Text, _>(v)?,
                Piece::Bytes(v) => out.push_bind_param::<Binary, _>(v)?,
                Piece::OptText(v) => out.push_bind_param::<Nullable<Text>, _>(v)?,
                Piece::Numeric(v) => out.push_bind_param::<Numeric, _>(v)?,
                Piece::BigInt(v) => out.push_bind_param::<BigInt, _>(v)?,
                Piece::Bool(v) => out.push_bind_param::<Bool, _>(v)?,
                Piece::OptTimestamp(v) => out.push_bind_param::<Nullable<Timestamptz>, _>(v)?,
                Piece::TextArray(v) => out.push_bind_param::<Array<Text>, _>(v)?,
                Piece::IntArray(v) => out.push_bind_param::<Array<Int4>, _>(v)?,
                Piece::BoolArray(v) => out.push_bind_param::<Array<Bool>, _>(v)?,
                Piece::BigIntArray(v) => out.push_bind_param::<Array<BigInt>, _>(v)?,
                Piece::TimestampArray(v) => out.push_bind_param::<Array<Timestamptz>, _>(v)?,
            }
        }
        Ok(())
    }
}

impl QueryId for Statement {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

/// Rows load like `sql_query`'s, into `QueryableByName` structs.
impl diesel::query_builder::Query for Statement {
    type SqlType = Untyped;
}

impl<Conn> diesel::RunQueryDsl<Conn> for Statement {}

impl Statement {
    /// The statement with its columns' SQL types, in order: rows load by position into tuples
    /// (or `Queryable` structs), not by name. For statements that return many rows: finding
    /// each field by its name compares it with every column's, at every row.
    pub fn typed<ST>(self) -> Typed<ST> {
        Typed(self, std::marker::PhantomData)
    }
}

/// A [`Statement`] whose columns are `ST` (see [`Statement::typed`]).
pub struct Typed<ST>(Statement, std::marker::PhantomData<ST>);

impl<ST> QueryFragment<Pg> for Typed<ST> {
    fn walk_ast<'b>(&'b self, out: AstPass<'_, 'b, Pg>) -> QueryResult<()> {
        self.0.walk_ast(out)
    }
}

impl<ST> QueryId for Typed<ST> {
    type QueryId = ();
    const HAS_STATIC_QUERY_ID: bool = false;
}

impl<ST: diesel::sql_types::SqlType> diesel::query_builder::Query for Typed<ST> {
    type SqlType = ST;
}

impl<ST, Conn> diesel::RunQueryDsl<Conn> for Typed<ST> {}
