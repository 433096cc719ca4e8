//! API keys: created once-shown, stored hashed, revocable; the API answers 401 without one.

use meterdesk::auth::model::Role;
use reqwest::StatusCode;

use crate::support::app::TestApp;
use crate::support::html;

#[actix_web::test]
async fn a_key_created_in_the_portal_authenticates_until_revoked() {
    let app = TestApp::spawn().await;
    let admin = app.session(Role::Admin).await;
    let (status, page) = admin
        .post_text("/settings/api-keys", &[("name", "production app")])
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let key = html::text_by_id(&page, "new-api-key").expect("the key is shown once");
    assert!(key.starts_with("md_"));
    // Stored only as a hash.
    {
        use diesel::prelude::*;
        use meterdesk::db::schema::api_keys;
        let hash: Vec<u8> = api_keys::table
            .select(api_keys::key_hash)
            .first(&mut app.conn())
            .unwrap();
        assert_eq!(hash, meterdesk::crypto::sha256(key.as_bytes()));
    }
    // The list does not show it again.
    let (_, list) = admin.get_text("/settings/api-keys").await;
    assert!(!list.contains(&key));
    assert!(list.contains(&key[..10]));

    let client = app.client();
    let res = client
        .get(app.url("/api/v1/me"))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["api_key"]["name"], "production app");

    let id: i64 = {
        use diesel::prelude::*;
        use meterdesk::db::schema::api_keys;
        api_keys::table
            .select(api_keys::id)
            .first(&mut app.conn())
            .unwrap()
    };
    let res = admin.post(&format!("/settings/api-keys/{id}/revoke"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let res = client
        .get(app.url("/api/v1/me"))
        .bearer_auth(&key)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthorized");
    assert!(body["error"]["message"].as_str().unwrap().contains("revoked"));
}

#[actix_web::test]
async fn the_api_refuses_missing_and_unknown_keys_with_json() {
    let app = TestApp::spawn().await;
    let client = app.client();
    let res = client.get(app.url("/api/v1/me")).send().await.unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let body: serde_json::Value = res.json().await.unwrap();
    assert_eq!(body["error"]["code"], "unauthorized");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("Authorization: Bearer")
    );
    let res = client
        .get(app.url("/api/v1/me"))
        .bearer_auth("md_notakey")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    let res = client
        .get(app.url("/api/v1/me"))
        .header("Authorization", "Basic abc")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    // A session cookie is no substitute for a key.
    let s = app.session(Role::Admin).await;
    assert_eq!(s.get("/api/v1/me").await.status(), StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn unknown_api_paths_answer_json_404_to_a_valid_key() {
    let app = TestApp::spawn().await;
    let api = app.api();
    let (status, body) = api.get("/api/v1/nothing-here").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert_eq!(body["error"]["code"], "not_found");
}
