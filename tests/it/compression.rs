//! Responses are gzipped for clients that accept it: whole bodies (pages, assets, JSON) in one
//! piece with their length, streamed ones (exports) as a stream; what the client unpacks is
//! byte for byte what a client without gzip receives.

use std::io::Read as _;

use flate2::read::GzDecoder;
use meterdesk::auth::model::Role;
use reqwest::header::{ACCEPT_ENCODING, CONTENT_ENCODING, CONTENT_LENGTH, TRANSFER_ENCODING, VARY};

use crate::support::app::TestApp;

/// (Content-Encoding, Content-Length, Transfer-Encoding, Vary, body) of a GET.
async fn fetch(
    client: &reqwest::Client,
    url: &str,
    accept: Option<&str>,
) -> (Option<String>, Option<u64>, Option<String>, String, Vec<u8>) {
    let mut req = client.get(url);
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
