//! The events list without a customer: every filter (none, a name, a source, a meter with its
//! filter, a range), its numbered pages and its keyset pages, against the same events ordered
//! by PostgreSQL from the table itself.

use chrono::{DateTime, Duration, Utc};
use diesel::prelude::*;
use meterdesk::analytics::events::repo::{ListFilter, MeterScope, list, list_full};
use meterdesk::db::schema::events;
use meterdesk::metering::Filter;
use serde_json::{Value, json};

use crate::analytics_events_support::{at, backfill};
use crate::support::app::TestApp;

/// 150 events: three names, two customers, every source, timestamps repeated (so that the
/// receipt order breaks ties), `region` eu or us.
async fn stored(app: &TestApp) {
    let api = app.api();
    crate::support::fixtures::customer(&api, "c1").await;
    crate::support::fixtures::customer(&api, "c2").await;
    let names = ["api.call", "storage.sample", "zeta.rare"];
    for name in names {
        crate::support::fixtures::count_meter(&api, name).await;
    }
    let base = at("2026-11-01T12:00:00Z");
    let ids: Vec<String> = (0..150).map(|i| format!("m-{i:03}")).collect();
    let items: Vec<(&str, &str, &str, DateTime<Utc>, Value)> = ids
        .iter()
        .enumerate()
        .map(|(i, id)| {
            (
                id.as_str(),
                if i % 4 == 0 { "c2" } else { "c1" },
                // The third name is rare: one event in ten.
                if i % 10 == 3 { names[2] } else { names[i % 2] },
                base - Duration::minutes(((i * 11) % 50) as i64),
                json!({"region": if i % 3 == 0 { "eu" } else { "us" }}),
            )
        })
        .collect();
    backfill(app, &items);
    diesel::sql_query(
        "UPDATE events SET source = (ARRAY['api', 'manual', 'upload', 'stripe', 'cloudevents'])
           [1 + (substr(event_id, 3)::int / 2 + substr(event_id, 3)::int / 10) % 5]",
    )
    .execute(&mut app.conn())
    .unwrap();
}

/// The filter's events, newest first, as the table orders them.
fn expected(app: &TestApp, f: &ListFilter, eu_only: bool) -> Vec<String> {
    let mut q = events::table.into_boxed();
    if let Some(n) = f
        .event_name
        .clone()
        .or(f.meter.as_ref().map(|m| m.event_name.clone()))
    {
        q = q.filter(events::event_name.eq(n));
    }
    if let Some(s) = f.source {
        q = q.filter(events::source.eq(s));
    }
    if let Some(t) = f.from {
        q = q.filter(events::ts.ge(t));
    }
    if let Some(t) = f.to {
        q = q.filter(events::ts.lt(t));
    }
    if eu_only {
        q = q.filter(diesel::dsl::sql::<diesel::sql_types::Bool>(
            "metadata->>'region' = 'eu'",
        ));
    }
    q.select(events::event_id)
        .order((events::ts.desc(), events::seq.desc()))
        .load(&mut app.conn())
        .unwrap()
}

fn eu_meter(name: &str) -> MeterScope {
    let filter = Filter::from_json(&json!({"conjunction": "and", "clauses": [
        {"key": "region", "operator": "equals", "value": "eu"}]}))
    .unwrap();
    MeterScope {
        event_name: name.into(),
        predicate: Some(filter.to_sql("events.metadata")),
        received_until: None,
    }
}

#[actix_web::test]
async fn every_filter_without_a_customer_pages_through_the_merge_in_time_order() {
    let app = TestApp::spawn().await;
    stored(&app).await;
    let from = at("2026-11-01T11:25:00Z");
    let to = at("2026-11-01T11:55:00Z");
    let cases: Vec<(&str, ListFilter, bool)> = vec![
        ("nothing", ListFilter::default(), false),
        (
            "a name",
            ListFilter {
                event_name: Some("api.call".into()),
                ..Default::default()
            },
            false,
        ),
        (
            "a rare name",
            ListFilter {
                event_name: Some("zeta.rare".into()),
                ..Default::default()
            },
            false,
        ),
        (
            "a source",
            ListFilter {
                source: Some("upload"),
                ..Default::default()
            },
            false,
        ),
        (
            "a name and a source",
            ListFilter {
                event_name: Some("storage.sample".into()),
                source: Some("stripe"),
                ..Default::default()
            },
            false,
        ),
        (
            "a range",
            ListFilter {
                from: Some(from),
                to: Some(to),
                ..Default::default()
            },
            false,
        ),
        (
            "a meter with a filter",
            ListFilter {
                meter: Some(eu_meter("api.call")),
                ..Default::default()
            },
            true,
        ),
        (
            "a meter, its name and a range",
            ListFilter {
                meter: Some(eu_meter("storage.sample")),
                event_name: Some("storage.sample".into()),
                from: Some(from),
                ..Default::default()
            },
            true,
        ),
        (
            "an unknown name",
            ListFilter {
                event_name: Some("nope".into()),
                ..Default::default()
            },
            false,
        ),
    ];
    for (what, f, eu_only) in cases {
        let want = expected(&app, &f, eu_only);
        if what != "an unknown name" {
            assert!(want.len() >= 5, "{what}: the case has events to page through");
        }
        // Numbered pages of 5 at offsets that start, straddle and pass the end: past the first
        // page, a pair must give more events than a page holds.
        for offset in [0, 1, 7, 20, want.len() as i64 - 1, want.len() as i64, 400] {
            let offset = offset.max(0);
            let got: Vec<String> = list_full(&mut app.conn(), &f, None, offset, 5)
                .unwrap()
                .into_iter()
                .map(|r| r.event_id)
                .collect();
            let page: Vec<String> = want.iter().skip(offset as usize).take(5).cloned().collect();
            assert_eq!(got, page, "{what}, offset {offset}");
        }
        // Keyset pages of 7: no gaps, no repeats.
        let mut seen: Vec<String> = Vec::new();
        let mut after = None;
        loop {
            let rows = list(&mut app.conn(), &f, after, 7).unwrap();
            let Some(last) = rows.last() else { break };
            after = Some((last.ts, last.seq));
            seen.extend(rows.iter().map(|r| r.event_id.clone()));
            assert!(seen.len() <= want.len(), "{what}: more rows than events");
        }
        assert_eq!(seen, want, "{what}: keyset pages");
    }
    // A meter of one name and another event name: nothing is both.
    let both = ListFilter {
        meter: Some(eu_meter("api.call")),
        event_name: Some("storage.sample".into()),
        ..Default::default()
    };
    assert!(list(&mut app.conn(), &both, None, 50).unwrap().is_empty());
}
