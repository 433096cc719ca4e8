//! Products: pages and API.

use diesel::prelude::*;
use meterdesk::auth::model::Role;
use reqwest::StatusCode;
use reqwest::header::LOCATION;
use serde_json::{Value, json};

use crate::support::app::{Session, TestApp};
use crate::support::html;

/// Inserts a meter directly (the meters module is built separately).
fn meter(app: &TestApp, id: &str, name: &str, unit: &str, status: &str) {
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

fn product_count(app: &TestApp) -> i64 {
    use meterdesk::db::schema::products;
    products::table.count().get_result(&mut app.conn()).unwrap()
}

/// (action, details) of the audit rows about products, oldest first.
fn audit_rows(app: &TestApp) -> Vec<(String, Value)> {
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

async fn post_form(s: &Session, path: &str, fields: &[(String, String)]) -> (StatusCode, String) {
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let (status, body) = s.post_text(path, &borrowed).await;
    (status, unescape(&body))
}

/// A product form: name, then (meter id, price, free threshold) rows, then extra fields.
fn form(name: &str, rows: &[(&str, &str, &str)], extra: &[(&str, &str)]) -> Vec<(String, String)> {
    let mut f = vec![
        ("name".to_string(), name.to_string()),
        ("currency".into(), "USD".into()),
        ("billing_interval".into(), "monthly".into()),
    ];
    for (i, (id, price, free)) in rows.iter().enumerate() {
        f.push((format!("meters[{i}].meter_id"), id.to_string()));
        f.push((format!("meters[{i}].price_per_unit"), price.to_string()));
        f.push((format!("meters[{i}].free_threshold"), free.to_string()));
    }
    for (k, v) in extra {
        f.retain(|(key, _)| key != k);
        f.push((k.to_string(), v.to_string()));
    }
    f
}

fn location(res: &reqwest::Response) -> String {
    res.headers()[LOCATION].to_str().unwrap().to_string()
}

#[actix_web::test]
async fn an_editor_creates_a_product_and_sees_prices_and_the_worked_example() {
    let app = TestApp::spawn().await;
    meter(&app, "mtr_calls", "API calls", "calls", "active");
    meter(&app, "mtr_tokens", "Tokens", "tokens", "active");
    meter(&app, "mtr_old", "Old meter", "calls", "archived");
    let editor = app.session(Role::Editor).await;

    let (status, page) = editor.get_text("/products/new").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("/static/js/products.js"));
    assert!(page.contains("name=\"meters[0].meter_id\""));
    assert!(page.contains("<option value=\"mtr_calls\">API calls (calls)"));
    assert!(!page.contains("mtr_old"), "archived meters are not offered");
    assert!(page.contains("per unit, up to 12 decimal places, never rounded until the line total"));
    assert!(page.contains("units free in each billing cycle"));
    assert!(page.contains("<label for=\"f-meters[0].price_per_unit\">Price per unit</label>"));

    let fields: Vec<(String, String)> = form(
        "API access",
        &[("mtr_calls", "0.50", "100"), ("mtr_tokens", "0.000001", "")],
        &[("description", "Pay as you go"), ("action", "save")],
    );
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let res = editor.post("/products", &borrowed).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let to = location(&res);
    assert!(to.starts_with("/products/prod_"), "{to}");
    let id = to.trim_start_matches("/products/").to_string();

    let (status, page) = editor.get_text(&to).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Product API access created."));
    assert!(page.contains("Pay as you go"));
    assert_eq!(html::text_by_id(&page, "product-currency").unwrap(), "USD");
    assert_eq!(html::text_by_id(&page, "product-interval").unwrap(), "Monthly");
    assert_eq!(html::text_by_id(&page, "price-0").unwrap(), "$0.50 per call");
    assert_eq!(html::text_by_id(&page, "threshold-0").unwrap(), "100 calls");
    assert_eq!(html::text_by_id(&page, "price-1").unwrap(), "$0.000001 per token");
    assert_eq!(html::text_by_id(&page, "threshold-1").unwrap(), "0 tokens");
    // Default sample usage: twice the free threshold, or 1,000 when nothing is free.
    assert_eq!(
        html::text_by_id(&page, "example-0").unwrap(),
        "free 100, price $0.50, usage 200 → $50.00"
    );
    assert_eq!(
        html::text_by_id(&page, "example-1").unwrap(),
        "free 0, price $0.000001, usage 1,000 → $0.00"
    );
    // The spec's example, with the usage typed into the page's calculator.
    let (status, page) = editor
        .get_text(&format!("{to}?usage_0=250&usage_1=2000000"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(
        html::text_by_id(&page, "example-0").unwrap(),
        "free 100, price $0.50, usage 250 → $75.00"
    );
    assert_eq!(
        html::text_by_id(&page, "example-1").unwrap(),
        "free 0, price $0.000001, usage 2,000,000 → $2.00"
    );
    let (_, page) = editor.get_text(&format!("{to}?usage_0=-5")).await;
    assert!(
        html::text_by_id(&page, "example-0")
            .unwrap()
            .starts_with("Enter a usage such as 250")
    );

    // Stored exactly, never through a float.
    {
        use meterdesk::db::schema::product_meters;
        let prices: Vec<rust_decimal::Decimal> = product_meters::table
            .filter(product_meters::product_id.eq(&id))
            .order(product_meters::position.asc())
            .select(product_meters::price_per_unit)
            .load(&mut app.conn())
            .unwrap();
        assert_eq!(prices[0].normalize().to_string(), "0.5");
        assert_eq!(prices[1].normalize().to_string(), "0.000001");
    }
    let audit = audit_rows(&app);
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].0, "product.create");
    assert_eq!(audit[0].1["name"], "API access");
    assert_eq!(
        audit[0].1["meters"],
        json!([
            {"meter_id": "mtr_calls", "price_per_unit": "0.50", "free_threshold": "100"},
            {"meter_id": "mtr_tokens", "price_per_unit": "0.000001", "free_threshold": "0"},
        ])
    );

    // The list shows it.
    let (status, list) = editor.get_text("/products").await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains(&format!("<a href=\"/products/{id}\">API access</a>")));
    assert!(list.contains("<td>USD</td>"));
    assert!(list.contains("<td>Monthly</td>"));
    assert!(list.contains("<td class=\"num\">2</td>"));
    assert!(!list.contains("No products yet"));
}

#[actix_web::test]
async fn the_list_says_what_to_do_when_empty() {
    let app = TestApp::spawn().await;
    let editor = app.session(Role::Editor).await;
    let (status, page) = editor.get_text("/products").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("No products yet — <a href=\"/products/new\">create a usage-based product</a>"));
}

#[actix_web::test]
async fn an_editor_edits_a_product_and_the_change_is_audited() {
    let app = TestApp::spawn().await;
    meter(&app, "mtr_a", "API calls", "calls", "active");
    meter(&app, "mtr_b", "Storage", "GB", "active");
    let api = app.api();
    let (status, created) = api
        .post(
            "/api/v1/products",
            &json!({"name": "Basic", "meters": [{"meter_id": "mtr_a", "price_per_unit": "0.50", "free_threshold": "100"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED, "{created}");
    let id = created["id"].as_str().unwrap().to_string();
    let editor = app.session(Role::Editor).await;

    let (status, page) = editor.get_text(&format!("/products/{id}/edit")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("value=\"Basic\""));
    assert!(page.contains("<option value=\"mtr_a\" selected>"));
    assert!(page.contains("name=\"meters[0].price_per_unit\" type=\"text\" value=\"0.50\""));
    assert!(page.contains("name=\"meters[0].free_threshold\" type=\"text\" value=\"100\""));
    assert!(page.contains("<option value=\"USD\" selected>"));

    let fields = form(
        "Basic plus",
        &[("mtr_b", "0.02", "5"), ("mtr_a", "0.45", "100")],
        &[("billing_interval", "yearly"), ("currency", "EUR")],
    );
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let res = editor.post(&format!("/products/{id}"), &borrowed).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&res), format!("/products/{id}"));
    let (_, page) = editor.get_text(&format!("/products/{id}")).await;
    assert!(page.contains("Product Basic plus saved."));
    assert_eq!(html::text_by_id(&page, "product-interval").unwrap(), "Yearly");
    assert_eq!(html::text_by_id(&page, "price-0").unwrap(), "€0.02 per GB");
    assert_eq!(html::text_by_id(&page, "threshold-0").unwrap(), "5 GB");
    assert_eq!(html::text_by_id(&page, "price-1").unwrap(), "€0.45 per call");

    let (_, json) = api.get(&format!("/api/v1/products/{id}")).await;
    assert_eq!(json["name"], "Basic plus");
    assert_eq!(json["currency"], "EUR");
    assert_eq!(json["billing_interval"], "yearly");
    assert_eq!(json["meters"][0]["meter_id"], "mtr_b");
    assert_eq!(json["meters"][1]["price_per_unit"], "0.45");

    let audit = audit_rows(&app);
    assert_eq!(
        audit.iter().map(|(a, _)| a.as_str()).collect::<Vec<_>>(),
        ["product.create", "product.update"]
    );
    let details = &audit[1].1;
    assert_eq!(details["before"]["name"], "Basic");
    assert_eq!(details["before"]["meters"][0]["price_per_unit"], "0.50");
    assert_eq!(details["after"]["name"], "Basic plus");
    assert_eq!(details["after"]["currency"], "EUR");
    assert_eq!(details["after"]["meters"][1]["price_per_unit"], "0.45");

    // Unknown products are 404 for every page.
    assert_eq!(
        editor.get("/products/prod_nope").await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(
        editor.get("/products/prod_nope/edit").await.status(),
        StatusCode::NOT_FOUND
    );
    let (status, _) = post_form(&editor, "/products/prod_nope", &fields).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn the_api_creates_lists_and_gets_products_with_decimals_as_strings() {
    let app = TestApp::spawn().await;
    meter(&app, "mtr_a", "API calls", "calls", "active");
    meter(&app, "mtr_t", "Tokens", "tokens", "active");
    let api = app.api();
    // Prices as a string and as a JSON number (read from its exact text).
    let body = r#"{"name": "Tokens", "description": "LLM usage", "currency": "EUR", "billing_interval": "yearly",
        "meters": [{"meter_id": "mtr_t", "price_per_unit": 0.000001, "free_threshold": 1000},
                   {"meter_id": "mtr_a", "price_per_unit": "0.50"}]}"#;
    let res = api
        .client
        .post(api.url("/api/v1/products"))
        .bearer_auth(&api.key)
        .header("content-type", "application/json")
        .body(body)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = res.json().await.unwrap();
    let id = created["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("prod_"));
    assert_eq!(created["name"], "Tokens");
    assert_eq!(created["description"], "LLM usage");
    assert_eq!(created["currency"], "EUR");
    assert_eq!(created["billing_interval"], "yearly");
    assert_eq!(
        created["meters"],
        json!([
            {"meter_id": "mtr_t", "price_per_unit": "0.000001", "free_threshold": "1000"},
            {"meter_id": "mtr_a", "price_per_unit": "0.50", "free_threshold": "0"},
        ])
    );
    assert!(created["created_at"].as_str().unwrap().ends_with('Z'));

    let (status, got) = api.get(&format!("/api/v1/products/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got, created);

    // Defaults: USD, monthly.
    let (status, second) = api
        .post(
            "/api/v1/products",
            &json!({"name": "Calls", "meters": [{"meter_id": "mtr_a", "price_per_unit": "2", "free_threshold": "0.5"}]}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    assert_eq!(second["currency"], "USD");
    assert_eq!(second["billing_interval"], "monthly");
    assert_eq!(second["meters"][0]["price_per_unit"], "2.00");
    assert_eq!(second["meters"][0]["free_threshold"], "0.5");

    let (status, list) = api.get("/api/v1/products").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["has_more"], false);
    assert_eq!(list["data"].as_array().unwrap().len(), 2);
    assert_eq!(list["data"][0]["id"], second["id"]);
    assert_eq!(list["data"][1], created);

    let (_, page1) = api.get("/api/v1/products?limit=1").await;
    assert_eq!(page1["has_more"], true);
    assert_eq!(page1["data"][0]["id"], second["id"]);
    let cursor = page1["next_cursor"].as_str().unwrap();
    let (_, page2) = api
        .get(&format!(
            "/api/v1/products?limit=1&starting_after={}",
            cursor.replace(':', "%3A")
        ))
        .await;
    assert_eq!(page2["has_more"], false);
    assert_eq!(page2["data"][0]["id"], created["id"]);
    assert_eq!(page2["next_cursor"], Value::Null);

    let (status, bad) = api.get("/api/v1/products?limit=0").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(bad["error"]["field"], "limit");
    let (status, missing) = api.get("/api/v1/products/prod_nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(missing["error"]["code"], "not_found");

    // A body that is not JSON gets a JSON error.
    let res = api
        .client
        .post(api.url("/api/v1/products"))
        .bearer_auth(&api.key)
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let err: Value = res.json().await.unwrap();
    assert_eq!(err["error"]["code"], "bad_request");

    let audit = audit_rows(&app);
    assert_eq!(audit.len(), 2);
    assert!(audit.iter().all(|(a, _)| a == "product.create"));
}

/// The invalid cases, each with the field and the message (or a part of it) expected.
/// (case, form fields, field, message).
type Case = (&'static str, Vec<(String, String)>, &'static str, &'static str);

fn invalid_cases() -> Vec<Case> {
    let eleven: Vec<(String, String, String)> = (0..11)
        .map(|i| (format!("mtr_{i}"), "1".to_string(), String::new()))
        .collect();
    let eleven: Vec<(&str, &str, &str)> = eleven
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    vec![
        (
            "eleven meters",
            form("P", &eleven, &[]),
            "meters",
            "A product takes at most 10 meters.",
        ),
        (
            "negative price",
            form("P", &[("mtr_0", "-1", "")], &[]),
            "meters[0].price_per_unit",
            "Price per unit cannot be negative.",
        ),
        (
            "13 fractional digits",
            form("P", &[("mtr_0", "0.0000000000001", "")], &[]),
            "meters[0].price_per_unit",
            "Price per unit takes at most 12 decimal places.",
        ),
        (
            "negative threshold",
            form("P", &[("mtr_0", "1", "-3")], &[]),
            "meters[0].free_threshold",
            "Free threshold cannot be negative.",
        ),
        (
            "bad currency",
            form("P", &[("mtr_0", "1", "")], &[("currency", "XXX")]),
            "currency",
            "Currency: \"XXX\" is not an ISO 4217 currency code; use one such as USD or EUR.",
        ),
        (
            "lowercase currency",
            form("P", &[("mtr_0", "1", "")], &[("currency", "usd")]),
            "currency",
            "Currency: use the ISO 4217 code in capitals, e.g. USD.",
        ),
        (
            "bad interval",
            form("P", &[("mtr_0", "1", "")], &[("billing_interval", "weekly")]),
            "billing_interval",
            "Billing interval must be monthly or yearly, not \"weekly\".",
        ),
        (
            "unknown meter",
            form("P", &[("mtr_0", "1", ""), ("mtr_nope", "1", "")], &[]),
            "meters[1].meter_id",
            "There is no meter mtr_nope; choose one of the active meters.",
        ),
        (
            "archived meter",
            form("P", &[("mtr_archived", "1", "")], &[]),
            "meters[0].meter_id",
            "Meter mtr_archived is archived; unarchive it or choose another.",
        ),
        (
            "duplicate meter",
            form(
                "P",
                &[("mtr_0", "1", ""), ("mtr_1", "1", ""), ("mtr_0", "2", "")],
                &[],
            ),
            "meters[2].meter_id",
            "Meter mtr_0 is already in row 1; link each meter once.",
        ),
        (
            "no meters",
            form("P", &[], &[]),
            "meters",
            "Link at least one meter.",
        ),
        (
            "missing name",
            form(" ", &[("mtr_0", "1", "")], &[]),
            "name",
            "Enter the product's name.",
        ),
    ]
}

fn setup_validation_meters(app: &TestApp) {
    for i in 0..11 {
        meter(app, &format!("mtr_{i}"), &format!("Meter {i}"), "calls", "active");
    }
    meter(app, "mtr_archived", "Gone", "calls", "archived");
}

#[actix_web::test]
async fn the_form_refuses_invalid_products_next_to_the_field_and_keeps_the_input() {
    let app = TestApp::spawn().await;
    setup_validation_meters(&app);
    let editor = app.session(Role::Editor).await;
    for (case, fields, field, message) in invalid_cases() {
        let (status, page) = post_form(&editor, "/products", &fields).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{case}");
        // Summarised at the top, linking to the field…
        assert!(page.contains("id=\"error-summary\""), "{case}");
        assert!(
            page.contains(&format!("<li><a href=\"#f-{field}\">{message}</a></li>")),
            "{case}: summary\n{page}"
        );
        // …and next to it.
        assert!(
            page.contains(&format!("id=\"f-{field}-error\">{message}</p>")),
            "{case}: next to the field"
        );
        // Every value typed is kept.
        for (k, v) in &fields {
            if k == "name" && v.trim().is_empty() {
                continue;
            }
            let kept = if k.ends_with("meter_id") || k == "currency" || k == "billing_interval" {
                page.contains(&format!("<option value=\"{v}\" selected>"))
            } else {
                page.contains(&format!("name=\"{k}\" type=\"text\" value=\"{v}\""))
            };
            assert!(kept, "{case}: {k}={v} kept");
        }
    }
    assert_eq!(product_count(&app), 0);
    assert!(audit_rows(&app).is_empty());
}

#[actix_web::test]
async fn the_api_refuses_invalid_products_with_422_and_the_field() {
    let app = TestApp::spawn().await;
    setup_validation_meters(&app);
    let api = app.api();
    for (case, fields, field, message) in invalid_cases() {
        // The same input as JSON.
        let get = |k: &str| fields.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
        let mut meters = Vec::new();
        for i in 0.. {
            let Some(id) = get(&format!("meters[{i}].meter_id")) else {
                break;
            };
            let mut m =
                json!({"meter_id": id, "price_per_unit": get(&format!("meters[{i}].price_per_unit"))});
            let free = get(&format!("meters[{i}].free_threshold")).unwrap_or_default();
            if !free.is_empty() {
                m["free_threshold"] = json!(free);
            }
            meters.push(m);
        }
        let body = json!({
            "name": get("name"),
            "currency": get("currency"),
            "billing_interval": get("billing_interval"),
            "meters": meters,
        });
        let (status, err) = api.post("/api/v1/products", &body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{case}: {err}");
        assert_eq!(err["error"]["code"], "validation_failed", "{case}");
        assert_eq!(err["error"]["field"], field, "{case}");
        assert_eq!(err["error"]["message"], format!("{field}: {message}"), "{case}");
    }
    // A negative JSON number and a boolean are refused like their text.
    let (status, err) = api
        .post(
            "/api/v1/products",
            &json!({"name": "P", "meters": [{"meter_id": "mtr_0", "price_per_unit": -0.5}]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        err["error"]["message"],
        "meters[0].price_per_unit: Price per unit cannot be negative."
    );
    let (status, err) = api
        .post(
            "/api/v1/products",
            &json!({"name": "P", "meters": [{"meter_id": "mtr_0", "price_per_unit": true}]}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"]["field"], "meters[0].price_per_unit");
    assert_eq!(product_count(&app), 0);
}

#[actix_web::test]
async fn meter_rows_are_added_and_removed_without_javascript() {
    let app = TestApp::spawn().await;
    meter(&app, "mtr_a", "API calls", "calls", "active");
    meter(&app, "mtr_b", "Storage", "GB", "active");
    let editor = app.session(Role::Editor).await;

    // Add: one more empty row, everything typed kept, nothing saved.
    let fields = form("Draft", &[("mtr_a", "0.50", "100")], &[("action", "add_meter")]);
    let (status, page) = post_form(&editor, "/products", &fields).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains("error-summary"));
    assert!(page.contains("value=\"Draft\""));
    assert!(page.contains("<option value=\"mtr_a\" selected>"));
    assert!(page.contains("name=\"meters[0].price_per_unit\" type=\"text\" value=\"0.50\""));
    assert!(page.contains("name=\"meters[1].meter_id\""));
    assert!(page.contains("name=\"meters[1].price_per_unit\" type=\"text\" value=\"\""));
    assert!(!page.contains("name=\"meters[2].meter_id\""));
    assert!(page.contains("value=\"remove:1\""));
    assert_eq!(product_count(&app), 0);

    // Remove the first of two rows: the second becomes row 0.
    let fields = form(
        "Draft",
        &[("mtr_a", "0.50", "100"), ("mtr_b", "0.02", "5")],
        &[("action", "remove:0")],
    );
    let (status, page) = post_form(&editor, "/products", &fields).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<option value=\"mtr_b\" selected>"));
    assert!(!page.contains("<option value=\"mtr_a\" selected>"));
    assert!(page.contains("name=\"meters[0].price_per_unit\" type=\"text\" value=\"0.02\""));
    assert!(!page.contains("name=\"meters[1].meter_id\""));
    assert_eq!(product_count(&app), 0);

    // Removing the only row leaves an empty one to fill in.
    let fields = form("Draft", &[("mtr_a", "0.50", "")], &[("action", "remove:0")]);
    let (status, page) = post_form(&editor, "/products", &fields).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("name=\"meters[0].price_per_unit\" type=\"text\" value=\"\""));

    // At ten rows the add button is gone, and adding anyway is refused.
    let ten: Vec<(String, String, String)> = (0..10)
        .map(|i| (format!("m{i}"), String::new(), String::new()))
        .collect();
    let ten: Vec<(&str, &str, &str)> = ten
        .iter()
        .map(|(a, b, c)| (a.as_str(), b.as_str(), c.as_str()))
        .collect();
    let (status, page) = post_form(
        &editor,
        "/products",
        &form("Big", &ten[..9], &[("action", "add_meter")]),
    )
    .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("name=\"meters[9].meter_id\""));
    assert!(page.contains("id=\"add-meter\" hidden"));
    let (status, page) = post_form(
        &editor,
        "/products",
        &form("Big", &ten, &[("action", "add_meter")]),
    )
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("A product takes at most 10 meters."));
    assert!(!page.contains("name=\"meters[10].meter_id\""));

    // Blank spare rows are ignored on save; the rest is saved in order.
    let fields = form(
        "Final",
        &[
            ("", "", ""),
            ("mtr_b", "0.02", "5"),
            ("", "", ""),
            ("mtr_a", "1", ""),
        ],
        &[("action", "save")],
    );
    let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let res = editor.post("/products", &borrowed).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = editor.get_text(&location(&res)).await;
    assert_eq!(html::text_by_id(&page, "price-0").unwrap(), "$0.02 per GB");
    assert_eq!(html::text_by_id(&page, "price-1").unwrap(), "$1.00 per call");

    // Without an action (Enter in a field in an old browser), the form saves.
    let fields = form("Enter key", &[("mtr_a", "1", "")], &[]);
    let (status, _) = {
        let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let res = editor.post("/products", &borrowed).await;
        (res.status(), ())
    };
    assert_eq!(status, StatusCode::SEE_OTHER);
    assert_eq!(product_count(&app), 2);
}

#[actix_web::test]
async fn viewers_read_products_and_editors_change_them() {
    let app = TestApp::spawn().await;
    meter(&app, "mtr_a", "API calls", "calls", "active");
    let (_, created) = app
        .api()
        .post(
            "/api/v1/products",
            &json!({"name": "Basic", "meters": [{"meter_id": "mtr_a", "price_per_unit": "1"}]}),
        )
        .await;
    let id = created["id"].as_str().unwrap();
    let viewer = app.session(Role::Viewer).await;

    let (status, list) = viewer.get_text("/products").await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains("Basic"));
    assert!(
        !list.contains("href=\"/products/new\""),
        "no create button for viewers"
    );
    let (status, page) = viewer.get_text(&format!("/products/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!page.contains(&format!("href=\"/products/{id}/edit\"")));

    assert_eq!(viewer.get("/products/new").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        viewer.get(&format!("/products/{id}/edit")).await.status(),
        StatusCode::FORBIDDEN
    );
    let fields = form("Sneaky", &[("mtr_a", "1", "")], &[]);
    let (status, page) = post_form(&viewer, "/products", &fields).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(page.contains("This needs the editor role"));
    let (status, _) = post_form(&viewer, &format!("/products/{id}"), &fields).await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert_eq!(product_count(&app), 1);
    assert_eq!(audit_rows(&app).len(), 1);
}
