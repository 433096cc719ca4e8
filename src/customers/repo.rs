//! All queries on customers.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::Text;
use serde_json::Value;

use super::model::{Customer, PatchedCustomer, Profile, ValidCustomer};
use crate::db::Conn;
use crate::db::functions::lower;
use crate::db::schema::customers;
use crate::paging::{Keyset, Seek};

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
            customers::metadata.eq(Value::Object(c.profile.metadata.clone())),
            customers::phone_number.eq(&c.profile.phone_number),
            customers::preferred_locale.eq(&c.profile.preferred_locale),
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

/// Saves every field a PATCH may change.
pub fn update_patched(conn: &mut Conn, id: &str, c: &PatchedCustomer) -> QueryResult<Option<Customer>> {
    let Profile {
        metadata,
        phone_number,
        preferred_locale,
    } = &c.profile;
    diesel::update(customers::table.find(id))
        .set((
            customers::email.eq(&c.email),
            customers::name.eq(&c.name),
            customers::metadata.eq(Value::Object(metadata.clone())),
            customers::phone_number.eq(phone_number),
            customers::preferred_locale.eq(preferred_locale),
            customers::updated_at.eq(diesel::dsl::now),
        ))
        .returning(Customer::as_returning())
        .get_result(conn)
        .optional()
}

/// A customer list's filters, all optional, joined with AND.
#[derive(Debug, Clone, Default)]
pub struct ListFilter {
    /// Any part of the id, email or name (case-insensitive).
    pub search: Option<String>,
    /// The email, exactly (emails are stored lowercase).
    pub email: Option<String>,
    /// Any part of the name (case-insensitive).
    pub name: Option<String>,
    /// Created at or after.
    pub created_from: Option<DateTime<Utc>>,
    /// Created at or before.
    pub created_until: Option<DateTime<Utc>>,
}

/// The newest `limit` customers whose id, email or name contains `search` (all without one).
pub fn search(conn: &mut Conn, search: Option<&str>, limit: i64) -> QueryResult<Vec<Customer>> {
    let filter = ListFilter {
        search: search.map(str::to_string),
        ..Default::default()
    };
    list(conn, &filter, &Seek::Start, limit)
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

/// Newest first (by creation, then id), `limit` rows from `seek`, those the filter keeps.
pub fn list(conn: &mut Conn, f: &ListFilter, seek: &Seek, limit: i64) -> QueryResult<Vec<Customer>> {
    let mut q = customers::table.select(Customer::as_select()).into_boxed();
    if let Some(s) = f.search.as_deref().filter(|s| !s.trim().is_empty()) {
        q = q.filter(customer_matches(
            customers::id,
            customers::email,
            customers::name,
            like_pattern(s),
        ));
    }
    if let Some(e) = &f.email {
        q = q.filter(customers::email.eq(e.trim().to_lowercase()));
    }
    if let Some(n) = f.name.as_deref().filter(|n| !n.trim().is_empty()) {
        q = q.filter(lower(customers::name).like(like_pattern(n)));
    }
    if let Some(t) = f.created_from {
        q = q.filter(customers::created_at.ge(t));
    }
    if let Some(t) = f.created_until {
        q = q.filter(customers::created_at.le(t));
    }
    if let Some(c) = seek.cursor() {
        q = q.filter(
            customers::created_at.lt(c.created_at).or(customers::created_at
                .eq(c.created_at)
                .and(customers::id.lt(&c.id))),
        );
    }
    q.order((customers::created_at.desc(), customers::id.desc()))
        .offset(seek.offset())
        .limit(limit)
        .load(conn)
}

/// Exact filters on the customers list (Stripe's `email` and `created`).
#[derive(Debug, Clone, Default)]
pub struct CustomerFilter {
    /// Exact, as stored (lowercase).
    pub email: Option<String>,
    /// Created at or after.
    pub created_from: Option<chrono::DateTime<chrono::Utc>>,
    /// Created before.
    pub created_until: Option<chrono::DateTime<chrono::Utc>>,
}

/// Newest first: `limit` customers matching `filter`, from where `keyset` says.
pub fn list_where(
    conn: &mut Conn,
    filter: &CustomerFilter,
    keyset: &Keyset,
    limit: i64,
) -> QueryResult<Vec<Customer>> {
    let mut q = customers::table.select(Customer::as_select()).into_boxed();
    if let Some(e) = &filter.email {
        q = q.filter(customers::email.eq(e.clone()));
    }
    if let Some(t) = filter.created_from {
        q = q.filter(customers::created_at.ge(t));
    }
    if let Some(t) = filter.created_until {
        q = q.filter(customers::created_at.lt(t));
    }
    match keyset {
        Keyset::First => q
            .order((customers::created_at.desc(), customers::id.desc()))
            .limit(limit)
            .load(conn),
        Keyset::After(c) => q
            .filter(
                customers::created_at.lt(c.created_at).or(customers::created_at
                    .eq(c.created_at)
                    .and(customers::id.lt(c.id.clone()))),
            )
            .order((customers::created_at.desc(), customers::id.desc()))
            .limit(limit)
            .load(conn),
        Keyset::Before(c) => {
            let mut rows: Vec<Customer> = q
                .filter(
                    customers::created_at.gt(c.created_at).or(customers::created_at
                        .eq(c.created_at)
                        .and(customers::id.gt(c.id.clone()))),
                )
                .order((customers::created_at.asc(), customers::id.asc()))
                .limit(limit)
                .load(conn)?;
            rows.reverse();
            Ok(rows)
        }
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn like_patterns_escape_wildcards() {
        assert_eq!(super::like_pattern(" Ac%me_ "), "%ac\\%me\\_%");
    }
}
