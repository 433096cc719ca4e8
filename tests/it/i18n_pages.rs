//! The dashboard, customers, statements and uploads pages in French, Chinese and Hindi: with
//! data and after a refused form, `<html lang>` is right and no English catalogue text shows.

use meterdesk::auth::model::Role;
use meterdesk::i18n::Lang;
use reqwest::StatusCode;
use serde_json::json;

use crate::i18n_support::{assert_speaks, speaking};
use crate::support::app::TestApp;
use crate::support::fixtures::{event, ingest, product, subscription};
use crate::uploads_support::{GOOD, api_upload_ok, setup};

#[actix_web::test]
async fn the_dashboard_speaks_french_chinese_and_hindi_before_and_with_data() {
    let empty = TestApp::spawn().await;
    for lang in [Lang::Fr, Lang::ZhCn, Lang::Hi] {
        let mut pages = Vec::new();
        for role in [Role::Admin, Role::Viewer] {
            let s = speaking(&empty, role, lang, "Asia/Kolkata").await;
            let (status, page) = s.get_text("/").await;
            assert_eq!(status, StatusCode::OK);
            assert!(page.contains("id=\"step-usage\""), "{page}");
            pages.push((format!("empty dashboard as {role:?}"), status, page));
        }
        assert_speaks(lang, &pages);
    }

    let s = setup().await;
    api_upload_ok(
        &s.api,
        &format!("meter_id={}", s.tokens),
        "jetons.csv",
        GOOD.as_bytes(),
    )
    .await;
    ingest(
        &s.api,
        vec![event(
            "evt_now",
            "cus_a",
            "llm.tokens",
            json!({"tokens": 1234567}),
        )],
    )
    .await;
    let prod = product(&s.api, "EUR", &[(&s.tokens, "0.001", "0")]).await;
    subscription(&s.api, "cus_a", &prod, "2024-01-01T00:00:00Z").await;
    for lang in [Lang::Fr, Lang::ZhCn, Lang::Hi] {
        let admin = speaking(&s.app, Role::Admin, lang, "Asia/Kolkata").await;
        let (status, page) = admin.get_text("/").await;
        assert_eq!(status, StatusCode::OK);
        assert!(page.contains("id=\"recent-uploads\""), "{page}");
        assert!(page.contains("jetons.csv"), "{page}");
        // Times in the operator's zone with its offset; counts grouped the language's way.
        assert!(page.contains("+05:30</time>"), "{page}");
        if lang == Lang::Hi {
            assert!(page.contains("12,34,567"), "{page}");
        }
        assert_speaks(lang, &[("dashboard with data".into(), status, page)]);
    }
}

#[actix_web::test]
async fn customer_pages_speak_french_chinese_and_hindi_with_data_and_after_refusals() {
    let s = setup().await;
    ingest(
        &s.api,
        vec![event("evt_c", "cus_a", "llm.tokens", json!({"tokens": 42}))],
    )
    .await;
    let prod = product(&s.api, "EUR", &[(&s.tokens, "0.001", "0")]).await;
    subscription(&s.api, "cus_a", &prod, "2024-01-01T00:00:00Z").await;
    for lang in [Lang::Fr, Lang::ZhCn, Lang::Hi] {
        let admin = speaking(&s.app, Role::Admin, lang, "Asia/Kolkata").await;
        let mut pages = Vec::new();
        for path in [
            "/customers",
            "/customers?q=nobody-matches",
            "/customers/new",
            "/customers/cus_a",
            "/customers/cus_a/edit",
            "/customers/cus_b",
            "/customers/cus_doesnotexist",
        ] {
            let (status, page) = admin.get_text(path).await;
            pages.push((path.to_string(), status, page));
        }
        let refusals: [(&str, &[(&str, &str)]); 4] = [
            ("/customers", &[("id", "a b"), ("name", ""), ("email", "nope")]),
            (
                "/customers",
                &[("id", "cus_a"), ("name", "Acme"), ("email", "a@b.test")],
            ),
            (
                "/customers/cus_a/subscriptions",
                &[("product_id", ""), ("start", "")],
            ),
            (
                "/customers/cus_a/subscriptions",
                &[("product_id", prod.as_str()), ("start", "")],
            ),
        ];
        for (path, fields) in refusals {
            let (status, page) = admin.post_text(path, fields).await;
            assert!(status.is_client_error(), "{path} {fields:?}: {status}");
            pages.push((format!("POST {path} {fields:?}"), status, page));
        }
        let show = &pages[3].2;
        assert!(show.contains("+05:30</time>"), "{show}");
        assert!(show.contains("id=\"current-"), "{show}");
        assert_eq!(pages[6].1, StatusCode::NOT_FOUND);
        assert_eq!(pages[10].1, StatusCode::CONFLICT);
        assert_speaks(lang, &pages);
    }
}

#[actix_web::test]
async fn statement_pages_and_export_speak_french_chinese_and_hindi() {
    let s = setup().await;
    let prod = product(&s.api, "EUR", &[(&s.tokens, "0.5", "0")]).await;
    let anchor = chrono::Utc::now() - chrono::Duration::days(70);
    let start = anchor.to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    subscription(&s.api, "cus_a", &prod, &start).await;
    let mut e = event("evt_old", "cus_a", "llm.tokens", json!({"tokens": 10}));
    e["timestamp"] =
        json!((anchor + chrono::Duration::days(1)).to_rfc3339_opts(chrono::SecondsFormat::Secs, true));
    ingest(&s.api, vec![e]).await;
    let now = chrono::Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Secs, true);
    let (status, body) = s
        .api
        .post("/api/v1/statements/close", &json!({ "until": now }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let id = body["statements"][0]["id"].as_str().unwrap().to_string();
    for lang in [Lang::Fr, Lang::ZhCn, Lang::Hi] {
        let viewer = speaking(&s.app, Role::Viewer, lang, "Asia/Kolkata").await;
        let mut pages = Vec::new();
        for path in [
            format!("/statements/{id}"),
            "/statements/late".to_string(),
            "/statements/st_doesnotexist".to_string(),
            "/customers/cus_a".to_string(),
        ] {
            let (status, page) = viewer.get_text(&path).await;
            pages.push((path, status, page));
        }
        assert_eq!(pages[0].1, StatusCode::OK);
        assert!(pages[0].2.contains("+05:30</time>"), "{}", pages[0].2);
        assert_eq!(pages[2].1, StatusCode::NOT_FOUND);
        assert_speaks(lang, &pages);
        let csv = viewer
            .get(&format!("/statements/{id}.csv"))
            .await
            .text()
            .await
            .unwrap();
        let header = csv.lines().next().unwrap();
        assert!(!header.starts_with("Statement,"), "{header}");
        assert!(
            header.contains(&s.app.state.catalog.text(lang, "statements-csv-free-threshold")),
            "{header}"
        );
    }
}
