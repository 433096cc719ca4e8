//! The portal's shared web pieces: routing, page chrome, assets, template filters.

pub mod assets;
pub mod body;
pub mod boundary;
pub mod chrome;
pub mod extract;
pub mod filters;
pub mod home;
pub mod json;
pub mod negotiate;
pub mod panics;
pub mod router;

use router::Router;

pub fn register(r: &mut Router<'_>) {
    r.get("/", home::dashboard)
        .get("/healthz", home::healthz)
        .get("/favicon.ico", assets::favicon)
        .get("/static/{path:.*}", assets::serve);
}
