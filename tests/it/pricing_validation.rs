//! Prices refused by the API with 422 and the field's path, and product answers showing every
//! line's price.

use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::products_support::{meter, product_count};
use crate::support::app::TestApp;

/// A product whose second line (`meters[1]`) has `price`.
fn body(price: Value) -> Value {
    json!({"name": "P", "meters": [
        {"meter_id": "mtr_a", "price_per_unit": "1"},
        {"meter_id": "mtr_b", "price": price},
    ]})
}

fn tiers(t: &[(Option<&str>, &str, &str)]) -> Value {
    let tiers: Vec<Value> = t
        .iter()
        .map(|(u, p, f)| json!({"up_to": u, "unit_price": p, "flat_fee": f}))
        .collect();
    json!({"model": "graduated", "tiers": tiers})
}

#[actix_web::test]
async fn the_api_refuses_bad_prices_with_422_naming_the_field() {
    let app = TestApp::spawn().await;
    meter(&app, "mtr_a", "Calls", "calls", "active");
    meter(&app, "mtr_b", "Tokens", "tokens", "active");
    let api = app.api();
    let cases: Vec<(&str, Value, &str, &str)> = vec![
        (
            "descending bounds",
            body(tiers(&[
                (Some("1000"), "1", "0"),
                (Some("500"), "0.5", "0"),
                (None, "0.1", "0"),
            ])),
            "meters[1].price.tiers[1].up_to",
            "must be greater than the tier before (1000)",
        ),
        (
            "a zero first bound",
            body(tiers(&[(Some("0"), "1", "0"), (None, "0.5", "0")])),
            "meters[1].price.tiers[0].up_to",
            "must be greater than 0",
        ),
        (
            "last tier bounded",
            body(tiers(&[(Some("100"), "1", "0"), (Some("200"), "0.5", "0")])),
            "meters[1].price.tiers[1].up_to",
            "must be null: the last tier has no upper bound",
        ),
        (
            "unbounded tier before the last",
            body(tiers(&[(None, "1", "0"), (None, "0.5", "0")])),
            "meters[1].price.tiers[0].up_to",
            "only the last tier has no upper bound; give this one an up_to greater than 0",
        ),
        (
            "negative tier price",
            body(tiers(&[(Some("100"), "1", "0"), (None, "-0.5", "0")])),
            "meters[1].price.tiers[1].unit_price",
            "cannot be negative",
        ),
        (
            "negative flat fee",
            body(tiers(&[(None, "1", "-2")])),
            "meters[1].price.tiers[0].flat_fee",
            "cannot be negative",
        ),
        (
            "no tiers",
            body(json!({"model": "volume", "tiers": []})),
            "meters[1].price.tiers",
            "give at least one tier; the last one has up_to null (no upper bound)",
        ),
        (
            "negative unit price",
            body(json!({"model": "per_unit", "unit_price": "-0.01"})),
            "meters[1].price.unit_price",
            "cannot be negative",
        ),
        (
            "package size 0",
            body(json!({"model": "package", "package_size": "0", "package_price": "5"})),
            "meters[1].price.package_size",
            "must be greater than 0",
        ),
        (
            "package size not a number",
            body(json!({"model": "package", "package_size": "1k", "package_price": "5"})),
            "meters[1].price.package_size",
            "\"1k\" is not a decimal; write digits and one decimal point, such as 1000, without currency signs, spaces, exponents or thousands separators",
        ),
        (
            "bad rounding",
            body(json!({"model": "package", "package_size": "10", "package_price": "5", "round": "nearest"})),
            "meters[1].price.round",
            "must be up (every started package) or down (only full packages)",
        ),
        (
            "unknown model",
            body(json!({"model": "tiered", "unit_price": "1"})),
            "meters[1].price.model",
            "\"tiered\" is not a pricing model; use per_unit, package, graduated or volume",
        ),
        (
            "a field of another model",
            body(json!({"model": "per_unit", "unit_price": "1", "tiers": []})),
            "meters[1].price.tiers",
            "not a field of a per_unit price, which takes unit_price; remove it",
        ),
        (
            "price not an object",
            body(json!("0.50")),
            "meters[1].price",
            "must be an object such as {\"model\": \"per_unit\", \"unit_price\": \"0.50\"}",
        ),
        (
            "price and price per unit",
            json!({"name": "P", "meters": [{"meter_id": "mtr_a", "price_per_unit": "1",
                   "price": {"model": "per_unit", "unit_price": "1"}}]}),
            "meters[0].price_per_unit",
            "give either price or price_per_unit, not both",
        ),
        (
            "no price",
            json!({"name": "P", "meters": [{"meter_id": "mtr_a"}]}),
            "meters[0].price",
            "required; give one such as {\"model\": \"per_unit\", \"unit_price\": \"0.50\"}",
        ),
    ];
    for (case, body, field, message) in cases {
        let (status, err) = api.post("/api/v1/products", &body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{case}: {err}");
        assert_eq!(err["error"]["code"], "validation_failed", "{case}");
        assert_eq!(err["error"]["field"], field, "{case}: {err}");
        assert_eq!(err["error"]["message"], format!("{field}: {message}"), "{case}");
    }
    assert_eq!(product_count(&app), 0);
}

#[actix_web::test]
async fn product_answers_show_each_price_in_the_currency_the_same_on_every_read() {
    let app = TestApp::spawn().await;
    meter(&app, "mtr_a", "Calls", "calls", "active");
    meter(&app, "mtr_b", "Tokens", "tokens", "active");
    meter(&app, "mtr_c", "Storage", "GB", "active");
    let api = app.api();
    // Numbers and strings, any scale: answered as amounts and quantities in EUR.
    let raw = r#"{"name": "Tiers", "currency": "EUR", "meters": [
        {"meter_id": "mtr_a", "price": {"model": "volume", "tiers": [
            {"up_to": 1000.0, "unit_price": 0.010, "flat_fee": "2"},
            {"unit_price": "0.008000"}]}, "free_threshold": "100"},
        {"meter_id": "mtr_b", "price": {"model": "package", "package_size": 1e3, "package_price": 5}},
        {"meter_id": "mtr_c", "price_per_unit": "0.1"}]}"#;
    let res = api
        .client
        .post(api.url("/api/v1/products"))
        .bearer_auth(&api.key)
        .header("content-type", "application/json")
        .body(raw)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    let created: Value = res.json().await.unwrap();
    assert_eq!(
        created["meters"],
        json!([
            {"meter_id": "mtr_a", "free_threshold": "100", "price_per_unit": null,
             "price": {"model": "volume", "tiers": [
                {"up_to": "1000", "unit_price": "0.01", "flat_fee": "2.00"},
                {"up_to": null, "unit_price": "0.008", "flat_fee": "0.00"}]}},
            {"meter_id": "mtr_b", "free_threshold": "0", "price_per_unit": null,
             "price": {"model": "package", "package_size": "1000", "package_price": "5.00", "round": "up"}},
            {"meter_id": "mtr_c", "free_threshold": "0", "price_per_unit": "0.10",
             "price": {"model": "per_unit", "unit_price": "0.10"}},
        ])
    );
    let id = created["id"].as_str().unwrap();
    let (_, got) = api.get(&format!("/api/v1/products/{id}")).await;
    assert_eq!(got, created);
    // What an answer shows can be sent back as is.
    let mut again = json!({"name": "Copy", "currency": "EUR", "meters": created["meters"].clone()});
    for m in again["meters"].as_array_mut().unwrap() {
        m.as_object_mut().unwrap().remove("price_per_unit");
    }
    let (status, copy) = api.post("/api/v1/products", &again).await;
    assert_eq!(status, StatusCode::CREATED, "{copy}");
    assert_eq!(copy["meters"], created["meters"]);
}
