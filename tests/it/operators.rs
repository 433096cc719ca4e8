//! Admins manage operators; each role is held to what it may do; every action is audited.

use meterdesk::auth::model::Role;
use reqwest::StatusCode;
use reqwest::header::LOCATION;

use crate::support::app::{TestApp, login};
use crate::support::html;

fn audit_actions(app: &TestApp) -> Vec<String> {
    use diesel::prelude::*;
    use meterdesk::db::schema::audit_log;
    audit_log::table
        .order(audit_log::id.asc())
        .select(audit_log::action)
        .load(&mut app.conn())
        .unwrap()
}

#[actix_web::test]
async fn admin_creates_an_operator_with_a_one_time_password_that_must_be_changed() {
    let app = TestApp::spawn().await;
    let admin = app.session(Role::Admin).await;
    let (status, body) = admin
        .post_text(
            "/settings/operators",
            &[("email", "New@Example.com"), ("role", "editor")],
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let pw = html::text_by_id(&body, "one-time-password").expect("the one-time password is shown");
    assert_eq!(pw.len(), 20);
    // The new operator signs in and is sent to change the password before anything else.
    let client = app.client();
    let res = login(&app, &client, "new@example.com", &pw).await;
    assert_eq!(res.headers()[LOCATION], "/account/password");
    let res = client.get(app.url("/meters")).send().await.unwrap();
    assert_eq!(res.headers()[LOCATION], "/account/password");
    let page = client
        .get(app.url("/account/password"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    assert!(page.contains("one-time password"));
    let csrf = html::csrf_token(&page).unwrap();
    let res = client
        .post(app.url("/account/password"))
        .form(&[
            ("csrf_token", csrf.as_str()),
            ("current_password", pw.as_str()),
            ("new_password", "my own passphrase"),
            ("confirm_password", "my own passphrase"),
        ])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        client.get(app.url("/")).send().await.unwrap().status(),
        StatusCode::OK
    );
    let actions = audit_actions(&app);
    assert!(actions.contains(&"operator.create".to_string()), "{actions:?}");
    assert!(
        actions.contains(&"operator.password_change".to_string()),
        "{actions:?}"
    );
}

#[actix_web::test]
async fn operator_form_errors_name_the_field() {
    let app = TestApp::spawn().await;
    let admin = app.session(Role::Admin).await;
    let (status, body) = admin
        .post_text(
            "/settings/operators",
            &[("email", "not-an-email"), ("role", "editor")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("An email address needs an @"), "{body}");
    assert!(body.contains("value=\"not-an-email\""), "input is kept");
    let (status, _) = admin
        .post_text(
            "/settings/operators",
            &[("email", "dup@example.com"), ("role", "viewer")],
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    let (status, body) = admin
        .post_text(
            "/settings/operators",
            &[("email", "DUP@example.com"), ("role", "viewer")],
        )
        .await;
    assert_eq!(status, StatusCode::CONFLICT);
    assert!(body.contains("already exists"));
    let (status, body) = admin
        .post_text(
            "/settings/operators",
            &[("email", "x@example.com"), ("role", "root")],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Choose admin, editor or viewer."));
}

#[actix_web::test]
async fn admin_changes_roles_and_disables_operators() {
    let app = TestApp::spawn().await;
    let admin = app.session(Role::Admin).await;
    let victim = app.session(Role::Viewer).await;
    let id: i64 = {
        use diesel::prelude::*;
        use meterdesk::db::schema::operators;
        operators::table
            .filter(operators::email.eq(&victim.email))
            .select(operators::id)
            .first(&mut app.conn())
            .unwrap()
    };
    let res = admin
        .post(&format!("/settings/operators/{id}/role"), &[("role", "admin")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // The new role applies at once: the former viewer opens admin pages.
    assert_eq!(victim.get("/settings/operators").await.status(), StatusCode::OK);
    let res = admin
        .post(&format!("/settings/operators/{id}/disable"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // Disabled: signed out everywhere, and cannot sign in.
    assert_eq!(victim.get("/").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        login(&app, &app.client(), &victim.email, crate::support::app::PASSWORD)
            .await
            .status(),
        StatusCode::UNAUTHORIZED
    );
    let res = admin.post(&format!("/settings/operators/{id}/enable"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        login(&app, &app.client(), &victim.email, crate::support::app::PASSWORD)
            .await
            .status(),
        StatusCode::SEE_OTHER
    );
    let actions = audit_actions(&app);
    for a in ["operator.role_change", "operator.disable", "operator.enable"] {
        assert!(actions.contains(&a.to_string()), "{a} missing from {actions:?}");
    }
}

#[actix_web::test]
async fn the_last_admin_cannot_be_demoted_or_disabled_and_nobody_disables_themselves() {
    let app = TestApp::spawn().await;
    let admin = app.session(Role::Admin).await;
    let id: i64 = {
        use diesel::prelude::*;
        use meterdesk::db::schema::operators;
        operators::table
            .filter(operators::email.eq(&admin.email))
            .select(operators::id)
            .first(&mut app.conn())
            .unwrap()
    };
    let res = admin
        .post(&format!("/settings/operators/{id}/role"), &[("role", "viewer")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = admin.get_text("/settings/operators").await;
    assert!(page.contains("This is the only enabled admin"), "{page}");
    let res = admin
        .post(&format!("/settings/operators/{id}/disable"), &[])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = admin.get_text("/settings/operators").await;
    assert!(page.contains("You cannot disable your own account."));
    assert_eq!(
        admin.get("/settings/operators").await.status(),
        StatusCode::OK,
        "still an admin"
    );
}

#[actix_web::test]
async fn each_role_gets_what_it_may_and_is_refused_the_rest() {
    let app = TestApp::spawn().await;
    let viewer = app.session(Role::Viewer).await;
    let editor = app.session(Role::Editor).await;
    let admin = app.session(Role::Admin).await;
    for path in ["/settings/operators", "/settings/api-keys", "/settings/audit"] {
        assert_eq!(
            viewer.get(path).await.status(),
            StatusCode::FORBIDDEN,
            "viewer {path}"
        );
        assert_eq!(
            editor.get(path).await.status(),
            StatusCode::FORBIDDEN,
            "editor {path}"
        );
        assert_eq!(admin.get(path).await.status(), StatusCode::OK, "admin {path}");
    }
    for s in [&viewer, &editor, &admin] {
        assert_eq!(s.get("/").await.status(), StatusCode::OK);
        assert_eq!(s.get("/settings").await.status(), StatusCode::OK);
        assert_eq!(s.get("/account/password").await.status(), StatusCode::OK);
    }
    let (status, body) = viewer
        .post_text("/settings/api-keys", &[("name", "sneaky")])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    assert!(body.contains("This needs the admin role"), "{body}");
    let (status, _) = editor
        .post_text(
            "/settings/operators",
            &[("email", "e@example.com"), ("role", "admin")],
        )
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);
    // Admin-only links are not shown to others.
    let (_, page) = viewer.get_text("/settings").await;
    assert!(!page.contains("/settings/operators"));
    let (_, page) = admin.get_text("/settings").await;
    assert!(page.contains("/settings/operators"));
}

#[actix_web::test]
async fn the_audit_log_page_lists_actions_newest_first() {
    let app = TestApp::spawn().await;
    let admin = app.session(Role::Admin).await;
    admin.post("/settings/api-keys", &[("name", "audited key")]).await;
    let (status, page) = admin.get_text("/settings/audit").await;
    assert_eq!(status, StatusCode::OK);
    let create = page.find("api_key.create").expect("key creation is listed");
    let login = page.find("operator.login").expect("the login is listed");
    assert!(create < login, "newest first");
    assert!(page.contains("audited key"));
}
