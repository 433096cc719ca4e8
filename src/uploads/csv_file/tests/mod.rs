//! Unit tests of the upload CSV reader and writer, by part: [`reading`] good files row by row,
//! [`line_ends`] of every kind, the [`text_rule`] on cells, [`refusals`] of files refused whole,
//! the [`error_file`] written back, and [`properties`] over generated files and bytes.

mod error_file;
mod line_ends;
mod properties;
mod reading;
mod refusals;
mod text_rule;

use super::*;
use crate::metering::AggregationKind;

fn sum(key: &str) -> Aggregation {
    Aggregation::new(AggregationKind::Sum, Some(key)).unwrap()
}

fn read(agg: &Aggregation, text: &str) -> Result<ParsedFile, FileError> {
    parse(text.as_bytes(), &UploadSpec { aggregation: agg })
}

fn file(agg: &Aggregation, text: &str) -> ParsedFile {
    read(agg, text).unwrap()
}

fn header_error(agg: &Aggregation, text: &str) -> String {
    match read(agg, text) {
        Err(FileError::Header(m)) => m,
        other => panic!("expected a header error, got {other:?}"),
    }
}

fn event(row: &ParsedRow) -> &RowEvent {
    row.result.as_ref().unwrap()
}

fn error(row: &ParsedRow) -> &RowError {
    row.result.as_ref().unwrap_err()
}

fn lines(rows: &[ParsedRow]) -> Vec<u64> {
    rows.iter().map(|r| r.line).collect()
}

fn strings(cells: &[&str]) -> Vec<String> {
    cells.iter().map(|c| (*c).to_owned()).collect()
}

const TOKENS_HEADER: &str = "timestamp,event_name,payload_customer_id,payload_tokens";
