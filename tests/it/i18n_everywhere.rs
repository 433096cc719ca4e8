//! A Hindi operator (and a Chinese one) walks the whole portal by its links, with data of every
//! kind stored: every page is in their language, with no English catalogue sentence and no
//! English word outside the data (ids, names, event names, property keys, codes).

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use chrono::{Duration, Utc};
use meterdesk::auth::model::Role;
use meterdesk::i18n::Lang;
use reqwest::StatusCode;
use serde_json::json;

use crate::i18n_support::{english_in, english_only, english_words, meters, products, speaking};
use crate::support::app::Session;
use crate::support::fixtures::{count_meter, event, ingest, meter, product, subscription};
use crate::uploads_support::{GOOD, Setup, api_upload_ok, setup};

/// The words of the data this test stores (names, keys, values, the API key "tests", a unit
/// "tokens" said per "token"), which stay as typed, and notation that stays in every language
/// (`max(0, …)` in a formula, Unix seconds).
const DATA: [&str; 14] = [
    "tests token",
    "max Unix",
    "Usage plan",
    "llm.tokens tokens calls rows",
    "Appels Jetons Lignes Forfait Lots Paliers",
    "api.call region europe asia model",
    "boom jetons csv rejets",
    "unknown.thing",
    "Acme",
    "Meterdesk",
    "English",
    "Stripe Dodo Payments CloudEvents",
    "gpt mini",
    "abc",
];

/// Every kind of object a page can show: meters (a filtered one, priced ones), uploads (good,
/// with rejected rows, a dry run), events matched and unmatched, products of each pricing
/// model, a subscription with closed statements.
async fn stocked() -> Setup {
    let s = setup().await;
    api_upload_ok(
        &s.api,
        &format!("meter_id={}", s.tokens),
        "jetons.csv",
        GOOD.as_bytes(),
    )
    .await;
    let bad = "timestamp,event_name,payload_customer_id,payload_tokens\n\
               2024-09-23,llm.tokens,cus_a,abc\n\
               2024-09-23,llm.tokens,cus_9,5\n\
               2024-09-24,llm.tokens,cus_b,7\n";
    api_upload_ok(
        &s.api,
        &format!("meter_id={}", s.tokens),
        "rejets.csv",
        bad.as_bytes(),
    )
    .await;
    api_upload_ok(
        &s.api,
        &format!("meter_id={}&dry_run=true", s.tokens),
        "jetons.csv",
        GOOD.as_bytes(),
    )
    .await;
    meter(
        &s.api,
        json!({"name": "calls", "event_name": "api.call", "aggregation": {"type": "count"},
               "measurement_unit": "calls",
               "filter": {"conjunction": "and", "clauses": [
                   {"key": "region", "operator": "equals", "value": "europe"}]}}),
    )
    .await;
    count_meter(&s.api, "rows").await;
    let now = Utc::now();
    let mut events = vec![
        event("evt_now", "cus_a", "llm.tokens", json!({"tokens": 1234567})),
        event("evt_eu", "cus_a", "api.call", json!({"region": "europe"})),
        event("evt_asia", "cus_b", "api.call", json!({"region": "asia"})),
        event("evt_lost", "cus_b", "unknown.thing", json!({"model": "gpt"})),
    ];
    for (i, e) in events.iter_mut().enumerate() {
        e["timestamp"] = json!((now - Duration::minutes(i as i64)).to_rfc3339());
    }
    ingest(&s.api, events).await;
    let prod = product(&s.api, "EUR", &[(&s.tokens, "0.001", "0")]).await;
    subscription(&s.api, "cus_a", &prod, "2024-01-01T00:00:00Z").await;
    let (status, body) = s
        .api
        .post("/api/v1/statements/close", &json!({ "until": now.to_rfc3339() }))
        .await;
    assert!(status.is_success(), "{body}");
    meters(&s.app);
    let admin = s.app.session(Role::Admin).await;
    products(&admin).await;
    s
}

/// The portal addresses `page` links to: same origin, not a download, not signing out.
fn links(page: &str) -> Vec<String> {
    page.split("href=\"")
        .skip(1)
        .filter_map(|rest| rest.split('"').next())
        .map(|href| href.replace("&amp;", "&").replace("%5F", "_"))
        .filter(|href| href.starts_with('/') && !href.starts_with("//"))
        .filter(|href| {
            let path = href.split(['?', '#']).next().unwrap_or_default();
            !(path.starts_with("/static/")
                || path.starts_with("/api/")
                || path.starts_with("/stripe")
                || path == "/logout"
                || path.ends_with(".csv")
                || path.ends_with(".json")
                || path.contains("/download")
                || path.contains("/export")
                || path.contains("/template")
                || path.contains("/errors"))
        })
        .collect()
}

/// A page is visited once per path and set of query parameter names (`?page=2` and `?page=3`
/// are the same page).
fn shape(href: &str) -> String {
    let href = href.split('#').next().unwrap_or_default();
    let (path, query) = href.split_once('?').unwrap_or((href, ""));
    let mut names: Vec<&str> = query
        .split('&')
        .filter_map(|kv| kv.split('=').next())
        .filter(|k| !k.is_empty())
        .collect();
    names.sort();
    names.dedup();
    format!("{path}?{}", names.join("&"))
}

/// The kind of page: its shape with the segments that hold a digit (ids) left out.
fn kind(href: &str) -> String {
    shape(href)
        .split('/')
        .map(|segment| {
            if segment.contains(|c: char| c.is_ascii_digit()) {
                "{id}"
            } else {
                segment
            }
        })
        .collect::<Vec<_>>()
        .join("/")
}

/// Walks the portal from the dashboard (and the pages only a form leads to); returns each
/// visited address with its status and body.
async fn walk(s: &Session) -> Vec<(String, StatusCode, String)> {
    let mut queue: VecDeque<String> = [
        "/",
        "/statements/late",
        "/uploads/new",
        "/meters/new",
        "/products/new",
        "/customers/new",
        "/settings",
    ]
    .iter()
    .map(|p| p.to_string())
    .collect();
    let mut seen = BTreeSet::new();
    let mut kinds: BTreeMap<String, usize> = BTreeMap::new();
    let mut visited = Vec::new();
    while let Some(href) = queue.pop_front() {
        if !seen.insert(shape(&href)) || visited.len() >= 220 {
            continue;
        }
        // At most four pages of a kind (`/statements/st_…`): 35 statements read alike.
        let kind = kinds.entry(kind(&href)).or_default();
        *kind += 1;
        if *kind > 4 {
            continue;
        }
        let (status, page) = s.get_text(&href).await;
        if page.contains("<html") {
            queue.extend(links(&page));
            visited.push((href, status, page));
        }
    }
    visited
}

#[actix_web::test]
async fn a_hindi_or_chinese_operator_sees_no_english_on_any_page() {
    let s = stocked().await;
    for lang in [Lang::Hi, Lang::ZhCn] {
        let english = english_only(lang);
        let code = lang.code();
        let operator = speaking(&s.app, Role::Admin, lang, "Asia/Kolkata").await;
        let pages = walk(&operator).await;
        assert!(pages.len() >= 40, "only {} pages reached", pages.len());
        let mut problems = Vec::new();
        for (href, status, page) in &pages {
            if status.is_server_error() {
                problems.push(format!("{href}: {status}"));
            }
            if !page.contains(&format!("<html lang=\"{code}\">")) {
                problems.push(format!("{href}: not in {code}"));
            }
            let sentences = english_in(page, &english);
            let words = english_words(page, &DATA);
            if !sentences.is_empty() || !words.is_empty() {
                problems.push(format!("{href}: {words:?} {sentences:?}"));
            }
        }
        assert!(
            problems.is_empty(),
            "{code}: {} of {} pages show English:\n{}",
            problems.len(),
            pages.len(),
            problems.join("\n")
        );
    }
}
