//! Analytics → Customers and the usage export: every figure checked against values computed
//! here, independently, from the events the test generated — count, filtered sum, max and
//! last; free thresholds; rounding; cycle edges; a customer whose cycle starts mid-month.

use chrono::{DateTime, Duration, TimeZone, Utc};
use meterdesk::auth::model::Role;
use reqwest::StatusCode;
use rust_decimal::{Decimal, RoundingStrategy};
use serde_json::{Value, json};

use crate::support::app::TestApp;
use crate::support::backfill::{raw, store};
use crate::support::fixtures::{customer, meter, product, subscription};

fn t(s: &str) -> DateTime<Utc> {
    DateTime::parse_from_rfc3339(s).unwrap().with_timezone(&Utc)
}

fn d(s: &str) -> Decimal {
    s.parse().unwrap()
}

struct Ev {
    customer: &'static str,
    name: &'static str,
    ts: DateTime<Utc>,
    metadata: Value,
}

fn backfill(app: &TestApp, evs: &[Ev]) {
    store(
        app,
        evs.iter()
            .enumerate()
            .map(|(i, e)| raw(format!("ev{i}"), e.customer, e.name, e.ts, &e.metadata)),
    );
}

/// A meter as the test sees it: event name, aggregation, property, region filter.
type Spec<'a> = (&'a str, &'a str, &'a str, Option<&'a str>);

/// Independent: what a meter consumed for a customer in [start, end), in arrival order for
/// ties.
fn expected(evs: &[Ev], customer: &str, spec: Spec, start: DateTime<Utc>, end: DateTime<Utc>) -> Decimal {
    let (name, kind, key, region) = spec;
    let mut picked: Vec<(usize, &Ev)> = evs
        .iter()
        .enumerate()
        .filter(|(_, e)| e.customer == customer && e.name == name && e.ts >= start && e.ts < end)
        .filter(|(_, e)| region.is_none_or(|r| e.metadata["region"] == r))
        .collect();
    picked.sort_by_key(|(i, e)| (e.ts, *i));
    let value = |e: &Ev| -> Decimal { e.metadata[key].to_string().trim_matches('"').parse().unwrap() };
    match kind {
        "count" => Decimal::from(picked.len()),
        "sum" => picked.iter().map(|(_, e)| value(e)).sum(),
        "max" => picked.iter().map(|(_, e)| value(e)).max().unwrap_or_default(),
        "last" => picked.last().map(|(_, e)| value(e)).unwrap_or_default(),
        _ => unreachable!(),
    }
}

fn charge(consumed: Decimal, free: Decimal, price: Decimal) -> Decimal {
    ((consumed - free).max(Decimal::ZERO) * price)
        .round_dp_with_strategy(2, RoundingStrategy::MidpointAwayFromZero)
}

fn csv_rows(text: &str) -> Vec<Vec<String>> {
    let mut r = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(text.as_bytes());
    r.records()
        .map(|rec| rec.unwrap().iter().map(str::to_string).collect())
        .collect()
}

#[actix_web::test]
async fn every_figure_matches_an_independent_computation_from_raw_events() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "early").await;
    customer(&api, "mid").await;
    let calls = meter(&api, json!({"name": "Calls", "event_name": "api.call", "aggregation": {"type": "count"}, "measurement_unit": "calls"})).await;
    let eu_tokens = meter(
        &api,
        json!({"name": "EU tokens", "event_name": "llm", "aggregation": {"type": "sum", "key": "tokens"}, "measurement_unit": "tokens",
               "filter": {"conjunction": "and", "clauses": [{"key": "region", "operator": "equals", "value": "eu"}]}}),
    )
    .await;
    let peak = meter(&api, json!({"name": "Peak GB", "event_name": "storage", "aggregation": {"type": "max", "key": "gb"}, "measurement_unit": "GB"})).await;
    let seats = meter(&api, json!({"name": "Seats", "event_name": "seats", "aggregation": {"type": "last", "key": "n"}, "measurement_unit": "seats"})).await;
    let prices = [("0.005", "100"), ("0.0003", "1000"), ("0.10", "1"), ("7", "0")];
    let prod = product(
        &api,
        "USD",
        &[
            (&calls, prices[0].0, prices[0].1),
            (&eu_tokens, prices[1].0, prices[1].1),
            (&peak, prices[2].0, prices[2].1),
            (&seats, prices[3].0, prices[3].1),
        ],
    )
    .await;
    let sub_early = subscription(&api, "early", &prod, "2024-03-01T00:00:00Z").await;
    let sub_mid = subscription(&api, "mid", &prod, "2024-02-15T10:37:12Z").await;

    // Events around both cycles' edges, many within the same hours and on ties.
    let mut evs = Vec::new();
    let base = Utc.with_ymd_and_hms(2024, 2, 28, 0, 0, 0).single().unwrap();
    for i in 0..400i64 {
        let ts = base + Duration::minutes(i * 131 % (50 * 24 * 60)) + Duration::seconds(i % 7);
        let customer = if i % 3 == 0 { "mid" } else { "early" };
        evs.push(Ev {
            customer,
            name: "api.call",
            ts,
            metadata: json!({}),
        });
        if i % 2 == 0 {
            evs.push(Ev {
                customer,
                name: "llm",
                ts,
                metadata: json!({"tokens": (i * 37) % 900, "region": if i % 4 == 0 { "eu" } else { "us" }}),
            });
        }
        if i % 5 == 0 {
            evs.push(Ev {
                customer,
                name: "storage",
                ts,
                metadata: json!({"gb": format!("{}.{}", i % 13, i % 10)}),
            });
            evs.push(Ev {
                customer,
                name: "seats",
                ts,
                metadata: json!({"n": (i * 7) % 50}),
            });
        }
    }
    // Exactly on the mid customer's cycle boundaries.
    for ts in [
        "2024-03-15T10:37:11Z",
        "2024-03-15T10:37:12Z",
        "2024-04-15T10:37:11Z",
        "2024-04-15T10:37:12Z",
    ] {
        evs.push(Ev {
            customer: "mid",
            name: "api.call",
            ts: t(ts),
            metadata: json!({}),
        });
    }
    backfill(&app, &evs);

    let viewer = app.session(Role::Viewer).await;
    let (status, page) = viewer.get_text("/analytics/customers?at=2024-03-20T00:00").await;
    assert_eq!(status, StatusCode::OK);
    let (_, csv_text) = viewer
        .get_text("/analytics/customers/export.csv?at=2024-03-20T00:00")
        .await;
    let rows = csv_rows(&csv_text);
    let header = &rows[0];
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("no {name} in {header:?}"))
    };
    assert_eq!(rows.len() - 1, 8, "2 subscriptions × 4 meters");

    let windows = [
        (
            "early",
            &sub_early,
            t("2024-03-01T00:00:00Z"),
            t("2024-04-01T00:00:00Z"),
        ),
        (
            "mid",
            &sub_mid,
            t("2024-03-15T10:37:12Z"),
            t("2024-04-15T10:37:12Z"),
        ),
    ];
    let specs = [
        ("Calls", "api.call", "count", "", None),
        ("EU tokens", "llm", "sum", "tokens", Some("eu")),
        ("Peak GB", "storage", "max", "gb", None),
        ("Seats", "seats", "last", "n", None),
    ];
    for (customer, sub, start, end) in windows {
        let mut total = Decimal::ZERO;
        for (i, (meter_name, name, kind, key, region)) in specs.iter().enumerate() {
            let consumed = expected(&evs, customer, (name, kind, key, *region), start, end);
            let (price, free) = (d(prices[i].0), d(prices[i].1));
            let want_charge = charge(consumed, free, price);
            total += want_charge;
            let row = rows[1..]
                .iter()
                .find(|r| r[col("subscription_id")] == **sub && r[col("meter")] == *meter_name)
                .unwrap_or_else(|| panic!("no row for {customer} {meter_name}"));
            assert_eq!(
                row[col("period_start")],
                start.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            );
            assert_eq!(
                d(&row[col("consumed")]),
                consumed,
                "{customer} {meter_name} consumed"
            );
            assert_eq!(
                d(&row[col("chargeable")]),
                (consumed - free).max(Decimal::ZERO),
                "{customer} {meter_name} chargeable"
            );
            assert_eq!(
                d(&row[col("charge")]),
                want_charge,
                "{customer} {meter_name} charge"
            );
            assert_eq!(
                row[col("charge")].split('.').nth(1).map(str::len),
                Some(2),
                "USD charges have 2 decimals"
            );
        }
        for r in rows[1..].iter().filter(|r| r[col("subscription_id")] == **sub) {
            assert_eq!(d(&r[col("total")]), total, "{customer} total");
        }
    }
    // The mid-month customer's boundary events: 10:37:11 on Mar 15 belongs to the previous
    // cycle, 10:37:12 to this one; Apr 15 10:37:11 to this one, 10:37:12 to the next.
    let mid_calls = rows[1..]
        .iter()
        .find(|r| r[col("subscription_id")] == sub_mid && r[col("meter")] == "Calls")
        .unwrap();
    let without_edges = expected(
        &evs[..evs.len() - 4],
        "mid",
        ("api.call", "count", "", None),
        t("2024-03-15T10:37:12Z"),
        t("2024-04-15T10:37:12Z"),
    );
    assert_eq!(d(&mid_calls[col("consumed")]), without_edges + Decimal::TWO);

    // The page shows the same rows as the export.
    assert_eq!(
        page.matches("data-col=\"charge\" data-sort=").count(),
        8,
        "{page}"
    );
    for r in &rows[1..] {
        assert!(page.contains(&format!("data-sort=\"{}\"", r[col("subscription_id")])));
        let consumed: Decimal = d(&r[col("consumed")]);
        assert!(
            page.contains(&format!("data-col=\"consumed\" data-sort=\"{consumed}\""))
                || page.contains(&format!(
                    "data-col=\"consumed\" data-sort=\"{}\"",
                    consumed.normalize()
                )),
            "consumed {consumed} not on the page"
        );
    }
}

#[actix_web::test]
async fn the_export_equals_the_table_and_is_safe_for_spreadsheets() {
    let app = TestApp::spawn().await;
    let api = app.api();
    let (status, _) = api
        .post(
            "/api/v1/customers",
            &json!({"id": "evil", "email": "x@evil.test", "name": "=HYPERLINK(\"http://evil\",\"x\")"}),
        )
        .await;
    assert_eq!(status, StatusCode::CREATED);
    customer(&api, "plain").await;
    let calls = meter(&api, json!({"name": "Calls", "event_name": "api.call", "aggregation": {"type": "count"}, "measurement_unit": "calls"})).await;
    let prod = product(&api, "EUR", &[(&calls, "0.5", "100")]).await;
    subscription(&api, "evil", &prod, "2024-01-01T00:00:00Z").await;
    subscription(&api, "plain", &prod, "2024-01-15T00:00:00Z").await;
    let evs: Vec<Ev> = (0..250)
        .map(|i| Ev {
            customer: if i % 5 == 0 { "plain" } else { "evil" },
            name: "api.call",
            ts: t("2024-02-10T12:00:00Z") + Duration::minutes(i),
            metadata: json!({}),
        })
        .collect();
    backfill(&app, &evs);
    let viewer = app.session(Role::Viewer).await;
    let q = "period_start=2024-02-01T00:00&period_end=2024-03-01T00:00";
    let (_, page) = viewer.get_text(&format!("/analytics/customers?{q}")).await;
    let res = viewer.get(&format!("/analytics/customers/export.csv?{q}")).await;
    assert!(
        res.headers()["content-disposition"]
            .to_str()
            .unwrap()
            .starts_with("attachment")
    );
    let text = res.text().await.unwrap();
    let rows = csv_rows(&text);
    assert_eq!(rows.len(), 3);
    let name_col = rows[0].iter().position(|h| h == "customer_name").unwrap();
    let evil = rows.iter().find(|r| r[0] == "evil").unwrap();
    assert_eq!(
        evil[name_col], "'=HYPERLINK(\"http://evil\",\"x\")",
        "the formula is made inert"
    );
    let charge_col = rows[0].iter().position(|h| h == "charge").unwrap();
    assert_eq!(
        evil[charge_col], "50.00",
        "a range: 200 events, free 100, €0.50 → €50.00"
    );
    // Row for row: the table's customers and charges, in the same order.
    let page_ids: Vec<&str> = page
        .match_indices("data-col=\"customer\" data-sort=\"")
        .map(|(i, m)| page[i + m.len()..].split('"').next().unwrap())
        .collect();
    let csv_ids: Vec<&str> = rows[1..].iter().map(|r| r[0].as_str()).collect();
    assert_eq!(page_ids, csv_ids);
    assert!(page.contains("€50.00"));
    // The API export has every column; a bad period is refused.
    let res = api
        .client
        .get(api.url(
            "/api/v1/usage/export.csv?period_start=2024-02-01T00:00:00Z&period_end=2024-03-01T00:00:00Z",
        ))
        .bearer_auth(&api.key)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let api_rows = csv_rows(&res.text().await.unwrap());
    assert_eq!(api_rows.len(), 3);
    assert!(
        api_rows[0].contains(&"price_per_unit".to_string())
            && api_rows[0].contains(&"last_event_at".to_string())
    );
    let (status, err) = api
        .get("/api/v1/usage/export.csv?period_start=2024-03-01&period_end=2024-02-01")
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("after the start")
    );
    let (status, page) = viewer
        .get_text("/analytics/customers?period_start=2024-03-01")
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Give the end of the range too"));
}

#[actix_web::test]
async fn edit_columns_is_remembered_per_operator_and_shapes_the_export() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "c1").await;
    let calls = meter(&api, json!({"name": "Calls", "event_name": "api.call", "aggregation": {"type": "count"}, "measurement_unit": "calls"})).await;
    let prod = product(&api, "USD", &[(&calls, "1", "0")]).await;
    subscription(&api, "c1", &prod, &(Utc::now() - Duration::days(3)).to_rfc3339()).await;
    let ana = app.session(Role::Viewer).await;
    let bo = app.session(Role::Viewer).await;
    let res = ana
        .post(
            "/analytics/customers/columns",
            &[("col", "consumed"), ("col", "charge"), ("return", "")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = ana.get_text("/analytics/customers").await;
    assert!(
        page.contains(r#"data-col="consumed">Units consumed"#) && !page.contains(r#"data-col="email">"#),
        "{page}"
    );
    assert!(
        page.contains(r#"id="col-email" name="col" value="email">"#),
        "the editor shows email unticked"
    );
    let (_, page) = bo.get_text("/analytics/customers").await;
    assert!(
        page.contains(r#"data-col="email">"#),
        "another operator keeps all columns"
    );
    // Both views share one computed page (nothing was written in between): the rows are
    // rendered per column choice.
    assert!(page.contains(r#"data-col="email" data-sort="#), "{page}");
    let (_, page) = ana.get_text("/analytics/customers").await;
    assert!(!page.contains(r#"data-col="email" data-sort="#), "{page}");
    assert!(page.contains(r#"data-col="consumed" data-sort="#));
    let csv = ana
        .get("/analytics/customers/export.csv")
        .await
        .text()
        .await
        .unwrap();
    // The export follows the choice, but always keeps what tells lines apart and bills them:
    // the customer's email, the subscription and the billing period (issue 13).
    assert_eq!(
        csv.lines().next().unwrap(),
        "customer_id,customer_name,customer_email,subscription_id,period_start,period_end,meter_id,meter,unit,consumed,charge"
    );
}
