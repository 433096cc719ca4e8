//! `/statements/{id}` (printable), `/statements/{id}.csv`, `/statements/late`, and the billing
//! part of the customer page.

use actix_web::{HttpResponse, web};
use chrono::Utc;

use super::views::{
    AdjustmentRow, CurrentCycle, CustomerBilling, LatePage, LineView, StatementPage, StatementRow,
};
use crate::charges::subscription_cycle;
use crate::csv_cell::safe_cell;
use crate::db::{self, Conn};
use crate::error::{AppError, AppResult};
use crate::metering::rfc3339;
use crate::state::AppState;
use crate::statements::{self, read};
use crate::subscriptions::model::SubscriptionView;
use crate::web::chrome::Viewer;
use crate::web::download::csv_download;

/// How many statements and adjustments a page lists at most.
const LIST_LIMIT: i64 = 500;

/// The customer page's billing: each running subscription's current cycle priced live, and
/// every subscription's statements, newest cycle first.
pub fn customer_billing(conn: &mut Conn, subs: &[SubscriptionView]) -> Result<CustomerBilling, AppError> {
    let now = Utc::now();
    let mut current = Vec::new();
    for s in subs.iter().filter(|s| s.sub.is_active_at(now)) {
        current.push(CurrentCycle::new(&subscription_cycle(conn, &s.sub.id, now)?));
    }
    let ids: Vec<String> = subs.iter().map(|s| s.sub.id.clone()).collect();
    let statements = statements::repo::list_for_subscriptions(conn, &ids, LIST_LIMIT)?
        .iter()
        .map(StatementRow::new)
        .collect();
    Ok(CustomerBilling { current, statements })
}

pub async fn show(
    state: web::Data<AppState>,
    ctx: Viewer,
    id: web::Path<String>,
) -> AppResult<StatementPage> {
    let id = id.into_inner();
    let missing = ctx.t1("statements-not-found", "id", id.as_str());
    let (statement, lines, customer) = db::run(&state.pool, move |c| {
        let (st, lines) = read::statement(c, &id)?;
        let customer = crate::customers::service::get(c, &st.customer_id).ok();
        Ok::<_, AppError>((st, lines, customer))
    })
    .await
    .map_err(AppError::from)
    .map_err(|e| match e {
        AppError::NotFound(_) => AppError::NotFound(missing),
        other => other,
    })?;
    let currency = statement.currency();
    Ok(StatementPage {
        ctx: ctx.0,
        customer_name: customer.map(|c| c.name).unwrap_or_default(),
        lines: lines.iter().map(|l| LineView::new(l, currency)).collect(),
        currency,
        statement,
    })
}

/// The statement as a spreadsheet: one row per line, then the total; figures as the API
/// gives them (plain numbers, no currency symbols), every cell guarded against formulas.
pub async fn export_csv(
    state: web::Data<AppState>,
    ctx: Viewer,
    id: web::Path<String>,
) -> AppResult<HttpResponse> {
    let id = id.into_inner();
    let (st, lines) = db::run(&state.pool, move |c| read::statement(c, &id)).await?;
    let currency = st.currency();
    let mut w = csv::Writer::from_writer(Vec::new());
    let mut row = |cells: &[&str]| {
        w.write_record(cells.iter().map(|c| safe_cell(c).into_owned()))
            .map_err(AppError::internal)
    };
    // The headers in the operator's language (the file is read by people, like the page).
    let headers: Vec<String> = [
        "statement",
        "customer",
        "subscription",
        "period-start",
        "period-end",
        "line",
        "meter",
        "meter-id",
        "for-period-start",
        "for-period-end",
        "consumed",
        "free-threshold",
        "chargeable",
        "charge",
        "currency",
    ]
    .iter()
    .map(|id| ctx.t(&format!("statements-csv-{id}")))
    .collect();
    let (usage_word, adjustment_word, total_word) = (
        ctx.t("statements-csv-usage"),
        ctx.t("statements-csv-adjustment"),
        ctx.t("statements-csv-total"),
    );
    let header_refs: Vec<&str> = headers.iter().map(String::as_str).collect();
    row(&header_refs)?;
    let (start, end) = (rfc3339(st.period_start), rfc3339(st.period_end));
    for l in &lines {
        let usage = l.is_usage();
        let q = crate::metering::money::quantity_text(l.quantity);
        let amount = crate::metering::money::amount_text(l.amount, currency);
        let free = l
            .free_threshold
            .map(crate::metering::money::quantity_text)
            .unwrap_or_default();
        let chargeable = l
            .chargeable
            .map(crate::metering::money::quantity_text)
            .unwrap_or_default();
        let for_start = l.for_period_start.map(rfc3339).unwrap_or_default();
        let for_end = l.for_period_end.map(rfc3339).unwrap_or_default();
        row(&[
            &st.id,
            &st.customer_id,
            &st.subscription_id,
            &start,
            &end,
            if usage { &usage_word } else { &adjustment_word },
            &l.meter_name,
            &l.meter_id,
            &for_start,
            &for_end,
            &q,
            &free,
            &chargeable,
            &amount,
            &st.currency,
        ])?;
    }
    let total = crate::metering::money::amount_text(st.total, currency);
    row(&[
        &st.id,
        &st.customer_id,
        &st.subscription_id,
        &start,
        &end,
        &total_word,
        "",
        "",
        "",
        "",
        "",
        "",
        "",
        &total,
        &st.currency,
    ])?;
    let bytes = w.into_inner().map_err(AppError::internal)?;
    Ok(csv_download(&format!("statement-{}.csv", st.id), bytes))
}

/// Closed cycles whose live figures differ from what was billed (what the next statements
/// will carry), then the adjustments already billed, newest first.
pub async fn late(state: web::Data<AppState>, ctx: Viewer) -> AppResult<LatePage> {
    let (pending, billed) = db::run(&state.pool, move |c| {
        let mut pending = Vec::new();
        for sub_id in statements::repo::subscriptions_with_statements(c, LIST_LIMIT)? {
            let adjustments = statements::pending_adjustments_of(c, &sub_id)?;
            if adjustments.is_empty() {
                continue;
            }
            let Some((sub, product)) = crate::subscriptions::repo::find_with_product(c, &sub_id)? else {
                continue;
            };
            pending.extend(
                adjustments
                    .iter()
                    .map(|a| AdjustmentRow::pending(a, &sub.customer_id, &product.currency)),
            );
        }
        let billed = statements::repo::billed_adjustments(c, LIST_LIMIT)?
            .iter()
            .map(|(s, l)| AdjustmentRow::billed(s, l))
            .collect();
        Ok::<_, AppError>((pending, billed))
    })
    .await?;
    Ok(LatePage {
        ctx: ctx.0,
        pending,
        billed,
    })
}
