//! The operator's own time zone, chosen in their preferences (no `?tz=` override): the
//! overview's daily chart runs from local midnight to local midnight and equals a count from the
//! raw events, its labels are local days and its hover titles carry the offset; the customers
//! table's custom period and reconciliation's default month are read in the same zone.

use std::collections::BTreeMap;

use chrono::{DateTime, Datelike, Duration, FixedOffset, NaiveDate, TimeZone, Utc};
use meterdesk::auth::model::Role;
use meterdesk::i18n::Lang;
use serde_json::json;

use crate::i18n_support::{speaking, unescape};
use crate::support::app::TestApp;
use crate::support::backfill::{raw, store};
use crate::support::fixtures::{count_meter, customer, product, subscription};

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, s).single().unwrap()
}

/// India's offset, fixed all year (no DST): written here, not taken from the zone database.
fn ist() -> FixedOffset {
    FixedOffset::east_opt(5 * 3600 + 30 * 60).unwrap()
}

/// The IST day of an instant.
fn ist_day(t: DateTime<Utc>) -> NaiveDate {
    t.with_timezone(&ist()).date_naive()
}

/// `attr="…"` values of the page's marks, in order.
fn attrs(page: &str, attr: &str) -> Vec<String> {
    page.split("<rect class=\"mark\"")
        .skip(1)
        .map(|mark| {
            let at = mark.find(&format!("{attr}=\"")).unwrap() + attr.len() + 2;
            mark[at..].split('"').next().unwrap().to_string()
        })
        .collect()
}

/// The `<title>` of each mark, unescaped.
fn mark_titles(page: &str) -> Vec<String> {
    page.split("<rect class=\"mark\"")
        .skip(1)
        .map(|mark| {
            let at = mark.find("<title>").unwrap() + 7;
            let end = mark[at..].find("</title>").unwrap();
            unescape(&mark[at..at + end])
        })
        .collect()
}

#[actix_web::test]
async fn an_operator_in_kolkata_sees_ist_days_that_equal_a_raw_count() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "a").await;
    let hit = count_meter(&api, "hit").await;
    // Around 18:30 UTC, the IST midnight, on both sides, on three days; and a spread.
    let mut times = Vec::new();
    for day in [30, 31] {
        for (h, m, s) in [(18, 29, 59), (18, 30, 0), (18, 30, 1), (18, 0, 0), (19, 0, 0)] {
            times.push(utc(2026, 10, day, h, m, s));
        }
    }
    for (h, m, s) in [
        (18, 29, 59),
        (18, 30, 0),
        (0, 0, 0),
        (23, 59, 59),
        (5, 29, 59),
        (5, 30, 0),
    ] {
        times.push(utc(2026, 11, 1, h, m, s));
        times.push(utc(2026, 11, 2, h, m, s));
    }
    store(
        &app,
        times
            .iter()
            .enumerate()
            .map(|(i, t)| raw(format!("e{i}"), "a", "hit", *t, &json!({}))),
    );
    // Independently: the events per IST day of the range (2026-10-31 … 2026-11-02, IST).
    let first = NaiveDate::from_ymd_opt(2026, 10, 31).unwrap();
    let last = NaiveDate::from_ymd_opt(2026, 11, 2).unwrap();
    let mut want: BTreeMap<NaiveDate, usize> = first
        .iter_days()
        .take_while(|d| *d <= last)
        .map(|d| (d, 0))
        .collect();
    for t in &times {
        if let Some(n) = want.get_mut(&ist_day(*t)) {
            *n += 1;
        }
    }
    assert!(want.values().all(|n| *n > 0), "every day has events: {want:?}");

    let s = speaking(&app, Role::Viewer, Lang::En, "Asia/Kolkata").await;
    let (status, page) = s
        .get_text(&format!(
            "/analytics?range=custom&from=2026-10-31&to=2026-11-03&granularity=day&meter={hit}"
        ))
        .await;
    assert_eq!(status, 200, "{page}");
    let days: Vec<String> = want.keys().map(|d| d.to_string()).collect();
    assert_eq!(attrs(&page, "data-bucket"), days, "the buckets are IST days");
    let counts: Vec<String> = want.values().map(|n| n.to_string()).collect();
    assert_eq!(
        attrs(&page, "data-value"),
        counts,
        "each IST day equals the raw count"
    );
    // The axis names the IST days; the title their first and last.
    for label in ["Oct 31", "Nov 1", "Nov 2"] {
        assert!(page.contains(&format!(">{label}</text>")), "axis label {label}");
    }
    assert!(page.contains("hit per day, 2026-10-31 to 2026-11-02"), "{page}");
    // Each bar's hover title runs from IST midnight to IST midnight, with the offset.
    let titles = mark_titles(&page);
    assert_eq!(titles.len(), 3);
    for (title, (day, n)) in titles.iter().zip(&want) {
        let next = day.succ_opt().unwrap();
        assert_eq!(
            title,
            &format!("hit · {day}, {day} 00:00 +05:30 to {next} 00:00 +05:30 · {n} calls"),
        );
    }
    // The data table shows the same numbers.
    let table = &page[page.find("id=\"chart-data\"").unwrap()..];
    for (day, n) in &want {
        assert!(
            table.contains(&format!("<th scope=\"row\">{day}</th><td class=\"num\">{n}</td>")),
            "{day}: {n}"
        );
    }
}

/// The consumed quantity the customers table shows for the only line.
fn consumed(page: &str) -> String {
    let at = page
        .find("data-col=\"consumed\" data-sort=\"")
        .expect("a consumed cell")
        + 31;
    page[at..].split('"').next().unwrap().to_string()
}

/// The number of events a meter's row of the reconciliation page counts.
fn counted(page: &str, meter: &str) -> String {
    let marker = format!(">{meter}</a></td><td class=\"num\">");
    let at = page
        .find(&marker)
        .unwrap_or_else(|| panic!("{meter} row: {page}"))
        + marker.len();
    page[at..].split('<').next().unwrap().to_string()
}

#[actix_web::test]
async fn the_customers_period_and_reconciliations_month_are_the_operators() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "acme").await;
    let tick = count_meter(&api, "tick").await;
    count_meter(&api, "tock").await;
    let plan = product(&api, "INR", &[(&tick, "1", "0")]).await;
    subscription(&api, "acme", &plan, "2026-01-01T00:00:00Z").await;
    // `tick` around both ends of October: 1 on IST Sep 30, 2 on IST Oct 1 (still Sep 30 in
    // UTC), 4 on IST Oct 31, 8 on IST Nov 1 (still Oct 31 in UTC). October in IST holds 6;
    // October in UTC would hold 12.
    let mut evs = Vec::new();
    for (n, at) in [
        (1, utc(2026, 9, 30, 18, 15, 0)),
        (2, utc(2026, 9, 30, 18, 45, 0)),
        (4, utc(2026, 10, 31, 18, 15, 0)),
        (8, utc(2026, 10, 31, 18, 45, 0)),
    ] {
        for i in 0..n {
            evs.push(raw(
                format!("tick-{}-{i}", at.timestamp()),
                "acme",
                "tick",
                at,
                &json!({}),
            ));
        }
    }
    // `tock` a minute either side of the start of this month in IST: 1 before, 2 after.
    let now = Utc::now().with_timezone(&ist());
    let month_start = ist()
        .with_ymd_and_hms(now.year(), now.month(), 1, 0, 0, 0)
        .single()
        .unwrap()
        .with_timezone(&Utc);
    for (i, at) in [
        month_start - Duration::minutes(1),
        month_start + Duration::minutes(1),
        month_start + Duration::minutes(2),
    ]
    .into_iter()
    .enumerate()
    {
        evs.push(raw(format!("tock-{i}"), "acme", "tock", at, &json!({})));
    }
    store(&app, evs);
    let s = speaking(&app, Role::Viewer, Lang::En, "Asia/Kolkata").await;

    let (status, page) = s
        .get_text("/analytics/customers?period_start=2026-10-01T00:00&period_end=2026-11-01T00:00")
        .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(consumed(&page), "6", "October in IST");
    assert!(
        page.contains("your time zone (Asia/Kolkata)"),
        "the help names the zone"
    );
    assert!(!unescape(&page).contains("(UTC)"));

    // Reconciliation, typed dates: read in IST too.
    let (status, page) = s
        .get_text("/analytics/reconciliation?from=2026-10-01&to=2026-11-01")
        .await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(counted(&page, "tick"), "6", "October in IST");
    // By default: this month in IST, from its IST 1st 00:00.
    let (status, page) = s.get_text("/analytics/reconciliation").await;
    assert_eq!(status, 200, "{page}");
    assert_eq!(counted(&page, "tock"), "2", "this month in IST");
    let first = month_start
        .with_timezone(&ist())
        .format("%Y-%m-%d 00:00")
        .to_string();
    assert!(
        page.contains(&format!("value=\"{first}\"")),
        "the From field: {first}"
    );
    assert!(
        page.contains(&format!("{first} +05:30")),
        "the heading carries the offset"
    );
    assert!(page.contains("Default: this month in your time zone (Asia/Kolkata)."));
}

/// Times an operator types without an offset are their wall-clock times: a subscription's
/// start, a manual entry's time; the meter page's "this month" is their month.
#[actix_web::test]
async fn times_typed_by_an_operator_in_kolkata_are_ist() {
    use diesel::prelude::*;
    use meterdesk::db::schema::{events, subscriptions};

    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "acme").await;
    let tick = count_meter(&api, "tick").await;
    let plan = product(&api, "INR", &[(&tick, "1", "0")]).await;
    let s = speaking(&app, Role::Admin, Lang::En, "Asia/Kolkata").await;

    let page = s.get_text("/customers/acme").await.1;
    assert!(page.contains("Start (Asia/Kolkata, optional)"), "{page}");
    let res = s
        .post(
            "/customers/acme/subscriptions",
            &[("product_id", plan.as_str()), ("start", "2026-10-01T00:00")],
        )
        .await;
    assert_eq!(res.status(), reqwest::StatusCode::SEE_OTHER);
    let start: DateTime<Utc> = subscriptions::table
        .filter(subscriptions::customer_id.eq("acme"))
        .select(subscriptions::start_at)
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(start, utc(2026, 9, 30, 18, 30, 0));

    let res = s
        .post(
            &format!("/meters/{tick}/usage"),
            &[
                ("customer_id", "acme"),
                ("value", "1"),
                ("timestamp", "2026-10-01 00:10"),
            ],
        )
        .await;
    assert_eq!(res.status(), reqwest::StatusCode::SEE_OTHER);
    let ts: DateTime<Utc> = events::table
        .filter(events::customer_id.eq("acme"))
        .select(events::ts)
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(ts, utc(2026, 9, 30, 18, 40, 0));

    let now = Utc::now().with_timezone(&ist());
    let month_start = ist()
        .with_ymd_and_hms(now.year(), now.month(), 1, 0, 0, 0)
        .single()
        .unwrap();
    let page = s.get_text(&format!("/meters/{tick}")).await.1;
    let expected = format!(
        "<time datetime=\"{}\"",
        month_start.to_rfc3339_opts(chrono::SecondsFormat::Secs, false)
    );
    assert!(page.contains(&expected), "{expected} not in {page}");
}
