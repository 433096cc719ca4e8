//! Analytics → Events: the table, its paging by key, and its filters.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use meterdesk::auth::model::Role;
use meterdesk::db::schema::events;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::analytics_events_support::{api_upload, at, backfill, listed_ids, sorted, unescape, world};
use crate::support::app::{Session, TestApp};
use crate::support::fixtures::{count_meter, customer, sum_meter};
use crate::support::html::attr_value_after;

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

async fn ids_of(viewer: &Session, query: &str) -> Vec<String> {
    let (status, page) = viewer.get_text(&format!("/analytics/events?{query}")).await;
    assert_eq!(status, StatusCode::OK, "{query}: {page}");
    let mut ids = listed_ids(&page);
    ids.sort();
    ids
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
    // From every source, interleaved: no index orders all events by time, so the table merges
    // each source's newest.
    diesel::sql_query(
        "UPDATE events SET source = (ARRAY['api', 'manual', 'upload', 'stripe', 'cloudevents'])[1 + seq % 5]",
    )
    .execute(&mut app.conn())
    .unwrap();
    let expected = db_order(&app);
    assert_eq!(expected.len(), 120);
    // The API's numbered pages too, at every offset a page can start.
    for offset in [0, 1, 37, 50, 99, 119, 120, 200] {
        let rows = meterdesk::analytics::events::repo::list_full(
            &mut app.conn(),
            &meterdesk::analytics::events::repo::ListFilter::default(),
            None,
            offset,
            25,
        )
        .unwrap();
        let got: Vec<&str> = rows.iter().map(|r| r.event_id.as_str()).collect();
        let want: Vec<&str> = expected
            .iter()
            .skip(offset as usize)
            .take(25)
            .map(String::as_str)
            .collect();
        assert_eq!(got, want, "offset {offset}");
    }

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
    // The times show in ISO form with the operator's zone and its offset, relative on hover.
    let (_, page) = viewer.get_text("/analytics/events").await;
    assert!(page.contains("<time datetime=\"2025-03-01T12:00:00+00:00\" title=\""));
    assert!(page.contains("2025-03-01 12:00:00 +00:00"));
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

/// The text of the filter's option for meter `id`, if listed (Fluent's isolation marks removed).
fn meter_option(page: &str, id: &str) -> Option<String> {
    let start = page.find(&format!("<option value=\"{id}\""))?;
    let text = &page[start..];
    let text = &text[text.find('>')? + 1..];
    let text = &text[..text.find("</option>")?];
    Some(unescape(&text.replace(['\u{2068}', '\u{2069}'], "")))
}

/// The process keeps the filter's meters with the meters' version they were read at; a meter
/// created, renamed or archived by anyone (here by SQL behind the server's back, as another
/// server process would) is in the select at the very next view.
#[actix_web::test]
async fn the_filters_meters_follow_every_change_at_the_next_view() {
    let app = TestApp::spawn().await;
    let api = app.api();
    let calls = count_meter(&api, "api.call").await;
    let viewer = app.session(Role::Viewer).await;
    let options = |page: &str, id: &str| meter_option(page, id);
    let sql = |statement: String| {
        diesel::sql_query(statement).execute(&mut app.conn()).unwrap();
    };
    for _ in 0..2 {
        let (status, page) = viewer.get_text("/analytics/events").await;
        assert_eq!(status, StatusCode::OK);
        assert_eq!(
            options(&page, &calls).as_deref(),
            Some("api.call (api.call)"),
            "{page}"
        );
    }

    sql(format!(
        "UPDATE meters SET name = 'Renamed by hand' WHERE id = '{calls}'"
    ));
    let (_, page) = viewer.get_text("/analytics/events").await;
    assert_eq!(
        options(&page, &calls).as_deref(),
        Some("Renamed by hand (api.call)"),
        "{page}"
    );

    sql("INSERT INTO meters (id, name, event_name, aggregation, unit)
         VALUES ('mtr_by_hand', 'Made by hand', 'other.name', 'count', 'calls')"
        .into());
    let (_, page) = viewer.get_text("/analytics/events").await;
    assert_eq!(
        options(&page, "mtr_by_hand").as_deref(),
        Some("Made by hand (other.name)"),
        "{page}"
    );

    sql("UPDATE meters SET status = 'archived', archived_at = now() WHERE id = 'mtr_by_hand'".into());
    let (_, page) = viewer.get_text("/analytics/events").await;
    assert_eq!(
        options(&page, "mtr_by_hand").as_deref(),
        Some("Made by hand (other.name) — archived"),
        "{page}"
    );
    // Viewed again without a change: the same select, as kept.
    let (_, again) = viewer.get_text("/analytics/events").await;
    assert_eq!(options(&again, "mtr_by_hand"), options(&page, "mtr_by_hand"));
    assert_eq!(options(&again, &calls), options(&page, &calls));
}

/// The merged list reads each source the table allows: a source added to the table's CHECK but
/// not to `db::event_pairs::ALL` would drop its events from every list not narrowed to a
/// customer, and from every read by event name and time range.
#[test]
fn the_merged_list_reads_every_source_the_table_allows() {
    let db = crate::support::db::TestDb::new();
    let check: String = diesel::select(diesel::dsl::sql::<diesel::sql_types::Text>(
        "(SELECT pg_get_constraintdef(oid) FROM pg_constraint WHERE conname = 'events_source_check')",
    ))
    .get_result(&mut db.conn())
    .unwrap();
    let mut allowed: Vec<&str> = check.split('\'').skip(1).step_by(2).collect();
    allowed.sort_unstable();
    let mut read: Vec<&str> = meterdesk::db::event_pairs::ALL.to_vec();
    read.sort_unstable();
    assert_eq!(allowed, read, "{check}");
}
