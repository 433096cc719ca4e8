//! Creating and editing customers, each change audited in its transaction.

use diesel::Connection;
use serde_json::json;

use super::model::{Customer, CustomerInput, CustomerPatch};
use super::repo;
use crate::audit;
use crate::audit::Actor;
use crate::db::Conn;
use crate::error::AppError;
use crate::validation::{FieldErrors, InputError};

pub fn create(conn: &mut Conn, actor: &Actor, input: &CustomerInput) -> Result<Customer, InputError> {
    let valid = input.validate().map_err(InputError::Invalid)?;
    conn.transaction(|conn| {
        if repo::find(conn, valid.id.as_str())?.is_some() {
            return Err(InputError::Invalid(FieldErrors::one(
                "id",
                format!("A customer with the id {} already exists. Choose another id, or leave it empty to have one generated.", valid.id),
            )));
        }
        let c = repo::insert(conn, &valid)?;
        audit::record(conn, actor, "customer.create", "customer", &c.id, audited(&c))?;
        Ok(c)
    })
}

/// The portal's edit: email and name (the profile fields are the API's).
pub fn update(
    conn: &mut Conn,
    actor: &Actor,
    id: &str,
    input: &CustomerInput,
) -> Result<Customer, InputError> {
    let edit = CustomerPatch {
        email: Some(input.email.clone()),
        name: Some(input.name.clone()),
        ..Default::default()
    };
    patch(conn, actor, id, &edit)
}

/// Changes the fields a PATCH sends (the id never changes).
pub fn patch(
    conn: &mut Conn,
    actor: &Actor,
    id: &str,
    patch: &CustomerPatch,
) -> Result<Customer, InputError> {
    conn.transaction(|conn| {
        let before = repo::find_for_update(conn, id)?.ok_or_else(|| InputError::Other(not_found(id)))?;
        let patched = patch.apply(&before).map_err(InputError::Invalid)?;
        let after =
            repo::update_patched(conn, id, &patched)?.ok_or_else(|| InputError::Other(not_found(id)))?;
        audit::record(
            conn,
            actor,
            "customer.update",
            "customer",
            id,
            json!({ "before": audited(&before), "after": audited(&after) }),
        )?;
        Ok(after)
    })
}

/// What the audit log records of a customer.
fn audited(c: &Customer) -> serde_json::Value {
    json!({
        "email": c.email,
        "name": c.name,
        "metadata": c.metadata,
        "phone_number": c.phone_number,
        "preferred_locale": c.preferred_locale,
    })
}

pub fn not_found(id: &str) -> AppError {
    AppError::not_found(format!("No customer with the id {id}."))
}

/// The customer, or a 404 naming the id.
pub fn get(conn: &mut Conn, id: &str) -> Result<Customer, AppError> {
    repo::find(conn, id)?.ok_or_else(|| not_found(id))
}

/// The customer, locked until the transaction ends (for changes that depend on its other rows).
pub fn get_for_update(conn: &mut Conn, id: &str) -> Result<Customer, AppError> {
    repo::find_for_update(conn, id)?.ok_or_else(|| not_found(id))
}
