//! Cycle close and statements: a closed statement is the same byte for byte after a CSV
//! backfill, a void, an upload rollback and a late API event touching its cycle; each of those
//! appears exactly once, as an adjustment on the next statement closed after it. The close
//! endpoint's validation.

use chrono::{DateTime, Duration, DurationRound, Months, Utc};
use meterdesk::audit::Actor;
use meterdesk::metering::{Interval, nth_cycle_start, rfc3339};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::app::{Api, TestApp};
use crate::support::backfill::{raw, store};
use crate::support::fixtures::{customer, event, ingest, product, subscription, sum_meter};
use crate::uploads_support::api_upload;

/// The raw body of a GET: what must not change by a byte.
async fn raw_get(api: &Api, path: &str) -> String {
    let res = api
        .client
        .get(api.url(path))
        .bearer_auth(&api.key)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK, "{path}");
    res.text().await.unwrap()
}

/// Closes every cycle ended by `until`; returns the statements made.
async fn close(api: &Api, until: DateTime<Utc>) -> Vec<Value> {
    let (status, body) = api
        .post("/api/v1/statements/close", &json!({ "until": rfc3339(until) }))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(
        body["closed"].as_u64().unwrap() as usize,
        body["statements"].as_array().unwrap().len()
    );
    body["statements"].as_array().unwrap().clone()
}

fn only(made: Vec<Value>) -> Value {
    assert_eq!(made.len(), 1, "{made:?}");
    made.into_iter().next().unwrap()
}

fn adjustments(st: &Value) -> Vec<&Value> {
    st["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["kind"] == "adjustment")
        .collect()
}

fn usage_line(st: &Value) -> &Value {
    let usage: Vec<&Value> = st["lines"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|l| l["kind"] == "usage")
        .collect();
    assert_eq!(usage.len(), 1, "{st}");
    usage[0]
}

#[actix_web::test]
async fn a_closed_statement_never_changes_and_each_late_change_is_adjusted_once() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "cus_a").await;
    let tokens = sum_meter(&api, "llm.tokens", "tokens").await;
    let prod = product(&api, "USD", &[(&tokens, "0.5", "10")]).await;
    // Six monthly cycles: C0..C4 in the past, C5 running (its end about a month from now).
    let hour = Utc::now().duration_trunc(Duration::hours(1)).unwrap();
    let anchor = (hour - Duration::days(2))
        .checked_sub_months(Months::new(5))
        .unwrap();
    let sub = subscription(&api, "cus_a", &prod, &rfc3339(anchor)).await;
    let c = |n: u32| nth_cycle_start(anchor, Interval::Monthly, n).unwrap();
    let mid = |n: u32| c(n) + Duration::days(3);
    let tok = |n: i64| json!({ "tokens": n });
    store(
        &app,
        [
            raw("c0", "cus_a", "llm.tokens", mid(0), &tok(100)),
            raw("c1a", "cus_a", "llm.tokens", mid(1), &tok(30)),
            raw(
                "c1b",
                "cus_a",
                "llm.tokens",
                mid(1) + Duration::hours(1),
                &tok(20),
            ),
            raw("c3", "cus_a", "llm.tokens", mid(3), &tok(40)),
            raw("c4", "cus_a", "llm.tokens", mid(4), &tok(20)),
        ],
    );
    let url = |id: &Value| format!("/api/v1/statements/{}", id.as_str().unwrap());

    // C0: 100 tokens, 10 free, 90 × 0.5.
    let st0 = only(close(&api, c(1)).await);
    assert_eq!(st0["subscription_id"], sub.as_str());
    assert_eq!(st0["customer_id"], "cus_a");
    assert_eq!(st0["period_start"], rfc3339(c(0)));
    assert_eq!(st0["period_end"], rfc3339(c(1)));
    assert_eq!(st0["currency"], "USD");
    let u = usage_line(&st0);
    assert_eq!(
        (
            u["meter_id"].as_str(),
            &u["consumed"],
            &u["free_threshold"],
            &u["chargeable"],
            &u["charge"]
        ),
        (
            Some(tokens.as_str()),
            &json!("100"),
            &json!("10"),
            &json!("90"),
            &json!("45.00")
        )
    );
    assert!(u["price"].is_object(), "{u}");
    assert!(adjustments(&st0).is_empty());
    assert_eq!(st0["total"], "45.00");
    let raw0 = raw_get(&api, &url(&st0["id"])).await;
    // What the API answered at close is what it answers later.
    assert_eq!(serde_json::from_str::<Value>(&raw0).unwrap(), st0);
    // Closing the same time again makes nothing.
    assert!(close(&api, c(1)).await.is_empty());

    // 1. A CSV backfill into C0: +8 tokens, +4.00 on C1's statement.
    let (status, upload) = api_upload(
        &api,
        &format!("meter_id={tokens}"),
        "late.csv",
        format!(
            "timestamp,event_name,payload_customer_id,payload_tokens\n{},llm.tokens,cus_a,8\n",
            rfc3339(mid(0) + Duration::hours(5))
        )
        .as_bytes(),
    )
    .await;
    assert!(status.is_success(), "{upload}");
    assert_eq!(upload["rows"]["accepted"], 1, "{upload}");
    let st1 = only(close(&api, c(2)).await);
    assert_eq!(usage_line(&st1)["consumed"], "50");
    assert_eq!(usage_line(&st1)["charge"], "20.00");
    let adj = adjustments(&st1);
    assert_eq!(adj.len(), 1, "{st1}");
    assert_eq!(
        adj[0],
        &json!({"kind": "adjustment", "meter_id": tokens, "for_period_start": rfc3339(c(0)), "for_period_end": rfc3339(c(1)), "consumed_delta": "8", "charge_delta": "4.00"})
    );
    assert_eq!(st1["total"], "24.00");
    assert_eq!(raw_get(&api, &url(&st0["id"])).await, raw0);
    let raw1 = raw_get(&api, &url(&st1["id"])).await;

    // 2. A void in C1: −20 tokens, −10.00 on C2's statement (and C0's adjustment not again).
    let (status, body) = api
        .post("/api/v1/events/c1b/void", &json!({"reason": "duplicate"}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    let st2 = only(close(&api, c(3)).await);
    assert_eq!(usage_line(&st2)["consumed"], "0");
    assert_eq!(usage_line(&st2)["charge"], "0.00");
    let adj = adjustments(&st2);
    assert_eq!(adj.len(), 1, "{st2}");
    assert_eq!(adj[0]["for_period_start"], rfc3339(c(1)));
    assert_eq!(
        (&adj[0]["consumed_delta"], &adj[0]["charge_delta"]),
        (&json!("-20"), &json!("-10.00"))
    );
    assert_eq!(st2["total"], "-10.00");
    assert_eq!(raw_get(&api, &url(&st0["id"])).await, raw0);
    assert_eq!(raw_get(&api, &url(&st1["id"])).await, raw1);
    let raw2 = raw_get(&api, &url(&st2["id"])).await;

    // 3. The upload rolled back: C0 loses its 8 tokens again, on C3's statement.
    let upload_id = upload["id"].as_i64().unwrap();
    meterdesk::uploads::service::rollback(&mut app.conn(), &Actor::Cli, upload_id).unwrap();
    let st3 = only(close(&api, c(4)).await);
    assert_eq!(usage_line(&st3)["charge"], "15.00");
    let adj = adjustments(&st3);
    assert_eq!(adj.len(), 1, "{st3}");
    assert_eq!(adj[0]["for_period_start"], rfc3339(c(0)));
    assert_eq!(
        (&adj[0]["consumed_delta"], &adj[0]["charge_delta"]),
        (&json!("-8"), &json!("-4.00"))
    );
    assert_eq!(st3["total"], "11.00");

    // Nothing changed since: C4's statement carries no adjustment.
    let st4 = only(close(&api, c(5)).await);
    assert!(adjustments(&st4).is_empty(), "{st4}");
    assert_eq!(st4["total"], "5.00");
    let raw4 = raw_get(&api, &url(&st4["id"])).await;

    // 4. A late event over the API into C4 (within the events API's 35 days), then the
    //    subscription ends a minute ago: its last, shortened cycle carries +6 tokens, +3.00.
    let late_ts = c(5) - Duration::days(1);
    assert!(Utc::now() - late_ts < Duration::days(30));
    let mut late = event("late-1", "cus_a", "llm.tokens", tok(6));
    late["timestamp"] = json!(rfc3339(late_ts));
    ingest(&api, vec![late]).await;
    let end = Utc::now().duration_trunc(Duration::seconds(1)).unwrap() - Duration::minutes(1);
    meterdesk::subscriptions::repo::set_end(&mut app.conn(), &sub, end).unwrap();
    let st5 = only(close(&api, Utc::now()).await);
    assert_eq!(st5["period_start"], rfc3339(c(5)));
    assert_eq!(st5["period_end"], rfc3339(end));
    let adj = adjustments(&st5);
    assert_eq!(adj.len(), 1, "{st5}");
    assert_eq!(adj[0]["for_period_start"], rfc3339(c(4)));
    assert_eq!(
        (&adj[0]["consumed_delta"], &adj[0]["charge_delta"]),
        (&json!("6"), &json!("3.00"))
    );
    assert_eq!(st5["total"], "3.00");

    // Every earlier statement is as it was, byte for byte.
    assert_eq!(raw_get(&api, &url(&st0["id"])).await, raw0);
    assert_eq!(raw_get(&api, &url(&st1["id"])).await, raw1);
    assert_eq!(raw_get(&api, &url(&st2["id"])).await, raw2);
    assert_eq!(raw_get(&api, &url(&st4["id"])).await, raw4);
    // Nothing left to close; the list runs newest cycle first, in the list shape.
    assert!(close(&api, Utc::now()).await.is_empty());
    let (status, list) = api.get(&format!("/api/v1/subscriptions/{sub}/statements")).await;
    assert_eq!(status, StatusCode::OK, "{list}");
    let ids: Vec<&Value> = list["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| &s["id"])
        .collect();
    assert_eq!(
        ids,
        [
            &st5["id"], &st4["id"], &st3["id"], &st2["id"], &st1["id"], &st0["id"]
        ]
    );
    assert_eq!(list["has_more"], false);
    let (_, page) = api
        .get(&format!("/api/v1/subscriptions/{sub}/statements?limit=2"))
        .await;
    assert_eq!(page["items"].as_array().unwrap().len(), 2);
    let cursor = page["next_cursor"].as_str().unwrap();
    let (_, next) = api
        .get(&format!(
            "/api/v1/subscriptions/{sub}/statements?limit=2&starting_after={cursor}"
        ))
        .await;
    assert_eq!(next["items"][0]["id"], st3["id"]);
    // A statement row refuses any update.
    use diesel::RunQueryDsl;
    let err = diesel::sql_query("UPDATE statements SET total = 0").execute(&mut app.conn());
    assert!(err.is_err());
}

#[actix_web::test]
async fn the_close_endpoint_refuses_a_future_or_unreadable_until_and_unknown_ids_are_404() {
    let app = TestApp::spawn().await;
    let api = app.api();
    let future = rfc3339(Utc::now() + Duration::hours(1));
    for body in [
        json!({ "until": future }),
        json!({ "until": "yesterday-ish" }),
        json!({ "until": 12 }),
        json!({}),
    ] {
        let (status, answer) = api.post("/api/v1/statements/close", &body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{body}: {answer}");
        assert!(
            answer["error"]["message"].as_str().unwrap().contains("until"),
            "{answer}"
        );
    }
    let (status, _) = api.get("/api/v1/statements/st_nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = api.get("/api/v1/subscriptions/sub_nope/statements").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // GET on the close address: 405 naming POST.
    let (status, _) = api.get("/api/v1/statements/close").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    let (status, _) = api
        .send(reqwest::Method::DELETE, "/api/v1/statements/close", &json!({}))
        .await;
    assert_eq!(status, StatusCode::METHOD_NOT_ALLOWED);
    // Unauthenticated: refused.
    let res = reqwest::Client::new()
        .post(app.url("/api/v1/statements/close"))
        .json(&json!({ "until": rfc3339(Utc::now()) }))
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn the_portal_shows_statements_their_export_and_late_usage() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "cus_p").await;
    let tokens = sum_meter(&api, "llm.tokens", "tokens").await;
    let prod = product(&api, "USD", &[(&tokens, "0.5", "0")]).await;
    let hour = Utc::now().duration_trunc(Duration::hours(1)).unwrap();
    let anchor = (hour - Duration::days(2))
        .checked_sub_months(Months::new(2))
        .unwrap();
    let sub = subscription(&api, "cus_p", &prod, &rfc3339(anchor)).await;
    let c = |n: u32| nth_cycle_start(anchor, Interval::Monthly, n).unwrap();
    store(
        &app,
        [
            raw(
                "p0",
                "cus_p",
                "llm.tokens",
                c(0) + Duration::days(1),
                &json!({"tokens": 10}),
            ),
            raw(
                "p1",
                "cus_p",
                "llm.tokens",
                c(1) + Duration::days(1),
                &json!({"tokens": 4}),
            ),
            raw(
                "p2",
                "cus_p",
                "llm.tokens",
                c(2) + Duration::hours(1),
                &json!({"tokens": 3}),
            ),
        ],
    );
    let st0 = only(close(&api, c(1)).await);
    let id0 = st0["id"].as_str().unwrap().to_string();
    let viewer = app.session(meterdesk::auth::model::Role::Viewer).await;

    // The customer page: the current cycle, live, and the statement.
    let (status, page) = viewer.get_text("/customers/cus_p").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(&format!("id=\"current-{sub}\"")), "{page}");
    assert!(
        page.contains("$1.50"),
        "the current cycle's 3 tokens × 0.5: {page}"
    );
    assert!(page.contains(&format!("href=\"/statements/{id0}\"")), "{page}");
    assert!(page.contains("$5.00"));

    // The statement page and its export.
    let (status, page) = viewer.get_text(&format!("/statements/{id0}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<strong>$5.00</strong>"), "{page}");
    assert!(page.contains(&format!("/statements/{id0}.csv")));
    let res = viewer.get(&format!("/statements/{id0}.csv")).await;
    assert_eq!(res.status(), StatusCode::OK);
    assert!(
        res.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/csv")
    );
    let csv = res.text().await.unwrap();
    let rows: Vec<&str> = csv.lines().collect();
    assert!(
        rows[0].starts_with("Statement,Customer,Subscription,Period start"),
        "{csv}"
    );
    assert!(
        rows[1].contains(",Usage,llm.tokens,") && rows[1].ends_with(",10,0,10,5.00,USD"),
        "{csv}"
    );
    assert!(
        rows[2].contains(",Total,") && rows[2].ends_with(",5.00,USD"),
        "{csv}"
    );

    // A void in the closed cycle: pending on the late-usage view, then billed once.
    let (_, page) = viewer.get_text("/statements/late").await;
    assert!(page.contains("Every closed cycle"), "nothing pending yet: {page}");
    let (status, _) = api
        .post("/api/v1/events/p0/void", &json!({"reason": "test"}))
        .await;
    assert_eq!(status, StatusCode::OK);
    let (_, page) = viewer.get_text("/statements/late").await;
    assert!(page.contains("-10 tokens") && page.contains("-$5.00"), "{page}");
    let st1 = only(close(&api, c(2)).await);
    let id1 = st1["id"].as_str().unwrap();
    // A negative total exports guarded against formulas.
    assert_eq!(st1["total"], "-3.00");
    let csv = viewer
        .get(&format!("/statements/{id1}.csv"))
        .await
        .text()
        .await
        .unwrap();
    assert!(
        csv.lines()
            .any(|l| l.contains(",Adjustment,") && l.contains(",'-10,") && l.contains(",'-5.00,")),
        "{csv}"
    );
    let (_, page) = viewer.get_text("/statements/late").await;
    assert!(
        page.contains("Every closed cycle"),
        "billed now, so not pending: {page}"
    );
    assert!(page.contains(&format!("href=\"/statements/{id1}\"")), "{page}");
    // Unknown statement: 404 page.
    let (status, _) = viewer.get_text("/statements/st_nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    // Every page needs login.
    let res = app
        .client()
        .get(app.url(&format!("/statements/{id0}")))
        .send()
        .await
        .unwrap();
    assert!(res.status().is_redirection() || res.status() == StatusCode::UNAUTHORIZED);
}

#[actix_web::test]
async fn a_price_changed_after_close_adjusts_nothing_and_late_usage_is_charged_as_billed() {
    use diesel::RunQueryDsl;
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "cus_p").await;
    let tokens = sum_meter(&api, "llm.tokens", "tokens").await;
    let prod = product(&api, "USD", &[(&tokens, "0.5", "0")]).await;
    let hour = Utc::now().duration_trunc(Duration::hours(1)).unwrap();
    let anchor = (hour - Duration::days(2))
        .checked_sub_months(Months::new(2))
        .unwrap();
    subscription(&api, "cus_p", &prod, &rfc3339(anchor)).await;
    let c = |n: u32| nth_cycle_start(anchor, Interval::Monthly, n).unwrap();
    let tok = |n: i64| json!({ "tokens": n });
    store(
        &app,
        [raw(
            "p0",
            "cus_p",
            "llm.tokens",
            c(0) + Duration::days(3),
            &tok(10),
        )],
    );
    let st0 = only(close(&api, c(1)).await);
    assert_eq!(usage_line(&st0)["charge"], "5.00");

    // The operator raises the price to 2.00 per token after C0 closed.
    let changed = diesel::sql_query(
        "UPDATE product_meters SET price = '{\"model\": \"per_unit\", \"unit_price\": \"2\"}'::jsonb
         WHERE product_id = $1",
    )
    .bind::<diesel::sql_types::Text, _>(&prod)
    .execute(&mut app.conn())
    .unwrap();
    assert_eq!(changed, 1);
    // Nothing arrived late: C1's statement carries no adjustment for C0.
    let st1 = only(close(&api, c(2)).await);
    assert!(adjustments(&st1).is_empty(), "{st1}");
    assert_eq!(usage_line(&st1)["charge"], "0.00");

    // A late event for C0 is charged on C0's terms (0.50), not today's price.
    store(
        &app,
        [raw(
            "p0-late",
            "cus_p",
            "llm.tokens",
            c(0) + Duration::days(4),
            &tok(4),
        )],
    );
    let (status, body) = api
        .get(&format!("/api/v1/statements/{}", st0["id"].as_str().unwrap()))
        .await;
    assert_eq!(status, 200);
    assert_eq!(body, st0, "the closed statement is unchanged");
    let pending = meterdesk::statements::pending_adjustments_of(
        &mut app.conn(),
        st0["subscription_id"].as_str().unwrap(),
    )
    .unwrap();
    assert_eq!(pending.len(), 1, "{pending:?}");
    assert_eq!(pending[0].consumed_delta.to_string(), "4");
    assert_eq!(pending[0].charge_delta.to_string(), "2.00");
}
