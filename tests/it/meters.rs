//! Meters: pages with the filter builder (without JavaScript), the API in Dodo Payments'
//! shape, validation, archiving, roles, audit.

use meterdesk::auth::model::Role;
use reqwest::StatusCode;
use reqwest::header::LOCATION;
use serde_json::json;

use crate::support::app::{Session, TestApp};

fn audit_actions(app: &TestApp) -> Vec<String> {
    use diesel::prelude::*;
    use meterdesk::db::schema::audit_log;
    audit_log::table
        .order(audit_log::id.asc())
        .select(audit_log::action)
        .load(&mut app.conn())
        .unwrap()
}

fn definition_version(app: &TestApp, id: &str) -> i32 {
    use diesel::prelude::*;
    use meterdesk::db::schema::meters;
    meters::table
        .find(id)
        .select(meters::definition_version)
        .first(&mut app.conn())
        .unwrap()
}

const BASE: &[(&str, &str)] = &[
    ("name", "Tokens"),
    ("event_name", "llm.tokens"),
    ("aggregation", "sum"),
    ("aggregation_key", "tokens"),
    ("unit", "tokens"),
];

/// Creates a meter through the form; returns its id.
async fn create_via_form(s: &Session, extra: &[(&str, &str)]) -> String {
    let mut fields = BASE.to_vec();
    fields.extend_from_slice(extra);
    let res = s.post("/meters", &fields).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER, "{:?}", res.text().await);
    let to = res.headers()[LOCATION].to_str().unwrap().to_string();
    to.strip_prefix("/meters/").unwrap().to_string()
}

const NESTED: &[(&str, &str)] = &[
    ("filter_enabled", "1"),
    ("f.0.conj", "and"),
    ("f.0.0.key", "region"),
    ("f.0.0.op", "equals"),
    ("f.0.0.value", "eu"),
    ("f.0.1.conj", "or"),
    ("f.0.1.0.key", "tier"),
    ("f.0.1.0.op", "equals"),
    ("f.0.1.0.value", "pro"),
    ("f.0.1.1.key", "tokens"),
    ("f.0.1.1.op", "greater_than"),
    ("f.0.1.1.value", "100"),
];

#[actix_web::test]
async fn a_meter_with_a_nested_filter_is_created_through_the_form_and_listed_in_words() {
    let app = TestApp::spawn().await;
    let s = app.session(Role::Editor).await;
    let id = create_via_form(&s, NESTED).await;
    assert!(id.starts_with("mtr_"));
    let words = r#"region equals "eu" AND (tier equals "pro" OR tokens greater than 100)"#;
    let (status, list) = s.get_text("/meters").await;
    assert_eq!(status, StatusCode::OK);
    assert!(list.contains(&html_escape(words)), "{list}");
    let (_, page) = s.get_text(&format!("/meters/{id}")).await;
    assert!(page.contains("sum of tokens") && page.contains("llm.tokens"));
    // Stored in the API's shape, a number for the numeric comparison.
    let api = app.api();
    let (_, m) = api.get(&format!("/api/v1/meters/{id}")).await;
    assert_eq!(
        m["filter"]["clauses"][1]["clauses"][1],
        json!({"key": "tokens", "operator": "greater_than", "value": 100})
    );
    assert!(audit_actions(&app).contains(&"meter.create".to_string()));
}

fn html_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('"', "&#34;")
        .replace('<', "&#60;")
        .replace('>', "&#62;")
}

#[actix_web::test]
async fn the_builder_buttons_work_without_javascript_and_keep_the_input() {
    let app = TestApp::spawn().await;
    let s = app.session(Role::Editor).await;
    let mut fields = BASE.to_vec();
    fields.extend_from_slice(&[
        ("f.0.conj", "and"),
        ("f.0.0.key", "region"),
        ("f.0.0.op", "equals"),
        ("f.0.0.value", "eu"),
    ]);
    // Add group: a nested OR group with one empty condition; nothing saved; input kept.
    let mut add_group = fields.clone();
    add_group.push(("action", "add_group:0"));
    let (status, page) = s.post_text("/meters", &add_group).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(r#"name="f.0.1.conj""#), "a nested group appears");
    assert!(page.contains(r#"name="f.0.1.0.key""#), "with one condition");
    assert!(
        page.contains(r#"value="eu""#) && page.contains(r#"value="Tokens""#),
        "input kept"
    );
    assert!(
        page.contains(r#"id="f-filter_enabled" name="filter_enabled" value="1" checked"#),
        "filter switched on"
    );
    // Add condition inside the nested group, then remove the first condition.
    let mut more = fields.clone();
    more.extend_from_slice(&[
        ("f.0.1.conj", "or"),
        ("f.0.1.0.key", "tier"),
        ("f.0.1.0.op", "equals"),
        ("f.0.1.0.value", "pro"),
    ]);
    more.push(("action", "add_condition:0.1"));
    let (_, page) = s.post_text("/meters", &more).await;
    assert!(page.contains(r#"name="f.0.1.1.key""#));
    let mut remove = fields.clone();
    remove.push(("action", "remove:0.0"));
    let (_, page) = s.post_text("/meters", &remove).await;
    assert!(!page.contains(r#"value="eu""#), "the removed condition is gone");
    // Nothing was saved by any of that.
    let (_, list) = s.get_text("/meters").await;
    assert!(list.contains("No meters yet"));
}

#[actix_web::test]
async fn invalid_filters_are_refused_with_the_message_on_the_field() {
    let app = TestApp::spawn().await;
    let s = app.session(Role::Editor).await;
    let post = |extra: Vec<(&'static str, String)>| {
        let s = &s;
        async move {
            let mut fields: Vec<(&str, String)> = BASE.iter().map(|(k, v)| (*k, v.to_string())).collect();
            fields.push(("filter_enabled", "1".into()));
            fields.extend(extra);
            let borrowed: Vec<(&str, &str)> = fields.iter().map(|(k, v)| (*k, v.as_str())).collect();
            s.post_text("/meters", &borrowed).await
        }
    };
    // Unknown comparator.
    let (status, page) = post(vec![
        ("f.0.conj", "and".into()),
        ("f.0.0.key", "a".into()),
        ("f.0.0.op", "like".into()),
        ("f.0.0.value", "x".into()),
    ])
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("unknown operator &#34;like&#34;"), "{page}");
    assert!(
        page.contains(r#"id="f-f.0.0.op-error""#),
        "the message sits at the comparator"
    );
    // A fourth nesting level.
    let (status, page) = post(vec![
        ("f.0.conj", "and".into()),
        ("f.0.0.conj", "or".into()),
        ("f.0.0.0.conj", "and".into()),
        ("f.0.0.0.0.conj", "or".into()),
        ("f.0.0.0.0.0.key", "a".into()),
        ("f.0.0.0.0.0.op", "equals".into()),
        ("f.0.0.0.0.0.value", "x".into()),
    ])
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Groups nest at most 3 levels deep"), "{page}");
    // Eleven clauses in one group.
    let mut eleven = vec![("f.0.conj", "or".to_string())];
    let names: Vec<(String, String, String)> = (0..11)
        .map(|i| {
            (
                format!("f.0.{i}.key"),
                format!("f.0.{i}.op"),
                format!("f.0.{i}.value"),
            )
        })
        .collect();
    let leaked: &'static [(String, String, String)] = Box::leak(names.into_boxed_slice());
    for (k, o, v) in leaked {
        eleven.push((k.as_str(), "k".into()));
        eleven.push((o.as_str(), "equals".into()));
        eleven.push((v.as_str(), "v".into()));
    }
    let (status, page) = post(eleven).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("this one has 11"), "{page}");
    // A numeric comparator with text.
    let (status, page) = post(vec![
        ("f.0.conj", "and".into()),
        ("f.0.0.key", "a".into()),
        ("f.0.0.op", "greater_than".into()),
        ("f.0.0.value", "lots".into()),
    ])
    .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("compares numbers"), "{page}");
}

#[actix_web::test]
async fn meter_fields_are_validated_with_messages_naming_the_fix() {
    let app = TestApp::spawn().await;
    let s = app.session(Role::Editor).await;
    let (status, page) = s
        .post_text(
            "/meters",
            &[
                ("name", ""),
                ("event_name", " api.call"),
                ("aggregation", "sum"),
                ("aggregation_key", ""),
                ("unit", ""),
            ],
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(page.contains("Enter a name for the meter."));
    assert!(page.contains("Event names are matched exactly: remove the spaces at the start or end."));
    assert!(
        page.contains("Property: enter the metadata key to read — Sum needs one"),
        "the field as the form labels it: {page}"
    );
    assert!(page.contains("Enter the unit shown in reports"));
    assert!(page.contains(r#"value=" api.call""#), "input kept");
    assert!(page.contains(r#"id="error-summary""#));
}

#[actix_web::test]
async fn editing_what_a_meter_counts_bumps_its_definition_version_and_renaming_does_not() {
    let app = TestApp::spawn().await;
    let s = app.session(Role::Editor).await;
    let id = create_via_form(&s, &[]).await;
    assert_eq!(definition_version(&app, &id), 1);
    let (status, page) = s.get_text(&format!("/meters/{id}/edit")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(r#"value="llm.tokens""#));
    let mut renamed: Vec<(&str, &str)> = BASE.to_vec();
    renamed[0] = ("name", "LLM tokens");
    assert_eq!(
        s.post(&format!("/meters/{id}"), &renamed).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(definition_version(&app, &id), 1);
    let mut refiltered = renamed.clone();
    refiltered.extend_from_slice(&[
        ("filter_enabled", "1"),
        ("f.0.conj", "and"),
        ("f.0.0.key", "model"),
        ("f.0.0.op", "contains"),
        ("f.0.0.value", "gpt"),
    ]);
    assert_eq!(
        s.post(&format!("/meters/{id}"), &refiltered).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(definition_version(&app, &id), 2);
    let (_, page) = s.get_text(&format!("/meters/{id}")).await;
    assert!(
        page.contains("LLM tokens") && page.contains("model contains &#34;gpt&#34;"),
        "{page}"
    );
}

#[actix_web::test]
async fn archiving_moves_a_meter_to_the_archived_tab_and_back() {
    let app = TestApp::spawn().await;
    let s = app.session(Role::Editor).await;
    let id = create_via_form(&s, &[]).await;
    assert_eq!(
        s.post(&format!("/meters/{id}/archive"), &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    let (_, active) = s.get_text("/meters").await;
    assert!(!active.contains(&id));
    let (_, archived) = s.get_text("/meters?status=archived").await;
    assert!(archived.contains(&id));
    assert_eq!(
        s.post(&format!("/meters/{id}/unarchive"), &[]).await.status(),
        StatusCode::SEE_OTHER
    );
    let (_, active) = s.get_text("/meters").await;
    assert!(active.contains(&id));
    let actions = audit_actions(&app);
    assert!(
        actions.contains(&"meter.archive".to_string()) && actions.contains(&"meter.unarchive".to_string())
    );
}

#[actix_web::test]
async fn viewers_read_meters_but_cannot_change_them() {
    let app = TestApp::spawn().await;
    let editor = app.session(Role::Editor).await;
    let id = create_via_form(&editor, &[]).await;
    let viewer = app.session(Role::Viewer).await;
    assert_eq!(viewer.get("/meters").await.status(), StatusCode::OK);
    assert_eq!(
        viewer.get(&format!("/meters/{id}")).await.status(),
        StatusCode::OK
    );
    assert_eq!(viewer.get("/meters/new").await.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        viewer.get(&format!("/meters/{id}/edit")).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(viewer.post("/meters", BASE).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        viewer.post(&format!("/meters/{id}/archive"), &[]).await.status(),
        StatusCode::FORBIDDEN
    );
    let (_, page) = viewer.get_text("/meters").await;
    assert!(!page.contains("/meters/new"), "no create button for viewers");
}

// --- API -------------------------------------------------------------------------------

fn dodo_example() -> serde_json::Value {
    json!({
        "name": "Tokens",
        "description": "LLM tokens used",
        "event_name": "llm.tokens",
        "aggregation": {"type": "sum", "key": "tokens"},
        "measurement_unit": "tokens",
        "filter": {"conjunction": "and", "clauses": [
            {"key": "region", "operator": "equals", "value": "eu"},
            {"conjunction": "or", "clauses": [
                {"key": "tier", "operator": "equals", "value": "pro"},
                {"key": "tokens", "operator": "greater_than", "value": 100}
            ]}
        ]}
    })
}

#[actix_web::test]
async fn the_api_creates_reads_lists_patches_and_archives_meters() {
    let app = TestApp::spawn().await;
    let api = app.api();
    let (status, m) = api.post("/api/v1/meters", &dodo_example()).await;
    assert_eq!(status, StatusCode::CREATED, "{m}");
    let id = m["id"].as_str().unwrap().to_string();
    assert!(id.starts_with("mtr_"));
    assert_eq!(m["aggregation"], json!({"type": "sum", "key": "tokens"}));
    assert_eq!(m["measurement_unit"], "tokens");
    // Dodo's types want a group of conditions or of groups, not both: the conditions of a
    // mixed group are gathered into a group of the same conjunction (same meaning).
    assert_eq!(
        m["filter"],
        json!({"conjunction": "and", "clauses": [
            {"conjunction": "and", "clauses": [{"key": "region", "operator": "equals", "value": "eu"}]},
            dodo_example()["filter"]["clauses"][1]
        ]})
    );
    assert_eq!(m["status"], "active");
    assert!(m["business_id"].as_str().unwrap().starts_with("bus_"));

    let (status, got) = api.get(&format!("/api/v1/meters/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(got, m);

    let (_, count) = api.post("/api/v1/meters", &json!({"name": "Calls", "event_name": "api.call", "aggregation": {"type": "count"}, "measurement_unit": "calls"})).await;
    assert_eq!(count["aggregation"], json!({"type": "count"}));
    assert_eq!(count["filter"], json!(null));
    let (_, list) = api.get("/api/v1/meters?limit=1").await;
    assert_eq!(list["items"].as_array().unwrap().len(), 1);
    assert_eq!(list["has_more"], true);
    let cursor = list["next_cursor"].as_str().unwrap();
    let (_, rest) = api
        .get(&format!("/api/v1/meters?limit=1&starting_after={cursor}"))
        .await;
    assert_eq!(rest["items"][0]["id"], id, "newest first, then the older one");
    assert_eq!(rest["has_more"], false);

    let (status, patched) = api
        .send(
            reqwest::Method::PATCH,
            &format!("/api/v1/meters/{id}"),
            &json!({"name": "LLM tokens", "measurement_unit": "tok"}),
        )
        .await;
    assert_eq!(status, StatusCode::OK, "{patched}");
    assert_eq!(patched["name"], "LLM tokens");
    assert_eq!(patched["measurement_unit"], "tok");
    assert_eq!(patched["description"], "LLM tokens used", "untouched fields stay");
    assert_eq!(definition_version(&app, &id), 1);
    let (status, err) = api
        .send(
            reqwest::Method::PATCH,
            &format!("/api/v1/meters/{id}"),
            &json!({"event_name": "x"}),
        )
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(err["error"]["field"], "event_name");

    let (status, archived) = api
        .send(
            reqwest::Method::DELETE,
            &format!("/api/v1/meters/{id}"),
            &json!({}),
        )
        .await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(archived["status"], "archived");
    let (_, active) = api.get("/api/v1/meters?status=active").await;
    assert_eq!(active["items"].as_array().unwrap().len(), 1);
    let (_, listed) = api.get("/api/v1/meters?archived=true").await;
    assert_eq!(listed["items"][0]["id"], id);
    assert_eq!(listed["items"].as_array().unwrap().len(), 1);
    // Unarchive takes no body (Dodo's SDK sends none).
    let res = app
        .client()
        .post(app.url(&format!("/api/v1/meters/{id}/unarchive")))
        .bearer_auth(&api.key)
        .header("content-type", "application/json")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let back: serde_json::Value = res.json().await.unwrap();
    assert_eq!(
        (back["status"].as_str(), back["archived_at"].as_str()),
        (Some("active"), None)
    );
    let (_, active) = api.get("/api/v1/meters").await;
    assert_eq!(
        active["items"].as_array().unwrap().len(),
        2,
        "no archived= lists the active meters"
    );
    let (status, _) = api.get("/api/v1/meters/mtr_nope").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
}

#[actix_web::test]
async fn the_api_refuses_bad_meters_with_the_field_and_the_fix() {
    let app = TestApp::spawn().await;
    let api = app.api();
    let with_filter = |filter: serde_json::Value| {
        let mut m = dodo_example();
        m["filter"] = filter;
        m
    };
    let cases = vec![
        (
            with_filter(
                json!({"conjunction": "and", "clauses": [{"key": "a", "operator": "like", "value": "x"}]}),
            ),
            "filter.clauses[0].operator",
            "unknown operator \"like\"",
        ),
        (
            with_filter(
                json!({"conjunction": "and", "clauses": [{"conjunction": "or", "clauses": [{"conjunction": "and", "clauses": [
                {"conjunction": "or", "clauses": [{"key": "a", "operator": "equals", "value": 1}]}]}]}]}),
            ),
            "filter.clauses[0].clauses[0].clauses[0]",
            "3 levels",
        ),
        (
            with_filter(
                json!({"conjunction": "or", "clauses": (0..11).map(|i| json!({"key": "k", "operator": "equals", "value": i})).collect::<Vec<_>>()}),
            ),
            "filter.clauses",
            "11",
        ),
        (
            with_filter(
                json!({"conjunction": "xor", "clauses": [{"key": "a", "operator": "equals", "value": 1}]}),
            ),
            "filter.conjunction",
            "and",
        ),
        (
            json!({"name": "x", "event_name": "e", "aggregation": {"type": "sum"}, "measurement_unit": "u"}),
            "aggregation.key",
            "needs a key",
        ),
        (
            json!({"name": "x", "event_name": "e", "aggregation": {"type": "median"}, "measurement_unit": "u"}),
            "aggregation.type",
            "count, sum, max, min, avg, last, unique_count",
        ),
        (
            json!({"name": "x", "event_name": "e", "measurement_unit": "u"}),
            "aggregation",
            "required",
        ),
        (
            json!({"name": "", "event_name": "e", "aggregation": {"type": "count"}, "measurement_unit": "u"}),
            "name",
            "Enter a name",
        ),
        (
            json!({"name": "x", "event_name": "e", "aggregation": {"type": "count"}}),
            "measurement_unit",
            "Enter the unit",
        ),
    ];
    for (body, field, fragment) in cases {
        let (status, err) = api.post("/api/v1/meters", &body).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{body} → {err}");
        assert_eq!(err["error"]["code"], "validation_failed");
        assert!(
            err["error"]["field"].as_str().unwrap().starts_with(field),
            "{field} vs {err}"
        );
        assert!(
            err["error"]["message"].as_str().unwrap().contains(fragment),
            "{fragment:?} not in {err}"
        );
    }
    // Malformed JSON: 400 with the position.
    let res = api
        .client
        .post(api.url("/api/v1/meters"))
        .bearer_auth(&api.key)
        .header("content-type", "application/json")
        .body("{\"name\": ")
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::BAD_REQUEST);
    let err: serde_json::Value = res.json().await.unwrap();
    assert!(
        err["error"]["message"]
            .as_str()
            .unwrap()
            .contains("line 1 column"),
        "{err}"
    );
    // Nothing was created by any of that.
    let (_, list) = api.get("/api/v1/meters").await;
    assert_eq!(list["items"], json!([]));
}
