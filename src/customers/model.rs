//! Customers: the accounts usage is billed to.

use chrono::{DateTime, Utc};
use diesel::prelude::*;
use serde::{Deserialize, Serialize};
use serde_json::{Map, Value};

use crate::auth::model::Email;
use crate::db::schema::customers;
use crate::ids::CustomerId;
use crate::paging::Cursor;
use crate::validation::{FieldErrors, optional_text, required_text};

#[derive(Debug, Clone, Queryable, Selectable, Serialize)]
#[diesel(table_name = customers)]
pub struct Customer {
    pub id: String,
    pub email: String,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
    /// Flat: strings, numbers and booleans (the rules of event metadata).
    pub metadata: Value,
    pub phone_number: Option<String>,
    /// One of [`LOCALES`].
    pub preferred_locale: Option<String>,
}

impl Customer {
    pub fn cursor(&self) -> Cursor {
        Cursor {
            created_at: self.created_at,
            id: self.id.clone(),
        }
    }
}

/// What an operator or the API sends: raw, as typed. `id` is ignored on update; the profile
/// fields (metadata, phone number, preferred locale) come from the API only.
#[derive(Debug, Clone, Default, Deserialize)]
pub struct CustomerInput {
    #[serde(default)]
    pub id: Option<String>,
    #[serde(default)]
    pub email: String,
    #[serde(default)]
    pub name: String,
    #[serde(skip)]
    pub profile: ProfileInput,
}

/// A customer's profile as sent: each field absent, null (cleared) or a value.
#[derive(Debug, Clone, Default)]
pub struct ProfileInput {
    pub metadata: Option<Value>,
    pub phone_number: Option<Value>,
    pub preferred_locale: Option<Value>,
}

/// A customer's profile, validated.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Profile {
    pub metadata: Map<String, Value>,
    pub phone_number: Option<String>,
    pub preferred_locale: Option<String>,
}

/// The locales a customer may prefer: Dodo Payments' list, so that its SDK reads every one.
pub const LOCALES: [&str; 22] = [
    "ar", "ca", "zh", "nl", "en", "fr", "de", "he", "id", "it", "ja", "ka", "ko", "ms", "pl", "pt", "ro",
    "ru", "es", "sv", "th", "tr",
];

/// Longest phone number, in characters.
pub const MAX_PHONE_CHARS: usize = 50;

impl Profile {
    /// The stored profile.
    pub fn of(c: &Customer) -> Profile {
        Profile {
            metadata: c.metadata.as_object().cloned().unwrap_or_default(),
            phone_number: c.phone_number.clone(),
            preferred_locale: c.preferred_locale.clone(),
        }
    }

    /// This profile with the fields `input` sends replaced (null clears them); errors name
    /// the field.
    pub fn apply(mut self, input: &ProfileInput, errors: &mut FieldErrors) -> Profile {
        match &input.metadata {
            None => {}
            Some(Value::Null) => self.metadata = Map::new(),
            Some(Value::Object(m)) => match crate::metering::metadata::check(m.clone()) {
                Ok(m) => self.metadata = m,
                Err(message) => errors.add("metadata", message),
            },
            Some(_) => errors.add(
                "metadata",
                "metadata is an object of strings, numbers and booleans, e.g. {\"plan\": \"pro\"}",
            ),
        }
        match &input.phone_number {
            None => {}
            Some(Value::Null) => self.phone_number = None,
            Some(Value::String(p)) => {
                let p = optional_text(errors, "phone_number", p, MAX_PHONE_CHARS);
                self.phone_number = (!p.is_empty()).then_some(p);
            }
            Some(_) => errors.add("phone_number", "phone_number is a string, e.g. \"+14155550100\""),
        }
        match &input.preferred_locale {
            None => {}
            Some(Value::Null) => self.preferred_locale = None,
            Some(Value::String(l)) if LOCALES.contains(&l.as_str()) => {
                self.preferred_locale = Some(l.clone())
            }
            Some(other) => errors.add(
                "preferred_locale",
                format!(
                    "{other} is not a locale customers can prefer; use one of {}, or null",
                    LOCALES.join(", ")
                ),
            ),
        }
        self
    }
}

/// A customer that passed validation.
#[derive(Debug, Clone)]
pub struct ValidCustomer {
    pub id: CustomerId,
    pub email: String,
    pub name: String,
    pub profile: Profile,
}

impl CustomerInput {
    /// Checks every field; an empty id means "generate one".
    pub fn validate(&self) -> Result<ValidCustomer, FieldErrors> {
        let mut errors = FieldErrors::new();
        let id = match self.id.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            Some(raw) => CustomerId::parse(raw).unwrap_or_else(|m| {
                errors.add("id", m);
                CustomerId::generate()
            }),
            None => CustomerId::generate(),
        };
        let email = check_email(&mut errors, &self.email);
        let name = required_text(&mut errors, "name", &self.name, "the customer's name", 200);
        let profile = Profile::default().apply(&self.profile, &mut errors);
        errors.into_result(ValidCustomer {
            id,
            email,
            name,
            profile,
        })
    }
}

fn check_email(errors: &mut FieldErrors, raw: &str) -> String {
    match Email::parse(raw) {
        Ok(e) => e.as_str().to_string(),
        Err(m) => {
            errors.add("email", m);
            String::new()
        }
    }
}

/// An API PATCH: only the fields sent change; `null` clears the profile fields.
#[derive(Debug, Clone, Default)]
pub struct CustomerPatch {
    pub email: Option<String>,
    pub name: Option<String>,
    pub profile: ProfileInput,
}

/// A customer's fields after a PATCH, validated.
#[derive(Debug, Clone)]
pub struct PatchedCustomer {
    pub email: String,
    pub name: String,
    pub profile: Profile,
}

impl CustomerPatch {
    /// The customer's fields with this patch applied; errors name the field.
    pub fn apply(&self, current: &Customer) -> Result<PatchedCustomer, FieldErrors> {
        let mut errors = FieldErrors::new();
        let email = match &self.email {
            Some(e) => check_email(&mut errors, e),
            None => current.email.clone(),
        };
        let name = match &self.name {
            Some(n) => required_text(&mut errors, "name", n, "the customer's name", 200),
            None => current.name.clone(),
        };
        let profile = Profile::of(current).apply(&self.profile, &mut errors);
        errors.into_result(PatchedCustomer { email, name, profile })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn validation_names_each_bad_field() {
        let input = CustomerInput {
            id: Some("has space".into()),
            email: "nope".into(),
            name: " ".into(),
            ..Default::default()
        };
        let errors = input.validate().err().unwrap_or_default();
        assert!(errors.has("id") && errors.has("email") && errors.has("name"));
    }

    #[test]
    fn an_empty_id_is_generated() {
        let input = CustomerInput {
            id: Some("".into()),
            email: "a@b.co".into(),
            name: "Acme".into(),
            ..Default::default()
        };
        let c = input.validate().ok();
        assert!(c.is_some_and(|c| c.id.as_str().starts_with("cus_")));
    }

    fn customer() -> Customer {
        Customer {
            id: "c".into(),
            email: "a@b.co".into(),
            name: "Acme".into(),
            created_at: Utc::now(),
            updated_at: Utc::now(),
            metadata: serde_json::json!({"plan": "pro", "seats": 3}),
            phone_number: Some("+1 555".into()),
            preferred_locale: Some("fr".into()),
        }
    }

    #[test]
    fn a_patch_changes_what_it_sends_and_null_clears_the_profile() {
        use serde_json::json;
        let patch = CustomerPatch {
            name: Some("Acme Ltd".into()),
            profile: ProfileInput {
                metadata: Some(json!({"plan": "team"})),
                phone_number: Some(Value::Null),
                preferred_locale: None,
            },
            ..Default::default()
        };
        let p = patch.apply(&customer()).unwrap();
        assert_eq!((p.email.as_str(), p.name.as_str()), ("a@b.co", "Acme Ltd"));
        assert_eq!(Value::Object(p.profile.metadata), json!({"plan": "team"}));
        assert_eq!(p.profile.phone_number, None);
        assert_eq!(p.profile.preferred_locale.as_deref(), Some("fr"));
    }

    #[test]
    fn profile_fields_are_checked_and_named() {
        use serde_json::json;
        let patch = CustomerPatch {
            profile: ProfileInput {
                metadata: Some(json!({"nested": {"a": 1}})),
                phone_number: Some(json!(5)),
                preferred_locale: Some(json!("hi")),
            },
            ..Default::default()
        };
        let e = patch.apply(&customer()).err().unwrap_or_default();
        assert!(e.get("metadata").is_some_and(|m| m.contains("nested")), "{e:?}");
        assert!(e.has("phone_number") && e.has("preferred_locale"), "{e:?}");
    }
}
