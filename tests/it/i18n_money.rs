//! Money on the customer page, a statement and the dashboard in French, Chinese and Hindi:
//! written at render time the operator's way (`12,34,567.50` in Hindi, `1 234 567,50 €` in
//! French), never as pre-formatted English.

use meterdesk::auth::model::Role;
use meterdesk::i18n::Lang;
use reqwest::StatusCode;
use serde_json::json;

use crate::i18n_support::{english_in, english_only, latin_words, speaking};
use crate::support::fixtures::{event, ingest, product, subscription};
use crate::uploads_support::setup;

/// Tokens that cost 1,234,567.50 at 0.5 each.
const TOKENS: i64 = 2_469_135;

/// The amount as each language writes it in euros.
fn amount(lang: Lang) -> &'static str {
    match lang {
        Lang::Fr => "1\u{202F}234\u{202F}567,50\u{A0}€",
        Lang::Hi => "12,34,567.50",
        _ => "1,234,567.50",
    }
}

#[actix_web::test]
async fn money_on_customer_statement_and_dashboard_pages_is_the_languages() {
    let s = setup().await;
    let prod = product(&s.api, "EUR", &[(&s.tokens, "0.5", "0")]).await;
    let anchor = chrono::Utc::now() - chrono::Duration::days(40);
    let start = anchor.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    subscription(&s.api, "cus_a", &prod, &start).await;
    let mut old = event("evt_old", "cus_a", "llm.tokens", json!({ "tokens": TOKENS }));
    old["timestamp"] =
        json!((anchor + chrono::Duration::days(6)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    let now = event("evt_now", "cus_a", "llm.tokens", json!({ "tokens": TOKENS }));
    let stored = ingest(&s.api, vec![old, now]).await;
    assert_eq!(stored["ingested"], 2, "{stored}");
    let until = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let (status, body) = s
        .api
        .post("/api/v1/statements/close", &json!({ "until": until }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    // The first cycle's statement (later cycles had no usage).
    let statement = body["statements"]
        .as_array()
        .unwrap()
        .iter()
        .find(|st| st["total"].as_str().is_some_and(|t| t.starts_with("1234567")))
        .unwrap_or_else(|| panic!("{body}"))["id"]
        .as_str()
        .unwrap()
        .to_string();
    csv_headers_follow_the_language(&s).await;
    for lang in [Lang::Fr, Lang::ZhCn, Lang::Hi] {
        let english = english_only(lang);
        let admin = speaking(&s.app, Role::Admin, lang, "Asia/Kolkata").await;
        for path in [
            format!("/statements/{statement}"),
            "/customers/cus_a".to_string(),
            "/".to_string(),
        ] {
            let (status, page) = admin.get_text(&path).await;
            assert_eq!(status, StatusCode::OK, "{path}");
            let figures: Vec<&str> = page
                .split("class=\"num")
                .skip(1)
                .map(|c| &c[..c.len().min(80)])
                .collect();
            assert!(
                page.contains(amount(lang)),
                "{lang:?} {path}: {} missing in {figures:#?}",
                amount(lang)
            );
            let found = english_in(&page, &english);
            assert!(found.is_empty(), "{lang:?} {path} shows English: {found:#?}");
            if lang == Lang::Hi {
                let data = [
                    "cus_a",
                    statement.as_str(),
                    prod.as_str(),
                    "Usage",
                    "plan",
                    "llm.tokens",
                    "tokens",
                    "EUR",
                    "Meterdesk",
                    "Asia",
                    "Kolkata",
                ];
                let latin: Vec<String> = latin_words(&page, &data)
                    .into_iter()
                    .filter(|w| !w.starts_with("sub_") && !w.starts_with("evt_") && !w.starts_with("mtr_"))
                    .collect();
                assert!(latin.is_empty(), "{path}: Latin words on a Hindi page: {latin:?}");
            }
        }
    }
}

/// The customers table's export is read by people: its header is in the operator's language.
/// The API's export keeps the machine names.
async fn csv_headers_follow_the_language(s: &crate::uploads_support::Setup) {
    for lang in [Lang::Fr, Lang::ZhCn, Lang::Hi] {
        let viewer = speaking(&s.app, Role::Viewer, lang, "Asia/Kolkata").await;
        let res = viewer.get("/analytics/customers/export.csv").await;
        assert_eq!(res.status(), StatusCode::OK);
        let csv = res.text().await.unwrap();
        let header = csv.lines().next().unwrap();
        for id in [
            "analytics-customers-csv-customer-id",
            "analytics-customers-csv-total",
        ] {
            let name = s.app.state.catalog.text(lang, id);
            assert!(header.contains(&name), "{lang:?}: {name} not in {header}");
        }
        assert!(!header.contains("customer_id"), "{header}");
    }
    let res = s
        .app
        .client()
        .get(s.app.url("/api/v1/usage/export.csv"))
        .bearer_auth(&s.api.key)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let csv = res.text().await.unwrap();
    assert!(csv.starts_with("customer_id,customer_name,"), "{csv}");
}
