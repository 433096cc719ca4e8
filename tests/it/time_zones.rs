//! Analytics in the operator's time zone: chart days, weeks and months, "this month" and the
//! event table's date filters follow the zone exactly — +05:30, +05:45, DST in Paris and New
//! York — and every bucket equals an independent count from the raw events, for events the
//! roller has folded into the rollups and events still queued.

use std::collections::{BTreeMap, BTreeSet};

use chrono::{DateTime, Datelike, Days, NaiveDate, NaiveTime, TimeZone, Timelike, Utc};
use chrono_tz::Tz;
use diesel::Connection;
use meterdesk::analytics::chart::Granularity;
use meterdesk::analytics::events::query::FilterForm;
use meterdesk::analytics::events::service::events_table;
use meterdesk::analytics::overview::{chart_input, compute};
use meterdesk::auth::model::Role;
use meterdesk::metering::{AggregationKind, average, format_quantity};
use meterdesk::meters::model::Meter;
use rust_decimal::Decimal;
use serde_json::json;

use crate::support::app::TestApp;
use crate::support::backfill::{raw, store};
use crate::support::fixtures::{count_meter, customer, meter};

const ZONES: [Tz; 5] = [
    Tz::Asia__Kolkata,
    Tz::Asia__Kathmandu,
    Tz::Europe__Paris,
    Tz::America__New_York,
    Tz::UTC,
];

/// One event as the test sent it.
#[derive(Debug, Clone)]
struct Sent {
    id: String,
    customer: &'static str,
    name: &'static str,
    ts: DateTime<Utc>,
    v: Decimal,
    u: String,
}

fn utc(y: i32, m: u32, d: u32, h: u32, min: u32, s: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, m, d, h, min, s).single().unwrap()
}

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

/// Local midnight of `d` in `tz`, computed here from the offsets chrono-tz reports (every date
/// this test uses has a midnight in every zone it uses).
fn midnight(d: NaiveDate, tz: Tz) -> DateTime<Utc> {
    tz.from_local_datetime(&d.and_time(NaiveTime::MIN))
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
}

/// The name of the local period holding `t`: the day, the week's Monday, the month's 1st.
fn period_of(t: DateTime<Utc>, tz: Tz, g: Granularity) -> NaiveDate {
    let d = t.with_timezone(&tz).date_naive();
    match g {
        Granularity::Day => d,
        Granularity::Week => d - Days::new(u64::from(d.weekday().num_days_from_monday())),
        Granularity::Month => d.with_day(1).unwrap(),
    }
}

/// What a meter of `kind` shows for these events, computed from the events alone.
fn expected(kind: AggregationKind, events: &[&Sent]) -> Decimal {
    let values = events.iter().map(|e| e.v);
    match kind {
        AggregationKind::Count => Decimal::from(events.len()),
        AggregationKind::Sum => values.sum(),
        AggregationKind::Max => values.max().unwrap_or_default(),
        AggregationKind::Min => values.min().unwrap_or_default(),
        AggregationKind::Avg => average(values.sum(), events.len() as i64),
        AggregationKind::Last => events
            .iter()
            .max_by_key(|e| e.ts)
            .map(|e| e.v)
            .unwrap_or_default(),
        AggregationKind::UniqueCount => {
            Decimal::from(events.iter().map(|e| &e.u).collect::<BTreeSet<_>>().len())
        }
    }
}

/// Instants around the local midnights of 2026-10-22 … 2026-11-03 in every zone (one second
/// before, on, one second after), the Paris DST change (2026-10-25 01:00 UTC) and New York's
/// (2026-11-01 06:00 UTC), and a spread of other instants from 2026-10-18 to 2026-11-08.
fn instants() -> Vec<DateTime<Utc>> {
    let mut out = BTreeSet::new();
    let mut d = date(2026, 10, 22);
    while d <= date(2026, 11, 3) {
        for tz in ZONES {
            let m = midnight(d, tz);
            for s in [-1, 0, 1] {
                out.insert(m + chrono::Duration::seconds(s));
            }
        }
        d = d.succ_opt().unwrap();
    }
    for t in [
        utc(2026, 10, 25, 0, 59, 59),
        utc(2026, 10, 25, 1, 0, 0),
        utc(2026, 11, 1, 5, 59, 59),
        utc(2026, 11, 1, 6, 0, 0),
    ] {
        out.insert(t);
    }
    // A fixed pseudo-random spread (a linear congruential generator), to whole seconds.
    let (start, span) = (utc(2026, 10, 18, 0, 0, 0).timestamp(), 21 * 86_400);
    let mut x: u64 = 0x2545_f491_4f6c_dd1d;
    for _ in 0..300 {
        x = x
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        let offset = i64::try_from((x >> 33) % span as u64).unwrap();
        out.insert(DateTime::from_timestamp(start + offset, 0).unwrap());
    }
    out.into_iter().collect()
}

/// The events: one `hit` per instant (values from -75 to 174.75 in quarters, 37 distinct `u`
/// values), over three customers.
fn events() -> Vec<Sent> {
    instants()
        .into_iter()
        .enumerate()
        .map(|(i, ts)| Sent {
            id: format!("h{i}"),
            customer: ["a", "b", "c"][i % 3],
            name: "hit",
            ts,
            v: Decimal::new(((i * 7919) % 1000) as i64 - 300, 0) / Decimal::from(4),
            u: format!("user-{}", (i * 13) % 37),
        })
        .collect()
}

fn stored(e: &Sent) -> meterdesk::ingest::model::RawEvent {
    let v: f64 = e.v.to_string().parse().unwrap();
    raw(e.id.clone(), e.customer, e.name, e.ts, &json!({"v": v, "u": e.u}))
}

struct Setup {
    app: TestApp,
    meters: Vec<Meter>,
    sent: Vec<Sent>,
}

/// Customers, one meter per aggregation over `hit`, and the events: the even ones stored and
/// rolled up, the odd ones stored after (queued unless the background roller got to them; the
/// tests that need them queued hold the roller's lock first).
async fn setup() -> Setup {
    let app = TestApp::spawn().await;
    let api = app.api();
    for c in ["a", "b", "c"] {
        customer(&api, c).await;
    }
    let mut ids = Vec::new();
    for (agg, key) in [
        ("count", None),
        ("sum", Some("v")),
        ("max", Some("v")),
        ("min", Some("v")),
        ("avg", Some("v")),
        ("last", Some("v")),
        ("unique_count", Some("u")),
    ] {
        let mut aggregation = json!({"type": agg});
        if let Some(k) = key {
            aggregation["key"] = json!(k);
        }
        ids.push(
            meter(
                &api,
                json!({"name": format!("hit {agg}"), "event_name": "hit", "aggregation": aggregation, "measurement_unit": "u"}),
            )
            .await,
        );
    }
    let mut conn = app.conn();
    let meters = ids
        .iter()
        .map(|id| Meter::from_row(meterdesk::meters::repo::find(&mut conn, id).unwrap().unwrap()).unwrap())
        .collect();
    Setup {
        app,
        meters,
        sent: events(),
    }
}

/// Every bucket of every meter's series over 2026-10-19 … 2026-11-07 (local) in `tz`, at
/// `g`, equals the raw computation; the buckets start at local midnight.
fn check_chart(conn: &mut diesel::PgConnection, s: &Setup, tz: Tz, g: Granularity, counted: &[Sent]) {
    let from = midnight(date(2026, 10, 19), tz);
    let to = midnight(date(2026, 11, 8), tz);
    let input = chart_input(conn, &s.meters, &BTreeMap::new(), g, from, to, tz).unwrap();
    assert_eq!(input.series.len(), s.meters.len());
    for (m, series) in s.meters.iter().zip(&input.series) {
        let kind = m.aggregation.kind();
        let mut by_period: BTreeMap<NaiveDate, Vec<&Sent>> = BTreeMap::new();
        for e in counted.iter().filter(|e| e.ts >= from && e.ts < to) {
            by_period.entry(period_of(e.ts, tz, g)).or_default().push(e);
        }
        let mut seen = BTreeSet::new();
        for (start, value) in &series.points {
            let local = start.with_timezone(&tz);
            assert_eq!(
                (local.hour(), local.minute(), local.second()),
                (0, 0, 0),
                "{tz} {g}: a bucket starts at local midnight, not {local}"
            );
            let name = local.date_naive();
            let want = expected(kind, by_period.get(&name).map(Vec::as_slice).unwrap_or(&[]));
            assert_eq!(*value, want, "{tz} {g} {kind:?} {name}");
            seen.insert(name);
        }
        assert!(
            by_period.keys().all(|p| seen.contains(p)),
            "{tz} {g}: every period with events is charted"
        );
    }
}

#[actix_web::test]
async fn chart_buckets_follow_the_zone_and_equal_a_count_from_raw_events() {
    let s = setup().await;
    let (rolled, queued): (Vec<Sent>, Vec<Sent>) = s
        .sent
        .iter()
        .cloned()
        .partition(|e| e.id[1..].parse::<usize>().unwrap() % 2 == 0);
    store(&s.app, rolled.iter().map(stored));
    drop(s.app.rolled_conn());

    // Hold the roller's lock, store the rest: it stays queued while the charts are read.
    let mut conn = s.app.conn();
    conn.transaction::<_, diesel::result::Error, _>(|conn| {
        meterdesk::meters::rollups::repo::lock_roller(conn)?;
        store(&s.app, queued.iter().map(stored));
        let blocks = meterdesk::meters::rollups::repo::queued_block_versions(conn, None)?;
        assert!(!blocks.is_empty(), "the second batch is still queued");
        for tz in ZONES {
            for g in Granularity::ALL {
                check_chart(conn, &s, tz, g, &s.sent);
            }
        }
        Ok(())
    })
    .unwrap();

    // Rolled up, the same.
    let mut conn = s.app.rolled_conn();
    for tz in ZONES {
        for g in Granularity::ALL {
            check_chart(&mut conn, &s, tz, g, &s.sent);
        }
    }
}

#[actix_web::test]
async fn an_ist_day_runs_from_midnight_to_midnight_ist() {
    let s = setup().await;
    // Around the IST midnight that starts 2026-11-01 (2026-10-31 18:30 UTC).
    let around = [
        ("x1", utc(2026, 10, 31, 18, 29, 59)),
        ("x2", utc(2026, 10, 31, 18, 30, 0)),
        ("x3", utc(2026, 11, 1, 18, 29, 59)),
        ("x4", utc(2026, 11, 1, 18, 30, 0)),
    ];
    store(
        &s.app,
        around
            .iter()
            .map(|(id, ts)| raw(*id, "a", "hit", *ts, &json!({"v": 1, "u": id}))),
    );
    let mut conn = s.app.conn();
    let count = &s.meters[..1];
    let ist = Tz::Asia__Kolkata;
    let input = chart_input(
        &mut conn,
        count,
        &BTreeMap::new(),
        Granularity::Day,
        midnight(date(2026, 10, 31), ist),
        midnight(date(2026, 11, 3), ist),
        ist,
    )
    .unwrap();
    let points: Vec<(String, String)> = input.series[0]
        .points
        .iter()
        .map(|(t, v)| (t.to_rfc3339(), v.to_string()))
        .collect();
    assert_eq!(
        points,
        [
            ("2026-10-30T18:30:00+00:00".to_string(), "1".to_string()),
            ("2026-10-31T18:30:00+00:00".to_string(), "2".to_string()),
            ("2026-11-01T18:30:00+00:00".to_string(), "1".to_string()),
        ]
    );
    // The same events in UTC days: 2 on Oct 31, 2 on Nov 1.
    let input = chart_input(
        &mut conn,
        count,
        &BTreeMap::new(),
        Granularity::Day,
        utc(2026, 10, 31, 0, 0, 0),
        utc(2026, 11, 2, 0, 0, 0),
        Tz::UTC,
    )
    .unwrap();
    let values: Vec<String> = input.series[0]
        .points
        .iter()
        .map(|(_, v)| v.to_string())
        .collect();
    assert_eq!(values, ["2", "2"]);
}

#[actix_web::test]
async fn this_month_on_the_overview_is_the_zones_month() {
    let s = setup().await;
    // A few events of another name too: the events figure counts every event.
    count_meter(&s.app.api(), "other").await;
    let mut all = s.sent.clone();
    for (i, ts) in [
        utc(2026, 10, 31, 18, 14, 59),
        utc(2026, 10, 31, 18, 15, 0),
        utc(2026, 10, 31, 18, 30, 0),
    ]
    .into_iter()
    .enumerate()
    {
        all.push(Sent {
            id: format!("o{i}"),
            customer: "c",
            name: "other",
            ts,
            v: Decimal::ONE,
            u: String::new(),
        });
    }
    let (rolled, queued): (Vec<Sent>, Vec<Sent>) =
        all.iter().cloned().partition(|e| e.ts.timestamp() % 2 == 0);
    store(&s.app, rolled.iter().map(stored));
    drop(s.app.rolled_conn());
    let mut conn = s.app.conn();
    conn.transaction::<_, diesel::result::Error, _>(|conn| {
        meterdesk::meters::rollups::repo::lock_roller(conn)?;
        store(&s.app, queued.iter().map(stored));
        for tz in ZONES {
            // November 2026 in `tz`.
            let month = (midnight(date(2026, 11, 1), tz), midnight(date(2026, 12, 1), tz));
            let this_month = meterdesk::tz::this_month(utc(2026, 11, 15, 12, 0, 0), tz);
            assert_eq!((this_month.start, this_month.end), month);
            let ids: Vec<String> = s.meters.iter().map(|m| m.row.id.clone()).collect();
            let kept = meterdesk::analytics::overview::KeptMeters::default();
            let data = compute(conn, (&kept, None), month, &ids, None, tz).unwrap();
            let in_month: Vec<&Sent> = all.iter().filter(|e| e.ts >= month.0 && e.ts < month.1).collect();
            assert_eq!(
                data.events_month,
                in_month.len() as i64,
                "{tz}: events this month"
            );
            assert_eq!(data.events_all, all.len() as i64);
            for m in &s.meters {
                let hits: Vec<&Sent> = in_month.iter().copied().filter(|e| e.name == "hit").collect();
                let figure = data.meters.iter().find(|f| f.id == m.row.id).unwrap();
                assert_eq!(
                    figure.month,
                    format_quantity(expected(m.aggregation.kind(), &hits)),
                    "{tz} {:?} this month",
                    m.aggregation.kind()
                );
            }
        }
        Ok(())
    })
    .unwrap();
}

#[actix_web::test]
async fn event_table_date_filters_are_the_zones_dates() {
    let s = setup().await;
    count_meter(&s.app.api(), "mark").await;
    let marks = [
        utc(2026, 10, 24, 21, 59, 59),
        utc(2026, 10, 24, 22, 0, 0),
        utc(2026, 10, 25, 22, 59, 59),
        utc(2026, 10, 25, 23, 0, 0),
        utc(2026, 10, 31, 18, 14, 59),
        utc(2026, 10, 31, 18, 15, 0),
        utc(2026, 10, 31, 18, 29, 59),
        utc(2026, 10, 31, 18, 30, 0),
        utc(2026, 11, 1, 3, 59, 59),
        utc(2026, 11, 1, 4, 0, 0),
        utc(2026, 11, 1, 18, 14, 59),
        utc(2026, 11, 1, 18, 29, 59),
        utc(2026, 11, 1, 18, 30, 0),
        utc(2026, 11, 2, 4, 59, 59),
        utc(2026, 11, 2, 5, 0, 0),
    ];
    let sent: Vec<Sent> = marks
        .iter()
        .enumerate()
        .map(|(i, ts)| Sent {
            id: format!("m{i}"),
            customer: "b",
            name: "mark",
            ts: *ts,
            v: Decimal::ONE,
            u: String::new(),
        })
        .collect();
    store(&s.app, sent.iter().map(stored));
    let mut conn = s.app.conn();
    for tz in ZONES {
        for (from, to) in [
            ("2026-10-25", "2026-10-25"),
            ("2026-11-01", "2026-11-01"),
            ("2026-10-25", "2026-11-01"),
            ("2026-11-01T00:00", "2026-11-01T12:00"),
        ] {
            let form = FilterForm {
                event_name: "mark".into(),
                from: from.into(),
                to: to.into(),
                ..Default::default()
            };
            let table = events_table(&mut conn, form, None, tz, &Default::default(), None).unwrap();
            assert!(table.errors.is_empty(), "{:?}", table.errors);
            let got: BTreeSet<String> = table.rows.iter().map(|r| r.event_id.clone()).collect();
            let start = if from.len() == 10 {
                midnight(from.parse().unwrap(), tz)
            } else {
                tz.from_local_datetime(
                    &chrono::NaiveDateTime::parse_from_str(from, "%Y-%m-%dT%H:%M").unwrap(),
                )
                .earliest()
                .unwrap()
                .with_timezone(&Utc)
            };
            let end = if to.len() == 10 {
                midnight(to.parse::<NaiveDate>().unwrap().succ_opt().unwrap(), tz)
            } else {
                tz.from_local_datetime(&chrono::NaiveDateTime::parse_from_str(to, "%Y-%m-%dT%H:%M").unwrap())
                    .earliest()
                    .unwrap()
                    .with_timezone(&Utc)
            };
            let want: BTreeSet<String> = sent
                .iter()
                .filter(|e| e.ts >= start && e.ts < end)
                .map(|e| e.id.clone())
                .collect();
            assert!(!want.is_empty(), "{tz} {from}..{to}: the case is not empty");
            assert_eq!(got, want, "{tz} {from}..{to}");
        }
    }
}

#[actix_web::test]
async fn the_overview_page_charts_ist_days_and_refuses_an_unknown_zone() {
    let s = setup().await;
    let session = s.app.session(Role::Viewer).await;
    let ids: String = s.meters[..1]
        .iter()
        .map(|m| format!("&meter={}", m.row.id))
        .collect();
    let (status, page) = session
        .get_text(&format!(
            "/analytics?range=custom&from=2026-10-31&to=2026-11-03&granularity=day&tz=Asia/Kolkata{ids}"
        ))
        .await;
    assert_eq!(status, 200, "{page}");
    let buckets: Vec<&str> = page
        .match_indices("data-bucket=\"")
        .map(|(i, m)| &page[i + m.len()..i + m.len() + 10])
        .collect();
    assert_eq!(buckets, ["2026-10-31", "2026-11-01", "2026-11-02"]);
    assert!(
        page.contains("2026-10-31 to 2026-11-02"),
        "the chart's title names the local days"
    );
    let (status, page) = session.get_text("/analytics?tz=Mars/Olympus").await;
    assert_eq!(status, 400, "{page}");
    assert!(page.contains("tz: "), "the refusal names the parameter: {page}");
}

/// Zones with every kind of offset: half and quarter hours, DST that skips midnight
/// (America/Havana), a 30-minute DST shift (Australia/Lord_Howe), +12:45/+13:45
/// (Pacific/Chatham), negative half hours with DST (America/St_Johns).
const PROPERTY_ZONES: [Tz; 11] = [
    Tz::UTC,
    Tz::Asia__Kolkata,
    Tz::Asia__Kathmandu,
    Tz::Asia__Tehran,
    Tz::Europe__Paris,
    Tz::America__New_York,
    Tz::America__Havana,
    Tz::America__St_Johns,
    Tz::Australia__Adelaide,
    Tz::Australia__Lord_Howe,
    Tz::Pacific__Chatham,
];

/// Each series of `chart_input` against the raw computation: one point per local period, named
/// by the local date of its start, equal to what the events of that period give.
fn compare_chart(
    conn: &mut diesel::PgConnection,
    meters: &[Meter],
    tz: Tz,
    g: Granularity,
    (from, to): (DateTime<Utc>, DateTime<Utc>),
    counted: &[Sent],
) -> Result<(), String> {
    let input = chart_input(conn, meters, &BTreeMap::new(), g, from, to, tz).map_err(|e| e.to_string())?;
    let mut by_period: BTreeMap<NaiveDate, Vec<&Sent>> = BTreeMap::new();
    for e in counted.iter().filter(|e| e.ts >= from && e.ts < to) {
        by_period.entry(period_of(e.ts, tz, g)).or_default().push(e);
    }
    for (m, series) in meters.iter().zip(&input.series) {
        let kind = m.aggregation.kind();
        let mut seen = BTreeSet::new();
        for (start, value) in &series.points {
            let name = period_of(*start, tz, g);
            let want = expected(kind, by_period.get(&name).map(Vec::as_slice).unwrap_or(&[]));
            if *value != want {
                return Err(format!("{tz} {g} {kind:?} {name}: chart {value}, raw {want}"));
            }
            seen.insert(name);
        }
        if let Some(p) = by_period.keys().find(|p| !seen.contains(*p)) {
            return Err(format!("{tz} {g}: the period {p} has events but no bucket"));
        }
    }
    Ok(())
}

#[actix_web::test]
async fn random_events_in_random_zones_chart_as_a_raw_recount() {
    use proptest::prelude::*;
    use proptest::test_runner::{Config, TestCaseError, TestRunner};

    let s = setup().await;
    let base = date(2026, 9, 20);
    let base_ts = midnight(base, Tz::UTC).timestamp();
    let events = proptest::collection::vec((0i64..60 * 86_400, 0usize..3, -400i64..400, 0usize..20), 0..25);
    let case = (
        events,
        0..PROPERTY_ZONES.len(),
        0usize..3,
        0u64..50,
        1u64..40,
        any::<bool>(),
    );
    let mut runner = TestRunner::new(Config {
        cases: 24,
        failure_persistence: None,
        ..Config::default()
    });
    let sent = std::cell::RefCell::new(Vec::<Sent>::new());
    let result = runner.run(&case, |(new, zone, g, start, len, roll)| {
        let mut sent = sent.borrow_mut();
        let used: BTreeSet<DateTime<Utc>> = sent.iter().map(|e| e.ts).collect();
        let mut batch = Vec::new();
        for (offset, c, v, u) in new {
            let ts = DateTime::from_timestamp(base_ts + offset, 0).unwrap();
            if used.contains(&ts) || batch.iter().any(|e: &Sent| e.ts == ts) {
                continue;
            }
            batch.push(Sent {
                id: format!("p{}", sent.len() + batch.len()),
                customer: ["a", "b", "c"][c],
                name: "hit",
                ts,
                v: Decimal::new(v, 0) / Decimal::from(4),
                u: format!("u{u}"),
            });
        }
        if !batch.is_empty() {
            store(&s.app, batch.iter().map(stored));
        }
        sent.extend(batch);
        let mut conn = if roll { s.app.rolled_conn() } else { s.app.conn() };
        let tz = PROPERTY_ZONES[zone];
        let first = base + Days::new(start);
        let range = (
            meterdesk::tz::start_of_local_day(first, tz),
            meterdesk::tz::start_of_local_day(first + Days::new(len), tz),
        );
        compare_chart(&mut conn, &s.meters, tz, Granularity::ALL[g], range, &sent)
            .map_err(TestCaseError::fail)
    });
    if let Err(e) = result {
        panic!("{e}");
    }
    assert!(!sent.borrow().is_empty());
}
