//! The baseline: `COPY … FROM STDIN` of rows shaped like the live traffic straight into the
//! benchmark database's `events` (the real table, all its indexes); and, as the API also
//! claims every id in `event_ids`, the same with `COPY event_ids` first in one transaction.

use std::io::Write;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, ensure};
use diesel::prelude::*;
use serde::Serialize;

use crate::env::{Cpu, CpuSnap, scalar};
use crate::pg;
use crate::traffic::CopyData;

diesel::table! {
    event_ids (event_id) {
        event_id -> Text,
        customer_id -> Text,
    }
}

/// What one side of the baseline measured.
#[derive(Debug, Clone, Serialize)]
pub struct Copied {
    pub rows: usize,
    pub seconds: f64,
    pub rows_per_s: f64,
    pub cpu: Cpu,
}

fn write_all(data: &[u8]) -> impl Fn(&mut dyn Write) -> QueryResult<()> + '_ {
    move |w: &mut dyn Write| {
        w.write_all(data)
            .map_err(|e| diesel::result::Error::SerializationError(Box::new(e)))
    }
}

/// `COPY event_ids` then `COPY events`, one transaction per connection, all in flight at once.
fn copy_with_ids(conns: &mut [PgConnection], data: &CopyData) -> Result<(Duration, usize)> {
    let started = Instant::now();
    let results: Vec<QueryResult<usize>> = std::thread::scope(|s| {
        let handles: Vec<_> = conns
            .iter_mut()
            .zip(data.ids.iter().zip(&data.events))
            .map(|(conn, (ids, events))| {
                s.spawn(move || {
                    conn.transaction(|c| {
                        diesel::copy_from(event_ids::table)
                            .from_raw_data((event_ids::event_id, event_ids::customer_id), write_all(ids))
                            .execute(c)?;
                        diesel::copy_from(pg::events::table)
                            .from_raw_data(
                                (
                                    pg::events::event_id,
                                    pg::events::customer_id,
                                    pg::events::event_name,
                                    pg::events::ts,
                                    pg::events::metadata,
                                    pg::events::source,
                                ),
                                write_all(events),
                            )
                            .execute(c)
                    })
                })
            })
            .collect();
        handles
            .into_iter()
            .map(|h| {
                h.join()
                    .unwrap_or(Err(diesel::result::Error::RollbackTransaction))
            })
            .collect()
    });
    let elapsed = started.elapsed();
    let mut rows = 0;
    for r in results {
        rows += r.context("COPY event_ids, events FROM STDIN")?;
    }
    Ok((elapsed, rows))
}

/// One side from empty tables (and a CHECKPOINT when allowed): `with_ids` adds `event_ids`.
pub fn run(
    conn: &mut PgConnection,
    conns: &mut [PgConnection],
    data: &CopyData,
    with_ids: bool,
    checkpoint: bool,
    server_pid: u32,
) -> Result<Copied> {
    pg::reset(conn)?;
    if checkpoint {
        pg::checkpoint(conn);
    }
    let before = CpuSnap::take(server_pid, conn);
    let (elapsed, copied) = if with_ids {
        copy_with_ids(conns, data)?
    } else {
        pg::copy(conns, &data.events)?
    };
    let cpu = CpuSnap::take(server_pid, conn).since(&before);
    ensure!(copied == data.rows, "COPY: {copied} rows of {}", data.rows);
    let stored = pg::count_events(conn)?;
    ensure!(
        stored == data.rows as i64,
        "COPY: {stored} rows stored, {} copied",
        data.rows
    );
    if with_ids {
        let ids = scalar(conn, "SELECT count(*)::int8 AS n FROM event_ids")?;
        ensure!(
            ids == data.rows as i64,
            "COPY: {ids} ids stored, {} copied",
            data.rows
        );
    }
    pg::reset(conn)?;
    Ok(Copied {
        rows: data.rows,
        seconds: elapsed.as_secs_f64(),
        rows_per_s: data.rows as f64 / elapsed.as_secs_f64().max(1e-9),
        cpu,
    })
}
