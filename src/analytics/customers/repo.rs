//! Queries for the customers usage table.

use chrono::{DateTime, Utc};
use diesel::pg::Pg;
use diesel::prelude::*;
use diesel::query_builder::QueryFragment;
use diesel::query_dsl::LoadQuery;
use diesel::sql_types::Text;

use crate::db::Conn;
use crate::db::row_compare::RowCompare;
use crate::db::schema::{customers, subscriptions};

/// Where a page of the table continues: after this customer's subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct LineCursor {
    pub customer_id: String,
    pub subscription_id: String,
}

impl LineCursor {
    /// `customer~subscription`: `~` appears in neither kind of id.
    pub fn encode(&self) -> String {
        format!("{}~{}", self.customer_id, self.subscription_id)
    }

    pub fn decode(raw: &str) -> Option<LineCursor> {
        let (c, s) = raw.split_once('~')?;
        (!c.is_empty() && !s.is_empty()).then(|| LineCursor {
            customer_id: c.into(),
            subscription_id: s.into(),
        })
    }
}

/// A subscription with its customer's email and name (selected from `subscriptions` joined
/// with `customers`).
#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = subscriptions, check_for_backend(diesel::pg::Pg))]
pub struct SubscriptionRow {
    pub id: String,
    pub customer_id: String,
    pub product_id: String,
    pub start_at: DateTime<Utc>,
    pub end_at: Option<DateTime<Utc>>,
    #[diesel(select_expression = customers::email)]
    pub customer_email: String,
    #[diesel(select_expression = customers::name)]
    pub customer_name: String,
}

/// Subscriptions active at some point in `[from, to]` (a single instant when equal), ordered
/// by customer id then subscription id, after the cursor.
pub fn subscriptions_in(
    conn: &mut Conn,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    after: Option<&LineCursor>,
    limit: i64,
) -> QueryResult<Vec<SubscriptionRow>> {
    page_query(from, to, after, limit).load(conn)
}

/// [`subscriptions_in`]'s statement: its text is the same for every page after the first (the
/// cursor's values are bound), so it stays prepared.
fn page_query(
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    after: Option<&LineCursor>,
    limit: i64,
) -> impl LoadQuery<'static, Conn, SubscriptionRow> + QueryFragment<Pg> {
    let mut q = subscriptions::table
        .inner_join(customers::table)
        .filter(subscriptions::start_at.le(to))
        .filter(subscriptions::end_at.is_null().or(subscriptions::end_at.gt(from)))
        .into_boxed();
    if let Some(c) = after {
        // A row comparison: the index in page order, `(customer_id, id)` with the filtered
        // columns included, starts at the cursor, and the page needs neither the heap nor a
        // sort. The same condition spelt with OR read every subscription before it on the kept
        // generic plan (a deep page of 1,200 subscriptions: 0.8 ms, against 0.3 ms with the
        // next one).
        q = q.filter(RowCompare::<Text, Text, _, _>::after(
            "(subscriptions.customer_id, subscriptions.id)",
            c.customer_id.clone(),
            c.subscription_id.clone(),
        ));
        // And the join's scan of customers starts there too (it read every customer before it).
        q = q.filter(customers::id.ge(c.customer_id.clone()));
    }
    q.order((subscriptions::customer_id.asc(), subscriptions::id.asc()))
        .limit(limit)
        .select(SubscriptionRow::as_select())
}

/// Subscriptions active at `at` whose product prices this meter, by customer.
pub fn subscriptions_with_meter(
    conn: &mut Conn,
    meter_id: &str,
    at: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<SubscriptionRow>> {
    use crate::db::schema::product_meters;
    subscriptions::table
        .inner_join(customers::table)
        .filter(subscriptions::start_at.le(at))
        .filter(subscriptions::end_at.is_null().or(subscriptions::end_at.gt(at)))
        .filter(diesel::dsl::exists(
            product_meters::table
                .filter(product_meters::product_id.eq(subscriptions::product_id))
                .filter(product_meters::meter_id.eq(meter_id.to_string())),
        ))
        .order((subscriptions::customer_id.asc(), subscriptions::id.asc()))
        .limit(limit)
        .select(SubscriptionRow::as_select())
        .load(conn)
}

#[cfg(test)]
mod tests {
    use chrono::{TimeZone, Utc};
    use diesel::pg::Pg;

    use super::{LineCursor, page_query};
    use crate::db::row_compare::kept_prepared;

    #[test]
    fn every_page_of_subscriptions_is_one_prepared_statement() {
        let at = Utc.with_ymd_and_hms(2026, 11, 30, 12, 0, 0).unwrap();
        let cursor = |c: &str, s: &str| LineCursor {
            customer_id: c.into(),
            subscription_id: s.into(),
        };
        let (a, b) = (cursor("cus_1", "sub_1"), cursor("cus_9", "sub_2"));
        let first = page_query(at, at, None, 51);
        let deep = page_query(at, at, Some(&a), 51);
        let deeper = page_query(at, at, Some(&b), 51);
        for q in [&first, &deep] {
            assert!(kept_prepared(q));
        }
        let text = |q| diesel::debug_query::<Pg, _>(q).to_string();
        let (deep, deeper) = (text(&deep), text(&deeper));
        // Same statement text, values bound: the cursor's ids appear only among the binds.
        assert_eq!(deep.split("-- binds").next(), deeper.split("-- binds").next());
        assert!(
            !deep.split("-- binds").next().unwrap().contains("cus_1"),
            "{deep}"
        );
    }
}
