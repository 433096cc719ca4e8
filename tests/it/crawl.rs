//! Walks every route the application registers: without a session, pages redirect to the
//! login page and the API answers 401; with a session but without a CSRF token, no
//! state-changing page request goes through.

use actix_web::http::Method;
use meterdesk::auth::model::Role;
use meterdesk::web::gate::{Access, classify};
use reqwest::StatusCode;
use reqwest::header::LOCATION;

use crate::support::app::TestApp;

/// A concrete path for a route pattern: `{id}` → `1`, `{path:.*}` → `x`.
fn concrete(pattern: &str) -> String {
    let mut out = String::new();
    let mut rest = pattern;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let close = rest[open..].find('}').map(|c| open + c).unwrap();
        let name = &rest[open + 1..close];
        out.push_str(if name.contains(':') { "x" } else { "1" });
        rest = &rest[close + 1..];
    }
    out.push_str(rest);
    out
}

fn reqwest_method(m: &Method) -> reqwest::Method {
    reqwest::Method::from_bytes(m.as_str().as_bytes()).unwrap()
}

#[actix_web::test]
async fn every_route_requires_a_session_or_an_api_key() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let routes = meterdesk::routes::registered();
    assert!(routes.len() >= 15, "only {} routes registered?", routes.len());
    let mut checked = 0;
    for route in &routes {
        let path = concrete(route.path);
        let res = client
            .request(reqwest_method(&route.method), app.url(&path))
            .send()
            .await
            .unwrap();
        match classify(&path) {
            Access::Public => continue,
            Access::Api | Access::Token => {
                assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{} {path}", route.method);
                let body: serde_json::Value = res.json().await.unwrap();
                assert_eq!(body["error"]["code"], "unauthorized", "{} {path}", route.method);
            }
            Access::Page => {
                assert_eq!(res.status(), StatusCode::SEE_OTHER, "{} {path}", route.method);
                let to = res.headers()[LOCATION].to_str().unwrap();
                assert!(
                    to == "/login" || to.starts_with("/login?next="),
                    "{} {path} → {to}",
                    route.method
                );
            }
        }
        checked += 1;
    }
    assert!(checked >= 10);
    // The public exceptions really are public.
    for path in ["/login", "/healthz", "/static/css/app.css", "/favicon.ico"] {
        assert_eq!(
            client.get(app.url(path)).send().await.unwrap().status(),
            StatusCode::OK,
            "{path}"
        );
    }
}

#[actix_web::test]
async fn every_state_changing_page_route_refuses_a_missing_csrf_token() {
    let app = TestApp::spawn().await;
    let admin = app.session(Role::Admin).await;
    let mut checked = 0;
    for route in meterdesk::routes::registered() {
        let path = concrete(route.path);
        if matches!(route.method, Method::GET | Method::HEAD) || classify(&path) != Access::Page {
            continue;
        }
        let res = admin
            .client
            .request(reqwest_method(&route.method), admin.url(&path))
            .form(&[("name", "x")])
            .send()
            .await
            .unwrap();
        assert_eq!(res.status(), StatusCode::FORBIDDEN, "{} {path}", route.method);
        checked += 1;
    }
    assert!(checked >= 5, "only {checked} state-changing routes?");
    // The session survived all that: the refusals changed nothing.
    assert_eq!(admin.get("/").await.status(), StatusCode::OK);
}

#[test]
fn concrete_paths_fill_parameters() {
    assert_eq!(concrete("/meters/{id}/edit"), "/meters/1/edit");
    assert_eq!(concrete("/static/{path:.*}"), "/static/x");
}
