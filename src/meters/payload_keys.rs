//! Where a meter finds the customer and the value in an event's payload, as Stripe's meter
//! events name them (`customer_mapping.event_payload_key`, `value_settings.event_payload_key`).
//! Meterdesk's own events carry the customer in `customer_id` and the value under the meter's
//! aggregation key; Stripe's carry both in `payload`, under keys each meter names.

use diesel::prelude::*;

use crate::db::schema::meters;
use crate::metering::AggregationKind;
use crate::meters::model::Meter;

/// Stripe's default customer key.
pub const DEFAULT_CUSTOMER_KEY: &str = "stripe_customer_id";
/// Stripe's default value key.
pub const DEFAULT_VALUE_KEY: &str = "value";
/// The longest key, in characters (as metadata keys).
pub const MAX_KEY_CHARS: usize = crate::metering::metadata::MAX_KEY_CHARS;

/// The payload keys of one meter, as stored.
#[derive(Debug, Clone, PartialEq, Eq, Queryable, Selectable)]
#[diesel(table_name = meters)]
pub struct PayloadKeys {
    pub id: String,
    /// The payload key that names the customer.
    pub customer_key: String,
    /// For a count meter (which reads no value): the value key a Stripe client gave, kept to
    /// be shown back. None: the default. Meters that read a value use their aggregation key.
    pub value_key: Option<String>,
}

impl PayloadKeys {
    /// The value key Stripe shows for `meter`: its aggregation key, or for a count meter the
    /// key given at creation (default `value`).
    pub fn value_key_of(&self, meter: &Meter) -> String {
        match meter.aggregation.key() {
            Some(k) if meter.aggregation.kind() != AggregationKind::Count => k.to_string(),
            _ => self
                .value_key
                .clone()
                .unwrap_or_else(|| DEFAULT_VALUE_KEY.to_string()),
        }
    }
}

/// Checks a payload key: 1 to [`MAX_KEY_CHARS`] characters, no control characters, no
/// surrounding spaces (keys are matched exactly).
pub fn check_key(raw: &str) -> Result<String, String> {
    if raw.is_empty() {
        return Err("Give a payload key, e.g. stripe_customer_id.".into());
    }
    if raw.trim() != raw {
        return Err("Payload keys are matched exactly: remove the spaces at the start or end.".into());
    }
    if raw.chars().count() > MAX_KEY_CHARS {
        return Err(format!("A payload key has at most {MAX_KEY_CHARS} characters."));
    }
    crate::text::identifier(raw).map_err(|e| e.for_field("the payload key"))?;
    Ok(raw.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_are_checked() {
        assert_eq!(check_key("user").as_deref(), Ok("user"));
        assert!(check_key("").is_err());
        assert!(check_key(" user").is_err());
        assert!(check_key(&"k".repeat(101)).is_err());
        assert!(check_key("a\tb").is_err());
    }
}
