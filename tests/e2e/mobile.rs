//! Small screens and keyboards: at 390 px no page scrolls sideways, the navigation collapses
//! behind a menu button, charts keep legible labels; the focus outline is solid and contrasts
//! 3:1 on the dark sidebar and the white content; Enter in the filter builder stays there; a
//! refused upload comes back on a clean address with its meter still chosen.

use fantoccini::Locator;
use meterdesk::auth::model::Role;
use serde_json::{Value, json};

use crate::ensure;
use crate::meters::sign_in;
use crate::support::app::{Api, TestApp};
use crate::support::browser::Browser;
use crate::support::fixtures::{customer, ingest, product, subscription, sum_meter};

/// A long-named customer, two meters (one priced), events now, an upload with rejected rows.
struct Data {
    meter: String,
    other: String,
    product: String,
    upload: i64,
}

async fn api_upload(api: &Api, meter: &str, name: &str, body: &str) -> Value {
    let form = reqwest::multipart::Form::new().part(
        "file",
        reqwest::multipart::Part::bytes(body.as_bytes().to_vec()).file_name(name.to_string()),
    );
    let res = api
        .client
        .post(api.url(&format!("/api/v1/uploads?meter_id={meter}")))
        .bearer_auth(&api.key)
        .multipart(form)
        .send()
        .await
        .unwrap();
    res.json().await.unwrap()
}

async fn data(app: &TestApp) -> Data {
    let api = app.api();
    customer(&api, "acme").await;
    customer(&api, "customer-with-a-rather-long-identifier-0123456789abcdef").await;
    let meter = sum_meter(&api, "tokens.used", "tokens").await;
    let other = sum_meter(&api, "images.generated", "images").await;
    let product = product(&api, "USD", &[(&meter, "0.50", "100")]).await;
    subscription(&api, "acme", &product, "2026-01-01T00:00:00Z").await;
    let now = chrono::Utc::now().to_rfc3339();
    ingest(
        &api,
        vec![
            json!({"event_id": "a1", "customer_id": "acme", "event_name": "tokens.used", "timestamp": now, "metadata": {"tokens": 250}}),
            json!({"event_id": "a2", "customer_id": "customer-with-a-rather-long-identifier-0123456789abcdef", "event_name": "images.generated", "timestamp": now, "metadata": {"images": 3}}),
            json!({"event_id": "a3", "customer_id": "acme", "event_name": "an.event.name.no.meter.listens.to.yet", "timestamp": now, "metadata": {}}),
        ],
    )
    .await;
    let day = chrono::Utc::now().format("%Y-%m-%d");
    let upload = api_upload(
        &api,
        &meter,
        "a-file-name-that-goes-on-and-on-for-quite-a-while-september-usage.csv",
        &format!(
            "timestamp,event_name,payload_customer_id,payload_tokens\n\
             {day},tokens.used,acme,10\n\
             {day},tokens.used,nobody-with-this-id-0123456789abcdefghijklmnopqrstuvwxyz,20\n"
        ),
    )
    .await;
    Data {
        meter,
        other,
        product,
        upload: upload["id"]
            .as_i64()
            .unwrap_or_else(|| panic!("upload: {upload}")),
    }
}

/// Elements that stick out past the viewport while their parent does not: where a sideways
/// scroll comes from.
const WIDTH_CHECK: &str = "
    const w = window.innerWidth;
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      const p = el.parentElement.getBoundingClientRect();
      if (r.width > 0 && r.right > w + 1 && p.right <= w + 1) {
        out.push(el.tagName.toLowerCase() + (el.id ? '#' + el.id : '') +
          (el.className && el.className.baseVal === undefined ? '.' + String(el.className).split(' ').join('.') : '') +
          ' right=' + Math.round(r.right));
      }
    }
    return [document.documentElement.scrollWidth, w, out.slice(0, 5).join(', ')];";

#[actix_web::test]
async fn at_390_px_no_page_scrolls_sideways_the_menu_collapses_and_chart_labels_stay_legible() {
    let app = TestApp::spawn().await;
    app.create_operator("ana-with-a-long-address@example-company.com", Role::Admin);
    let d = data(&app).await;
    let b = Browser::start(&app.addr).await;
    let result = async {
        sign_in(&b, "ana-with-a-long-address@example-company.com").await?;
        b.client.set_window_size(390, 844).await?;
        let mut wide = Vec::new();
        let mut violations = Vec::new();
        for path in [
            "/".to_string(),
            "/meters".into(),
            format!("/meters/{}", d.meter),
            "/meters/new".into(),
            format!("/meters/{}/edit", d.meter),
            format!("/meters/{}/test", d.meter),
            "/products".into(),
            format!("/products/{}", d.product),
            "/products/new".into(),
            "/customers".into(),
            "/customers/acme".into(),
            "/customers/new".into(),
            "/usage".into(),
            "/uploads/new".into(),
            format!("/uploads/{}", d.upload),
            "/analytics".into(),
            format!("/analytics?meter={}&meter={}", d.meter, d.other),
            "/analytics/events".into(),
            "/analytics/events/a1".into(),
            "/analytics/unmatched".into(),
            "/analytics/customers".into(),
            "/analytics/reconciliation".into(),
            "/settings".into(),
            "/settings/operators".into(),
            "/settings/api-keys".into(),
            "/settings/audit".into(),
            "/account/password".into(),
        ] {
            b.goto(&path).await?;
            let r = b.client.execute(WIDTH_CHECK, vec![]).await?;
            let (scroll, inner) = (r[0].as_i64().unwrap_or(0), r[1].as_i64().unwrap_or(0));
            ensure!(inner <= 400, "the window is {inner} px wide, not a phone's");
            if scroll > inner {
                wide.push(format!("{path}: {scroll} px wide in {inner} ({})", r[2]));
            }
            for v in b.axe_violations().await? {
                violations.push(format!("{path}: {v}"));
            }
        }
        ensure!(
            wide.is_empty(),
            "pages wider than the screen:\n{}",
            wide.join("\n")
        );
        ensure!(
            violations.is_empty(),
            "{} accessibility violations at 390 px:\n{}",
            violations.len(),
            violations.join("\n")
        );

        // The navigation is one menu button until opened; focused, the button shows the
        // outline on the dark bar.
        b.goto("/").await?;
        let ring = b
            .client
            .execute(
                "document.getElementById('nav-toggle').focus();
                 const s = getComputedStyle(document.querySelector('label[for=nav-toggle]'));
                 return [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor];",
                vec![],
            )
            .await?;
        let thick = ring[1].as_f64().unwrap_or(0.0) >= 3.0;
        ensure!(
            ring[0] == json!("solid") && thick && ring[2] == json!("rgb(99, 102, 241)"),
            "the focused menu button's outline: {ring}"
        );
        let shown = "return getComputedStyle(document.querySelector('.sidebar ul')).display !== 'none'";
        ensure!(
            b.client.execute(shown, vec![]).await? == json!(false),
            "the navigation is not collapsed at 390 px"
        );
        b.click("label[for=nav-toggle]").await?;
        ensure!(
            b.client.execute(shown, vec![]).await? == json!(true),
            "the menu button does not open the navigation"
        );
        b.click(".sidebar a[href='/meters']").await?;
        b.wait_for_path(|p| p == "/meters").await?;

        // Chart labels: their font size times the drawing's scale, at least 11 px.
        b.goto(&format!("/analytics?meter={}&meter={}", d.meter, d.other))
            .await?;
        let sizes = b
            .client
            .execute(
                "const out = [];
                 for (const t of document.querySelectorAll('svg.chart text')) {
                   const svg = t.ownerSVGElement;
                   const scale = svg.getBoundingClientRect().width / svg.viewBox.baseVal.width;
                   out.push(parseFloat(getComputedStyle(t).fontSize) * scale);
                 }
                 return out;",
                vec![],
            )
            .await?;
        let sizes: Vec<f64> = sizes
            .as_array()
            .map(|a| a.iter().filter_map(Value::as_f64).collect())
            .unwrap_or_default();
        ensure!(!sizes.is_empty(), "no chart labels on the overview");
        let smallest = sizes.iter().copied().fold(f64::MAX, f64::min);
        let legible = smallest >= 10.95;
        ensure!(legible, "a chart label is {smallest:.1} px at 390 px");
        Ok(())
    }
    .await;
    b.finish(
        "at_390_px_no_page_scrolls_sideways_the_menu_collapses_and_chart_labels_stay_legible",
        result,
    )
    .await;
}

/// WCAG contrast of two `rgb(…)`/`rgba(…)` colours, computed in the page.
const CONTRAST: &str = "
    function rgb(s) { return s.match(/[\\d.]+/g).slice(0, 3).map(Number); }
    function lum(c) {
      const [r, g, b] = c.map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : Math.pow((v + 0.055) / 1.055, 2.4); });
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    }
    function contrast(a, b) {
      const [x, y] = [lum(rgb(a)), lum(rgb(b))].sort((p, q) => q - p);
      return (x + 0.05) / (y + 0.05);
    }
    // The first opaque background at or above an element.
    function background(el) {
      for (; el; el = el.parentElement) {
        const bg = getComputedStyle(el).backgroundColor;
        if (bg && !/rgba\\(.*,\\s*0\\)$/.test(bg) && bg !== 'transparent') return bg;
      }
      return 'rgb(255, 255, 255)';
    }
    const el = document.querySelector(arguments[0]);
    if (!el) return {missing: true};
    el.focus();
    const s = getComputedStyle(el);
    // The outline is drawn outside the element (offset): against what is around it.
    const around = background(el.parentElement);
    return {
      focused: document.activeElement === el,
      visible: el.matches(':focus-visible'),
      style: s.outlineStyle,
      width: parseFloat(s.outlineWidth),
      offset: parseFloat(s.outlineOffset),
      colour: s.outlineColor,
      around: around,
      contrast: contrast(s.outlineColor, around),
    };";

#[actix_web::test]
async fn the_focus_outline_is_solid_and_contrasts_3_to_1_on_the_sidebar_and_the_content() {
    let app = TestApp::spawn().await;
    app.create_operator("ed@example.com", Role::Editor);
    sum_meter(&app.api(), "tokens.used", "tokens").await;
    let b = Browser::start(&app.addr).await;
    let result = async {
        sign_in(&b, "ed@example.com").await?;
        let mut checked = Vec::new();
        for (path, css, on) in [
            ("/", ".sidebar a[href='/meters']", "dark"),
            ("/meters", ".sidebar a[aria-current=page]", "dark"),
            ("/", ".sidebar .brand", "dark"),
            ("/", "#sign-out", "light"),
            ("/meters", "main a.btn-primary[href='/meters/new']", "light"),
            ("/meters/new", "#f-name", "light"),
            ("/meters/new", "#f-aggregation", "light"),
            ("/usage", "#f-dry_run", "light"),
        ] {
            b.goto(path).await?;
            let r = b.client.execute(CONTRAST, vec![json!(css)]).await?;
            ensure!(r["missing"] != json!(true), "{path}: no {css}");
            ensure!(
                r["focused"] == json!(true),
                "{path} {css}: could not focus it: {r}"
            );
            ensure!(
                r["visible"] == json!(true),
                "{path} {css}: not :focus-visible: {r}"
            );
            ensure!(r["style"] == json!("solid"), "{path} {css}: outline {r}");
            let thick = r["width"].as_f64().unwrap_or(0.0) >= 2.0;
            ensure!(thick, "{path} {css}: outline too thin: {r}");
            let contrasts = r["contrast"].as_f64().unwrap_or(0.0) >= 3.0;
            ensure!(contrasts, "{path} {css}: outline contrast below 3:1: {r}");
            // The backgrounds are the ones meant: the dark sidebar, a light page or card.
            let around = r["around"].as_str().unwrap_or("").to_string();
            let dark = around == "rgb(17, 24, 39)";
            ensure!(dark == (on == "dark"), "{path} {css}: measured against {around}");
            checked.push(format!("{css} {:.2}", r["contrast"].as_f64().unwrap_or(0.0)));
        }
        ensure!(checked.len() == 8, "checked {checked:?}");
        Ok(())
    }
    .await;
    b.finish(
        "the_focus_outline_is_solid_and_contrasts_3_to_1_on_the_sidebar_and_the_content",
        result,
    )
    .await;
}

#[actix_web::test]
async fn enter_in_a_filter_condition_does_not_submit_the_meter_form() {
    let app = TestApp::spawn().await;
    app.create_operator("ed@example.com", Role::Editor);
    let b = Browser::start(&app.addr).await;
    let result = async {
        sign_in(&b, "ed@example.com").await?;
        b.goto("/meters/new").await?;
        b.fill("#f-name", "API calls").await?;
        b.fill("#f-event_name", "api.call").await?;
        b.fill("#f-unit", "calls").await?;
        b.click("#f-filter_enabled").await?;
        b.fill("[name='f.0.0.key']", "region").await?;
        let key = b.client.find(Locator::Css("[name='f.0.0.key']")).await?;
        key.send_keys("\u{E007}").await?;
        let value = b.client.find(Locator::Css("[name='f.0.0.value']")).await?;
        value.send_keys("eu\u{E007}").await?;
        tokio::time::sleep(std::time::Duration::from_millis(700)).await;
        ensure!(
            b.path().await? == "/meters/new",
            "Enter submitted the form: now at {}",
            b.path().await?
        );
        // Still the same page, with what was typed.
        let typed = b
            .client
            .find(Locator::Css("[name='f.0.0.value']"))
            .await?
            .prop("value")
            .await?;
        ensure!(typed.as_deref() == Some("eu"), "the value is {typed:?}");
        let created: i64 = {
            use diesel::prelude::*;
            meterdesk::db::schema::meters::table
                .count()
                .get_result(&mut app.conn())?
        };
        ensure!(created == 0, "Enter created {created} meter(s)");
        // The Save button still saves.
        b.click("#save-meter").await?;
        b.wait_for_path(|p| p.starts_with("/meters/mtr_")).await?;
        Ok(())
    }
    .await;
    b.finish(
        "enter_in_a_filter_condition_does_not_submit_the_meter_form",
        result,
    )
    .await;
}

#[actix_web::test]
async fn a_refused_file_comes_back_on_a_clean_address_with_its_meter_still_chosen() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "acme").await;
    let _first = sum_meter(&api, "tokens.used", "tokens").await;
    let second = sum_meter(&api, "images.generated", "images").await;
    app.create_operator("ed@example.com", Role::Editor);
    let dir = std::env::temp_dir().join(format!("md-e2e-{}", meterdesk::crypto::random_hex(4)));
    std::fs::create_dir_all(&dir).unwrap();
    let file = dir.join("not-a-usage-file.csv");
    std::fs::write(&file, b"hello,world\n1,2\n").unwrap();
    let b = Browser::start(&app.addr).await;
    let result = async {
        sign_in(&b, "ed@example.com").await?;
        b.goto("/usage").await?;
        b.client
            .find(Locator::Css("#f-meter_id"))
            .await?
            .select_by_value(&second)
            .await?;
        b.client
            .find(Locator::Css("#f-file"))
            .await?
            .send_keys(&file.display().to_string())
            .await?;
        b.click("#upload-submit").await?;
        let error = b.text("#upload-error").await?;
        ensure!(!error.is_empty(), "no error shown");
        let path = b.path().await?;
        ensure!(
            !path.contains("csrf_token"),
            "the address shows the token: {path}"
        );
        ensure!(
            path == format!("/uploads/new?meter_id={second}"),
            "the address is {path}"
        );
        let chosen = b
            .client
            .find(Locator::Css("#f-meter_id"))
            .await?
            .prop("value")
            .await?;
        ensure!(
            chosen.as_deref() == Some(second.as_str()),
            "meter chosen: {chosen:?}"
        );
        // Reloading the address shows the form again, the meter still chosen.
        b.client.refresh().await?;
        let chosen = b
            .client
            .find(Locator::Css("#f-meter_id"))
            .await?
            .prop("value")
            .await?;
        ensure!(
            chosen.as_deref() == Some(second.as_str()),
            "meter chosen after reload: {chosen:?}"
        );
        Ok(())
    }
    .await;
    b.finish(
        "a_refused_file_comes_back_on_a_clean_address_with_its_meter_still_chosen",
        result,
    )
    .await;
}
