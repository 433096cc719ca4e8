//! What the statement pages show: stored figures formatted for reading.

use askama::Template;
use askama_web::WebTemplate;
use chrono::{DateTime, Utc};

use rust_decimal::Decimal;

use crate::charges::SubscriptionCycle;
use crate::metering::{Currency, currency};
use crate::statements::{Adjustment, Statement, StatementLine};
use crate::web::chrome::PageCtx;

/// `+` before a positive change (an adjustment), else nothing (a negative one has its `-`).
fn plus(d: Decimal) -> &'static str {
    if d.is_sign_positive() && !d.is_zero() {
        "+"
    } else {
        ""
    }
}

/// A statement line as shown; the page writes its figures in the operator's language.
pub struct LineView {
    /// "Usage" or "Adjustment".
    pub kind: &'static str,
    pub meter_id: String,
    pub meter_name: String,
    pub unit: String,
    /// The earlier cycle an adjustment is for.
    pub for_period: Option<(DateTime<Utc>, DateTime<Utc>)>,
    pub consumed: Decimal,
    /// `None` on adjustments.
    pub free_threshold: Option<Decimal>,
    pub chargeable: Option<Decimal>,
    pub charge: Decimal,
    pub currency: Currency,
}

impl LineView {
    pub fn new(l: &StatementLine, currency: Currency) -> LineView {
        LineView {
            kind: if l.is_usage() { "Usage" } else { "Adjustment" },
            meter_id: l.meter_id.clone(),
            meter_name: l.meter_name.clone(),
            unit: l.unit.clone(),
            for_period: l.for_period_start.zip(l.for_period_end),
            consumed: l.quantity,
            free_threshold: l.free_threshold,
            chargeable: l.chargeable,
            charge: l.amount,
            currency,
        }
    }

    /// `+` before an adjustment's added usage.
    pub fn consumed_sign(&self) -> &'static str {
        if self.kind == "Usage" {
            ""
        } else {
            plus(self.consumed)
        }
    }

    /// `+` before an adjustment's added charge.
    pub fn charge_sign(&self) -> &'static str {
        if self.kind == "Usage" {
            ""
        } else {
            plus(self.charge)
        }
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "statements/show.html")]
pub struct StatementPage {
    pub ctx: PageCtx,
    pub statement: Statement,
    pub customer_name: String,
    pub lines: Vec<LineView>,
    pub currency: Currency,
}

/// A statement in a list: its cycle, when it closed, its total, how many adjustments it
/// carries.
pub struct StatementRow {
    pub id: String,
    pub subscription_id: String,
    pub period_start: DateTime<Utc>,
    pub period_end: DateTime<Utc>,
    pub closed_at: DateTime<Utc>,
    pub total: Decimal,
    pub currency: Currency,
}

impl StatementRow {
    pub fn new(s: &Statement) -> StatementRow {
        StatementRow {
            id: s.id.clone(),
            subscription_id: s.subscription_id.clone(),
            period_start: s.period_start,
            period_end: s.period_end,
            closed_at: s.closed_at,
            total: s.total,
            currency: s.currency(),
        }
    }
}

/// A line of a current cycle: the meter, its usage and unit, the chargeable usage, the charge.
pub struct CycleLine {
    pub meter_name: String,
    pub consumed: Decimal,
    pub unit: String,
    pub chargeable: Decimal,
    pub charge: Decimal,
}

/// A subscription's current cycle, live from `charges`.
pub struct CurrentCycle {
    pub subscription_id: String,
    pub period_start: DateTime<Utc>,
    pub period_end: DateTime<Utc>,
    pub lines: Vec<CycleLine>,
    pub total: Decimal,
    pub currency: Currency,
}

impl CurrentCycle {
    pub fn new(c: &SubscriptionCycle) -> CurrentCycle {
        CurrentCycle {
            subscription_id: c.subscription.id.clone(),
            period_start: c.period_start,
            period_end: c.period_end,
            lines: c
                .bill
                .lines
                .iter()
                .map(|l| CycleLine {
                    meter_name: l.meter_name.clone(),
                    consumed: l.priced.consumed,
                    unit: l.unit.clone(),
                    chargeable: l.priced.chargeable,
                    charge: l.priced.charge,
                })
                .collect(),
            total: c.bill.total,
            currency: c.bill.currency,
        }
    }
}

/// What the customer page shows of billing, per subscription.
#[derive(Default)]
pub struct CustomerBilling {
    pub current: Vec<CurrentCycle>,
    pub statements: Vec<StatementRow>,
}

impl CustomerBilling {
    pub fn current_of(&self, subscription_id: &str) -> Option<&CurrentCycle> {
        self.current.iter().find(|c| c.subscription_id == subscription_id)
    }

    pub fn statements_of(&self, subscription_id: &str) -> Vec<&StatementRow> {
        self.statements
            .iter()
            .filter(|s| s.subscription_id == subscription_id)
            .collect()
    }
}

/// An adjustment as the late-usage view shows it: pending (what the next statement will
/// carry) or billed (on `statement_id`).
pub struct AdjustmentRow {
    pub subscription_id: String,
    pub customer_id: String,
    pub meter_name: String,
    pub unit: String,
    pub for_period_start: DateTime<Utc>,
    pub for_period_end: DateTime<Utc>,
    pub consumed_delta: Decimal,
    pub charge_delta: Decimal,
    pub currency: Currency,
    pub statement_id: Option<String>,
}

impl AdjustmentRow {
    pub fn pending(a: &Adjustment, customer_id: &str, cur: &str) -> AdjustmentRow {
        AdjustmentRow {
            subscription_id: a.subscription_id.clone(),
            customer_id: customer_id.to_string(),
            meter_name: a.meter_name.clone(),
            unit: a.unit.clone(),
            for_period_start: a.for_period_start,
            for_period_end: a.for_period_end,
            consumed_delta: a.consumed_delta,
            charge_delta: a.charge_delta,
            currency: currency(cur).unwrap_or_default(),
            statement_id: None,
        }
    }

    pub fn billed(s: &Statement, l: &StatementLine) -> AdjustmentRow {
        AdjustmentRow {
            subscription_id: s.subscription_id.clone(),
            customer_id: s.customer_id.clone(),
            meter_name: l.meter_name.clone(),
            unit: l.unit.clone(),
            for_period_start: l.for_period_start.unwrap_or(s.period_start),
            for_period_end: l.for_period_end.unwrap_or(s.period_end),
            consumed_delta: l.quantity,
            charge_delta: l.amount,
            currency: s.currency(),
            statement_id: Some(s.id.clone()),
        }
    }

    pub fn consumed_sign(&self) -> &'static str {
        plus(self.consumed_delta)
    }

    pub fn charge_sign(&self) -> &'static str {
        plus(self.charge_delta)
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "statements/late.html")]
pub struct LatePage {
    pub ctx: PageCtx,
    pub pending: Vec<AdjustmentRow>,
    pub billed: Vec<AdjustmentRow>,
}
