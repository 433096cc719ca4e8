//! The header row: which column is which, or why the file is refused.
//!
//! Columns, in any order: `timestamp`, `event_name`, the customer column (`payload_customer_id`,
//! or Stripe's `payload_stripe_customer_id`, exactly one), `payload_<key>` for a meter that reads
//! property `<key>`; optionally `identifier`, `error` (ignored: an error file uploads again as it
//! is) and any other `payload_<key>` (metadata). Anything else refuses the file: an unknown or
//! unnamed column, a column twice, `payload_` with no key, a key over 100 characters, a name
//! holding a control character (NUL, tab, line break…: [`crate::text`]'s rule for keys), and a near
//! miss of a known name (`Timestamp`, `payload_Customer_id`, `payload_customer-id`), which would
//! otherwise load quietly as metadata or leave a column missing.

use std::collections::HashSet;

use csv::{Terminator, WriterBuilder};

use super::{MAX_KEY_CHARS, UploadSpec};

pub(super) const TIMESTAMP: &str = "timestamp";
pub(super) const EVENT_NAME: &str = "event_name";
pub(super) const CUSTOMER: &str = "payload_customer_id";
pub(super) const STRIPE_CUSTOMER: &str = "payload_stripe_customer_id";
pub(super) const IDENTIFIER: &str = "identifier";
pub(super) const ERROR: &str = "error";
pub(super) const PAYLOAD: &str = "payload_";

/// Unknown columns named in a message, at most.
const LISTED: usize = 5;

/// Where each column of an accepted header is (0-based cell positions).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Columns {
    pub timestamp: usize,
    pub event_name: usize,
    pub customer: usize,
    /// The customer column's name as the file spells it: [`CUSTOMER`] or [`STRIPE_CUSTOMER`].
    pub customer_name: &'static str,
    /// The meter's property column (`payload_<key>`); `None` for a count meter.
    pub value: Option<usize>,
    pub identifier: Option<usize>,
    /// An `error` column (from an error file), ignored when reading.
    pub error: Option<usize>,
    /// Every `payload_<key>` column but the customer's, with its `<key>`; the value column too.
    pub metadata: Vec<(usize, String)>,
}

/// The template's header for this meter: `timestamp,event_name,payload_customer_id` and, for a
/// meter that reads property `K`, `payload_K`.
pub fn expected_header(spec: &UploadSpec) -> String {
    let value = value_column(spec);
    let mut names = vec![TIMESTAMP, EVENT_NAME, CUSTOMER];
    names.extend(value.as_deref());
    csv_line(&names)
}

/// One CSV line (quoted as needed, no line end, no guard), for messages.
fn csv_line(cells: &[&str]) -> String {
    let mut w = WriterBuilder::new()
        .terminator(Terminator::Any(b'\n'))
        .from_writer(Vec::new());
    let bytes = match w.write_record(cells) {
        Ok(()) => w.into_inner().unwrap_or_default(),
        Err(_) => Vec::new(),
    };
    let line = String::from_utf8(bytes).unwrap_or_else(|_| cells.join(","));
    line.trim_end_matches('\n').to_owned()
}

/// `payload_<key>` for a meter that reads a property, trimmed as header names are.
pub(super) fn value_column(spec: &UploadSpec) -> Option<String> {
    spec.aggregation
        .key()
        .map(|key| format!("{PAYLOAD}{key}").trim().to_owned())
}

/// Lowercase letters and digits only: names that fold alike are near misses of each other.
pub(super) fn fold(name: &str) -> String {
    name.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// Shows a found name in a message: quoted, cut when long.
fn shown(name: &str) -> String {
    const MAX: usize = 60;
    if name.chars().count() > MAX {
        let cut: String = name.chars().take(MAX).collect();
        format!("\"{cut}…\"")
    } else {
        format!("\"{name}\"")
    }
}

fn list(names: &[String]) -> String {
    let mut out = names.iter().take(LISTED).cloned().collect::<Vec<_>>().join(", ");
    if names.len() > LISTED {
        out.push_str(&format!(" and {} more", names.len() - LISTED));
    }
    out
}

/// Resolves `names` (already trimmed) for `spec`; the error is the whole message shown.
pub(super) fn resolve(names: &[String], spec: &UploadSpec) -> Result<Columns, String> {
    if let [only] = names {
        if let Some(sep) = [";", "\t", "|"].into_iter().find(|sep| only.contains(sep)) {
            let sep = if sep == "\t" {
                "tabs"
            } else {
                &format!("\"{sep}\"")
            };
            return Err(refusal(
                &format!(
                    "The columns are separated by {sep}, not commas. Save the file as CSV with commas \
                     (in Excel: CSV UTF-8 (Comma delimited))."
                ),
                spec,
            ));
        }
    }
    let value_name = value_column(spec);
    let value_key = spec.aggregation.key();
    let known: Vec<&str> = [
        TIMESTAMP,
        EVENT_NAME,
        CUSTOMER,
        STRIPE_CUSTOMER,
        IDENTIFIER,
        ERROR,
    ]
    .into_iter()
    .chain(value_name.as_deref())
    .collect();

    let mut timestamp = None;
    let mut event_name = None;
    let mut customers: Vec<(usize, &'static str)> = Vec::new();
    let mut value = None;
    let mut identifier = None;
    let mut error = None;
    let mut metadata = Vec::new();

    let mut problems: Vec<String> = Vec::new();
    let mut unknown: Vec<String> = Vec::new();
    let mut recognised = 0usize;
    let mut seen: HashSet<&str> = HashSet::new();
    let mut repeated: Vec<String> = Vec::new();

    for (i, name) in names.iter().enumerate() {
        let name = name.as_str();
        if name.is_empty() {
            problems.push(format!("Column {} has no name.", i + 1));
            continue;
        }
        if let Err(e) = crate::text::identifier(name) {
            let name = crate::text::printable(name);
            problems.push(format!("Column {} {}.", shown(&name), e.message()));
            continue;
        }
        if !seen.insert(name) {
            if !repeated.iter().any(|r| r == name) {
                repeated.push(name.to_owned());
            }
            continue;
        }
        let matched = match name {
            TIMESTAMP => {
                timestamp = Some(i);
                true
            }
            EVENT_NAME => {
                event_name = Some(i);
                true
            }
            IDENTIFIER => {
                identifier = Some(i);
                true
            }
            ERROR => {
                error = Some(i);
                true
            }
            CUSTOMER | STRIPE_CUSTOMER => {
                customers.push((
                    i,
                    if name == CUSTOMER {
                        CUSTOMER
                    } else {
                        STRIPE_CUSTOMER
                    },
                ));
                if Some(name) == value_name.as_deref() {
                    // A meter that reads the customer property: the column is both.
                    value = Some(i);
                    metadata.push((i, value_key.unwrap_or_default().to_owned()));
                }
                true
            }
            _ => false,
        };
        if matched {
            recognised += 1;
            continue;
        }
        let (folded, folded_as_payload) = (fold(name), fold(&format!("{PAYLOAD}{name}")));
        // Not the exact name: the exact value column reaches this point as metadata.
        let near = known.iter().find(|k| {
            **k != name && {
                let k = fold(k);
                k == folded || k == folded_as_payload
            }
        });
        if let Some(k) = near {
            problems.push(format!("Column {} should be {k}.", shown(name)));
            continue;
        }
        let Some(key) = name.strip_prefix(PAYLOAD) else {
            unknown.push(shown(name));
            continue;
        };
        recognised += 1;
        if key.is_empty() {
            problems.push(format!(
                "Column \"{PAYLOAD}\" has no property name after {PAYLOAD}."
            ));
            continue;
        }
        let chars = key.chars().count();
        if chars > MAX_KEY_CHARS {
            problems.push(format!(
                "Column {} names a property of {chars} characters; at most {MAX_KEY_CHARS}.",
                shown(name)
            ));
            continue;
        }
        if Some(name) == value_name.as_deref() {
            value = Some(i);
            // The meter reads its key exactly (a key with outer spaces still matches its trimmed
            // column name).
            metadata.push((i, value_key.unwrap_or(key).to_owned()));
        } else {
            metadata.push((i, key.to_owned()));
        }
    }

    if !unknown.is_empty() {
        let s = if unknown.len() == 1 { "" } else { "s" };
        problems.push(format!("Unknown column{s} {}.", list(&unknown)));
    }
    if !repeated.is_empty() {
        let shown: Vec<String> = repeated.iter().map(|r| shown(r)).collect();
        let (s, verb) = if shown.len() == 1 {
            ("", "appears")
        } else {
            ("s", "appear")
        };
        problems.push(format!("Column{s} {} {verb} more than once.", list(&shown)));
    }
    if customers.len() > 1 {
        problems.push(format!(
            "Use one customer column, {CUSTOMER} or {STRIPE_CUSTOMER}, not both."
        ));
    }
    let mut missing: Vec<String> = Vec::new();
    if timestamp.is_none() {
        missing.push(TIMESTAMP.into());
    }
    if event_name.is_none() {
        missing.push(EVENT_NAME.into());
    }
    if customers.is_empty() {
        missing.push(CUSTOMER.into());
    }
    if let (Some(v), None) = (&value_name, value) {
        missing.push(v.clone());
    }
    if !missing.is_empty() {
        let s = if missing.len() == 1 { "" } else { "s" };
        problems.push(format!("Missing column{s} {}.", missing.join(", ")));
    }

    match (timestamp, event_name, customers.as_slice()) {
        (Some(timestamp), Some(event_name), [(customer, customer_name)]) if problems.is_empty() => {
            Ok(Columns {
                timestamp,
                event_name,
                customer: *customer,
                customer_name,
                value,
                identifier,
                error,
                metadata,
            })
        }
        _ => {
            let first = if recognised == 0 {
                "The first line must be the header. "
            } else {
                ""
            };
            Err(refusal(&format!("{first}{}", problems.join(" ")), spec))
        }
    }
}

/// The whole message: the problems, then the expected header.
fn refusal(problems: &str, spec: &UploadSpec) -> String {
    format!(
        "{problems} Expected header: {} (Stripe's {STRIPE_CUSTOMER} works too; {IDENTIFIER} and other \
         {PAYLOAD}… columns are optional).",
        expected_header(spec)
    )
}
