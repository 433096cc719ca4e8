//! Request bodies at their edges (issue 9): compressed bodies capped while inflating, the text
//! rule over JSON bodies, content types, malformed JSON, upload forms with a total cap and
//! checked names, and dry runs whose answer is bounded while their error file has every row.

use std::io::Write;

use diesel::prelude::*;
use flate2::Compression;
use flate2::write::GzEncoder;
use meterdesk::auth::model::Role;
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::app::{Api, TestApp};
use crate::support::fixtures::{customer, product, sum_meter};
use crate::uploads_support::api_upload;

async fn post_raw(api: &Api, path: &str, headers: &[(&str, &str)], body: Vec<u8>) -> (StatusCode, Value) {
    let mut rq = api.client.post(api.url(path)).bearer_auth(&api.key).body(body);
    for (k, v) in headers {
        rq = rq.header(*k, *v);
    }
    let res = rq.send().await.unwrap();
    let status = res.status();
    let content_type = res
        .headers()
        .get("content-type")
        .and_then(|v| v.to_str().ok())
        .unwrap_or("")
        .to_string();
    let text = res.text().await.unwrap();
    assert!(
        content_type.starts_with("application/json"),
        "{status} answered {content_type:?}: {text}"
    );
    (status, serde_json::from_str(&text).unwrap())
}

fn gzip(parts: &[&[u8]], repeat_middle: usize) -> Vec<u8> {
    let mut e = GzEncoder::new(Vec::new(), Compression::fast());
    e.write_all(parts[0]).unwrap();
    for _ in 0..repeat_middle {
        e.write_all(parts[1]).unwrap();
    }
    e.write_all(parts[2]).unwrap();
    e.finish().unwrap()
}

fn error_code(body: &Value) -> &str {
    body["error"]["code"].as_str().unwrap_or("")
}

#[derive(QueryableByName)]
struct Count {
    #[diesel(sql_type = diesel::sql_types::BigInt)]
    n: i64,
}

fn count(app: &TestApp, table: &str) -> i64 {
    diesel::sql_query(format!("SELECT count(*) AS n FROM {table}"))
        .get_result::<Count>(&mut app.conn())
        .unwrap()
        .n
}

#[actix_web::test]
async fn a_gzip_bomb_is_refused_with_413_while_inflating_and_gzip_bodies_still_work() {
    let app = TestApp::spawn().await;
    let api = app.api();
    // 16 MiB of spaces inside a JSON array: ~16 KiB compressed, twice the 8 MiB limit inflated.
    let spaces = vec![b' '; 1 << 20];
    let bomb = gzip(&[b"{\"events\": [", &spaces, b"]}"], 16);
    assert!(bomb.len() < 200_000, "{}", bomb.len());
    let gz = [("content-type", "application/json"), ("content-encoding", "gzip")];
    let (status, body) = post_raw(&api, "/api/v1/events/ingest", &gz, bomb.clone()).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{body}");
    assert_eq!(error_code(&body), "payload_too_large");
    assert!(
        body["error"]["message"]
            .as_str()
            .unwrap()
            .contains("after decompression"),
        "{body}"
    );
    let (status, _) = post_raw(&api, "/api/v1/customers", &gz, bomb).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE);

    // A well-formed gzip body is read as usual; so is deflate.
    let json = br#"{"id": "cus_gz", "email": "gz@example.com", "name": "Gzip"}"#;
    let (status, body) = post_raw(&api, "/api/v1/customers", &gz, gzip(&[json, b"", b""], 0)).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    let mut z = flate2::write::ZlibEncoder::new(Vec::new(), Compression::fast());
    z.write_all(br#"{"id": "cus_z", "email": "z@example.com", "name": "Deflate"}"#)
        .unwrap();
    let deflate = [
        ("content-type", "application/json"),
        ("content-encoding", "deflate"),
    ];
    let (status, body) = post_raw(&api, "/api/v1/customers", &deflate, z.finish().unwrap()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    // Not what the header says: 400; an encoding we do not speak: 415.
    let (status, body) = post_raw(&api, "/api/v1/customers", &gz, json.to_vec()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{body}");
    let br = [("content-type", "application/json"), ("content-encoding", "br")];
    let (status, body) = post_raw(&api, "/api/v1/customers", &br, json.to_vec()).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{body}");
    assert_eq!(count(&app, "customers"), 2);
}

#[actix_web::test]
async fn nul_in_a_catalog_field_is_refused_naming_the_field_and_nothing_is_stored() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "cus_a").await;
    let meter = sum_meter(&api, "llm.tokens", "tokens").await;
    let plan = product(&api, "USD", &[(&meter, "0.50", "0")]).await;
    let cases: Vec<(&str, Value, &str)> = vec![
        (
            "/api/v1/customers",
            json!({"id": "cus_b", "email": "b@example.com", "name": "Bad\u{0}name"}),
            "name",
        ),
        (
            "/api/v1/customers",
            json!({"id": "cus_\u{0}", "email": "b@example.com", "name": "B"}),
            "id",
        ),
        (
            "/api/v1/meters",
            json!({"name": "M", "event_name": "ev\u{0}", "aggregation": {"type": "count"}, "measurement_unit": "calls"}),
            "event_name",
        ),
        (
            "/api/v1/meters",
            json!({"name": "M", "event_name": "ev", "aggregation": {"type": "sum", "key": "to\u{0}kens"}, "measurement_unit": "t"}),
            "aggregation.key",
        ),
        (
            "/api/v1/products",
            json!({"name": "P", "meters": [{"meter_id": format!("{meter}\u{0}"), "price_per_unit": "1", "free_threshold": "0"}]}),
            "meters[0].meter_id",
        ),
        (
            "/api/v1/subscriptions",
            json!({"customer_id": "cus_a\u{0}", "product_id": plan}),
            "customer_id",
        ),
        (
            "/api/v1/subscriptions",
            json!({"customer_id": "cus_a", "product_id": plan, "st\u{1}art": "2026-01-01"}),
            "st\\u{0001}art (a key)",
        ),
    ];
    for (path, body, field) in cases {
        let (status, answer) = api.post(path, &body).await;
        assert_eq!(status, StatusCode::BAD_REQUEST, "{path} {body}: {answer}");
        assert_eq!(error_code(&answer), "invalid_text", "{answer}");
        assert_eq!(answer["error"]["field"], field, "{answer}");
        assert!(
            answer["error"]["message"].as_str().unwrap().starts_with(field),
            "{answer}"
        );
    }
    let (status, answer) = api
        .send(
            reqwest::Method::PATCH,
            &format!("/api/v1/meters/{meter}"),
            &json!({"description": "nul \u{0} here"}),
        )
        .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(answer["error"]["field"], "description");
    assert_eq!(count(&app, "customers"), 1);
    assert_eq!(count(&app, "meters"), 1);
    assert_eq!(count(&app, "products"), 1);
    assert_eq!(count(&app, "subscriptions"), 0);
    let (_, m) = api.get(&format!("/api/v1/meters/{meter}")).await;
    assert!(!m["description"].as_str().unwrap_or("").contains('\0'));
}

#[actix_web::test]
async fn a_body_that_is_not_json_is_415_and_malformed_json_is_400_naming_line_and_column() {
    let app = TestApp::spawn().await;
    let api = app.api();
    let body = br#"{"id": "cus_a", "email": "a@example.com", "name": "A"}"#.to_vec();
    for ct in ["text/plain", "application/x-www-form-urlencoded"] {
        let (status, answer) =
            post_raw(&api, "/api/v1/customers", &[("content-type", ct)], body.clone()).await;
        assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{answer}");
        assert_eq!(error_code(&answer), "unsupported_media_type");
    }
    let (status, answer) = post_raw(&api, "/api/v1/events/ingest", &[], body.clone()).await;
    assert_eq!(status, StatusCode::UNSUPPORTED_MEDIA_TYPE, "{answer}");
    let json = [("content-type", "application/json")];
    let (status, answer) = post_raw(
        &api,
        "/api/v1/meters",
        &json,
        b"{\n  \"name\": \"M\",\n  oops\n}".to_vec(),
    )
    .await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(error_code(&answer), "bad_request");
    let message = answer["error"]["message"].as_str().unwrap();
    assert!(message.contains("line 3 column 3"), "{message}");
    let (status, answer) = post_raw(&api, "/api/v1/events/ingest", &json, b"{\"events\": [".to_vec()).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    // Well-formed JSON of the wrong shape: 422 naming the field.
    let (status, answer) = api
        .post("/api/v1/customers", &json!({"id": "c", "email": 5, "name": "A"}))
        .await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{answer}");
    assert_eq!(answer["error"]["field"], "email");
    assert_eq!(count(&app, "customers"), 0);
}

/// A multipart body by hand: (headers of the part, content) for each part.
fn multipart(parts: &[(String, Vec<u8>)]) -> Vec<u8> {
    let mut out = Vec::new();
    for (disposition, content) in parts {
        out.extend_from_slice(b"--XBOUNDARYX\r\nContent-Disposition: form-data; ");
        out.extend_from_slice(disposition.as_bytes());
        out.extend_from_slice(b"\r\n\r\n");
        out.extend_from_slice(content);
        out.extend_from_slice(b"\r\n");
    }
    out.extend_from_slice(b"--XBOUNDARYX--\r\n");
    out
}

const FORM: (&str, &str) = ("content-type", "multipart/form-data; boundary=XBOUNDARYX");
const CSV: &str = "timestamp,event_name,payload_customer_id,payload_tokens\n2026-01-02,llm.tokens,cus_a,5\n";

fn file_part(disposition_name: &str) -> (String, Vec<u8>) {
    (
        format!("name=\"file\"; {disposition_name}"),
        CSV.as_bytes().to_vec(),
    )
}

#[actix_web::test]
async fn upload_forms_have_a_total_cap_and_checked_names() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "cus_a").await;
    let meter = sum_meter(&api, "llm.tokens", "tokens").await;
    let path = format!("/api/v1/uploads?meter_id={meter}");
    let text = |name: &str, value: &[u8]| (format!("name=\"{name}\""), value.to_vec());

    // Too many fields, a text field too long, a request past the total cap: 413 before more is read.
    let mut parts: Vec<_> = (0..40).map(|i| text(&format!("f{i}"), b"x")).collect();
    parts.push(file_part("filename=\"u.csv\""));
    let (status, answer) = post_raw(&api, &path, &[FORM], multipart(&parts)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{answer}");
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("at most 16 fields"),
        "{answer}"
    );
    let parts = vec![text("note", &[b'x'; 5000]), file_part("filename=\"u.csv\"")];
    let (status, answer) = post_raw(&api, &path, &[FORM], multipart(&parts)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{answer}");
    let mut parts: Vec<_> = (0..8).map(|i| text(&format!("f{i}"), &[b'y'; 4000])).collect();
    parts.push(text("big", &vec![b'z'; 6 << 20]));
    let (status, answer) = post_raw(&api, &path, &[FORM], multipart(&parts)).await;
    assert_eq!(status, StatusCode::PAYLOAD_TOO_LARGE, "{answer}");
    assert!(
        answer["error"]["message"]
            .as_str()
            .unwrap()
            .contains("upload request is larger"),
        "{answer}"
    );

    // Names and values with what cannot be stored: 400 naming the field.
    let parts = vec![
        text("me\u{85}ter_id", meter.as_bytes()),
        file_part("filename=\"u.csv\""),
    ];
    let (status, answer) = post_raw(&api, &path, &[FORM], multipart(&parts)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(error_code(&answer), "invalid_text");
    assert!(
        answer["error"]["field"]
            .as_str()
            .unwrap()
            .contains("me\\u{0085}ter_id"),
        "{answer}"
    );
    // Raw bytes: a NUL cannot travel in a header written as text.
    let body = b"--XBOUNDARYX\r\nContent-Disposition: form-data; name=\"f\0\"\r\n\r\nv\r\n--XBOUNDARYX--\r\n"
        .to_vec();
    let (status, answer) = post_raw(&api, &path, &[FORM], body).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "a NUL in a field name: {answer}");
    let parts = vec![text("fixes", b"1\x002"), file_part("filename=\"u.csv\"")];
    let (status, answer) = post_raw(&api, &path, &[FORM], multipart(&parts)).await;
    assert_eq!(status, StatusCode::BAD_REQUEST, "{answer}");
    assert_eq!(answer["error"]["field"], "form field fixes", "{answer}");
    assert_eq!(count(&app, "uploads"), 0);

    // A file name with control characters (RFC 5987 form) is cleaned, not refused.
    let parts = vec![file_part("filename*=UTF-8''us%00age%01.csv")];
    let (status, answer) = post_raw(&api, &path, &[FORM], multipart(&parts)).await;
    assert_eq!(status, StatusCode::CREATED, "{answer}");
    assert_eq!(answer["file_name"], "usage.csv");
    assert_eq!(count(&app, "events"), 1);
}

#[actix_web::test]
async fn a_dry_run_answers_the_first_1000_rejected_rows_counts_by_reason_and_its_error_file_has_every_row() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "cus_a").await;
    let meter = sum_meter(&api, "llm.tokens", "tokens").await;
    let mut file = String::from("timestamp,event_name,payload_customer_id,payload_tokens\n");
    for i in 0..1500 {
        file.push_str(&match i % 5 {
            0..=2 => format!("2026-01-02,llm.tokens,nobody-{i},5\n"),
            3 => format!("2026-13-02,llm.tokens,cus_a,{i}\n"),
            _ => "2026-01-02,llm.tokens,cus_a,many\n".to_string(),
        });
    }
    for i in 0..10 {
        file.push_str(&format!("2026-01-02,llm.tokens,cus_a,{i}\n"));
    }
    let q = format!("meter_id={meter}&dry_run=true");
    let (status, dry) = api_upload(&api, &q, "bad.csv", file.as_bytes()).await;
    assert_eq!(status, StatusCode::OK, "{dry}");
    assert_eq!(dry["status"], "dry_run");
    assert_eq!(
        dry["rows"],
        json!({"total": 1510, "accepted": 10, "duplicates": 0, "rejected": 1500})
    );
    let inline = dry["rejected"].as_array().unwrap();
    assert_eq!(inline.len(), 1000);
    assert_eq!(inline[0]["row"], 2, "file order, line numbers");
    assert_eq!(inline[999]["row"], 1001);
    assert_eq!(
        dry["rejected_by_reason"],
        json!([
            {"code": "unknown_customer", "rows": 900},
            {"code": "invalid_timestamp", "rows": 300},
            {"code": "non_numeric_property", "rows": 300},
        ])
    );
    let id = dry["id"]
        .as_i64()
        .expect("a dry run with rejected rows keeps them");
    let url = format!("/api/v1/uploads/{id}/errors.csv");
    assert_eq!(dry["errors_url"], url);
    assert!(
        dry["note"].as_str().unwrap().contains("first 1000 of the 1500"),
        "{dry}"
    );
    assert_eq!(count(&app, "events"), 0, "a dry run stores no event");
    let res = api
        .client
        .get(api.url(&url))
        .bearer_auth(&api.key)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    let errors = res.text().await.unwrap();
    let lines: Vec<&str> = errors.lines().collect();
    assert_eq!(lines.len(), 1501, "the header and every rejected row");
    assert!(lines[0].ends_with(",error"), "{}", lines[0]);
    assert!(
        lines[1500].starts_with("2026-01-02,llm.tokens,cus_a,many,"),
        "{}",
        lines[1500]
    );

    // The portal shows it as an API dry run: no file to commit.
    let viewer = app.session(Role::Editor).await;
    let (status, page) = viewer.get_text(&format!("/uploads/{id}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("api-dry-run-note") && !page.contains("commit-upload"),
        "{page}"
    );
    let res = viewer.post(&format!("/uploads/{id}/commit"), &[]).await;
    assert_eq!(res.status(), StatusCode::SEE_OTHER);
    assert_eq!(count(&app, "events"), 0, "an API dry run cannot be committed");
}
