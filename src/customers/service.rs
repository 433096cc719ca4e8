//! Creating and editing customers, each change audited in its transaction.

use diesel::Connection;
use serde_json::json;

use super::model::{Customer, CustomerInput};
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
        audit::record(conn, actor, "customer.create", "customer", &c.id, json!({ "email": c.email, "name": c.name }))?;
        Ok(c)
    })
}

pub fn update(
    conn: &mut Conn,
    actor: &Actor,
    id: &str,
    input: &CustomerInput,
) -> Result<Customer, InputError> {
    let with_id = CustomerInput {
        id: Some(id.to_string()),
        ..input.clone()
    };
    let valid = with_id.validate().map_err(InputError::Invalid)?;
    conn.transaction(|conn| {
        let before = repo::find(conn, id)?.ok_or_else(|| InputError::Other(not_found(id)))?;
        let after = repo::update(conn, id, &valid.email, &valid.name)?.ok_or_else(|| InputError::Other(not_found(id)))?;
        audit::record(
            conn,
            actor,
            "customer.update",
            "customer",
            id,
            json!({ "before": { "email": before.email, "name": before.name }, "after": { "email": after.email, "name": after.name } }),
        )?;
        Ok(after)
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
