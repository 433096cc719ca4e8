//! The meters' months across customers (`meter_months`): each row the merge of the meter's
//! `meter_days` rows in one UTC month. Whatever writes a meter's days rewrites their months from
//! them, in the same transaction and under the roller's lock, so a month always equals its days.
//! A read over whole months merges a row per month instead of one per day ([`super::read_months`]).

use chrono::{DateTime, Utc};
use diesel::prelude::*;

use super::COLUMNS;
use super::reads::cell_merge;
use crate::db::Conn;
use crate::db::statement::Statement;

/// `column = EXCLUDED.column` for every aggregate column: a month is rewritten, not merged into.
fn replaced() -> String {
    COLUMNS
        .split(", ")
        .map(|c| format!("{c} = EXCLUDED.{c}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Rewrites the months `(meter, first instant of the UTC month)` from the days they hold now. A
/// month whose days are all gone keeps a row holding an empty cell.
pub fn refresh(conn: &mut Conn, months: &[(String, DateTime<Utc>)]) -> QueryResult<()> {
    if months.is_empty() {
        return Ok(());
    }
    let ends = months
        .iter()
        .map(|(_, m)| crate::meters::rollups::month_after(*m))
        .collect();
    Statement::new(&format!(
        "INSERT INTO meter_months AS t (meter_id, month, {COLUMNS})
         SELECT k.meter_id, k.month, a.* FROM unnest("
    ))
    .bind_text_array(months.iter().map(|(id, _)| id.clone()).collect())
    .sql("::text[], ")
    .bind_timestamp_array(months.iter().map(|(_, m)| *m).collect())
    .sql("::timestamptz[], ")
    .bind_timestamp_array(ends)
    .sql(&format!(
        "::timestamptz[]) AS k(meter_id, month, month_end)
         CROSS JOIN LATERAL (SELECT {} FROM meter_days x
              WHERE x.meter_id = k.meter_id AND x.day >= k.month AND x.day < k.month_end) a
         ON CONFLICT (meter_id, month) DO UPDATE SET {}",
        cell_merge(),
        replaced()
    ))
    .execute(conn)?;
    Ok(())
}

/// Rewrites every month of a meter from its days (after its days were rebuilt).
pub fn rebuild(conn: &mut Conn, meter_id: &str) -> QueryResult<()> {
    Statement::new("DELETE FROM meter_months WHERE meter_id = ")
        .bind_text(meter_id)
        .execute(conn)?;
    Statement::new(&format!(
        "INSERT INTO meter_months (meter_id, month, {COLUMNS})
         SELECT x.meter_id, date_trunc('month', x.day, 'UTC'), {} FROM meter_days x WHERE x.meter_id = ",
        cell_merge()
    ))
    .bind_text(meter_id)
    .sql(" GROUP BY 1, 2")
    .execute(conn)?;
    Ok(())
}
