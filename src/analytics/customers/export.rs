//! The customers table as CSV, streamed page by page from a blocking task, so an export of
//! every customer never sits whole in memory. Cells are made safe for spreadsheets.

use tokio::sync::mpsc::Receiver;

use super::billing::{self, Period};
use super::columns::Column;
use crate::csv_cell::safe_cell;
use crate::db::DbPool;

/// Subscriptions computed per step of the export.
const BATCH: i64 = 500;

fn csv_line(cells: &[String]) -> Vec<u8> {
    let mut w = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(Vec::new());
    let safe: Vec<String> = cells.iter().map(|c| safe_cell(c).into_owned()).collect();
    let _ = w.write_record(&safe);
    w.into_inner().unwrap_or_default()
}

pub fn header(columns: &[Column]) -> Vec<String> {
    columns
        .iter()
        .flat_map(|c| c.csv_headers())
        .map(str::to_string)
        .collect()
}

/// Produces the CSV of `period` with `columns` on a blocking task, a few chunks ahead of the
/// reader; an `Err` chunk says the export stopped part-way. The header is the machine names
/// ([`header`]), as the API sends it.
pub fn stream(
    pool: DbPool,
    period: Period,
    columns: Vec<Column>,
) -> Receiver<Result<Vec<u8>, std::io::Error>> {
    let names = header(&columns);
    stream_with_header(pool, period, columns, names)
}

/// [`stream`] with the header given (a page's export: the operator's language), one name per
/// cell of [`header`].
pub fn stream_with_header(
    pool: DbPool,
    period: Period,
    columns: Vec<Column>,
    names: Vec<String>,
) -> Receiver<Result<Vec<u8>, std::io::Error>> {
    let (tx, rx) = tokio::sync::mpsc::channel::<Result<Vec<u8>, std::io::Error>>(4);
    tokio::task::spawn_blocking(move || {
        let send = |chunk: Vec<u8>| tx.blocking_send(Ok(chunk)).is_ok();
        if !send(csv_line(&names)) {
            return;
        }
        let mut conn = match pool.get() {
            Ok(c) => c,
            Err(e) => {
                tracing::error!("export: no database connection: {e}");
                let _ = tx.blocking_send(Err(std::io::Error::other("database unavailable")));
                return;
            }
        };
        let mut after = None;
        loop {
            let page = match billing::lines(&mut conn, period, after.as_ref(), BATCH) {
                Ok(p) => p,
                Err(e) => {
                    tracing::error!("export failed part-way: {e:?}");
                    let _ = tx.blocking_send(Err(std::io::Error::other("export failed")));
                    return;
                }
            };
            let mut chunk = Vec::new();
            for line in &page.lines {
                let cells: Vec<String> = columns.iter().flat_map(|c| c.csv_cells(line)).collect();
                chunk.extend(csv_line(&cells));
            }
            if !chunk.is_empty() && !send(chunk) {
                return;
            }
            match page.next {
                Some(n) => after = Some(n),
                None => return,
            }
        }
    });
    rx
}

/// The export's file name: `customer-usage-cycle-<day>.csv` or `customer-usage-<from>-to-<to>.csv`.
pub fn file_name(period: Period) -> String {
    match period {
        Period::CycleAt(at) => format!("customer-usage-cycle-{}.csv", at.format("%Y-%m-%d")),
        Period::Range(s, e) => format!(
            "customer-usage-{}-to-{}.csv",
            s.format("%Y-%m-%d"),
            e.format("%Y-%m-%d")
        ),
    }
}
