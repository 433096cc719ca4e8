//! Creating and editing products, each change audited in its transaction.

use diesel::Connection;
use serde_json::json;

use super::input::ProductInput;
use super::model::{NewProduct, Product, ProductMeterView, snapshot};
use super::repo;
use crate::audit;
use crate::audit::Actor;
use crate::db::Conn;
use crate::error::AppError;
use crate::ids::new_id;
use crate::validation::InputError;

/// Validates against the meters as they are now (locked until the transaction ends).
fn validate(conn: &mut Conn, input: &ProductInput) -> Result<NewProduct, InputError> {
    let statuses = repo::meter_statuses(conn, &input.meter_ids())?;
    input.validate(&statuses).map_err(InputError::Invalid)
}

pub fn create(conn: &mut Conn, actor: &Actor, input: &ProductInput) -> Result<Product, InputError> {
    conn.transaction(|conn| {
        let valid = validate(conn, input)?;
        let product = repo::insert(conn, &new_id("prod"), &valid)?;
        let meters = repo::meters_of(conn, &product.id)?;
        audit::record(
            conn,
            actor,
            "product.create",
            "product",
            &product.id,
            snapshot(&product, &meters),
        )?;
        Ok(product)
    })
}

/// Replaces the product's fields and meters. 404 for an unknown product, before validation.
pub fn update(conn: &mut Conn, actor: &Actor, id: &str, input: &ProductInput) -> Result<Product, InputError> {
    conn.transaction(|conn| {
        let (before, before_meters) = get_with_meters(conn, id).map_err(InputError::Other)?;
        let valid = validate(conn, input)?;
        let after = repo::update(conn, id, &valid)?.ok_or_else(|| InputError::Other(not_found(id)))?;
        let after_meters = repo::meters_of(conn, id)?;
        audit::record(
            conn,
            actor,
            "product.update",
            "product",
            id,
            json!({
                "before": snapshot(&before, &before_meters),
                "after": snapshot(&after, &after_meters),
            }),
        )?;
        Ok(after)
    })
}

pub fn not_found(id: &str) -> AppError {
    AppError::not_found(format!("No product with the id {id}."))
}

/// The product, or a 404 naming the id.
pub fn get(conn: &mut Conn, id: &str) -> Result<Product, AppError> {
    repo::find(conn, id)?.ok_or_else(|| not_found(id))
}

/// The product and its meters by position, or a 404 naming the id.
pub fn get_with_meters(conn: &mut Conn, id: &str) -> Result<(Product, Vec<ProductMeterView>), AppError> {
    let product = get(conn, id)?;
    let meters = repo::meters_of(conn, id)?;
    Ok((product, meters))
}
