//! Looking at the raw bytes of a file: line numbers as an editor counts them, unclosed quotes,
//! and files that are clearly not text.
//!
//! A line ends at CRLF, at a bare CR (old Mac files, some exports) or at a bare LF, wherever it
//! is — also inside a quoted cell, as an editor shows it. The CSV reader ends records at the same
//! three, so every record starts on a line of its own and row numbers are unique.

use super::FileError;

/// Whether byte `i` ends a line: a CR, or an LF that does not follow a CR (CRLF is one end).
fn ends_line(bytes: &[u8], i: usize) -> bool {
    match bytes.get(i) {
        Some(b'\r') => true,
        Some(b'\n') => i == 0 || bytes.get(i - 1) != Some(&b'\r'),
        _ => false,
    }
}

/// Line ends in `bytes[from..to]` (clamped to the file).
fn ends_between(bytes: &[u8], from: usize, to: usize) -> u64 {
    let to = to.min(bytes.len());
    (from..to).filter(|&i| ends_line(bytes, i)).count() as u64
}

/// The 1-based line holding byte `offset`.
pub(super) fn line_at(bytes: &[u8], offset: usize) -> u64 {
    1 + ends_between(bytes, 0, offset)
}

/// Line numbers of positions met in file order, counted once over the file however many rows
/// it has.
#[derive(Debug, Clone, Default)]
pub(super) struct LineCursor {
    offset: usize,
    line: u64,
}

impl LineCursor {
    pub(super) fn new() -> Self {
        LineCursor { offset: 0, line: 1 }
    }

    /// The line holding byte `offset`; offsets must not go backwards (one that does is counted
    /// from the start of the file).
    pub(super) fn line_at(&mut self, bytes: &[u8], offset: usize) -> u64 {
        if offset < self.offset {
            *self = LineCursor::new();
        }
        self.line += ends_between(bytes, self.offset, offset);
        self.offset = offset;
        self.line
    }

    /// The line where a record starts whose reading began at byte `from`: the reader begins
    /// at the line end of the previous record, before any blank lines; the record's first byte
    /// is the first that ends no line.
    pub(super) fn record_line(&mut self, bytes: &[u8], from: usize) -> u64 {
        let skipped = bytes
            .get(from..)
            .unwrap_or_default()
            .iter()
            .take_while(|&&b| b == b'\r' || b == b'\n')
            .count();
        self.line_at(bytes, from.saturating_add(skipped))
    }
}

/// A file is clearly not CSV text when NUL bytes make up a quarter of it or more: UTF-16 or
/// UTF-32 text (every ASCII character comes with NULs), or a binary file that happens to be
/// valid UTF-8. Returns the line of its first NUL. A few NULs in a text file only refuse the rows
/// that hold them.
pub(super) fn binary_at(bytes: &[u8]) -> Option<u64> {
    let nuls = bytes.iter().filter(|&&b| b == 0).count();
    if nuls == 0 || nuls.saturating_mul(4) < bytes.len() {
        return None;
    }
    let first = bytes.iter().position(|&b| b == 0).unwrap_or_default();
    Some(line_at(bytes, first))
}

/// Refuses a quoted field that never closes: the CSV reader would take the rest of the file as
/// that one cell and its rows would vanish without a word. Follows the reader's own rules: a
/// field is quoted when its first character is `"`; inside, `""` is a quote.
pub(super) fn check_quotes(bytes: &[u8]) -> Result<(), FileError> {
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
    for (i, &b) in bytes.iter().enumerate() {
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
        if ends_line(bytes, i) {
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

/// What a file is when its first bytes say it is no text at all: a PDF, a workbook, an image,
/// an archive (in words for a message: "a PDF document"). `None` for anything else.
pub(super) fn binary_kind(bytes: &[u8]) -> Option<&'static str> {
    let starts = |magic: &[u8]| bytes.starts_with(magic);
    let head = &bytes[..bytes.len().min(4096)];
    let holds = |needle: &[u8]| head.windows(needle.len()).any(|w| w == needle);
    Some(if starts(b"%PDF-") {
        "a PDF document"
    } else if starts(b"PK\x03\x04") && holds(b"xl/") {
        "an Excel workbook (.xlsx)"
    } else if starts(b"PK\x03\x04") && holds(b"content.xml") {
        "an OpenDocument spreadsheet or document (.ods, .odt)"
    } else if starts(b"PK\x03\x04") && holds(b"word/") {
        "a Word document (.docx)"
    } else if starts(b"PK\x03\x04") || starts(b"PK\x05\x06") {
        "a ZIP archive"
    } else if starts(b"\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1") {
        "an older Office file (such as an Excel .xls workbook)"
    } else if starts(b"\x89PNG\r\n\x1a\n") {
        "a PNG image"
    } else if starts(b"\xFF\xD8\xFF") {
        "a JPEG image"
    } else if starts(b"GIF87a") || starts(b"GIF89a") {
        "a GIF image"
    } else if starts(b"RIFF") && bytes.get(8..12) == Some(b"WEBP") {
        "a WebP image"
    } else if starts(b"\x1f\x8b") {
        "a gzip-compressed file"
    } else {
        return None;
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_of_line_end_counts_once() {
        let text = b"a\nb\r\nc\rd\r\re\n\nf";
        let f = text.iter().position(|&b| b == b'f').unwrap();
        // a=1, b=2, c=3, d=4, (blank)=5, e=6, (blank)=7, f=8
        assert_eq!(line_at(text, f), 8);
        let mut cursor = LineCursor::new();
        let lines: Vec<u64> = b"abcdef"
            .iter()
            .map(|c| {
                let at = text.iter().position(|b| b == c).unwrap();
                cursor.line_at(text, at)
            })
            .collect();
        assert_eq!(lines, [1, 2, 3, 4, 6, 8]);
        // A CRLF ends its line at the CR: the LF is no line of its own.
        assert_eq!(line_at(b"a\r\nb", 1), 1);
        assert_eq!(line_at(b"a\r\nb", 3), 2);
        assert_eq!(cursor.line_at(text, 0), 1, "going back recounts");
    }

    #[test]
    fn records_start_after_blank_lines() {
        let text = b"h\r\n\r\n\rrow";
        let mut cursor = LineCursor::new();
        assert_eq!(cursor.record_line(text, 1), 4);
        assert_eq!(cursor.record_line(text, 100), 4, "past the end: the last line");
    }

    #[test]
    fn only_files_full_of_nuls_are_binary() {
        assert_eq!(binary_at(b"timestamp\nrow,\0,x\n"), None);
        let utf16: Vec<u8> = "ab\ncd\n".encode_utf16().flat_map(u16::to_le_bytes).collect();
        assert_eq!(binary_at(&utf16), Some(1));
        assert_eq!(binary_at(b"ok\n\0\0\0\0"), Some(2));
        assert_eq!(binary_at(b""), None);
    }
}
