//! Responses are gzipped for clients that accept it: whole bodies (pages, assets, JSON) in one
//! piece with their length, streamed ones (exports) as a stream; what the client unpacks is
//! byte for byte what a client without gzip receives.

use std::io::Read as _;

use flate2::read::GzDecoder;
use meterdesk::auth::model::Role;
use reqwest::header::{ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_LENGTH, TRANSFER_ENCODING, VARY};

use serde_json::json;

use crate::support::app::TestApp;
use crate::support::fixtures::{count_meter, customer, event, ingest};

/// (Content-Encoding, Content-Length, Transfer-Encoding, Vary, body) of a GET.
async fn fetch(
    client: &reqwest::Client,
    url: &str,
    accept: Option<&str>,
) -> (Option<String>, Option<u64>, Option<String>, String, Vec<u8>) {
    fetch_as(client, url, accept, None).await
}

/// [`fetch`] with an API key.
async fn fetch_as(
    client: &reqwest::Client,
    url: &str,
    accept: Option<&str>,
    key: Option<&str>,
) -> (Option<String>, Option<u64>, Option<String>, String, Vec<u8>) {
    let mut req = client.get(url);
    if let Some(k) = key {
        req = req.bearer_auth(k);
    }
    if let Some(a) = accept {
        req = req.header(ACCEPT_ENCODING, a);
    }
    let res = req.send().await.unwrap();
    assert!(res.status().is_success(), "GET {url}: {}", res.status());
    let header = |name| {
        res.headers()
            .get(name)
            .map(|v: &reqwest::header::HeaderValue| v.to_str().unwrap().to_string())
    };
    let encoding = header(CONTENT_ENCODING);
    let length = header(CONTENT_LENGTH).map(|v| v.parse().unwrap());
    let transfer = header(TRANSFER_ENCODING);
    let vary = header(VARY).unwrap_or_default();
    (
        encoding,
        length,
        transfer,
        vary,
        res.bytes().await.unwrap().to_vec(),
    )
}

fn gunzip(packed: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    GzDecoder::new(packed).read_to_end(&mut out).unwrap();
    out
}

#[actix_web::test]
async fn whole_bodies_are_gzipped_in_one_piece_and_unpack_to_the_plain_body() {
    let app = TestApp::spawn().await;
    let viewer = app.session(Role::Viewer).await;
    let anonymous = app.client();
    for (client, path) in [
        (&anonymous, "/static/css/app.css"),
        (&anonymous, "/login"),
        (&viewer.client, "/meters"),
    ] {
        let url = app.url(path);
        let (plain_enc, _, _, _, plain) = fetch(client, &url, None).await;
        assert_eq!(plain_enc, None, "{path}: no gzip unless asked for");
        let (enc, length, transfer, vary, packed) = fetch(client, &url, Some("gzip, deflate, br")).await;
        assert_eq!(enc.as_deref(), Some("gzip"), "{path}");
        assert_eq!(length, Some(packed.len() as u64), "{path}: sent with its length");
        assert_eq!(transfer, None, "{path}: not chunked");
        assert!(
            vary.to_ascii_lowercase().contains("accept-encoding"),
            "{path}: Vary {vary:?}"
        );
        assert!(
            packed.len() < plain.len(),
            "{path}: {} bytes packed from {}",
            packed.len(),
            plain.len()
        );
        let unpacked = gunzip(&packed);
        if path.starts_with("/static") {
            assert_eq!(unpacked, plain, "{path}");
        } else {
            // Pages carry a fresh CSRF token each time: the same page, token aside.
            assert!(
                unpacked.len().abs_diff(plain.len()) < 64,
                "{path}: {} bytes unpacked against {} plain",
                unpacked.len(),
                plain.len()
            );
            assert!(String::from_utf8(unpacked).unwrap().contains("</html>"), "{path}");
        }
        // A client that refuses gzip gets the body as it is.
        let (enc, _, _, _, body) = fetch(client, &url, Some("gzip;q=0, identity")).await;
        assert_eq!(enc, None, "{path}: gzip;q=0");
        assert!(!body.is_empty());
    }
}

/// A body past 32 KiB is compressed off the worker, and still sent whole with its length.
#[actix_web::test]
async fn a_large_whole_body_is_gzipped_in_one_piece_too() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "cus_big").await;
    count_meter(&api, "api.call").await;
    let note = "n".repeat(450);
    let events = (0..100)
        .map(|i| {
            event(
                &format!("big-{i}"),
                "cus_big",
                "api.call",
                json!({ "note": note }),
            )
        })
        .collect();
    ingest(&api, events).await;
    let url = app.url("/api/v1/events?limit=100");
    let client = reqwest::Client::new();
    let (_, _, _, _, plain) = fetch_as(&client, &url, None, Some(&api.key)).await;
    assert!(plain.len() > 40_000, "{}", String::from_utf8_lossy(&plain));
    let (enc, length, transfer, _, packed) = fetch_as(&client, &url, Some("gzip"), Some(&api.key)).await;
    assert_eq!(enc.as_deref(), Some("gzip"));
    assert_eq!(length, Some(packed.len() as u64));
    assert_eq!(transfer, None);
    assert_eq!(gunzip(&packed), plain);
}

#[actix_web::test]
async fn streamed_exports_stay_streams_and_are_gzipped_too() {
    let app = TestApp::spawn().await;
    let viewer = app.session(Role::Viewer).await;
    let url = app.url("/analytics/customers/export.csv?at=2024-03-20T00:00");
    let (_, _, _, _, plain) = fetch(&viewer.client, &url, None).await;
    let (enc, length, _, _, packed) = fetch(&viewer.client, &url, Some("gzip")).await;
    assert_eq!(enc.as_deref(), Some("gzip"));
    assert_eq!(length, None, "a stream has no length up front");
    assert_eq!(gunzip(&packed), plain);
}

/// A body sent again byte for byte reuses its gzip; a body that changed is compressed anew.
#[actix_web::test]
async fn a_body_sent_again_unpacks_to_what_is_sent_now() {
    let app = TestApp::spawn().await;
    let api = app.api();
    customer(&api, "cus_again").await;
    count_meter(&api, "api.call").await;
    let note = "a".repeat(300);
    let batch = |from: usize, to: usize| {
        (from..to)
            .map(|i| {
                event(
                    &format!("again-{i}"),
                    "cus_again",
                    "api.call",
                    json!({ "note": note }),
                )
            })
            .collect()
    };
    ingest(&api, batch(0, 20)).await;
    let url = app.url("/api/v1/events?limit=100");
    let client = reqwest::Client::new();
    let (_, _, _, _, before) = fetch_as(&client, &url, None, Some(&api.key)).await;
    // Compressed, then kept (seen twice), then reused: each unpacks to the plain body.
    for _ in 0..3 {
        let (enc, length, _, _, packed) = fetch_as(&client, &url, Some("gzip"), Some(&api.key)).await;
        assert_eq!(enc.as_deref(), Some("gzip"));
        assert_eq!(length, Some(packed.len() as u64));
        assert_eq!(gunzip(&packed), before);
    }
    ingest(&api, batch(20, 21)).await;
    let (_, _, _, _, after) = fetch_as(&client, &url, None, Some(&api.key)).await;
    assert_ne!(after, before);
    let (_, _, _, _, packed) = fetch_as(&client, &url, Some("gzip"), Some(&api.key)).await;
    assert_eq!(
        gunzip(&packed),
        after,
        "the new body, not the kept gzip of the old one"
    );
}
