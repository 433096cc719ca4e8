//! Products: invalid input refused by the form and by the API, and the form's meter rows added
//! and removed without JavaScript.

use meterdesk::auth::model::Role;
use reqwest::StatusCode;
use serde_json::json;

use crate::products_support::{audit_rows, form, location, meter, post_form, product_count};
use crate::support::app::TestApp;
use crate::support::html;

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
            "meters[0].price.unit_price",
            "Unit price: cannot be negative.",
        ),
        (
            "13 fractional digits",
            form("P", &[("mtr_0", "0.0000000000001", "")], &[]),
            "meters[0].price.unit_price",
            "Unit price: takes at most 12 decimal places.",
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

/// The API's words where they differ from the form's: price refusals name the JSON path and
/// leave out the form's label (`meters[0].price.unit_price: cannot be negative`).
fn api_message<'a>(case: &str, message: &'a str) -> &'a str {
    match case {
        "negative price" => "cannot be negative",
        "13 fractional digits" => "takes at most 12 decimal places",
        _ => message,
    }
}

/// The form's words where they differ from the API's: the catalogue puts the field's label
/// first on a line's field and quotes with curly quotes.
fn page_message<'a>(case: &str, message: &'a str) -> &'a str {
    match case {
        "negative threshold" => "Free threshold: cannot be negative.",
        "bad currency" => "Currency: “XXX” is not an ISO 4217 currency code; use one such as USD or EUR.",
        "bad interval" => "Billing interval must be monthly or yearly, not “weekly”.",
        _ => message,
    }
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
        let message = page_message(case, message);
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
            let select = k.ends_with("meter_id") || k.ends_with("price.model");
            let kept = if select || k == "currency" || k == "billing_interval" {
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
            let price = json!({
                "model": get(&format!("meters[{i}].price.model")),
                "unit_price": get(&format!("meters[{i}].price.unit_price")),
            });
            let mut m = json!({"meter_id": id, "price": price});
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
        let message = api_message(case, message);
        assert_eq!(err["error"]["message"], format!("{field}: {message}"), "{case}");
    }
    // The first phase's price_per_unit keeps its words; a negative JSON number and a boolean
    // are refused like their text.
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
    assert!(page.contains("name=\"meters[0].price.unit_price\" type=\"text\" value=\"0.50\""));
    assert!(page.contains("name=\"meters[1].meter_id\""));
    assert!(page.contains("name=\"meters[1].price.unit_price\" type=\"text\" value=\"\""));
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
    assert!(page.contains("name=\"meters[0].price.unit_price\" type=\"text\" value=\"0.02\""));
    assert!(!page.contains("name=\"meters[1].meter_id\""));
    assert_eq!(product_count(&app), 0);

    // Removing the only row leaves an empty one to fill in.
    let fields = form("Draft", &[("mtr_a", "0.50", "")], &[("action", "remove:0")]);
    let (status, page) = post_form(&editor, "/products", &fields).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("name=\"meters[0].price.unit_price\" type=\"text\" value=\"\""));

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
