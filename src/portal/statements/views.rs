//! What the statement pages show: stored figures formatted for reading.

use askama::Template;
use askama_web::WebTemplate;
use chrono::{DateTime, Utc};

use crate::billing::cycle::SubscriptionCycle;
use crate::metering::money::{format_money, format_quantity};
use crate::metering::{Currency, currency};
use crate::statements::{Adjustment, Statement, StatementLine};
use crate::web::chrome::PageCtx;

/// A statement line as shown (and exported).
pub struct LineView {
    /// "Usage" or "Adjustment".
    pub kind: &'static str,
    pub meter_id: String,
    pub meter_name: String,
    pub unit: String,
    /// The earlier cycle an adjustment is for.
    pub for_period: Option<(DateTime<Utc>, DateTime<Utc>)>,
    pub consumed: String,
    /// Empty on adjustments.
    pub free_threshold: String,
    pub chargeable: String,
    pub charge: String,
}

impl LineView {
    pub fn new(l: &StatementLine, currency: Currency) -> LineView {
        let usage = l.is_usage();
        let signed = |q: rust_decimal::Decimal| {
            let text = format_quantity(q);
            if !usage && q.is_sign_positive() && !q.is_zero() {
                format!("+{text}")
            } else {
                text
            }
        };
        let charge = format_money(l.amount, currency);
        LineView {
            kind: if usage { "Usage" } else { "Adjustment" },
            meter_id: l.meter_id.clone(),
            meter_name: l.meter_name.clone(),
            unit: l.unit.clone(),
            for_period: l.for_period_start.zip(l.for_period_end),
            consumed: signed(l.quantity),
            free_threshold: l.free_threshold.map(format_quantity).unwrap_or_default(),
            chargeable: l.chargeable.map(format_quantity).unwrap_or_default(),
            charge: if !usage && l.amount.is_sign_positive() && !l.amount.is_zero() {
                format!("+{charge}")
            } else {
                charge
            },
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
    pub total: String,
}

/// A statement in a list: its cycle, when it closed, its total, how many adjustments it
/// carries.
pub struct StatementRow {
    pub id: String,
    pub subscription_id: String,
    pub period_start: DateTime<Utc>,
    pub period_end: DateTime<Utc>,
    pub closed_at: DateTime<Utc>,
    pub total: String,
}

impl StatementRow {
    pub fn new(s: &Statement) -> StatementRow {
        StatementRow {
            id: s.id.clone(),
            subscription_id: s.subscription_id.clone(),
            period_start: s.period_start,
            period_end: s.period_end,
            closed_at: s.closed_at,
            total: format_money(s.total, s.currency()),
        }
    }
}

/// A subscription's current cycle, live from `billing::cycle`.
pub struct CurrentCycle {
    pub subscription_id: String,
    pub period_start: DateTime<Utc>,
    pub period_end: DateTime<Utc>,
    /// (meter name, consumed with unit, chargeable, charge).
    pub lines: Vec<(String, String, String, String)>,
    pub total: String,
}

impl CurrentCycle {
    pub fn new(c: &SubscriptionCycle) -> CurrentCycle {
        let cur = c.bill.currency;
        CurrentCycle {
            subscription_id: c.subscription.id.clone(),
            period_start: c.period_start,
            period_end: c.period_end,
            lines: c
                .bill
                .lines
                .iter()
                .map(|l| {
                    (
                        l.meter_name.clone(),
                        format!("{} {}", format_quantity(l.priced.consumed), l.unit),
                        format_quantity(l.priced.chargeable),
                        format_money(l.priced.charge, cur),
                    )
                })
                .collect(),
            total: format_money(c.bill.total, cur),
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
    pub consumed_delta: String,
    pub charge_delta: String,
    pub statement_id: Option<String>,
}

impl AdjustmentRow {
    pub fn pending(a: &Adjustment, customer_id: &str, cur: &str) -> AdjustmentRow {
        let c = currency(cur).unwrap_or_default();
        AdjustmentRow {
            subscription_id: a.subscription_id.clone(),
            customer_id: customer_id.to_string(),
            meter_name: a.meter_name.clone(),
            unit: a.unit.clone(),
            for_period_start: a.for_period_start,
            for_period_end: a.for_period_end,
            consumed_delta: signed(format_quantity(a.consumed_delta), a.consumed_delta),
            charge_delta: signed(format_money(a.charge_delta, c), a.charge_delta),
            statement_id: None,
        }
    }

    pub fn billed(s: &Statement, l: &StatementLine) -> AdjustmentRow {
        let c = s.currency();
        AdjustmentRow {
            subscription_id: s.subscription_id.clone(),
            customer_id: s.customer_id.clone(),
            meter_name: l.meter_name.clone(),
            unit: l.unit.clone(),
            for_period_start: l.for_period_start.unwrap_or(s.period_start),
            for_period_end: l.for_period_end.unwrap_or(s.period_end),
            consumed_delta: signed(format_quantity(l.quantity), l.quantity),
            charge_delta: signed(format_money(l.amount, c), l.amount),
            statement_id: Some(s.id.clone()),
        }
    }
}

fn signed(text: String, d: rust_decimal::Decimal) -> String {
    if d.is_sign_positive() && !d.is_zero() {
        format!("+{text}")
    } else {
        text
    }
}

#[derive(Template, WebTemplate)]
#[template(path = "statements/late.html")]
pub struct LatePage {
    pub ctx: PageCtx,
    pub pending: Vec<AdjustmentRow>,
    pub billed: Vec<AdjustmentRow>,
}
