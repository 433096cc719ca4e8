//! Rough edges a new operator hit (issue 13): an upload whose rejected rows were all fixed,
//! dry runs kept apart, a refused form keeping its meter, the warning banner, the dashboard's
//! figures, "create one" carrying the event name, archiving a priced meter, and a meter's
//! chart colour that does not depend on which meters are ticked.

use diesel::prelude::*;
use meterdesk::auth::model::Role;
use meterdesk::db::schema::meters;
use reqwest::StatusCode;
use reqwest::header::LOCATION;
use reqwest::multipart::{Form, Part};
use serde_json::json;

use crate::support::app::TestApp;
use crate::support::fixtures::{customer, event, ingest, product, subscription, sum_meter};
use crate::uploads_support::{GOOD, portal_upload, setup};

fn location(res: &reqwest::Response) -> String {
    res.headers()[LOCATION].to_str().unwrap().to_string()
}

#[actix_web::test]
async fn an_upload_whose_rejected_rows_were_all_fixed_says_so_and_dry_runs_have_their_own_tab() {
    let s = setup().await;
    let editor = s.app.session(Role::Editor).await;
    let bad = "timestamp,event_name,payload_customer_id,payload_tokens\n\
2024-09-23,llm.tokens,cus_a,100\n\
2024-09-23,llm.tokens,cus_typo,200\n";
    let res = portal_upload(
        &editor,
        &[("meter_id", &s.tokens)],
        "september.csv",
        bad.as_bytes(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let original = location(&res);
    let id = original.rsplit('/').next().unwrap().to_string();
    let (_, page) = editor.get_text(&original).await;
    assert!(page.contains("partially failed"), "{page}");
    assert!(!page.contains("all rows stored after fixes"));

    let fixed = "timestamp,event_name,payload_customer_id,payload_tokens\n2024-09-23,llm.tokens,cus_b,200\n";
    let res = portal_upload(
        &editor,
        &[("meter_id", &s.tokens), ("fixes", &id)],
        "september-errors.csv",
        fixed.as_bytes(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = editor.get_text(&original).await;
    assert!(
        page.contains("all rows stored after fixes") && !page.contains("partially failed"),
        "{page}"
    );
    assert!(page.contains("Every row of this file is stored."));

    // A dry run: not in the default list, under its own tab.
    let res = portal_upload(
        &editor,
        &[("meter_id", &s.tokens), ("dry_run", "1")],
        "just-checking.csv",
        GOOD.as_bytes(),
    )
    .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    // Its page shows (and uses up) the notice naming the file.
    editor.get_text(&location(&res)).await;
    let (_, list) = editor.get_text("/usage").await;
    assert!(list.contains("september.csv") && list.contains("september-errors.csv"));
    assert!(
        !list.contains("just-checking.csv"),
        "dry runs are hidden by default"
    );
    assert!(
        list.contains("all rows stored after fixes") && !list.contains("partially failed"),
        "{list}"
    );
    let (_, dry) = editor.get_text("/usage?show=dry_runs").await;
    assert!(
        dry.contains("just-checking.csv") && !dry.contains("september.csv"),
        "{dry}"
    );
    let (_, all) = editor.get_text("/usage?show=all").await;
    assert!(all.contains("just-checking.csv") && all.contains("september.csv"));

    // Rolling the fix back makes the original partly failed again.
    let fix_id = editor
        .get_text("/usage")
        .await
        .1
        .split("/uploads/")
        .nth(1)
        .and_then(|s| s.split('"').next())
        .unwrap()
        .to_string();
    assert_ne!(fix_id, id, "the newest real upload is the fix");
    let res = editor.post(&format!("/uploads/{fix_id}/rollback"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = editor.get_text(&original).await;
    assert!(page.contains("partially failed"), "{page}");
}

#[actix_web::test]
async fn the_same_file_again_is_a_warning_banner_not_a_success() {
    let s = setup().await;
    let editor = s.app.session(Role::Editor).await;
    let res = portal_upload(&editor, &[("meter_id", &s.tokens)], "u.csv", GOOD.as_bytes()).await;
    let (_, page) = editor.get_text(&location(&res)).await;
    assert!(
        page.contains(r#"class="flash flash-ok""#),
        "a first upload is a success"
    );
    let res = portal_upload(&editor, &[("meter_id", &s.tokens)], "u.csv", GOOD.as_bytes()).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = editor.get_text(&location(&res)).await;
    assert!(
        page.contains(r#"class="flash flash-warning""#) && page.contains("was uploaded before"),
        "{page}"
    );
    assert!(!page.contains("flash-ok"));
}

#[actix_web::test]
async fn a_form_refused_before_it_is_read_keeps_the_meter_from_the_address() {
    let s = setup().await;
    let second = sum_meter(&s.api, "images.generated", "images").await;
    let editor = s.app.session(Role::Editor).await;
    // A NUL in a field: refused while reading the form, before its meter_id is known.
    let form = Form::new()
        .text("meter_id", second.clone())
        .text("dry_run", "1\u{0}")
        .part("file", Part::bytes(GOOD.as_bytes().to_vec()).file_name("u.csv"));
    let res = editor
        .client
        .post(editor.url(&format!("/uploads?meter_id={second}")))
        .header("X-CSRF-Token", editor.csrf.clone())
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let page = res.text().await.unwrap();
    assert!(page.contains("upload-error"), "{page}");
    assert!(
        page.contains(&format!(r#"<option value="{second}" selected>"#)),
        "the meter stays chosen: {page}"
    );
}

#[actix_web::test]
async fn the_dashboard_shows_figures_once_there_is_data_and_only_the_steps_not_done() {
    let app = TestApp::spawn().await;
    let admin = app.session(Role::Admin).await;
    let (_, page) = admin.get_text("/").await;
    assert!(page.contains("Getting started") && page.contains(r#"id="step-customers""#));
    assert!(!page.contains(r#"id="events-all""#), "no figures without data");

    let api = app.api();
    customer(&api, "acme").await;
    let meter = sum_meter(&api, "tokens.used", "tokens").await;
    let (_, page) = admin.get_text("/").await;
    assert!(!page.contains(r#"id="step-customers""#) && !page.contains(r#"id="step-meters""#));
    assert!(page.contains(r#"id="step-products""#) && page.contains(r#"id="step-usage""#));

    let now = chrono::Utc::now().to_rfc3339();
    let mut events = Vec::new();
    for i in 0..7 {
        let mut e = event(&format!("e{i}"), "acme", "tokens.used", json!({"tokens": 100}));
        e["timestamp"] = json!(now);
        events.push(e);
    }
    ingest(&api, events).await;
    let prod = product(&api, "USD", &[(&meter, "0.50", "0")]).await;
    subscription(&api, "acme", &prod, "2026-01-01T00:00:00Z").await;
    let (_, page) = admin.get_text("/").await;
    assert!(page.contains(r#"id="events-all">7<"#), "{page}");
    assert!(page.contains(r#"<span id="events-month">7</span> this month"#));
    assert!(page.contains(r#"id="dashboard-usage""#) && page.contains("700 tokens"));
    assert!(page.contains("$350.00"), "7 × 100 tokens at $0.50: {page}");
    assert!(!page.contains(r#"id="next-steps""#), "every step is done");
    assert!(page.contains("No CSV uploads yet"));
}

#[actix_web::test]
async fn create_one_on_the_unmatched_page_carries_the_event_name_into_the_meter_form() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "acme").await;
    let mut e = event("x1", "acme", "video.minutes", json!({}));
    e["timestamp"] = json!(chrono::Utc::now().to_rfc3339());
    ingest(&api, vec![e]).await;
    let editor = app.session(Role::Editor).await;
    let (_, page) = editor.get_text("/analytics/unmatched").await;
    assert!(
        page.contains(r#"href="/meters/new?event_name=video.minutes""#)
            || page.contains(r#"href="/meters/new?event_name=video%2Eminutes""#),
        "{page}"
    );
    let (status, form) = editor.get_text("/meters/new?event_name=video.minutes").await;
    assert_eq!(status, StatusCode::OK);
    let input = form
        .split("id=\"f-event_name\"")
        .nth(1)
        .and_then(|rest| rest.split('>').next())
        .unwrap_or("");
    assert!(input.contains(r#"value="video.minutes""#), "{input}");
}

fn meter_status(app: &TestApp, id: &str) -> String {
    meters::table
        .find(id)
        .select(meters::status)
        .first(&mut app.conn())
        .unwrap()
}

#[actix_web::test]
async fn archiving_a_meter_a_live_product_prices_asks_first() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "acme").await;
    let priced = sum_meter(&api, "tokens.used", "tokens").await;
    let loose = sum_meter(&api, "images.generated", "images").await;
    let prod = product(&api, "USD", &[(&priced, "0.50", "0")]).await;
    subscription(&api, "acme", &prod, "2026-01-01T00:00:00Z").await;
    let editor = app.session(Role::Editor).await;

    let (status, page) = editor.post_text(&format!("/meters/{priced}/archive"), &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains(r#"id="archive-warning""#) && page.contains("Usage plan"),
        "{page}"
    );
    assert!(page.contains("1 live subscription</li>"));
    assert_eq!(meter_status(&app, &priced), "active", "nothing archived yet");

    let res = editor
        .post(&format!("/meters/{priced}/archive"), &[("confirm", "1")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(meter_status(&app, &priced), "archived");

    // A meter no live product prices is archived at once.
    let res = editor.post(&format!("/meters/{loose}/archive"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(meter_status(&app, &loose), "archived");
}

#[actix_web::test]
async fn a_meter_keeps_its_chart_colour_whichever_meters_are_ticked() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "acme").await;
    let first = sum_meter(&api, "tokens.used", "tokens").await;
    let second = sum_meter(&api, "images.generated", "images").await;
    let now = chrono::Utc::now().to_rfc3339();
    let mut a = event("c1", "acme", "tokens.used", json!({"tokens": 5}));
    a["timestamp"] = json!(now);
    let mut b = event("c2", "acme", "images.generated", json!({"images": 2}));
    b["timestamp"] = json!(now);
    ingest(&api, vec![a, b]).await;
    let viewer = app.session(Role::Viewer).await;
    let class_of = |page: &str, id: &str| -> String {
        let marker = format!(r#"" data-series="{id}" fill="#);
        let before = page.split(&marker).next().unwrap_or("");
        before.rsplit("class=\"series ").next().unwrap_or("").to_string()
    };
    let (_, both) = viewer
        .get_text(&format!("/analytics?meter={first}&meter={second}"))
        .await;
    let (_, alone) = viewer.get_text(&format!("/analytics?meter={second}")).await;
    let (_, first_alone) = viewer.get_text(&format!("/analytics?meter={first}")).await;
    assert_eq!(class_of(&both, &second), "series-1", "{both}");
    assert_eq!(class_of(&alone, &second), "series-1", "ticked alone: {alone}");
    assert_eq!(class_of(&both, &first), "series-0");
    assert_eq!(class_of(&first_alone, &first), "series-0");
}
