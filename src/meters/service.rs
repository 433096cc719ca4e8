//! Creating, editing, archiving meters; each change audited in its transaction.

use diesel::Connection;
use serde_json::{Value, json};

use super::model::{Definition, Meter, MeterRow, MeterStatus, ValidMeter};
use super::repo;
use super::rollups;
use crate::audit;
use crate::audit::Actor;
use crate::db::Conn;
use crate::error::AppError;
use crate::ids::new_id;
use crate::metering::Filter;
use crate::validation::{FieldErrors, InputError};

pub fn not_found(id: &str) -> AppError {
    AppError::not_found(format!("No meter with the id {id}."))
}

fn load(row: MeterRow) -> Result<Meter, AppError> {
    Meter::from_row(row).map_err(AppError::internal)
}

pub fn get(conn: &mut Conn, id: &str) -> Result<Meter, AppError> {
    load(repo::find(conn, id)?.ok_or_else(|| not_found(id))?)
}

fn definition_json(d: &Definition) -> Value {
    json!({
        "event_name": d.event_name,
        "aggregation": { "type": d.aggregation.kind().as_str(), "key": d.aggregation.key() },
        "filter": d.filter.as_ref().map(Filter::to_json),
    })
}

pub fn create(conn: &mut Conn, actor: &Actor, m: &ValidMeter) -> Result<Meter, AppError> {
    create_with_keys(conn, actor, m, None)
}

/// Creates a meter; with `keys` (customer key, value key of a count meter), Stripe's meter
/// events find the customer and value in their payload under those keys.
pub fn create_with_keys(
    conn: &mut Conn,
    actor: &Actor,
    m: &ValidMeter,
    keys: Option<(&str, Option<&str>)>,
) -> Result<Meter, AppError> {
    conn.transaction(|conn| {
        let row = repo::insert(conn, &new_id("mtr"), m)?;
        let meter = load(row)?;
        if let Some((customer_key, value_key)) = keys {
            repo::set_payload_keys(conn, &meter.row.id, customer_key, value_key)?;
        }
        // Events stored before the meter existed count too.
        rollups::repo::rebuild(conn, &meter)?;
        let mut details =
            json!({ "name": m.name, "unit": m.unit, "definition": definition_json(&m.definition) });
        if let Some((customer_key, value_key)) = keys {
            details["payload_keys"] = json!({ "customer": customer_key, "value": value_key });
        }
        audit::record(conn, actor, "meter.create", "meter", &meter.row.id, details)?;
        Ok(meter)
    })
}

/// Saves a full edit. A change to what the meter counts bumps its definition version, so
/// its usage is recomputed from the stored events.
pub fn update(conn: &mut Conn, actor: &Actor, id: &str, m: &ValidMeter) -> Result<Meter, AppError> {
    conn.transaction(|conn| {
        let before = load(repo::find_for_update(conn, id)?.ok_or_else(|| not_found(id))?)?;
        let old_definition = Definition {
            event_name: before.row.event_name.clone(),
            aggregation: before.aggregation.clone(),
            filter: before.filter.clone(),
        };
        let changed = old_definition != m.definition;
        let meter = load(repo::update(conn, id, m, changed)?)?;
        if changed {
            rollups::repo::rebuild(conn, &meter)?;
        }
        audit::record(
            conn,
            actor,
            "meter.update",
            "meter",
            id,
            json!({
                "before": { "name": before.row.name, "unit": before.row.unit, "definition": definition_json(&old_definition) },
                "after": { "name": m.name, "unit": m.unit, "definition": definition_json(&m.definition) },
                "definition_changed": changed,
            }),
        )?;
        Ok(meter)
    })
}

/// The API's PATCH: only name, description and unit.
pub fn patch(
    conn: &mut Conn,
    actor: &Actor,
    id: &str,
    name: Option<&str>,
    description: Option<&str>,
    unit: Option<&str>,
) -> Result<Meter, InputError> {
    conn.transaction(|conn| {
        let current = load(repo::find_for_update(conn, id)?.ok_or_else(|| not_found(id))?)?;
        let mut errors = FieldErrors::new();
        let pick = |v: Option<&str>, old: &str| v.unwrap_or(old).to_string();
        let name = crate::validation::required_text(&mut errors, "name", &pick(name, &current.row.name), "a name", 200);
        let description = crate::validation::optional_text(&mut errors, "description", &pick(description, &current.row.description), 2000);
        let unit = crate::validation::required_text(&mut errors, "measurement_unit", &pick(unit, &current.row.unit), "a unit", 50);
        if !errors.is_empty() {
            return Err(InputError::Invalid(errors));
        }
        let valid = ValidMeter {
            name,
            description,
            unit,
            definition: Definition {
                event_name: current.row.event_name.clone(),
                aggregation: current.aggregation.clone(),
                filter: current.filter.clone(),
            },
        };
        let row = repo::update(conn, id, &valid, false)?;
        audit::record(
            conn,
            actor,
            "meter.update",
            "meter",
            id,
            json!({
                "before": { "name": current.row.name, "description": current.row.description, "unit": current.row.unit },
                "after": { "name": valid.name, "description": valid.description, "unit": valid.unit },
                "definition_changed": false,
            }),
        )?;
        Ok(load(row)?)
    })
}

/// Archives (takes no new events, keeps its data) or reactivates a meter.
pub fn set_archived(conn: &mut Conn, actor: &Actor, id: &str, archived: bool) -> Result<Meter, AppError> {
    conn.transaction(|conn| {
        let current = repo::find_for_update(conn, id)?.ok_or_else(|| not_found(id))?;
        let status = if archived {
            MeterStatus::Archived
        } else {
            MeterStatus::Active
        };
        if current.status == status.as_str() {
            return load(current);
        }
        let meter = load(repo::set_archived(conn, id, archived)?)?;
        if !archived {
            // Catch up with the events received while it was archived.
            rollups::repo::rebuild(conn, &meter)?;
        }
        let action = if archived {
            "meter.archive"
        } else {
            "meter.unarchive"
        };
        audit::record(
            conn,
            actor,
            action,
            "meter",
            id,
            json!({ "name": meter.row.name }),
        )?;
        Ok(meter)
    })
}
