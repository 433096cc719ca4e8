//! All queries on subscriptions.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::model::{Subscription, SubscriptionView};
use crate::db::Conn;
use crate::db::schema::{products, subscriptions};
use crate::products::model::Product;

pub fn insert(
    conn: &mut Conn,
    id: &str,
    customer_id: &str,
    product_id: &str,
    start_at: DateTime<Utc>,
) -> QueryResult<Subscription> {
    diesel::insert_into(subscriptions::table)
        .values((
            subscriptions::id.eq(id),
            subscriptions::customer_id.eq(customer_id),
            subscriptions::product_id.eq(product_id),
            subscriptions::start_at.eq(start_at),
        ))
        .returning(Subscription::as_returning())
        .get_result(conn)
}

/// The customer's subscription to this product whose cycles would overlap one starting at
/// `start` and running on (one not ended, or ending after `start`), if any.
pub fn overlapping(
    conn: &mut Conn,
    customer_id: &str,
    product_id: &str,
    start: DateTime<Utc>,
) -> QueryResult<Option<Subscription>> {
    subscriptions::table
        .filter(subscriptions::customer_id.eq(customer_id))
        .filter(subscriptions::product_id.eq(product_id))
        .filter(
            subscriptions::end_at
                .is_null()
                .or(subscriptions::end_at.gt(start)),
        )
        .order(subscriptions::start_at.asc())
        .select(Subscription::as_select())
        .first(conn)
        .optional()
}

/// The customer's subscriptions that start at `anchor` to a product billed every `interval`
/// (one billing scheme).
pub fn count_with_scheme(
    conn: &mut Conn,
    customer_id: &str,
    anchor: DateTime<Utc>,
    interval: &str,
) -> QueryResult<i64> {
    subscriptions::table
        .inner_join(products::table)
        .filter(subscriptions::customer_id.eq(customer_id))
        .filter(subscriptions::start_at.eq(anchor))
        .filter(products::billing_interval.eq(interval))
        .count()
        .get_result(conn)
}

pub fn find(conn: &mut Conn, id: &str) -> QueryResult<Option<Subscription>> {
    subscriptions::table
        .find(id)
        .select(Subscription::as_select())
        .first(conn)
        .optional()
}

/// The subscription and its product, in one query (the usage API reads both per request).
pub fn find_with_product(conn: &mut Conn, id: &str) -> QueryResult<Option<(Subscription, Product)>> {
    subscriptions::table
        .inner_join(products::table)
        .filter(subscriptions::id.eq(id))
        .select((Subscription::as_select(), Product::as_select()))
        .first(conn)
        .optional()
}

pub fn set_end(conn: &mut Conn, id: &str, end_at: DateTime<Utc>) -> QueryResult<Subscription> {
    diesel::update(subscriptions::table.find(id))
        .set(subscriptions::end_at.eq(end_at))
        .returning(Subscription::as_returning())
        .get_result(conn)
}

/// A customer's subscriptions, newest start first (a customer has few).
pub fn list_for_customer(conn: &mut Conn, customer_id: &str) -> QueryResult<Vec<SubscriptionView>> {
    let rows: Vec<(Subscription, String, String)> = subscriptions::table
        .inner_join(products::table)
        .filter(subscriptions::customer_id.eq(customer_id))
        .order((subscriptions::start_at.desc(), subscriptions::id.desc()))
        .limit(500)
        .select((Subscription::as_select(), products::name, products::currency))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .map(|(sub, product_name, currency)| SubscriptionView {
            sub,
            product_name,
            currency,
        })
        .collect())
}

/// Products a customer can be subscribed to: (id, name, currency), by name.
pub fn product_choices(conn: &mut Conn) -> QueryResult<Vec<(String, String, String)>> {
    products::table
        .order((products::name.asc(), products::id.asc()))
        .limit(1000)
        .select((products::id, products::name, products::currency))
        .load(conn)
}

pub fn product_exists(conn: &mut Conn, id: &str) -> QueryResult<bool> {
    diesel::select(diesel::dsl::exists(products::table.find(id))).get_result(conn)
}
