//! Compresses a response whose body is already whole (a rendered page, a JSON answer, a
//! static asset) in one call, and sends it with its length: on the worker that made it when
//! it is small, on the blocking pool when it is large. The framework's `Compress` compresses
//! every chunk past 1 KiB on the blocking pool and streams the result chunked: a thread
//! hand-off per response, which cost a 16 KiB stylesheet five times its own serving (B5: 0.29
//! ms of server CPU per request with gzip, 0.05 ms without). Streamed bodies (exports,
//! downloads) are left to `Compress`, which this runs inside of. A body sent before byte for byte
//! reuses its gzip ([`super::packed`]).

use std::io::Write as _;

use actix_web::Error;
use actix_web::body::{BodySize, EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::StatusCode;
use actix_web::http::header::{self, AcceptEncoding, ContentEncoding, Encoding, Header as _, HeaderValue};
use actix_web::middleware::Next;
use actix_web::web::Bytes;
use flate2::Compression;
use flate2::write::GzEncoder;

/// Bodies shorter than this are sent as they are.
const SMALLEST: u64 = 1024;

/// Bodies shorter than this are compressed on the worker itself; larger ones (the customers
/// table's 190 KiB) on the blocking pool, in one piece.
const IN_PLACE: usize = 32 * 1024;

/// Gzips whole bodies for clients that accept gzip (and prefer it to sending as is).
pub async fn whole_bodies<B: MessageBody + 'static>(
    req: ServiceRequest,
    next: Next<B>,
) -> Result<ServiceResponse<EitherBody<B, Bytes>>, Error> {
    let wants = wants_gzip(&req);
    let res = next.call(req).await?;
    if !wants || !compressible(&res) {
        return Ok(res.map_into_left_body());
    }
    let (req, res) = res.into_parts();
    let (mut res, body) = res.into_parts();
    let body = match body.try_into_bytes() {
        Ok(bytes) => bytes,
        Err(body) => return Ok(ServiceResponse::new(req, res.set_body(body).map_into_left_body())),
    };
    let key = super::packed::key(&body);
    let packed = match super::packed::find(key, &body) {
        Some(kept) => kept,
        None => match compress(&body).await {
            Ok(packed) => {
                super::packed::keep(key, body, packed.clone());
                packed
            }
            // Writing into memory does not fail; if it did, the body goes as it is.
            Err(_) => {
                return Ok(ServiceResponse::new(
                    req,
                    res.set_body(body).map_into_right_body(),
                ));
            }
        },
    };
    let headers = res.headers_mut();
    headers.insert(header::CONTENT_ENCODING, ContentEncoding::Gzip.to_header_value());
    headers.append(header::VARY, HeaderValue::from_static("accept-encoding"));
    Ok(ServiceResponse::new(
        req,
        res.set_body(packed).map_into_right_body(),
    ))
}

/// `body` gzipped: on the worker when it is small; a large page goes to the blocking pool in one
/// piece, since compressing it here would hold this worker's other requests (ingests among them)
/// for as long.
async fn compress(body: &Bytes) -> std::io::Result<Bytes> {
    if body.len() < IN_PLACE {
        return gzip(body);
    }
    let whole = body.clone();
    actix_web::web::block(move || gzip(&whole))
        .await
        .unwrap_or_else(|_| Err(std::io::Error::other("the compression thread stopped")))
}

/// `body` gzipped at the framework's level (fast).
fn gzip(body: &[u8]) -> std::io::Result<Bytes> {
    let mut gz = GzEncoder::new(Vec::with_capacity(body.len() / 4 + 64), Compression::fast());
    gz.write_all(body)?;
    gz.finish().map(Bytes::from)
}

/// Whether the request's `Accept-Encoding` picks gzip over sending the body as it is.
fn wants_gzip(req: &ServiceRequest) -> bool {
    let Ok(accept) = AcceptEncoding::parse(req) else {
        return false;
    };
    let supported = [Encoding::gzip(), Encoding::identity()];
    accept.negotiate(supported.iter()) == Some(Encoding::gzip())
}

/// A whole body worth compressing: large enough, not encoded yet, of a textual type.
fn compressible<B: MessageBody>(res: &ServiceResponse<B>) -> bool {
    let status = res.status();
    if matches!(
        status,
        StatusCode::NO_CONTENT | StatusCode::PARTIAL_CONTENT | StatusCode::NOT_MODIFIED
    ) || res.headers().contains_key(header::CONTENT_ENCODING)
    {
        return false;
    }
    if !matches!(res.response().body().size(), BodySize::Sized(n) if n >= SMALLEST) {
        return false;
    }
    let Some(kind) = res
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
    else {
        return false;
    };
    let kind = kind.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    kind.starts_with("text/")
        || ["json", "javascript", "xml", "svg"]
            .iter()
            .any(|t| kind.contains(t))
}
