//! Reading an upload CSV and writing its error file (pure, no I/O).
//!
//! [`parse`] turns the bytes of an uploaded file into one [`ParsedRow`] per data row: the cells
//! as the operator wrote them (for the error file) and either a [`RowEvent`] for the ingest
//! pipeline or the [`RowError`] that keeps the row out. A file that cannot be read at all (not
//! UTF-8, no rows, a wrong header, an unclosed quote) is refused whole with a [`FileError`].
//! [`error_file`] writes the rejected rows back with an `error` column; [`template`] and
//! [`expected_header`] say what a file should look like; every cell written goes through
//! [`crate::csv_cell::safe_cell`], the guard against spreadsheet formula injection.
//!
//! # The file
//! - UTF-8, with or without a byte order mark; `,` separator; fields quoted with `"` (`""` inside
//!   a quoted field is a quote; quoted fields may span lines); CRLF, LF or bare CR line ends,
//!   mixed as they come, also inside quoted fields.
//! - Blank lines, and lines whose cells are all empty (`,,,`) or only spaces, are skipped, before
//!   and after the header. Line numbers ([`ParsedRow::line`]) are physical lines of the file,
//!   counting the skipped ones, so they match what an editor shows (header on line 1 when it
//!   comes first): CRLF, a bare CR and a bare LF each end one line. A quoted field spanning
//!   lines is reported at the line where its row starts. Every row has its own line number.
//! - A file that is mostly NUL bytes (UTF-16, binary) is refused whole; otherwise a NUL only
//!   refuses the rows that hold it.
//! - The header is the first non-blank line; see [`expected_header`] for the columns. Names are
//!   trimmed of surrounding spaces, then matched exactly (lowercase, as in the template).
//!
//! # Cells
//! - A cell written by [`crate::csv_cell::safe_cell`] (`'` before `=`, `+`, `-`, `@`, tab or
//!   carriage return) is read back without the `'`, so a corrected error file uploads cleanly (`'-5` → `-5`). A cell
//!   that really starts with `'=` therefore loses its `'`; that is the price of the guard.
//! - Only the timestamp and the identifier are trimmed. The event name, the customer id and
//!   metadata values are kept exactly (a stray space stays visible to the pipeline, which then
//!   says no meter listens or the customer does not exist); a cell of only spaces counts as empty.
//! - Text follows [`crate::text`]: a NUL in any cell, or a control character in the event name,
//!   the customer id or the identifier, rejects the row (`invalid_text`, naming the column); a
//!   control character in a header cell refuses the file. Metadata values keep other control
//!   characters. The cells kept for the error file show a NUL as U+FFFD (no text column can store
//!   a NUL), where the message says it was.
//! - Metadata values are JSON strings; whether they are numbers, whether the customer exists and
//!   the other event rules are the ingest pipeline's, shared by every path.

mod header;
mod scan;
mod write;

#[cfg(test)]
mod tests;

use chrono::{DateTime, Utc};
use csv::{ReaderBuilder, StringRecord};
use serde_json::{Map, Value};

use crate::csv_cell::unguard;
use crate::metering::{Aggregation, parse_timestamp};
use crate::text::{self, TextError};

pub use header::{Columns, expected_header};
pub use write::{error_file, template};

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
    pub const INVALID_TEXT: &str = "invalid_text";
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
    /// The cells as written, formula guards undone, untrimmed, a NUL shown as U+FFFD: what the
    /// error file repeats.
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
    /// A file of a kind recognised by its first bytes (a PDF, a workbook, an image…).
    #[error(
        "This file is {0}, not a CSV file. Upload the usage as a CSV file: in a spreadsheet, \
         File → Save as / Download → CSV UTF-8, or fill in the meter's CSV template."
    )]
    NotCsv(&'static str),
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
            FileError::NotCsv(_) => "not_csv",
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
    lines: scan::LineCursor,
    pub header: Vec<String>,
    pub columns: Columns,
}

/// Checks the file (UTF-8, not mostly NULs, quotes closed) and reads its header.
pub fn open<'a>(bytes: &'a [u8], spec: &UploadSpec) -> Result<RowStream<'a>, FileError> {
    if let Some(kind) = scan::binary_kind(bytes) {
        return Err(FileError::NotCsv(kind));
    }
    let bytes = bytes.strip_prefix(BOM).unwrap_or(bytes);
    if let Err(e) = std::str::from_utf8(bytes) {
        return Err(FileError::NotUtf8 {
            line: scan::line_at(bytes, e.valid_up_to()),
        });
    }
    // NUL is UTF-8 but never meant in a CSV: a file full of them is UTF-16 read byte by byte.
    if let Some(line) = scan::binary_at(bytes) {
        return Err(FileError::NotUtf8 { line });
    }
    scan::check_quotes(bytes)?;
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
        let header: Vec<String> = record.iter().map(|c| unguard(c).trim().to_owned()).collect();
        let columns = header::resolve(&header, spec).map_err(FileError::Header)?;
        return Ok(RowStream {
            bytes,
            reader,
            record,
            lines: scan::LineCursor::new(),
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
            let from = self.record.position().map_or(0, |p| p.byte());
            let line = self
                .lines
                .record_line(self.bytes, usize::try_from(from).unwrap_or(usize::MAX));
            rows.push(read_row(line, &self.record, &self.header, &self.columns));
        }
        Ok(rows)
    }
}

fn read_row(line: u64, record: &StringRecord, header: &[String], columns: &Columns) -> ParsedRow {
    let width = header.len();
    let mut cells: Vec<String> = record.iter().map(|c| unguard(c).to_owned()).collect();
    let nul = cells.iter().enumerate().find_map(|(i, c)| {
        let at = c.chars().position(|ch| ch == '\0')?;
        let name = header
            .get(i)
            .cloned()
            .unwrap_or_else(|| format!("cell {}", i + 1));
        Some(invalid_text(&name, TextError::Nul { at }))
    });
    if nul.is_some() {
        for c in cells.iter_mut().filter(|c| text::has_nul(c)) {
            *c = c.replace('\0', "\u{fffd}");
        }
    }
    let result = if let Some(e) = nul {
        Err(e)
    } else if cells.len() == width {
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
    text::identifier(event_name).map_err(|e| invalid_text(header::EVENT_NAME, e))?;
    let customer_id = cell(columns.customer);
    if customer_id.trim().is_empty() {
        return Err(RowError {
            code: codes::MISSING_CUSTOMER_ID,
            message: format!("{} is empty", columns.customer_name),
        });
    }
    text::identifier(customer_id).map_err(|e| invalid_text(columns.customer_name, e))?;
    let identifier = match columns.identifier.map(|i| cell(i).trim()) {
        None | Some("") => None,
        Some(id) => {
            text::identifier(id).map_err(|e| invalid_text(header::IDENTIFIER, e))?;
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

/// A row refused by the text rule, naming the column.
fn invalid_text(column: &str, e: TextError) -> RowError {
    RowError {
        code: codes::INVALID_TEXT,
        message: e.for_field(column),
    }
}

fn csv_message(bytes: &[u8], e: &csv::Error) -> String {
    match e.position() {
        Some(pos) => format!(
            "The file could not be read as CSV (line {}): {e}",
            scan::line_at(bytes, usize::try_from(pos.byte()).unwrap_or(usize::MAX))
        ),
        None => format!("The file could not be read as CSV: {e}"),
    }
}
