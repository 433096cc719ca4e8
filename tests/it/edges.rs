//! Edges (issue 9): text that cannot be stored, API clients that reach the portal, wrong
//! methods and unreadable parameters, the sign-in throttle under concurrency, and billing guards.

use diesel::prelude::*;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::app::{PASSWORD, TestApp, login};
use crate::support::fixtures::{count_meter, customer, event, ingest, sum_meter};
use meterdesk::auth::model::Role;

fn count_events(app: &TestApp) -> i64 {
    use meterdesk::db::schema::events;
    events::table.count().get_result(&mut app.conn()).unwrap()
}

fn is_json(res: &reqwest::Response) -> bool {
    res.headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/json"))
}

#[actix_web::test]
async fn a_nul_in_one_event_does_not_sink_the_batch() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "acme").await;
    count_meter(&api, "api.call").await;
    let body = ingest(
        &api,
        vec![
            event("good-1", "acme", "api.call", json!({})),
            event("bad\u{0}", "acme", "api.call", json!({})),
            event("bad-2", "acme\u{0}", "api.call", json!({})),
            event("bad-3", "acme", "api.\u{0}call", json!({})),
            event("bad-4", "acme", "api.call", json!({"k\u{0}": 1})),
            event("bad-5", "acme", "api.call", json!({"k": "v\u{0}"})),
            event("bad-6", "acme", "api\tcall", json!({})),
            event("good-2", "acme", "api.call", json!({"note": "tab\there"})),
        ],
    )
    .await;
    assert_eq!(body["ingested"], 2, "{body}");
    let rejected = body["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 6, "{body}");
    for r in rejected {
        assert_eq!(r["code"], "invalid_text", "{r}");
    }
    assert!(
        rejected[0]["message"]
            .as_str()
            .unwrap()
            .starts_with("event_id contains a NUL")
    );
    assert!(
        rejected[1]["message"]
            .as_str()
            .unwrap()
            .starts_with("customer_id contains a NUL")
    );
    assert!(rejected[5]["message"].as_str().unwrap().contains("U+0009"));
    assert_eq!(count_events(&app), 2);
}

#[actix_web::test]
async fn nul_in_paths_queries_and_forms_is_a_400_naming_it() {
    let app = TestApp::spawn().await;
    let api = app.api();
    let (status, body) = api.get("/api/v1/customers/%00").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["code"], "invalid_text");
    assert_eq!(body["error"]["field"], "path segment 4");
    let (status, body) = api.get("/api/v1/customers?starting_after=%00").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["field"], "query parameter starting_after");

    let s = app.session(Role::Editor).await;
    for path in ["/customers?q=%00", "/analytics/events?meter=%00", "/meters/%00"] {
        let (status, page) = s.get_text(path).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path}: {page}");
        assert!(page.contains("NUL character"), "{path}: {page}");
    }
    let (status, page) = s
        .post_text(
            "/customers",
            &[("id", "acme"), ("name", "Acme\u{0}"), ("email", "ap@acme.test")],
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{page}");
    assert!(page.contains("form field name contains a NUL"), "{page}");
    // A description may hold line breaks; a name may not hold a tab.
    let (status, page) = s
        .post_text(
            "/customers",
            &[("id", "acme"), ("name", "Ac\tme"), ("email", "ap@acme.test")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
    assert!(page.contains("control character"), "{page}");
    use meterdesk::db::schema::customers;
    let n: i64 = customers::table.count().get_result(&mut app.conn()).unwrap();
    assert_eq!(n, 0);
}

#[actix_web::test]
async fn api_errors_are_json_for_every_status() {
    let app = TestApp::spawn().await;
    let api = app.api();
    // An unreadable query parameter is named.
    let (status, body) = api.get("/api/v1/customers?limit=abc").await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    assert_eq!(body["error"]["code"], "invalid_parameter");
    assert_eq!(body["error"]["field"], "limit");
    // Unknown paths and wrong methods.
    let (status, body) = api.get("/api/v1/nothing/here").await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert_eq!(body["error"]["code"], "not_found");
    let res = app
        .client()
        .put(app.url("/api/v1/customers"))
        .bearer_auth(&api.key)
        .json(&json!({}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.headers()["allow"], "POST, GET");
    assert!(is_json(&res));
    let body: Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "method_not_allowed");
    // The portal answers a wrong method with a page.
    let s = app.session(Role::Viewer).await;
    let res = s.post("/analytics", &[]).await;
    assert_eq!(res.status(), StatusCode::METHOD_NOT_ALLOWED);
    assert_eq!(res.headers()["allow"], "GET");
    assert!(!is_json(&res));
}

#[actix_web::test]
async fn a_bearer_key_on_a_portal_path_gets_json_never_the_login_page() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "acme").await;
    count_meter(&api, "api.call").await;
    // An SDK whose base URL lacks /api/v1.
    let res = app
        .client()
        .post(app.url("/events/ingest"))
        .bearer_auth(&api.key)
        .json(&json!({"events": [event("e1", "acme", "api.call", json!({}))]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::NOT_FOUND);
    assert!(is_json(&res));
    let body: Value = res.json().await.unwrap();
    assert!(
        body["error"]["message"].as_str().unwrap().contains("/api/v1"),
        "{body}"
    );
    assert_eq!(count_events(&app), 0);
    // A wrong key: 401, still JSON.
    for path in ["/events/ingest", "/meters", "/"] {
        let res = app
            .client()
            .get(app.url(path))
            .bearer_auth("md_wrong")
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{path}");
        assert!(is_json(&res), "{path}");
    }
    // A client that asks only for JSON.
    let res = app
        .client()
        .get(app.url("/meters"))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    assert!(is_json(&res));
    // A browser is still sent to sign in.
    let res = app.client().get(app.url("/meters")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
}

#[actix_web::test]
async fn parallel_wrong_passwords_get_at_most_five_checks() {
    let app = TestApp::spawn().await;
    app.create_operator("target@example.com", Role::Admin);
    let mut tasks = Vec::new();
    for _ in 0..30 {
        let client = app.client();
        let app_url = app.addr.clone();
        tasks.push(tokio::spawn(async move {
            let page = client
                .get(format!("{app_url}/login"))
                .send()
                .await
                .unwrap()
                .text()
                .await
                .unwrap();
            let csrf = crate::support::html::csrf_token(&page).unwrap();
            client
                .post(format!("{app_url}/login"))
                .form(&[
                    ("csrf_token", csrf.as_str()),
                    ("email", "target@example.com"),
                    ("password", "wrong password!"),
                    ("next", "/"),
                ])
                .send()
                .await
                .unwrap()
                .status()
        }));
    }
    let mut checked = 0;
    let mut throttled = 0;
    for t in tasks {
        match t.await.unwrap() {
            StatusCode::TOO_MANY_REQUESTS => throttled += 1,
            _ => checked += 1,
        }
    }
    assert_eq!(checked, 5, "password checks before the throttle");
    assert_eq!(throttled, 25);
    use meterdesk::db::schema::login_attempts;
    let attempts: i64 = login_attempts::table.count().get_result(&mut app.conn()).unwrap();
    assert_eq!(attempts, 5);
    // Even the right password waits for the window now.
    let res = login(&app, &app.client(), "target@example.com", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
}

#[actix_web::test]
async fn a_negative_manual_value_needs_confirming_and_every_entry_is_audited() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "acme").await;
    let meter = sum_meter(&api, "tokens.used", "tokens").await;
    let s = app.session(Role::Editor).await;
    let path = format!("/meters/{meter}/usage");
    let (status, page) = s
        .post_text(
            &path,
            &[("customer_id", "acme"), ("value", "-5"), ("timestamp", "")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("-5 is negative: it lowers this meter"), "{page}");
    assert!(page.contains("name=\"confirm_negative\""), "{page}");
    assert_eq!(count_events(&app), 0);
    let res = s
        .post(
            &path,
            &[
                ("customer_id", "acme"),
                ("value", "-5"),
                ("timestamp", ""),
                ("confirm_negative", "1"),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = s
        .post(
            &path,
            &[("customer_id", "acme"), ("value", "12"), ("timestamp", "")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(count_events(&app), 2);
    use meterdesk::db::schema::audit_log;
    let rows: Vec<(String, String, Value)> = audit_log::table
        .filter(audit_log::action.eq("usage.manual_entry"))
        .order(audit_log::id.asc())
        .select((audit_log::actor, audit_log::target_id, audit_log::details))
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0].0, s.email);
    assert_eq!(rows[0].1, meter);
    assert_eq!(rows[0].2["value"], "-5");
    assert_eq!(rows[0].2["customer_id"], "acme");
    assert_eq!(rows[1].2["value"], "12");
}

#[actix_web::test]
async fn non_ascii_times_in_query_strings_get_a_4xx_never_a_dropped_connection() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "acme").await;
    let meter = count_meter(&api, "api.call").await;
    let product = crate::support::fixtures::product(&api, "USD", &[(&meter, "0.50", "0")]).await;
    let sub = crate::support::fixtures::subscription(&api, "acme", &product, "2026-01-01T00:00:00Z").await;
    let bad = [
        "%EF%BC%92%EF%BC%90%EF%BC%92%EF%BC%96-01-01",
        "2026-11-0%F0%9F%99%82",
    ];
    for b in bad {
        for path in [
            format!("/api/v1/subscriptions/{sub}/usage?at={b}"),
            format!("/api/v1/usage/export.csv?period_start={b}&period_end=2026-02-01"),
        ] {
            let res = app
                .client()
                .get(app.url(&path))
                .bearer_auth(&api.key)
                .send()
                .await
                .unwrap();
            let status = res.status();
            assert!(status.is_client_error(), "{path}: {status}");
            assert!(is_json(&res), "{path}");
        }
    }
    let s = app.session(Role::Viewer).await;
    for b in bad {
        for path in [
            format!("/analytics/customers?period_start={b}"),
            format!("/analytics/customers/export.csv?at={b}"),
            format!("/analytics/reconciliation?from={b}"),
            format!("/analytics/reconciliation/export.csv?to={b}"),
        ] {
            let (status, page) = s.get_text(&path).await;
            assert!(status.is_client_error(), "{path}: {status}: {page}");
        }
    }
}
