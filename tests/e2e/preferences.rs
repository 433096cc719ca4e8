//! An operator changes their language and time zone in Settings, in a real browser.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use fantoccini::Locator;
use meterdesk::auth::model::Role;

use crate::ensure;
use crate::meters::sign_in;
use crate::support::app::TestApp;
use crate::support::browser::{Browser, TestResult};

async fn select(b: &Browser, css: &str, value: &str) -> TestResult {
    b.client
        .find(Locator::Css(css))
        .await?
        .select_by_value(value)
        .await?;
    Ok(())
}

#[actix_web::test]
async fn an_operator_switches_to_french_and_to_kolkata_time() {
    let app = TestApp::spawn().await;
    app.create_operator("ana@example.com", Role::Admin);
    app.api_key();
    let created: DateTime<Utc> = {
        use meterdesk::db::schema::api_keys;
        api_keys::table
            .select(api_keys::created_at)
            .first(&mut app.conn())
            .unwrap()
    };
    let b = Browser::start(&app.addr).await;
    let result = async {
        sign_in(&b, "ana@example.com").await?;
        b.goto("/settings").await?;
        ensure!(b.text("a[href='/meters']").await? == "Meters", "English to start");
        select(&b, "#f-language", "fr").await?;
        // The time zone list is the tz database's; the option is picked by its name.
        b.client
            .find(Locator::XPath(
                "//select[@id='f-time_zone']/option[text()='Asia/Kolkata']",
            ))
            .await?
            .click()
            .await?;
        b.click("#save-preferences").await?;
        b.wait_for_path(|p| p == "/settings").await?;
        let flash = b.text("#flash").await?;
        ensure!(flash == "Vos préférences sont enregistrées.", "flash: {flash:?}");
        let lang = b.client.find(Locator::Css("html")).await?.attr("lang").await?;
        ensure!(lang.as_deref() == Some("fr"), "<html lang> is {lang:?}");
        for (href, name) in [
            ("/meters", "Dispositifs de mesure"),
            ("/products", "Produits"),
            ("/usage", "Gestion des données"),
            ("/settings", "Paramètres"),
        ] {
            let shown = b.text(&format!("nav a[href='{href}']")).await?;
            ensure!(shown == name, "{href} reads {shown:?}, not {name:?}");
        }
        ensure!(
            b.text("#sign-out").await? == "Se déconnecter",
            "the top bar is French too"
        );
        let now = b.text("#now-in-zone").await?;
        ensure!(now.ends_with("+05:30"), "now in the zone: {now:?}");

        // The API key's creation time, in Kolkata with its offset.
        b.goto("/settings/api-keys").await?;
        let shown = b.text("td.created-at time").await?;
        let expected = created
            .with_timezone(&chrono_tz::Asia::Kolkata)
            .format("%Y-%m-%d %H:%M +05:30")
            .to_string();
        ensure!(shown == expected, "created at {shown:?}, expected {expected:?}");
        ensure!(b.text("h1").await? == "Clés API", "the API keys page is French");
        Ok(())
    }
    .await;
    b.finish("an_operator_switches_to_french_and_to_kolkata_time", result)
        .await;
}
