//! The background closer of a serving process: at start and every minute, closes every cycle
//! that ended at least the grace period ago (`METERDESK_CLOSE_GRACE_MINUTES`). Every instance
//! runs one; the per-subscription lock and the unique constraint keep it to one statement per
//! cycle. Errors (a database outage) are logged and the next round tries again.

use std::time::Duration;

use chrono::Utc;

/// Time between two rounds.
pub const EVERY: Duration = Duration::from_secs(60);

pub async fn run_forever(pool: crate::db::DbPool, grace_minutes: u32) {
    loop {
        let until = Utc::now() - chrono::Duration::minutes(i64::from(grace_minutes));
        match crate::db::run(&pool, move |c| super::close_until(c, until)).await {
            Ok(made) if !made.is_empty() => {
                tracing::info!("closed {} billing cycles into statements", made.len())
            }
            Ok(_) => {}
            Err(e) => tracing::warn!("closing billing cycles: {}", crate::error::AppError::from(e)),
        }
        actix_web::rt::time::sleep(EVERY).await;
    }
}
