//! Analytics → Events, event pages, troubleshooting.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use meterdesk::auth::model::Role;
use meterdesk::db::schema::events;
use meterdesk::ingest::model::{Incoming, RawEvent, Rules, Source};
use meterdesk::ingest::pipeline::{self, Mode};
use reqwest::StatusCode;
use reqwest::multipart::{Form, Part};
use serde_json::{Value, json};

use crate::support::app::{Api, Session, TestApp};
use crate::support::fixtures::{count_meter, customer, event, ingest, meter, sum_meter};
use crate::support::html::attr_value_after;

/// The page's text with askama's HTML escapes undone, for assertions on messages.
fn unescape(html: &str) -> String {
    html.replace("&#34;", "\"")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).unwrap();
            out.push(u8::from_str_radix(hex, 16).unwrap());
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).unwrap()
}

/// The event ids of the table's rows, in order.
fn listed_ids(page: &str) -> Vec<String> {
    let marker = "class=\"event-link\" href=\"/analytics/events/";
    page.match_indices(marker)
        .map(|(at, _)| {
            let start = at + marker.len();
            let end = page[start..].find('"').unwrap() + start;
            percent_decode(&page[start..end])
        })
        .collect()
}

fn next_link(page: &str) -> Option<String> {
    attr_value_after(page, "id=\"next-page\" rel=\"next\" href=\"").map(|h| unescape(&h))
}

/// Every event id, in the order the table must show them (newest first by timestamp, then
/// by receipt order), read straight from the database.
fn db_order(app: &TestApp) -> Vec<String> {
    events::table
        .select(events::event_id)
        .order((events::ts.desc(), events::seq.desc()))
        .load(&mut app.conn())
        .unwrap()
}

/// Stores events at given times by hand (operator #0), as a backfill would.
fn backfill(app: &TestApp, items: &[(&str, &str, &str, DateTime<Utc>, Value)]) {
    let items = items
        .iter()
        .map(|(id, customer, name, ts, md)| {
            Incoming::Event(RawEvent {
                event_id: id.to_string(),
                customer_id: customer.to_string(),
                event_name: name.to_string(),
                timestamp: Some(ts.to_rfc3339()),
                metadata: md.as_object().cloned().unwrap_or_default(),
                upload_row: None,
            })
        })
        .collect();
    let out = pipeline::run(
        &mut app.conn(),
        items,
        Source::Manual { operator_id: 0 },
        &Rules::backfill(Utc::now()),
        Mode::Commit,
    )
    .unwrap();
    assert_eq!(out.rejected(), 0, "{:?}", out.verdicts);
}

fn at(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

async fn api_upload(api: &Api, meter_id: &str, name: &str, body: &str) -> Value {
    let form = Form::new().part(
        "file",
        Part::bytes(body.as_bytes().to_vec()).file_name(name.to_string()),
    );
    let res = api
        .client
        .post(api.url(&format!("/api/v1/uploads?meter_id={meter_id}")))
        .bearer_auth(&api.key)
        .multipart(form)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::CREATED);
    res.json().await.unwrap()
}

async fn ids_of(viewer: &Session, query: &str) -> Vec<String> {
    let (status, page) = viewer.get_text(&format!("/analytics/events?{query}")).await;
    assert_eq!(status, StatusCode::OK, "{query}: {page}");
    let mut ids = listed_ids(&page);
    ids.sort();
    ids
}

fn sorted(ids: &[&str]) -> Vec<String> {
    let mut v: Vec<String> = ids.iter().map(|s| s.to_string()).collect();
    v.sort();
    v
}

#[actix_web::test]
async fn the_table_lists_newest_first_and_pages_by_key_without_gaps_or_repeats() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    count_meter(&api, "api.call").await;
    let viewer = app.session(Role::Viewer).await;
    let (status, page) = viewer.get_text("/analytics/events").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("No events yet"), "the empty state says what to do");

    // 120 events, three per timestamp, sent in an order unrelated to their time.
    let base = at("2025-03-01T12:00:00Z");
    let ids: Vec<String> = (0..120).map(|i| format!("ev-{i:03}")).collect();
    let items: Vec<(&str, &str, &str, DateTime<Utc>, Value)> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            let slot = (i * 7) % 40;
            (
                id.as_str(),
                "c1",
                "api.call",
                base - Duration::minutes(slot as i64),
                json!({}),
            )
        })
        .collect();
    backfill(&app, &items);
    let expected = db_order(&app);
    assert_eq!(expected.len(), 120);

    let mut seen = Vec::new();
    let mut url = "/analytics/events".to_string();
    let mut pages = 0;
    loop {
        let (status, page) = viewer.get_text(&url).await;
        assert_eq!(status, StatusCode::OK);
        let ids = listed_ids(&page);
        pages += 1;
        assert!(ids.len() <= 50);
        if pages > 1 {
            assert!(
                page.contains("id=\"newest\""),
                "a later page links back to the newest"
            );
        }
        seen.extend(ids);
        match next_link(&page) {
            Some(next) => url = next,
            None => break,
        }
    }
    assert_eq!(pages, 3);
    assert_eq!(seen, expected, "newest first, no gaps, no repeats");
    // The times show in ISO form with their zone, relative on hover.
    let (_, page) = viewer.get_text("/analytics/events").await;
    assert!(page.contains("<time datetime=\"2025-03-01T12:00:00Z\" title=\""));
    assert!(page.contains("2025-03-01 12:00:00 UTC"));
}

struct World {
    app: TestApp,
    api: Api,
    calls: String,
    eu: String,
    llm: String,
    llm2: String,
}

/// Customers c1, c2; meters: every api.call, EU api.call (filter region = "eu"), llm (sum of
/// tokens, archived after l1), llm2 (sum of tokens, created after n1 arrived).
async fn world() -> World {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    customer(&api, "c2").await;
    let calls = count_meter(&api, "api.call").await;
    let eu = meter(
        &api,
        json!({"name": "EU calls", "event_name": "api.call", "aggregation": {"type": "count"}, "measurement_unit": "calls",
               "filter": {"conjunction": "and", "clauses": [{"key": "region", "operator": "equals", "value": "eu"}]}}),
    )
    .await;
    let llm = sum_meter(&api, "llm", "tokens").await;
    ingest(
        &api,
        vec![
            event("a1", "c1", "api.call", json!({"region": "eu"})),
            event(
                "a2",
                "c1",
                "api.call",
                json!({"region": "us", "tier": "pro", "n": "400", "beta": true}),
            ),
            event("a3", "c2", "api.call", json!({"region": "eu"})),
            event("a4", "c2", "api.call", json!({})),
            event("l1", "c1", "llm", json!({"tokens": 5})),
            event("x1", "c2", "API.call", json!({})),
            event("x2", "c1", "API.call", json!({})),
            event("y1", "c1", "api-call", json!({})),
            event("n1", "c1", "llm2", json!({"tokens": "abc"})),
        ],
    )
    .await;
    let (status, _) = api
        .send(
            reqwest::Method::DELETE,
            &format!("/api/v1/meters/{llm}"),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    ingest(&api, vec![event("l2", "c2", "llm", json!({"tokens": 7}))]).await;
    let llm2 = sum_meter(&api, "llm2", "tokens").await;
    backfill(
        &app,
        &[
            (
                "b1",
                "c1",
                "api.call",
                at("2024-01-15T08:00:00Z"),
                json!({"region": "us"}),
            ),
            (
                "b2",
                "c2",
                "api.call",
                at("2024-02-15T00:00:00Z"),
                json!({"region": "eu"}),
            ),
        ],
    );
    World {
        app,
        api,
        calls,
        eu,
        llm,
        llm2,
    }
}

#[actix_web::test]
async fn every_filter_keeps_exactly_its_events() {
    let w = world().await;
    let storage = sum_meter(&w.api, "storage", "bytes").await;
    api_upload(
        &w.api,
        &storage,
        "september.csv",
        "identifier,timestamp,event_name,payload_customer_id,payload_bytes\nu1,2024-09-23,storage,c1,10\nu2,2024-09-24,storage,c2,20\n",
    )
    .await;
    let v = w.app.session(Role::Viewer).await;
    let all = [
        "a1", "a2", "a3", "a4", "l1", "x1", "x2", "y1", "n1", "l2", "b1", "b2", "u1", "u2",
    ];
    assert_eq!(ids_of(&v, "").await, sorted(&all));
    // A meter: its event name and its filter.
    assert_eq!(
        ids_of(&v, &format!("meter={}", w.eu)).await,
        sorted(&["a1", "a3", "b2"])
    );
    assert_eq!(
        ids_of(&v, &format!("meter={}", w.calls)).await,
        sorted(&["a1", "a2", "a3", "a4", "b1", "b2"])
    );
    // An archived meter: only what it received before it was archived.
    assert_eq!(ids_of(&v, &format!("meter={}", w.llm)).await, sorted(&["l1"]));
    let (_, page) = v.get_text(&format!("/analytics/events?meter={}", w.eu)).await;
    assert!(
        unescape(&page).contains("where <span class=\"filter-words\">region equals \"eu\"</span>"),
        "the page says what the meter counts"
    );
    // Event name: exact and case-sensitive.
    assert_eq!(ids_of(&v, "event_name=API.call").await, sorted(&["x1", "x2"]));
    assert_eq!(ids_of(&v, "event_name=api.CALL").await, Vec::<String>::new());
    // Customer.
    assert_eq!(
        ids_of(&v, "customer=c2").await,
        sorted(&["a3", "a4", "x1", "l2", "b2", "u2"])
    );
    let (_, page) = v.get_text("/analytics/events?customer=nobody").await;
    assert!(page.contains("There is no customer with the id"), "{page}");
    // Time range: from inclusive, to exclusive; a date alone as the end includes that day; the
    // browser's datetime-local form works.
    assert_eq!(ids_of(&v, "from=2024-01-01&to=2024-02-01").await, sorted(&["b1"]));
    assert_eq!(ids_of(&v, "to=2024-02-15").await, sorted(&["b1", "b2"]));
    assert_eq!(ids_of(&v, "to=2024-02-15T00:00:00Z").await, sorted(&["b1"]));
    assert_eq!(
        ids_of(&v, "from=2024-02-14T23:59&to=2024-09-23T00:00:01Z").await,
        sorted(&["b2", "u1"])
    );
    assert_eq!(
        ids_of(&v, "from=1727049600&to=2024-12-31").await,
        sorted(&["u1", "u2"])
    );
    // Source.
    assert_eq!(ids_of(&v, "source=manual").await, sorted(&["b1", "b2"]));
    assert_eq!(ids_of(&v, "source=upload").await, sorted(&["u1", "u2"]));
    assert_eq!(
        ids_of(&v, "source=api").await,
        sorted(&["a1", "a2", "a3", "a4", "l1", "x1", "x2", "y1", "n1", "l2"])
    );
    // Filters combine, and the pager keeps them.
    assert_eq!(
        ids_of(&v, &format!("meter={}&customer=c2&source=api", w.eu)).await,
        sorted(&["a3"])
    );
    let (_, page) = v.get_text("/analytics/events?source=upload").await;
    let html = unescape(&page);
    assert!(
        html.contains("<a href=\"/uploads/"),
        "upload rows link to their upload"
    );
    assert!(html.contains(", row 2"), "{html}");
}

#[actix_web::test]
async fn unreadable_filters_answer_422_next_to_the_field() {
    let app = TestApp::spawn().await;
    let v = app.session(Role::Viewer).await;
    let (status, page) = v.get_text("/analytics/events?from=yesterday&customer=c1").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    let html = unescape(&page);
    assert!(
        html.contains("\"yesterday\" is not a timestamp we read"),
        "{html}"
    );
    assert!(
        html.contains("id=\"f-from-error\""),
        "the message is next to the field"
    );
    assert!(html.contains("value=\"yesterday\""), "the input is kept");
    assert!(html.contains("value=\"c1\""));
    assert!(
        !html.contains("id=\"events\""),
        "no table for filters that cannot be read"
    );
    let (status, page) = v.get_text("/analytics/events?to=2024-02-30").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unescape(&page).contains("\"2024-02-30\" is not a real date"));
    let (status, page) = v
        .get_text("/analytics/events?from=2024-03-01&to=2024-02-01")
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("must be after its start"));
    let (status, page) = v.get_text("/analytics/events?meter=mtr_nope").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("There is no meter with the id mtr_nope"));
    let (status, _) = v.get_text("/analytics/events?source=ftp").await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
}

/// The `<article>` of one meter's verdict on an event page.
fn verdict<'a>(page: &'a str, meter_id: &str) -> &'a str {
    let start = page
        .find(&format!("id=\"verdict-{meter_id}\""))
        .unwrap_or_else(|| panic!("no verdict for {meter_id}"));
    let end = page[start..].find("</article>").unwrap() + start;
    &page[start..end]
}

#[actix_web::test]
async fn the_event_page_shows_metadata_lineage_and_which_meters_count_it() {
    let w = world().await;
    let v = w.app.session(Role::Viewer).await;

    // Metadata with JSON types; sent with an API key; counted by one meter, excluded by the other.
    let (status, page) = v.get_text("/analytics/events/a2").await;
    assert_eq!(status, StatusCode::OK);
    let html = unescape(&page);
    for row in [
        "<td><code>region</code></td>\n      <td><code class=\"details\">us</code></td>\n      <td>string</td>",
        "<td><code>n</code></td>\n      <td><code class=\"details\">400</code></td>\n      <td>string <span class=\"muted\">(reads as a number)</span></td>",
        "<td><code>beta</code></td>\n      <td><code class=\"details\">true</code></td>\n      <td>boolean</td>",
    ] {
        assert!(html.contains(row), "{row}\n{html}");
    }
    let key_id: i64 = events::table
        .find("a2")
        .select(events::api_key_id)
        .first::<Option<i64>>(&mut w.app.conn())
        .unwrap()
        .unwrap();
    assert!(
        html.contains(&format!("Sent with API key «tests» (#{key_id})")),
        "{html}"
    );
    assert!(html.contains("<a href=\"/customers/c1\">c1</a>"));
    let all = verdict(&html, &w.calls);
    assert!(all.contains("verdict-counted"), "{all}");
    let eu = verdict(&html, &w.eu);
    assert!(eu.contains("verdict-not-counted"), "{eu}");
    assert!(eu.contains("the filter excludes the event"));
    assert!(eu.contains("region equals \"eu\""));
    assert!(eu.contains("\"us\" does not equal \"eu\""), "{eu}");
    assert!(html.contains("Counted by <a href=\"/meters/"));

    // A missing key.
    let (_, page) = v.get_text("/analytics/events/a4").await;
    let html = unescape(&page);
    assert!(
        verdict(&html, &w.eu).contains("key \"region\" is missing"),
        "{html}"
    );
    assert!(html.contains("No metadata"));

    // A value the aggregation cannot read (stored before its meter existed).
    let (_, page) = v.get_text("/analytics/events/n1").await;
    let html = unescape(&page);
    let sum = verdict(&html, &w.llm2);
    assert!(sum.contains("verdict-not-counted"));
    assert!(
        sum.contains("property \"tokens\" is \"abc\", not a number"),
        "{sum}"
    );
    assert!(html.contains("No meter counts this event."));

    // An archived meter: counts what it received before, not after.
    let (_, page) = v.get_text("/analytics/events/l1").await;
    let html = unescape(&page);
    let before = verdict(&html, &w.llm);
    assert!(
        before.contains("verdict-counted") && before.contains("Adds 5 tokens"),
        "{before}"
    );
    assert!(before.contains("keeps counting the events received before then"));
    let (_, page) = v.get_text("/analytics/events/l2").await;
    let after = unescape(&page);
    let after = verdict(&after, &w.llm);
    assert!(after.contains("verdict-not-counted"));
    assert!(after.contains("before this event was received"), "{after}");

    // No meter listens to the exact name: did you mean?
    let (_, page) = v.get_text("/analytics/events/x1").await;
    let html = unescape(&page);
    assert!(
        html.contains("No meter listens to <code>API.call</code>"),
        "{html}"
    );
    assert!(html.contains("Did you mean «api.call»?"), "{html}");

    // Entered by hand: by an operator who no longer exists (the backfill's #0), or by a real one.
    let (_, page) = v.get_text("/analytics/events/b1").await;
    assert!(page.contains("Entered by operator #0"), "{page}");
    let editor = w.app.session(Role::Editor).await;
    let res = editor
        .post(
            &format!("/meters/{}/usage", w.calls),
            &[("customer_id", "c2"), ("value", "1")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let manual: String = events::table
        .filter(events::source.eq("manual"))
        .filter(events::operator_id.ne(0))
        .select(events::event_id)
        .first(&mut w.app.conn())
        .unwrap();
    let (status, page) = v
        .get_text(&format!("/analytics/events/{}", urlencode(&manual)))
        .await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("Entered by {}", editor.email)), "{page}");

    // A row of an upload.
    let storage = sum_meter(&w.api, "storage", "bytes").await;
    let upload = api_upload(
        &w.api,
        &storage,
        "september.csv",
        "identifier,timestamp,event_name,payload_customer_id,payload_bytes\nu1,2024-09-23,storage,c1,10\nu2,2024-09-24,storage,c2,20\n",
    )
    .await;
    let upload_id = upload["id"].as_i64().unwrap();
    let row: Option<i32> = events::table
        .find("u2")
        .select(events::upload_row)
        .first(&mut w.app.conn())
        .unwrap();
    let (_, page) = v.get_text("/analytics/events/u2").await;
    let html = unescape(&page);
    assert!(
        html.contains(&format!(
            "Row {} of <a href=\"/uploads/{upload_id}\">upload #{upload_id}</a> (september.csv)",
            row.unwrap()
        )),
        "{html}"
    );
    assert!(html.contains("with API key «tests»"));
    assert!(html.contains("Adds 20 bytes"));
}

fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
                (b as char).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect()
}

#[actix_web::test]
async fn ids_with_punctuation_open_and_unknown_ids_are_404() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    count_meter(&api, "api.call").await;
    let odd = "ord.2024:09_x-1/a b?c#d%e";
    let plain = "ord.2024:09_x-1";
    ingest(
        &api,
        vec![
            event(odd, "c1", "api.call", json!({})),
            event(plain, "c1", "api.call", json!({})),
        ],
    )
    .await;
    let v = app.session(Role::Viewer).await;
    let (_, list) = v.get_text("/analytics/events").await;
    let mut listed = listed_ids(&list);
    listed.sort();
    assert_eq!(
        listed,
        sorted(&[odd, plain]),
        "the table links to the ids, encoded"
    );
    let (status, page) = v.get_text(&format!("/analytics/events/{}", urlencode(odd))).await;
    assert_eq!(status, StatusCode::OK, "{page}");
    assert!(unescape(&page).contains(odd));
    let (status, page) = v.get_text("/analytics/events/ord.2024:09_x-1").await;
    assert_eq!(status, StatusCode::OK, "unencoded . : _ - work too: {page}");
    assert!(
        page.contains("<code id=\"event-id\">ord.2024:09_x-1</code>"),
        "{page}"
    );
    let (status, page) = v.get_text("/analytics/events/no.such:event").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(
        page.contains("No event with the id <code>no.such:event</code>"),
        "{page}"
    );
}

#[actix_web::test]
async fn a_voided_event_shows_its_upload_and_when_it_was_voided() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    let storage = sum_meter(&api, "storage", "bytes").await;
    let upload = api_upload(
        &api,
        &storage,
        "october.csv",
        "identifier,timestamp,event_name,payload_customer_id,payload_bytes\nv1,2024-10-01,storage,c1,10\n",
    )
    .await;
    let id = upload["id"].as_i64().unwrap();
    let editor = app.session(Role::Editor).await;
    let res = editor.post(&format!("/uploads/{id}/rollback"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let v = app.session(Role::Viewer).await;
    let (status, page) = v.get_text("/analytics/events/v1").await;
    assert_eq!(status, StatusCode::OK, "{page}");
    let html = unescape(&page);
    assert!(html.contains("id=\"voided-badge\""));
    assert!(
        html.contains(&format!(
            "<a href=\"/uploads/{id}\">upload #{id}</a> was rolled back"
        )),
        "{html}"
    );
    assert!(html.contains("(october.csv)"));
    assert!(html.contains("voided events count for no meter"));
    // Sent again after the rollback: the live event shows, with its voided copy below.
    api_upload(
        &api,
        &storage,
        "october-fixed.csv",
        "identifier,timestamp,event_name,payload_customer_id,payload_bytes\nv1,2024-10-01,storage,c1,12\n",
    )
    .await;
    let (_, page) = v.get_text("/analytics/events/v1").await;
    let html = unescape(&page);
    assert!(!html.contains("id=\"voided-badge\""));
    assert!(html.contains("Earlier voided copies of this id"));
    assert!(html.contains("Adds 12 bytes"), "{html}");
}

#[actix_web::test]
async fn the_troubleshooting_view_groups_unmatched_names_and_filter_exclusions() {
    let w = world().await;
    let v = w.app.session(Role::Viewer).await;
    let (status, page) = v.get_text("/analytics/unmatched").await;
    assert_eq!(status, StatusCode::OK);
    let html = unescape(&page);
    let row = |name: &str| -> String {
        let start = html
            .find(&format!("<tr data-event-name=\"{name}\">"))
            .unwrap_or_else(|| panic!("no row for {name}: {html}"));
        let end = html[start..].find("</tr>").unwrap() + start;
        html[start..end].to_string()
    };
    let upper = row("API.call");
    assert!(upper.contains("<td class=\"num\">2</td>"), "2 events: {upper}");
    assert_eq!(
        upper.matches("<td class=\"num\">2</td>").count(),
        2,
        "and 2 customers: {upper}"
    );
    assert!(upper.contains("Did you mean «<code>api.call</code>»?"));
    assert!(upper.contains("/analytics/events/x2") || upper.contains("/analytics/events/x1"));
    let dashed = row("api-call");
    assert!(dashed.contains("Did you mean «<code>api.call</code>»?"));
    let archived = row("llm");
    assert!(
        archived.contains("Only archived meters listen to it"),
        "{archived}"
    );
    assert!(
        archived.contains("<td class=\"num\">2</td>"),
        "l1 and l2: {archived}"
    );
    assert!(
        !html.contains("<tr data-event-name=\"api.call\">"),
        "an active meter listens to it"
    );
    assert!(!html.contains("<tr data-event-name=\"llm2\">"));
    // Exclusions by a filter, over the last 30 days: a2 (region us) and a4 (no region).
    let start = html
        .find(&format!("id=\"excluded-{}\"", w.eu))
        .expect("the EU meter's exclusions");
    let section = &html[start..start + html[start..].find("</article>").unwrap()];
    assert!(
        section.contains("<strong class=\"excluded-count\">2</strong> of 4 events"),
        "{section}"
    );
    assert!(section.contains("from 2 customers"));
    assert!(
        section.contains("(no filter) counts every event of this name"),
        "{section}"
    );
    assert!(html.contains("last 30 days"));
    // Other windows.
    let (status, page) = v.get_text("/analytics/unmatched?days=7").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("aria-current=\"page\">Last 7 days"));
    let (_, page) = v.get_text("/analytics/unmatched?days=90").await;
    assert!(page.contains("looks at 30 days at most"));
}

#[actix_web::test]
async fn an_empty_troubleshooting_view_says_so() {
    let app = TestApp::spawn().await;
    let v = app.session(Role::Viewer).await;
    let (status, page) = v.get_text("/analytics/unmatched").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"names-empty\""));
    assert!(page.contains("No active meter has a filter."));
}
