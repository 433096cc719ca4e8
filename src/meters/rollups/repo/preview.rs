//! What a (possibly unsaved) meter definition counts, straight from the events, for the
//! change preview.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{BigInt, Nullable, Numeric, Text};
use rust_decimal::Decimal;

use crate::db::Conn;
use crate::db::statement::Statement;
use crate::metering::AggregationKind;
use crate::meters::model::Meter;

/// What a (possibly unsaved) meter definition counts per customer in `[from, to)`, straight
/// from the events: (customer, events, sum, max, min, last value, distinct values). For the
/// change preview.
#[derive(QueryableByName, Debug, Clone)]
pub struct RawTotals {
    #[diesel(sql_type = Text)]
    pub customer_id: String,
    #[diesel(sql_type = BigInt)]
    pub event_count: i64,
    #[diesel(sql_type = Numeric)]
    pub value_sum: Decimal,
    #[diesel(sql_type = Nullable<Numeric>)]
    pub value_max: Option<Decimal>,
    #[diesel(sql_type = Nullable<Numeric>)]
    pub value_min: Option<Decimal>,
    #[diesel(sql_type = Nullable<Numeric>)]
    pub last_value: Option<Decimal>,
    #[diesel(sql_type = BigInt)]
    pub distinct_values: i64,
}

impl RawTotals {
    /// The quantity of the meter's aggregation.
    pub fn quantity(&self, kind: AggregationKind) -> Decimal {
        let last = self.last_value.map(|value| crate::metering::LastValue {
            timestamp: chrono::DateTime::<Utc>::UNIX_EPOCH,
            seq: 0,
            value,
        });
        crate::metering::Cell {
            count: self.event_count,
            sum: self.value_sum,
            max: self.value_max,
            min: self.value_min,
            last,
            latest: None,
            distinct: Some(self.distinct_values),
        }
        .quantity(kind)
    }
}

pub fn raw_totals(
    conn: &mut Conn,
    meter: &Meter,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<RawTotals>> {
    let (key, distinct) = (meter.aggregation.number_key(), meter.aggregation.distinct_key());
    let mut s = Statement::new(
        "SELECT customer_id, count(*)::int8 AS event_count, COALESCE(sum(v), 0) AS value_sum, max(v) AS value_max,
                min(v) AS value_min, (array_agg(v ORDER BY ts DESC, seq DESC))[1] AS last_value,
                count(DISTINCT d)::int8 AS distinct_values
         FROM (SELECT e.customer_id, e.ts, e.seq, ",
    );
    s = match key {
        None => s.sql("NULL::numeric"),
        Some(k) => s.sql("md_num(e.metadata -> ").bind_text(k).sql(")"),
    };
    s = match distinct {
        None => s.sql(" AS v, NULL::text"),
        Some(k) => s.sql(" AS v, md_distinct(e.metadata -> ").bind_text(k).sql(")"),
    };
    s = s
        .sql(" AS d FROM events e WHERE e.event_name = ")
        .bind_text(&meter.row.event_name)
        .sql(&crate::db::event_pairs::any_source("e"));
    s = s
        .sql(" AND e.ts >= ")
        .bind_opt_timestamp(Some(from))
        .sql(" AND e.ts < ")
        .bind_opt_timestamp(Some(to));
    if let Some(filter) = &meter.filter {
        s = s.sql(" AND ").predicate(&filter.to_sql("e.metadata"));
    }
    if let Some(k) = key {
        s = s
            .sql(" AND md_num(e.metadata -> ")
            .bind_text(k)
            .sql(") IS NOT NULL");
    }
    if let Some(k) = distinct {
        s = s
            .sql(" AND md_distinct(e.metadata -> ")
            .bind_text(k)
            .sql(") IS NOT NULL");
    }
    s.sql(") AS counted GROUP BY customer_id ORDER BY customer_id LIMIT ")
        .bind_i64(limit.max(1))
        .load(conn)
}

/// Customers a meter has rollups for in the days `[from, to)`.
pub fn customers_with_usage(
    conn: &mut Conn,
    meter_id: &str,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<String>> {
    use crate::db::schema::rollups_daily;
    rollups_daily::table
        .filter(rollups_daily::meter_id.eq(meter_id))
        .filter(rollups_daily::day.ge(from))
        .filter(rollups_daily::day.lt(to))
        .select(rollups_daily::customer_id)
        .distinct()
        .order(rollups_daily::customer_id.asc())
        .limit(limit)
        .load(conn)
}
