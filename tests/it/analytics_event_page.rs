//! Analytics → Events → one event: its metadata and lineage, which meters count it and why, ids
//! with punctuation, and voided events.

use diesel::prelude::*;
use meterdesk::auth::model::Role;
use meterdesk::db::schema::events;
use reqwest::StatusCode;
use serde_json::json;

use crate::analytics_events_support::{api_upload, listed_ids, sorted, unescape, world};
use crate::support::app::TestApp;
use crate::support::fixtures::{count_meter, customer, event, ingest, sum_meter};

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
        .filter(events::event_id.eq("a2"))
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
        // The catalogue's words: the key in curly quotes, the value as found.
        sum.contains("property “tokens” is \"abc\", not a number"),
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
        .filter(events::event_id.eq("u2"))
        .select(events::upload_row)
        .first(&mut w.app.conn())
        .unwrap();
    let (_, page) = v.get_text("/analytics/events/u2").await;
    let html = unescape(&page);
    assert!(
        html.contains(&format!(
            "Row {} of <a href=\"/uploads/{upload_id}\">upload #{upload_id} (september.csv), uploaded ",
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
