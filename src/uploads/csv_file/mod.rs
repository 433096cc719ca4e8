//! Reading an upload CSV and writing its error file (pure, no I/O).
//!
//! [`parse`] turns the bytes of an uploaded file into one [`ParsedRow`] per data row: the cells
//! as the operator wrote them (for the error file) and either a [`RowEvent`] for the ingest
//! pipeline or the [`RowError`] that keeps the row out. A file that cannot be read at all (not
//! UTF-8, no rows, a wrong header, an unclosed quote) is refused whole with a [`FileError`].
//! [`error_file`] writes the rejected rows back with an `error` column; [`template`] and
//! [`expected_header`] say what a file should look like; [`safe_cell`] guards every cell written
//! against spreadsheet formula injection (exports reuse it).
//!
//! # The file
//! - UTF-8, with or without a byte order mark; `,` separator; fields quoted with `"` (`""` inside
//!   a quoted field is a quote; quoted fields may span lines); CRLF or LF line ends.
//! - Blank lines, and lines whose cells are all empty (`,,,`) or only spaces, are skipped, before
//!   and after the header. Line numbers ([`ParsedRow::line`]) are physical lines of the file,
//!   counting the skipped ones, so they match what an editor shows (header on line 1 when it
//!   comes first). A quoted field spanning lines is reported at the line where its row starts.
//! - The header is the first non-blank line; see [`expected_header`] for the columns. Names are
//!   trimmed of surrounding spaces, then matched exactly (lowercase, as in the template).
//!
//! # Cells
//! - A cell written by [`safe_cell`] (`'` before `=`, `+`, `-`, `@`, tab or carriage return) is
//!   read back without the `'`, so a corrected error file uploads cleanly (`'-5` → `-5`). A cell
//!   that really starts with `'=` therefore loses its `'`; that is the price of the guard.
//! - Only the timestamp and the identifier are trimmed. The event name, the customer id and
//!   metadata values are kept exactly (a stray space stays visible to the pipeline, which then
//!   says no meter listens or the customer does not exist); a cell of only spaces counts as empty.
//! - Metadata values are JSON strings; whether they are numbers, whether the customer exists and
//!   the other event rules are the ingest pipeline's, shared by every path.

mod header;
mod write;

#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};
use csv::{ReaderBuilder, StringRecord};
use serde_json::{Map, Value};

use crate::metering::{Aggregation, parse_timestamp};

pub use header::{Columns, expected_header};
pub use write::{error_file, safe_cell, template};

/// At most this many characters in an identifier (the event id).
pub const MAX_IDENTIFIER_CHARS: usize = 255;
/// At most this many characters in a metadata key (the column name without `payload_`).
pub const MAX_KEY_CHARS: usize = 100;
/// At most this many characters in a metadata value.
pub const MAX_VALUE_CHARS: usize = 500;

/// Row error codes; the ones the ingest pipeline also gives have its spelling, so reasons count
/// alike whatever path the events took.
pub mod codes {
    pub const WRONG_CELL_COUNT: &str = "wrong_cell_count";
    pub const INVALID_TIMESTAMP: &str = "invalid_timestamp";
    pub const MISSING_EVENT_NAME: &str = "missing_event_name";
    pub const MISSING_CUSTOMER_ID: &str = "missing_customer_id";
    pub const INVALID_EVENT_ID: &str = "invalid_event_id";
    pub const INVALID_METADATA: &str = "invalid_metadata";
}

const BOM: &[u8] = b"\xEF\xBB\xBF";

/// What the file is checked against: the meter the upload is for.
#[derive(Debug, Clone, Copy)]
pub struct UploadSpec<'a> {
    pub aggregation: &'a Aggregation,
}

/// A file read: its header (names trimmed), where each column is, and every data row.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedFile {
    pub header: Vec<String>,
    pub columns: Columns,
    /// Data rows in file order, blank ones left out; never empty.
    pub rows: Vec<ParsedRow>,
    /// The file has an `identifier` column (rows may still leave it empty).
    pub has_identifier: bool,
}

/// One data row.
#[derive(Debug, Clone, PartialEq)]
pub struct ParsedRow {
    /// 1-based physical line where the row starts (the header's line counts too).
    pub line: u64,
    /// The cells as written, formula guards undone, untrimmed: what the error file repeats.
    pub cells: Vec<String>,
    pub result: Result<RowEvent, RowError>,
}

/// A row that reads as an event; the ingest pipeline checks the rest.
#[derive(Debug, Clone, PartialEq)]
pub struct RowEvent {
    /// From the `identifier` column; `None` when there is none or the cell is empty (the caller
    /// derives an id from the upload and the row).
    pub identifier: Option<String>,
    pub customer_id: String,
    pub event_name: String,
    pub timestamp: DateTime<Utc>,
    /// Every non-empty `payload_<key>` cell but the customer's, as a string, under `<key>`.
    pub metadata: Map<String, Value>,
}

/// Why a row is not an event; `code` is one of [`codes`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RowError {
    pub code: &'static str,
    pub message: String,
}

/// Why a whole file is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FileError {
    #[error("The file is not UTF-8 (line {line}). Save it as CSV UTF-8 and upload again.")]
    NotUtf8 { line: u64 },
    #[error("The file has no rows: under the header line, add one line per usage event (see the template).")]
    Empty,
    /// The message names the problem columns and the expected header.
    #[error("{0}")]
    Header(String),
    #[error("{0}")]
    Csv(String),
}

impl FileError {
    /// A code for the JSON API.
    pub fn code(&self) -> &'static str {
        match self {
            FileError::NotUtf8 { .. } => "not_utf8",
            FileError::Empty => "empty_file",
            FileError::Header(_) => "invalid_header",
            FileError::Csv(_) => "invalid_csv",
        }
    }
}

/// Reads a whole upload. Row problems stay with their rows; see the module documentation for the
/// format.
pub fn parse(bytes: &[u8], spec: &UploadSpec) -> Result<ParsedFile, FileError> {
    let mut stream = open(bytes, spec)?;
    let mut rows = Vec::new();
    loop {
        let chunk = stream.next_chunk(usize::MAX)?;
        if chunk.is_empty() {
            break;
        }
        rows.extend(chunk);
    }
    if rows.is_empty() {
        return Err(FileError::Empty);
    }
    Ok(ParsedFile {
        has_identifier: stream.columns.identifier.is_some(),
        header: stream.header,
        columns: stream.columns,
        rows,
    })
}

/// A file being read a chunk of rows at a time, so that a large upload never holds all its
/// rows in memory at once. [`open`] checks the whole file's encoding and quoting and reads the
/// header; [`RowStream::next_chunk`] reads on.
pub struct RowStream<'a> {
    bytes: &'a [u8],
    reader: csv::Reader<&'a [u8]>,
    record: StringRecord,
    pub header: Vec<String>,
    pub columns: Columns,
}

/// Checks the file (UTF-8, no NUL, quotes closed) and reads its header.
pub fn open<'a>(bytes: &'a [u8], spec: &UploadSpec) -> Result<RowStream<'a>, FileError> {
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    if let Err(e) = std::str::from_utf8(bytes) {
        return Err(FileError::NotUtf8 {
            line: line_at(bytes, e.valid_up_to()),
        });
    }
    // NUL is UTF-8 but never meant in a CSV: it is what UTF-16 looks like byte by byte (and
    // PostgreSQL text cannot hold it).
    if let Some(at) = bytes.iter().position(|&b| b == 0) {
        return Err(FileError::NotUtf8 {
            line: line_at(bytes, at),
        });
    }
    check_quotes(bytes)?;
    let mut reader = ReaderBuilder::new()
        .has_headers(false)
        .flexible(true)
        .from_reader(bytes);
    let mut record = StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(true) => {}
            Ok(false) => return Err(FileError::Empty),
            Err(e) => return Err(FileError::Csv(csv_message(bytes, &e))),
        }
        if record.iter().all(|c| c.trim().is_empty()) {
            continue;
        }
        let header: Vec<String> = record
            .iter()
            .map(|c| write::unguard(c).trim().to_owned())
            .collect();
        let columns = header::resolve(&header, spec).map_err(FileError::Header)?;
        return Ok(RowStream {
            bytes,
            reader,
            record,
            header,
            columns,
        });
    }
}

impl RowStream<'_> {
    /// Up to `max` more data rows (blank ones skipped); empty at the end of the file.
    pub fn next_chunk(&mut self, max: usize) -> Result<Vec<ParsedRow>, FileError> {
        let mut rows = Vec::new();
        while rows.len() < max {
            match self.reader.read_record(&mut self.record) {
                Ok(true) => {}
                Ok(false) => break,
                Err(e) => return Err(FileError::Csv(csv_message(self.bytes, &e))),
            }
            if self.record.iter().all(|c| c.trim().is_empty()) {
                continue;
            }
            let line = record_line(self.bytes, &self.record);
            rows.push(read_row(line, &self.record, self.header.len(), &self.columns));
        }
        Ok(rows)
    }
}

fn read_row(line: u64, record: &StringRecord, width: usize, columns: &Columns) -> ParsedRow {
    let cells: Vec<String> = record.iter().map(|c| write::unguard(c).to_owned()).collect();
    let result = if cells.len() == width {
        row_event(&cells, columns)
    } else {
        Err(RowError {
            code: codes::WRONG_CELL_COUNT,
            message: format!(
                "row has {} {}, the header has {width}",
                cells.len(),
                if cells.len() == 1 { "cell" } else { "cells" }
            ),
        })
    };
    ParsedRow { line, cells, result }
}

/// `cells` has exactly one cell per header column.
fn row_event(cells: &[String], columns: &Columns) -> Result<RowEvent, RowError> {
    let cell = |i: usize| cells.get(i).map(String::as_str).unwrap_or_default();
    let timestamp = parse_timestamp(cell(columns.timestamp).trim()).map_err(|m| RowError {
        code: codes::INVALID_TIMESTAMP,
        message: format!("timestamp: {m}"),
    })?;
    let event_name = cell(columns.event_name);
    if event_name.trim().is_empty() {
        return Err(RowError {
            code: codes::MISSING_EVENT_NAME,
            message: "event_name is empty".into(),
        });
    }
    let customer_id = cell(columns.customer);
    if customer_id.trim().is_empty() {
        return Err(RowError {
            code: codes::MISSING_CUSTOMER_ID,
            message: format!("{} is empty", columns.customer_name),
        });
    }
    let identifier = match columns.identifier.map(|i| cell(i).trim()) {
        None | Some("") => None,
        Some(id) => {
            let chars = id.chars().count();
            if chars > MAX_IDENTIFIER_CHARS {
                return Err(RowError {
                    code: codes::INVALID_EVENT_ID,
                    message: format!("identifier is {chars} characters long; at most {MAX_IDENTIFIER_CHARS}"),
                });
            }
            Some(id.to_owned())
        }
    };
    let mut metadata = Map::new();
    for (i, key) in &columns.metadata {
        let value = cell(*i);
        if value.trim().is_empty() {
            continue;
        }
        let chars = value.chars().count();
        if chars > MAX_VALUE_CHARS {
            return Err(RowError {
                code: codes::INVALID_METADATA,
                message: format!("payload_{key} is {chars} characters long; at most {MAX_VALUE_CHARS}"),
            });
        }
        metadata.insert(key.clone(), Value::String(value.to_owned()));
    }
    Ok(RowEvent {
        identifier,
        customer_id: customer_id.to_owned(),
        event_name: event_name.to_owned(),
        timestamp,
        metadata,
    })
}

/// The 1-based line holding byte `offset`.
fn line_at(bytes: &[u8], offset: usize) -> u64 {
    let before = bytes.get(..offset).unwrap_or(bytes);
    1 + before.iter().filter(|&&b| b == b'\n').count() as u64
}

/// The line where `record` starts. The reader's position may sit on the end of the previous line
/// or on blank lines before the record; step over those.
fn record_line(bytes: &[u8], record: &StringRecord) -> u64 {
    let Some(pos) = record.position() else {
        return 0;
    };
    let start = usize::try_from(pos.byte()).unwrap_or(usize::MAX);
    let skipped = bytes
        .get(start..)
        .unwrap_or_default()
        .iter()
        .take_while(|&&b| b == b'\r' || b == b'\n')
        .filter(|&&b| b == b'\n')
        .count() as u64;
    pos.line() + skipped
}

fn csv_message(bytes: &[u8], e: &csv::Error) -> String {
    match e.position() {
        Some(pos) => format!(
            "The file could not be read as CSV (line {}): {e}",
            line_at(bytes, usize::try_from(pos.byte()).unwrap_or(usize::MAX))
        ),
        None => format!("The file could not be read as CSV: {e}"),
    }
}

/// Refuses a quoted field that never closes: the CSV reader would take the rest of the file as
/// that one cell and its rows would vanish without a word. Follows the reader's own rules: a
/// field is quoted when its first character is `"`; inside, `""` is a quote.
fn check_quotes(bytes: &[u8]) -> Result<(), FileError> {
    #[derive(Clone, Copy)]
    enum State {
        FieldStart,
        Unquoted,
        Quoted,
        QuoteInQuoted,
    }
    let mut state = State::FieldStart;
    let mut line: u64 = 1;
    let mut opened_at: u64 = 1;
    for &b in bytes {
        state = match (state, b) {
            (State::Quoted, b'"') => State::QuoteInQuoted,
            (State::Quoted, _) => State::Quoted,
            (State::FieldStart, b'"') => {
                opened_at = line;
                State::Quoted
            }
            (State::QuoteInQuoted, b'"') => State::Quoted,
            (_, b',' | b'\r' | b'\n') => State::FieldStart,
            _ => State::Unquoted,
        };
        if b == b'\n' {
            line += 1;
        }
    }
    match state {
        State::Quoted => Err(FileError::Csv(format!(
            "The quote (\") that opens a cell on line {opened_at} is never closed, so the rest of the \
             file would read as one cell. Close the quote (write \"\" for a quote inside a quoted cell) \
             and upload again."
        ))),
        _ => Ok(()),
    }
}
