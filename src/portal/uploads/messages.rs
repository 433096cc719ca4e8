//! The upload messages in the operator's language. `uploads/`, `ingest/` and `web::multipart`
//! word their refusals and row messages in English for the JSON API (and store a rejected row's
//! message in the words of the CSV file); the portal reads the code and the arguments back out
//! of those sentences and says them with the catalogue. A message it does not recognise is shown
//! as it is.

use crate::error::AppError;
use crate::i18n::Arg;
use crate::portal::analytics::{aggregation_words, timestamp_error};
use crate::web::locale::Locale;

/// The refusals said word for word, and their catalogue ids.
const KNOWN: [(&str, &str); 7] = [
    ("The file is empty.", "uploads-error-empty-file"),
    ("Choose a CSV file to upload.", "uploads-error-no-file"),
    (
        "A corrected file goes to the same meter as the upload it fixes.",
        "uploads-error-fix-other-meter",
    ),
    (
        "The file has no rows: under the header line, add one line per usage event (see the template).",
        "uploads-file-no-rows",
    ),
    ("The first line must be the header.", "uploads-header-first-line"),
    (
        "Use one customer column, payload_customer_id or payload_stripe_customer_id, not both.",
        "uploads-header-two-customer-columns",
    ),
    (
        "Processing stopped on a database error and nothing from this file was stored. Upload it again; if it fails again, the details are in the server log.",
        "uploads-error-database",
    ),
];

/// The kinds of file a refused upload turned out to be (`csv_file::scan::binary_kind`).
const KINDS: [(&str, &str); 11] = [
    ("a PDF document", "pdf"),
    ("an Excel workbook (.xlsx)", "xlsx"),
    ("an OpenDocument spreadsheet or document (.ods, .odt)", "ods"),
    ("a Word document (.docx)", "docx"),
    ("a ZIP archive", "zip"),
    ("an older Office file (such as an Excel .xls workbook)", "xls"),
    ("a PNG image", "png"),
    ("a JPEG image", "jpeg"),
    ("a GIF image", "gif"),
    ("a WebP image", "webp"),
    ("a gzip-compressed file", "gzip"),
];

const NOTHING_STORED: &str = " Nothing from this file was stored.";
const EXPECTED: &str = " Expected header: ";
const EXPECTED_END: &str =
    " (Stripe's payload_stripe_customer_id works too; identifier and other payload_… columns are optional).";

/// `text` between `prefix` and `suffix`, if it is exactly that.
fn between<'a>(text: &'a str, prefix: &str, suffix: &str) -> Option<&'a str> {
    text.strip_prefix(prefix)?.strip_suffix(suffix)
}

/// A refusal of the upload form, a commit or a roll back (or an upload's failure) in `loc`'s
/// words.
pub fn refusal(loc: &Locale, message: &str) -> String {
    if let Some((_, id)) = KNOWN.iter().find(|(english, _)| *english == message) {
        return loc.t(id);
    }
    if let Some(inner) = message.strip_suffix(NOTHING_STORED) {
        return loc.t1("uploads-error-nothing-stored", "message", refusal(loc, inner));
    }
    if message.contains(EXPECTED) {
        if let Some(text) = header(loc, message) {
            return text;
        }
    }
    let one = |id: &str, name: &str, value: &str| Some(loc.t1(id, name, value));
    let text = if let Some(mb) = between(
        message,
        "The file is larger than ",
        " MB. Split it into smaller files and upload each.",
    ) {
        one("uploads-error-too-large", "mb", mb)
    } else if let Some(id) = between(message, "No meter with the id ", ".") {
        one("uploads-error-no-meter", "id", id)
    } else if let Some(name) = between(
        message,
        "Meter ",
        " is archived and takes no new events; unarchive it first.",
    ) {
        one("uploads-error-meter-archived", "name", name)
    } else if let Some(id) = between(message, "No upload #", ".") {
        one("uploads-error-no-upload", "id", id)
    } else if let Some(id) = between(message, "Upload #", " is not a dry run.") {
        one("uploads-error-not-dry-run", "id", id)
    } else if let Some(id) = between(
        message,
        "Dry run #",
        " was made over the API and did not keep its file: upload the file again to store it.",
    ) {
        one("uploads-error-dry-run-no-file", "id", id)
    } else if let Some(id) = between(message, "This dry run was already committed as upload #", ".") {
        one("uploads-error-already-committed", "id", id)
    } else if let Some(status) = between(
        message,
        "Only an upload that stored events can be rolled back; this one is ",
        ".",
    ) {
        let id = format!("uploads-status-{}", status.replace([' ', '_'], "-"));
        let status = if loc.has(&id) {
            loc.t(&id)
        } else {
            status.to_owned()
        };
        one("uploads-error-cannot-roll-back", "status", &status)
    } else if let Some(line) = between(
        message,
        "The file is not UTF-8 (line ",
        "). Save it as CSV UTF-8 and upload again.",
    ) {
        one("uploads-file-not-utf8", "line", line)
    } else if let Some(kind) = message
        .strip_prefix("This file is ")
        .and_then(|rest| rest.split_once(", not a CSV file. ").map(|(kind, _)| kind))
    {
        let kind = match KINDS.iter().find(|(english, _)| *english == kind) {
            Some((_, k)) => loc.t(&format!("uploads-file-kind-{k}")),
            None => kind.to_owned(),
        };
        one("uploads-file-not-csv", "kind", &kind)
    } else if let Some(line) = between(
        message,
        "The quote (\") that opens a cell on line ",
        " is never closed, so the rest of the file would read as one cell. Close the quote (write \"\" for a quote inside a quoted cell) and upload again.",
    ) {
        one("uploads-file-unclosed-quote", "line", line)
    } else if let Some((line, error)) = message
        .strip_prefix("The file could not be read as CSV (line ")
        .and_then(|rest| rest.split_once("): "))
    {
        Some(loc.t2("uploads-file-unreadable-at", "line", line, "error", error))
    } else if let Some(error) = message.strip_prefix("The file could not be read as CSV: ") {
        one("uploads-file-unreadable", "error", error)
    } else if let Some(error) = between(
        message,
        "The upload could not be read: ",
        ". Send the form as multipart/form-data with the file in the field \"file\".",
    ) {
        if error == "the field \"file\" is sent twice; send one file per upload" {
            Some(loc.t("uploads-error-file-twice"))
        } else {
            one("uploads-error-unreadable-form", "error", error)
        }
    } else if let Some((bytes, mb)) = message
        .strip_prefix("The upload request is larger than ")
        .and_then(|rest| rest.split_once(" bytes: send the CSV file (at most "))
        .and_then(|(bytes, rest)| {
            let mb = rest.strip_suffix(" MB) and a few short fields.")?;
            Some((bytes, mb))
        })
    {
        Some(loc.t2("uploads-error-request-too-large", "bytes", bytes, "mb", mb))
    } else {
        None
    };
    text.unwrap_or_else(|| message.to_owned())
}

/// An error for the error page, its message in `loc`'s words.
pub fn localised(loc: &Locale, e: AppError) -> AppError {
    match e {
        AppError::NotFound(m) => AppError::NotFound(refusal(loc, &m)),
        AppError::Conflict(m) => AppError::Conflict(refusal(loc, &m)),
        AppError::Validation { field, message } => AppError::Validation {
            message: refusal(loc, &message),
            field,
        },
        other => other,
    }
}

/// A refused header: each problem, then the expected header; `None` if a part is unknown.
fn header(loc: &Locale, message: &str) -> Option<String> {
    let (problems, expected) = message.rsplit_once(EXPECTED)?;
    let expected = expected.strip_suffix(EXPECTED_END)?;
    let mut out = Vec::new();
    let mut rest = problems.trim();
    while !rest.is_empty() {
        let (sentence, after) = next_sentence(rest);
        out.push(header_problem(loc, sentence)?);
        rest = after;
    }
    out.push(loc.t1("uploads-header-expected", "header", expected));
    Some(out.join(" "))
}

/// The sentences a header refusal can start with.
const STARTS: [&str; 7] = [
    "The first line ",
    "The columns are ",
    "Column ",
    "Columns ",
    "Unknown column",
    "Missing column",
    "Use one customer column",
];

/// The first sentence of `text` (without its full stop) and what follows it: a sentence ends
/// at a full stop before the end or before the start of another.
fn next_sentence(text: &str) -> (&str, &str) {
    let mut from = 0;
    while let Some(at) = text[from..].find(". ").map(|i| i + from) {
        let after = &text[at + 2..];
        if STARTS.iter().any(|s| after.starts_with(s)) {
            return (&text[..at], after);
        }
        from = at + 2;
    }
    (text.strip_suffix('.').unwrap_or(text), "")
}

/// The names of a list sentence and how many there are ("a, b and 3 more").
fn name_list(loc: &Locale, list: &str) -> (String, i64) {
    if let Some((head, more)) = list.rsplit_once(" and ")
        && let Some(n) = more.strip_suffix(" more").and_then(|n| n.parse::<i64>().ok())
    {
        let shown = head.split(", ").count() as i64;
        return (
            loc.t2("uploads-header-list-more", "list", head, "count", n),
            shown + n,
        );
    }
    (list.to_owned(), list.split(", ").count() as i64)
}

fn header_problem(loc: &Locale, sentence: &str) -> Option<String> {
    let full = format!("{sentence}.");
    if let Some((_, id)) = KNOWN.iter().find(|(english, _)| *english == full) {
        return Some(loc.t(id));
    }
    if full == "Column \"payload_\" has no property name after payload_." {
        return Some(loc.t("uploads-header-payload-no-key"));
    }
    let list = |id: &str, names: &str| {
        let (columns, count) = name_list(loc, names);
        loc.t2(id, "columns", columns, "count", count)
    };
    if let Some(sep) = between(
        sentence,
        "The columns are separated by ",
        ", not commas. Save the file as CSV with commas (in Excel: CSV UTF-8 (Comma delimited))",
    ) {
        let sep = if sep == "tabs" {
            loc.t("uploads-header-separator-tabs")
        } else {
            sep.to_owned()
        };
        return Some(loc.t1("uploads-header-wrong-separator", "separator", sep));
    }
    if let Some(names) = sentence
        .strip_prefix("Unknown columns ")
        .or_else(|| sentence.strip_prefix("Unknown column "))
    {
        return Some(list("uploads-header-unknown", names));
    }
    if let Some(names) = sentence
        .strip_prefix("Missing columns ")
        .or_else(|| sentence.strip_prefix("Missing column "))
    {
        return Some(list("uploads-header-missing", names));
    }
    if let Some(names) = between(sentence, "Columns ", " appear more than once")
        .or_else(|| between(sentence, "Column ", " appears more than once"))
    {
        return Some(list("uploads-header-repeated", names));
    }
    let column = sentence.strip_prefix("Column ")?;
    if let Some(n) = column.strip_suffix(" has no name") {
        return Some(loc.t1("uploads-header-column-unnamed", "column", n));
    }
    if let Some((name, expected)) = column.rsplit_once(" should be ") {
        return Some(loc.t2(
            "uploads-header-column-should-be",
            "name",
            name,
            "expected",
            expected,
        ));
    }
    if let Some((name, rest)) = column.rsplit_once(" names a property of ")
        && let Some((chars, max)) = rest.split_once(" characters; at most ")
    {
        return Some(loc.t_args(
            "uploads-header-payload-key-too-long",
            &[
                ("name", name.into()),
                ("chars", chars.into()),
                ("max", max.into()),
            ],
        ));
    }
    let (name, problem) = text_problem(loc, column)?;
    Some(loc.t2("uploads-header-column-bad-text", "name", name, "problem", problem))
}

/// `<column> contains a NUL character…` or `…the control character U+0007…`: the column and
/// the problem in `loc`'s words (after a column's name).
fn text_problem<'a>(loc: &Locale, text: &'a str) -> Option<(&'a str, String)> {
    if let Some((column, rest)) = text.split_once(" contains a NUL character (U+0000) at character ") {
        let at = rest.strip_suffix("; remove it")?;
        return Some((column, loc.t1("uploads-text-nul", "at", at)));
    }
    let (column, rest) = text.split_once(" contains the control character ")?;
    let (code, rest) = rest.split_once(" at character ")?;
    let at = rest.strip_suffix("; remove it")?;
    Some((column, loc.t2("uploads-text-control", "code", code, "at", at)))
}

/// A `"…"` string as Rust's `{:?}` writes it, at the start of `text`; the rest after it.
fn quoted(text: &str) -> Option<(String, &str)> {
    let rest = text.strip_prefix('"')?;
    let mut out = String::new();
    let mut chars = rest.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((out, &rest[i + 1..])),
            '\\' => out.push(chars.next()?.1),
            c => out.push(c),
        }
    }
    None
}

/// A rejected row's message (`code`, and the English `message` as stored) in `loc`'s words;
/// `timestamp` is the row's timestamp cell, to say why it is not one.
pub fn row(loc: &Locale, code: &str, message: &str, timestamp: Option<&str>) -> String {
    row_message(loc, code, message, timestamp).unwrap_or_else(|| message.to_owned())
}

fn row_message(loc: &Locale, code: &str, message: &str, timestamp: Option<&str>) -> Option<String> {
    let chars_max = |rest: &str| -> Option<(String, String)> {
        let (chars, max) = rest.split_once(" characters long; at most ")?;
        Some((chars.to_owned(), max.to_owned()))
    };
    Some(match code {
        "unknown_customer" => {
            let id = message.split('"').nth(1)?;
            loc.t1("uploads-row-unknown-customer", "id", id)
        }
        "no_meter" => {
            let (name, rest) = quoted(message.strip_prefix("no active meter listens to event_name ")?)?;
            match rest
                .strip_prefix(" — did you mean ")
                .and_then(|r| r.strip_suffix("? Event names are case-sensitive"))
                .and_then(quoted)
            {
                Some((suggestion, _)) => loc.t2(
                    "uploads-row-no-meter-did-you-mean",
                    "name",
                    name,
                    "suggestion",
                    suggestion,
                ),
                None => loc.t1("uploads-row-no-meter", "name", name),
            }
        }
        "missing_property" | "invalid_property" | "non_numeric_property" => property(loc, message)?,
        "invalid_timestamp" => {
            let error = timestamp_error(loc, timestamp?, "meters-timestamp-formats");
            loc.t1("uploads-row-timestamp", "error", error)
        }
        "timestamp_in_future" => {
            let rest = message.strip_prefix("timestamp ")?;
            let (time, rest) = rest.split_once(" is more than ")?;
            let (minutes, rest) = rest.split_once(" minutes in the future (server time ")?;
            let now = rest.strip_suffix("); check the sender's clock")?;
            let at = |t: &str| {
                chrono::DateTime::parse_from_rfc3339(t)
                    .map(|t| loc.datetime_seconds(t.with_timezone(&chrono::Utc)))
                    .unwrap_or_else(|_| t.to_owned())
            };
            loc.t_args(
                "uploads-row-timestamp-future",
                &[
                    ("time", Arg::from(at(time))),
                    ("minutes", minutes.into()),
                    ("now", Arg::from(at(now))),
                ],
            )
        }
        "wrong_cell_count" => {
            let rest = message.strip_prefix("row has ")?;
            let (count, width) = rest.split_once(", the header has ")?;
            let count: i64 = count.split(' ').next()?.parse().ok()?;
            let width: i64 = width.parse().ok()?;
            loc.t2("uploads-row-wrong-cell-count", "count", count, "width", width)
        }
        "missing_event_name" if message == "event_name is empty" => loc.t("uploads-row-no-event-name"),
        "missing_customer_id" => {
            let column = message.strip_suffix(" is empty")?;
            loc.t1("uploads-row-no-customer", "column", column)
        }
        "invalid_event_id" => {
            let (chars, max) = chars_max(message.strip_prefix("identifier is ")?)?;
            loc.t2("uploads-row-identifier-too-long", "chars", chars, "max", max)
        }
        "invalid_metadata" => {
            let (key, rest) = message.strip_prefix("payload_")?.split_once(" is ")?;
            let (chars, max) = chars_max(rest)?;
            loc.t_args(
                "uploads-row-value-too-long",
                &[("key", key.into()), ("chars", chars.into()), ("max", max.into())],
            )
        }
        "invalid_text" => {
            let (column, _) = text_problem(loc, message)?;
            let rest = &message[column.len()..];
            let column = match column.strip_prefix("cell ") {
                Some(n) => loc.t1("uploads-row-cell", "number", n),
                None => column.to_owned(),
            };
            if let Some(at) = between(
                rest,
                " contains a NUL character (U+0000) at character ",
                "; remove it",
            ) {
                loc.t2("uploads-row-nul", "column", column, "at", at)
            } else {
                let (code, at) = between(rest, " contains the control character ", "; remove it")?
                    .split_once(" at character ")?;
                loc.t_args(
                    "uploads-row-control",
                    &[
                        ("column", column.into()),
                        ("code", code.into()),
                        ("at", at.into()),
                    ],
                )
            }
        }
        _ => return None,
    })
}

/// `meter "Tokens" (mtr_1) takes the sum of column payload_value: column payload_value is
/// "abc", not a number` (and the other value problems).
fn property(loc: &Locale, message: &str) -> Option<String> {
    let (meter, rest) = quoted(message.strip_prefix("meter ")?)?;
    let (id, rest) = rest.strip_prefix(" (")?.split_once(") takes the ")?;
    let (kind, rest) = rest.split_once(" of column payload_")?;
    let (key, reason) = rest.split_once(": column payload_")?;
    let reason = reason.strip_prefix(key)?.strip_prefix(" is ")?;
    let found_of = |found: &str| match found {
        "a list" => loc.t("meters-value-a-list"),
        "an object" => loc.t("meters-value-an-object"),
        other => other.to_owned(),
    };
    let reason = if reason == "missing" {
        loc.t1("uploads-row-value-missing", "key", key)
    } else if let Some(found) = reason.strip_suffix(", not a number") {
        loc.t2(
            "uploads-row-value-not-number",
            "key",
            key,
            "found",
            found_of(found),
        )
    } else if let Some(found) =
        reason.strip_suffix(", which has too many digits (at most 16 before and 12 after the decimal point)")
    {
        loc.t2(
            "uploads-row-value-too-many-digits",
            "key",
            key,
            "found",
            found_of(found),
        )
    } else {
        let found = reason.strip_suffix(": give a string, number or boolean to count")?;
        loc.t2("uploads-row-value-no-value", "key", key, "found", found_of(found))
    };
    let column = format!("payload_{key}");
    let english = format!("{kind} of {column}");
    let what = aggregation_words(loc, &kind.replace(' ', "_"), Some(&column), &english);
    Some(loc.t_args(
        "uploads-row-property",
        &[
            ("meter", meter.into()),
            ("id", id.into()),
            ("what", what.into()),
            ("reason", reason.into()),
        ],
    ))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::i18n::Lang;

    fn locale(lang: Lang) -> Locale {
        Locale::new(crate::i18n::shared_catalog(), lang, crate::tz::DEFAULT_ZONE)
    }

    #[test]
    fn row_messages_are_said_in_the_operators_words() {
        let en = locale(Lang::En);
        let bad = r#"meter "Tokens" (mtr_1) takes the sum of column payload_value: column payload_value is "abc", not a number"#;
        assert_eq!(
            row(&en, "non_numeric_property", bad, None),
            "meter “Tokens” (mtr_1) takes the sum of payload_value: column payload_value is \"abc\", not a number"
        );
        let hi = locale(Lang::Hi);
        let said = row(&hi, "non_numeric_property", bad, None);
        assert!(
            said.contains("payload_value") && said.contains("संख्या नहीं"),
            "{said}"
        );
        let unknown = r#"No customer has the id "cus_9" (column payload_customer_id): create it in the portal under Customers → New customer, or correct the id, then upload the error file again"#;
        let fr = locale(Lang::Fr);
        let said = row(&fr, "unknown_customer", unknown, None);
        assert!(
            said.contains("cus_9") && said.contains("Clients") && !said.contains("POST"),
            "{said}"
        );
        let said = row(&fr, "invalid_timestamp", "timestamp: whatever", Some("demain"));
        assert!(
            said.contains("\"demain\"") && !said.contains("not a timestamp"),
            "{said}"
        );
        assert_eq!(row(&fr, "something_new", "as it is", None), "as it is");
    }

    #[test]
    fn refusals_and_header_problems_are_said_in_the_operators_words() {
        let zh = locale(Lang::ZhCn);
        let said = refusal(
            &zh,
            "The file is not UTF-8 (line 3). Save it as CSV UTF-8 and upload again.",
        );
        assert_eq!(said, zh.t1("uploads-file-not-utf8", "line", "3"));
        let header = "Unknown columns \"a\", \"b\". Missing columns timestamp, payload_customer_id. Expected header: timestamp,event_name,payload_customer_id,payload_tokens (Stripe's payload_stripe_customer_id works too; identifier and other payload_… columns are optional).";
        let said = refusal(&zh, header);
        assert!(
            said.contains("\"a\", \"b\"") && said.contains("预期的表头"),
            "{said}"
        );
        assert!(!said.contains("Unknown"), "{said}");
        let en = locale(Lang::En);
        assert_eq!(refusal(&en, header), header);
        let hi = locale(Lang::Hi);
        let failed = refusal(
            &hi,
            "The file has no rows: under the header line, add one line per usage event (see the template). Nothing from this file was stored.",
        );
        assert!(!failed.contains("rows"), "{failed}");
    }
}
