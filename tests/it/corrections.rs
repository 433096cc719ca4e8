//! Voiding one event: it stops counting in every read (the usage API, the customers table, the
//! rollups — equal to a recount from the events), its id stays taken (a resend is a duplicate),
//! an audit row keeps the reason; 404 for an unknown id, 409 twice. The event page's form.

use chrono::{DateTime, Duration, DurationRound, Timelike, Utc};
use diesel::prelude::*;
use diesel::sql_types::Text;
use meterdesk::audit::Actor;
use meterdesk::auth::model::Role;
use meterdesk::customers::model::CustomerInput;
use meterdesk::ingest::model::{Incoming, RawEvent, Rules, Source};
use meterdesk::ingest::pipeline::{self, Mode};
use meterdesk::ingest::void::{self, VoidError, VoidRequest};
use meterdesk::meters::model::{API_FIELDS, Meter, MeterFields};
use meterdesk::meters::rollups::{self, roller};
use meterdesk::validation::FieldErrors;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::app::TestApp;
use crate::support::db::{TestDb, dense_hours};
use crate::support::fixtures::{customer, event, ingest, product, subscription, sum_meter};

fn hour_ago(h: i64) -> DateTime<Utc> {
    Utc::now().duration_trunc(Duration::hours(1)).unwrap() - Duration::hours(h)
}

#[derive(QueryableByName)]
struct Snap {
    #[diesel(sql_type = Text)]
    rows: String,
}

/// Every rollup row of a meter (its months too), and the activity counters, as text: what a recount must equal.
fn snapshot(conn: &mut PgConnection, meter_id: &str) -> String {
    let mut q = |sql: &str| -> String {
        diesel::sql_query(sql)
            .bind::<Text, _>(meter_id)
            .get_result::<Snap>(conn)
            .unwrap()
            .rows
    };
    let cells = "event_count, value_sum::text, value_max::text, last_value::text, last_ts, last_seq";
    [
        q(&format!("SELECT COALESCE(string_agg(r::text, ';' ORDER BY r::text), '') AS rows FROM (SELECT customer_id, hour, {cells} FROM rollups x WHERE meter_id = $1{}) r", dense_hours())),
        q(&format!("SELECT COALESCE(string_agg(r::text, ';' ORDER BY r::text), '') AS rows FROM (SELECT customer_id, day, {cells} FROM rollups_daily WHERE meter_id = $1) r")),
        q("SELECT COALESCE(string_agg(r::text, ';' ORDER BY r::text), '') AS rows FROM (SELECT day, sum(event_count), sum(value_sum)::text, max(value_max)::text FROM meter_days WHERE meter_id = $1 GROUP BY day) r"),
        q(&format!("SELECT COALESCE(string_agg(r::text, ';' ORDER BY r::text), '') AS rows FROM (SELECT customer_id, anchor, period_start, {cells} FROM cycle_rollups WHERE meter_id = $1) r")),
        q(&format!("SELECT COALESCE(string_agg(r::text, ';' ORDER BY r::text), '') AS rows FROM (SELECT month, {cells} FROM meter_months WHERE meter_id = $1 AND event_count > 0) r")),
        q("SELECT COALESCE(string_agg(r::text, ';' ORDER BY r::text), '') || $1 AS rows FROM (SELECT customer_id, sum(events) FROM customer_activity GROUP BY 1) r"),
        q("SELECT COALESCE(string_agg(r::text, ';' ORDER BY r::text), '') || $1 AS rows FROM (SELECT day, sum(events) FROM activity_days GROUP BY 1 HAVING sum(events) <> 0) r"),
    ]
    .join("\n")
}

fn raw(id: &str, customer: &str, ts: DateTime<Utc>, tokens: i64) -> Incoming {
    Incoming::Event(RawEvent {
        event_id: id.into(),
        customer_id: customer.into(),
        event_name: "llm.tokens".into(),
        timestamp: Some(ts.to_rfc3339()),
        metadata: json!({ "tokens": tokens }).as_object().cloned().unwrap(),
        upload_row: None,
    })
}

fn store(conn: &mut PgConnection, items: Vec<Incoming>) {
    let out = pipeline::run(
        conn,
        items,
        Source::Api { api_key_id: 1 },
        &Rules::backfill(Utc::now()),
        Mode::Commit,
    )
    .unwrap();
    assert_eq!(out.rejected(), 0, "{:?}", out.verdicts);
}

fn void_one(conn: &mut PgConnection, id: &str) -> Result<void::VoidedEvent, VoidError> {
    let request = VoidRequest {
        event_id: id,
        reason: "sent twice",
        event_name: None,
    };
    void::void(conn, &Actor::Cli, &request)
}

/// Straight through the services, with no background roller: a counted event and a queued
/// one are voided; the rollups then equal a recount of the meter from the remaining events.
#[test]
fn a_void_leaves_the_rollups_equal_to_a_recount_whether_the_event_was_counted_or_queued() {
    let db = TestDb::new();
    let mut conn = db.conn();
    for id in ["cus_a", "cus_b"] {
        let input = CustomerInput {
            id: Some(id.into()),
            email: format!("{id}@example.com"),
            name: id.into(),
            profile: Default::default(),
        };
        meterdesk::customers::service::create(&mut conn, &Actor::Cli, &input).unwrap();
    }
    let fields = MeterFields {
        name: "Tokens".into(),
        event_name: "llm.tokens".into(),
        aggregation: "sum".into(),
        aggregation_key: "tokens".into(),
        unit: "tokens".into(),
        ..Default::default()
    };
    let valid = fields
        .validate(None, &API_FIELDS, &mut FieldErrors::new())
        .unwrap();
    let meter = meterdesk::meters::service::create(&mut conn, &Actor::Cli, &valid).unwrap();
    // Hours t0 and t0 + 1 on one UTC day, so that cus_a's daily row holds both (13): five hours
    // ago, or six when five hours ago is 23:00.
    let t0 = Some(hour_ago(5))
        .filter(|t| t.hour() != 23)
        .unwrap_or_else(|| hour_ago(6));
    store(
        &mut conn,
        vec![
            raw("a1", "cus_a", t0, 10),
            raw("a2", "cus_a", t0 + Duration::minutes(10), 5),
            raw("b1", "cus_b", t0, 7),
            raw("a3", "cus_a", t0 + Duration::hours(1), 3),
        ],
    );
    roller::catch_up(&mut conn).unwrap();
    // Still queued when it is voided: the roller never counts it.
    store(
        &mut conn,
        vec![raw("a4", "cus_a", t0 + Duration::minutes(20), 100)],
    );
    let usage = |conn: &mut PgConnection, customer: &str| {
        rollups::usage(conn, &meter, customer, t0, t0 + Duration::hours(2))
            .unwrap()
            .sum
            .to_string()
    };
    assert_eq!(usage(&mut conn, "cus_a"), "118");

    let voided = void_one(&mut conn, "a2").unwrap();
    assert_eq!(
        (
            voided.customer_id.as_str(),
            voided.event_name.as_str(),
            voided.reason.as_str()
        ),
        ("cus_a", "llm.tokens", "sent twice")
    );
    void_one(&mut conn, "a4").unwrap();
    assert_eq!(usage(&mut conn, "cus_a"), "13");
    assert_eq!(usage(&mut conn, "cus_b"), "7");
    roller::catch_up(&mut conn).unwrap();
    assert_eq!(usage(&mut conn, "cus_a"), "13");

    let after_void = snapshot(&mut conn, &meter.row.id);
    assert!(after_void.contains("13"), "{after_void}");
    // A recount from the remaining events writes exactly the same rows.
    let reloaded = Meter::from_row(
        meterdesk::meters::repo::find(&mut conn, &meter.row.id)
            .unwrap()
            .unwrap(),
    )
    .unwrap();
    conn.transaction(|c| rollups::repo::rebuild(c, &reloaded))
        .unwrap();
    assert_eq!(snapshot(&mut conn, &meter.row.id), after_void);

    // The voided ids stay taken: a resend is a duplicate, and nothing counts again.
    let out = pipeline::run(
        &mut conn,
        vec![raw("a2", "cus_a", t0, 5), raw("a4", "cus_a", t0, 100)],
        Source::Api { api_key_id: 1 },
        &Rules::backfill(Utc::now()),
        Mode::Commit,
    )
    .unwrap();
    assert_eq!((out.ingested(), out.duplicates()), (0, 2));
    assert_eq!(usage(&mut conn, "cus_a"), "13");
    // Twice is refused; an unknown id is not found; the event name must match when given.
    assert!(matches!(
        void_one(&mut conn, "a2"),
        Err(VoidError::AlreadyVoided { .. })
    ));
    assert!(matches!(
        void_one(&mut conn, "nope"),
        Err(VoidError::NotFound { .. })
    ));
    let wrong = VoidRequest {
        event_id: "a1",
        reason: "x",
        event_name: Some("other.name"),
    };
    assert!(matches!(
        void::void(&mut conn, &Actor::Cli, &wrong),
        Err(VoidError::WrongEventName { .. })
    ));
    assert_eq!(usage(&mut conn, "cus_a"), "13", "a refused void changes nothing");
}

fn export_consumed(csv_text: &str, customer: &str) -> String {
    let mut r = csv::ReaderBuilder::new().from_reader(csv_text.as_bytes());
    let header = r.headers().unwrap().clone();
    let col = |name: &str| {
        header
            .iter()
            .position(|h| h == name)
            .unwrap_or_else(|| panic!("{header:?}"))
    };
    let (c, v) = (col("customer_id"), col("consumed"));
    r.records()
        .map(|rec| rec.unwrap())
        .find(|rec| &rec[c] == customer)
        .map(|rec| rec[v].to_string())
        .unwrap_or_else(|| panic!("no row for {customer} in {csv_text}"))
}

#[actix_web::test]
async fn the_api_void_updates_every_read_keeps_the_id_taken_and_is_audited() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "cus_a").await;
    let tokens = sum_meter(&api, "llm.tokens", "tokens").await;
    let prod = product(&api, "USD", &[(&tokens, "0.10", "0")]).await;
    let start = hour_ago(3);
    let sub = subscription(&api, "cus_a", &prod, &start.to_rfc3339()).await;
    let ts = (start + Duration::minutes(30)).to_rfc3339();
    let ev = |id: &str, n: i64| {
        let mut e = event(id, "cus_a", "llm.tokens", json!({ "tokens": n }));
        e["timestamp"] = json!(ts);
        e
    };
    ingest(&api, vec![ev("e1", 40), ev("e2", 2), ev("e3", 8)]).await;
    let consumed = async || {
        let (_, u) = api.get(&format!("/api/v1/subscriptions/{sub}/usage")).await;
        (
            u["meters"][0]["consumed"].clone(),
            u["meters"][0]["charge"].clone(),
        )
    };
    assert_eq!(consumed().await, (json!("50"), json!("5.00")));
    let viewer = app.session(Role::Viewer).await;
    let export = async || {
        let (status, text) = viewer.get_text("/analytics/customers/export.csv").await;
        assert_eq!(status, StatusCode::OK);
        export_consumed(&text, "cus_a")
    };
    assert_eq!(export().await, "50");

    let (status, body) = api
        .post("/api/v1/events/e1/void", &json!({"reason": "  test traffic "}))
        .await;
    assert_eq!(status, StatusCode::OK, "{body}");
    assert_eq!(body["event_id"], "e1");
    assert_eq!(body["customer_id"], "cus_a");
    assert_eq!(body["metadata"], json!({"tokens": 40}));
    assert_eq!(body["status"], "voided");
    assert_eq!(body["void_reason"], "test traffic");
    assert!(body["voided_at"].as_str().unwrap().ends_with('Z'));
    assert_eq!(consumed().await, (json!("10"), json!("1.00")));
    assert_eq!(export().await, "10");

    // A resend is a duplicate and counts nothing.
    let again = ingest(&api, vec![ev("e1", 40)]).await;
    assert_eq!(
        (again["ingested"].as_i64(), again["duplicates"].as_i64()),
        (Some(0), Some(1))
    );
    assert_eq!(consumed().await.0, json!("10"));

    // The audit log keeps who, what and why; the event keeps its time of voiding.
    let rows: Vec<(String, String, String, Value)> = meterdesk::db::schema::audit_log::table
        .filter(meterdesk::db::schema::audit_log::action.eq("event.void"))
        .select((
            meterdesk::db::schema::audit_log::actor,
            meterdesk::db::schema::audit_log::target_type,
            meterdesk::db::schema::audit_log::target_id,
            meterdesk::db::schema::audit_log::details,
        ))
        .load(&mut app.conn())
        .unwrap();
    assert_eq!(rows.len(), 1);
    assert!(rows[0].0.starts_with("api key tests"), "{}", rows[0].0);
    assert_eq!((rows[0].1.as_str(), rows[0].2.as_str()), ("event", "e1"));
    assert_eq!(rows[0].3["reason"], "test traffic");
    assert_eq!(rows[0].3["customer_id"], "cus_a");
    let reason: Option<String> = meterdesk::db::schema::voided_events::table
        .filter(meterdesk::db::schema::voided_events::event_id.eq("e1"))
        .select(meterdesk::db::schema::voided_events::reason)
        .first(&mut app.conn())
        .unwrap();
    assert_eq!(reason.as_deref(), Some("test traffic"));

    // 409 twice, 404 for an unknown id, 422 without a reason: nothing changes.
    let (status, body) = api
        .post("/api/v1/events/e1/void", &json!({"reason": "again"}))
        .await;
    assert_eq!(status, StatusCode::CONFLICT, "{body}");
    assert_eq!(body["error"]["code"], "conflict");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("voided already")
    );
    let (status, body) = api
        .post("/api/v1/events/nope/void", &json!({"reason": "x"}))
        .await;
    assert_eq!(status, StatusCode::NOT_FOUND, "{body}");
    assert!(body["error"]["message"].as_str().unwrap().contains("nope"));
    let (status, body) = api.post("/api/v1/events/e2/void", &json!({})).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body}");
    assert_eq!(body["error"]["field"], "reason");
    assert_eq!(consumed().await.0, json!("10"));
}

#[actix_web::test]
async fn an_editor_voids_an_event_from_its_page_with_a_reason() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "cus_a").await;
    sum_meter(&api, "llm.tokens", "tokens").await;
    ingest(
        &api,
        vec![event("ev/1", "cus_a", "llm.tokens", json!({"tokens": 4}))],
    )
    .await;
    let editor = app.session(Role::Editor).await;
    let (status, page) = editor.get_text("/analytics/events/ev%2F1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"void-form\""), "an editor sees the form");
    assert!(page.contains("action=\"/analytics/events/ev%2F1/void\""));
    let viewer = app.session(Role::Viewer).await;
    let (_, page) = viewer.get_text("/analytics/events/ev%2F1").await;
    assert!(!page.contains("id=\"void-form\""), "a viewer does not");
    let (status, _) = viewer
        .post_text("/analytics/events/ev%2F1/void", &[("reason", "x")])
        .await;
    assert_eq!(status, StatusCode::FORBIDDEN);

    // Without a reason: the form again, 422, the error next to the field.
    let (status, page) = editor
        .post_text("/analytics/events/ev%2F1/void", &[("reason", " ")])
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("id=\"void-reason-error\""), "{page}");

    let res = editor
        .post(
            "/analytics/events/ev%2F1/void",
            &[("reason", "duplicate of ev/0")],
        )
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(res.headers()["location"], "/analytics/events/ev%2F1");
    let (status, page) = editor.get_text("/analytics/events/ev%2F1").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("id=\"voided-badge\""));
    assert!(page.contains("duplicate of ev/0"));
    assert!(page.contains("is voided"), "the flash says so");
    assert!(!page.contains("id=\"void-form\""), "no second void");
    let (_, u) = api.get("/api/v1/events/ev%2F1/void").await;
    assert!(u["error"].is_object(), "GET is not a route: {u}");
    // A second post (an old tab) says it was voided already.
    let res = editor
        .post("/analytics/events/ev%2F1/void", &[("reason", "again")])
        .await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    let (_, page) = editor.get_text("/analytics/events/ev%2F1").await;
    assert!(page.contains("voided already"));
}
