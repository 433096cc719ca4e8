//! The operator's time zone, as the pages that follow it read it.
//!
//! One method, so that every page asks the same question: [`PageCtx::zone`]: the operator's
//! preference, else the organisation's zone, else UTC (see `web::locale`).
//!
//! For trying a zone before that, the analytics pages (overview, events) also take an optional
//! `tz` query parameter, an IANA name (`?tz=Asia/Kolkata`), through [`PageCtx::zone_or_query`];
//! a name that is not a zone is refused (400, naming the `tz` parameter).

use chrono_tz::Tz;

use super::chrome::PageCtx;
use crate::error::AppError;
use crate::tz::parse_zone;

impl PageCtx {
    /// The operator's time zone.
    pub fn zone(&self) -> Tz {
        self.locale.tz
    }

    /// The zone a `tz` query parameter names, or the operator's when there is none.
    pub fn zone_or_query(&self, tz: Option<&str>) -> Result<Tz, AppError> {
        match tz.map(str::trim).filter(|s| !s.is_empty()) {
            None => Ok(self.zone()),
            Some(name) => parse_zone(name).map_err(|e| AppError::BadRequest(format!("tz: {e}"))),
        }
    }
}
