//! Sign-in, sign-out, sessions, CSRF and throttling.

use diesel::QueryDsl;
use meterdesk::auth::model::Role;
use reqwest::StatusCode;
use reqwest::header::{LOCATION, RETRY_AFTER, SET_COOKIE};

use crate::support::app::{PASSWORD, TestApp, login};
use crate::support::html;

fn session_cookie(res: &reqwest::Response) -> Option<String> {
    res.headers().get_all(SET_COOKIE).iter().find_map(|v| {
        let v = v.to_str().ok()?;
        v.strip_prefix("md_session=")
            .map(|rest| rest.split(';').next().unwrap_or("").to_string())
    })
}

#[actix_web::test]
async fn login_with_the_right_password_reaches_the_dashboard() {
    let app = TestApp::spawn().await;
    app.create_operator("ana@example.com", Role::Editor);
    let client = app.client();
    let res = login(&app, &client, "Ana@Example.com", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[LOCATION], "/");
    let cookie = res
        .headers()
        .get_all(SET_COOKIE)
        .iter()
        .map(|v| v.to_str().unwrap().to_string())
        .find(|v| v.starts_with("md_session="))
        .unwrap();
    assert!(cookie.contains("HttpOnly"), "{cookie}");
    assert!(cookie.contains("SameSite=Lax"), "{cookie}");
    let page = client.get(app.url("/")).send().await.unwrap();
    assert_eq!(page.status(), StatusCode::OK);
    let body = page.text().await.unwrap();
    assert!(body.contains("Dashboard"));
    assert!(body.contains("ana@example.com"));
}

#[actix_web::test]
async fn wrong_password_unknown_email_and_disabled_operator_get_one_generic_answer() {
    let app = TestApp::spawn().await;
    app.create_operator("ana@example.com", Role::Viewer);
    app.create_operator("off@example.com", Role::Viewer);
    diesel::RunQueryDsl::execute(
        diesel::sql_query("UPDATE operators SET disabled_at = now() WHERE email = 'off@example.com'"),
        &mut app.conn(),
    )
    .unwrap();
    for (email, pw) in [
        ("ana@example.com", "wrong password!!"),
        ("nobody@example.com", PASSWORD),
        ("off@example.com", PASSWORD),
    ] {
        let client = app.client();
        let res = login(&app, &client, email, pw).await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED, "{email}");
        assert!(session_cookie(&res).is_none());
        let body = res.text().await.unwrap();
        assert_eq!(
            html::text_by_id(&body, "login-error").as_deref(),
            Some("Email or password is incorrect."),
            "{email}"
        );
        // The email is kept in the form.
        assert!(body.contains(&format!("value=\"{email}\"")));
    }
}

#[actix_web::test]
async fn logout_ends_the_session() {
    let app = TestApp::spawn().await;
    let s = app.session(Role::Viewer).await;
    assert_eq!(s.get("/").await.status(), StatusCode::OK);
    let res = s.post("/logout", &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[LOCATION], "/login");
    let after = s.get("/").await;
    assert_eq!(after.status(), StatusCode::SEE_OTHER);
    assert!(after.headers()[LOCATION].to_str().unwrap().starts_with("/login"));
    let sessions: i64 = diesel::RunQueryDsl::get_result(
        meterdesk::db::schema::sessions::table.select(diesel::dsl::count_star()),
        &mut app.conn(),
    )
    .unwrap_or(0);
    assert_eq!(sessions, 0);
}

#[actix_web::test]
async fn login_issues_a_new_session_id_and_retires_the_old_one() {
    let app = TestApp::spawn().await;
    app.create_operator("ana@example.com", Role::Viewer);
    let client = app.client();
    let first = session_cookie(&login(&app, &client, "ana@example.com", PASSWORD).await).unwrap();
    let second = session_cookie(&login(&app, &client, "ana@example.com", PASSWORD).await).unwrap();
    assert_ne!(first, second);
    // The first token no longer opens anything.
    let stale = app
        .client()
        .get(app.url("/"))
        .header("Cookie", format!("md_session={first}"))
        .send()
        .await
        .unwrap();
    assert_eq!(stale.status(), StatusCode::SEE_OTHER);
    let fresh = app
        .client()
        .get(app.url("/"))
        .header("Cookie", format!("md_session={second}"))
        .send()
        .await
        .unwrap();
    assert_eq!(fresh.status(), StatusCode::OK);
}

#[actix_web::test]
async fn idle_sessions_expire() {
    let app = TestApp::spawn().await;
    let s = app.session(Role::Viewer).await;
    assert_eq!(s.get("/").await.status(), StatusCode::OK);
    diesel::RunQueryDsl::execute(
        diesel::sql_query("UPDATE sessions SET last_seen_at = now() - interval '61 minutes'"),
        &mut app.conn(),
    )
    .unwrap();
    let res = s.get("/settings").await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()[LOCATION], "/login?next=%2Fsettings");
}

#[actix_web::test]
async fn state_changing_requests_without_the_csrf_token_are_refused() {
    let app = TestApp::spawn().await;
    let s = app.session(Role::Admin).await;
    // No token at all.
    let res = s
        .client
        .post(s.url("/settings/api-keys"))
        .form(&[("name", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    assert!(res.text().await.unwrap().contains("CSRF"));
    // A wrong token.
    let res = s
        .client
        .post(s.url("/settings/api-keys"))
        .form(&[("csrf_token", "0".repeat(64).as_str()), ("name", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Another session's token.
    let other = app.session(Role::Admin).await;
    let res = s
        .client
        .post(s.url("/settings/api-keys"))
        .form(&[("csrf_token", other.csrf.as_str()), ("name", "x")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
    // Nothing was created by the refused requests; the right token works.
    let (status, _) = s.post_text("/settings/api-keys", &[("name", "x")]).await;
    assert_eq!(status, StatusCode::CREATED);
    let keys: i64 = diesel::RunQueryDsl::get_result(
        meterdesk::db::schema::api_keys::table.select(diesel::dsl::count_star()),
        &mut app.conn(),
    )
    .unwrap();
    assert_eq!(keys, 1);
    // The token also travels in a header (for scripts) .
    let res = s
        .client
        .post(s.url("/settings/api-keys"))
        .header("X-CSRF-Token", &s.csrf)
        .form(&[("name", "y")])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
}

#[actix_web::test]
async fn the_login_form_itself_needs_its_csrf_token() {
    let app = TestApp::spawn().await;
    app.create_operator("ana@example.com", Role::Viewer);
    let client = app.client();
    let res = client
        .post(app.url("/login"))
        .form(&[("email", "ana@example.com"), ("password", PASSWORD)])
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::FORBIDDEN);
}

#[actix_web::test]
async fn five_failures_lock_the_account_for_that_address_with_retry_after() {
    let app = TestApp::spawn().await;
    app.create_operator("ana@example.com", Role::Viewer);
    let client = app.client();
    for _ in 0..5 {
        let res = login(&app, &client, "ana@example.com", "not the password").await;
        assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
    }
    // Now even the right password is refused until the window passes.
    let res = login(&app, &client, "ana@example.com", PASSWORD).await;
    assert_eq!(res.status(), StatusCode::TOO_MANY_REQUESTS);
    let retry: u64 = res.headers()[RETRY_AFTER].to_str().unwrap().parse().unwrap();
    assert!(retry > 0 && retry <= 15 * 60, "{retry}");
    assert!(
        res.text()
            .await
            .unwrap()
            .contains("Too many failed sign-in attempts")
    );
    // Another account from the same address is not affected.
    app.create_operator("bo@example.com", Role::Viewer);
    assert_eq!(
        login(&app, &client, "bo@example.com", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
    // Once the failures are older than the window, the account opens again.
    diesel::RunQueryDsl::execute(
        diesel::sql_query("UPDATE login_attempts SET attempted_at = attempted_at - interval '16 minutes'"),
        &mut app.conn(),
    )
    .unwrap();
    assert_eq!(
        login(&app, &client, "ana@example.com", PASSWORD).await.status(),
        StatusCode::SEE_OTHER
    );
}

#[actix_web::test]
async fn sign_in_returns_to_the_page_asked_for_but_never_off_site() {
    let app = TestApp::spawn().await;
    app.create_operator("ana@example.com", Role::Viewer);
    let client = app.client();
    let form = client
        .get(app.url("/login?next=/settings"))
        .send()
        .await
        .unwrap()
        .text()
        .await
        .unwrap();
    let csrf = html::csrf_token(&form).unwrap();
    assert!(form.contains("name=\"next\" value=\"/settings\""));
    for (next, expected) in [("/settings", "/settings"), ("//evil.example/x", "/")] {
        let res = client
            .post(app.url("/login"))
            .form(&[
                ("csrf_token", csrf.as_str()),
                ("email", "ana@example.com"),
                ("password", PASSWORD),
                ("next", next),
            ])
            .send()
            .await
            .unwrap();
        assert_eq!(res.headers()[LOCATION], expected);
    }
}

#[actix_web::test]
async fn operators_change_their_own_password() {
    let app = TestApp::spawn().await;
    let s = app.session(Role::Viewer).await;
    let other_device = {
        let c = app.client();
        assert_eq!(
            login(&app, &c, &s.email, PASSWORD).await.status(),
            StatusCode::SEE_OTHER
        );
        c
    };
    let new_pw = "a brand new passphrase";
    let (status, body) = s
        .post_text(
            "/account/password",
            &[
                ("current_password", "wrong"),
                ("new_password", new_pw),
                ("confirm_password", new_pw),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("The current password is not correct."));
    let (status, body) = s
        .post_text(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", "short"),
                ("confirm_password", "short"),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(body.contains("Use at least 12 characters."));
    let res = s
        .post(
            "/account/password",
            &[
                ("current_password", PASSWORD),
                ("new_password", new_pw),
                ("confirm_password", new_pw),
            ],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // This session goes on; the other device is signed out; the new password works.
    assert_eq!(s.get("/").await.status(), StatusCode::OK);
    assert_eq!(
        other_device.get(app.url("/")).send().await.unwrap().status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        login(&app, &app.client(), &s.email, new_pw).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        login(&app, &app.client(), &s.email, PASSWORD).await.status(),
        StatusCode::UNAUTHORIZED
    );
}
