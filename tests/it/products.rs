//! Products: pages and API — creating, listing, reading and editing, and who may do what.

use diesel::prelude::*;
use meterdesk::auth::model::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::products_support::{audit_rows, form, location, meter, post_form, product_count};
use crate::support::app::TestApp;
use crate::support::html;

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
    assert!(page.contains("up to 12 decimal places, never rounded until the line total"));
    assert!(page.contains("units free in each billing cycle"));
    assert!(page.contains("<label for=\"f-meters[0].price.unit_price\">Unit price</label>"));
    assert!(page.contains("<option value=\"per_unit\" selected>Per unit</option>"));

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
    // Worked examples: the free threshold, then past it; with nothing free, 100, 1,000, 10,000.
    let charges = |page: &str, line: usize| -> Vec<String> {
        (0..4)
            .filter_map(|k| html::text_by_id(page, &format!("charge-{line}-{k}")))
            .collect()
    };
    assert_eq!(charges(&page, 0), ["$0.00", "$50.00", "$450.00"]);
    assert_eq!(charges(&page, 1), ["$0.00", "$0.00", "$0.01"]);
    assert!(page.contains("<th scope=\"row\" class=\"num\">200 calls"));
    // The spec's example, with the usage typed into the page's calculator: one more row.
    let (status, page) = editor
        .get_text(&format!("{to}?usage_0=250&usage_1=2000000"))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(charges(&page, 0), ["$0.00", "$50.00", "$450.00", "$75.00"]);
    assert_eq!(charges(&page, 1)[3], "$2.00");
    assert!(page.contains("<th scope=\"row\" class=\"num\">250 calls <span class=\"muted\">(yours)</span>"));
    let (_, page) = editor.get_text(&format!("{to}?usage_0=-5")).await;
    assert!(
        html::text_by_id(&page, "usage_0-help")
            .unwrap()
            .starts_with("Enter a usage such as 250")
    );
    assert_eq!(charges(&page, 0).len(), 3);

    // Stored as a price, exactly as typed, never through a float.
    {
        use meterdesk::db::schema::product_meters;
        let prices: Vec<Value> = product_meters::table
            .filter(product_meters::product_id.eq(&id))
            .order(product_meters::position.asc())
            .select(product_meters::price)
            .load(&mut app.conn())
            .unwrap();
        assert_eq!(prices[0], json!({"model": "per_unit", "unit_price": "0.50"}));
        assert_eq!(prices[1], json!({"model": "per_unit", "unit_price": "0.000001"}));
    }
    let audit = audit_rows(&app);
    assert_eq!(audit.len(), 1);
    assert_eq!(audit[0].0, "product.create");
    assert_eq!(audit[0].1["name"], "API access");
    assert_eq!(
        audit[0].1["meters"],
        json!([
            {"meter_id": "mtr_calls", "price": {"model": "per_unit", "unit_price": "0.50"},
             "price_per_unit": "0.50", "free_threshold": "100"},
            {"meter_id": "mtr_tokens", "price": {"model": "per_unit", "unit_price": "0.000001"},
             "price_per_unit": "0.000001", "free_threshold": "0"},
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
    assert!(page.contains("name=\"meters[0].price.unit_price\" type=\"text\" value=\"0.50\""));
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
            {"meter_id": "mtr_t", "price": {"model": "per_unit", "unit_price": "0.000001"},
             "price_per_unit": "0.000001", "free_threshold": "1000"},
            {"meter_id": "mtr_a", "price": {"model": "per_unit", "unit_price": "0.50"},
             "price_per_unit": "0.50", "free_threshold": "0"},
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
    assert_eq!(
        second["meters"][0]["price"],
        json!({"model": "per_unit", "unit_price": "2.00"})
    );
    assert_eq!(second["meters"][0]["free_threshold"], "0.5");

    let (status, list) = api.get("/api/v1/products").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(list["has_more"], false);
    assert_eq!(list["items"].as_array().unwrap().len(), 2);
    assert_eq!(list["items"][0]["id"], second["id"]);
    assert_eq!(list["items"][1], created);

    let (_, page1) = api.get("/api/v1/products?limit=1").await;
    assert_eq!(page1["has_more"], true);
    assert_eq!(page1["items"][0]["id"], second["id"]);
    let cursor = page1["next_cursor"].as_str().unwrap();
    let (_, page2) = api
        .get(&format!(
            "/api/v1/products?limit=1&starting_after={}",
            cursor.replace(':', "%3A")
        ))
        .await;
    assert_eq!(page2["has_more"], false);
    assert_eq!(page2["items"][0]["id"], created["id"]);
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
