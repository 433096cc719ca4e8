//! Signing in and out in a real browser.

use meterdesk::auth::model::Role;

use crate::ensure;
use crate::support::app::{PASSWORD, TestApp};
use crate::support::browser::{Browser, TestResult};

async fn sign_in(b: &Browser, email: &str, password: &str) -> TestResult {
    b.goto("/").await?;
    b.wait_for_path(|p| p.starts_with("/login")).await?;
    b.fill("#email", email).await?;
    b.fill("#password", password).await?;
    b.click("button[type=submit]").await?;
    Ok(())
}

#[actix_web::test]
async fn operator_signs_in_sees_the_dashboard_and_signs_out() {
    let app = TestApp::spawn().await;
    app.create_operator("ana@example.com", Role::Admin);
    let b = Browser::start(&app.addr).await;
    let result = async {
        sign_in(&b, "ana@example.com", PASSWORD).await?;
        b.wait_for_path(|p| p == "/").await?;
        ensure!(b.text("h1").await? == "Dashboard", "no dashboard heading");
        ensure!(
            b.text("[data-testid=operator-email]").await? == "ana@example.com",
            "operator not shown"
        );
        b.click("#sign-out").await?;
        b.wait_for_path(|p| p.starts_with("/login")).await?;
        // Signed out for real: the dashboard sends us back to sign in.
        b.goto("/").await?;
        let path = b.wait_for_path(|p| p.starts_with("/login")).await?;
        ensure!(path == "/login?next=%2F", "unexpected {path}");
        Ok(())
    }
    .await;
    b.finish("operator_signs_in_sees_the_dashboard_and_signs_out", result)
        .await;
}

#[actix_web::test]
async fn a_wrong_password_shows_the_error_and_keeps_the_email() {
    let app = TestApp::spawn().await;
    app.create_operator("ana@example.com", Role::Viewer);
    let b = Browser::start(&app.addr).await;
    let result = async {
        sign_in(&b, "ana@example.com", "not my password").await?;
        let error = b.text("#login-error").await?;
        ensure!(
            error == "Email or password is incorrect.",
            "error text was {error:?}"
        );
        let email = b
            .client
            .find(fantoccini::Locator::Css("#email"))
            .await?
            .prop("value")
            .await?;
        ensure!(
            email.as_deref() == Some("ana@example.com"),
            "email not kept: {email:?}"
        );
        ensure!(b.path().await?.starts_with("/login"), "left the login page");
        Ok(())
    }
    .await;
    b.finish("a_wrong_password_shows_the_error_and_keeps_the_email", result)
        .await;
}
