//! The analytics pages in French, Chinese and Hindi: with data, and after refused input, each
//! page says `<html lang>` right and shows no English sentence of the catalogues.

use chrono::{DateTime, Duration, Utc};
use meterdesk::auth::model::Role;
use meterdesk::i18n::Lang;
use reqwest::StatusCode;
use serde_json::json;

use crate::i18n_support::{
    assert_speaks, between_all, english_in, english_only, latin_runs, speaking, unescape,
};
use crate::support::app::TestApp;
use crate::support::backfill::{raw, store};
use crate::support::fixtures::{customer, meter, product, subscription};
use meterdesk::i18n::Arg;

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

/// A customer subscribed to a product on a count meter and a filtered sum meter, with events
/// this month and in February 2024 (one the filter excludes).
async fn usage(app: &TestApp) -> String {
    let api = app.api();
    customer(&api, "acme").await;
    let calls = meter(&api, json!({"name": "Calls", "event_name": "api.call", "aggregation": {"type": "count"}, "measurement_unit": "calls"})).await;
    let tokens = meter(&api, json!({"name": "Tokens", "event_name": "llm.tokens", "aggregation": {"type": "sum", "key": "tokens"}, "measurement_unit": "tokens", "filter": {"conjunction": "and", "clauses": [{"key": "region", "operator": "equals", "value": "eu"}]}})).await;
    let prod = product(&api, "EUR", &[(&calls, "0.5", "10"), (&tokens, "0.001", "0")]).await;
    subscription(&api, "acme", &prod, "2024-01-01T00:00:00Z").await;
    let now = Utc::now() - Duration::minutes(5);
    let mut evs = Vec::new();
    for i in 0..30 {
        evs.push(raw(
            format!("c{i}"),
            "acme",
            "api.call",
            now - Duration::minutes(i),
            &json!({}),
        ));
    }
    evs.push(raw(
        "tok1",
        "acme",
        "llm.tokens",
        now,
        &json!({"tokens": "1200", "region": "eu"}),
    ));
    evs.push(raw(
        "tok2",
        "acme",
        "llm.tokens",
        now,
        &json!({"tokens": 7, "region": "us"}),
    ));
    evs.push(raw(
        "old",
        "acme",
        "api.call",
        t("2024-02-10T12:00:00Z"),
        &json!({}),
    ));
    store(app, evs);
    calls
}

#[actix_web::test]
async fn analytics_pages_show_no_english_in_french_chinese_or_hindi() {
    let app = TestApp::spawn().await;
    let calls = usage(&app).await;
    for lang in [Lang::Fr, Lang::ZhCn, Lang::Hi] {
        let s = speaking(&app, Role::Admin, lang, "Asia/Kolkata").await;
        let mut pages: Vec<(String, StatusCode, String)> = Vec::new();
        for path in [
            "/analytics".to_string(),
            "/analytics?range=custom&from=2024-02-01&to=".into(),
            "/analytics?range=custom&from=2024-03-01&to=2024-02-01".into(),
            "/analytics/events".into(),
            format!("/analytics/events?meter={calls}"),
            "/analytics/events?customer=nobody&event_name=nothing".into(),
            "/analytics/events?from=yesterday&to=2024-01-01&source=fax".into(),
            "/analytics/events/c1".into(),
            "/analytics/events/tok2".into(),
            "/analytics/events/not-there".into(),
            "/analytics/customers".into(),
            "/analytics/customers?period_start=2024-02-01T00:00&period_end=2024-03-01T00:00".into(),
            "/analytics/customers?period_start=2024-02-01T00:00".into(),
            "/analytics/customers?period_start=2024-03-01T00:00&period_end=2024-02-01T00:00".into(),
        ] {
            let (status, page) = s.get_text(&path).await;
            pages.push((path, status, page));
        }
        let (status, page) = s
            .post_text("/analytics/events/c2/void", &[("reason", "  ")])
            .await;
        pages.push(("POST void (no reason)".into(), status, page));

        assert_speaks(lang, &pages);
        let statuses: Vec<u16> = pages.iter().map(|(_, s, _)| s.as_u16()).collect();
        assert_eq!(
            statuses,
            [
                200, 422, 422, 200, 200, 200, 422, 200, 200, 404, 200, 200, 422, 422, 422
            ],
            "{}",
            lang.code()
        );
        // The event the filter excludes: each condition and why, in the catalogue's words.
        let excluded = unescape(&pages[8].2);
        let catalog = &app.state.catalog;
        let why = catalog.t(
            lang,
            "meters-explain-not-equal",
            &[("value", "\"us\"".into()), ("filter", "\"eu\"".into())],
        );
        assert!(excluded.contains(&why), "{}: {why} in {excluded}", lang.code());
        let group = catalog.t(
            lang,
            "meters-explain-group-all",
            &[("holding", Arg::Int(0)), ("total", Arg::Int(1))],
        );
        assert!(excluded.contains(&group), "{}: {group}", lang.code());
        assert!(excluded.contains(&catalog.text(lang, "meters-explain-all-of")));
        if lang == Lang::Hi {
            let reasons = between_all(&excluded, "<td class=\"reason\">", "</td>");
            assert_eq!(reasons.len(), 2, "{excluded}");
            for r in reasons {
                let r = r.replace("\"us\"", "").replace("\"eu\"", "");
                assert!(latin_runs(&r).is_empty(), "English words in {r:?}");
            }
        }
        // The refused void keeps the form, with the catalogue's reason.
        let refused = unescape(&pages.last().unwrap().2);
        let reason = app
            .state
            .catalog
            .text(lang, "analytics-void-error-reason-required");
        assert!(refused.contains(&reason), "{refused}");
    }
}

/// The overview's chart section: its controls, panels, captions and data table.
fn chart_section(page: &str) -> &str {
    let tag = page
        .find("aria-labelledby=\"chart-title\"")
        .expect("the chart section");
    let start = tag + page[tag..].find('>').unwrap() + 1;
    let end = page[start..].find("</section>").map_or(page.len(), |e| start + e);
    &page[start..end]
}

/// The text a reader sees or hears in `html`: tags dropped (a `<title>` inside the SVG is hover
/// text and stays), entities undone.
fn visible_text(html: &str) -> String {
    let mut out = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => {
                in_tag = false;
                out.push(' ');
            }
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    unescape(&out)
}

#[actix_web::test]
async fn the_chart_speaks_french_chinese_and_hindi_with_no_english_word() {
    let app = TestApp::spawn().await;
    usage(&app).await;
    for lang in [Lang::Fr, Lang::ZhCn, Lang::Hi] {
        let english = english_only(lang);
        let s = speaking(&app, Role::Viewer, lang, "Asia/Kolkata").await;
        for query in [
            "range=7d&granularity=day",
            "range=90d&granularity=week",
            "range=12m&granularity=month",
        ] {
            let (status, page) = s.get_text(&format!("/analytics?{query}")).await;
            assert_eq!(status, 200, "{page}");
            let chart = chart_section(&page);
            let code = lang.code();
            assert!(chart.contains("class=\"mark\""), "{code} {query}: a chart");
            let found = english_in(chart, &english);
            assert!(found.is_empty(), "{code} {query} shows English: {found:#?}");
            // Hover titles give the period's bounds in the operator's zone.
            assert!(chart.contains("+05:30"), "{code} {query}: {chart}");
            assert!(!chart.contains("UTC"), "{code} {query}");
            if lang != Lang::Hi {
                continue;
            }
            // In Hindi no word in Latin letters is shown, once the meters' own names and
            // units (the operator's data) are set aside.
            let mut text = visible_text(chart);
            for data in ["Calls", "Tokens", "calls", "tokens"] {
                text = text.replace(data, " ");
            }
            let latin: Vec<&str> = text
                .split(|c: char| !c.is_ascii_alphabetic())
                .filter(|w| !w.is_empty())
                .collect();
            assert!(latin.is_empty(), "hi {query}: Latin words {latin:?} in {text}");
        }
    }
}
