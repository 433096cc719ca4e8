//! `GET /stripe/v1/billing/meters/{id}/event_summaries`: what a meter counted for a customer in
//! `[start_time, end_time)`, as one summary or per hour or UTC day (`value_grouping_window`),
//! newest window first. Computed by the same reads as every usage figure
//! (`meters::rollups::usage_many`), so a summary over a billing cycle equals the usage API's
//! `consumed` for it. Every window of the range is listed, empty ones with 0.

use actix_web::{HttpResponse, web};
use chrono::DateTime;
use serde_json::{Value, json};

use super::errors::StripeError;
use super::list::{ListRequest, Start};
use super::objects;
use super::params::Form;
use crate::auth::model::ApiClient;
use crate::db;
use crate::error::AppError;
use crate::meters::model::Meter;
use crate::meters::rollups::{self, Request};
use crate::state::AppState;

const PREFIX: &str = "mtrusg_";

/// The windows of a summary list: `n` windows of `step` seconds ending at `end`; window 0 is
/// the newest.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Windows {
    start: i64,
    end: i64,
    step: i64,
}

impl Windows {
    fn count(&self) -> i64 {
        (self.end - self.start + self.step - 1) / self.step
    }

    /// `[from, to)` of window `k` (0 = newest).
    fn window(&self, k: i64) -> (i64, i64) {
        let to = self.end - k * self.step;
        ((to - self.step).max(self.start), to)
    }

    /// Which window ends at `to`.
    fn index_ending(&self, to: i64) -> Option<i64> {
        let k = (self.end - to) / self.step;
        ((self.end - to) % self.step == 0 && (0..self.count()).contains(&k)).then_some(k)
    }
}

/// A stable, decodable id: the meter and customer (hashed) and the window.
fn summary_id(scope: &str, from: i64, to: i64) -> String {
    format!("{PREFIX}{scope}_{from}_{to}")
}

fn scope_of(meter_id: &str, customer: &str) -> String {
    crate::crypto::sha256_hex(format!("{meter_id}|{customer}").as_bytes())[..12].to_string()
}

/// The window an id of this list names: its end.
fn decode(id: &str, scope: &str) -> Option<i64> {
    let mut parts = id.strip_prefix(PREFIX)?.splitn(3, '_');
    let (s, _from, to) = (parts.next()?, parts.next()?, parts.next()?);
    (s == scope).then_some(())?;
    to.parse().ok()
}

fn aligned(t: i64, step: i64, param: &str, what: &str) -> Result<(), StripeError> {
    if t.rem_euclid(step) == 0 {
        Ok(())
    } else {
        Err(StripeError::invalid(
            "parameter_invalid",
            format!("{param} ({t}) must be aligned to {what}."),
            Some(param),
        ))
    }
}

/// The number as JSON (exact digits; Stripe's SDKs read it as a float).
fn number(d: rust_decimal::Decimal) -> Value {
    d.normalize()
        .to_string()
        .parse::<serde_json::Number>()
        .map(Value::Number)
        .unwrap_or(Value::Null)
}

pub async fn list(
    state: web::Data<AppState>,
    _client: ApiClient,
    id: web::Path<String>,
    form: Form,
) -> Result<HttpResponse, StripeError> {
    let mut p = form.0;
    let customer = p.required("customer")?;
    let start = p
        .integer("start_time")?
        .ok_or_else(|| StripeError::missing("start_time"))?;
    let end = p
        .integer("end_time")?
        .ok_or_else(|| StripeError::missing("end_time"))?;
    let grouping = p.text("value_grouping_window")?;
    let page = ListRequest::read(&mut p)?;
    p.ignore("expand");
    p.finish()?;
    aligned(start, 60, "start_time", "a minute")?;
    aligned(end, 60, "end_time", "a minute")?;
    if end <= start {
        return Err(StripeError::invalid(
            "parameter_invalid",
            format!("end_time ({end}) must be after start_time ({start})."),
            Some("end_time"),
        ));
    }
    let step = match grouping.as_deref() {
        None => end - start,
        Some("hour") => 3600,
        Some("day") => 86_400,
        Some(other) => {
            return Err(StripeError::invalid(
                "parameter_invalid",
                format!("value_grouping_window is hour or day, not {other:?}."),
                Some("value_grouping_window"),
            ));
        }
    };
    if let Some(g) = &grouping {
        let what = if g == "hour" { "an hour" } else { "a UTC day" };
        aligned(start, step, "start_time", what)?;
        aligned(end, step, "end_time", what)?;
    }
    let bound = |t: i64, param: &str| {
        DateTime::from_timestamp(t, 0).ok_or_else(|| {
            StripeError::invalid(
                "parameter_invalid_integer",
                format!("{param} is out of range."),
                Some(param),
            )
        })
    };
    bound(start, "start_time")?;
    bound(end, "end_time")?;
    let windows = Windows { start, end, step };
    let meter_id = id.into_inner();
    let scope = scope_of(&meter_id, &customer);
    let n = windows.count();
    let first = match &page.start {
        Start::First => 0,
        Start::After(id) | Start::Before(id) => {
            let param = if matches!(page.start, Start::After(_)) {
                "starting_after"
            } else {
                "ending_before"
            };
            let k = decode(id, &scope)
                .and_then(|to| windows.index_ending(to))
                .ok_or_else(|| {
                    StripeError::invalid(
                        "resource_missing",
                        format!("{id} is not a summary of this list (given as {param})."),
                        Some(param),
                    )
                })?;
            match page.start {
                Start::After(_) => k + 1,
                _ => (k - page.limit).max(0),
            }
        }
    };
    let last = match &page.start {
        Start::Before(id) => decode(id, &scope)
            .and_then(|to| windows.index_ending(to))
            .unwrap_or(0),
        _ => (first + page.limit).min(n),
    };
    let has_more = match page.start {
        Start::Before(_) => first > 0,
        _ => last < n,
    };
    let spans: Vec<(i64, i64)> = (first..last).map(|k| windows.window(k)).collect();
    let asked = spans.clone();
    let (meter, values) = db::run(&state.pool, move |c| {
        let row = crate::meters::repo::find(c, &meter_id)?
            .ok_or_else(|| StripeError::not_found(format!("No such billing meter: '{meter_id}'"), "id"))?;
        let meter = Meter::from_row(row).map_err(AppError::internal)?;
        if crate::customers::repo::find(c, &customer)?.is_none() {
            return Err(StripeError::not_found(
                format!("No such customer: '{customer}'"),
                "customer",
            ));
        }
        let mut requests = Vec::with_capacity(asked.len());
        for (from, to) in &asked {
            requests.push(Request {
                meter: &meter,
                customer_id: Some(&customer),
                start: bound(*from, "start_time")?,
                end: bound(*to, "end_time")?,
            });
        }
        let cells = rollups::usage_many(c, &requests)?;
        let kind = meter.aggregation.kind();
        let values: Vec<Value> = cells.iter().map(|cell| number(cell.quantity(kind))).collect();
        Ok::<_, StripeError>((meter, values))
    })
    .await?;
    let data: Vec<Value> = spans
        .iter()
        .zip(values)
        .map(|((from, to), value)| {
            json!({
                "id": summary_id(&scope, *from, *to),
                "object": "billing.meter_event_summary",
                "aggregated_value": value,
                "start_time": from,
                "end_time": to,
                "livemode": false,
                "meter": meter.row.id,
            })
        })
        .collect();
    let url = format!("/v1/billing/meters/{}/event_summaries", meter.row.id);
    Ok(HttpResponse::Ok().json(objects::list(&url, data, has_more)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn windows_count_back_from_the_end() {
        let w = Windows {
            start: 0,
            end: 3 * 3600,
            step: 3600,
        };
        assert_eq!(w.count(), 3);
        assert_eq!(w.window(0), (7200, 10800));
        assert_eq!(w.window(2), (0, 3600));
        assert_eq!(w.index_ending(3600), Some(2));
        assert_eq!(w.index_ending(3601), None);
        assert_eq!(w.index_ending(0), None);
        let one = Windows {
            start: 60,
            end: 600,
            step: 540,
        };
        assert_eq!((one.count(), one.window(0)), (1, (60, 600)));
    }

    #[test]
    fn ids_decode_to_their_window() {
        let scope = scope_of("mtr_1", "cus_1");
        let id = summary_id(&scope, 0, 3600);
        assert_eq!(decode(&id, &scope), Some(3600));
        assert_eq!(decode(&id, &scope_of("mtr_1", "cus_2")), None);
        assert_eq!(decode("mtrusg_x", &scope), None);
        assert_eq!(number(rust_decimal::Decimal::new(7500, 3)).to_string(), "7.5");
    }
}
