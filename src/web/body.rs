//! Reading a request body with a bound on memory: the raw payload (no automatic
//! decompression) is read with a cap on the bytes received, and a `Content-Encoding: gzip` or
//! `deflate` body is inflated as it arrives into a buffer that stops the moment the *inflated*
//! size passes the limit. A request never holds more than about the limit plus one chunk, so
//! a small compressed "bomb" is refused after inflating `limit` bytes, not its whole content.

use std::io::Write;

use actix_web::HttpRequest;
use actix_web::http::header::{CONTENT_ENCODING, CONTENT_LENGTH};
use actix_web::web::Bytes;
use flate2::write::{GzDecoder, ZlibDecoder};
use futures_util::StreamExt;

use crate::error::AppError;

/// How a body is encoded on the wire.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Encoding {
    Identity,
    Gzip,
    Deflate,
}

/// The body's `Content-Encoding`: none, `identity`, `gzip` (or `x-gzip`) or `deflate`; any
/// other (or a chain of two) is refused with 415.
pub fn encoding(req: &HttpRequest) -> Result<Encoding, AppError> {
    let mut found = Encoding::Identity;
    for value in req.headers().get_all(CONTENT_ENCODING) {
        let text = value.to_str().map_err(|_| unsupported("(not text)"))?;
        for coding in text.split(',').map(str::trim).filter(|c| !c.is_empty()) {
            let this = match coding.to_ascii_lowercase().as_str() {
                "identity" => continue,
                "gzip" | "x-gzip" => Encoding::Gzip,
                "deflate" => Encoding::Deflate,
                _ => return Err(unsupported(coding)),
            };
            if found != Encoding::Identity {
                return Err(unsupported(text));
            }
            found = this;
        }
    }
    Ok(found)
}

fn unsupported(coding: &str) -> AppError {
    AppError::UnsupportedMediaType(format!(
        "The Content-Encoding {:?} is not supported: send the body uncompressed, or compressed once with gzip or deflate.",
        crate::text::printable(coding)
    ))
}

/// 413 for a body past `limit` bytes (inflated, when it came compressed).
pub fn too_large(limit: usize) -> AppError {
    AppError::PayloadTooLarge(format!(
        "The request body is larger than {limit} bytes (after decompression). Send fewer items per request."
    ))
}

fn unreadable(e: impl std::fmt::Display) -> AppError {
    AppError::BadRequest(format!("The request body could not be read: {e}."))
}

fn undecodable(e: impl std::fmt::Display) -> AppError {
    AppError::BadRequest(format!(
        "The request body could not be decompressed as its Content-Encoding says: {e}."
    ))
}

/// The error a full [`Capped`] answers (the inflaters pass it on).
const OVERFLOW: &str = "the body passed its size limit";

/// A buffer that takes at most `limit` bytes; past that, writes fail and `overflowed` is set.
struct Capped {
    buf: Vec<u8>,
    limit: usize,
    overflowed: bool,
}

impl Write for Capped {
    fn write(&mut self, data: &[u8]) -> std::io::Result<usize> {
        if self.buf.len() + data.len() > self.limit {
            self.overflowed = true;
            return Err(std::io::Error::other(OVERFLOW));
        }
        let needed = self.buf.len() + data.len();
        if needed > self.buf.capacity() {
            // Grow by doubling, but never past the limit.
            let target = (self.buf.capacity() * 2)
                .max(needed)
                .max(8 * 1024)
                .min(self.limit);
            self.buf.reserve_exact(target - self.buf.len());
        }
        self.buf.extend_from_slice(data);
        Ok(data.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Where the received bytes go: straight into the buffer, or through an inflater into it.
enum Sink {
    Identity(Capped),
    Gzip(Box<GzDecoder<Capped>>),
    Deflate(Box<ZlibDecoder<Capped>>),
}

impl Sink {
    fn new(encoding: Encoding, limit: usize, expected: Option<usize>) -> Sink {
        // Reserve what the sender announced (never past the limit); compressed bodies grow.
        let reserve = match encoding {
            Encoding::Identity => expected.unwrap_or(0).min(limit),
            _ => 0,
        };
        let out = Capped {
            buf: Vec::with_capacity(reserve),
            limit,
            overflowed: false,
        };
        match encoding {
            Encoding::Identity => Sink::Identity(out),
            Encoding::Gzip => Sink::Gzip(Box::new(GzDecoder::new(out))),
            Encoding::Deflate => Sink::Deflate(Box::new(ZlibDecoder::new(out))),
        }
    }

    fn out(&self) -> &Capped {
        match self {
            Sink::Identity(c) => c,
            Sink::Gzip(d) => d.get_ref(),
            Sink::Deflate(d) => d.get_ref(),
        }
    }

    /// Feeds received bytes. The inflaters hand on their output in small pieces, so the
    /// buffer stops at the limit however much one chunk would inflate to.
    fn feed(&mut self, mut chunk: &[u8]) -> Result<(), AppError> {
        let limit = self.out().limit;
        while !chunk.is_empty() {
            let written = match self {
                Sink::Identity(c) => c.write(chunk),
                Sink::Gzip(d) => d.write(chunk),
                Sink::Deflate(d) => d.write(chunk),
            };
            match written {
                Ok(0) => {
                    return Err(undecodable(
                        "there are bytes after the end of the compressed data",
                    ));
                }
                Ok(n) => chunk = &chunk[n..],
                Err(_) if self.out().overflowed => return Err(too_large(limit)),
                Err(e) => return Err(undecodable(e)),
            }
        }
        Ok(())
    }

    fn finish(self) -> Result<Vec<u8>, AppError> {
        let limit = self.out().limit;
        // `try_finish` hands on the inflater's last output; then the buffer is taken out.
        let result = match self {
            Sink::Identity(c) => Ok(c),
            Sink::Gzip(mut d) => match d.try_finish() {
                Ok(()) => d.finish(),
                Err(e) => Err(e),
            },
            Sink::Deflate(mut d) => match d.try_finish() {
                Ok(()) => d.finish(),
                Err(e) => Err(e),
            },
        };
        match result {
            Ok(c) if c.overflowed => Err(too_large(limit)),
            Ok(c) => Ok(c.buf),
            Err(e) if e.kind() == std::io::ErrorKind::Other && e.to_string() == OVERFLOW => {
                Err(too_large(limit))
            }
            Err(e) => Err(undecodable(e)),
        }
    }
}

/// Reads the whole body of `req` from its raw `payload`, inflating it as its
/// `Content-Encoding` says, into at most `limit` bytes: 413 as soon as the body (as received,
/// or once inflated) passes `limit`, 415 for an unknown encoding, 400 for a body that is not
/// what its encoding says.
pub async fn read(
    req: &HttpRequest,
    mut payload: actix_web::dev::Payload,
    limit: usize,
) -> Result<Bytes, AppError> {
    let encoding = encoding(req)?;
    let expected = req
        .headers()
        .get(CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.trim().parse::<usize>().ok());
    if expected.is_some_and(|n| n > limit) {
        return Err(too_large(limit));
    }
    let mut sink = Sink::new(encoding, limit, expected);
    let mut received = 0usize;
    while let Some(chunk) = payload.next().await {
        let chunk = chunk.map_err(unreadable)?;
        received += chunk.len();
        // What the sender sends counts too: compressed bytes are never more than the limit.
        if received > limit {
            return Err(too_large(limit));
        }
        sink.feed(&chunk)?;
    }
    sink.finish().map(Bytes::from)
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;
    use flate2::Compression;
    use flate2::write::{GzEncoder, ZlibEncoder};

    fn gzip(data: &[u8]) -> Vec<u8> {
        let mut e = GzEncoder::new(Vec::new(), Compression::default());
        e.write_all(data).unwrap();
        e.finish().unwrap()
    }

    fn feed_all(encoding: Encoding, limit: usize, body: &[u8]) -> Result<Vec<u8>, AppError> {
        let mut sink = Sink::new(encoding, limit, None);
        for chunk in body.chunks(1000) {
            sink.feed(chunk)?;
        }
        sink.finish()
    }

    #[test]
    fn inflates_gzip_and_deflate_within_the_limit() {
        let data = b"{\"a\": 1}".repeat(100);
        assert_eq!(feed_all(Encoding::Gzip, 800, &gzip(&data)).unwrap(), data);
        let mut z = ZlibEncoder::new(Vec::new(), Compression::default());
        z.write_all(&data).unwrap();
        assert_eq!(
            feed_all(Encoding::Deflate, 800, &z.finish().unwrap()).unwrap(),
            data
        );
        assert_eq!(feed_all(Encoding::Identity, 800, &data).unwrap(), data);
    }

    #[test]
    fn stops_at_the_limit_while_inflating() {
        // 64 MiB of zeros compress to ~64 KiB; the buffer must stop at the limit.
        let bomb = gzip(&vec![0u8; 64 << 20]);
        assert!(bomb.len() < 100_000);
        let mut sink = Sink::new(Encoding::Gzip, 1 << 20, None);
        let mut refused = None;
        for chunk in bomb.chunks(16 * 1024) {
            if let Err(e) = sink.feed(chunk) {
                refused = Some(e);
                break;
            }
            assert!(sink.out().buf.capacity() <= 2 << 20, "held past the limit");
        }
        assert!(
            matches!(refused, Some(AppError::PayloadTooLarge(_))),
            "{refused:?}"
        );
        assert!(matches!(
            feed_all(Encoding::Identity, 10, b"01234567890"),
            Err(AppError::PayloadTooLarge(_))
        ));
        assert_eq!(feed_all(Encoding::Identity, 10, b"0123456789").unwrap().len(), 10);
    }

    #[test]
    fn broken_compressed_bodies_are_bad_requests() {
        let good = gzip(b"hello");
        assert!(matches!(
            feed_all(Encoding::Gzip, 100, b"not gzip at all"),
            Err(AppError::BadRequest(_))
        ));
        assert!(matches!(
            feed_all(Encoding::Gzip, 100, &good[..good.len() - 4]),
            Err(AppError::BadRequest(_))
        ));
        let mut trailing = good.clone();
        trailing.extend_from_slice(b"junk");
        assert!(matches!(
            feed_all(Encoding::Gzip, 100, &trailing),
            Err(AppError::BadRequest(_))
        ));
    }

    #[test]
    fn encodings_are_read_from_the_header() {
        let with = |v: &str| {
            encoding(
                &TestRequest::default()
                    .insert_header((CONTENT_ENCODING, v))
                    .to_http_request(),
            )
        };
        assert_eq!(
            encoding(&TestRequest::default().to_http_request()).unwrap(),
            Encoding::Identity
        );
        assert_eq!(with("GZIP").unwrap(), Encoding::Gzip);
        assert_eq!(with("x-gzip").unwrap(), Encoding::Gzip);
        assert_eq!(with("identity, deflate").unwrap(), Encoding::Deflate);
        assert!(matches!(with("br"), Err(AppError::UnsupportedMediaType(_))));
        assert!(matches!(
            with("gzip, gzip"),
            Err(AppError::UnsupportedMediaType(_))
        ));
    }
}
