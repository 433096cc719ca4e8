//! Writing CSV: the error file, the template, and the formula guard every written cell gets.
//!
//! Files written here start with a UTF-8 byte order mark and end lines with CRLF, as spreadsheet
//! programs write CSV: Excel then opens non-ASCII text correctly and saves the corrected file as
//! CSV UTF-8, which [`super::parse`] reads (it strips the mark).

use csv::{Terminator, WriterBuilder};

use super::UploadSpec;
use super::header::{
    CUSTOMER, ERROR, EVENT_NAME, IDENTIFIER, PAYLOAD, STRIPE_CUSTOMER, TIMESTAMP, fold, value_column,
};
use crate::csv_cell::safe_cell;
use crate::metering::Filter;
use crate::metering::filter::example;

/// The error file of an upload: `header` (as parsed) plus an `error` column, then each rejected
/// row as `(line, cells, message)`: its cells and `row <line>: <message>` in the error column.
///
/// A header that already has `error` (a corrected error file uploaded again) keeps that one
/// column, whose content is replaced. A row shorter than the header is padded with empty cells;
/// a longer one keeps its extra cells after the error column, so the error always sits under its
/// header. Every cell goes through [`safe_cell`].
pub fn error_file(header: &[String], rejects: &[(u64, Vec<String>, String)]) -> Vec<u8> {
    let error_at = header.iter().position(|h| h == ERROR);
    let mut header_row: Vec<&str> = header.iter().map(String::as_str).collect();
    if error_at.is_none() {
        header_row.push(ERROR);
    }
    let error_at = error_at.unwrap_or(header.len());
    let mut rows: Vec<Vec<String>> = Vec::with_capacity(rejects.len() + 1);
    rows.push(header_row.iter().map(|h| (*h).to_owned()).collect());
    for (line, cells, message) in rejects {
        let mut row = cells.clone();
        if row.len() < header.len() {
            row.resize(header.len(), String::new());
        }
        let message = format!("row {line}: {message}");
        if error_at < header.len() {
            if let Some(cell) = row.get_mut(error_at) {
                *cell = message;
            }
        } else {
            row.insert(error_at, message);
        }
        rows.push(row);
    }
    write_csv(rows.iter().map(|r| r.iter().map(String::as_str)))
}

/// The downloadable template for a meter: the header of [`super::expected_header`] and one example row
/// (`2024-09-23T16:22:25Z,<event_name>,cus_123` and `250` for a meter that reads a property).
/// A filtered meter's template also has a `payload_<key>` column for each key its filter tests,
/// filled in the example row with values the filter counts, so a row written from it counts.
pub fn template(spec: &UploadSpec, event_name: &str, filter: Option<&Filter>) -> String {
    let value = value_column(spec);
    let example_values = filter.and_then(example::satisfying).unwrap_or_default();
    let cell = |key: &str| -> String {
        example_values
            .get(key)
            .and_then(|v| v.as_str())
            .unwrap_or("")
            .to_owned()
    };
    let mut header: Vec<String> = vec![TIMESTAMP.into(), EVENT_NAME.into(), CUSTOMER.into()];
    let mut example: Vec<String> = vec!["2024-09-23T16:22:25Z".into(), event_name.into(), "cus_123".into()];
    if let (Some(v), Some(key)) = (value.as_deref(), spec.aggregation.key()) {
        header.push(v.to_owned());
        let from_filter = cell(key);
        // A unique count takes any value (a user id); the others a number — the filter's
        // own value when it tests this property too and gives one.
        example.push(if spec.aggregation.kind().is_distinct() {
            if from_filter.is_empty() {
                "user_123".into()
            } else {
                from_filter
            }
        } else if crate::metering::numeral(&from_filter).is_some() {
            from_filter
        } else {
            "250".into()
        });
    }
    for key in filter.map(example::keys).unwrap_or_default() {
        let name = format!("{PAYLOAD}{key}");
        // Only keys a header can carry as they are (names are trimmed), once, and none the
        // header would take for a near miss of a column it knows.
        let near_miss = [
            CUSTOMER,
            STRIPE_CUSTOMER,
            TIMESTAMP,
            EVENT_NAME,
            IDENTIFIER,
            ERROR,
        ]
        .iter()
        .chain(header.iter().map(String::as_str).collect::<Vec<_>>().iter())
        .any(|known| fold(known) == fold(&name));
        if key.trim() != key || key.chars().any(char::is_control) || near_miss {
            continue;
        }
        example.push(cell(&key));
        header.push(name);
    }
    let bytes = write_csv([header, example].iter().map(|row| row.iter().map(String::as_str)));
    String::from_utf8(bytes).unwrap_or_default()
}

/// Writes the rows with a BOM and CRLF, every cell guarded.
fn write_csv<'a, R, C>(rows: R) -> Vec<u8>
where
    R: IntoIterator<Item = C>,
    C: IntoIterator<Item = &'a str>,
{
    let mut out = Vec::with_capacity(1024);
    out.extend_from_slice(b"\xEF\xBB\xBF");
    let mut w = WriterBuilder::new()
        .terminator(Terminator::CRLF)
        .flexible(true)
        .from_writer(out);
    let written: csv::Result<()> = rows.into_iter().try_for_each(|row| {
        for cell in row {
            w.write_field(safe_cell(cell).as_ref())?;
        }
        w.write_record(None::<&[u8]>)
    });
    // Writing to memory cannot fail; should it, the file says so rather than being cut short.
    match (written, w.into_inner()) {
        (Ok(()), Ok(bytes)) => bytes,
        (Err(e), _) => format!("the file could not be written: {e}\r\n").into_bytes(),
        (_, Err(e)) => format!("the file could not be written: {}\r\n", e.error()).into_bytes(),
    }
}
