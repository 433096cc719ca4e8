//! Counts the state-changing requests this process handles, for the analytics page caches
//! ([`crate::analytics::cache`]): an entry computed before a write is never shown again.

use std::sync::Arc;

use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::Method;
use actix_web::middleware::Next;
use actix_web::{Error, web};

use crate::analytics::cache::Writes;
use crate::state::AppState;

/// Bumps the write generation after every request that may change state (anything but GET,
/// HEAD and OPTIONS), whatever its outcome, and also when the request is dropped half-way (the
/// client went away): its work may still commit, and the TTL covers a commit that lands after
/// the bump.
pub async fn note_writes(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let _bump = (!matches!(*req.method(), Method::GET | Method::HEAD | Method::OPTIONS))
        .then(|| {
            req.app_data::<web::Data<AppState>>()
                .map(|s| BumpOnDrop(s.writes.clone()))
        })
        .flatten();
    next.call(req).await
}

/// Bumps the generation when the request it guards ends, however it ends.
struct BumpOnDrop(Arc<Writes>);

impl Drop for BumpOnDrop {
    fn drop(&mut self) {
        self.0.bump();
    }
}
