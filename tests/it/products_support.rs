//! Helpers shared by the product tests: meters inserted directly, what got stored and audited,
//! and the product form.

use diesel::prelude::*;
use reqwest::StatusCode;
use reqwest::header::LOCATION;
use serde_json::Value;

use crate::support::app::{Session, TestApp};

/// Inserts a meter directly (the meters module is built separately).
pub(crate) fn meter(app: &TestApp, id: &str, name: &str, unit: &str, status: &str) {
    diesel::sql_query(
        "INSERT INTO meters (id, name, event_name, aggregation, aggregation_key, unit, status) \
         VALUES ($1, $2, 'api.call', 'count', NULL, $3, $4)",
    )
    .bind::<diesel::sql_types::Text, _>(id)
    .bind::<diesel::sql_types::Text, _>(name)
    .bind::<diesel::sql_types::Text, _>(unit)
    .bind::<diesel::sql_types::Text, _>(status)
    .execute(&mut app.conn())
    .unwrap();
}

pub(crate) fn product_count(app: &TestApp) -> i64 {
    use meterdesk::db::schema::products;
    products::table.count().get_result(&mut app.conn()).unwrap()
}

/// (action, details) of the audit rows about products, oldest first.
pub(crate) fn audit_rows(app: &TestApp) -> Vec<(String, Value)> {
    use meterdesk::db::schema::audit_log;
    audit_log::table
        .filter(audit_log::target_type.eq("product"))
        .order(audit_log::id.asc())
        .select((audit_log::action, audit_log::details))
        .load(&mut app.conn())
        .unwrap()
}

/// Undoes askama's HTML escaping, to compare messages with quotes and apostrophes.
fn unescape(s: &str) -> String {
    s.replace("&#39;", "'")
        .replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

pub(crate) async fn post_form(s: &Session, path: &str, fields: &[(String, String)]) -> (StatusCode, String) {
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, body) = s.post_text(path, &borrowed).await;
    (status, unescape(&body))
}

/// A product form: name, then (meter id, unit price, free threshold) rows priced per unit, then
/// extra fields.
pub(crate) fn form(name: &str, rows: &[(&str, &str, &str)], extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut f = vec![
        ("name".to_string(), name.to_string()),
        ("currency".into(), "USD".into()),
        ("billing_interval".into(), "monthly".into()),
    ];
    for (i, (id, price, free)) in rows.iter().enumerate() {
        f.push((format!("meters[{i}].meter_id"), id.to_string()));
        f.push((format!("meters[{i}].price.model"), "per_unit".to_string()));
        f.push((format!("meters[{i}].price.unit_price"), price.to_string()));
        f.push((format!("meters[{i}].free_threshold"), free.to_string()));
    }
    for (k, v) in extra {
        f.retain(|(key, _)| key != k);
        f.push((k.to_string(), v.to_string()));
    }
    f
}

pub(crate) fn location(res: &reqwest::Response) -> String {
    res.headers()[LOCATION].to_str().unwrap().to_string()
}
