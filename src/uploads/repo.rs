//! All queries on uploads, their rejected rows, and voiding an upload's events.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use diesel::sql_types::{Array, BigInt, Int4, Jsonb, Text, Timestamptz};

use super::model::{Reject, Upload, UploadListItem, UploadStatus};
use crate::db::Conn;
use crate::db::schema::{api_keys, meters, operators, upload_rejects, uploads};
use crate::paging::Cursor;

pub struct NewUpload<'a> {
    pub meter_id: &'a str,
    pub file_name: &'a str,
    /// Kept for dry runs only (to commit them later); empty for real uploads.
    pub content: &'a [u8],
    pub size_bytes: usize,
    pub sha256: &'a str,
    pub operator_id: Option<i64>,
    pub api_key_id: Option<i64>,
    pub status: UploadStatus,
    pub fixes_upload_id: Option<i64>,
}

pub fn insert(conn: &mut Conn, u: &NewUpload) -> QueryResult<Upload> {
    diesel::insert_into(uploads::table)
        .values((
            uploads::meter_id.eq(u.meter_id),
            uploads::file_name.eq(u.file_name),
            uploads::size_bytes.eq(u.size_bytes as i32),
            uploads::sha256.eq(u.sha256),
            uploads::content.eq(u.content),
            uploads::operator_id.eq(u.operator_id),
            uploads::api_key_id.eq(u.api_key_id),
            uploads::status.eq(u.status.as_str()),
            uploads::fixes_upload_id.eq(u.fixes_upload_id),
        ))
        .returning(Upload::as_returning())
        .get_result(conn)
}

/// The counts and outcome of a finished upload.
pub struct Finish<'a> {
    pub status: UploadStatus,
    pub rows_total: i32,
    pub rows_accepted: i32,
    pub rows_duplicate: i32,
    pub rows_rejected: i32,
    pub failure: Option<&'a str>,
    pub summary: serde_json::Value,
}

pub fn finish(conn: &mut Conn, id: i64, f: &Finish) -> QueryResult<Upload> {
    diesel::update(uploads::table.find(id))
        .set((
            uploads::status.eq(f.status.as_str()),
            uploads::rows_total.eq(f.rows_total),
            uploads::rows_accepted.eq(f.rows_accepted),
            uploads::rows_duplicate.eq(f.rows_duplicate),
            uploads::rows_rejected.eq(f.rows_rejected),
            uploads::failure.eq(f.failure),
            uploads::summary.eq(&f.summary),
            uploads::finished_at.eq(diesel::dsl::now),
        ))
        .returning(Upload::as_returning())
        .get_result(conn)
}

pub fn find(conn: &mut Conn, id: i64) -> QueryResult<Option<Upload>> {
    uploads::table
        .find(id)
        .select(Upload::as_select())
        .first(conn)
        .optional()
}

pub fn find_for_update(conn: &mut Conn, id: i64) -> QueryResult<Option<Upload>> {
    uploads::table
        .find(id)
        .select(Upload::as_select())
        .for_update()
        .first(conn)
        .optional()
}

pub fn content(conn: &mut Conn, id: i64) -> QueryResult<Vec<u8>> {
    uploads::table.find(id).select(uploads::content).first(conn)
}

pub fn set_committed(conn: &mut Conn, dry_run_id: i64, upload_id: i64) -> QueryResult<usize> {
    diesel::update(uploads::table.find(dry_run_id))
        .set(uploads::committed_upload_id.eq(upload_id))
        .execute(conn)
}

pub fn mark_rolled_back(conn: &mut Conn, id: i64) -> QueryResult<Upload> {
    diesel::update(uploads::table.find(id))
        .set((
            uploads::status.eq(UploadStatus::RolledBack.as_str()),
            uploads::rolled_back_at.eq(diesel::dsl::now),
        ))
        .returning(Upload::as_returning())
        .get_result(conn)
}

/// The latest real upload (not a dry run, not rolled back) of a file with this SHA-256.
pub fn earlier_with_sha(conn: &mut Conn, sha256: &str) -> QueryResult<Option<Upload>> {
    uploads::table
        .filter(uploads::sha256.eq(sha256))
        .filter(uploads::status.ne_all(vec![
            UploadStatus::DryRun.as_str(),
            UploadStatus::RolledBack.as_str(),
            UploadStatus::Failed.as_str(),
        ]))
        .order(uploads::id.desc())
        .select(Upload::as_select())
        .first(conn)
        .optional()
}

pub fn insert_rejects(
    conn: &mut Conn,
    upload_id: i64,
    rows: &[(i32, serde_json::Value, String, String)],
) -> QueryResult<()> {
    if rows.is_empty() {
        return Ok(());
    }
    let lines: Vec<i32> = rows.iter().map(|r| r.0).collect();
    let cells: Vec<&serde_json::Value> = rows.iter().map(|r| &r.1).collect();
    let codes: Vec<&str> = rows.iter().map(|r| r.2.as_str()).collect();
    let errors: Vec<&str> = rows.iter().map(|r| r.3.as_str()).collect();
    diesel::sql_query(
        "INSERT INTO upload_rejects (upload_id, row_number, cells, code, error)
         SELECT $1, * FROM unnest($2::int4[], $3::jsonb[], $4::text[], $5::text[])",
    )
    .bind::<BigInt, _>(upload_id)
    .bind::<Array<Int4>, _>(lines)
    .bind::<Array<Jsonb>, _>(cells)
    .bind::<Array<Text>, _>(codes)
    .bind::<Array<Text>, _>(errors)
    .execute(conn)
    .map(|_| ())
}

/// Rejected rows in file order; `limit` bounds what a page shows (the error file takes all).
pub fn rejects(conn: &mut Conn, upload_id: i64, limit: Option<i64>) -> QueryResult<Vec<Reject>> {
    let mut q = upload_rejects::table
        .filter(upload_rejects::upload_id.eq(upload_id))
        .order(upload_rejects::row_number.asc())
        .select((
            upload_rejects::row_number,
            upload_rejects::cells,
            upload_rejects::code,
            upload_rejects::error,
        ))
        .into_boxed();
    if let Some(l) = limit {
        q = q.limit(l);
    }
    q.load(conn)
}

/// Rejected rows counted by reason code (reconciliation).
pub fn reject_reasons(conn: &mut Conn, upload_id: i64) -> QueryResult<Vec<(String, i64)>> {
    upload_rejects::table
        .filter(upload_rejects::upload_id.eq(upload_id))
        .group_by(upload_rejects::code)
        .select((upload_rejects::code, diesel::dsl::count_star()))
        .order(diesel::dsl::count_star().desc())
        .load(conn)
}

/// Uploads that fix this one (corrected error files uploaded from its page).
pub fn fixes_of(conn: &mut Conn, upload_id: i64) -> QueryResult<Vec<Upload>> {
    uploads::table
        .filter(uploads::fixes_upload_id.eq(upload_id))
        .order(uploads::id.asc())
        .select(Upload::as_select())
        .load(conn)
}

/// How many rows the fixes of each upload stored (fixes not rolled back), by upload id.
pub fn fixed_rows(conn: &mut Conn, upload_ids: &[i64]) -> QueryResult<Vec<(i64, i64)>> {
    if upload_ids.is_empty() {
        return Ok(Vec::new());
    }
    let rows: Vec<(Option<i64>, Option<i64>)> = uploads::table
        .filter(uploads::fixes_upload_id.eq_any(upload_ids))
        .filter(uploads::status.ne(UploadStatus::RolledBack.as_str()))
        .group_by(uploads::fixes_upload_id)
        .select((uploads::fixes_upload_id, diesel::dsl::sum(uploads::rows_accepted)))
        .load(conn)?;
    Ok(rows
        .into_iter()
        .filter_map(|(id, n)| Some((id?, n.unwrap_or(0))))
        .collect())
}

/// Which uploads a list shows: all, only dry runs, or all but dry runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    All,
    DryRuns,
    Real,
}

/// Newest first, with the meter's name and who uploaded.
pub fn list(
    conn: &mut Conn,
    meter_id: Option<&str>,
    after: Option<&Cursor>,
    limit: i64,
) -> QueryResult<Vec<UploadListItem>> {
    list_of_kind(conn, meter_id, Kind::All, after, limit)
}

/// [`list`], keeping only the uploads of one kind.
pub fn list_of_kind(
    conn: &mut Conn,
    meter_id: Option<&str>,
    kind: Kind,
    after: Option<&Cursor>,
    limit: i64,
) -> QueryResult<Vec<UploadListItem>> {
    let mut q = uploads::table
        .inner_join(meters::table)
        .left_join(operators::table)
        .left_join(api_keys::table)
        .select((
            Upload::as_select(),
            meters::name,
            operators::email.nullable(),
            api_keys::name.nullable(),
        ))
        .into_boxed();
    if let Some(m) = meter_id {
        q = q.filter(uploads::meter_id.eq(m.to_string()));
    }
    match kind {
        Kind::All => {}
        Kind::DryRuns => q = q.filter(uploads::status.eq(UploadStatus::DryRun.as_str())),
        Kind::Real => q = q.filter(uploads::status.ne(UploadStatus::DryRun.as_str())),
    }
    if let Some(c) = after {
        let id: i64 = c.id.parse().unwrap_or(i64::MAX);
        q = q.filter(
            uploads::created_at
                .lt(c.created_at)
                .or(uploads::created_at.eq(c.created_at).and(uploads::id.lt(id))),
        );
    }
    let rows: Vec<ListRow> = q
        .order((uploads::created_at.desc(), uploads::id.desc()))
        .limit(limit)
        .load(conn)?;
    with_fixed_rows(conn, list_items(rows))
}

#[derive(QueryableByName)]
pub struct VoidedCell {
    #[diesel(sql_type = Text)]
    pub event_name: String,
    #[diesel(sql_type = Text)]
    pub customer_id: String,
    #[diesel(sql_type = Timestamptz)]
    pub hour: DateTime<Utc>,
    #[diesel(sql_type = BigInt)]
    pub events: i64,
    /// The events were in a queued block: the roller had not counted them yet (and now never
    /// will: they are gone from `events`).
    #[diesel(sql_type = diesel::sql_types::Bool)]
    pub queued: bool,
}

/// Moves an upload's events to `voided_events` (their ids become free again) and returns the
/// (event name, customer, hour) cells they were in, for recomputing rollups. The caller holds
/// the roller's lock.
pub fn void_events(conn: &mut Conn, upload_id: i64) -> QueryResult<Vec<VoidedCell>> {
    diesel::sql_query(format!(
        "WITH gone AS (
            DELETE FROM events WHERE upload_id = $1
            RETURNING event_id, seq, customer_id, event_name, ts, metadata, received_at, source,
                      api_key_id, operator_id, upload_id, upload_row
         ), kept AS (
            INSERT INTO voided_events (event_id, seq, customer_id, event_name, ts, metadata, received_at, source,
                                       api_key_id, operator_id, upload_id, upload_row)
            SELECT * FROM gone
         ), freed AS (
            DELETE FROM event_ids WHERE event_id IN (SELECT event_id FROM gone)
         ), {requeued}
         SELECT event_name, customer_id, date_trunc('hour', ts, 'UTC') AS hour, count(*) AS events,
                EXISTS (SELECT 1 FROM rollup_queue q WHERE q.block = gone.seq >> {bits}) AS queued
         FROM gone GROUP BY 1, 2, 3, 5 ORDER BY 1, 2, 3, 5",
        bits = crate::meters::rollups::repo::BLOCK_BITS,
        requeued = crate::meters::rollups::repo::requeued_cte()
    ))
    .bind::<BigInt, _>(upload_id)
    .load(conn)
}

#[derive(QueryableByName, Debug, Clone, Default)]
pub struct Aggregated {
    #[diesel(sql_type = BigInt)]
    pub events: i64,
    #[diesel(sql_type = diesel::sql_types::Numeric)]
    pub value: rust_decimal::Decimal,
}

/// What a meter counts today from one upload's events (its name, filter and property): the
/// total of the property it reads as a number, or the events for a count or a unique count
/// (whose totals are rows, as the file's are).
pub fn aggregated_from_upload(
    conn: &mut Conn,
    upload_id: i64,
    meter: &crate::meters::model::Meter,
) -> QueryResult<Aggregated> {
    use crate::db::statement::Statement;
    let (key, distinct) = (meter.aggregation.number_key(), meter.aggregation.distinct_key());
    let mut s = Statement::new("SELECT count(*)::int8 AS events, ");
    s = match key {
        Some(k) => s
            .sql("COALESCE(sum(md_num(e.metadata -> ")
            .bind_text(k)
            .sql(")), 0) AS value"),
        None => s.sql("count(*)::numeric AS value"),
    };
    s = s
        .sql(" FROM events e WHERE e.upload_id = ")
        .bind_i64(upload_id)
        .sql(" AND e.event_name = ")
        .bind_text(&meter.row.event_name);
    if let Some(f) = &meter.filter {
        s = s.sql(" AND ").predicate(&f.to_sql("e.metadata"));
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
    s.get_result(conn)
}

/// An upload with its meter's name and the operator's email or the API key's name.
type ListRow = (Upload, String, Option<String>, Option<String>);

/// Fills in what the corrected files of the uploads with rejected rows stored.
fn with_fixed_rows(conn: &mut Conn, mut items: Vec<UploadListItem>) -> QueryResult<Vec<UploadListItem>> {
    let ids: Vec<i64> = items
        .iter()
        .filter(|i| i.upload.rows_rejected > 0)
        .map(|i| i.upload.id)
        .collect();
    let fixed: std::collections::HashMap<i64, i64> = fixed_rows(conn, &ids)?.into_iter().collect();
    for item in &mut items {
        item.fixed_rows = fixed.get(&item.upload.id).copied().unwrap_or(0);
    }
    Ok(items)
}

fn list_items(rows: Vec<ListRow>) -> Vec<UploadListItem> {
    rows.into_iter()
        .map(|(upload, meter_name, email, key)| UploadListItem {
            upload,
            meter_name,
            who: email
                .or_else(|| key.as_ref().map(|k| format!("API key {k}")))
                .unwrap_or_else(|| "—".into()),
            api_key: key,
            fixed_rows: 0,
        })
        .collect()
}

/// Real uploads (not dry runs) made in `[from, to)`, oldest first, bounded.
pub fn made_between(
    conn: &mut Conn,
    from: DateTime<Utc>,
    to: DateTime<Utc>,
    limit: i64,
) -> QueryResult<Vec<UploadListItem>> {
    let rows: Vec<ListRow> = uploads::table
        .inner_join(meters::table)
        .left_join(operators::table)
        .left_join(api_keys::table)
        .filter(uploads::created_at.ge(from))
        .filter(uploads::created_at.lt(to))
        .filter(uploads::status.ne(UploadStatus::DryRun.as_str()))
        .order((uploads::created_at.asc(), uploads::id.asc()))
        .limit(limit)
        .select((
            Upload::as_select(),
            meters::name,
            operators::email.nullable(),
            api_keys::name.nullable(),
        ))
        .load(conn)?;
    Ok(list_items(rows))
}
