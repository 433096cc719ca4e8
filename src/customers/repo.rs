//! All queries on customers.

use diesel::prelude::*;
use diesel::sql_types::Text;

use super::model::{Customer, ValidCustomer};
use crate::db::Conn;
use crate::db::schema::customers;
use crate::paging::Cursor;

diesel::define_sql_function! {
    /// `lower(id || ' ' || email || ' ' || name) LIKE pattern`, served by the trigram index.
    #[sql_name = "md_customer_matches"]
    fn customer_matches(id: Text, email: Text, name: Text, pattern: Text) -> diesel::sql_types::Bool;
}

pub fn insert(conn: &mut Conn, c: &ValidCustomer) -> QueryResult<Customer> {
    diesel::insert_into(customers::table)
        .values((
            customers::id.eq(c.id.as_str()),
            customers::email.eq(&c.email),
            customers::name.eq(&c.name),
        ))
        .returning(Customer::as_returning())
        .get_result(conn)
}

pub fn find(conn: &mut Conn, id: &str) -> QueryResult<Option<Customer>> {
    customers::table
        .find(id)
        .select(Customer::as_select())
        .first(conn)
        .optional()
}

/// The customer, locked until the transaction ends.
pub fn find_for_update(conn: &mut Conn, id: &str) -> QueryResult<Option<Customer>> {
    customers::table
        .find(id)
        .select(Customer::as_select())
        .for_update()
        .first(conn)
        .optional()
}

pub fn update(conn: &mut Conn, id: &str, email: &str, name: &str) -> QueryResult<Option<Customer>> {
    diesel::update(customers::table.find(id))
        .set((
            customers::email.eq(email),
            customers::name.eq(name),
            customers::updated_at.eq(diesel::dsl::now),
        ))
        .returning(Customer::as_returning())
        .get_result(conn)
        .optional()
}

/// Escapes `%`, `_` and `\` so the search text is matched literally.
fn like_pattern(search: &str) -> String {
    let mut p = String::from("%");
    for ch in search.trim().to_lowercase().chars() {
        if matches!(ch, '%' | '_' | '\\') {
            p.push('\\');
        }
        p.push(ch);
    }
    p.push('%');
    p
}

/// Newest first, `limit` rows after `after`, optionally only those whose id, email or name
/// contains `search` (case-insensitive).
pub fn list(
    conn: &mut Conn,
    search: Option<&str>,
    after: Option<&Cursor>,
    limit: i64,
) -> QueryResult<Vec<Customer>> {
    let mut q = customers::table.select(Customer::as_select()).into_boxed();
    if let Some(s) = search.filter(|s| !s.trim().is_empty()) {
        q = q.filter(customer_matches(
            customers::id,
            customers::email,
            customers::name,
            like_pattern(s),
        ));
    }
    if let Some(c) = after {
        q = q.filter(
            customers::created_at.lt(c.created_at).or(customers::created_at
                .eq(c.created_at)
                .and(customers::id.lt(&c.id))),
        );
    }
    q.order((customers::created_at.desc(), customers::id.desc()))
        .limit(limit)
        .load(conn)
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(super::like_pattern(" Ac%me_ "), "%ac\\%me\\_%");
    }
}
