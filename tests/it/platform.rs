//! Health check, static assets, error pages, security headers and migrations.

use meterdesk::auth::model::Role;
use meterdesk::{AppState, db};
use reqwest::StatusCode;
use reqwest::header::{CACHE_CONTROL, CONTENT_SECURITY_POLICY, ETAG, IF_NONE_MATCH};

use crate::support::app::{TestApp, test_config};
use crate::support::db::TestDb;

#[actix_web::test]
async fn healthz_is_200_when_the_database_answers() {
    let app = TestApp::spawn().await;
    let res = app.client().get(app.url("/healthz")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "ok");
}

/// Many checks at once (a load balancer, a monitor, a crowd): each says the database answers,
/// none waits on another, and none makes the pool believe in an outage.
#[actix_web::test]
async fn concurrent_health_checks_all_answer_200_while_the_database_answers() {
    let app = TestApp::spawn().await;
    let client = app.client();
    for _ in 0..4 {
        let checks = (0..64).map(|_| client.get(app.url("/healthz")).send());
        for res in futures_util::future::join_all(checks).await {
            assert_eq!(res.unwrap().status(), StatusCode::OK);
        }
    }
}

#[actix_web::test]
async fn healthz_is_503_when_the_database_does_not_answer() {
    let url = "postgres://nobody@127.0.0.1:1/none";
    let state = AppState::new(
        db::connect_lazy(url, 1, std::time::Duration::from_millis(500)),
        test_config(url),
    );
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    actix_web::rt::spawn(meterdesk::start_server(state, listener).unwrap());
    let res = reqwest::get(format!("http://{addr}/healthz")).await.unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["status"], "unavailable");
}

/// The API and the portal answer an unreachable database with 503 and Retry-After (a JSON
/// error saying a resend is safe; a page saying what happened), never 500.
#[actix_web::test]
async fn an_unreachable_database_answers_503_with_retry_after() {
    let url = "postgres://nobody@127.0.0.1:1/none";
    let state = AppState::new(
        db::connect_lazy(url, 2, std::time::Duration::from_millis(300)),
        test_config(url),
    );
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap();
    actix_web::rt::spawn(meterdesk::start_server(state, listener).unwrap());
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();

    let res = client
        .post(format!("http://{addr}/api/v1/events/ingest"))
        .bearer_auth("md_0123456789abcdef")
        .json(&serde_json::json!({"events": [{"event_id": "e1", "customer_id": "c", "event_name": "x"}]}))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.headers()["retry-after"], "2");
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unavailable", "{body}");
    let message = body["error"]["message"].as_str().unwrap();
    assert!(message.contains("resend is always safe"), "{message}");

    let res = client
        .get(format!("http://{addr}/meters"))
        .header("cookie", "md_session=not-a-real-session")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.headers()["retry-after"], "2");
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/html")
    );
    let page = res.text().await.unwrap();
    assert!(page.contains("cannot reach its database"), "{page}");

    let res = client.get(format!("http://{addr}/healthz")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::SERVICE_UNAVAILABLE);
    assert_eq!(res.headers()["retry-after"], "2");
}

#[actix_web::test]
async fn static_assets_carry_an_etag_and_revalidate() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let res = client.get(app.url("/static/css/app.css")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/css")
    );
    assert!(
        res.headers()[CACHE_CONTROL]
            .to_str()
            .unwrap()
            .contains("must-revalidate")
    );
    let etag = res.headers()[ETAG].to_str().unwrap().to_string();
    let again = client
        .get(app.url("/static/css/app.css"))
        .header(IF_NONE_MATCH, &etag)
        .send()
        .await
        .unwrap();
    assert_eq!(again.status(), StatusCode::NOT_MODIFIED);
    assert_eq!(
        client
            .get(app.url("/static/nope.css"))
            .send()
            .await
            .unwrap()
            .status(),
        StatusCode::NOT_FOUND
    );
    let icon = client.get(app.url("/favicon.ico")).send().await.unwrap();
    assert_eq!(icon.headers()["content-type"], "image/svg+xml");
}

#[actix_web::test]
async fn pages_send_a_csp_without_inline_script_and_have_no_inline_script() {
    let app = TestApp::spawn().await;
    let s = app.session(Role::Admin).await;
    for path in [
        "/",
        "/settings",
        "/settings/operators",
        "/settings/api-keys",
        "/settings/audit",
        "/account/password",
    ] {
        let res = s.get(path).await;
        let csp = res.headers()[CONTENT_SECURITY_POLICY]
            .to_str()
            .unwrap()
            .to_string();
        assert!(
            csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"),
            "{csp}"
        );
        let body = res.text().await.unwrap();
        assert!(
            !body.contains("<script>") && !body.contains(" onclick="),
            "inline script on {path}"
        );
    }
}

#[actix_web::test]
async fn unknown_pages_get_a_404_page_with_the_way_back() {
    let app = TestApp::spawn().await;
    let s = app.session(Role::Viewer).await;
    let (status, body) = s.get_text("/no/such/page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(body.contains("There is no page at this address."));
    assert!(body.contains("href=\"/\""));
}

#[test]
fn every_migration_reverts_cleanly_and_reapplies() {
    use diesel::prelude::*;
    use diesel_migrations::MigrationHarness;

    #[derive(QueryableByName)]
    struct T {
        #[diesel(sql_type = diesel::sql_types::Text)]
        table_name: String,
    }
    let tables = |conn: &mut PgConnection| -> Vec<String> {
        diesel::sql_query(
            "SELECT table_name::text AS table_name FROM information_schema.tables \
             WHERE table_schema = 'public' AND table_name <> '__diesel_schema_migrations' ORDER BY 1",
        )
        .load::<T>(conn)
        .unwrap()
        .into_iter()
        .map(|t| t.table_name)
        .collect()
    };
    let tdb = TestDb::empty();
    let mut conn = tdb.conn();
    db::migrate(&mut conn).unwrap();
    let after_up = tables(&mut conn);
    assert!(after_up.contains(&"operators".to_string()));
    conn.revert_all_migrations(db::MIGRATIONS).unwrap();
    assert_eq!(
        tables(&mut conn),
        Vec::<String>::new(),
        "down.sql left tables behind"
    );
    db::migrate(&mut conn).unwrap();
    assert_eq!(tables(&mut conn), after_up);
}

#[derive(diesel::QueryableByName)]
struct Setting {
    #[diesel(sql_type = diesel::sql_types::Text)]
    jit: String,
}

#[actix_web::test]
async fn pooled_connections_run_without_the_jit_compiler() {
    let app = TestApp::spawn().await;
    // More at once than the pool has connections: each waits its turn and gets the setting.
    let runs = (0..3 * app.state.config.db_pool_size).map(|_| {
        db::run(&app.state.pool, |c| {
            use diesel::RunQueryDsl;
            diesel::sql_query("SHOW jit").get_result::<Setting>(c)
        })
    });
    for setting in futures_util::future::join_all(runs).await {
        assert_eq!(setting.expect("SHOW jit").jit, "off");
    }
}
