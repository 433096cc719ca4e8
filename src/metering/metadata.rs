//! The rules for metadata (an event's, and a customer's): a flat object of strings, numbers
//! and booleans, bounded, numbers rewritten to their canonical text so that the Rust evaluator
//! and the SQL filters read them alike.

use serde_json::{Map, Value};

use super::numeric::canonicalize;

pub const MAX_METADATA_KEYS: usize = 50;
pub const MAX_KEY_CHARS: usize = 100;
pub const MAX_STRING_VALUE_CHARS: usize = 500;

/// The metadata as it is stored, or why it cannot be (naming the key). Checked in place: a
/// number whose text is not canonical is rewritten, nothing else changes (rebuilding the map
/// and re-reading every number cost 2 % of the server's samples in B6's closed loop).
pub fn check(mut metadata: Map<String, Value>) -> Result<Map<String, Value>, String> {
    if metadata.len() > MAX_METADATA_KEYS {
        return Err(format!(
            "metadata has {} keys; at most {MAX_METADATA_KEYS}",
            metadata.len()
        ));
    }
    for (key, value) in metadata.iter_mut() {
        if key.is_empty() || key.chars().count() > MAX_KEY_CHARS {
            return Err(format!(
                "metadata keys are 1 to {MAX_KEY_CHARS} characters ({key:?})"
            ));
        }
        match value {
            Value::String(s) if s.chars().count() > MAX_STRING_VALUE_CHARS => {
                return Err(format!(
                    "metadata.{key} has {} characters; at most {MAX_STRING_VALUE_CHARS}",
                    s.chars().count()
                ));
            }
            Value::String(_) | Value::Bool(_) => {}
            Value::Number(n) => {
                if !canonicalize(n) {
                    return Err(format!(
                        "metadata.{key} = {n} has too many digits (at most 16 before and 12 after the point)"
                    ));
                }
            }
            Value::Null => return Err(format!("metadata.{key} is null; leave the key out instead")),
            Value::Array(_) | Value::Object(_) => {
                return Err(format!(
                    "metadata.{key} is nested; metadata is flat: strings, numbers and booleans only"
                ));
            }
        }
    }
    Ok(metadata)
}
