//! Subscriptions: a customer on a usage-based product from a start time (the anchor of its
//! billing cycles) until an optional end.

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use crate::db::schema::subscriptions;
use crate::metering::{Interval, cycle_containing, cycle_number};

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

/// Where a subscription stands at some moment.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Phase {
    /// Starts later.
    Pending,
    Active,
    /// Has ended.
    Ended,
}

impl Subscription {
    pub fn is_active_at(&self, at: DateTime<Utc>) -> bool {
        self.start_at <= at && self.end_at.is_none_or(|end| at < end)
    }

    pub fn phase_at(&self, at: DateTime<Utc>) -> Phase {
        if at < self.start_at {
            Phase::Pending
        } else if self.end_at.is_some_and(|end| end <= at) {
            Phase::Ended
        } else {
            Phase::Active
        }
    }

    /// The billing cycle `at` falls in: the first one before the start, the last one after the
    /// end. `None` only past chrono's date range.
    pub fn cycle_at(&self, interval: Interval, at: DateTime<Utc>) -> Option<(DateTime<Utc>, DateTime<Utc>)> {
        let at = match self.phase_at(at) {
            Phase::Pending => self.start_at,
            Phase::Active => at,
            Phase::Ended => self.last_instant()?,
        };
        cycle_containing(self.start_at, interval, at)
    }

    /// How many billing cycles the subscription has; `None` when it has no end.
    pub fn cycle_count(&self, interval: Interval) -> Option<u32> {
        cycle_number(self.start_at, interval, self.last_instant()?)?.checked_add(1)
    }

    /// The last microsecond before the end.
    fn last_instant(&self) -> Option<DateTime<Utc>> {
        self.end_at
            .map(|end| (end - chrono::Duration::microseconds(1)).max(self.start_at))
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

#[cfg(test)]
mod tests {
    use chrono::TimeZone;

    use super::*;

    fn t(y: i32, mo: u32, d: u32) -> DateTime<Utc> {
        Utc.with_ymd_and_hms(y, mo, d, 0, 0, 0).unwrap()
    }

    fn sub(end: Option<DateTime<Utc>>) -> Subscription {
        Subscription {
            id: "sub_1".into(),
            customer_id: "c".into(),
            product_id: "p".into(),
            start_at: t(2026, 1, 15),
            end_at: end,
            created_at: t(2026, 1, 1),
        }
    }

    #[test]
    fn cycles_before_during_and_after() {
        let open = sub(None);
        assert_eq!(open.phase_at(t(2026, 1, 1)), Phase::Pending);
        assert_eq!(
            open.cycle_at(Interval::Monthly, t(2026, 1, 1)),
            Some((t(2026, 1, 15), t(2026, 2, 15)))
        );
        assert_eq!(
            open.cycle_at(Interval::Monthly, t(2026, 3, 20)),
            Some((t(2026, 3, 15), t(2026, 4, 15)))
        );
        assert_eq!(open.cycle_count(Interval::Monthly), None);

        let ended = sub(Some(t(2026, 4, 15)));
        assert_eq!(ended.phase_at(t(2026, 4, 15)), Phase::Ended);
        assert_eq!(
            ended.cycle_at(Interval::Monthly, t(2027, 1, 1)),
            Some((t(2026, 3, 15), t(2026, 4, 15)))
        );
        assert_eq!(ended.cycle_count(Interval::Monthly), Some(3));
        assert_eq!(sub(Some(t(2026, 4, 16))).cycle_count(Interval::Monthly), Some(4));
        assert_eq!(sub(Some(t(2026, 4, 16))).cycle_count(Interval::Yearly), Some(1));
    }
}
