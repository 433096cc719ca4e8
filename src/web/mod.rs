//! The HTTP toolkit under the portal and the API: routing, the gate, page chrome, extractors,
//! body reading, content negotiation, downloads, assets and template filters.

pub mod assets;
pub mod body;
pub mod boundary;
pub mod chrome;
pub mod download;
pub mod error_page;
pub mod error_words;
pub mod extract;
pub mod filters;
pub mod flash;
pub mod gate;
pub mod gzip;
pub mod health;
pub mod json;
pub mod lanes;
pub mod locale;
pub mod multipart;
pub mod negotiate;
pub mod packed;
pub mod panics;
pub mod router;
pub mod writes;
pub mod zone;

use router::Router;

pub fn register(r: &mut Router<'_>) {
    r.get("/healthz", health::healthz)
        .get("/favicon.ico", assets::favicon)
        .get("/static/{path:.*}", assets::serve);
}
