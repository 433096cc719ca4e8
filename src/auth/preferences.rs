//! An operator's own language and time zone, and the organisation's time zone. Each change
//! writes its audit row in the same transaction.

use diesel::Connection;
use serde_json::json;

use super::repo;
use crate::audit::{self, Actor};
use crate::db::Conn;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::installation;
use crate::tz::Tz;

/// Stores `id`'s language and time zone (`None`: follow the browser / the organisation).
pub fn set_own(
    conn: &mut Conn,
    actor: &Actor,
    id: i64,
    lang: Option<Lang>,
    zone: Option<Tz>,
) -> Result<(), AppError> {
    conn.transaction(|conn| {
        let (lang, zone) = (lang.map(Lang::code), zone.map(|z| z.name()));
        if repo::set_preferences(conn, id, lang, zone)? == 0 {
            return Err(AppError::not_found("No operator with this id."));
        }
        audit::record(
            conn,
            actor,
            "operator.preferences",
            "operator",
            &id.to_string(),
            json!({ "language": lang, "time_zone": zone }),
        )?;
        Ok(())
    })
}

/// Stores the organisation's time zone.
pub fn set_organisation_zone(conn: &mut Conn, actor: &Actor, zone: Tz) -> Result<(), AppError> {
    conn.transaction(|conn| {
        let before = installation::repo::time_zone(conn)?;
        installation::repo::set_time_zone(conn, zone.name())?;
        audit::record(
            conn,
            actor,
            "organisation.time_zone",
            "installation",
            "time_zone",
            json!({ "from": before, "to": zone.name() }),
        )?;
        Ok(())
    })
}
