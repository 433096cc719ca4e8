//! The test bench in the operator's language: each check's label and finding, where the event
//! came from, and why it could not be tested (`meters::bench` gives them as data).

use crate::metering::ValueError;
use crate::meters::bench::{BenchError, BenchResult, Check, CheckKind, Detail, Source};
use crate::meters::bench_json::{JsonIssue, JsonProblem};
use crate::web::locale::Locale;

/// A check's label.
pub fn label(loc: &Locale, c: &Check) -> String {
    loc.t(match c.kind {
        CheckKind::EventName => "meters-bench-check-event-name",
        CheckKind::Status => "meters-bench-check-status",
        CheckKind::Filter => "meters-bench-check-filter",
        CheckKind::Property => "meters-bench-check-property",
        CheckKind::Customer => "meters-bench-check-customer",
        CheckKind::Period => "meters-bench-check-period",
    })
}

/// What a check found.
pub fn detail(loc: &Locale, c: &Check) -> String {
    match &c.detail {
        Detail::NameMatches { name } => loc.t1("meters-bench-event-name-matches", "name", name.as_str()),
        Detail::NameDiffers {
            name,
            expected,
            case_only,
        } => loc.t2(
            if *case_only {
                "meters-bench-event-name-differs-case"
            } else {
                "meters-bench-event-name-differs"
            },
            "name",
            name.as_str(),
            "expected",
            expected.as_str(),
        ),
        Detail::Active => loc.t("meters-bench-status-active"),
        Detail::Archived => loc.t("meters-bench-status-archived"),
        Detail::NoFilter => loc.t("meters-bench-filter-none"),
        Detail::FilterHolds => loc.t("meters-bench-filter-holds"),
        Detail::FilterFails => loc.t("meters-bench-filter-fails"),
        Detail::CountUnit => loc.t("meters-bench-property-count"),
        Detail::Value { key: Some(k), value } => format!("{k} = {}", loc.qty(value)),
        Detail::Value { key: None, value } => loc.qty(value),
        Detail::NoValue(e) => value_error(loc, e),
        Detail::NoCustomer => loc.t("meters-bench-customer-missing"),
        Detail::CustomerExists { id } => loc.t1("meters-bench-customer-exists", "id", id.as_str()),
        Detail::CustomerUnknown { id } => loc.t1("meters-bench-customer-unknown", "id", id.as_str()),
        Detail::NoTimestamp => loc.t("meters-bench-period-none"),
        Detail::InPeriod { time } => loc.t1("meters-bench-period-in", "time", loc.datetime(*time)),
        Detail::OutOfPeriod { time, start, end } => loc.t_args(
            "meters-bench-period-out",
            &[
                ("time", loc.datetime(*time).into()),
                ("start", loc.datetime(*start).into()),
                ("end", loc.datetime(*end).into()),
            ],
        ),
    }
}

/// "stored event e-42" / "pasted event".
pub fn source(loc: &Locale, r: &BenchResult) -> String {
    match &r.source {
        Source::Stored(id) => loc.t1("meters-bench-source-stored", "id", id.as_str()),
        Source::Pasted => loc.t("meters-bench-source-pasted"),
    }
}

/// Why the event could not be tested.
pub fn error(loc: &Locale, e: &BenchError) -> String {
    match e {
        BenchError::NotJson(p) => json_problem(loc, p),
        BenchError::NotObject => loc.t("meters-bench-not-object"),
        BenchError::MetadataNotObject => loc.t("meters-bench-metadata-not-object"),
        BenchError::Timestamp(e) => loc.t1(
            "meters-bench-timestamp-invalid",
            "error",
            crate::portal::analytics::timestamp_reason(loc, e, "meters-timestamp-formats"),
        ),
        BenchError::TimestampNotString => loc.t("meters-bench-timestamp-not-string"),
        BenchError::NoEventName => loc.t("meters-bench-no-event-name"),
        BenchError::NoStoredEvent(id) => loc.t1("meters-bench-no-stored-event", "id", id.as_str()),
        BenchError::Internal(m) => m.clone(),
    }
}

/// Where pasted JSON goes wrong and what that means.
pub fn json_problem(loc: &Locale, p: &JsonProblem) -> String {
    let problem = loc.t(issue_id(p.issue));
    let at = |n: usize| i64::try_from(n).unwrap_or(i64::MAX);
    match (p.line, p.near.trim().is_empty()) {
        (0, _) => loc.t1("meters-bench-json", "problem", problem),
        (_, true) => loc.t_args(
            "meters-bench-json-at",
            &[
                ("line", at(p.line).into()),
                ("column", at(p.column).into()),
                ("problem", problem.into()),
            ],
        ),
        (_, false) => loc.t_args(
            "meters-bench-json-at-near",
            &[
                ("line", at(p.line).into()),
                ("column", at(p.column).into()),
                ("near", p.near.as_str().into()),
                ("problem", problem.into()),
            ],
        ),
    }
}

/// The catalogue id of what a JSON problem means.
pub fn issue_id(issue: JsonIssue) -> &'static str {
    match issue {
        JsonIssue::UnclosedObject => "meters-bench-json-unclosed-object",
        JsonIssue::UnclosedList => "meters-bench-json-unclosed-list",
        JsonIssue::UnclosedString => "meters-bench-json-unclosed-string",
        JsonIssue::EndsBeforeValue => "meters-bench-json-ends-before-value",
        JsonIssue::CommaOrBrace => "meters-bench-json-comma-or-brace",
        JsonIssue::CommaOrBracket => "meters-bench-json-comma-or-bracket",
        JsonIssue::Colon => "meters-bench-json-colon",
        JsonIssue::KeyNotQuoted => "meters-bench-json-key-not-quoted",
        JsonIssue::TrailingComma => "meters-bench-json-trailing-comma",
        JsonIssue::TrailingCharacters => "meters-bench-json-trailing-characters",
        JsonIssue::ValueExpected => "meters-bench-json-value-expected",
        JsonIssue::ControlCharacter => "meters-bench-json-control-character",
        JsonIssue::InvalidEscape => "meters-bench-json-invalid-escape",
        JsonIssue::InvalidNumber => "meters-bench-json-invalid-number",
        JsonIssue::Other => "meters-bench-json-other",
    }
}

/// Why a property cannot be aggregated.
pub fn value_error(loc: &Locale, e: &ValueError) -> String {
    let found = |f: &str| match f {
        "a list" => loc.t("meters-value-a-list"),
        "an object" => loc.t("meters-value-an-object"),
        other => other.to_owned(),
    };
    let (id, key, shown) = match e {
        ValueError::Missing { key } => return loc.t1("meters-value-missing", "key", key.as_str()),
        ValueError::NotNumeric { key, found: f } => ("meters-value-not-number", key, found(f)),
        ValueError::TooManyDigits { key, found: f } => ("meters-value-too-many-digits", key, found(f)),
        ValueError::NoValue { key, found: f } => ("meters-value-no-value", key, found(f)),
    };
    loc.t2(id, "key", key.as_str(), "found", shown)
}
