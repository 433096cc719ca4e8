//! Analytics → troubleshooting (/analytics/unmatched): event names no meter listens to, and the
//! events each meter's filter excludes.

use meterdesk::auth::model::Role;
use reqwest::StatusCode;

use crate::analytics_events_support::{unescape, world};
use crate::support::app::TestApp;

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
