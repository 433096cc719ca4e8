//! The overview's chart is drawn once for equal numbers (with the page cache off, every view
//! computes them): new events redraw it, and a chart drawn in one language is not shown in
//! another.

use meterdesk::auth::model::Role;
use serde_json::json;

use crate::support::app::TestApp;
use crate::support::fixtures::{customer, event, ingest, sum_meter};

/// The chart's caption and data table.
fn chart(html: &str) -> String {
    let at = html.find("id=\"chart\"").expect("a chart");
    let end = at + html[at..].find("</table>").expect("its data table");
    html[at..end].to_string()
}

#[actix_web::test]
async fn new_numbers_redraw_the_chart_and_each_language_has_its_own() {
    let app = TestApp::spawn_with(&[("METERDESK_PAGE_CACHE_SECONDS", "0")]).await;
    let api = app.api();
    sum_meter(&api, "tokens.used", "tokens").await;
    customer(&api, "cus_a").await;
    let send = |id: &'static str, tokens: i64| {
        ingest(
            &api,
            vec![event(id, "cus_a", "tokens.used", json!({"tokens": tokens}))],
        )
    };
    send("e1", 1234).await;
    let viewer = app.session(Role::Viewer).await;
    let viewer = &viewer;
    let view =
        |lang: &'static str| async move { chart(&viewer.get_text_in("/analytics?range=7d", lang).await) };
    let first = view("en").await;
    assert!(first.contains("1,234"), "{first}");
    assert!(first.contains("max 1,234"), "English words: {first}");
    assert_eq!(view("en").await, first, "the same numbers, the same chart");

    send("e2", 1111).await;
    let second = view("en").await;
    assert!(second.contains("2,345"), "the new total is drawn: {second}");
    assert!(
        !second.contains("1,234"),
        "the old drawing is not shown: {second}"
    );

    let french = view("fr").await;
    assert!(french.contains("maximum"), "French words: {french}");
    assert!(
        !french.contains("max 2,345"),
        "no English drawing in the French page: {french}"
    );
}
