//! Edges of the CSV and timestamp doors, over HTTP: bare CR line ends and line ends inside
//! quoted cells store every row under its own line number; a NUL rejects only its row; a
//! timestamp written with non-ASCII digits or an emoji is refused with a reason, never a 500.

use diesel::prelude::*;
use meterdesk::auth::model::Role;
use meterdesk::db::schema::{events, upload_rejects};
use reqwest::StatusCode;
use serde_json::{Value, json};

use crate::support::app::Api;
use crate::support::fixtures::ingest;
use crate::uploads_support::{GOOD, api_upload, rollup_sum, setup};

const HEADER: &str = "timestamp,event_name,payload_customer_id,payload_tokens";

/// The stored events of an upload: (line, customer, metadata), by line.
fn rows_of(app: &crate::support::app::TestApp, upload: i64) -> Vec<(i32, String, Value)> {
    events::table
        .filter(events::upload_id.eq(upload))
        .order(events::upload_row.asc())
        .select((events::upload_row, events::customer_id, events::metadata))
        .load::<(Option<i32>, String, Value)>(&mut app.conn())
        .unwrap()
        .into_iter()
        .map(|(line, c, m)| (line.unwrap(), c, m))
        .collect()
}

fn rejects_of(app: &crate::support::app::TestApp, upload: i64) -> Vec<(i32, String, String)> {
    upload_rejects::table
        .filter(upload_rejects::upload_id.eq(upload))
        .order(upload_rejects::row_number.asc())
        .select((
            upload_rejects::row_number,
            upload_rejects::code,
            upload_rejects::error,
        ))
        .load(&mut app.conn())
        .unwrap()
}

async fn error_file(api: &Api, body: &Value) -> String {
    let res = api
        .client
        .get(api.url(body["errors_url"].as_str().unwrap()))
        .bearer_auth(&api.key)
        .send()
        .await
        .unwrap();
    assert_eq!(res.status(), StatusCode::OK);
    res.text().await.unwrap()
}

#[actix_web::test]
async fn a_bare_cr_file_stores_every_row_under_its_own_line() {
    let s = setup().await;
    let q = format!("meter_id={}", s.tokens);
    let (status, body) = api_upload(&s.api, &q, "mac.csv", GOOD.replace('\n', "\r").as_bytes()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["status"], "succeeded");
    assert_eq!(body["rows"]["accepted"], 5);
    assert_eq!(rollup_sum(&s.app, &s.tokens), "1005");
    let lines: Vec<i32> = rows_of(&s.app, body["id"].as_i64().unwrap())
        .iter()
        .map(|r| r.0)
        .collect();
    assert_eq!(lines, [2, 3, 4, 5, 6]);

    // Rejected rows are stored by line too: two of them once collided on the same line.
    let file = format!(
        "{HEADER}\r2024-13-01,llm.tokens,cus_a,1\r\r2024-09-23,llm.tokens,nobody,1\r2024-09-23,llm.tokens,cus_b,7\r"
    );
    let (status, body) = api_upload(&s.api, &q, "mac-bad.csv", file.as_bytes()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["status"], "partially_failed", "{body}");
    assert_eq!(
        body["rows"],
        json!({"total": 3, "accepted": 1, "duplicates": 0, "rejected": 2})
    );
    let id = body["id"].as_i64().unwrap();
    let rejects = rejects_of(&s.app, id);
    assert_eq!(
        rejects.iter().map(|r| (r.0, r.1.as_str())).collect::<Vec<_>>(),
        [(2, "invalid_timestamp"), (4, "unknown_customer")]
    );
    assert_eq!(rows_of(&s.app, id)[0].0, 5);
    let errors = error_file(&s.api, &body).await;
    assert!(
        errors.contains("row 2: ") && errors.contains("row 4: "),
        "{errors}"
    );
}

#[actix_web::test]
async fn line_ends_inside_quoted_cells_are_kept_and_counted() {
    let s = setup().await;
    let file = format!(
        "{HEADER},payload_note\r\n\
         2024-09-23,llm.tokens,cus_a,1,\"one\rtwo\"\r\n\
         2024-09-23,llm.tokens,cus_a,2,\"three\r\nfour\nfive\"\r\
         2024-09-23,llm.tokens,cus_b,3,plain\n"
    );
    let (status, body) = api_upload(
        &s.api,
        &format!("meter_id={}", s.tokens),
        "quoted.csv",
        file.as_bytes(),
    )
    .await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["status"], "succeeded", "{body}");
    let rows = rows_of(&s.app, body["id"].as_i64().unwrap());
    let got: Vec<(i32, Value)> = rows.into_iter().map(|(l, _, m)| (l, m["note"].clone())).collect();
    assert_eq!(
        got,
        [
            (2, json!("one\rtwo")),
            (4, json!("three\r\nfour\nfive")),
            (7, json!("plain"))
        ]
    );
    assert_eq!(rollup_sum(&s.app, &s.tokens), "6");
}

#[actix_web::test]
async fn a_nul_cell_rejects_its_row_alone_and_the_error_file_names_it() {
    let s = setup().await;
    let q = format!("meter_id={}", s.tokens);
    let file = format!(
        "{HEADER},payload_region\n\
         2024-09-23,llm.tokens,cus_a,100,eu\n\
         2024-09-23,llm.tokens,cus_a,200,eu\0west\n\
         2024-09-23,llm.tokens,cus_b,300,us\n"
    );
    let message = "payload_region contains a NUL character (U+0000) at character 3; remove it";

    let (status, dry) = api_upload(&s.api, &format!("{q}&dry_run=true"), "nul.csv", file.as_bytes()).await;
    assert_eq!(status, StatusCode::OK, "{dry}");
    assert_eq!(
        dry["rows"],
        json!({"total": 3, "accepted": 2, "duplicates": 0, "rejected": 1})
    );
    assert_eq!(
        dry["rejected"],
        json!([{"row": 3, "code": "invalid_text", "message": message}])
    );

    let (status, body) = api_upload(&s.api, &q, "nul.csv", file.as_bytes()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["status"], "partially_failed", "{body}");
    assert_eq!(body["rows"]["accepted"], 2);
    assert_eq!(rollup_sum(&s.app, &s.tokens), "400");
    let id = body["id"].as_i64().unwrap();
    assert_eq!(
        rejects_of(&s.app, id),
        [(3, "invalid_text".to_owned(), message.to_owned())]
    );
    let errors = error_file(&s.api, &body).await;
    let line = errors.lines().nth(1).unwrap();
    assert_eq!(
        line,
        format!("2024-09-23,llm.tokens,cus_a,200,eu\u{fffd}west,row 3: {message}"),
        "the cell shows where the NUL was; the file holds no NUL"
    );

    // A control character in a header cell refuses the file, naming the column.
    let file = format!("{HEADER},payload_re\u{1}gion\n2024-09-23,llm.tokens,cus_a,1,eu\n");
    let (status, body) = api_upload(&s.api, &q, "ctl.csv", file.as_bytes()).await;
    assert!(status.is_client_error(), "{status} {body}");
    let text = body.to_string();
    assert!(
        text.contains("payload_re\\\\u{0001}gion") && text.contains("U+0001"),
        "{text}"
    );

    // A file that is mostly NULs (UTF-16) is refused whole.
    let utf16: Vec<u8> = GOOD.encode_utf16().flat_map(u16::to_le_bytes).collect();
    let (status, body) = api_upload(&s.api, &q, "utf16.csv", &utf16).await;
    assert!(status.is_client_error(), "{status} {body}");
    assert!(body.to_string().contains("not UTF-8"), "{body}");
}

#[actix_web::test]
async fn non_ascii_timestamps_are_refused_with_a_reason_on_every_door() {
    let s = setup().await;
    let bad = ["２０２６-01-01", "2026-11-0🙂"];
    let recent = (chrono::Utc::now() - chrono::Duration::hours(1)).to_rfc3339();

    // Ingest: the bad events are rejected alone, naming the timestamp; the good one is stored.
    let mut batch = vec![
        json!({"event_id": "good", "customer_id": "cus_a", "event_name": "llm.tokens",
               "timestamp": recent, "metadata": {"tokens": 5}}),
    ];
    for (i, t) in bad.iter().enumerate() {
        batch.push(
            json!({"event_id": format!("bad{i}"), "customer_id": "cus_a", "event_name": "llm.tokens",
                          "timestamp": t, "metadata": {"tokens": 1}}),
        );
    }
    let body = ingest(&s.api, batch).await;
    assert_eq!(body["ingested"], 1, "{body}");
    let rejected = body["rejected"].as_array().unwrap();
    assert_eq!(rejected.len(), 2, "{body}");
    assert!(
        rejected.iter().all(|r| r["code"] == "invalid_timestamp"),
        "{body}"
    );
    let m0 = rejected[0]["message"].as_str().unwrap();
    assert!(
        m0.starts_with("timestamp: ") && m0.contains("use ASCII digits"),
        "{m0}"
    );
    let m1 = rejected[1]["message"].as_str().unwrap();
    assert!(m1.starts_with("timestamp: ") && m1.contains("🙂"), "{m1}");

    // Manual entry: the form answers 422 with the reason under the timestamp.
    let editor = s.app.session(Role::Editor).await;
    for t in bad {
        let (status, page) = editor
            .post_text(
                &format!("/meters/{}/usage", s.tokens),
                &[("customer_id", "cus_a"), ("value", "1"), ("timestamp", t)],
            )
            .await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{t}");
        assert!(
            page.contains("which no timestamp holds") || page.contains("use ASCII digits"),
            "{page}"
        );
    }

    // Uploads and dry runs: the rows are rejected with the reason, the others go in.
    let q = format!("meter_id={}", s.tokens);
    let file = format!(
        "{HEADER}\n{},llm.tokens,cus_a,1\n2024-09-23,llm.tokens,cus_a,2\n{},llm.tokens,cus_b,3\n",
        bad[0], bad[1]
    );
    let (status, dry) = api_upload(&s.api, &format!("{q}&dry_run=true"), "ts.csv", file.as_bytes()).await;
    assert_eq!(status, StatusCode::OK, "{dry}");
    let rows: Vec<(u64, String)> = dry["rejected"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["row"].as_u64().unwrap(), r["code"].as_str().unwrap().to_owned()))
        .collect();
    assert_eq!(
        rows,
        [
            (2, "invalid_timestamp".to_owned()),
            (4, "invalid_timestamp".to_owned())
        ]
    );
    assert!(
        dry["rejected"][0]["message"]
            .as_str()
            .unwrap()
            .contains("use ASCII digits"),
        "{dry}"
    );
    let (status, body) = api_upload(&s.api, &q, "ts.csv", file.as_bytes()).await;
    assert_eq!(status, StatusCode::CREATED, "{body}");
    assert_eq!(body["rows"]["accepted"], 1, "{body}");
    assert_eq!(body["rows"]["rejected"], 2, "{body}");
}
