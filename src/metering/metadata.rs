//! The rules for metadata (an event's, and a customer's): a flat object of strings, numbers
//! and booleans, bounded, numbers rewritten to their canonical text so that the Rust evaluator
//! and the SQL filters read them alike.

use serde_json::{Map, Value};

use super::canonical_number;

pub const MAX_METADATA_KEYS: usize = 50;
pub const MAX_KEY_CHARS: usize = 100;
pub const MAX_STRING_VALUE_CHARS: usize = 500;

/// The metadata as it is stored, or why it cannot be (naming the key).
pub fn check(metadata: Map<String, Value>) -> Result<Map<String, Value>, String> {
    if metadata.len() > MAX_METADATA_KEYS {
        return Err(format!(
            "metadata has {} keys; at most {MAX_METADATA_KEYS}",
            metadata.len()
        ));
    }
    let mut out = Map::with_capacity(metadata.len());
    for (key, value) in metadata {
        if key.is_empty() || key.chars().count() > MAX_KEY_CHARS {
            return Err(format!(
                "metadata keys are 1 to {MAX_KEY_CHARS} characters ({key:?})"
            ));
        }
        let value = match value {
            Value::String(s) if s.chars().count() > MAX_STRING_VALUE_CHARS => {
                return Err(format!(
                    "metadata.{key} has {} characters; at most {MAX_STRING_VALUE_CHARS}",
                    s.chars().count()
                ));
            }
            Value::String(s) => Value::String(s),
            Value::Bool(b) => Value::Bool(b),
            Value::Number(n) => match canonical_number(&n) {
                Some(c) => Value::Number(c),
                None => {
                    return Err(format!(
                        "metadata.{key} = {n} has too many digits (at most 16 before and 12 after the point)"
                    ));
                }
            },
            Value::Null => return Err(format!("metadata.{key} is null; leave the key out instead")),
            Value::Array(_) | Value::Object(_) => {
                return Err(format!(
                    "metadata.{key} is nested; metadata is flat: strings, numbers and booleans only"
                ));
            }
        };
        out.insert(key, value);
    }
    Ok(out)
}
