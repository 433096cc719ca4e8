//! Subscriptions: a customer on a usage-based product from a start time (the anchor of its
//! billing cycles) until an optional end.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::subscriptions;

#[derive(Debug, Clone, Queryable, Selectable)]
#[diesel(table_name = subscriptions)]
pub struct Subscription {
    pub id: String,
    pub customer_id: String,
    pub product_id: String,
    pub start_at: DateTime<Utc>,
    pub end_at: Option<DateTime<Utc>>,
    pub created_at: DateTime<Utc>,
}

impl Subscription {
    pub fn is_active_at(&self, at: DateTime<Utc>) -> bool {
        self.start_at <= at && self.end_at.is_none_or(|end| at < end)
    }
}

/// A subscription with its product's name and currency, for lists.
#[derive(Debug, Clone)]
pub struct SubscriptionView {
    pub sub: Subscription,
    pub product_name: String,
    pub currency: String,
}

impl SubscriptionView {
    pub fn is_active(&self) -> bool {
        self.sub.is_active_at(Utc::now())
    }
}
