//! The filter test bench: take a stored event (or one pasted as JSON) and say, check by
//! check, whether this meter counts it — and why not: the event name (case!), the filter
//! condition by condition, the property's value, the customer, the period.

use chrono::{DateTime, Utc};
use serde_json::{Map, Value};

use super::bench_json::JsonProblem;
use super::model::Meter;
use crate::db::Conn;
use crate::error::AppError;
use crate::metering::names::did_you_mean;
use crate::metering::{Explanation, TimestampError, ValueError, read_timestamp, rfc3339};

/// What a check looks at.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum CheckKind {
    EventName,
    Status,
    Filter,
    Property,
    Customer,
    Period,
}

impl CheckKind {
    /// Its label in English.
    pub fn label(self) -> &'static str {
        match self {
            CheckKind::EventName => "Event name",
            CheckKind::Status => "Meter status",
            CheckKind::Filter => "Filter",
            CheckKind::Property => "Property",
            CheckKind::Customer => "Customer",
            CheckKind::Period => "Period",
        }
    }
}

/// What a check found, as data (the portal words it; `to_string` is English).
#[derive(Debug, Clone, PartialEq)]
pub enum Detail {
    NameMatches {
        name: String,
    },
    /// `case_only`: they differ only in case or punctuation.
    NameDiffers {
        name: String,
        expected: String,
        case_only: bool,
    },
    Active,
    Archived,
    NoFilter,
    FilterHolds,
    FilterFails,
    /// A count meter: the event itself is the unit.
    CountUnit,
    /// The value read (`key` is None when the aggregation reads none).
    Value {
        key: Option<String>,
        value: String,
    },
    NoValue(ValueError),
    NoCustomer,
    CustomerExists {
        id: String,
    },
    CustomerUnknown {
        id: String,
    },
    NoTimestamp,
    InPeriod {
        time: DateTime<Utc>,
    },
    OutOfPeriod {
        time: DateTime<Utc>,
        start: DateTime<Utc>,
        end: DateTime<Utc>,
    },
}

impl std::fmt::Display for Detail {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Detail::NameMatches { name } => write!(f, "{name:?} is this meter's event name"),
            Detail::NameDiffers {
                name,
                expected,
                case_only,
            } => {
                let hint = if *case_only {
                    " — they differ only in case or punctuation; event names are matched exactly"
                } else {
                    ""
                };
                write!(f, "{name:?} is not {expected:?}{hint}")
            }
            Detail::Active => f.write_str("active"),
            Detail::Archived => f.write_str("archived: it takes no new events"),
            Detail::NoFilter => f.write_str("no filter: every event with this name counts"),
            Detail::FilterHolds => f.write_str("the conditions hold (see below)"),
            Detail::FilterFails => f.write_str("the conditions do not hold (see below)"),
            Detail::CountUnit => f.write_str("count: the event itself is the unit"),
            Detail::Value { key: Some(k), value } => write!(f, "{k} = {value}"),
            Detail::Value { key: None, value } => f.write_str(value),
            Detail::NoValue(e) => write!(f, "{e}"),
            Detail::NoCustomer => f.write_str("no customer_id"),
            Detail::CustomerExists { id } => write!(f, "{id} exists"),
            Detail::CustomerUnknown { id } => {
                write!(f, "{id:?} is not a known customer: events for it are refused")
            }
            Detail::NoTimestamp => f.write_str("no timestamp: it would be stamped with the time of receipt"),
            Detail::InPeriod { time } => write!(f, "{} is in this month's figures", rfc3339(*time)),
            Detail::OutOfPeriod { time, start, end } => write!(
                f,
                "{} is outside this month ({} to {}): it counts in its own period, not in this month's figures",
                rfc3339(*time),
                rfc3339(*start),
                rfc3339(*end)
            ),
        }
    }
}

/// One check and its outcome.
#[derive(Debug, Clone)]
pub struct Check {
    pub kind: CheckKind,
    pub held: bool,
    pub detail: Detail,
}

/// Where the event came from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Source {
    Stored(String),
    Pasted,
}

#[derive(Debug, Clone)]
pub struct BenchResult {
    pub source: Source,
    pub event_name: String,
    pub customer_id: String,
    pub timestamp: Option<DateTime<Utc>>,
    pub metadata: Map<String, Value>,
    pub checks: Vec<Check>,
    /// The filter, condition by condition (None when the meter has no filter).
    pub filter: Option<Explanation>,
    pub counted: bool,
}

/// Why the event could not be tested.
#[derive(Debug, Clone, PartialEq)]
pub enum BenchError {
    NotJson(JsonProblem),
    NotObject,
    MetadataNotObject,
    Timestamp(TimestampError),
    TimestampNotString,
    NoEventName,
    NoStoredEvent(String),
    /// A failure of the database, already in public words.
    Internal(String),
}

impl std::fmt::Display for BenchError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BenchError::NotJson(p) => write!(f, "{p}"),
            BenchError::NotObject => f.write_str(
                "Paste one event object, e.g. {\"event_name\": \"api.call\", \"customer_id\": \"cus_1\", \"metadata\": {\"region\": \"eu\"}}.",
            ),
            BenchError::MetadataNotObject => f.write_str("metadata must be an object of keys and values."),
            BenchError::Timestamp(e) => write!(f, "timestamp: {e}"),
            BenchError::TimestampNotString => {
                f.write_str("timestamp must be a string such as 2024-09-23T16:22:25Z.")
            }
            BenchError::NoEventName => f.write_str("The event needs an event_name."),
            BenchError::NoStoredEvent(id) => write!(f, "No stored event has the id {id:?}."),
            BenchError::Internal(m) => f.write_str(m),
        }
    }
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

fn from_json(text: &str) -> Result<Event, BenchError> {
    let v: Value = serde_json::from_str(text).map_err(|e| BenchError::NotJson(JsonProblem::new(text, &e)))?;
    let obj = v.as_object().ok_or(BenchError::NotObject)?;
    let text_of = |k: &str| obj.get(k).and_then(Value::as_str).map(str::to_string);
    let metadata = match obj.get("metadata") {
        None | Some(Value::Null) => Map::new(),
        Some(Value::Object(m)) => m.clone(),
        Some(_) => return Err(BenchError::MetadataNotObject),
    };
    let timestamp = match obj.get("timestamp") {
        None | Some(Value::Null) => None,
        Some(Value::String(s)) => Some(read_timestamp(s).map_err(BenchError::Timestamp)?),
        Some(Value::Number(n)) => Some(read_timestamp(&n.to_string()).map_err(BenchError::Timestamp)?),
        Some(_) => return Err(BenchError::TimestampNotString),
    };
    Ok(Event {
        event_name: text_of("event_name").ok_or(BenchError::NoEventName)?,
        customer_id: text_of("customer_id").unwrap_or_default(),
        timestamp,
        metadata,
    })
}

pub fn run(
    conn: &mut Conn,
    meter: &Meter,
    subject: &Subject,
    period: (DateTime<Utc>, DateTime<Utc>),
) -> Result<BenchResult, BenchError> {
    let (source, ev) = match subject {
        Subject::Stored(id) => {
            let id = id.trim();
            let row = super::repo::stored_event(conn, id)
                .map_err(|e| BenchError::Internal(AppError::from(e).public_message()))?;
            let (name, customer, ts, md) = row.ok_or_else(|| BenchError::NoStoredEvent(id.to_owned()))?;
            (
                Source::Stored(id.to_owned()),
                Event {
                    event_name: name,
                    customer_id: customer,
                    timestamp: Some(ts),
                    metadata: md.as_object().cloned().unwrap_or_default(),
                },
            )
        }
        Subject::Pasted(text) => (Source::Pasted, from_json(text)?),
    };
    let mut checks = Vec::new();

    let name_ok = ev.event_name == meter.row.event_name;
    checks.push(Check {
        kind: CheckKind::EventName,
        held: name_ok,
        detail: if name_ok {
            Detail::NameMatches {
                name: ev.event_name.clone(),
            }
        } else {
            Detail::NameDiffers {
                name: ev.event_name.clone(),
                expected: meter.row.event_name.clone(),
                case_only: did_you_mean(&ev.event_name, std::slice::from_ref(&meter.row.event_name))
                    .is_some(),
            }
        },
    });

    let active = meter.is_active();
    checks.push(Check {
        kind: CheckKind::Status,
        held: active,
        detail: if active { Detail::Active } else { Detail::Archived },
    });

    let filter = meter.filter.as_ref().map(|f| f.explain(&ev.metadata));
    let filter_ok = filter.as_ref().is_none_or(|e| e.matched);
    checks.push(Check {
        kind: CheckKind::Filter,
        held: filter_ok,
        detail: match (&filter, filter_ok) {
            (None, _) => Detail::NoFilter,
            (Some(_), true) => Detail::FilterHolds,
            (Some(_), false) => Detail::FilterFails,
        },
    });

    let value = meter.aggregation.read_value(&ev.metadata);
    checks.push(Check {
        kind: CheckKind::Property,
        held: value.is_ok(),
        detail: match &value {
            Ok(None) => Detail::CountUnit,
            Ok(Some(v)) => Detail::Value {
                key: meter.aggregation.key().map(str::to_owned),
                value: v.to_string(),
            },
            Err(e) => Detail::NoValue(e.clone()),
        },
    });

    let customer_ok = if ev.customer_id.is_empty() {
        false
    } else {
        crate::customers::repo::find(conn, &ev.customer_id)
            .map_err(|e| BenchError::Internal(AppError::from(e).public_message()))?
            .is_some()
    };
    let id = ev.customer_id.clone();
    checks.push(Check {
        kind: CheckKind::Customer,
        held: customer_ok,
        detail: match (id.is_empty(), customer_ok) {
            (true, _) => Detail::NoCustomer,
            (false, true) => Detail::CustomerExists { id },
            (false, false) => Detail::CustomerUnknown { id },
        },
    });

    let in_period = ev.timestamp.is_none_or(|t| t >= period.0 && t < period.1);
    checks.push(Check {
        kind: CheckKind::Period,
        held: in_period,
        detail: match ev.timestamp {
            None => Detail::NoTimestamp,
            Some(time) if in_period => Detail::InPeriod { time },
            Some(time) => Detail::OutOfPeriod {
                time,
                start: period.0,
                end: period.1,
            },
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
