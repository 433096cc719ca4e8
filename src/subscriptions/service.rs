//! Subscribing customers to products and ending subscriptions, audited.

use chrono::{DateTime, Utc};
use diesel::Connection;
use serde_json::json;

use super::model::Subscription;
use super::repo;
use crate::audit;
use crate::audit::Actor;
use crate::customers;
use crate::db::Conn;
use crate::error::AppError;
use crate::ids::new_id;
use crate::metering::rfc3339;
use crate::meters::rollups;

pub fn create(
    conn: &mut Conn,
    actor: &Actor,
    customer_id: &str,
    product_id: &str,
    start_at: Option<DateTime<Utc>>,
) -> Result<Subscription, AppError> {
    let product_id = product_id.trim();
    if product_id.is_empty() {
        return Err(AppError::validation("product_id", "Choose a product."));
    }
    conn.transaction(|conn| {
        // Locks the customer: two subscriptions to one product can't both pass the check below.
        customers::service::get_for_update(conn, customer_id).map_err(|_| {
            AppError::validation(
                "customer_id",
                format!("No customer with the id {customer_id}. Create the customer first."),
            )
        })?;
        let Some(product) = crate::products::repo::find(conn, product_id)? else {
            return Err(AppError::validation(
                "product_id",
                format!("No product with the id {product_id}."),
            ));
        };
        let start = start_at.unwrap_or_else(Utc::now);
        if let Some(existing) = repo::overlapping(conn, customer_id, product_id, start)? {
            return Err(AppError::Conflict(overlap_message(&existing)));
        }
        let sub = repo::insert(conn, &new_id("sub"), customer_id, product_id, start)?;
        // A new billing scheme for the customer (its own anchor and cycle length): its cycle
        // cells are filled from the events stored so far; the roller keeps them from now on.
        let scheme = rollups::repo::Scheme {
            anchor: sub.start_at,
            months: product.interval().months() as i16,
        };
        if repo::count_with_scheme(conn, customer_id, sub.start_at, &product.billing_interval)? == 1 {
            rollups::repo::add_scheme(conn, customer_id, scheme)?;
        }
        audit::record(
            conn,
            actor,
            "subscription.create",
            "subscription",
            &sub.id,
            json!({ "customer_id": customer_id, "product_id": product_id, "start": rfc3339(start) }),
        )?;
        Ok(sub)
    })
}

/// Why a second subscription to the same product is refused: the customer would be billed twice
/// for the same usage.
pub fn overlap_message(existing: &Subscription) -> String {
    let until = match existing.end_at {
        Some(end) => format!("until {}", rfc3339(end)),
        None => "with no end".to_string(),
    };
    format!(
        "This customer already has a subscription to this product ({}, from {} {until}); a second one would bill the same usage twice. End that subscription first, or start the new one after it ends.",
        existing.id,
        rfc3339(existing.start_at)
    )
}

pub fn get(conn: &mut Conn, id: &str) -> Result<Subscription, AppError> {
    repo::find(conn, id)?.ok_or_else(|| AppError::not_found(format!("No subscription with the id {id}.")))
}

/// Ends a subscription at `end_at` (default now); usage after it is not billed to it.
pub fn end(
    conn: &mut Conn,
    actor: &Actor,
    id: &str,
    end_at: Option<DateTime<Utc>>,
) -> Result<Subscription, AppError> {
    conn.transaction(|conn| {
        let sub = get(conn, id)?;
        if let Some(ended) = sub.end_at {
            return Err(AppError::Conflict(format!(
                "This subscription already ended on {}.",
                rfc3339(ended)
            )));
        }
        let end = end_at.unwrap_or_else(Utc::now);
        if end <= sub.start_at {
            return Err(AppError::validation(
                "end",
                format!("The end must be after the start ({}).", rfc3339(sub.start_at)),
            ));
        }
        let sub = repo::set_end(conn, id, end)?;
        audit::record(
            conn,
            actor,
            "subscription.end",
            "subscription",
            id,
            json!({ "end": rfc3339(end) }),
        )?;
        Ok(sub)
    })
}
