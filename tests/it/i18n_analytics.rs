//! The analytics pages in French, Chinese and Hindi: with data, and after refused input, each
//! page says `<html lang>` right and shows no English sentence of the catalogues.

use chrono::{DateTime, Duration, Utc};
use meterdesk::auth::model::Role;
use meterdesk::i18n::Lang;
use reqwest::StatusCode;
use serde_json::json;

use crate::i18n_support::{between_all, english_in, english_only, latin_words, speaking, unescape};
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
        let english = english_only(lang);
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

        for (what, status, page) in &pages {
            let code = lang.code();
            assert!(
                page.contains(&format!("<html lang=\"{code}\">")),
                "{code} {what} ({status}) is not in {code}"
            );
            let found = english_in(page, &english);
            assert!(
                found.is_empty(),
                "{code} {what} ({status}) shows English: {found:#?}"
            );
        }
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
                assert!(latin_words(&r).is_empty(), "English words in {r:?}");
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
