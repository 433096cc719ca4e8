//! All queries on statements. Rows are only ever inserted (a trigger refuses updates).

use std::collections::HashMap;

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::Text;
use rust_decimal::Decimal;

use super::model::{ADJUSTMENT, Statement, StatementLine};
use crate::db::Conn;
use crate::db::schema::{products, statement_lines, statements, subscriptions};
use crate::paging::Seek;
use crate::subscriptions::model::Subscription;

/// Per (closed cycle start, meter id): (consumed, charge) billed so far.
pub type Billed = HashMap<(DateTime<Utc>, String), BilledSoFar>;

/// What a closed cycle's meter has been billed so far, and the terms it was billed on.
#[derive(Debug, Clone, Default)]
pub struct BilledSoFar {
    /// The usage line's consumed plus every adjustment's consumed delta since.
    pub consumed: Decimal,
    /// The usage line's charge plus every adjustment's charge delta since.
    pub charge: Decimal,
    /// The price and free threshold the usage line froze (absent for a meter the cycle's
    /// statement had no line for).
    pub terms: Option<(serde_json::Value, Decimal)>,
}

/// A subscription, its product's billing interval and the start of its last closed cycle.
pub type Candidate = (Subscription, String, Option<DateTime<Utc>>);

/// Serialises closing one subscription's cycles until the transaction ends.
pub fn lock_subscription(conn: &mut Conn, subscription_id: &str) -> QueryResult<()> {
    diesel::sql_query("SELECT pg_advisory_xact_lock(hashtextextended($1, 727277))")
        .bind::<Text, _>(format!("statements|{subscription_id}"))
        .execute(conn)
        .map(|_| ())
}

/// Inserts a statement and its lines. A second statement for the same cycle fails on the
/// unique constraint.
pub fn insert(conn: &mut Conn, statement: &Statement, lines: &[StatementLine]) -> QueryResult<()> {
    diesel::insert_into(statements::table)
        .values((
            statements::id.eq(&statement.id),
            statements::subscription_id.eq(&statement.subscription_id),
            statements::customer_id.eq(&statement.customer_id),
            statements::product_id.eq(&statement.product_id),
            statements::period_start.eq(statement.period_start),
            statements::period_end.eq(statement.period_end),
            statements::closed_at.eq(statement.closed_at),
            statements::currency.eq(&statement.currency),
            statements::total.eq(statement.total),
        ))
        .execute(conn)?;
    if !lines.is_empty() {
        diesel::insert_into(statement_lines::table)
            .values(lines)
            .execute(conn)?;
    }
    Ok(())
}

pub fn find(conn: &mut Conn, id: &str) -> QueryResult<Option<Statement>> {
    statements::table
        .find(id)
        .select(Statement::as_select())
        .first(conn)
        .optional()
}

/// A statement's lines, in order.
pub fn lines_of(conn: &mut Conn, id: &str) -> QueryResult<Vec<StatementLine>> {
    statement_lines::table
        .filter(statement_lines::statement_id.eq(id))
        .order(statement_lines::position.asc())
        .select(StatementLine::as_select())
        .load(conn)
}

/// A page of a subscription's statements, newest cycle first (`limit` rows).
pub fn list_for_subscription(
    conn: &mut Conn,
    subscription_id: &str,
    seek: &Seek,
    limit: i64,
) -> QueryResult<Vec<Statement>> {
    let mut q = statements::table
        .filter(statements::subscription_id.eq(subscription_id))
        .select(Statement::as_select())
        .order((statements::period_start.desc(), statements::id.desc()))
        .into_boxed();
    if let Some(c) = seek.cursor() {
        q = q.filter(
            statements::period_start
                .lt(c.created_at)
                .or(statements::period_start
                    .eq(c.created_at)
                    .and(statements::id.lt(c.id.clone()))),
        );
    }
    q.offset(seek.offset()).limit(limit).load(conn)
}

/// Every statement of these subscriptions, newest cycle first (for the portal's pages: a
/// customer has few subscriptions and each a statement a cycle).
pub fn list_for_subscriptions(conn: &mut Conn, ids: &[String], limit: i64) -> QueryResult<Vec<Statement>> {
    statements::table
        .filter(statements::subscription_id.eq_any(ids))
        .select(Statement::as_select())
        .order((statements::period_start.desc(), statements::id.desc()))
        .limit(limit)
        .load(conn)
}

/// The subscription's closed cycles, oldest first: (period start, period end).
pub fn closed_periods(
    conn: &mut Conn,
    subscription_id: &str,
) -> QueryResult<Vec<(DateTime<Utc>, DateTime<Utc>)>> {
    statements::table
        .filter(statements::subscription_id.eq(subscription_id))
        .order(statements::period_start.asc())
        .select((statements::period_start, statements::period_end))
        .load(conn)
}

/// What has been billed so far for each closed cycle and meter of the subscription: the
/// cycle's usage line plus every adjustment carried for it since, as (consumed, charge).
pub fn billed(conn: &mut Conn, subscription_id: &str) -> QueryResult<Billed> {
    type Row = (
        DateTime<Utc>,
        Option<DateTime<Utc>>,
        String,
        Decimal,
        Decimal,
        Option<serde_json::Value>,
        Option<Decimal>,
    );
    let rows: Vec<Row> = statement_lines::table
        .inner_join(statements::table)
        .filter(statements::subscription_id.eq(subscription_id))
        .select((
            statements::period_start,
            statement_lines::for_period_start,
            statement_lines::meter_id,
            statement_lines::quantity,
            statement_lines::amount,
            statement_lines::price,
            statement_lines::free_threshold,
        ))
        .load(conn)?;
    let mut out = Billed::new();
    for (own, for_start, meter, q, a, price, free) in rows {
        let e = out.entry((for_start.unwrap_or(own), meter)).or_default();
        e.consumed += q;
        e.charge += a;
        if let (None, Some(price)) = (for_start, price) {
            e.terms = Some((price, free.unwrap_or_default()));
        }
    }
    Ok(out)
}

/// Subscriptions that started at or before `until` with their product's billing interval,
/// and the start of their last closed cycle (if any): what the closer looks through.
pub fn closing_candidates(conn: &mut Conn, until: DateTime<Utc>) -> QueryResult<Vec<Candidate>> {
    let subs: Vec<(Subscription, String)> = subscriptions::table
        .inner_join(products::table)
        .filter(subscriptions::start_at.le(until))
        .order(subscriptions::id.asc())
        .select((Subscription::as_select(), products::billing_interval))
        .load(conn)?;
    let last: HashMap<String, Option<DateTime<Utc>>> = statements::table
        .group_by(statements::subscription_id)
        .select((
            statements::subscription_id,
            diesel::dsl::max(statements::period_start),
        ))
        .load::<(String, Option<DateTime<Utc>>)>(conn)?
        .into_iter()
        .collect();
    Ok(subs
        .into_iter()
        .map(|(s, interval)| {
            let l = last.get(&s.id).copied().flatten();
            (s, interval, l)
        })
        .collect())
}

/// The start of the subscription's last closed cycle.
pub fn last_closed_start(conn: &mut Conn, subscription_id: &str) -> QueryResult<Option<DateTime<Utc>>> {
    statements::table
        .filter(statements::subscription_id.eq(subscription_id))
        .select(diesel::dsl::max(statements::period_start))
        .first(conn)
}

/// Subscriptions with at least one statement (what the late-usage view looks through).
pub fn subscriptions_with_statements(conn: &mut Conn, limit: i64) -> QueryResult<Vec<String>> {
    statements::table
        .select(statements::subscription_id)
        .distinct()
        .order(statements::subscription_id.asc())
        .limit(limit)
        .load(conn)
}

/// Adjustment lines already billed, newest statement first, with their statement.
pub fn billed_adjustments(conn: &mut Conn, limit: i64) -> QueryResult<Vec<(Statement, StatementLine)>> {
    statement_lines::table
        .inner_join(statements::table)
        .filter(statement_lines::kind.eq(ADJUSTMENT))
        .order((
            statements::closed_at.desc(),
            statements::id.desc(),
            statement_lines::position.asc(),
        ))
        .limit(limit)
        .select((Statement::as_select(), StatementLine::as_select()))
        .load(conn)
}
