//! The filter test bench: take a stored event (or one pasted as JSON) and say, check by
//! check, whether this meter counts it — and why not: the event name (case!), the filter
//! condition by condition, the property's value, the customer, the period.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::model::Meter;
use crate::db::Conn;
use crate::error::AppError;
use crate::metering::names::did_you_mean;
use crate::metering::{Explanation, parse_timestamp, rfc3339};

/// One check and its outcome.
#[derive(Debug, Clone)]
pub struct Check {
    pub label: &'static str,
    pub held: bool,
    pub detail: String,
}

#[derive(Debug, Clone)]
pub struct BenchResult {
    /// Where the event came from ("stored event e-42" / "pasted event").
    pub source: String,
    pub event_name: String,
    pub customer_id: String,
    pub timestamp: Option<DateTime<Utc>>,
    pub metadata: Map<String, Value>,
    pub checks: Vec<Check>,
    /// The filter, condition by condition (None when the meter has no filter).
    pub filter: Option<Explanation>,
    pub counted: bool,
}

/// The event to test: a stored one by id, or pasted JSON.
pub enum Subject {
    Stored(String),
    Pasted(String),
}

struct Event {
    event_name: String,
    customer_id: String,
    timestamp: Option<DateTime<Utc>>,
    metadata: Map<String, Value>,
}

fn from_json(text: &str) -> Result<Event, String> {
    let v: Value = serde_json::from_str(text).map_err(|e| json_problem(text, &e))?;
    let obj = v.as_object().ok_or("Paste one event object, e.g. {\"event_name\": \"api.call\", \"customer_id\": \"cus_1\", \"metadata\": {\"region\": \"eu\"}}.")?;
    let text_of = |k: &str| obj.get(k).and_then(Value::as_str).map(str::to_string);
    let metadata = match obj.get("metadata") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => return Err("metadata must be an object of keys and values.".into()),
    };
    let timestamp = match obj.get("timestamp") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(parse_timestamp(s).map_err(|m| format!("timestamp: {m}"))?),
        Some(Value::Number(n)) => {
            Some(parse_timestamp(&n.to_string()).map_err(|m| format!("timestamp: {m}"))?)
        }
        Some(_) => return Err("timestamp must be a string such as 2024-09-23T16:22:25Z.".into()),
    };
    Ok(Event {
        event_name: text_of("event_name").ok_or("The event needs an event_name.")?,
        customer_id: text_of("customer_id").unwrap_or_default(),
        timestamp,
        metadata,
    })
}

/// What is wrong with pasted JSON, in an operator's words: where (line and column, and the
/// text there) and what a parser's terse message means (`EOF while parsing an object` → a
/// closing `}` is missing).
fn json_problem(text: &str, e: &serde_json::Error) -> String {
    let raw = e.to_string();
    let what = raw.split(" at line ").next().unwrap_or(&raw);
    let meaning = match what {
        "EOF while parsing an object" => "the text ends before the event is closed: a closing } is missing".to_owned(),
        "EOF while parsing a list" => "the text ends inside a list: a closing ] is missing".to_owned(),
        "EOF while parsing a string" => "the text ends inside quoted text: a closing \" is missing".to_owned(),
        "EOF while parsing a value" => "the text ends where a value was expected".to_owned(),
        "expected `,` or `}`" => "a comma or a closing } is expected here — is a comma missing between two entries?".to_owned(),
        "expected `,` or `]`" => "a comma or a closing ] is expected here — is a comma missing between two items?".to_owned(),
        "expected `:`" => "a colon is expected between a key and its value, as in \"region\": \"eu\"".to_owned(),
        "key must be a string" => "keys are written in double quotes, as in \"region\"".to_owned(),
        "trailing comma" => "remove the comma before the closing bracket".to_owned(),
        "trailing characters" => "there is more text after the event: paste one event object".to_owned(),
        "expected value" | "expected ident" => {
            "a value is expected here: text in double quotes (not single quotes), a number, true, false or null".to_owned()
        }
        w if w.starts_with("control character") => {
            "quoted text holds a line break or a tab: write it as \\n or \\t".to_owned()
        }
        w if w.starts_with("invalid escape") => "a backslash in quoted text starts an unknown escape: write \\\\ for a backslash".to_owned(),
        w if w.starts_with("invalid number") || w.starts_with("number out of range") => {
            "this number is not written as JSON writes numbers (digits, one decimal point)".to_owned()
        }
        w => format!("the text is not valid JSON here ({w})"),
    };
    let (line, column) = (e.line(), e.column());
    if line == 0 {
        return format!("This is not JSON yet: {meaning}.");
    }
    let near: String = text
        .lines()
        .nth(line - 1)
        .map(|l| {
            let chars: Vec<char> = l.chars().collect();
            let end = column.min(chars.len());
            let start = end.saturating_sub(30);
            chars[start..end].iter().collect()
        })
        .unwrap_or_default();
    let near = if near.trim().is_empty() {
        String::new()
    } else {
        format!(", just after “{}”", near.trim_start())
    };
    format!("This is not JSON yet — line {line}, column {column}{near}: {meaning}.")
}

pub fn run(
    conn: &mut Conn,
    meter: &Meter,
    subject: &Subject,
    period: (DateTime<Utc>, DateTime<Utc>),
) -> Result<BenchResult, String> {
    let (source, ev) = match subject {
        Subject::Stored(id) => {
            let id = id.trim();
            let row = super::repo::stored_event(conn, id).map_err(|e| AppError::from(e).public_message())?;
            let (name, customer, ts, md) =
                row.ok_or_else(|| format!("No stored event has the id {id:?}."))?;
            (
                format!("stored event {id}"),
                Event {
                    event_name: name,
                    customer_id: customer,
                    timestamp: Some(ts),
                    metadata: md.as_object().cloned().unwrap_or_default(),
                },
            )
        }
        Subject::Pasted(text) => ("pasted event".to_string(), from_json(text)?),
    };
    let mut checks = Vec::new();

    let name_ok = ev.event_name == meter.row.event_name;
    let name_detail = if name_ok {
        format!("{:?} is this meter's event name", ev.event_name)
    } else {
        let hint = did_you_mean(&ev.event_name, std::slice::from_ref(&meter.row.event_name))
            .map(|_| " — they differ only in case or punctuation; event names are matched exactly")
            .unwrap_or("");
        format!("{:?} is not {:?}{hint}", ev.event_name, meter.row.event_name)
    };
    checks.push(Check {
        label: "Event name",
        held: name_ok,
        detail: name_detail,
    });

    let active = meter.is_active();
    checks.push(Check {
        label: "Meter status",
        held: active,
        detail: if active {
            "active".into()
        } else {
            "archived: it takes no new events".into()
        },
    });

    let filter = meter.filter.as_ref().map(|f| f.explain(&ev.metadata));
    let filter_ok = filter.as_ref().is_none_or(|e| e.matched);
    checks.push(Check {
        label: "Filter",
        held: filter_ok,
        detail: match (&filter, filter_ok) {
            (None, _) => "no filter: every event with this name counts".into(),
            (Some(_), true) => "the conditions hold (see below)".into(),
            (Some(_), false) => "the conditions do not hold (see below)".into(),
        },
    });

    let value = meter.aggregation.read_value(&ev.metadata);
    checks.push(Check {
        label: "Property",
        held: value.is_ok(),
        detail: match (&value, meter.aggregation.key()) {
            (Ok(None), _) => "count: the event itself is the unit".into(),
            (Ok(Some(v)), Some(k)) => format!("{k} = {v}"),
            (Ok(Some(v)), None) => v.to_string(),
            (Err(e), _) => e.to_string(),
        },
    });

    let customer_ok = if ev.customer_id.is_empty() {
        false
    } else {
        crate::customers::repo::find(conn, &ev.customer_id)
            .map_err(|e| AppError::from(e).public_message())?
            .is_some()
    };
    checks.push(Check {
        label: "Customer",
        held: customer_ok,
        detail: if ev.customer_id.is_empty() {
            "no customer_id".into()
        } else if customer_ok {
            format!("{} exists", ev.customer_id)
        } else {
            format!(
                "{:?} is not a known customer: events for it are refused",
                ev.customer_id
            )
        },
    });

    let in_period = ev.timestamp.is_none_or(|t| t >= period.0 && t < period.1);
    checks.push(Check {
        label: "Period",
        held: in_period,
        detail: match ev.timestamp {
            None => "no timestamp: it would be stamped with the time of receipt".into(),
            Some(t) if in_period => format!("{} is in this month's figures", rfc3339(t)),
            Some(t) => format!(
                "{} is outside this month ({} to {}): it counts in its own period, not in this month's figures",
                rfc3339(t),
                rfc3339(period.0),
                rfc3339(period.1)
            ),
        },
    });

    // The period decides which figures an event lands in, not whether it counts.
    let counted = name_ok && active && filter_ok && value.is_ok() && customer_ok;
    Ok(BenchResult {
        source,
        event_name: ev.event_name,
        customer_id: ev.customer_id,
        timestamp: ev.timestamp,
        metadata: ev.metadata,
        checks,
        filter,
        counted,
    })
}

#[cfg(test)]
mod json_problem_tests {
    use super::json_problem;

    fn problem(text: &str) -> String {
        json_problem(
            text,
            &serde_json::from_str::<serde_json::Value>(text).unwrap_err(),
        )
    }

    #[test]
    fn parser_messages_become_operator_words_with_the_place() {
        let cut = r#"{"event_name": "api.call", "customer_id": "c1", "metadata": {"region": "eu"}"#;
        let p = problem(cut);
        assert!(p.starts_with("This is not JSON yet — line 1, column "), "{p}");
        assert!(p.contains("a closing } is missing"), "{p}");
        assert!(!p.contains("EOF"), "{p}");
        let p = problem("{\n  'event_name': 1\n}");
        assert!(p.contains("line 2, column 3"), "{p}");
        assert!(p.contains("double quotes"), "{p}");
        let p = problem("{\"a\": 1 \"b\": 2}");
        assert!(p.contains("is a comma missing"), "{p}");
    }
}
